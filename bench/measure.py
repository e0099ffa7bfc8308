"""Measuring helpers: run a child process and read its wall time and peak memory, summarise
samples (median, p95), and read the peak resident memory of the running process.

Peak memory is the kernel's high-water mark of resident memory (VmHWM / ru_maxrss) of one
process, read from `os.wait4` for children, so no third-party package is needed.
"""

from __future__ import annotations

import compileall
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

BENCH_DIR = Path(__file__).resolve().parent
# Set by `use_code_snapshot`: the environment every measured child runs with.
CHILD_ENV: dict[str, str] | None = None


@dataclass(frozen=True)
class ChildRun:
    """What one child process did: exit status, wall seconds, peak RSS in MB (its largest
    process), its output, and the peak of its whole process tree (workers summed)."""

    returncode: int
    seconds: float
    peak_mb: float
    stdout: str
    stderr: str
    tree_peak_mb: float = float("nan")

    def json(self) -> dict:
        """The child's standard output parsed as JSON (the workers print one object)."""
        return json.loads(self.stdout)


def run_child(argv: Sequence[str], env: dict[str, str] | None = None,
              check: bool = True) -> ChildRun:
    """Run `argv` to completion through bench/peak.py; its own wall time and peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(suffix=".json") as measured:
        launcher = [sys.executable, str(BENCH_DIR / "peak.py"), measured.name, *argv]
        returncode = subprocess.run(launcher, stdout=out, stderr=err,
                                    env=env or CHILD_ENV).returncode
        facts = json.loads(Path(measured.name).read_text() or "{}")
        out.seek(0)
        err.seek(0)
        run = ChildRun(returncode, facts.get("seconds", float("nan")),
                       facts.get("peak_mb", float("nan")),
                       out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                       facts.get("tree_peak_mb", float("nan")))
    if check and run.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:4])}… exited {run.returncode}:\n{run.stderr[-3000:]}")
    return run


def use_code_snapshot(package: Path, target: Path) -> str:
    """Copy the product package to `target` and make every child import that copy first
    (PYTHONPATH precedes an editable install), so one run measures one version of the code
    even while the working tree changes. Returns a digest of the copied sources."""
    global CHILD_ENV
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(package, target / package.name,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    # Bytecode compiled once, as an installed package has it (pip compiles at install time, an
    # editable install on first import): a shell with PYTHONDONTWRITEBYTECODE set would otherwise
    # make every cold search compile ~90 modules again (~100 ms a process).
    compileall.compile_dir(str(target / package.name), quiet=1)
    CHILD_ENV = {name: value for name, value in os.environ.items()
                 if name != "PYTHONDONTWRITEBYTECODE"}
    CHILD_ENV["PYTHONPATH"] = os.pathsep.join(
        [str(target)] + [part for part in os.environ.get("PYTHONPATH", "").split(os.pathsep) if part])
    return source_digest(target / package.name)


def source_digest(package: Path) -> str:
    """A short digest of every file of a package (names and bytes), to tell versions apart."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def python_child(script: str, *args: str) -> list[str]:
    """The argv that runs a bench/ script with this interpreter."""
    return [sys.executable, str(BENCH_DIR / script), *args]


def archive_command() -> list[str]:
    """The argv prefix of the `archive` command of this interpreter's environment."""
    candidate = Path(sys.executable).with_name("archive")
    if candidate.exists():
        return [str(candidate)]
    return [sys.executable, "-m", "archive"]


def own_peak_mb() -> float:
    """This process's peak resident memory so far (VmHWM), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median(values: Sequence[float]) -> float:
    """The median, or NaN for no values."""
    return statistics.median(values) if values else float("nan")


def p95(values: Sequence[float]) -> float:
    """The 95th percentile (nearest rank), or NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(0.95 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    """Median, p95 and max of timings given in seconds, as milliseconds."""
    millis = [value * 1000 for value in seconds]
    return {"median_ms": median(millis), "p95_ms": p95(millis),
            "max_ms": max(millis) if millis else float("nan"), "n": len(millis)}


def timed(function, *args, **kwargs) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    """Call `function` and return (seconds, its result)."""
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def dir_size_mb(path: Path) -> float:
    """The total size of the files under `path`, in MB."""
    total = 0
    for folder, _, names in os.walk(path):
        for name in names:
            try:
                total += (Path(folder) / name).stat().st_size
            except OSError:
                pass
    return total / 1e6
