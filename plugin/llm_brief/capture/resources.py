"""Resource figures of this process tree: RSS and CPU from /proc (else psutil), read at the edge."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any


def peak_rss_bytes() -> int:
    """This process's peak RSS so far: /proc's high-water mark on Linux, else `getrusage`."""
    try:
        with open("/proc/self/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024  # kB
    except (OSError, IndexError, ValueError):
        pass
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class RssProbe:
    """This process's resident set now, read after every test: /proc/self/statm on Linux, kept
    open and re-read in place (one syscall, ~1 µs, against ~5 µs to open, read and close it).

    Elsewhere it is the peak, which cannot measure growth in a process started by a larger one:
    Linux carries the parent's peak (`ru_maxrss`) across fork and exec, so it may never rise.
    """

    def __init__(self) -> None:
        self._fd = -1
        self._pid = 0

    def read(self) -> int:
        """This process's resident set now (reopened after a fork: the old file is the parent's)."""
        try:
            if self._pid != os.getpid():
                self.close()
                self._fd = os.open("/proc/self/statm", os.O_RDONLY)
                self._pid = os.getpid()
            return int(os.pread(self._fd, 128, 0).split()[1]) * _PAGE
        except (OSError, AttributeError, IndexError, ValueError):  # no /proc, no pread
            return peak_rss_bytes()

    def close(self) -> None:
        """Close the file (reading again reopens it)."""
        if self._fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self._fd)
        self._fd, self._pid = -1, 0


PROC = "/proc"


def process_tree_figures() -> tuple[dict[str, Any], str]:
    """RSS, CPU time, threads and children of this process tree, and a note when unavailable.

    Linux reads /proc directly: psutil would cost an import and a scan of every process on the
    machine to find the children. Elsewhere (or without /proc's children lists) psutil.
    """
    source = PROC
    try:
        figures = _procfs_figures(PROC)
        if figures is None:
            source = "psutil"
            figures = _psutil_figures()
        return figures, ""
    except Exception as exc:
        return (
            {},
            f"resource figures unavailable ({source}: {type(exc).__name__}: {exc}); durations only",
        )


def _procfs_figures(proc: str) -> dict[str, Any] | None:
    me = f"{proc}/{os.getpid()}"
    try:
        tasks = os.listdir(f"{me}/task")
        children = _children(me, tasks)
    except FileNotFoundError:  # not Linux, or a kernel without /proc/<pid>/task/<tid>/children
        return None
    times = os.times()
    rss = _statm_rss(me)
    cpu = times.user + times.system
    descendants = _descendants(proc, children)
    for child in descendants:
        try:
            rss += _statm_rss(child)
            cpu += _stat_cpu(child)
        except (OSError, IndexError, ValueError):  # gone since it was listed
            continue
    return {
        "rss_bytes": rss,
        "cpu_s": round(cpu, 3),
        "threads": len(tasks),
        "children": len(descendants),
    }


def _children(process: str, tasks: list[str]) -> list[str]:
    pids: list[str] = []
    read = 0
    for tid in tasks:
        try:
            with open(f"{process}/task/{tid}/children", "rb") as fh:
                pids += fh.read().decode("ascii").split()
            read += 1
        except FileNotFoundError:  # this thread ended since the listing
            continue
    if tasks and not read:
        raise FileNotFoundError(f"{process}/task/*/children")  # the kernel has no such files
    return pids


def _descendants(proc: str, pids: list[str]) -> list[str]:
    found: list[str] = []
    queue = list(pids)
    while queue:
        process = f"{proc}/{queue.pop()}"
        found.append(process)
        try:
            queue += _children(process, os.listdir(f"{process}/task"))
        except OSError:
            continue
    return found


def _statm_rss(process: str) -> int:
    with open(f"{process}/statm", "rb") as fh:
        return int(fh.read().split()[1]) * _PAGE


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat_cpu(process: str) -> float:
    with open(f"{process}/stat", "rb") as fh:
        fields = fh.read().rsplit(b")", 1)[1].split()  # the name before ")" may hold spaces
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime and stime, fields 14 and 15


def _psutil_figures() -> dict[str, Any]:
    import psutil

    me = psutil.Process(os.getpid())
    children = me.children(recursive=True)
    rss = me.memory_info().rss
    cpu = sum(me.cpu_times()[:2])
    for child in children:
        try:
            rss += child.memory_info().rss
            cpu += sum(child.cpu_times()[:2])
        except psutil.Error:
            continue
    return {
        "rss_bytes": rss,
        "cpu_s": round(cpu, 3),
        "threads": me.num_threads(),
        "children": len(children),
    }
