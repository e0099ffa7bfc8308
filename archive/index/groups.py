"""Counting matches by group (syndication clusters) with per-segment arrays beside the index.

`search --count clusters` needs, for every match, its cluster. Reading each match's id from
Whoosh's stored fields and its cluster from the store cost ~23 µs per hit. Here each segment
gets two files in the generation folder:

    ids-<segment>.bin       each document's article id (fixed width); a segment never
                            changes once written, so this is valid for the segment's life
    groups-<segment>.bin    each document's group number under one state of the store,
                            named by a stamp the caller gives; rebuilt from the ids file and
                            the caller's id -> number map when the stamp differs

so counting distinct groups over N hits is a numpy gather and `unique`, and counting them per
facet value combines the group numbers with the facet tables' ordinals (archive.index.facets).
Both files are data (a JSON header line, then little-endian arrays). One that does not fit
its segment (size, header, stamp) is rebuilt, and written again when the folder can be
written; caches of merged-away segments are removed with the facet caches.
"""

from __future__ import annotations

import json
import os
import stat
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import numpy as np
from whoosh import query as wq

from archive.index.docsets import matching_array
from archive.index.facets import FacetTable, order_facets, segment_tables
from archive.index.verify import reading
from archive.index.generations import open_index

if TYPE_CHECKING:
    from whoosh.reading import IndexReader

VERSION = 1
# Documents without a group (an indexed article the store has no row for) are each their own
# group: numbered from here on by index-wide document number, above any real group number.
SINGLE = 1 << 40
_MAX_HEADER = 4096


def _read(path: Path) -> tuple[dict[str, object], bytes]:
    """A cache file's header and body; OSError/ValueError when it is not one."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not hang
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise ValueError("not a file")
        header = handle.readline(_MAX_HEADER)
        document = json.loads(header)
        if not isinstance(document, dict) or document.get("version") != VERSION:
            raise ValueError("another version")
        return document, handle.read()


def _write(path: Path, header: dict[str, object], body: bytes) -> None:
    """Write a cache file atomically; a folder that cannot be written is left alone."""
    try:
        temporary = path.with_suffix(".tmp")
        with open(temporary, "wb") as handle:
            handle.write(json.dumps(dict(header, version=VERSION)).encode("ascii") + b"\n")
            handle.write(body)
        os.replace(temporary, path)
    except OSError:
        pass


def segment_ids(generation: Path, segment_reader: "IndexReader") -> np.ndarray:
    """Each document's article id (bytes; deleted documents included), from the cache file
    when it fits the segment, else read from the stored fields (and cached)."""
    documents = segment_reader.doc_count_all()
    path = generation / f"ids-{segment_reader.segment().segment_id()}.bin"
    try:
        header, body = _read(path)
        width = header["width"]
        if isinstance(width, int) and 0 < width <= 256 and header["documents"] == documents \
                and len(body) == width * documents:
            return np.frombuffer(body, dtype=f"S{width}")
    except (OSError, ValueError, TypeError, KeyError):
        pass
    ids = [(fields or {}).get("id", "").encode("utf-8")
           for fields in segment_reader.all_stored_fields()] \
        if documents else []
    ids += [b""] * (documents - len(ids))
    width = max((len(i) for i in ids), default=1) or 1
    array = np.array(ids, dtype=f"S{width}")
    _write(path, {"width": width, "documents": documents}, array.tobytes())
    return array


def segment_groups(generation: Path, segment_reader: "IndexReader", stamp: str,
                   numbers_of: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """Each document's group number (int64; -1: none) under the store state `stamp`; from
    the cache file when it was made under that stamp, else from `numbers_of(ids)`."""
    documents = segment_reader.doc_count_all()
    path = generation / f"groups-{segment_reader.segment().segment_id()}.bin"
    try:
        header, body = _read(path)
        if header["stamp"] == stamp and header["documents"] == documents \
                and len(body) == 8 * documents:
            return np.frombuffer(body, dtype="<i8")
    except (OSError, ValueError, TypeError, KeyError):
        pass
    numbers = np.asarray(numbers_of(segment_ids(generation, segment_reader)), dtype="<i8")
    if len(numbers) != documents:
        raise ValueError("one group number per document is needed")
    _write(path, {"stamp": stamp, "documents": documents}, numbers.tobytes())
    return numbers


def count_groups(generation: Path, query: wq.Query, filter_query: wq.Query | None,
                 stamp: str, numbers_of: Callable[[np.ndarray], np.ndarray],
                 facets: bool, limit: int | None
                 ) -> tuple[int, dict[str, list[tuple[str | None, int]]] | None]:
    """The number of distinct groups among the matches, and (with `facets`) per facet value
    the number of distinct groups with a match holding it (ordered as `order_facets`)."""
    with reading(generation), open_index(generation).searcher() as searcher:
        matching = query if filter_query is None else wq.And([query, filter_query])
        docnums = matching_array(searcher, matching)
        reader = searcher.reader()
        groups_of_hits: list[np.ndarray] = []
        # Per facet: (value, group) codes over every segment, values numbered index-wide.
        codes: dict[str, list[np.ndarray]] = {}
        value_ids: dict[str, dict[str | None, int]] = {}
        for segment_reader, offset in reader.leaf_readers():
            size = segment_reader.doc_count_all()
            first, last = np.searchsorted(docnums, [offset, offset + size])
            if first == last or segment_reader.segment() is None:
                continue
            local = docnums[first:last] - offset
            groups = segment_groups(generation, segment_reader, stamp, numbers_of)[local]
            groups = np.where(groups < 0, SINGLE + docnums[first:last], groups)
            groups_of_hits.append(groups)
            if facets:
                for facet, table in segment_tables(generation, segment_reader).items():
                    _facet_codes(table, local, groups,
                                 value_ids.setdefault(facet, {}), codes.setdefault(facet, []))
        total = len(np.unique(np.concatenate(groups_of_hits))) if groups_of_hits else 0
        if not facets:
            return total, None
        counters: dict[str, Counter[str | None]] = {}
        for facet in value_ids or {name: None for name in _facet_names()}:
            counter: Counter[str | None] = Counter()
            parts = codes.get(facet, [])
            if parts:
                unique = np.unique(np.concatenate(parts))
                names = list(value_ids[facet])
                for value_id, count in zip(*np.unique(unique >> 42, return_counts=True)):
                    counter[names[int(value_id)]] = int(count)
            counters[facet] = counter
        return total, order_facets(counters, limit)


def _facet_names() -> list[str]:
    from archive.index.schema import FACET_COLUMNS

    return list(FACET_COLUMNS)


def _facet_codes(table: FacetTable, local: np.ndarray, groups: np.ndarray,
                 value_ids: dict[str | None, int], parts: list[np.ndarray]) -> None:
    """Append one segment's (value, group) pairs as int64 codes (value id << 42 | group) for
    the documents `local` of groups `groups`; ordinal 0 (no value) is left out."""
    values = table.values
    # This segment's ordinals -> index-wide value ids (ordinal 0: -1, no value).
    mapping = np.array([-1] + [value_ids.setdefault(value, len(value_ids))
                               for value in values[1:]], dtype=np.int64)
    first = np.frombuffer(table.first, dtype=np.uint32)
    ids = mapping[first[local]]
    kept = ids >= 0
    parts.append((ids[kept] << 42) | groups[kept])
    extra = table.extra
    if extra:
        # The few documents with several values, found among the hits in C (a Python test
        # per hit cost ~0.3 µs each, 30 ms per facet for a word in most of 100k articles).
        keys = np.fromiter(extra, dtype=np.int64, count=len(extra))
        held = np.flatnonzero(np.isin(local, keys))
        more = [(int(mapping[ordinal]) << 42) | int(groups[n])
                for n, docnum in zip(held.tolist(), local[held].tolist())
                for ordinal in extra[docnum]]
        if more:
            parts.append(np.array(more, dtype=np.int64))
