"""The analysis caches stay within their limits (the import's memory is bounded by them), and
emptying a full cache never changes what the analysis gives: the same seed texts analysed with
caches far too small to hold them give exactly the tokens of caches large enough."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conftest import SEEDS

from archive.german import decompound, families, plans, stem_overrides, word_analysis
from archive.index.analysis import ExactAnalyzer, GermanAnalyzer


def caches() -> dict[str, tuple[dict[object, object], int]]:
    """Every per-word cache of the analysis chain with its limit, read at call time."""
    return {
        "plans text": (plans.TEXT_CACHE, plans._CACHE_LIMIT),
        "plans exact": (plans.EXACT_CACHE, plans._CACHE_LIMIT),
        "plans unsplit": (plans.UNSPLIT_CACHE, plans._CACHE_LIMIT),
        "plans ellipsis": (plans.ELLIPSIS_CACHE, plans._CACHE_LIMIT),
        "decompound modifier": (decompound._MODIFIER_CACHE, decompound._CACHE_LIMIT),
        "decompound head": (decompound._HEAD_CACHE, decompound._CACHE_LIMIT),
        "decompound split": (decompound._SPLIT_CACHE, decompound._CACHE_LIMIT),
        "stems": (stem_overrides._STEMS_CACHE, stem_overrides._CACHE_LIMIT),
        "words": (word_analysis._CACHE, word_analysis._CACHE_LIMIT),
    }


def empty_all() -> None:
    for cache, _limit in caches().values():
        cache.clear()
    families.clear_caches()


def seed_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]


def analysed(texts: list[str], check_limits: bool) -> Iterator[tuple[object, ...]]:
    """Every token of every text through both analyzers; with `check_limits`, each cache is
    checked against its limit after every text."""
    for text in texts:
        for analyzer in (GermanAnalyzer(), ExactAnalyzer()):
            for token in analyzer(text, positions=True, chars=True):
                yield token.text, token.pos, token.startchar, token.endchar
        if check_limits:
            for name, (cache, limit) in caches().items():
                assert len(cache) <= limit, name


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    empty_all()
    yield
    empty_all()


def test_small_caches_stay_within_their_limits_and_give_the_same_tokens(
        fresh_caches: None, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = seed_texts()
    roomy = list(analysed(texts, check_limits=True))
    # The seed texts' words filled each cache beyond the small limits used below (the seeds
    # have few elliptical conjuncts and first names before compounds).
    filled = {name: len(cache) for name, (cache, _limit) in caches().items()}
    assert min(filled[name] for name in filled
               if name not in ("plans unsplit", "plans ellipsis")) > 40
    assert filled["plans ellipsis"]
    empty_all()
    for module in (plans, decompound, stem_overrides, word_analysis):
        monkeypatch.setattr(module, "_CACHE_LIMIT", 7)
    cramped = list(analysed(texts, check_limits=True))
    assert cramped == roomy
