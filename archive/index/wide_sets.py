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
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from whoosh import query as wq

from archive.index.docsets import (_SET_COMPOUNDS, _SegmentSets, complement_within, compound_set,
                                   live_mask_of, union_within)
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

    def evaluate(self, query: wq.Query) -> np.ndarray:
        """The live documents of the index that `query` matches (ascending)."""
        kind = type(query)
        if kind is wq.Term:
            found = self.term(query)
            if found is not None:
                return found
        elif kind in _SET_COMPOUNDS and not getattr(query, "minmatch", 0):
            return compound_set(self, query)
        return self.by_segment(query)

    def term(self, query: wq.Term) -> np.ndarray | None:
        """Live documents holding the term; None when the index-wide list cannot be had."""
        found = query_term(self.searcher, query.fieldname, query.text, self._key)
        if found is None:
            return None
        return found.ids[self.live_mask[found.ids]] if self._deleted else found.ids

    def by_segment(self, query: wq.Query) -> np.ndarray:
        """docsets' evaluation of `query` in each segment, in index-wide numbers."""
        parts = []
        for number, (_subsearcher, offset) in enumerate(self.leaves):
            local = self._segment(number).evaluate(query)
            if len(local):
                parts.append(local + offset if offset else local)
        if not parts:
            return _EMPTY
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def complement(self, found: np.ndarray) -> np.ndarray:
        """The live documents not in `found`."""
        return complement_within(found, self.live_mask)

    def union(self, parts: list[np.ndarray]) -> np.ndarray:
        """The documents of any part (ascending, without repeats)."""
        return union_within(parts, self._size)
