"""What a search reads of a segment's terms, kept across searches: term entries, idf values
and total field lengths.

Every search opens a new searcher, so Whoosh reads each term's entry from the segment's hash
table again: for its matcher, its score's bounds, and the size estimates by which it orders a
query's tree — per segment. On an index of 50 segments (100k articles written in batches) a
long query's forms and compound parts made ~25,000 such look-ups, a third of its time. A
segment never changes once written, so an entry read once stays true for it: this keeps the
raw entries by (segment id, field, term), bounded in number, and decodes them as Whoosh does.
Whoosh's idf of a term and a field's total length depend on the segments alone (counts with
deleted documents), so one searcher's values serve every later searcher of the same segments.

The wrapper relies on the private attributes of whoosh-reloaded 2.7.5's `W3TermsReader`
(`_keycoder`, `_tindex`, `_codec`, `_postfile`); any other terms reader is left as it is.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher

# Entries kept in all (an entry is a few dozen bytes; a short posting list inlined in it more).
MAX_ENTRIES = 200_000
_MISSING = b""  # no term entry is empty: it holds at least the posting count and weight
_ENTRIES: "OrderedDict[tuple[str, str, bytes], bytes]" = OrderedDict()


class CachedTerms:
    """A segment's terms reader whose single-term look-ups go through the kept entries."""

    def __init__(self, inner: Any, segment_id: str) -> None:
        self._inner = inner
        self._segment_id = segment_id

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def _entry(self, fieldname: str, tbytes: bytes) -> bytes:
        key = (self._segment_id, fieldname, tbytes)
        found = _ENTRIES.get(key)
        if found is None:
            found = self._inner._tindex.get(self._inner._keycoder(fieldname, tbytes), _MISSING)
            _ENTRIES[key] = found
            if len(_ENTRIES) > MAX_ENTRIES:
                _ENTRIES.popitem(last=False)
        return found

    def _info(self, fieldname: str, tbytes: bytes) -> Any:
        from whoosh.codec.whoosh3 import W3TermInfo

        entry = self._entry(fieldname, tbytes)
        if not entry:
            raise KeyError((fieldname, tbytes))
        return W3TermInfo.from_bytes(entry)

    def __contains__(self, term: tuple[str, bytes]) -> bool:
        return bool(self._entry(*term))

    def term_info(self, fieldname: str, tbytes: bytes) -> Any:
        """As W3TermsReader.term_info (TermNotFound for a missing term)."""
        from whoosh.reading import TermNotFound

        try:
            return self._info(fieldname, tbytes)
        except KeyError:
            raise TermNotFound(f"No term {fieldname}:{tbytes!r}") from None

    def frequency(self, fieldname: str, tbytes: bytes) -> float:
        """As W3TermsReader.frequency (KeyError for a missing term)."""
        return self._info(fieldname, tbytes).weight()

    def doc_frequency(self, fieldname: str, tbytes: bytes) -> int:
        """As W3TermsReader.doc_frequency (KeyError for a missing term)."""
        return self._info(fieldname, tbytes).doc_frequency()

    def matcher(self, fieldname: str, tbytes: bytes, format_: Any, scorer: Any = None) -> Any:
        """As W3TermsReader.matcher."""
        inner = self._inner
        return inner._codec.postings_reader(inner._postfile, self.term_info(fieldname, tbytes),
                                            format_, term=(fieldname, tbytes), scorer=scorer)


def keep_term_entries(reader: "IndexReader") -> None:
    """Route the single-term look-ups of each segment of `reader` through the kept entries."""
    from whoosh.codec.whoosh3 import W3TermsReader

    for leaf, _offset in reader.leaf_readers():
        terms = getattr(leaf, "_terms", None)
        segment = getattr(leaf, "segment", None)
        found = segment() if segment is not None else None
        if type(terms) is W3TermsReader and found is not None:
            leaf._terms = CachedTerms(terms, found.segment_id())  # noqa: SLF001


def clear() -> None:
    """Forget every kept entry and idf value (tests and benchmarks)."""
    _ENTRIES.clear()
    _SHARED.clear()


# Idf values and total field lengths by the segments they were computed over (a new
# searcher's own idf cache starts empty, and Whoosh sums a field's length over every segment
# for each term's scorer).
_SHARED: "dict[tuple[tuple[str, int], ...], tuple[dict, dict]]" = {}
_SHARED_KEPT = 4
_IDF_TERMS_KEPT = 200_000


def segments_key(reader: "IndexReader") -> tuple[tuple[str, int], ...] | None:
    """The reader's segments in order, as (segment id, documents with deleted ones): what
    every value computed over the whole index depends on; None for a reader that is no
    segments' (an empty index)."""
    try:
        return tuple((leaf.segment().segment_id(), leaf.doc_count_all())
                     for leaf, _offset in reader.leaf_readers())
    except AttributeError:  # a leaf whose segment() is None
        return None


def share_segment_caches(searcher: "Searcher") -> None:
    """Give `searcher` (and its per-segment searchers) the idf values and field lengths of its
    segments, and its segments' readers the term entries kept across searches."""
    keep_term_entries(searcher.reader())
    key = segments_key(searcher.reader())
    if key is None:
        return
    shared = _SHARED.get(key)
    if shared is None or len(shared[0]) > _IDF_TERMS_KEPT:
        while len(_SHARED) >= _SHARED_KEPT:
            _SHARED.pop(next(iter(_SHARED)))
        shared = _SHARED[key] = ({}, {})
    idf, lengths = shared
    searcher._idf_cache = idf  # noqa: SLF001 — Whoosh's own cache
    for subsearcher, _offset in searcher.subsearchers or ():
        subsearcher._idf_cache = idf  # noqa: SLF001
    summed = searcher.field_length

    def field_length(fieldname: str) -> int:
        # Per-segment searchers ask their parent, this one.
        if fieldname not in lengths:
            lengths[fieldname] = summed(fieldname)
        return lengths[fieldname]

    searcher.field_length = field_length  # type: ignore[method-assign]
