"""Run a command and report its wall time and peak resident memory.

    python bench/peak.py REPORT.json COMMAND [ARGS...]

The benchmark starts every measured process through this small launcher: a child forked from the
big benchmark process would inherit its resident-memory high-water mark, a child forked from
this launcher starts from a few MB, so `ru_maxrss` from `wait4` is the command's own peak.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def main() -> int:
    """Run the command with inherited standard streams; write the report; pass its status on."""
    report, argv = sys.argv[1], sys.argv[2:]
    started = time.perf_counter()
    process = subprocess.Popen(argv)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    with open(report, "w", encoding="utf-8") as handle:
        json.dump({"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "returncode": code,
                   # CPU time: on a shared machine wall time also counts the others' load
                   "cpu_seconds": usage.ru_utime + usage.ru_stime}, handle)
    return code if code >= 0 else 1


if __name__ == "__main__":
    sys.exit(main())
