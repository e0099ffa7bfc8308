"""The exact set of documents a query matches, without stepping a matcher once per hit.

Totals and facets need every match (searcher.py). Whoosh's `docs_for_query` builds the query's
matcher tree and advances it one document at a time: linear in hits with several Python calls
per hit and per tree node. Here each segment's match set is computed as ascending numpy arrays
instead: a term's posting ids come from the segment's posting file for a long list
(archive.index.posting_files: mapped, not decoded), else are read a block at a time (Whoosh
decodes a whole block of ids at once), and And / Or / Not / Every / Prefix / NumericRange
become set operations in numpy (a binary search of the shorter array in the longer for an
intersection, a boolean mask over the segment for a long union or a complement); phrases and
compounds' near parts come from the position arrays of archive.index.positional. Any other
query type (anything this module does not know) is evaluated by Whoosh itself for that node,
on that segment, so the result is always `docs_for_query`'s:
the same document numbers, deleted documents excluded, in ascending order.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Iterable

import numpy as np
from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import qcore
from whoosh.query.wrappers import ConstantScoreQuery

from archive.errors import QueryError
from archive.index import positional, posting_files
from archive.index.compile import MAX_PREFIX_TERMS, IdSetQuery, WordPrefix
from archive.index.positional import WHOOSH_POSITIONS_VARIABLE
from archive.index.postings import Postings, cached, keep, known, peek
from archive.index.sorted_ids import unique_sorted

if TYPE_CHECKING:
    from whoosh.matching import Matcher

    from archive.index.wide_sets import WholeSets
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher


def matching_docnums(searcher: "Searcher", query: wq.Query, *,
                     for_ranking: bool = True) -> list[int]:
    """Document numbers (index-wide, ascending) of the live documents `query` matches:
    exactly `sorted(searcher.docs_for_query(query))` (`matching_array` as a list)."""
    return matching_array(searcher, query, for_ranking=for_ranking).tolist()


def matching_array(searcher: "Searcher", query: wq.Query, *,
                   for_ranking: bool = True) -> np.ndarray:
    """Document numbers (index-wide, ascending, int64) of the live documents `query` matches:
    exactly `sorted(searcher.docs_for_query(query))`. With `for_ranking` (a search, which
    ranks these lists next) each list is decoded into the ranking engine's cache; without it
    (trend, kwic) a list already there is used, any other is read for its ids alone. Long
    lists come from the segments' posting files when they have them (posting_files).

    Raises QueryError when the query's wildcards expand to more than MAX_PREFIX_TERMS words
    (`check_prefixes`): every search and export computes this set first, so such a query is
    refused before any posting is read or ranked."""
    check_prefixes(searcher.reader(), query)
    if for_ranking and searcher.subsearchers:
        # A search ranks next: the match set takes the ranking's index-wide lists.
        from archive.index.wide_sets import WholeSets

        return WholeSets(searcher).evaluate(query).copy()
    found: list[np.ndarray] = []
    for subsearcher, offset in searcher.subsearchers or [(searcher, 0)]:
        local = _SegmentSets(subsearcher, for_ranking).evaluate(query)
        if len(local):
            found.append(local + offset if offset else local)
    if not found:
        return np.empty(0, dtype=np.int64)
    # One segment's set may be a cached posting list itself: the caller gets its own copy.
    return found[0].copy() if len(found) == 1 else np.concatenate(found)


def check_prefixes(reader: "IndexReader", query: wq.Query) -> None:
    """Count the distinct words the query's wildcards expand to (over the fields each one
    searches), stopping at MAX_PREFIX_TERMS; past it, raise QueryError naming the wildcard and
    the fix. Costs at most MAX_PREFIX_TERMS steps through the term list."""
    fields_by_prefix: dict[str, tuple[WordPrefix, list[str]]] = {}
    for leaf in query.leaves():
        if isinstance(leaf, WordPrefix):
            _leaf, fields = fields_by_prefix.setdefault(leaf.shown + "\0" + leaf.text, (leaf, []))
            if leaf.fieldname not in fields:
                fields.append(leaf.fieldname)
    total = 0
    for leaf, fields in fields_by_prefix.values():
        count = _expansions(reader, leaf.text, fields, MAX_PREFIX_TERMS - total)
        if total + count > MAX_PREFIX_TERMS:
            alone = count > MAX_PREFIX_TERMS or \
                _expansions(reader, leaf.text, fields, MAX_PREFIX_TERMS) > MAX_PREFIX_TERMS
            raise _too_many(leaf, alone)
        total += count


def _expansions(reader: "IndexReader", prefix: str, fields: list[str], limit: int) -> int:
    """How many distinct words start with `prefix` in these fields, counting at most limit + 1."""
    words: set[object] = set()
    for fieldname in fields:
        for word in reader.expand_prefix(fieldname, prefix):
            words.add(word)
            if len(words) > limit:
                return len(words)
    return len(words)


def _too_many(leaf: WordPrefix, alone: bool) -> QueryError:
    """The refusal: one wildcard alone too wide, or all of them together."""
    if alone:
        reason = (f"'{leaf.shown}' matches more than {MAX_PREFIX_TERMS:,} words; "
                  "add letters to narrow it")
    else:
        reason = (f"the wildcards of the query match more than {MAX_PREFIX_TERMS:,} words "
                  f"together (reached at '{leaf.shown}'); add letters to narrow it, or use "
                  "fewer wildcards")
    return QueryError(leaf.source or leaf.shown, reason)


class _SegmentSets:
    """Set evaluation of a query tree over one segment (document numbers local to it), each
    set an ascending int64 array without repeats."""

    def __init__(self, searcher: "Searcher", for_ranking: bool = True) -> None:
        self.searcher = searcher
        self._for_ranking = for_ranking
        self.reader: "IndexReader" = searcher.reader()
        self._size = self.reader.doc_count_all()
        self._live: np.ndarray | None = None
        self._live_mask: np.ndarray | None = None
        self._deleted = self.reader.has_deletions()
        segment = self.reader.segment() if hasattr(self.reader, "segment") else None
        self._segment_id: str | None = segment.segment_id() if segment is not None else None
        if segment is not None:
            posting_files.for_segment(self.reader)  # opened (or written) once per process

    @property
    def live_mask(self) -> np.ndarray:
        """One boolean per document of the segment: not deleted."""
        if self._live_mask is None:
            self._live_mask = live_mask_of(self.reader)
        return self._live_mask

    @property
    def live(self) -> np.ndarray:
        """Every undeleted document of the segment."""
        if self._live is None:
            self._live = np.flatnonzero(self.live_mask).astype(np.int64) if self._deleted \
                else np.arange(self._size, dtype=np.int64)
        return self._live

    def evaluate(self, query: wq.Query) -> np.ndarray:
        """The live documents of this segment that `query` matches."""
        kind = type(query)
        if kind is wq.Term:
            return self.term(query.fieldname, query.text)
        if isinstance(query, (wq.And, wq.Or)) and kind in _SET_COMPOUNDS \
                and not getattr(query, "minmatch", 0):
            return compound_set(self, query)
        if kind is IdSetQuery:  # tagged or noted articles: one unique-id term each
            return self.terms("id", query.ids)
        if kind is wq.Every and query.fieldname in (None, "", "*"):
            return self.live
        if kind is wq.Prefix or kind is WordPrefix or isinstance(query, wq.TermRange):
            return self.terms(query.fieldname,
                              (text for _field, text in query.expanded_terms(self.reader)))
        if kind is wq.NumericRange:
            found = self.numeric_range(query)
            if found is not None:
                return found
        if positional.handled(query) and os.environ.get(WHOOSH_POSITIONS_VARIABLE) != "1":
            # Phrases and compounds' near parts: on the cached position arrays, the very
            # documents of Whoosh's span matchers (deleted ones already removed).
            found = positional.evaluate(self.searcher, query, scored=False)
            if found is not None:
                return unique_sorted(np.asarray(found[0], dtype=np.int64))
        # A Not outside such an And is Whoosh's inverse matcher, with its quirk; anything else
        # (a phrase this module cannot reproduce, an unknown query) is left to Whoosh.
        return unique_sorted(np.fromiter(query.docs(self.searcher), dtype=np.int64))

    def complement(self, found: np.ndarray) -> np.ndarray:
        """The live documents not in `found`."""
        return complement_within(found, self.live_mask)

    def union(self, parts: list[np.ndarray]) -> np.ndarray:
        """The documents of any part (`union_within` the segment)."""
        return union_within(parts, self._size)

    def term(self, fieldname: str, text: object) -> np.ndarray:
        """Live documents holding one term (none when the field or term is absent)."""
        quick = self._quick_term(fieldname, text)
        if quick is not None:
            return quick[self.live_mask[quick]] if self._deleted else quick
        if (fieldname, text) not in self.reader:
            return _EMPTY
        matcher = self.reader.postings(fieldname, text)
        leaf = matcher.child if isinstance(matcher, FilterMatcher) else matcher
        # The ranking engine's per-process cache of decoded lists (archive.index.postings),
        # which also reads long lists from the segment's posting file: a search decodes each
        # list once for its match set and its ranking, and a word met again (a trend after a
        # search, the next page) is not decoded at all.
        found = None
        if self._segment_id is not None and getattr(leaf, "_term", None) is not None:
            found = cached(self._segment_id, leaf) if self._for_ranking \
                else peek(self._segment_id, leaf)
        if found is not None:
            ids = found.ids
        else:
            ids = unique_sorted(np.fromiter(posting_ids(matcher), dtype=np.int64))
        return ids[self.live_mask[ids]] if self._deleted else ids

    def _quick_term(self, fieldname: str, text: object) -> np.ndarray | None:
        """A term's ids (deleted documents included) without building Whoosh's matcher,
        which reads the list's header and first block: from the decoded-postings cache, else
        from the posting file by the term's entry in Whoosh's term table (one look-up, the
        list's byte range checked against the file's). None when neither has it (or the
        reader lacks the private `_terms` / `_text_to_bytes` of whoosh-reloaded 2.7.5): the
        caller takes Whoosh's matcher."""
        table = getattr(self.reader, "_terms", None)
        to_bytes = getattr(self.reader, "_text_to_bytes", None)
        if self._segment_id is None or table is None or to_bytes is None \
                or fieldname not in self.reader.schema:
            return None
        try:
            btext = to_bytes(fieldname, text)
        except Exception:  # noqa: BLE001 - a value the field cannot hold: Whoosh's path decides
            return None
        found = known(self._segment_id, fieldname, btext)
        if found is not None:
            return found.ids
        if posting_files.opened(self._segment_id) is None:
            return None
        try:
            info = table.term_info(fieldname, btext)
        except Exception:  # noqa: BLE001 - TermNotFound and any reading problem: Whoosh's path
            return None
        arrays = posting_files.term_arrays(self._segment_id, fieldname, btext, info)
        if arrays is None:
            return None
        if self._for_ranking:  # the ranking reads the same list next
            keep(self._segment_id, fieldname, btext, Postings(arrays[0], arrays[1]))
        return arrays[0]

    def terms(self, fieldname: str, texts: Iterable[object]) -> np.ndarray:
        """Live documents holding any of these terms (empty texts skipped, as Whoosh does)."""
        return self.union([self.term(fieldname, text) for text in texts if text])

    def numeric_range(self, query: wq.NumericRange) -> np.ndarray | None:
        """A numeric range as the union of its indexed terms, None if its compiled form is not
        the usual Or of Term / TermRange (the caller then asks Whoosh)."""
        compiled = compile_numeric_range(query, self.reader)
        if isinstance(compiled, ConstantScoreQuery):  # the default: scores do not matter here
            compiled = compiled.child
        if compiled is None:
            return None
        if isinstance(compiled, type(qcore.NullQuery)):
            return _EMPTY
        parts = compiled.subqueries if type(compiled) is wq.Or else [compiled]
        found: list[np.ndarray] = []
        for part in parts:
            if type(part) is wq.Term:
                found.append(self.term(part.fieldname, part.text))
            elif type(part) is wq.TermRange:
                found.append(self.terms(part.fieldname, (text for _field, text
                                                         in part.expanded_terms(self.reader))))
            else:
                return None
        return self.union(found)


_EMPTY = np.empty(0, dtype=np.int64)


def compound_set(sets: "_SegmentSets | WholeSets", query: wq.Query) -> np.ndarray:
    """The documents of a plain And or Or, from `sets`' evaluation of its children: an
    intersection from the smallest set up, or a union."""
    subs = query.subqueries
    if not subs:
        return _EMPTY
    if isinstance(query, wq.And):
        # Whoosh's inverse matcher can yield a deleted document just after its child's last
        # match; a sibling without any Not excludes it from the intersection, so only then is
        # a Not child the plain complement (see `_SegmentSets.evaluate` for others).
        native = any(not _has_not(sub) for sub in subs)
        found_sets = [sets.complement(sets.evaluate(sub.query))
                      if native and type(sub) is wq.Not else sets.evaluate(sub)
                      for sub in subs]
        return intersect_all(found_sets)
    return sets.union([sets.evaluate(sub) for sub in subs])


def complement_within(found: np.ndarray, live_mask: np.ndarray) -> np.ndarray:
    """The numbers whose `live_mask` entry is true and that are not in `found`, ascending:
    [1], [True, True, False] -> [0]."""
    mask = live_mask.copy()
    mask[found] = False
    return np.flatnonzero(mask).astype(np.int64)


def union_within(parts: list[np.ndarray], size: int) -> np.ndarray:
    """The numbers in any of the ascending arrays `parts`, all below `size`, ascending without
    repeats: one boolean mask of `size` when the parts are long (a sort of their concatenation
    costs more), else one sort. ([1, 3], [3, 4]), 5 -> [1, 3, 4]."""
    parts = [part for part in parts if len(part)]
    if not parts:
        return _EMPTY
    if len(parts) == 1:
        return parts[0]
    if sum(len(part) for part in parts) * 16 < size:
        return unique_sorted(np.concatenate(parts))
    mask = np.zeros(size, dtype=bool)
    for part in parts:
        mask[part] = True
    return np.flatnonzero(mask).astype(np.int64)


def live_mask_of(reader: "IndexReader") -> np.ndarray:
    """One boolean per document of a segment reader: not deleted."""
    size = reader.doc_count_all()
    mask = np.ones(size, dtype=bool)
    if reader.has_deletions():
        deleted = reader.deleted_docs_set if hasattr(reader, "deleted_docs_set") \
            else set(range(size)) - set(reader.all_doc_ids())
        deleted = [d for d in deleted if 0 <= d < size]
        mask[np.fromiter(deleted, dtype=np.int64, count=len(deleted))] = False
    return mask


def intersect(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The values of both ascending arrays without repeats: each of the shorter one looked up
    in the longer by binary search, ([1, 3, 5], [3, 4, 5]) -> [3, 5]."""
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return _EMPTY
    where = np.searchsorted(b, a)
    where[where == len(b)] = 0
    return a[b[where] == a]


def intersect_all(sets: list[np.ndarray]) -> np.ndarray:
    """The values in every one of (at least one) ascending arrays, intersected from the
    shortest up, stopping once nothing is left: ([1, 2, 3], [2, 3], [3, 4]) -> [3]."""
    ordered = sorted(sets, key=len)
    found = ordered[0]
    for other in ordered[1:]:
        if not len(found):
            break
        found = intersect(found, other)
    return found


def _has_not(query: wq.Query) -> bool:
    """Whether a Not occurs anywhere in the query tree."""
    return type(query) is wq.Not or any(_has_not(child) for child in query.children())


# Whoosh's plain And / Or and the union tree the compiler uses for every Or (DefaultOr): all
# match by set semantics. Subclasses with other rules (AndMaybe, DisjunctionMax, ...) do not
# appear here and are left to Whoosh.
_SET_COMPOUNDS = (wq.And, wq.Or)
try:
    from whoosh.query.compound import DefaultOr

    _SET_COMPOUNDS = (wq.And, wq.Or, DefaultOr)
except ImportError:  # pragma: no cover - present in whoosh-reloaded 2.7.5
    pass


def posting_ids(matcher: "Matcher") -> Iterable[int]:
    """Every document number of a term's postings, deleted ones included when the matcher
    filters them (the caller removes them).

    Whoosh has no public "read the ids of a block" call, so this relies on the private block
    interface of its W3 leaf matcher (`_read_ids`, `_ids`, `_next_block`): the ids of each
    posting block come out as one decoded tuple instead of one `next()`/`id()` pair per
    posting. Any other matcher, or a Whoosh without these attributes, takes the public
    `all_ids()` path.
    """
    leaf = matcher.child if isinstance(matcher, FilterMatcher) else matcher
    read_ids = getattr(leaf, "_read_ids", None)
    next_block = getattr(leaf, "_next_block", None)
    if read_ids is None or next_block is None or not hasattr(leaf, "_ids") \
            or getattr(leaf, "_i", None) != 0:
        return matcher.all_ids()
    ids: list[int] = []
    while leaf.is_active():
        read_ids()
        ids.extend(leaf._ids)
        next_block()
    return ids


def compile_numeric_range(query: wq.NumericRange, reader: "IndexReader") -> wq.Query | None:
    """The Term / TermRange queries Whoosh turns a numeric range into, or None if they cannot
    be had. Whoosh's own matcher builds them with the private `_compile_query`; its public
    `simplify` would decode the tiered terms and lose their precision shift."""
    compile_query = getattr(query, "_compile_query", None)
    if compile_query is None:
        return None
    try:
        return compile_query(reader)
    except Exception:  # an unusual field: let Whoosh's own path raise or answer
        return None
