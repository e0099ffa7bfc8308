"""The archive's own ranked search: BM25F over whole posting lists with numpy, exact top-k.

Whoosh ranks by stepping a tree of matchers one posting at a time, built anew for every
segment: several Python calls per posting and per tree node, and on an index of many segments
(a 100k archive written in batches has 50) building the trees alone was most of a warm search.
Here a query is evaluated once over the whole index (`_Whole`):

1. A word in one field is its index-wide list (archive.index.wide_terms): every segment's
   postings shifted to index-wide document numbers, scored with BM25F in numpy using the
   index-wide idf and average field length (Whoosh takes both from the top-level searcher, so
   a score does not depend on the segment) and B and K1 of the searcher's weighting, the same
   operations in the same order as `whoosh.scoring.bm25`.
2. Or adds the scores of both sides where both match, And keeps common documents with both
   scores added, a Not child of an And removes its documents and adds 1.0 (the score Whoosh's
   inverse matcher adds in an intersection), And-Not keeps the left side's scores, a boost
   multiplies. Scores are added in the query's order; Whoosh adds them in the order of its
   matcher tree, which orders the branches of And / Or by their estimated size in each
   segment, so a score may differ from Whoosh's in the last bits (tests: relative 1e-12).
3. Phrases and the near parts of compounds never reach Whoosh's span matchers:
   archive.index.positional replaces those query nodes by nodes it evaluates on arrays of
   positions, per segment. Those and any other node (constant-score wildcard expansions, a Not
   outside an And, anything unknown) are evaluated segment by segment (`_Segment`) through
   Whoosh's matcher of that node alone, stepped only over the allowed documents, and shifted
   to index-wide numbers.
4. Deleted documents are dropped with the allowed set (or the live documents), and the exact
   top `wanted` is taken by (-score, document number): documents whose scores are equal are
   ties, broken by the lower document number.

tests/test_ranking_exhaustive.py compares the result with Whoosh's own matchers stepped over
every document. `rank` returns None when the searcher's weighting is not Whoosh's BM25F (the
caller then ranks with Whoosh).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

import numpy as np
from whoosh import query as wq
from whoosh.matching import mcore
from whoosh.matching.binary import AndNotMatcher, IntersectionMatcher, UnionMatcher
from whoosh.matching.wrappers import FilterMatcher, WrappingMatcher
from whoosh.query.compound import DefaultOr
from whoosh.scoring import BM25F, BM25FScorer, WeightScorer

from archive.index.docsets import live_mask_of
from archive.index.lengths import field_lengths
from archive.index.positional import WHOOSH_POSITIONS_VARIABLE, ArrayMatcher, substitute
from archive.index.positions import bm25f
from archive.index.postings import cached
from archive.index.segment_caches import segments_key
from archive.index.sorted_ids import first_of_each, union, within_range
from archive.index.wide_terms import query_term

if TYPE_CHECKING:
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
    whole = _Whole(searcher, allowed_array)
    scored = whole.evaluate(query)
    ids, scores = scored.ids, scored.scores
    if len(ids):
        keep = np.isin(ids, allowed_array if allowed_array is not None else whole.live(),
                       assume_unique=True)
        ids, scores = ids[keep], scores[keep]
    if not len(ids):
        return []
    return top(ids, scores, wanted)


class _Whole:
    """Evaluation of a query over the whole index at once (archive.index.wide_terms): words,
    Or, And (with Not children) and And-Not on index-wide arrays; any other node segment by
    segment through its Whoosh matcher (`_Segment`), shifted to index-wide numbers. Deleted
    documents may be in the result: the caller keeps only allowed or live ones.

    Scores are summed in the query's order, not in the order of Whoosh's matcher tree (which
    orders the branches by their estimated size in each segment), so a score may differ from
    Whoosh's in the last bits; the ranking breaks ties by document number."""

    def __init__(self, searcher: "Searcher", allowed: np.ndarray | None) -> None:
        self.searcher = searcher
        self.context = searcher.context()
        self.allowed = allowed
        self.key = segments_key(searcher.reader())

    def evaluate(self, query: "wq.Query") -> Scored:
        """The documents `query` matches and their scores (ascending index-wide numbers)."""
        kind = type(query)
        if kind is wq.Term:
            return self.term(query)
        if kind in (wq.Or, DefaultOr) and not query.minmatch and not query.scale:
            subs = query.subqueries
            if len(subs) <= 1:  # Whoosh uses the one matcher as it is (no boost)
                return self.evaluate(subs[0]) if subs else _EMPTY
            found = self.evaluate(subs[0])
            for sub in subs[1:]:
                found = _union(found, self.evaluate(sub))
            return _boosted(found, query.boost)
        if kind is wq.And:
            return self.conjunction(query)
        if kind is wq.AndNot:
            left = self.evaluate(query.a)
            if not len(left.ids):
                return _EMPTY
            right = self.evaluate(query.b)
            keep = ~np.isin(left.ids, right.ids, assume_unique=True)
            return Scored(left.ids[keep], left.scores[keep])
        if kind is wq.NullQuery.__class__:
            return _EMPTY
        return self.by_segment(query)

    def term(self, query: "wq.Term") -> Scored:
        """A word's postings in one field, scored (and boosted) as Whoosh's term matcher."""
        found = query_term(self.searcher, query.fieldname, query.text, self.key)
        if found is None:
            return self.by_segment(query)
        return _boosted(Scored(found.ids, found.scores), query.boost)

    def conjunction(self, query: "wq.And") -> Scored:
        """Documents of every child; a Not child removes its documents and adds the score of
        Whoosh's inverse matcher (1.0) to each document kept, as Whoosh's intersection does."""
        subs = query.subqueries
        if len(subs) == 1:
            return self.evaluate(subs[0])
        negatives = [sub for sub in subs if type(sub) is wq.Not]
        positives = [sub for sub in subs if type(sub) is not wq.Not]
        if not subs or not positives:
            return self.by_segment(query) if subs else _EMPTY
        found = self.evaluate(positives[0])
        for sub in positives[1:]:
            if not len(found.ids):
                return _EMPTY
            found = _intersection(found, self.evaluate(sub))
        for negative in negatives:
            if not len(found.ids):
                return _EMPTY
            excluded = self.evaluate(negative.query).ids
            keep = ~np.isin(found.ids, excluded, assume_unique=True)
            found = Scored(found.ids[keep], found.scores[keep] + 1.0)
        return _boosted(found, query.boost)

    def by_segment(self, query: "wq.Query") -> Scored:
        """Whoosh's matcher of `query` in each segment, evaluated by `_Segment`."""
        all_ids: list[np.ndarray] = []
        all_scores: list[np.ndarray] = []
        for subsearcher, offset in self.searcher.subsearchers or [(self.searcher, 0)]:
            within = None
            if self.allowed is not None:
                part = within_range(self.allowed, offset,
                                    offset + subsearcher.reader().doc_count_all())
                if not len(part):
                    continue
                within = part - offset
            matcher = query.matcher(subsearcher, self.context)
            scored = _Segment(subsearcher).evaluate(matcher, within)
            if len(scored.ids):
                all_ids.append(scored.ids + offset)
                all_scores.append(scored.scores)
        if not all_ids:
            return _EMPTY
        return Scored(np.concatenate(all_ids), np.concatenate(all_scores))

    def live(self) -> np.ndarray:
        """Every document of the index that is not deleted."""
        parts = [np.flatnonzero(live_mask_of(subsearcher.reader())) + offset
                 for subsearcher, offset in self.searcher.subsearchers or [(self.searcher, 0)]]
        return np.concatenate(parts).astype(np.int64) if parts else np.empty(0, np.int64)


def _boosted(found: Scored, boost: float) -> Scored:
    return found if boost == 1.0 else Scored(found.ids, found.scores * boost)


def _intersection(a: Scored, b: Scored) -> Scored:
    """Documents of both sides, a's score plus b's."""
    if not len(a.ids) or not len(b.ids):
        return _EMPTY
    ids, in_a, in_b = np.intersect1d(a.ids, b.ids, assume_unique=True, return_indices=True)
    return Scored(ids, a.scores[in_a] + b.scores[in_b])


# Scores this close (relative to the score ranked before) are ties: a document's score is a
# sum whose order can differ between segments (a stem's written forms differ per segment) and
# from Whoosh's, so equal documents may differ in the last bits.
TIE_TOLERANCE = 1e-12


def top(docnums: np.ndarray, scores: np.ndarray, wanted: int) -> list[tuple[int, float]]:
    """The `wanted` best (document number, score) pairs by (-score, document number), a score
    within a relative TIE_TOLERANCE of the one ranked before it counting as a tie."""
    if wanted <= 0:
        return []
    if len(scores) > 2 * wanted + 64:
        # Everything scoring at least about the wanted-th best score (ties included) can be
        # in the top; the rest cannot.
        threshold = np.partition(scores, len(scores) - wanted)[len(scores) - wanted]
        keep = scores >= threshold - abs(threshold) * 1e-9
        docnums, scores = docnums[keep], scores[keep]
    order = np.lexsort((docnums, -scores))
    docnums, scores = docnums[order], scores[order]
    if len(scores) > 1:
        # Runs of near-equal scores, each ordered by document number.
        gaps = scores[:-1] - scores[1:] > TIE_TOLERANCE * np.abs(scores[:-1])
        runs = np.concatenate(([0], np.cumsum(gaps)))
        order = np.lexsort((docnums, runs))
        docnums, scores = docnums[order], scores[order]
    return [(int(docnums[i]), float(scores[i])) for i in range(min(wanted, len(docnums)))]


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
