"""Bad input and faults: odd output, a SIGKILLed wrapper, two launches at once, an event flood."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from launchkit import clean_env, dashboard, wait_for, wrapper_cmd

PY = sys.executable


def test_invalid_utf8_binary_and_megabyte_lines_stay_bounded(tmp_path: Path) -> None:
    child = (
        "import sys\n"
        "out = sys.stdout.buffer\n"
        "out.write(b'caf\\xe9 \\xff\\xfe broken utf8 ERROR: bad bytes\\n')\n"
        "out.write(bytes(range(256)) * 4 + b'\\n')\n"
        "out.write(b'x' * 3_000_000 + b'\\n')\n"
        "out.write(b'no newline at the end')\n"
    )
    done = subprocess.run(
        wrapper_cmd(PY, "-c", child), cwd=tmp_path, env=clean_env(), capture_output=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0
    assert len(done.stdout) > 3_000_000  # the terminal got every byte, untouched
    assert b"caf\xe9 \xff\xfe" in done.stdout
    data = dashboard(tmp_path)
    assert data is not None
    examples = [p["example"] for p in data["log_patterns"]]
    text = json.dumps(data)
    assert len(text) < 200_000, "a megabyte line must not reach the dashboard whole"
    assert any("broken utf8" in e for e in examples)
    assert any(e.startswith("<binary:") for e in examples)
    assert any(e.startswith("xxxx") and len(e) <= 4100 for e in examples)
    assert any("no newline at the end" in e for e in examples)


def test_sigkilled_wrapper_leaves_the_child_running_and_report_recovers(
    tmp_path: Path, spawn: Any
) -> None:
    started, done = tmp_path / "started", tmp_path / "done"
    child = (
        "import logging, pathlib, sys, time\n"
        "logging.basicConfig(level=logging.INFO)\n"
        "log = logging.getLogger('app.feed')\n"
        "for i in range(5):\n"
        "    log.warning('feed lag %d ms', i)\n"
        f"pathlib.Path({str(started)!r}).write_text('x')\n"
        f"while not pathlib.Path({str(tmp_path / 'go')!r}).exists():\n"
        "    time.sleep(0.02)\n"
        "for i in range(200):\n"
        "    print('still printing', i, flush=True)\n"
        "    print('and logging', i, file=sys.stderr, flush=True)\n"
        f"pathlib.Path({str(done)!r}).write_text('x')\n"
    )
    proc = spawn(wrapper_cmd(PY, "-c", child))
    wait_for(started.exists, what="the child to log")
    journals = tmp_path / ".llm-brief" / "journal"

    def journaled() -> list[Path]:
        return [
            path
            for path in journals.glob("*.jsonl")
            for line in path.read_text().splitlines()
            if '"t":"test"' in line and "feed lag" in line
        ]

    journal = wait_for(journaled, what="the warnings in the journal")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    (tmp_path / "go").write_text("x")
    wait_for(done.exists, what="the child to finish after the wrapper died")
    out = proc.stdout.read()
    assert out.count(b"still printing") == 200  # the relay outlived the wrapper

    report = subprocess.run(
        [PY, "-m", "llm_brief.cli", "report"], cwd=tmp_path, env=clean_env(),
        capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert report.returncode == 0, report.stderr
    data = dashboard(tmp_path)
    assert data is not None
    assert data["run"]["kind"] == "run"
    assert data["run"]["interrupted"] is True
    assert any("never finished" in n for n in data["notes"])
    lag = [p for p in data["log_patterns"] if p["template"] == "feed lag %d ms"]
    assert [p["count"] for p in lag] == [5]
    assert journal[0].name.startswith(data["run"]["run_id"])


def test_two_launches_in_one_directory_keep_apart(tmp_path: Path, spawn: Any) -> None:
    child = (
        "import logging, sys, time\n"
        "logging.basicConfig(level=logging.INFO)\n"
        "for i in range(300):\n"
        "    logging.getLogger('app.' + sys.argv[1]).warning('tick %d', i)\n"
        "    time.sleep(0.002)\n"
    )
    procs = [spawn(wrapper_cmd(PY, "-c", child, name)) for name in ("left", "right")]
    for proc in procs:
        proc.communicate(timeout=60)
        assert proc.returncode == 0
    journals = sorted((tmp_path / ".llm-brief" / "journal").glob("*.jsonl"))
    assert len(journals) == 2
    run_ids = set()
    for journal in journals:
        events = [json.loads(line) for line in journal.read_text().splitlines()]
        assert events[0]["t"] == "start"
        assert events[-1]["t"] == "finish"
        run_ids.add(events[0]["run_id"])
        loggers = {e["logger"] for ev in events if ev["t"] == "test" for e in ev["record"]["logs"]}
        assert len(loggers & {"app.left", "app.right"}) == 1, loggers
    assert len(run_ids) == 2
    data = dashboard(tmp_path)
    assert data is not None
    assert data["run"]["run_id"] in run_ids
    assert len(list((tmp_path / ".llm-brief" / "history").glob("*.json"))) == 2


def test_an_event_flood_is_dropped_and_counted_never_waited_on(tmp_path: Path) -> None:
    child = (
        "import logging, time\n"
        "log = logging.getLogger('app.flood')\n"
        "start = time.perf_counter()\n"
        "worst = 0.0\n"
        "for i in range(20000):\n"
        "    t = time.perf_counter()\n"
        "    try:\n"
        "        raise ValueError(f'bad value {i}')\n"
        "    except ValueError:\n"
        "        log.error('failed %d', i, exc_info=True)\n"
        "    worst = max(worst, time.perf_counter() - t)\n"
        "print('worst', worst)\n"
    )
    done = subprocess.run(
        wrapper_cmd(PY, "-c", child, options=("--quiet",)), cwd=tmp_path,
        env=clean_env(), capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0
    worst = float(done.stdout.split()[-1])
    assert worst < 0.5, f"one logging call took {worst:.3f}s: the app was made to wait"
    data = dashboard(tmp_path)
    assert data is not None
    assert data["resources"]["events_dropped"] > 0
    assert any("dropped" in note for note in data["notes"])
    flood = [p for p in data["log_patterns"] if p["logger"] == "app.flood"]
    assert [p["count"] for p in flood] == [20000]  # counted at the call site even when dropped


def test_a_hooked_process_is_unaffected_when_the_wrapper_is_gone(tmp_path: Path) -> None:
    child = (
        "import logging\n"
        "for i in range(1000):\n"
        "    logging.getLogger('app').warning('still fine %d', i)\n"
        "print('done')\n"
    )
    env = clean_env(LLM_BRIEF__CHANNEL=str(tmp_path / "gone.sock"))
    done = subprocess.run(
        [PY, "-c", child], cwd=tmp_path, env=env, capture_output=True, timeout=60, check=False
    )
    assert done.returncode == 0
    assert done.stdout == b"done\n"
    assert done.stderr.count(b"still fine") == 1000
    assert not (tmp_path / ".llm-brief").exists()


def test_the_hook_stands_down_in_pytest(tmp_path: Path) -> None:
    (tmp_path / "test_x.py").write_text(
        "import sys\ndef test_x():\n    assert 'llm_brief.launcher.inprocess' not in sys.modules\n"
    )
    env = clean_env(LLM_BRIEF__CHANNEL=str(tmp_path / "gone.sock"))
    done = subprocess.run(
        [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_x.py"],
        cwd=tmp_path, env=env, capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout.decode()[-2000:]
