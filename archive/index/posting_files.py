"""Long posting lists of a segment as plain arrays in a file beside the index.

Whoosh keeps a term's postings as blocks (a pickled, usually zlib-compressed tuple of ids
and weights per block); reading a list means decoding every block in Python
(archive.index.postings). For the long lists — the words most articles hold, whose decoding
was most of a broad query's match set and ranking — each segment gets one extra file in the
generation folder:

    postings-<segment id>.bin

a small JSON header, a term table sorted by term (Whoosh's byte range of each list, its count,
its place in the body, a CRC-32) and a body of plain arrays per list: document numbers
(uint32) then weights (float32, as Whoosh stores them); the layout is in
archive.index.posting_table. The table is read with one `os.pread` and looked up by bisection
(format 2: the first format's JSON table cost a new search process 1.4 ms per segment, 72 ms at
100k articles); a list is read with one `os.pread` and `numpy.frombuffer`: no decoding.
A list is used only when everything agrees: the file names the segment, its document count
and the size of the segment's files; the term's entry names the very byte range of Whoosh's
list the reader is about to decode; the arrays' CRC-32 matches and the ids are ascending
within the segment. Anything else (a merged or rebuilt segment: a new id; a damaged or
truncated file; another version) is ignored and the list is decoded from Whoosh's blocks, so
a sidecar can make a query faster but never change its result. Deleted documents stay in the
arrays, as in Whoosh's postings: deletions are kept by Whoosh apart from the segment, and the
callers remove them with the segment's live set, as for decoded lists.

The writer writes the file right after a commit, for each new segment of at least
MIN_POSTINGS documents (a smaller one has no long list); a segment without one (an index
written before this file existed) gets it on first read when the folder can be written.
Files of merged-away segments are removed with the facet caches (archive.index.facets).
Whoosh's own files are untouched: the index stays readable by Whoosh alone.
"""

from __future__ import annotations

import os
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from whoosh import formats

from archive.index import position_files
from archive.index.posting_table import (BodySpool, Entry, TermTable, encode_head, read_table,
                                         upgrade)

if TYPE_CHECKING:
    from whoosh.matching import Matcher
    from whoosh.reading import IndexReader

PREFIX = "postings-"
SUFFIX = ".bin"
# A list shorter than this decodes in about 0.2 ms (two blocks); longer ones are kept. With
# the import's segments of 2,000 articles that is about 900 lists, 4 MB per segment (the
# segment's own files: about 60 MB).
MIN_POSTINGS = 256
# Set to "1" by the benchmark only, to decode every list as before these files (a same-run
# comparison); the product never sets it.
DISABLED_VARIABLE = "ARCHIVE_BENCH_NO_POSTING_FILES"


@dataclass
class SegmentArrays:
    """An open posting file: its term table, and the open file the arrays are read from
    (with `os.pread`: a file damaged or cut short later gives a short read or a failed
    check, never a crash, as a memory map could)."""

    segment_id: str
    documents: int
    table: TermTable
    descriptor: int
    body_start: int
    files: int = 0  # the size of the segment's files when it was opened (`_fingerprint`)

    def entry(self, field: str, text: bytes) -> Entry | None:
        """The entry of one term, None if the file has none."""
        return self.table.find(field.encode("ascii", "replace") + b"\0" + text)

    @property
    def entries(self) -> dict[tuple[str, bytes], Entry]:
        """Every term's entry (tests and inspection)."""
        found = {}
        for index in range(len(self.table)):
            field, _, text = self.table.key(index).partition(b"\0")
            entry = self.table.find(self.table.key(index))
            if entry is not None:
                found[(field.decode("ascii", "replace"), text)] = entry
        return found

    def arrays(self, field: str, text: bytes, start: int,
               length: int) -> tuple[np.ndarray, np.ndarray] | None:
        """The (ids as int64, weights as float32) of a term whose Whoosh list starts at byte
        `start` and is `length` bytes long; None when the file has no such list or its
        arrays fail their checks."""
        entry = self.entry(field, text)
        # A list has at most one posting per document: a larger count is not read at all.
        if entry is None or entry.start != start or entry.length != length \
                or entry.count > self.documents:
            return None
        size = 4 * entry.count
        try:
            raw = os.pread(self.descriptor, 2 * size, self.body_start + entry.offset)
        except (OSError, OverflowError):
            return None
        if len(raw) != 2 * size or zlib.crc32(raw) != entry.crc:
            return None
        ids = np.frombuffer(raw, dtype="<u4", count=entry.count)
        if entry.count and (int(ids[-1]) >= self.documents
                            or (entry.count > 1 and not bool(np.all(ids[1:] > ids[:-1])))):
            return None
        weights = np.frombuffer(raw, dtype="<f4", count=entry.count, offset=size)
        return ids.astype(np.int64), weights

    def close(self) -> None:
        """Close the file."""
        try:
            os.close(self.descriptor)
        except OSError:
            pass


# Per process: segment id -> its open file, or None (none, or not usable).
_OPENED: dict[str, SegmentArrays | None] = {}


def disabled() -> bool:
    """Whether the benchmark asked for decoding only."""
    return os.environ.get(DISABLED_VARIABLE) == "1"


def forget() -> None:
    """Close every file opened, position files too (tests; a process that switches
    archives)."""
    for arrays in _OPENED.values():
        if arrays is not None:
            arrays.close()
    _OPENED.clear()
    position_files.forget()


def opened(segment_id: str) -> SegmentArrays | None:
    """The segment's file if this process opened one (`for_segment`), else None."""
    return None if disabled() else _OPENED.get(segment_id)


def lookup(segment_id: str, leaf: "Matcher") -> tuple[np.ndarray, np.ndarray] | None:
    """A leaf matcher's list from its segment's file (opened earlier by `for_segment`), or
    None when there is none that fits (the caller decodes Whoosh's blocks)."""
    arrays = opened(segment_id)
    term = getattr(leaf, "_term", None)
    extent = _extent(leaf)
    if arrays is None or term is None or extent is None:
        return None
    return arrays.arrays(term[0], term[1], *extent)


def term_arrays(segment_id: str, field: str, text: bytes, info: object
                ) -> tuple[np.ndarray, np.ndarray] | None:
    """A term's list from its segment's file, given Whoosh's term info of the term (its
    `extent()` is the byte range of the list), without building a matcher; None when there
    is no file, no such list, or it does not fit."""
    arrays = opened(segment_id)
    extent = info_extent(info)
    if arrays is None or extent is None:
        return None
    return arrays.arrays(field, text, *extent)


def info_extent(info: object) -> tuple[int, int] | None:
    """Where a term's list lies in the segment's postings file, from Whoosh's term info:
    (start, byte length); None for an inlined list or an info without one."""
    extent = getattr(info, "extent", None)
    if extent is None or info.is_inlined():  # type: ignore[attr-defined]
        return None
    start, length = extent()
    if isinstance(length, tuple) and len(length) == 1:  # see `_extent`
        length = length[0]
    if not isinstance(start, int) or not isinstance(length, int):
        return None
    return start, length


def term_positions(reader: "IndexReader", field: str, text: bytes, info: object,
                   postings: int) -> tuple[np.ndarray, np.ndarray] | None:
    """A term's (starts, positions) from its segment's position file
    (archive.index.position_files), for a list of `postings` postings; None when the
    segment's posting file is not open (`for_segment`), it has no position file, or the file
    has no such list that fits."""
    arrays = opened(reader.segment().segment_id())
    extent = info_extent(info)
    folder = folder_of(reader)
    if arrays is None or extent is None or folder is None:
        return None
    found = position_files.for_segment(reader, folder, arrays.documents, arrays.files)
    return None if found is None else found.positions(field, text, *extent, postings)


def _extent(leaf: "Matcher") -> tuple[int, int] | None:
    """Where a W3 leaf matcher's list lies in the postings file: (start, byte length), None
    for another matcher. (Whoosh's term info unpacks the length as a 1-tuple.)"""
    start, length = getattr(leaf, "_startoffset", None), getattr(leaf, "_length", None)
    if isinstance(length, tuple) and len(length) == 1:
        length = length[0]
    if not isinstance(start, int) or not isinstance(length, int):
        return None
    return start, length


def folder_of(reader: "IndexReader") -> Path | None:
    """The folder of a segment reader's index (the generation), None if it is not a folder
    on disk. Whoosh's reader of a compound segment overlays the segment file on the index's
    storage (`OverlayStorage.b`)."""
    storage = reader.storage() if hasattr(reader, "storage") else None
    storage = getattr(storage, "b", storage)
    folder = getattr(storage, "folder", None)
    return Path(folder) if isinstance(folder, str) else None


def for_segment(reader: "IndexReader") -> SegmentArrays | None:
    """The posting file of one segment reader: opened once per process; written first when
    the segment is large enough, has none and the folder can be written."""
    if disabled() or not hasattr(reader, "segment") or reader.segment() is None:
        return None
    segment_id = reader.segment().segment_id()
    if segment_id in _OPENED:
        return _OPENED[segment_id]
    found = None
    folder = folder_of(reader)
    if folder is not None and reader.doc_count_all() >= MIN_POSTINGS:
        path = folder / f"{PREFIX}{segment_id}{SUFFIX}"
        found = _open(path, reader)
        if found is None and os.access(folder, os.W_OK):
            if not upgrade(path):
                write(folder, reader)
            found = _open(path, reader)
    _OPENED[segment_id] = found
    return found


def _fingerprint(folder: Path, segment_id: str) -> int:
    """The total size of the segment's own files (`<segment id>.seg`, or its separate files
    `<segment id>.pst`, ...): a segment rewritten under the same id would differ."""
    # A scan of the folder's names, not Path.glob: the glob's pattern machinery cost a new
    # search process ~4 ms (issue 14, cold start); segment ids hold no pattern characters.
    total = 0
    prefix = f"{segment_id}."
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(prefix):
                total += entry.stat().st_size
    return total


def _open(path: Path, reader: "IndexReader") -> SegmentArrays | None:
    """The file at `path` if it is one for this very segment, else None."""
    segment_id = reader.segment().segment_id()
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not hang
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise ValueError("not a file")
        header, table, body_start = read_table(descriptor)
        files = _fingerprint(path.parent, segment_id)
        if header.get("segment") != segment_id \
                or header.get("documents") != reader.doc_count_all() \
                or header.get("files") != files:
            raise ValueError("another segment")
        return SegmentArrays(segment_id, reader.doc_count_all(), table, descriptor, body_start,
                             files)
    except (OSError, ValueError, TypeError, KeyError, UnicodeError, RecursionError):
        os.close(descriptor)
        return None


def long_lists(reader: "IndexReader") -> list[tuple[str, bytes, "Matcher"]]:
    """(field, term, leaf matcher) of every list of the segment with at least MIN_POSTINGS
    postings (deleted documents included).

    This walks the segment's whole term table (a few microseconds per term: about 2 s for the
    250,000 terms of 2,000 articles on a loaded machine), so it is done once per segment.
    The document count of a term is read from the raw entry of Whoosh's term table (the
    private `_terms._tindex` of whoosh-reloaded 2.7.5: a flag byte, a float, then the count
    as a big-endian 32-bit integer) without decoding the whole entry; without those
    attributes, each term's info is read through the public `all_terms` and `term_info`."""
    from whoosh.matching.wrappers import FilterMatcher

    table = getattr(getattr(reader, "_terms", None), "_tindex", None)
    decode_key = getattr(getattr(reader, "_terms", None), "_keydecoder", None)
    schema = reader.schema
    found = []

    def keep(field: str, text: bytes) -> None:
        if field not in schema:
            return
        matcher = reader.postings(field, text)
        leaf = matcher.child if isinstance(matcher, FilterMatcher) else matcher
        if _extent(leaf) is not None:
            found.append((field, text, leaf))

    if table is not None and decode_key is not None and hasattr(table, "items"):
        for key, value in table.items():
            # value[0]: 1 when the postings are inlined in the entry (never a long list).
            if not value[0] and int.from_bytes(value[5:9], "big") >= MIN_POSTINGS:
                field, text = decode_key(key)
                if reader.doc_frequency(field, text) >= MIN_POSTINGS:  # the public count
                    keep(field, text)
        return found
    for field, text in reader.all_terms():
        if reader.doc_frequency(field, text) >= MIN_POSTINGS:
            keep(field, text)
    return found


def write(folder: Path, reader: "IndexReader") -> bool:
    """Write the posting file of one segment, and the position file of its long lists with
    positions (archive.index.position_files), atomically each; a folder that cannot be
    written is left alone. Returns whether the posting file was written."""
    from archive.index.postings import decode, read_blocks

    segment_id = reader.segment().segment_id()
    terms: dict[bytes, list[int]] = {}
    position_terms: dict[bytes, list[int]] = {}
    try:
        with BodySpool(folder) as body, BodySpool(folder) as position_body:
            for field, text, leaf in long_lists(reader):
                key = field.encode("ascii", "replace") + b"\0" + text
                start, length = _extent(leaf)  # type: ignore[misc]
                found = read_blocks(reader, field, text, values=True) \
                    if type(reader.schema[field].format) is formats.Positions else None
                if found is None:
                    decoded = decode(leaf)
                    ids, weights = decoded.ids, decoded.weights
                else:
                    ids, weights, values = found
                    positions = position_files.encode_list(values)
                    if positions is not None:
                        position_terms[key] = [start, length, len(positions) // 4,
                                               position_body.add(positions),
                                               zlib.crc32(positions)]
                narrow = weights.astype("<f4")
                # Whoosh writes weights as 32-bit floats; a list whose weights are not
                # (another format) is not kept, and is decoded as before.
                if len(ids) and (ids[-1] >= 2**32 or not np.array_equal(
                        narrow.astype(np.float64), weights.astype(np.float64))):
                    continue
                data = ids.astype("<u4").tobytes() + narrow.tobytes()
                terms[key] = [start, length, len(ids), body.add(data), zlib.crc32(data)]
            header = {"segment": segment_id, "documents": reader.doc_count_all(),
                      "files": _fingerprint(folder, segment_id)}
            if position_terms:
                position_files.write(folder, header, position_terms, position_body)
            written = body.write_file(folder / f"{PREFIX}{segment_id}{SUFFIX}",
                                      encode_head(header, TermTable.of(terms)))
    except OSError:
        return False
    if not written:
        return False
    previous = _OPENED.pop(segment_id, None)
    if previous is not None:
        previous.close()
    return True


def write_files(folder: Path, reader: "IndexReader") -> None:
    """After a commit: a posting file for every segment large enough that has none."""
    if disabled():
        return
    for segment_reader, _offset in reader.leaf_readers():
        segment = segment_reader.segment() if hasattr(segment_reader, "segment") else None
        if segment is None or segment_reader.doc_count_all() < MIN_POSTINGS:
            continue
        path = folder / f"{PREFIX}{segment.segment_id()}{SUFFIX}"
        existing = _open(path, segment_reader)
        if existing is None:
            write(folder, segment_reader)
        else:
            existing.close()
