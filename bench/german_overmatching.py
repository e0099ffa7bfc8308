"""Hit counts and search times of over-matching-prone queries on real news articles.

Imports the first N articles of the corpus into a fresh archive through the CLI, then runs each
query (`archive search --format json`) and prints its hit count, the hits whose text holds the
query word as written (a rough lower bound of the true hits) and the median search time:

    python bench/german_overmatching.py --corpus ../shared/corpora/fang-covid-20k.jsonl.gz \\
        --docs 3000 --home /tmp/overmatching-archive
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402

from archive.cli import cli  # noqa: E402

QUERIES = ("Wahl", "Wähler", "=Wähler", "Wähler:innen", "Wärmepumpe", "Lehrer", "Lehre",
           "Klimaschutzgesetz", "Gesundheitsminister", "Impfstoffmangel", "Regierungschef",
           "Telefonat", "Kündigung", "Explosion", "Übernahme", "Zeitung", "Bildung")


def _hits(home: Path, query: str) -> tuple[list[str], float]:
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["--home", str(home), "search", query, "--format", "json",
                                      "--limit", "10000"])
    elapsed = time.perf_counter() - started
    if result.exit_code != 0:
        raise SystemExit(f"{query}: {result.output}")
    return [hit["id"] for hit in json.loads(result.stdout)["hits"]], elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    if not args.home.exists():
        articles = corpus.read_corpus(args.corpus)[: args.docs]
        folder = args.home.parent / (args.home.name + "-input")
        corpus.write_import_files(articles, folder)
        result = CliRunner().invoke(cli, ["--home", str(args.home), "import", str(folder)])
        print(result.output.strip().splitlines()[-1])
    for query in QUERIES:
        times = []
        for _ in range(args.rounds):
            hits, elapsed = _hits(args.home, query)
            times.append(elapsed)
        print(f"{query:22} {len(hits):6d} hits  {statistics.median(times) * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
