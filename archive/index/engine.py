"""The archive's own ranked search: BM25F over whole posting lists with numpy, exact top-k.

Whoosh ranks by stepping a tree of matchers one posting at a time: several Python calls per
posting and per tree node (`is_active`, `id`, `skip_to`, `score`), which was most of a warm
query. Here the same tree is evaluated list by list:

1. For each segment, Whoosh builds the query's matcher tree, as it would to rank (this is
   cheap: it looks terms up and reads no posting block beyond the first). The tree's shape
   (Whoosh orders the branches of And / Or by estimated size) fixes the order in which scores
   are added, so following it gives the very same floating-point sums.
2. The tree is evaluated bottom-up into (ascending document numbers, scores) arrays: a term's
   postings (archive.index.postings, decoded once per process) are scored with BM25F in numpy
   using the term's own Whoosh scorer's idf, average field length, B and K1 and the segment's
   field lengths (archive.index.lengths), the same operations in the same order as
   `whoosh.scoring.bm25`; a union adds the scores of both sides where both match, an
   intersection keeps common documents with both scores added, an And-Not keeps the left
   side's scores, a boost multiplies, the reader's deletion filter drops documents.
3. Phrases and the near parts of compounds never reach Whoosh's span matchers: before the
   tree is built, archive.index.positional replaces those query nodes by nodes it evaluates on
   arrays of positions (their matcher carries the finished ids and scores). Any other matcher
   (the inverse matcher of a Not; constant-score wildcard expansions; anything unknown) is
   stepped by Whoosh itself, only over the documents its sibling in an intersection (or the
   allowed set) leaves: exactly the documents and scores Whoosh's own tree would produce.
4. The exact top `wanted` over all segments by (-score, document number), as the archive's
   exhaustive collector did (archive.index.searcher).

The result is Whoosh's ranking, bit for bit in the tests (tests/test_ranking_exhaustive.py
compares with Whoosh's own matchers stepped over every document). `rank` returns None when the
searcher's weighting is not Whoosh's BM25F (the caller then ranks with Whoosh).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

import numpy as np
from whoosh.matching import mcore
from whoosh.matching.binary import AndNotMatcher, IntersectionMatcher, UnionMatcher
from whoosh.matching.wrappers import FilterMatcher, WrappingMatcher
from whoosh.scoring import BM25F, BM25FScorer, WeightScorer

import os

from archive.index.lengths import field_lengths
from archive.index.positional import WHOOSH_POSITIONS_VARIABLE, ArrayMatcher, substitute
from archive.index.positions import bm25f
from archive.index.postings import cached
from archive.index.sorted_ids import first_of_each, union


if TYPE_CHECKING:
    from whoosh import query as wq
    from whoosh.matching import Matcher
    from whoosh.searching import Searcher


@dataclass(frozen=True)
class Scored:
    """Matches of a matcher tree in one segment: ascending local document numbers, scores."""

    ids: np.ndarray
    scores: np.ndarray


_EMPTY = Scored(np.empty(0, np.int64), np.empty(0, np.float64))


def rank(searcher: "Searcher", query: "wq.Query", allowed: Iterable[int] | None,
         wanted: int) -> list[tuple[int, float]] | None:
    """The first `wanted` (index-wide document number, score) of the matches of `query` that
    are in `allowed` (None: every live match), best first, ties by lower document number;
    None if this engine cannot rank with the searcher's weighting."""
    if type(searcher.weighting) is not BM25F:
        return None
    allowed_array = None
    if isinstance(allowed, np.ndarray):  # a match set of archive.index.docsets: ascending
        allowed_array = allowed.astype(np.int64, copy=False)
    elif allowed is not None:
        allowed_array = np.fromiter(allowed, dtype=np.int64)
        allowed_array.sort()
    if os.environ.get(WHOOSH_POSITIONS_VARIABLE) != "1":
        query = substitute(query)
    context = searcher.context()
    all_ids: list[np.ndarray] = []
    all_scores: list[np.ndarray] = []
    for subsearcher, offset in searcher.subsearchers or [(searcher, 0)]:
        within = None
        if allowed_array is not None:
            size = subsearcher.reader().doc_count_all()
            first, last = np.searchsorted(allowed_array, [offset, offset + size])
            if first == last:
                continue
            within = allowed_array[first:last] - offset
        matcher = query.matcher(subsearcher, context)
        scored = _Segment(subsearcher).evaluate(matcher, within)
        ids, scores = scored.ids, scored.scores
        if within is not None and len(ids):
            keep = np.isin(ids, within, assume_unique=True)
            ids, scores = ids[keep], scores[keep]
        if len(ids):
            all_ids.append(ids + offset)
            all_scores.append(scores)
    if not all_ids:
        return []
    return top(np.concatenate(all_ids), np.concatenate(all_scores), wanted)


def top(docnums: np.ndarray, scores: np.ndarray, wanted: int) -> list[tuple[int, float]]:
    """The `wanted` best (document number, score) pairs by (-score, document number)."""
    if wanted <= 0:
        return []
    if len(scores) > 2 * wanted + 64:
        # Everything scoring at least the wanted-th best score (ties included) can be in the
        # top; the rest cannot.
        threshold = np.partition(scores, len(scores) - wanted)[len(scores) - wanted]
        keep = scores >= threshold
        docnums, scores = docnums[keep], scores[keep]
    order = np.lexsort((docnums, -scores))[:wanted]
    return [(int(docnums[i]), float(scores[i])) for i in order]


class _Segment:
    """Evaluation of matcher trees over one segment."""

    def __init__(self, searcher: "Searcher") -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        segment = self.reader.segment() if hasattr(self.reader, "segment") else None
        self.segment_id = segment.segment_id() if segment is not None else None
        self._sets: dict[int, np.ndarray] = {}

    def _listed(self, ids: set[int] | frozenset[int]) -> np.ndarray:
        """A filter's id set as an array (the reader's deletions: one set for every leaf)."""
        found = self._sets.get(id(ids))
        if found is None:
            found = self._sets[id(ids)] = np.fromiter(ids, dtype=np.int64, count=len(ids))
        return found

    def evaluate(self, matcher: "Matcher", within: np.ndarray | None) -> Scored:
        """The matcher's documents and scores. Documents outside `within` (ascending local
        numbers; None: no restriction) may be left out: the caller drops them anyway."""
        kind = type(matcher)
        if kind is ArrayMatcher:  # computed whole by archive.index.positional
            return Scored(matcher.ids, matcher.scores)
        if kind is mcore.NullMatcherClass or not matcher.is_active():
            return _EMPTY
        if kind is UnionMatcher:
            return _union(self.evaluate(matcher.a, within), self.evaluate(matcher.b, within))
        if kind is IntersectionMatcher:
            return self._intersection(matcher.a, matcher.b, within)
        if kind is AndNotMatcher:
            left = self.evaluate(matcher.a, within)
            if not len(left.ids):
                return _EMPTY
            right = self.evaluate(matcher.b, left.ids)
            keep = ~np.isin(left.ids, right.ids, assume_unique=True)
            return Scored(left.ids[keep], left.scores[keep])
        if kind is WrappingMatcher:
            inner = self.evaluate(matcher.child, within)
            return inner if matcher.boost == 1.0 else Scored(inner.ids,
                                                               inner.scores * matcher.boost)
        if kind is FilterMatcher and isinstance(matcher._ids, (set, frozenset)):
            inner = self.evaluate(matcher.child, within)
            listed = np.isin(inner.ids, self._listed(matcher._ids))
            keep = ~listed if matcher._exclude else listed
            scores = inner.scores[keep]
            return Scored(inner.ids[keep], scores if matcher.boost == 1.0
                          else scores * matcher.boost)
        if _is_leaf(matcher):
            scored = self.leaf(matcher)
            if scored is not None:
                return scored
        return _step(matcher, within)

    def _intersection(self, a: "Matcher", b: "Matcher", within: np.ndarray | None) -> Scored:
        """Both sides' common documents, scores added (a + b, as Whoosh adds them). The side
        this module evaluates itself goes first, so a stepped side only visits its matches."""
        if _native(b) and not _native(a):
            right = self.evaluate(b, within)
            left = self.evaluate(a, right.ids) if len(right.ids) else _EMPTY
        else:
            left = self.evaluate(a, within)
            right = self.evaluate(b, left.ids) if len(left.ids) else _EMPTY
        if not len(left.ids) or not len(right.ids):
            return _EMPTY
        ids, in_left, in_right = np.intersect1d(left.ids, right.ids, assume_unique=True,
                                                return_indices=True)
        return Scored(ids, left.scores[in_left] + right.scores[in_right])

    def leaf(self, matcher: "Matcher") -> Scored | None:
        """A term's postings scored by its scorer, or None for a scorer this module does not
        reproduce (the caller steps the matcher)."""
        scorer = getattr(matcher, "scorer", None)
        term = getattr(matcher, "_term", None)
        if term is None or self.segment_id is None:
            return None
        if type(scorer) is BM25FScorer:
            if field_lengths(self.reader, term[0]) is None:
                return None
            postings = cached(self.segment_id, matcher)
            scores = bm25f(self.reader, scorer, term[0], postings.ids, postings.weights)
            return None if scores is None else Scored(postings.ids, scores)
        if type(scorer) is WeightScorer:
            postings = cached(self.segment_id, matcher)
            return Scored(postings.ids, postings.weights.astype(np.float64))
        return None


def _is_leaf(matcher: "Matcher") -> bool:
    return isinstance(matcher, mcore.LeafMatcher)


def _native(matcher: "Matcher") -> bool:
    """Whether `evaluate` handles the whole tree without stepping Whoosh's matchers."""
    kind = type(matcher)
    if kind in (UnionMatcher, IntersectionMatcher, AndNotMatcher):
        return _native(matcher.a) and _native(matcher.b)
    if kind in (WrappingMatcher, FilterMatcher):
        return _native(matcher.child)
    return kind is mcore.NullMatcherClass or kind is ArrayMatcher or (
        _is_leaf(matcher) and type(getattr(matcher, "scorer", None)) in (BM25FScorer, WeightScorer))


def _union(a: Scored, b: Scored) -> Scored:
    """Documents of either side; where both match, a's score plus b's (Whoosh's order)."""
    if not len(a.ids):
        return b
    if not len(b.ids):
        return a
    ids = union(a.ids, b.ids)
    scores = np.zeros(len(ids), dtype=np.float64)
    # 0.0 + a is a exactly, so a document of both sides gets (a + b), as in UnionMatcher.
    scores[np.searchsorted(ids, a.ids)] += a.scores
    scores[np.searchsorted(ids, b.ids)] += b.scores
    return Scored(ids, scores)


def _step(matcher: "Matcher", within: np.ndarray | None) -> Scored:
    """Whoosh's own matcher, stepped: every match, or only those in `within` (by skip_to, as
    an intersection drives it)."""
    ids: list[int] = []
    scores: list[float] = []
    if within is None:
        while matcher.is_active():
            ids.append(matcher.id())
            scores.append(matcher.score())
            matcher.next()
    else:
        for target in within.tolist():
            if not matcher.is_active():
                break
            if matcher.id() < target:
                matcher.skip_to(target)
                if not matcher.is_active():
                    break
            if matcher.id() == target:
                ids.append(target)
                scores.append(matcher.score())
    if not ids:
        return _EMPTY
    found = np.array(ids, dtype=np.int64)
    values = np.array(scores, dtype=np.float64)
    if len(found) > 1 and not np.all(found[1:] > found[:-1]):  # never expected; keep it sound
        found, first = first_of_each(found)
        values = values[first]
    return Scored(found, values)
