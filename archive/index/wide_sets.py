"""A search's match set over the whole index at once.

archive.index.docsets computes the exact set of matches segment by segment; on an index of 50
segments (100k articles written in batches) a query's words were 50 × 12 small lists and the
set operations on them, half of a warm search. A search ranks next, and the ranking engine
keeps each word's list over the whole index (archive.index.wide_terms), so the match set takes
those same lists: words, And (with the plain complement of a Not beside another condition)
and Or are evaluated once over index-wide arrays. Anything else (phrases and near parts,
wildcards, ranges, id sets, an unusual Not) is evaluated by docsets segment by segment and
shifted to index-wide numbers. The result is docsets' own: ascending index-wide numbers of
the live documents the query matches (`tests/test_index_performance_paths.py` and `tests/test_search_paths.py` compare them with Whoosh's `docs_for_query`).

Costly parts are evaluated only where they can matter: in an And, the parts made of words alone
are intersected first, and a part holding a phrase, a compound's near parts or a wildcard is
then evaluated within that intersection (`within`): segment by segment only in the segments
that still hold candidates. A search for a rare word beside a compound ("Stromnetzbetreiber
Bonn1x2") reads the compound's positions in the rare word's segments alone, not in all 20 to
50 segments of a large index. The result is the same set: each part's documents within the
candidates are exactly its documents intersected with them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from whoosh import query as wq

from archive.index.docsets import (_SET_COMPOUNDS, _SegmentSets, _has_not, complement_within,
                                   compound_set, intersect, intersect_all, live_mask_of,
                                   union_within)
from archive.index.sorted_ids import within_range
from archive.index.segment_caches import segments_key
from archive.index.wide_terms import query_term

if TYPE_CHECKING:
    from whoosh.searching import Searcher

_EMPTY = np.empty(0, dtype=np.int64)


class WholeSets:
    """Set evaluation of a query tree over every segment of a searcher at once."""

    def __init__(self, searcher: "Searcher") -> None:
        self.searcher = searcher
        self.leaves = list(searcher.subsearchers or [(searcher, 0)])
        self._segments: dict[int, _SegmentSets] = {}
        self._size = sum(sub.reader().doc_count_all() for sub, _offset in self.leaves)
        self._live_mask: np.ndarray | None = None
        self._deleted = any(sub.reader().has_deletions() for sub, _offset in self.leaves)
        self._key = segments_key(searcher.reader())

    @property
    def live_mask(self) -> np.ndarray:
        """One boolean per document of the index: not deleted."""
        if self._live_mask is None:
            if not self._deleted:
                self._live_mask = np.ones(self._size, dtype=bool)
            else:
                self._live_mask = np.concatenate([live_mask_of(sub.reader())
                                                  for sub, _offset in self.leaves])
        return self._live_mask

    def _segment(self, number: int) -> _SegmentSets:
        found = self._segments.get(number)
        if found is None:
            found = self._segments[number] = _SegmentSets(self.leaves[number][0], True)
        return found

    def evaluate(self, query: wq.Query, within: np.ndarray | None = None) -> np.ndarray:
        """The live documents of the index that `query` matches (ascending); with `within`
        (ascending index-wide numbers), only those of them in `within`."""
        if within is not None and not len(within):
            return _EMPTY
        kind = type(query)
        if kind is wq.Term:
            found = self.term(query)
            if found is not None:
                return found if within is None else intersect(found, within)
        elif kind in _SET_COMPOUNDS and not getattr(query, "minmatch", 0):
            if within is None and not _costly(query):
                return compound_set(self, query)
            return self._compound(query, within)
        return self.by_segment(query, within)

    def _compound(self, query: wq.Query, within: np.ndarray | None) -> np.ndarray:
        """A plain And or Or holding costly parts (or asked `within` candidates)."""
        subs = query.subqueries
        if not subs:
            return _EMPTY
        if not isinstance(query, wq.And):
            return self.union([self.evaluate(sub, within) for sub in subs])
        if all(_has_not(sub) for sub in subs):
            # Only Not children: Whoosh's inverse matchers decide, as in compound_set.
            found = compound_set(self, query)
            return found if within is None else intersect(found, within)
        # The candidates: the sets of the parts made of words alone, and of each costly part
        # the words it cannot match without (`_bound`), intersected from the smallest up; then
        # each costly part evaluated within the candidates left, and each Not child's
        # documents taken out (a plain complement, as in compound_set: a sibling holds no Not).
        positives = [sub for sub in subs if type(sub) is not wq.Not]
        costly = [sub for sub in positives if _costly(sub)]
        sets = [self._bound(sub, within) if _costly(sub) else self.evaluate(sub, within)
                for sub in positives]
        known = [found for found in sets if found is not None]
        found = intersect_all(known) if known else within
        for sub in costly:
            if found is not None and not len(found):
                return _EMPTY
            found = self.evaluate(sub, found)
        for sub in subs:
            if type(sub) is not wq.Not:
                continue
            if found is None:
                found = self.complement(self.evaluate(sub.query))
                continue
            if not len(found):
                return _EMPTY
            keep = np.ones(len(found), dtype=bool)
            keep[np.searchsorted(found, self.evaluate(sub.query, found))] = False
            found = found[keep]
        assert found is not None
        return found

    def _bound(self, query: wq.Query, within: np.ndarray | None) -> np.ndarray | None:
        """A superset of `query`'s documents (within `within`) from its words alone, None when
        its words do not bound it: a compound's near parts need every part's words, so the
        And holding them is bounded by their intersection; an Or by the union of its
        children's bounds; a phrase, wildcard or Not is not bounded here."""
        kind = type(query)
        if kind is wq.Term:
            return self.evaluate(query, within)
        if kind not in _SET_COMPOUNDS or getattr(query, "minmatch", 0) or not query.subqueries:
            return None
        bounds = [self._bound(sub, within) for sub in query.subqueries
                  if type(sub) is not wq.Not]
        if not isinstance(query, wq.And):
            if any(bound is None for bound in bounds) or len(bounds) < len(query.subqueries):
                return None
            return self.union(bounds)  # type: ignore[arg-type]
        known = [bound for bound in bounds if bound is not None]
        return intersect_all(known) if known else None

    def term(self, query: wq.Term) -> np.ndarray | None:
        """Live documents holding the term; None when the index-wide list cannot be had."""
        found = query_term(self.searcher, query.fieldname, query.text, self._key)
        if found is None:
            return None
        return found.ids[self.live_mask[found.ids]] if self._deleted else found.ids

    def by_segment(self, query: wq.Query, within: np.ndarray | None = None) -> np.ndarray:
        """docsets' evaluation of `query` in each segment, in index-wide numbers; with
        `within`, only in the segments holding some of those numbers, and only those."""
        parts = []
        for number, (subsearcher, offset) in enumerate(self.leaves):
            candidates = None
            if within is not None:
                candidates = within_range(within, offset,
                                          offset + subsearcher.reader().doc_count_all())
                if not len(candidates):
                    continue
            local = self._segment(number).evaluate(query)
            if len(local):
                local = local + offset if offset else local
                parts.append(local if candidates is None else intersect(local, candidates))
        if not parts:
            return _EMPTY
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def complement(self, found: np.ndarray) -> np.ndarray:
        """The live documents not in `found`."""
        return complement_within(found, self.live_mask)

    def union(self, parts: list[np.ndarray]) -> np.ndarray:
        """The documents of any part (ascending, without repeats)."""
        return union_within(parts, self._size)


def _costly(query: wq.Query) -> bool:
    """Whether evaluating `query` goes segment by segment somewhere (a phrase, a compound's
    near parts, a wildcard, a range, ...) rather than over index-wide word lists alone."""
    kind = type(query)
    if kind is wq.Term:
        return False
    if kind is wq.Not:
        return _costly(query.query)
    if kind in _SET_COMPOUNDS and not getattr(query, "minmatch", 0):
        return any(_costly(sub) for sub in query.subqueries)
    return True
