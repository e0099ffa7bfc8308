"""Run a command and report its wall time, CPU time and peak resident memory.

    python bench/peak.py REPORT.json COMMAND [ARGS...]

The benchmark starts every measured process through this small launcher: a child forked from the
big benchmark process would inherit its resident-memory high-water mark, a child forked from
this launcher starts from a few MB, so `ru_maxrss` from `wait4` is the command's own peak.

A command with worker processes (`archive import --jobs N`): `wait4` counts the CPU time of the
workers the command waited for, but its `ru_maxrss` is the largest single process's peak, not
the tree's. So the launcher also samples the summed resident memory of the command and all its
descendants (`/proc`, every 0.1 s) and reports its highest sample as `tree_peak_mb` (a sample
can miss a peak shorter than the interval), with each process's RSS in that sample, largest
first (`tree_peak_processes_mb`: who holds the tree's peak).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

SAMPLE_SECONDS = 0.1


def main() -> int:
    """Run the command with inherited standard streams; write the report; pass its status on."""
    report, argv = sys.argv[1], sys.argv[2:]
    started = time.perf_counter()
    process = subprocess.Popen(argv)
    tree = TreeSampler(process.pid)
    tree.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    tree.stop()
    code = os.waitstatus_to_exitcode(status)
    with open(report, "w", encoding="utf-8") as handle:
        json.dump({"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "returncode": code,
                   # CPU time: on a shared machine wall time also counts the others' load
                   "cpu_seconds": usage.ru_utime + usage.ru_stime,
                   "tree_peak_mb": tree.peak_kb / 1024,
                   "tree_peak_processes_mb": [round(kb / 1024) for kb in tree.peak_parts],
                   "processes_seen": len(tree.seen)}, handle)
    return code if code >= 0 else 1


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and its descendants until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.peak_parts: list[int] = []
        self.seen: set[int] = set()
        self._stopped = threading.Event()

    def stop(self) -> None:
        """Stop sampling (the command has exited)."""
        self._stopped.set()
        self.join()

    def run(self) -> None:
        while not self._stopped.is_set():
            pids = descendants(self.pid)
            self.seen.update(pids)
            parts = sorted((rss_kb(pid) for pid in pids), reverse=True)
            if sum(parts) > self.peak_kb:
                self.peak_kb, self.peak_parts = sum(parts), parts
            self._stopped.wait(SAMPLE_SECONDS)


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it (through /proc/PID/task/TID/children)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as handle:
                    queue.extend(int(child) for child in handle.read().split())
        except OSError:
            continue
    return found


def rss_kb(pid: int) -> int:
    """A process's resident memory in kB (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
