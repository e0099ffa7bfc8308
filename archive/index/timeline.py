"""The index side of `archive trend` and `archive kwic`: publication dates and facet values of
the documents a query matches, read from the index's columns, never from the store.

A trend is a date histogram over the set of matching documents. That set is computed exactly
as the search's total (`matching_docnums` of the query AND the filters), so a trend's counts
are the search's own counts. Per document only two small values are needed: the first
possible publication day (the sortable `published` column, read once per segment as an array)
and, for `--per`, the outlet or author values (the facet tables cached beside the index,
archive.index.facets). Counting is then one numpy `unique` over (value, day) keys.

The index keeps a date's precision only as the pair `published` / `published_end` (first and
last possible day), and `published_end` is not a column. A date known only to a month or a
year always starts on the first of a month, and its last day is never the first of a month;
so only documents whose first day is the first of a month can be imprecise, and of those the
precise ones are exactly those whose `published_end` equals their `published`: one term look-up
per distinct first-of-month day.
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from whoosh import query as wq

from archive.index.docsets import matching_array, matching_docnums
from archive.index.facets import UNDATED_YEAR, segment_tables
from archive.index.verify import reading
from archive.index.generations import open_index

if TYPE_CHECKING:
    import numpy
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher

# A histogram key: (the document's series values, its first possible day YYYYMMDD or 0 for
# undated, its precision "day" / "month" / "year" or "" for undated).
HistogramKey = tuple[tuple[str, ...], int, str]
PER_FACETS = ("outlet", "author")
# A (value ordinal, day) pair as one integer: ordinal * _ORDINAL + day (days are YYYYMMDD).
_ORDINAL = 10**8


@dataclass(frozen=True)
class DateHistogram:
    """Counts of the matching documents and of the base documents (the filters alone: what a
    period's total counts), each by `HistogramKey`."""

    matches: Counter[HistogramKey]
    base: Counter[HistogramKey]


@dataclass(frozen=True)
class OrderedMatch:
    """One matching document in reading order: its id, first possible day (0: undated) and
    outlet ("" when unknown)."""

    id: str
    day: int
    outlet: str


def date_histogram(generation: Path, query: wq.Query, filter_query: wq.Query | None,
                   per: str | None, resolution: str = "day") -> DateHistogram:
    """Date histograms of the documents matching `query` AND `filter_query` (exactly the set
    a search counts in its total) and of those matching `filter_query` alone (every live
    document when None), keyed by series values (`per`: "outlet", "author" or None), first day
    and precision. With `resolution` "month" or "year", the days of precise dates are first
    moved to the first day of their month or year (fewer keys to count and to pass on)."""
    with reading(generation), open_index(generation).searcher() as searcher:
        matching = query if filter_query is None else wq.And([query, filter_query])
        # A trend ranks nothing: lists are read for their ids unless a search decoded them.
        matches = matching_array(searcher, matching, for_ranking=False)
        reader = searcher.reader()
        base = matching_array(searcher, filter_query, for_ranking=False) \
            if filter_query is not None else _live_docnums(reader)
        days = _flat(_segment_days(reader))
        imprecise = _imprecise_in_index(searcher, days)
        if resolution != "day":
            # Imprecise dates already start on the first of their month or year.
            days = _coarsened(days, 100 if resolution == "month" else 10000)
        return DateHistogram(_histogram(generation, reader, days, imprecise, matches, per),
                             _histogram(generation, reader, days, imprecise, base, per))


@contextmanager
def ordered_matches(generation: Path, query: wq.Query, filter_query: wq.Query | None,
                    order: str) -> Iterator[tuple[int, Iterator[OrderedMatch]]]:
    """How many documents match `query` AND `filter_query`, and the matches by date ("date":
    oldest first, undated last) or by outlet ("outlet": outlet name case-folded, unknown last,
    then date). Ids are read as the iterator is consumed, so a caller that stops early reads
    only the ids it used; the iterator is valid inside the `with` block only."""
    import numpy

    with reading(generation), open_index(generation).searcher() as searcher:
        matching = query if filter_query is None else wq.And([query, filter_query])
        docnums = matching_array(searcher, matching, for_ranking=False)
        reader = searcher.reader()
        days = _flat(_segment_days(reader))[docnums]
        # Undated last: 0 sorts after every day.
        by_date = numpy.where(days == 0, numpy.uint32(2**32 - 1), days)
        names: list[str] = []
        if order == "outlet":
            ranks, names = _outlet_ranks(generation, reader)
            ranks = ranks[docnums]
            # numpy's lexsort sorts by its last key first.
            order_of = numpy.lexsort((docnums, by_date, ranks))
        else:
            ranks = None
            order_of = numpy.lexsort((docnums, by_date))
        ordered = docnums[order_of].tolist()
        ordered_days = days[order_of].tolist()
        outlets = [names[rank] for rank in ranks[order_of].tolist()] if ranks is not None \
            else [""] * len(ordered)
        yield len(ordered), (OrderedMatch(searcher.stored_fields(docnum)["id"], day, outlet)
                             for docnum, day, outlet in zip(ordered, ordered_days, outlets))


def _segment_days(reader: "IndexReader") -> list[array]:
    """Per segment, each document's first possible day (0: undated)."""
    segments = []
    for segment, _offset in reader.leaf_readers():
        count = segment.doc_count_all()
        values = _column_array(segment, "published", count)
        # Whoosh fills a missing value with the column's default, the largest 32-bit number.
        segments.append(array("I", (0 if value == UNDATED_YEAR else value for value in values))
                        if UNDATED_YEAR in values else values)
    return segments


def _column_array(segment: "IndexReader", column: str, count: int) -> array:
    """A 32-bit unsigned numeric column of one segment as an array.

    Whoosh reads such a column one document at a time (a seek, a read and an unpack each).
    Its fixed-width column stores the big-endian values back to back from `_basepos`, the
    missing tail taking the default, so the whole column is one read: this relies on those
    private attributes of whoosh-reloaded 2.7.5's NumericColumn reader and falls back to the
    public per-document path when they are absent.
    """
    if not segment.has_column(column):
        return array("I", [UNDATED_YEAR] * count)
    translate = segment.schema[column].from_column_value
    reader = segment.column_reader(column, translate=False)
    try:
        stored = reader._count  # noqa: SLF001 — see the docstring
        if reader._fixedlen != 4 or reader._typecode != "I":  # noqa: SLF001
            raise AttributeError("another column layout")
        data = array("I")
        data.frombytes(reader._dbfile.get(reader._basepos, stored * 4))  # noqa: SLF001
        if sys.byteorder == "little":
            data.byteswap()
        default = struct.unpack("!I", reader._defaultbytes)[0]  # noqa: SLF001
        data.extend([default] * (count - stored))
        # An unsigned 32-bit column stores the numbers themselves; check that it still does.
        if len(data) != count or any(translate(value) != value for value in data[:1]):
            raise ValueError("not the plain numbers")
        return data
    except (AttributeError, TypeError, ValueError, struct.error):
        return array("I", (int(value) for value in segment.column_reader(column)))


def _coarsened(days: "numpy.ndarray", unit: int) -> "numpy.ndarray":
    """Each dated day as the first day of its month (`unit` 100) or year (10000); 0 stays 0."""
    import numpy

    first = 1 if unit == 100 else 101
    return numpy.where(days == 0, days, days // unit * unit + first).astype(numpy.uint32)


def _live_docnums(reader: "IndexReader") -> "numpy.ndarray":
    """Every live document number, index-wide and ascending: `matching_docnums` of Every
    without asking each document whether it is deleted (the deleted ones of a segment are
    one set, usually empty)."""
    import numpy

    parts = []
    for segment, offset in reader.leaf_readers():
        live = numpy.ones(segment.doc_count_all(), dtype=bool)
        if segment.has_deletions():
            deleted = segment.deleted_docs_set
            live[numpy.fromiter(deleted, dtype=numpy.int64, count=len(deleted))] = False
        parts.append(numpy.flatnonzero(live) + offset)
    return numpy.concatenate(parts) if parts else numpy.zeros(0, dtype=numpy.int64)


def _flat(segments: list[array]) -> "numpy.ndarray":
    """The per-segment day arrays as one index-wide numpy array (no copy of each part's
    values beyond the concatenation)."""
    import numpy

    parts = [numpy.frombuffer(days, dtype=numpy.uint32) if days.itemsize == 4
             else numpy.asarray(days, dtype=numpy.uint32) for days in segments if len(days)]
    return numpy.concatenate(parts) if parts else numpy.zeros(0, dtype=numpy.uint32)


# The imprecise dates of the last indexes read, by their segments in order (segments are
# immutable; a deleted document's entry is never looked up): a trend then looks up no term for
# them. At 100k articles the look-ups took ~90 ms of each trend.
_IMPRECISE_CACHE: dict[tuple[tuple[str, int], ...], dict[int, str]] = {}
_IMPRECISE_CACHE_SIZE = 4


def _imprecise_in_index(searcher: "Searcher", days: "numpy.ndarray") -> dict[int, str]:
    """`_imprecise` of every document of the index (index-wide numbers), cached by segments."""
    import numpy

    from archive.index.segment_caches import segments_key

    key = segments_key(searcher.reader())
    if key is None:  # an empty index: nothing to keep
        return _imprecise(searcher, days, numpy.arange(len(days), dtype=numpy.int64))
    found = _IMPRECISE_CACHE.get(key)
    if found is None:
        found = _imprecise(searcher, days, numpy.arange(len(days), dtype=numpy.int64))
        while len(_IMPRECISE_CACHE) >= _IMPRECISE_CACHE_SIZE:
            _IMPRECISE_CACHE.pop(next(iter(_IMPRECISE_CACHE)))
        _IMPRECISE_CACHE[key] = found
    return found


def _imprecise(searcher: "Searcher", days: "numpy.ndarray",
               docnums: "numpy.ndarray") -> dict[int, str]:
    """The documents among `docnums` dated only to a month or a year (see the module's
    docstring), with that precision: a first-of-month first day whose last day is another;
    of those starting on 1 January, the ones ending on 31 December are known to the year."""
    import numpy

    firsts = docnums[days[docnums] % 100 == 1]
    if not len(firsts):
        return {}
    precise = _ending_on(searcher, set(numpy.unique(days[firsts]).tolist()))
    candidates = firsts[~numpy.isin(firsts, precise)]
    if not len(candidates):
        return {}
    starts = days[candidates]
    years = set((starts[starts % 10000 == 101] // 10000 * 10000 + 1231).tolist())
    whole_years = set(_ending_on(searcher, years)) if years else set()
    return {docnum: "year" if docnum in whole_years else "month"
            for docnum in candidates.tolist()}


def _ending_on(searcher: "Searcher", last_days: set[int]) -> list[int]:
    """The documents whose last possible publication day is one of `last_days`: each day's
    full-precision term (a one-term range reads the term dictionary about ten times slower)."""
    field = searcher.schema["published_end"]
    return matching_docnums(searcher, wq.Or([wq.Term("published_end", field.to_bytes(day))
                                             for day in sorted(last_days)]), for_ranking=False)


def _precision(day: int, docnum: int, imprecise: dict[int, str]) -> str:
    if day == 0:
        return ""
    return imprecise.get(docnum, "day")


def _histogram(generation: Path, reader: "IndexReader", days: "numpy.ndarray",
               imprecise: dict[int, str], docnums: "numpy.ndarray",
               per: str | None) -> Counter[HistogramKey]:
    """Count `docnums` (ascending, index-wide) by series values, first day and precision."""
    import numpy

    counts: Counter[HistogramKey] = Counter()
    rare_all = numpy.fromiter(imprecise, dtype=numpy.int64, count=len(imprecise))
    for segment, offset in reader.leaf_readers():
        size = segment.doc_count_all()
        first, last = numpy.searchsorted(docnums, [offset, offset + size]).tolist()
        if first == last:
            continue
        found = docnums[first:last]
        segment_days = days[found].astype(numpy.uint64)
        values: list[str | None] = [""]
        extra: dict[int, tuple[int, ...]] = {}
        ordinals = None
        if per is not None:
            table = segment_tables(generation, segment)[per]
            values, extra = table.values, table.extra
            ordinals = numpy.frombuffer(table.first, dtype=numpy.uint32) \
                if table.first.itemsize == 4 else numpy.asarray(table.first, dtype=numpy.uint32)
            segment_days += ordinals[found - offset].astype(numpy.uint64) * _ORDINAL
        # One C-level count of (value ordinal, day) keys; the rare documents (imprecise dates,
        # several authors) are then moved to their right keys one by one.
        keys, numbers = numpy.unique(segment_days, return_counts=True)
        pairs = Counter(dict(zip(keys.tolist(), numbers.tolist())))
        rare = numpy.concatenate([rare_all[(rare_all >= offset) & (rare_all < offset + size)],
                                  numpy.fromiter(extra, dtype=numpy.int64, count=len(extra))
                                  + offset])
        for docnum in set(rare[numpy.isin(rare, found)].tolist()):
            day = int(days[docnum])
            ordinal = 0 if ordinals is None else int(ordinals[docnum - offset])
            pairs[ordinal * _ORDINAL + day] -= 1
            held = (ordinal, *extra.get(docnum - offset, ()))
            key = tuple(str(values[o]) for o in held if o)
            counts[(key, day, _precision(day, docnum, imprecise))] += 1
        names: dict[int, tuple[str, ...]] = {0: ()}
        for combined, number in pairs.items():
            if number:
                ordinal, day = divmod(combined, _ORDINAL)
                key = names.get(ordinal) or names.setdefault(ordinal, (str(values[ordinal]),))
                counts[(key, day, "day" if day else "")] += number
    return counts


def _outlet_ranks(generation: Path, reader: "IndexReader") -> tuple["numpy.ndarray", list[str]]:
    """Every document's outlet as its rank among the outlet names in order (case-folded;
    unknown outlets last, as ""), and the names by rank."""
    import numpy

    tables = [segment_tables(generation, segment)["outlet"]
              for segment, _offset in reader.leaf_readers()]
    known = {str(value) for table in tables for value in table.values[1:] if value}
    names = sorted(known, key=lambda name: (name.casefold(), name)) + [""]
    rank_of = {name: rank for rank, name in enumerate(names)}
    parts = []
    for table in tables:
        ordinal_ranks = numpy.asarray([rank_of[str(value)] if position and value
                                       else len(names) - 1
                                       for position, value in enumerate(table.values)],
                                      dtype=numpy.int64)
        parts.append(ordinal_ranks[numpy.asarray(table.first, dtype=numpy.int64)])
    ranks = numpy.concatenate(parts) if parts else numpy.zeros(0, dtype=numpy.int64)
    return ranks, names
