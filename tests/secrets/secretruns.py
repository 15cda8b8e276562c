"""Run one channel in one mode over the whole corpus and say where each secret leaked (`secretruns`)."""

from __future__ import annotations

import fcntl
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from lspscan import server_answers
from mcpscan import mcp_answers
from secretchannels import (
    CHANNELS,
    CHANNELS_BY_NAME,
    CONFTEST,
    ENV_NAMES,
    SENTINEL,
    Channel,
    app_module,
    argv_for,
    test_module,
)
from secretkit import Haystack, Secret, json_strings, load_clean, load_secrets, run_env, scan

RUN_TIMEOUT = 180.0
# Only llm-brief is loaded (see harness_env): the other installed plugins cost seconds a run.
PYTEST = (
    sys.executable,
    "-m",
    "pytest",
    "-p",
    "llm_brief",
    "--llm-brief",
    "-p",
    "no:cacheprovider",
)


def harness_env(**extra: str) -> dict[str, str]:
    """This environment without llm-brief's or pytest's own variables (the suite may set them)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LLM_BRIEF", "PYTEST_", "COV_CORE"))
    }
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    env.update(extra)
    return env


def execute(
    cmd: list[str], folder: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[bytes]:
    """Run `cmd` in `folder` to its end, output captured (bounded by a timeout, never a sleep)."""
    return subprocess.run(
        cmd, cwd=folder, env=env, capture_output=True, timeout=RUN_TIMEOUT, check=False
    )


def applicable(channel: Channel, secrets: list[Secret]) -> list[Secret]:
    """The secrets `channel` can carry (bare-value channels skip PEM blocks and key files)."""
    return [s for s in secrets if s.has_bare_form] if channel.bare else list(secrets)


def cases_for(channel: Channel, secrets: list[Secret]) -> dict[str, dict[str, Any]]:
    """What each generated test or thread gets: the value, where to split it, its context form."""
    cases = {}
    for index, secret in enumerate(applicable(channel, secrets)):
        value = secret.bare if channel.bare else secret.text
        at = value.find(secret.needles[0])
        cases[secret.id] = {
            "id": secret.id,
            "index": index,
            "value": value,
            "cut": at + len(secret.needles[0]) // 2,
            "context_form": secret.text,
        }
    return cases


def _write_project(folder: Path, channel: Channel, cases: dict[str, dict[str, Any]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cases.json").write_text(json.dumps(cases), "utf-8")
    (folder / "conftest.py").write_text(CONFTEST, "utf-8")
    for name, source in (
        ("test_leak.py", test_module(channel, list(cases))),
        ("app.py", app_module(channel)),
    ):
        compile(source, name, "exec")  # a generated file that does not compile would test nothing
        (folder / name).write_text(source, "utf-8")


def command(mode: str, channel: Channel, cases: dict[str, dict[str, Any]]) -> list[str]:
    """The command line of one mode, with the secrets in it for the command-line channel."""
    argv = argv_for([c["value"] for c in cases.values()]) if channel.layout == "argv" else []
    if mode == "pytest":
        return [*PYTEST, *argv]
    app = [sys.executable, "app.py", *argv]
    if mode == "run":
        return [sys.executable, "-m", "llm_brief.cli", "run", "--pipes", "--", *app]
    return app


def _env(
    mode: str, channel: Channel, secrets: list[Secret], cases: dict[str, Any]
) -> dict[str, str]:
    extra = run_env(secrets)
    if channel.name == "environment":
        for case in cases.values():
            name = f"TRADEBOT_{case['id'].upper()}_{ENV_NAMES[case['index'] % len(ENV_NAMES)]}"
            extra[name] = case["value"]
    if mode == "env":
        extra["LLM_BRIEF"] = "1"
    return harness_env(**extra)


def _after_sentinel(text: str) -> str:
    # The app's own output (it prints the secrets on purpose in some channels) is relayed as is;
    # what llm-brief adds to the terminal comes after the app's last line.
    at = text.rfind(SENTINEL)
    return text if at < 0 else text[at + len(SENTINEL) :]


def run_channel(
    mode: str, channel: Channel, folder: Path, settings: dict[str, str] | None = None
) -> dict[str, str]:
    """Run `channel` in `mode` in `folder`; each case id maps to where it leaked ('' if nowhere).

    `settings` are extra environment variables (`LLM_BRIEF_REDACT=false` for the self-check).
    """
    secrets = load_secrets()
    cases = cases_for(channel, secrets)
    _write_project(folder, channel, cases)
    env = {**_env(mode, channel, secrets, cases), **(settings or {})}
    proc = execute(command(mode, channel, cases), folder, env)
    haystack, pytest_own = Haystack(), Haystack()
    out = folder / ".llm-brief"
    if out.is_dir():
        haystack.add_folder(out)
    stdout = proc.stdout.decode("utf-8", "replace")
    stderr = proc.stderr.decode("utf-8", "replace")
    if mode == "pytest":
        ours, theirs = split_pytest_terminal(stdout + stderr)
        haystack.add("terminal", ours)
        pytest_own.add("terminal (pytest's own lines)", theirs)
    else:
        haystack.add("terminal", _after_sentinel(stdout) + _after_sentinel(stderr))
    if (out / "dashboard.json").exists():
        document = "test_leak.py" if mode == "pytest" else "app.py"
        haystack.add("language server", server_answers(folder, document, harness_env()))
        haystack.add("mcp server", mcp_answers(folder, harness_env()))
    by_id = {s.id: s for s in secrets}
    needles = {case_id: by_id[case_id].needles for case_id in cases}
    result = {case_id: leak.describe() for case_id, leak in scan(haystack, needles).items()}
    result["__run__"] = json.dumps(
        {
            "exit": proc.returncode,
            "written": sorted(haystack.texts),
            "stderr": stderr[-2000:],
            "pytest_own_terminal": sorted(
                c for c, leak in scan(pytest_own, needles).items() if leak
            )
            if mode == "pytest"
            else [],
        }
    )
    return result


def split_pytest_terminal(text: str) -> tuple[str, str]:
    """(llm-brief's section and `llm-brief:` lines, pytest's own lines) of a pytest terminal."""
    ours: list[str] = []
    theirs: list[str] = []
    inside = False
    for line in text.splitlines():
        if line.startswith("=") and line.rstrip().endswith("="):
            inside = " llm-brief " in line
        (ours if inside or line.startswith("llm-brief") else theirs).append(line)
    return "\n".join(ours), "\n".join(theirs)


CLEAN_CHANNEL = Channel("clean", 'raise RuntimeError(case["value"])', modes=("pytest",))


def run_clean(folder: Path) -> dict[str, str]:
    """Raise each clean line in a test of its own; each line id maps to '' or 'changed'."""
    lines = load_clean()
    cases = {
        f"c{n:03d}": {"id": f"c{n:03d}", "index": n, "value": line}
        for n, line in enumerate(lines, 1)
    }
    _write_project(folder, CLEAN_CHANNEL, cases)
    execute(command("pytest", CLEAN_CHANNEL, cases), folder, harness_env())
    # Tests failing at one line are one issue, whose dashboard entry shows a few messages; each
    # test's own message is in the journal. A line passes when the journal has it whole and no
    # string of the dashboard or the journal is the line with a part of it redacted.
    out = folder / ".llm-brief"
    texts = [(out / "dashboard.json").read_text("utf-8")]
    texts += [p.read_text("utf-8") for p in sorted((out / "journal").glob("*.jsonl"))]
    strings = [s for text in texts[1:] for s in json_strings(text)]
    journal = "\n".join(strings)
    redacted = [
        re.compile(".*?".join(re.escape(part) for part in _MARKER.split(s)), re.DOTALL)
        for text in texts
        for s in json_strings(text)
        if "[REDACTED:" in s
    ]
    return {
        cid: ""
        if (line := str(c["value"]).strip()) in journal
        and not any(r.search(line) for r in redacted)
        else "changed"
        for cid, c in cases.items()
    }


_MARKER = re.compile(r"\[REDACTED:[^\]]*\]")


def cached_run(mode: str, channel_name: str, shared: Path, wait: bool = True) -> dict[str, str]:
    """`run_channel` (or `run_clean`) once per session, shared by xdist workers through a lock.

    With `wait=False` a run another worker holds is left to it (the result is then {}).
    """
    shared.mkdir(parents=True, exist_ok=True)
    result_file = shared / f"{mode}-{channel_name}.json"
    with open(shared / f"{mode}-{channel_name}.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return {}
        if result_file.exists():
            data: dict[str, str] = json.loads(result_file.read_text("utf-8"))
            return data
        folder = shared / mode / channel_name
        if channel_name == CLEAN_CHANNEL.name:
            result = run_clean(folder)
        else:
            result = run_channel(mode, CHANNELS_BY_NAME[channel_name], folder)
        result_file.write_text(json.dumps(result), "utf-8")
        return result


def prefetch(shared: Path, threads: int = 2) -> None:
    """Run every pair not yet run or running, `threads` at a time: workers share the work."""
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(lambda pair: cached_run(pair[0], pair[1], shared, wait=False), all_runs()))


def all_runs() -> list[tuple[str, str]]:
    """Every (mode, channel) pair the harness runs, the slow pytest runs first."""
    pairs = [(mode, ch.name) for ch in CHANNELS for mode in ch.modes]
    return [*sorted(pairs, key=lambda pair: pair[0] != "pytest"), ("pytest", CLEAN_CHANNEL.name)]
