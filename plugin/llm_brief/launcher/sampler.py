"""Resource samples of the launched process tree via psutil, about once a second.

Each sample sums RSS, CPU, threads and open files over the root process and its descendants;
the figures keep the peak, the latest tree (for `resources.processes`) and a downsampled series.
"""

from __future__ import annotations

import threading
import time
from typing import Any

INTERVAL = 1.0
MAX_SERIES = 120
MAX_PROCESSES = 30


class TreeSampler:
    """Samples the tree under `pid` in a daemon thread; `figures()` is safe from any thread."""

    def __init__(self, pid: int, labels: dict[int, str] | None = None) -> None:
        self.pid = pid
        self.labels = labels if labels is not None else {}
        self.note = ""
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._series: list[list[float]] = []
        self._latest: list[dict[str, Any]] = []
        self._peak_rss = 0
        self._peak_threads = 0
        self._peak_files = 0
        self._cpu: dict[int, float] = {}
        self._samples = 0
        self._thread = threading.Thread(target=self._run, name="llm-brief-sampler", daemon=True)

    def start(self) -> None:
        """Take a first sample now, then one every `INTERVAL` s."""
        self._thread.start()

    def stop(self) -> None:
        """Stop sampling (one last sample is taken first)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=2.0)

    def _run(self) -> None:
        try:
            import psutil

            root = psutil.Process(self.pid)
        except Exception as exc:
            self.note = f"resource samples unavailable (psutil: {type(exc).__name__}: {exc})"
            return
        while True:
            self.sample(root)
            if self._stop.wait(INTERVAL):
                return

    def sample(self, root: Any) -> None:
        """One sample of the tree under `root` (a psutil.Process)."""
        import psutil

        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.Error:
            tree = []
        rows: list[dict[str, Any]] = []
        for proc in tree:
            try:
                with proc.oneshot():
                    times = proc.cpu_times()
                    rows.append(
                        {
                            "pid": proc.pid,
                            "ppid": proc.ppid(),
                            "name": self.labels.get(proc.pid) or proc.name(),
                            "rss_bytes": proc.memory_info().rss,
                            "cpu_s": round(times.user + times.system, 3),
                            "threads": proc.num_threads(),
                            "open_files": _open_files(proc),
                        }
                    )
            except psutil.Error:
                continue
        if not rows:
            return
        now = time.time()
        with self._lock:
            for row in rows:
                self._cpu[row["pid"]] = row["cpu_s"]
            rss = sum(r["rss_bytes"] for r in rows)
            threads = sum(r["threads"] for r in rows)
            files = sum(r["open_files"] for r in rows)
            self._peak_rss = max(self._peak_rss, rss)
            self._peak_threads = max(self._peak_threads, threads)
            self._peak_files = max(self._peak_files, files)
            self._latest = rows[:MAX_PROCESSES]
            self._samples += 1
            self._series.append(
                [round(now, 3), rss, round(sum(self._cpu.values()), 3), threads, files]
            )
            if len(self._series) > MAX_SERIES:
                del self._series[1::2]  # halve the resolution, keep the whole run

    def figures(self) -> dict[str, Any]:
        """The resource figures for the dashboard."""
        with self._lock:
            if not self._samples:
                return {"samples": 0, **({"note": self.note} if self.note else {})}
            last = self._series[-1]
            return {
                "samples": self._samples,
                "peak_rss_bytes": self._peak_rss,
                "rss_bytes": last[1],
                "cpu_s": round(sum(self._cpu.values()), 3),
                "threads": last[3],
                "peak_threads": self._peak_threads,
                "open_files": last[4],
                "peak_open_files": self._peak_files,
                "processes": [dict(r) for r in self._latest],
                "series": {
                    "columns": ["time", "rss_bytes", "cpu_s", "threads", "open_files"],
                    "rows": [list(r) for r in self._series],
                },
            }


def _open_files(proc: Any) -> int:
    try:
        return int(proc.num_fds())
    except (AttributeError, NotImplementedError):
        return len(proc.open_files())
