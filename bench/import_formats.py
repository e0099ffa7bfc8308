"""Import a crawler's JSON Lines directly, beside the same articles as one file per article,
each with `--jobs 1` (one process) and `--jobs 2` (worker processes) in the same run.

    python bench/import_formats.py --docs 2000
    python bench/import_formats.py --docs 20000 --corpus ../shared/corpora/fang-covid-20k.jsonl.gz
    python bench/import_formats.py --docs 2000 --jobs 1,2,4

The first `--docs` records of the corpus are written (in the same run) as

- `records.jsonl.gz`: the records exactly as the corpus has them (gzip), imported with
  `archive import records.jsonl.gz` — the crawler's fields (`header`, `article`, `date`,
  `source`, `url`) are read by the archive itself;
- `files/`: one `.txt` per article plus a `.meta.json` sidecar (title, outlet, date, URL), the
  converter a user had to write before, imported with `archive import files/`.

Each import runs as its own process through `bench/peak.py` into a new archive: wall time, CPU
time of the whole process tree (the workers are waited for, so `wait4` counts them), the
largest single process's peak RSS and the summed RSS of the tree at its highest sample. The
figures are printed as a table and written to `<workdir>/import_formats.json`; paste them into
docs/performance.md. The 1-minute load is read before and after: on a shared machine wall time
follows the others' work, CPU time and the same-run ratios are the comparable figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from corpus import _from_record, write_import_files  # noqa: E402
from measure import CHILD_ENV, archive_command  # noqa: E402

DEFAULT_CORPUS = Path("../shared/corpora/fang-covid-20k.jsonl.gz")


def main() -> int:
    """Write both inputs, import each into a new archive, report throughput and peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to run")
    args = parser.parse_args()
    jobs_values = [int(value) for value in args.jobs.split(",")]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="import-formats-"))
    workdir.mkdir(parents=True, exist_ok=True)

    records = workdir / "records.jsonl.gz"
    articles = []
    with gzip.open(args.corpus, "rb") as source, gzip.open(records, "wb") as target:
        for line in source:
            if len(articles) >= args.docs:
                break
            article = _from_record(json.loads(line))
            if article is None:
                continue
            target.write(line)
            articles.append(article)
    files = workdir / "files"
    write_import_files(articles, files)

    archive = archive_command()
    results: dict[str, object] = {"docs": len(articles), "corpus": str(args.corpus),
                                  "records_mb": records.stat().st_size / 1048576,
                                  "load": os.getloadavg()[0], "runs": {}}
    runs: dict[str, dict[str, object]] = results["runs"]  # type: ignore[assignment]
    for name, target_path in (("jsonl.gz", records), ("files", files)):
        for jobs in jobs_values:
            key = f"{name} --jobs {jobs}"
            home = workdir / f"home-{name}-j{jobs}"
            runs[key] = measured([*archive, "--home", str(home), "import", "-q", "--jobs",
                                  str(jobs), str(target_path)],
                                 workdir / f"peak-{name}-j{jobs}.json", len(articles))
            print(f"{key}: {runs[key]['seconds']:.1f} s wall, {runs[key]['cpu_seconds']:.1f} s "
                  f"CPU, tree peak {runs[key]['tree_peak_mb']:.0f} MB = "
                  f"{runs[key].get('tree_peak_processes_mb')} (load {os.getloadavg()[0]:.1f})",
                  flush=True)
    results["load_after"] = os.getloadavg()[0]
    (workdir / "import_formats.json").write_text(json.dumps(results, indent=2), "utf-8")
    print(f"{len(articles):,} articles of {args.corpus} (1-minute load {results['load']:.1f} "
          f"before, {results['load_after']:.1f} after); workdir {workdir}")
    print(f"{'input':<20} {'wall s':>7} {'art./s':>7} {'CPU s':>7} {'art./CPU-s':>10} "
          f"{'peak MB':>8} {'tree MB':>8}  summary")
    for key, row in runs.items():
        print(f"{key:<20} {row['seconds']:>7.1f} {row['per_second']:>7.1f} "
              f"{row['cpu_seconds']:>7.1f} {row['per_cpu_second']:>10.1f} "
              f"{row['peak_mb']:>8.0f} {row['tree_peak_mb']:>8.0f}  {row['summary']}")
    for name in ("jsonl.gz", "files"):
        first = runs[f"{name} --jobs {jobs_values[0]}"]
        for jobs in jobs_values[1:]:
            row = runs[f"{name} --jobs {jobs}"]
            print(f"{name}: --jobs {jobs} against --jobs {jobs_values[0]}: wall x"
                  f"{first['seconds'] / row['seconds']:.2f} faster, CPU x"  # type: ignore[operator]
                  f"{row['cpu_seconds'] / first['cpu_seconds']:.2f}, "  # type: ignore[operator]
                  f"same summary: {row['summary'] == first['summary']}")
    return 0


def measured(argv: list[str], report: Path, articles: int) -> dict[str, object]:
    """Run `argv` through bench/peak.py: its wall and CPU time, peak RSS and summary line."""
    launcher = [sys.executable, str(BENCH_DIR / "peak.py"), str(report), *argv]
    completed = subprocess.run(launcher, capture_output=True, text=True, env=CHILD_ENV)
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {completed.returncode}:\n"
                           f"{completed.stderr[-3000:]}")
    facts = json.loads(report.read_text("utf-8"))
    return {**facts, "per_second": articles / facts["seconds"],
            "per_cpu_second": articles / facts["cpu_seconds"],
            "summary": completed.stdout.strip().splitlines()[-1]}


if __name__ == "__main__":
    sys.exit(main())
