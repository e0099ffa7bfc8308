"""The analysis caches under given limits: CPU time to analyse the first `--docs` articles with
both analyzers (every token, as indexing reads them), and each cache's entries, clears and size.

    python bench/cache_limits.py --docs 2000 [--limits PLANS,DECOMPOUND,STEMS,WORDS] [--corpus PATH]

Run one process per set of limits, side by side, so the machine's load hits them alike. The
size of a cache is the deep size of its keys and values (each object counted once), so it is
what clearing the cache could free; divided by the entries it gives the bytes per entry that
the limits are chosen with (docs/performance.md, "The 20k import bounded").
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench_analysis import read_corpus

from archive.german import decompound, plans, stem_overrides, word_analysis
from archive.index.analysis import ExactAnalyzer, GermanAnalyzer

DEFAULT_CORPUS = Path("../shared/corpora/fang-covid-20k.jsonl.gz")


def deep_size(cache: dict[object, object]) -> int:
    """Bytes of the dict, its keys and values, nested tuples followed, each object once."""
    seen: set[int] = set()
    total = sys.getsizeof(cache)
    stack: list[object] = [*cache.keys(), *cache.values()]
    while stack:
        item = stack.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        total += sys.getsizeof(item)
        if isinstance(item, (tuple, list)):
            stack.extend(item)
    return total


def main() -> None:
    """Set the limits, analyse the articles, print CPU time and each cache's figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--limits", default=None,
                        help="PLANS,DECOMPOUND,STEMS,WORDS entries (default: the archive's)")
    args = parser.parse_args()
    texts = read_corpus(args.corpus, args.docs)
    german, exact = GermanAnalyzer(), ExactAnalyzer()
    list(german("Satellitensysteme", positions=True))  # the lexicon loaded before timing
    caches = {"text plans": plans.TEXT_CACHE, "exact plans": plans.EXACT_CACHE,
              "ellipsis plans": plans.ELLIPSIS_CACHE,
              "decompound modifiers": decompound._MODIFIER_CACHE,
              "decompound heads": decompound._HEAD_CACHE,
              "decompound splits": decompound._SPLIT_CACHE,
              "stems": stem_overrides._STEMS_CACHE, "word analyses": word_analysis._CACHE}
    for cache in caches.values():
        cache.clear()
    if args.limits:
        (plans._CACHE_LIMIT, decompound._CACHE_LIMIT, stem_overrides._CACHE_LIMIT,
         word_analysis._CACHE_LIMIT) = map(int, args.limits.split(","))
    print(f"limits: plans {plans._CACHE_LIMIT}, decompound {decompound._CACHE_LIMIT}, stems "
          f"{stem_overrides._CACHE_LIMIT}, word analyses {word_analysis._CACHE_LIMIT}")
    clears = dict.fromkeys(caches, 0)
    started = time.process_time()
    for text in texts:
        before = {name: len(cache) for name, cache in caches.items()}
        for analyzer in (german, exact):
            for _token in analyzer(text, positions=True):
                pass
        for name, cache in caches.items():
            clears[name] += len(cache) < before[name]
    print(f"{len(texts)} articles: CPU {time.process_time() - started:.1f} s")
    for name, cache in caches.items():
        size = deep_size(cache)
        print(f"  {name}: {len(cache)} entries, {clears[name]} clears, {size / 2**20:.0f} MB, "
              f"{size // max(len(cache), 1)} bytes per entry")


if __name__ == "__main__":
    main()
