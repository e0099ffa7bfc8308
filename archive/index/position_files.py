"""The positions of a segment's long lists, as plain arrays in a file beside the index.

Phrases and a compound's near parts read each posting's positions in the `exact` field
(archive.index.positions). Whoosh keeps them inside its posting blocks, per posting a pickled
list of deltas, so reading a long list meant decoding every block and unpickling every posting:
about a microsecond a posting, and a word most articles hold has thousands of postings in each
segment. Beside each segment's posting file (archive.index.posting_files) a second file holds
the positions of the same long lists, for every field that has positions:

    positions-<segment id>.bin

in the posting files' layout (archive.index.posting_table) under its own magic: per term
Whoosh's byte range of the list, the number of 32-bit values in its body, their place and a
CRC-32; the body of a term is each posting's number of positions, then all the positions
(absolute, ascending within a posting), little-endian uint32. Reading a term's positions is
one `os.pread` and `numpy.frombuffer`.

They are used only when everything agrees: the file names the segment, its document count and
the size of its files; the term's entry names the very byte range of Whoosh's list; the CRC
matches; the counts add up to the values stored and to the postings the caller holds for the
term. Anything else (a merged or rebuilt segment, a damaged or truncated file, another
version) is ignored and the positions are decoded from Whoosh's blocks: a position file can
make a query faster, never change its result.

The file is written with the segment's posting file (after each commit, for new segments;
`posting_files.write`). A segment whose posting file was written before position files existed
has none, and its positions are decoded as before, until `archive reindex --full`. Files of
merged-away segments are removed with the posting files (archive.index.facets). Whoosh's own
files are untouched.
"""

from __future__ import annotations

import os
import pickle
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from archive.index.posting_table import BodySpool, TermTable, encode_head, read_table

if TYPE_CHECKING:
    from whoosh.reading import IndexReader

PREFIX = "positions-"
SUFFIX = ".bin"
MAGIC = b"ARCPOSI1"
VERSION = 1
# How Whoosh's `Positions.encode` begins each posting's value after its 4-byte count: pickle
# protocol 2, an empty list, memoised as entry 0; the deltas follow as appends.
_PICKLED_LIST = b"\x80\x02]q\x00"
_STOP = ord(".")


def decode_values(values: list[bytes]) -> tuple[np.ndarray, np.ndarray] | None:
    """Each posting's number of positions and all the positions (absolute), from Whoosh's
    encoded `Positions` values; None for values not encoded that way.

    Every posting's pickled deltas are appended to one list by a single `pickle.loads` (each
    value's opcodes after its empty list only append to the list below them), instead of one
    `loads` per posting.

    >>> from whoosh.formats import Positions
    >>> counts, positions = decode_values([Positions().encode([3, 7]), Positions().encode([2])])
    >>> counts.tolist(), positions.tolist()
    ([2, 1], [3, 7, 2])
    """
    if not values:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    try:
        if b"".join([value[4:9] for value in values]) != _PICKLED_LIST * len(values):
            return None
        counts = np.frombuffer(b"".join([value[:4] for value in values]),
                               dtype=">u4").astype(np.int64)
        body = b"".join([value[9:-1] if value[-1] == _STOP else value[9:] for value in values])
        deltas = pickle.loads(b"\x80\x02]" + body + b".")  # noqa: S301 - Whoosh's own values
        if not isinstance(deltas, list) or len(deltas) != int(counts.sum()):
            return None
        summed = np.cumsum(np.array(deltas, dtype=np.int64))
    except (pickle.UnpicklingError, ValueError, TypeError, OverflowError, EOFError,
            IndexError, AttributeError, MemoryError, RecursionError):
        return None
    starts = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    # Each posting's deltas start again from 0: subtract the running sum before its first.
    before = np.concatenate(([0], summed))[starts[:-1]]
    return counts, summed - np.repeat(before, counts)


def encode_list(values: list[bytes]) -> bytes | None:
    """A term's body in the file (counts, then positions, uint32), None when its values are
    not Whoosh's `Positions` encoding or a position does not fit in 32 bits."""
    decoded = decode_values(values)
    if decoded is None:
        return None
    counts, positions = decoded
    if len(positions) and (int(positions.min()) < 0 or int(positions.max()) >= 2**32):
        return None
    return counts.astype("<u4").tobytes() + positions.astype("<u4").tobytes()


@dataclass
class SegmentPositions:
    """An open position file: its term table and the open file the arrays are read from
    (with `os.pread`: a file damaged or cut short later gives a short read or a failed
    check, never a crash)."""

    segment_id: str
    table: TermTable
    descriptor: int
    body_start: int

    def positions(self, field: str, text: bytes, start: int, length: int,
                  postings: int) -> tuple[np.ndarray, np.ndarray] | None:
        """(starts, positions) of a term whose Whoosh list starts at byte `start`, is `length`
        bytes long and has `postings` postings: posting i's positions are
        positions[starts[i]:starts[i + 1]]; None when the file has no such list or its
        arrays fail their checks."""
        entry = self.table.find(field.encode("ascii", "replace") + b"\0" + text)
        if entry is None or entry.start != start or entry.length != length \
                or entry.count < postings or entry.count > postings + 2**31:
            return None
        try:
            raw = os.pread(self.descriptor, 4 * entry.count, self.body_start + entry.offset)
        except (OSError, OverflowError):
            return None
        if len(raw) != 4 * entry.count or zlib.crc32(raw) != entry.crc:
            return None
        counts = np.frombuffer(raw, dtype="<u4", count=postings).astype(np.int64)
        starts = np.zeros(postings + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        if int(starts[-1]) != entry.count - postings:
            return None
        positions = np.frombuffer(raw, dtype="<u4", offset=4 * postings).astype(np.int64)
        return starts, positions

    def close(self) -> None:
        """Close the file."""
        try:
            os.close(self.descriptor)
        except OSError:
            pass


# Per process: segment id -> its open file, or None (none, or not usable).
_OPENED: dict[str, SegmentPositions | None] = {}


def forget() -> None:
    """Close every file opened (tests; a process that switches archives)."""
    for found in _OPENED.values():
        if found is not None:
            found.close()
    _OPENED.clear()


def for_segment(reader: "IndexReader", folder: Path, documents: int,
                files: int) -> SegmentPositions | None:
    """The position file of one segment reader (opened once per process), None when it has
    none or it does not fit the segment: `documents`, its document count, and `files`, the
    size of its files (as the posting file records them)."""
    segment_id = reader.segment().segment_id()
    if segment_id in _OPENED:
        return _OPENED[segment_id]
    found = _open(folder / f"{PREFIX}{segment_id}{SUFFIX}", segment_id, documents, files)
    _OPENED[segment_id] = found
    return found


def _open(path: Path, segment_id: str, documents: int, files: int) -> SegmentPositions | None:
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not hang
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise ValueError("not a file")
        header, table, body_start = read_table(descriptor, MAGIC, VERSION)
        if header.get("segment") != segment_id or header.get("documents") != documents \
                or header.get("files") != files:
            raise ValueError("another segment")
        return SegmentPositions(segment_id, table, descriptor, body_start)
    except (OSError, ValueError, TypeError, KeyError, UnicodeError, RecursionError):
        os.close(descriptor)
        return None


def write(folder: Path, header: dict, terms: dict[bytes, list[int]], body: BodySpool) -> bool:
    """Write a segment's position file atomically: `header` (segment, documents, files, as
    the posting file's), per key "field NUL text" [start, length, values, offset, crc], and
    the body spooled so far. Returns whether it was written."""
    segment_id = header["segment"]
    if not body.write_file(folder / f"{PREFIX}{segment_id}{SUFFIX}",
                           encode_head(header, TermTable.of(terms), MAGIC, VERSION)):
        return False
    previous = _OPENED.pop(segment_id, None)
    if previous is not None:
        previous.close()
    return True
