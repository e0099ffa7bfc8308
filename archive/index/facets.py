"""Facet counts from per-segment value tables cached beside the index.

Whoosh segments never change once written (deletions only mark documents), so for each segment
the archive keeps, per facet, the distinct values and each document's value ordinals in a
compact array: `facets-<segment id>.json` in the generation folder. Counting the facets of N
hits is then one C-level pass over N array lookups per facet, instead of reading Whoosh columns
value by value for every search. A segment without a cache (written by an older version, or a
home the search could not write to) is read from its columns, with the same result.

The cache is data, never code: JSON, with each array as base64 of little-endian 32-bit
integers. A cache that does not fit its segment (wrong version, lengths, ordinals or types,
as a hand-made one might) is ignored and the columns are read instead. Pickles of older
versions (`facets-*.pickle`) are never loaded, only removed by the next writer.
"""

from __future__ import annotations

import base64
import json
import os
import stat
import sys
from array import array
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np

from archive.index import position_files, posting_files
from archive.index.schema import FACET_COLUMNS, VALUE_SEPARATOR

if TYPE_CHECKING:
    from whoosh.reading import IndexReader

CACHE_PREFIX = "facets-"
CACHE_SUFFIX = ".json"
CACHE_VERSION = 4
# A facet cache is a few bytes per document; a file beyond this is not one (and is not read).
MAX_CACHE_BYTES = 256 * 1024 * 1024
# A year column holds this for an article without a date (Whoosh's default for a missing value
# of an unsigned 32-bit column); such articles count as "undated", the value None.
UNDATED_YEAR = 2**32 - 1


@dataclass(frozen=True)
class FacetTable:
    """One facet of one segment: the distinct values (ordinal 0 means "no value"), each
    document's first value ordinal, and further ordinals of documents with several values
    (authors), kept apart because they are rare."""

    values: list[str | None]
    first: array
    extra: dict[int, tuple[int, ...]]

    def count(self, local_docnums: "Sequence[int] | np.ndarray",
              counter: Counter[str | None]) -> None:
        """Add the values of these documents (numbers within the segment) to `counter`: one
        numpy gather and `bincount` over the hits, then the few documents with more values."""
        local = np.asarray(local_docnums, dtype=np.int64)
        first = np.frombuffer(self.first, dtype=np.uint32) if self.first.itemsize == 4 \
            else np.asarray(self.first, dtype=np.uint32)
        tally = np.bincount(first[local], minlength=len(self.values))
        if self.extra and len(local):
            keys = np.fromiter(self.extra, dtype=np.int64, count=len(self.extra))
            for docnum in local[np.isin(local, keys, assume_unique=True)].tolist():
                for ordinal in self.extra[docnum]:
                    tally[ordinal] += 1
        values = self.values
        for ordinal in np.flatnonzero(tally).tolist():
            if ordinal:
                counter[values[ordinal]] += int(tally[ordinal])


def build_tables(segment_reader: "IndexReader") -> dict[str, FacetTable]:
    """Read a segment's facet columns into value tables."""
    documents = segment_reader.doc_count_all()
    tables = {}
    for facet, column in FACET_COLUMNS.items():
        if segment_reader.has_column(column):
            raw = list(segment_reader.column_reader(column))
        else:
            raw = [None] * documents
        values: list[str | None] = [""]
        index: dict[str | None, int] = {}
        first = array("I")
        extra: dict[int, tuple[int, ...]] = {}
        for docnum, value in enumerate(raw):
            items: list[str | None]
            if facet == "author":
                items = [item for item in (value or "").split(VALUE_SEPARATOR) if item]
            elif facet == "year":
                items = [str(value) if value and value != UNDATED_YEAR else None]
            else:
                items = [str(value)] if value else []
            ordinals = []
            for item in items:
                ordinal = index.get(item)
                if ordinal is None:
                    ordinal = index[item] = len(values)
                    values.append(item)
                ordinals.append(ordinal)
            first.append(ordinals[0] if ordinals else 0)
            if len(ordinals) > 1:
                extra[docnum] = tuple(ordinals[1:])
        tables[facet] = FacetTable(values, first, extra)
    return tables


def _cache_path(generation: Path, segment_id: str) -> Path:
    return generation / f"{CACHE_PREFIX}{segment_id}{CACHE_SUFFIX}"


def _ints(numbers: array) -> str:
    data = array("I", numbers)
    if sys.byteorder == "big":
        data.byteswap()
    return base64.b64encode(data.tobytes()).decode("ascii")


def _from_ints(text: object) -> array:
    if not isinstance(text, str):
        raise ValueError("not an array")
    data = array("I")
    data.frombytes(base64.b64decode(text.encode("ascii"), validate=True))
    if sys.byteorder == "big":
        data.byteswap()
    return data


def dump_tables(tables: dict[str, FacetTable]) -> str:
    """The tables as JSON text (see the module's docstring)."""
    return json.dumps({"version": CACHE_VERSION, "tables": {
        facet: {"values": table.values, "first": _ints(table.first),
                "extra": [[docnum, list(ordinals)] for docnum, ordinals in table.extra.items()]}
        for facet, table in tables.items()}})


def load_tables(text: str | bytes, documents: int) -> dict[str, FacetTable]:
    """Tables from JSON text, checked against a segment of `documents` documents; ValueError
    if they do not fit it."""
    document = json.loads(text)
    if not isinstance(document, dict) or document.get("version") != CACHE_VERSION:
        raise ValueError("another cache version")
    raw_tables = document.get("tables")
    if not isinstance(raw_tables, dict) or set(raw_tables) != set(FACET_COLUMNS):
        raise ValueError("not the archive's facets")
    tables = {}
    for facet, raw in raw_tables.items():
        values = raw.get("values") if isinstance(raw, dict) else None
        if not isinstance(values, list) or not values \
                or not all(value is None or isinstance(value, str) for value in values):
            raise ValueError("values")
        first = _from_ints(raw.get("first"))
        if len(first) != documents or (first and max(first) >= len(values)):
            raise ValueError("first ordinals")
        extra: dict[int, tuple[int, ...]] = {}
        for item in raw.get("extra") or []:
            docnum, ordinals = item
            if not (isinstance(docnum, int) and 0 <= docnum < documents
                    and isinstance(ordinals, list)
                    and all(isinstance(o, int) and 0 < o < len(values) for o in ordinals)):
                raise ValueError("extra ordinals")
            extra[docnum] = tuple(ordinals)
        tables[facet] = FacetTable(values, first, extra)
    return tables


def write_caches(generation: Path, reader: "IndexReader") -> None:
    """Cache the tables of every segment that has none; drop caches of merged-away segments."""
    live = set()
    for segment_reader, _offset in reader.leaf_readers():
        if segment_reader.segment() is None:  # an empty index has no segment at all
            continue
        segment_id = segment_reader.segment().segment_id()
        path = _cache_path(generation, segment_id)
        live.add(path.name)
        if path.exists():
            continue
        temporary = path.with_suffix(".tmp")
        temporary.write_text(dump_tables(build_tables(segment_reader)), encoding="ascii")
        os.replace(temporary, path)
    for stale in generation.glob(f"{CACHE_PREFIX}*"):
        if stale.name not in live:  # merged-away segments, and caches of older versions
            stale.unlink(missing_ok=True)
    # The long posting lists as arrays (archive.index.posting_files), for new segments.
    posting_files.write_files(generation, reader)
    # The group caches, posting and position files of merged-away segments too
    # (archive.index.groups, archive.index.posting_files, archive.index.position_files).
    segments = {name[len(CACHE_PREFIX):-len(CACHE_SUFFIX)] for name in live}
    for prefix in ("ids-", "groups-", posting_files.PREFIX, position_files.PREFIX):
        for stale in generation.glob(f"{prefix}*"):
            if stale.name[len(prefix):].split(".")[0] not in segments:
                stale.unlink(missing_ok=True)


# Per process: tables already parsed, by cache file and its identity (device, inode, size,
# modification time): a long-lived process parses each segment's JSON once, and a replaced
# or rewritten file is parsed again.
_LOADED: dict[Path, tuple[tuple[int, int, int, int, int], dict[str, FacetTable]]] = {}


def _load(generation: Path, segment_reader: "IndexReader") -> dict[str, FacetTable]:
    path = _cache_path(generation, segment_reader.segment().segment_id())
    try:
        # Without blocking, and checked once open: a FIFO put in its place must not hang.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(descriptor, "rb") as handle:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_CACHE_BYTES:
                raise ValueError("not a cache file")
            identity = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns,
                        segment_reader.doc_count_all())
            known = _LOADED.get(path)
            if known is not None and known[0] == identity:
                return known[1]
            tables = load_tables(handle.read(), segment_reader.doc_count_all())
            if len(_LOADED) > 256:
                _LOADED.clear()
            _LOADED[path] = (identity, tables)
            return tables
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return build_tables(segment_reader)


def segment_tables(generation: Path, segment_reader: "IndexReader") -> dict[str, FacetTable]:
    """One segment's facet tables: from its cache when there is a valid one, else its columns."""
    return _load(generation, segment_reader)


def count_facets(generation: Path, reader: "IndexReader",
                 docnums: "Sequence[int] | np.ndarray",
                 limit: int | None) -> dict[str, list[tuple[str | None, int]]]:
    """Facet counts over `docnums` (ascending, index-wide document numbers): see
    `order_facets`."""
    counters: dict[str, Counter[str | None]] = {facet: Counter() for facet in FACET_COLUMNS}
    hits = np.asarray(docnums, dtype=np.int64)
    for segment_reader, offset in reader.leaf_readers():
        size = segment_reader.doc_count_all()
        first, last = np.searchsorted(hits, [offset, offset + size]).tolist()
        if first == last or segment_reader.segment() is None:
            continue
        local = hits[first:last] - offset
        for facet, table in _load(generation, segment_reader).items():
            table.count(local, counters[facet])
    return order_facets(counters, limit)


def order_facets(counters: dict[str, Counter[str | None]],
                 limit: int | None) -> dict[str, list[tuple[str | None, int]]]:
    """Each facet's values, at most `limit` of them (None: all): outlets and authors most
    frequent first (then by name); years in time order with "undated" (None) last, the `limit`
    most frequent years kept when there are more.

    >>> order_facets({"year": Counter({"2021": 3, None: 5, "2019": 1})}, 2)
    {'year': [('2021', 3), (None, 5)]}
    """
    ordered: dict[str, list[tuple[str | None, int]]] = {}
    for facet, counter in counters.items():
        by_count = sorted(counter.items(), key=lambda item: (-item[1], item[0] or ""))
        kept = by_count if limit is None else by_count[:limit]
        if facet == "year":
            kept.sort(key=lambda item: (item[0] is None, int(item[0] or 0)))
        ordered[facet] = kept
    return ordered
