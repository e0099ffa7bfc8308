"""The archive's top 10 against an exhaustive ranking, query by query (issue 14's target "top-10
equal to an exhaustive ranking on 100 % of the bench's queries").

    python bench/exhaustive.py --home DIR --queries QUERIES.json [--limit 10] [--out FILE]

For every query of the benchmark (a JSON list of strings, as bench/run.py writes
`queries.json`), the reference is Whoosh's own matcher tree stepped over every document of
every segment (no block skipping, no `limit=` collector), deleted documents left out, within
the query's complete matches (the archive's total); scored documents are sorted by (-score,
document number), a score within a relative 1e-12 of the one ranked before it counting as a
tie, ties ordered by document number
(the archive sums a document's scores in the query's order, Whoosh in the order of its
per-segment matcher tree). A query agrees when the archive's top `--limit` has the same
documents in the same order with the same scores to a relative 1e-9 (the issue's bar).
Prints one line per disagreement and a summary; `--out` writes the summary as JSON.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

TIE = 1e-12
SCORE = 1e-9


def tie_ordered(scored: list[tuple[float, int]]) -> list[tuple[float, int]]:
    """(-score, document number) best first, near-equal scores ordered by document number."""
    ordered = sorted(scored)
    result: list[tuple[float, int]] = []
    run: list[tuple[float, int]] = []
    for item in ordered:
        if run and not math.isclose(item[0], run[-1][0], rel_tol=TIE):
            result.extend(sorted(run, key=lambda entry: entry[1]))
            run = []
        run.append(item)
    result.extend(sorted(run, key=lambda entry: entry[1]))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--out", type=Path)
    options = parser.parse_args()

    from archive.index.compile import compile_query
    from archive.index.docsets import matching_array
    from archive.index.generations import open_index
    from archive.index.searcher import _ranked_docnums
    from archive.live_index import current_generation
    from archive.paths import ArchivePaths
    from archive.query.parser import parse
    from archive.store import Store

    paths = ArchivePaths.resolve(str(options.home))
    with Store.open(paths.store_file) as store:
        generation, _ = current_generation(paths, store)
    queries = json.loads(options.queries.read_text(encoding="utf-8"))
    agreed, differing, started = 0, [], time.perf_counter()
    with open_index(generation).searcher() as searcher:
        for text in queries:
            query = compile_query(parse(text), text).query
            allowed = matching_array(searcher, query)
            live = set(allowed.tolist())
            scored = []
            for subsearcher, offset in searcher.subsearchers or [(searcher, 0)]:
                matcher = query.matcher(subsearcher, searcher.context())
                while matcher.is_active():
                    if offset + matcher.id() in live:
                        scored.append((-matcher.score(), offset + matcher.id()))
                    matcher.next()
            wanted = [(docnum, -score) for score, docnum in tie_ordered(scored)][:options.limit]
            got = _ranked_docnums(searcher, query, allowed, "relevance", options.limit)
            got_docnums = [docnum for docnum, _ in got]
            same = got_docnums == [docnum for docnum, _ in wanted] and all(
                math.isclose(mine, score, rel_tol=SCORE)
                for (_, mine), (_, score) in zip(got, wanted))
            if same:
                agreed += 1
            else:
                differing.append(text)
                print(f"differs: {text!r}: {got_docnums} against {[d for d, _ in wanted]}",
                      flush=True)
    summary = {"home": str(options.home), "queries": len(queries), "agreed": agreed,
               "differing": differing, "seconds": round(time.perf_counter() - started, 1)}
    print(json.dumps(summary, ensure_ascii=False))
    if options.out:
        options.out.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
