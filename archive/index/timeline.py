"""The index side of `archive trend` and `archive kwic`: publication dates and facet values of
the documents a query matches, read from the index's columns, never from the store.

A trend is a date histogram over the set of matching documents. That set is computed exactly
as the search's total (`matching_docnums` of the query AND the filters), so a trend's counts
are the search's own counts. Per document only two small values are needed: the first
possible publication day (the sortable `published` column, read once per segment as an array)
and, for `--per`, the outlet or author values (the facet tables cached beside the index,
archive.index.facets). Counting is then a C-level `Counter` over (value, day) pairs.

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
from bisect import bisect_left
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from whoosh import query as wq

from archive.index.compile import NumberRange
from archive.index.docsets import matching_docnums
from archive.index.facets import UNDATED_YEAR, segment_tables
from archive.index.verify import reading
from archive.index.writer import open_index

if TYPE_CHECKING:
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher

# A histogram key: (the document's series values, its first possible day YYYYMMDD or 0 for
# undated, its precision "day" / "month" / "year" or "" for undated).
HistogramKey = tuple[tuple[str, ...], int, str]
PER_FACETS = ("outlet", "author")


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
                   per: str | None) -> DateHistogram:
    """Date histograms of the documents matching `query` AND `filter_query` (exactly the set
    a search counts in its total) and of those matching `filter_query` alone (every live
    document when None), keyed by series values (`per`: "outlet", "author" or None), first day
    and precision."""
    with reading(generation), open_index(generation).searcher() as searcher:
        matching = query if filter_query is None else wq.And([query, filter_query])
        matches = matching_docnums(searcher, matching)
        base = matching_docnums(searcher, filter_query if filter_query is not None
                                else wq.Every())
        reader = searcher.reader()
        days = _segment_days(reader)
        imprecise = _imprecise(searcher, days, base)
        return DateHistogram(_histogram(generation, reader, days, imprecise, matches, per),
                             _histogram(generation, reader, days, imprecise, base, per))


@contextmanager
def ordered_matches(generation: Path, query: wq.Query, filter_query: wq.Query | None,
                    order: str) -> Iterator[tuple[int, Iterator[OrderedMatch]]]:
    """How many documents match `query` AND `filter_query`, and the matches by date ("date":
    oldest first, undated last) or by outlet ("outlet": outlet name case-folded, unknown last,
    then date). Ids are read as the iterator is consumed, so a caller that stops early reads
    only the ids it used; the iterator is valid inside the `with` block only."""
    with reading(generation), open_index(generation).searcher() as searcher:
        matching = query if filter_query is None else wq.And([query, filter_query])
        docnums = matching_docnums(searcher, matching)
        reader = searcher.reader()
        days = [day for segment in _segment_days(reader) for day in segment]
        outlets = _outlet_values(generation, reader) if order == "outlet" else None
        keyed: list[tuple[object, int, str]] = []
        for docnum in docnums:
            day = days[docnum]
            if outlets is None:
                keyed.append(((day == 0, day), docnum, ""))
            else:
                outlet = outlets[docnum]
                keyed.append(((not outlet, outlet.casefold(), day == 0, day), docnum, outlet))
        keyed.sort()
        yield len(keyed), (OrderedMatch(searcher.stored_fields(docnum)["id"], days[docnum],
                                        outlet) for _key, docnum, outlet in keyed)


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


def _imprecise(searcher: "Searcher", days: list[array], docnums: list[int]) -> dict[int, str]:
    """The documents among `docnums` dated only to a month or a year (see the module's
    docstring), with that precision: a first-of-month first day whose last day is another;
    of those starting on 1 January, the ones ending on 31 December are known to the year."""
    flat = [day for segment in days for day in segment]
    firsts = {flat[docnum] for docnum in docnums if flat[docnum] % 100 == 1}
    if not firsts:
        return {}
    precise = set(_ending_on(searcher, firsts))
    candidates = [docnum for docnum in docnums
                  if flat[docnum] % 100 == 1 and docnum not in precise]
    years = {flat[docnum] // 10000 * 10000 + 1231 for docnum in candidates
             if flat[docnum] % 10000 == 101}
    whole_years = set(_ending_on(searcher, years)) if years else set()
    return {docnum: "year" if docnum in whole_years else "month" for docnum in candidates}


def _ending_on(searcher: "Searcher", last_days: set[int]) -> list[int]:
    """The documents whose last possible publication day is one of `last_days`."""
    return matching_docnums(searcher, wq.Or([NumberRange("published_end", day, day)
                                             for day in sorted(last_days)]))


def _precision(day: int, docnum: int, imprecise: dict[int, str]) -> str:
    if day == 0:
        return ""
    return imprecise.get(docnum, "day")


def _histogram(generation: Path, reader: "IndexReader", days: list[array],
               imprecise: dict[int, str], docnums: list[int],
               per: str | None) -> Counter[HistogramKey]:
    """Count `docnums` (ascending, index-wide) by series values, first day and precision."""
    counts: Counter[HistogramKey] = Counter()
    for (segment, offset), segment_days in zip(reader.leaf_readers(), days):
        size = segment.doc_count_all()
        first, last = bisect_left(docnums, offset), bisect_left(docnums, offset + size)
        if first == last:
            continue
        local = [docnum - offset for docnum in docnums[first:last]]
        rare = {docnum - offset for docnum in imprecise if offset <= docnum < offset + size}
        if per is None:
            pairs: Counter[tuple[int, int]] = Counter(zip([0] * len(local),
                                                          map(segment_days.__getitem__, local)))
            values: list[str | None] = [""]
            extra: dict[int, tuple[int, ...]] = {}
        else:
            table = segment_tables(generation, segment)[per]
            pairs = Counter(zip(map(table.first.__getitem__, local),
                                map(segment_days.__getitem__, local)))
            values, extra = table.values, table.extra
        # The common case is counted in C above; the rare documents (imprecise dates, several
        # authors) are moved to their right keys one by one.
        for docnum in rare.union(extra.keys()).intersection(local):
            day = segment_days[docnum]
            ordinal = 0 if per is None else table.first[docnum]
            pairs[(ordinal, day)] -= 1
            ordinals = (ordinal, *extra.get(docnum, ()))
            key = tuple(str(values[o]) for o in ordinals if o)
            counts[(key, day, _precision(day, docnum + offset, imprecise))] += 1
        for (ordinal, day), number in pairs.items():
            if number:
                key = (str(values[ordinal]),) if ordinal else ()
                counts[(key, day, "day" if day else "")] += number
    return counts


def _outlet_values(generation: Path, reader: "IndexReader") -> list[str]:
    """Every document's outlet name ("" when unknown), index-wide."""
    outlets: list[str] = []
    for segment, _offset in reader.leaf_readers():
        table = segment_tables(generation, segment)["outlet"]
        outlets.extend(str(table.values[ordinal]) if ordinal else "" for ordinal in table.first)
    return outlets
