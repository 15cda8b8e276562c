"""A full disk, for real: a small tmpfs is the output directory, filled before the second run.

Needs root to mount (CI and this machine run as root); skipped, saying why, where it cannot.
What must hold when the disk fills during a run: the run's outcome and exit code are those of
pytest without llm-brief, the one line printed says why there is no briefing (the briefing's own
failure, not the journal's "the briefing is still written"), the earlier briefing is marked stale
instead of passing for this run's, and the journal ends on a whole event.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from llm_brief.output.publish import STALE

# Output big enough that the journal, not the start marker, is what meets the end of the disk.
SUITE = """
import pytest

@pytest.mark.parametrize("n", range(60))
def test_chatty(n):
    print("line of output from a test that prints a fair amount " * 8)
    assert n != 7, "the seventh one fails"
"""


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs mounted for the test, unmounted after it."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, check=False)


def _fill(disk: Path, leave: int) -> None:
    """Fill `disk` to the last byte, then free `leave` bytes of it."""
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    block = b"\0" * 65536
    try:
        while True:
            try:
                if os.write(fd, block) == 0:
                    break
            except OSError:
                break
        size = os.fstat(fd).st_size
        os.ftruncate(fd, max(0, size - leave))
    finally:
        os.close(fd)


def _run(pytester: pytest.Pytester, out: Path) -> pytest.RunResult:
    return pytester.runpytest_subprocess(
        "--llm-brief", "--llm-brief-dir", str(out), "-p", "no:cacheprovider", "-p", "no:randomly"
    )


def test_a_disk_that_fills_during_the_run(pytester: pytest.Pytester, tiny_disk: Path) -> None:
    pytester.makepyfile(SUITE)
    out = tiny_disk / "out"
    first = _run(pytester, out)
    assert first.ret == 1, first.stdout.str()
    earlier = (out / "briefing.md").read_text("utf-8").splitlines()

    _fill(tiny_disk, leave=12 * 1024)  # room for the marker and a few journal lines
    second = _run(pytester, out)

    assert second.ret == 1
    second.assert_outcomes(passed=59, failed=1)
    ours = [line for line in second.outlines if line.startswith("llm-brief")]
    assert len(ours) == 1, ours
    assert "no briefing written (writing the briefing:" in ours[0], ours
    assert "No space left on device" in ours[0], ours
    assert "still written" not in ours[0], ours

    stale = (out / "briefing.md").read_text("utf-8").splitlines()
    assert stale[0] == earlier[0]  # the earlier verdict, kept
    assert stale[1].rstrip() == STALE  # but no longer passing for this run's
    assert stale[2:] == earlier[2:]

    journals = sorted((out / "journal").glob("*.jsonl"), key=lambda p: p.stat().st_mtime)
    newest = journals[-1].read_bytes()
    assert newest, "the journal got its first lines before the disk filled"
    assert newest.endswith(b"\n"), "the journal ends on a whole line"
    for line in newest.decode("utf-8").splitlines():
        json.loads(line)


APP = """
import logging, sys
logging.basicConfig(level=logging.INFO)
for n in range(200):
    logging.getLogger("app.feed").warning("tick %d from a feed that logs a fair amount " * 4, n)
sys.exit(3)
"""


def test_a_launch_on_a_full_disk(tmp_path: Path, tiny_disk: Path) -> None:
    """`llm-brief run`: the app's exit code, one line on why, the earlier briefing marked."""
    (tmp_path / "app.py").write_text(APP, "utf-8")
    out = tiny_disk / "out"
    command = [sys.executable, "-m", "llm_brief.cli", "run", "--dir", str(out), "--pipes"]
    command += ["--", sys.executable, "app.py"]

    def launch() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
        )

    assert launch().returncode == 3
    earlier = (out / "briefing.md").read_text("utf-8").splitlines()
    _fill(tiny_disk, leave=8 * 1024)
    second = launch()
    assert second.returncode == 3
    ours = [line for line in second.stderr.splitlines() if line.startswith("llm-brief")]
    assert any("no briefing written (writing the briefing:" in line for line in ours), ours
    # the earlier run's briefing, or a live refresh this run wrote while there was room
    stale = (out / "briefing.md").read_text("utf-8").splitlines()
    assert stale[1].rstrip() == STALE, (stale[:2], ours)
    assert len(stale) == len(earlier) or "app.py" in stale[0]
