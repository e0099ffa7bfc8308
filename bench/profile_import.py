"""Profile the archive's import of a few hundred articles with cProfile and split its time into
buckets: text analysis, Whoosh postings/commit, extraction, SQLite store, other.

    python bench/profile_import.py --corpus CORPUS --docs 1000 [--top 25] [--json OUT]

Each function's own time goes to the bucket of the module that defines it; the own time of
built-ins (regex, stemmer, zlib, sqlite3 calls) goes to the bucket of their callers.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import corpus

BUCKETS = (
    ("analysis", ("archive/index/analysis", "archive/german/", "whoosh/analysis", "whoosh/lang")),
    ("whoosh postings + commit", ("whoosh/",)),
    ("index documents (schema, rev)", ("archive/index/",)),
    ("extraction (read, parse, metadata)", ("archive/sources", "archive/metadata", "bs4/", "lxml",
                                            "archive/handgiven", "charset", "html/", "encodings")),
    ("SQLite store", ("archive/store", "sqlite3")),
)
_ANALYSIS_BUILTINS = ("stem", "Stemmer")


def bucket_of(filename: str) -> str:
    """The bucket of a function defined in `filename` (a path, or '~' for built-ins)."""
    normalised = filename.replace("\\", "/")
    for name, markers in BUCKETS:
        if any(marker in normalised for marker in markers):
            return name
    return "other (importer, hashing, json, I/O, interpreter)"


def bucket_times(stats: pstats.Stats) -> dict[str, float]:
    """Own time per bucket; built-ins are charged to their callers' buckets."""
    totals: dict[str, float] = defaultdict(float)
    table = stats.stats  # type: ignore[attr-defined]
    for (filename, _, name), (_, _, own, _, callers) in table.items():
        if filename != "~":
            totals[bucket_of(filename)] += own
            continue
        if "sqlite3" in name or "Connection" in name or "Cursor" in name:
            totals["SQLite store"] += own
            continue
        spread = sum(caller[2] for caller in callers.values()) or 0.0
        for caller, timing in callers.items():
            share = own * (timing[2] / spread) if spread else own / len(callers)
            totals[_caller_bucket(caller, table)] += share
        if not callers:
            totals[bucket_of(filename)] += own
    return dict(totals)


def _caller_bucket(caller: tuple, table: dict, depth: int = 0) -> str:
    filename = caller[0]
    if filename != "~" or depth > 3:
        return bucket_of(filename)
    parents = table.get(caller, (0, 0, 0, 0, {}))[4]
    if not parents:
        return bucket_of(filename)
    heaviest = max(parents.items(), key=lambda item: item[1][2])[0]
    return _caller_bucket(heaviest, table, depth + 1)


def entry_points(stats: pstats.Stats) -> dict[str, float]:
    """Cumulative time of the import's stages, by function name."""
    wanted = {"extract": "archive/metadata/__init__.py", "read_source": "archive/sources/__init__.py",
              "put": "archive/store.py", "catch_up": "archive/index/writer.py",
              "commit": "whoosh/writing.py", "add_document": "whoosh/writing.py",
              "update_document": "whoosh/writing.py", "document_for": "archive/index/schema.py"}
    found: dict[str, float] = defaultdict(float)
    for (filename, _, name), (_, _, _, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        marker = wanted.get(name)
        if marker and filename.replace("\\", "/").endswith(marker):
            found[f"{marker.rsplit('/', 1)[-1]}:{name}"] += cumulative
    return dict(found)


def top_functions(stats: pstats.Stats, count: int) -> list[dict[str, object]]:
    """The `count` functions with the most own time."""
    rows = sorted(stats.stats.items(), key=lambda item: -item[1][2])[:count]  # type: ignore[attr-defined]
    return [{"function": f"{_short(filename)}:{line}({name})", "calls": calls, "own_s": own,
             "cumulative_s": cumulative}
            for (filename, line, name), (_, calls, own, cumulative, _) in rows]


def _short(filename: str) -> str:
    normalised = filename.replace("\\", "/")
    for anchor in ("/archive/", "/whoosh/", "/bs4/", "/lib/python"):
        if anchor in normalised:
            return normalised[normalised.index(anchor) + 1:]
    return normalised


def profile(corpus_path: Path, docs: int, top: int) -> dict[str, object]:
    """Write `docs` articles as import files, import them under cProfile, return the buckets."""
    from archive.importer import ImportOptions, import_paths
    from archive.paths import ArchivePaths

    articles, _ = corpus.split(corpus.read_corpus(corpus_path), docs, 0)
    with tempfile.TemporaryDirectory(prefix="archive-profile-") as work:
        folder = Path(work) / "files"
        corpus.write_import_files(articles, folder)
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        report = import_paths([folder], ArchivePaths(Path(work) / "home"), ImportOptions())
        profiler.disable()
        seconds = time.perf_counter() - started
    stats = pstats.Stats(profiler)
    buckets = bucket_times(stats)
    total = sum(buckets.values())
    return {"docs": docs, "added": report.added, "profiled_seconds": seconds,
            "buckets": {name: {"seconds": value, "share": value / total}
                        for name, value in sorted(buckets.items(), key=lambda item: -item[1])},
            "stages": entry_points(stats), "top": top_functions(stats, top)}


def main(argv: list[str] | None = None) -> None:
    """Command line: print the profile as a readable table, optionally save it as JSON."""
    repo = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path,
                        default=repo.parent / "shared" / "corpora" / "fang-covid-20k.jsonl.gz")
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--json", type=Path, help="Also write the result here.")
    options = parser.parse_args(argv)
    result = profile(options.corpus, options.docs, options.top)
    print(f"{result['added']} articles imported in {result['profiled_seconds']:.1f} s under cProfile")
    for name, value in result["buckets"].items():  # type: ignore[union-attr]
        print(f"  {value['share']:6.1%}  {value['seconds']:7.2f} s  {name}")
    print("stages (cumulative):")
    for name, seconds in sorted(result["stages"].items(), key=lambda item: -item[1]):  # type: ignore[union-attr]
        print(f"  {seconds:7.2f} s  {name}")
    print("top functions by own time:")
    for row in result["top"]:  # type: ignore[union-attr]
        print(f"  {row['own_s']:7.2f} s own {row['cumulative_s']:7.2f} s cum {row['calls']:>9}  "
              f"{row['function']}")
    if options.json:
        options.json.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
