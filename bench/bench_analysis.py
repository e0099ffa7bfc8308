"""Analysis speed on real German news: Whoosh's LanguageAnalyzer("de") vs the archive's chain.

    python bench/bench_analysis.py --corpus PATH [--docs N] [--rounds R]

PATH: a JSONL file (optionally .gz) with the article text in "article" or "text" (and the
headline in "header" or "title"), or a CSV with a "text" column (';'-separated, as 10kGNAD).
ARCHIVE_BENCH_CORPUS can name it instead of --corpus. Corpora are not shipped with the project.

Words/s = words (\\w+ runs) in the sample / seconds to run the analyzer over every document,
reading every token with positions as indexing does. Each round runs every variant once,
interleaved, so machine noise hits them alike; the figures are medians over the rounds.
"cold" starts from empty caches (a new LanguageAnalyzer; the archive's word caches cleared;
the lexicon stays loaded, its one-off load time is printed separately); "warm" runs the same
analyzer over the same documents a second time. Figures are given by wall clock and by the
process's CPU time (steadier when other work shares the machine).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Callable, Iterable

from whoosh.analysis import LanguageAnalyzer

from archive.german import lexicon as lexicon_module
from archive.german import plans, word_analysis
from archive.index.analysis import ExactAnalyzer, GermanAnalyzer


def read_corpus(path: Path, limit: int) -> list[str]:
    """The first `limit` article texts (headline + body) of a JSONL(.gz) or CSV corpus."""
    opener = gzip.open if path.suffix == ".gz" else open
    texts: list[str] = []
    with opener(path, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        if ".csv" in path.name:
            csv.field_size_limit(10**8)
            rows: Iterable[dict[str, str]] = csv.DictReader(
                handle, fieldnames=["label", "text"], delimiter=";", quotechar="'")
        else:
            rows = (json.loads(line) for line in handle if line.strip())
        for row in rows:
            head = row.get("header") or row.get("title") or ""
            body = row.get("article") or row.get("text") or ""
            if body:
                texts.append(f"{head}\n\n{body}")
            if len(texts) >= limit:
                break
    return texts


def run(analyzer: Callable[..., Iterable[object]], texts: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) to read every token of every text. On a
    shared machine the CPU time is the steadier figure: waiting for a core is not counted."""
    started, cpu_started = time.perf_counter(), time.process_time()
    for text in texts:
        for _token in analyzer(text, positions=True):
            pass
    return time.perf_counter() - started, time.process_time() - cpu_started


def clear_archive_caches() -> None:
    plans.TEXT_CACHE.clear()
    plans.EXACT_CACHE.clear()
    plans.UNSPLIT_CACHE.clear()
    plans.ELLIPSIS_CACHE.clear()
    word_analysis.clear_caches()


def main() -> int:
    parser = argparse.ArgumentParser(description="German analysis words/s benchmark")
    parser.add_argument("--corpus", type=Path, default=os.environ.get("ARCHIVE_BENCH_CORPUS"))
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if args.corpus is None:
        parser.error("give --corpus PATH (or set ARCHIVE_BENCH_CORPUS)")

    texts = read_corpus(args.corpus, args.docs)
    words = sum(len(re.findall(r"\w+", text)) for text in texts)
    print(f"corpus: {args.corpus.name}, {len(texts)} documents, {words:,} words, "
          f"{args.rounds} rounds, Python {sys.version.split()[0]}")

    started = time.perf_counter()
    loaded = lexicon_module.lexicon()
    print(f"lexicon: {len(loaded):,} words, first load {loaded.load_seconds * 1000:.0f} ms "
          f"(in-process {1000 * (time.perf_counter() - started):.0f} ms)")

    results: dict[str, list[float]] = {}
    cpu_results: dict[str, list[float]] = {}
    for _round in range(args.rounds):
        whoosh_de = LanguageAnalyzer("de")
        timings = {"whoosh cold": run(whoosh_de, texts), "whoosh warm": run(whoosh_de, texts)}
        clear_archive_caches()
        german = GermanAnalyzer()
        timings["archive cold"] = run(german, texts)
        timings["archive warm"] = run(german, texts)
        exact = ExactAnalyzer()
        exact_wall, exact_cpu = run(exact, texts)
        timings["archive+exact warm"] = (timings["archive warm"][0] + exact_wall,
                                         timings["archive warm"][1] + exact_cpu)
        for name, (wall, cpu) in timings.items():
            results.setdefault(name, []).append(words / wall)
            cpu_results.setdefault(name, []).append(words / cpu)

    for label, table in (("wall clock", results), ("CPU time", cpu_results)):
        medians = {name: statistics.median(values) for name, values in table.items()}
        print(f"-- {label}, median of {args.rounds} rounds")
        for name, value in medians.items():
            spread = f"{min(table[name]):,.0f}..{max(table[name]):,.0f}"
            print(f"{name:20s} {value:12,.0f} words/s   (rounds: {spread})")
        print(f"ratio archive/whoosh, cold: "
              f"{medians['archive cold'] / medians['whoosh cold']:.2f}")
        print(f"ratio archive/whoosh, warm: "
              f"{medians['archive warm'] / medians['whoosh warm']:.2f}")
    print("(archive+exact: the stemmed and the exact field together, as indexing runs both)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
