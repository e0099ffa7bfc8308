"""The layout of a posting file (archive.index.posting_files): header, term table, body.

    8 bytes   b"ARCPOST2"
    8 bytes   length of the header, little-endian
    header    JSON: version, segment id, its document count, the size of its files, the
              number of terms and the byte length of their keys
    padding   to a multiple of 8 bytes
    entries   per term, sorted by key: Whoosh's start offset and byte length of the list,
              postings, offset in the body, CRC-32 of its arrays (five little-endian uint64)
    key ends  per term: where its key ends in the keys (little-endian uint32)
    keys      "field NUL text" per term, as bytes, sorted
    padding   to a multiple of 8 bytes
    body      per term: the document numbers (little-endian uint32, ascending), then the
              weights (little-endian float32)

`read_table` reads the header and the table with two `os.pread` calls; `TermTable.find` looks
a term up by bisection. A file of the first version (the same body after a JSON header that
held the term table) is rewritten in this layout by `upgrade`, without decoding a list.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"ARCPOST2"
VERSION = 2
# A file of the first version (a JSON term table, slow to open) is rewritten in this one.
_FIRST_MAGIC = b"ARCPOST1"
_MAX_HEADER = 64 * 1024 * 1024


@dataclass(frozen=True)
class Entry:
    """Where one term's arrays lie in the body, and the Whoosh list they were read from."""

    start: int  # Whoosh's start offset of the list in the segment's postings file
    length: int  # and its byte length
    count: int
    offset: int  # in the body, bytes
    crc: int


@dataclass(frozen=True)
class TermTable:
    """The sorted term table of a posting file: per term its five numbers (`Entry`) and its
    key "field NUL text" as bytes."""

    numbers: np.ndarray  # (terms, 5) uint64: start, length, count, offset, crc
    ends: np.ndarray  # (terms,) where each key ends in `keys`
    keys: bytes

    @classmethod
    def of(cls, table: dict[bytes, list[int]]) -> "TermTable":
        """The table of {key: [start, length, count, offset, crc]}, sorted by key.

        >>> TermTable.of({b"body\\0b": [9, 2, 1, 8, 7], b"body\\0a": [0, 3, 1, 0, 5]}).find(b"body\\0b")
        Entry(start=9, length=2, count=1, offset=8, crc=7)
        """
        keys = sorted(table)
        numbers = np.array([table[key] for key in keys], dtype="<u8").reshape(len(keys), 5)
        ends = np.cumsum([len(key) for key in keys], dtype=np.int64).astype("<u4")
        return cls(numbers, ends, b"".join(keys))

    def __len__(self) -> int:
        return len(self.ends)

    def key(self, index: int) -> bytes:
        """The key of the term at `index` of the sorted table."""
        start = int(self.ends[index - 1]) if index else 0
        return self.keys[start:int(self.ends[index])]

    def find(self, key: bytes) -> Entry | None:
        """The entry of one key (binary search), None if the table has none."""
        low, high = 0, len(self.ends)
        while low < high:
            middle = (low + high) // 2
            if self.key(middle) < key:
                low = middle + 1
            else:
                high = middle
        if low == len(self.ends) or self.key(low) != key:
            return None
        return Entry(*(int(number) for number in self.numbers[low]))

    def to_bytes(self) -> bytes:
        """The table as the file stores it (entries, key ends, keys)."""
        return self.numbers.astype("<u8").tobytes() + self.ends.astype("<u4").tobytes() \
            + self.keys

    @classmethod
    def from_bytes(cls, data: bytes, terms: int, key_bytes: int) -> "TermTable":
        """The table read back from `to_bytes`; ValueError if it does not add up."""
        numbers_size, ends_size = 40 * terms, 4 * terms
        if terms < 0 or key_bytes < 0 or len(data) != numbers_size + ends_size + key_bytes:
            raise ValueError("term table cut short")
        numbers = np.frombuffer(data, dtype="<u8", count=5 * terms).reshape(terms, 5)
        ends = np.frombuffer(data, dtype="<u4", count=terms, offset=numbers_size)
        if terms and (int(ends[-1]) != key_bytes
                      or bool(np.any(np.diff(ends.astype(np.int64)) < 0))):
            raise ValueError("term keys do not add up")
        return cls(numbers, ends, data[numbers_size + ends_size:])


def read_table(descriptor: int, magic: bytes = MAGIC,
               version: int = VERSION) -> tuple[dict, TermTable, int]:
    """The header, the term table and where the body starts; ValueError for anything that
    is not a file of this kind (`magic`: posting files, or position files with theirs,
    archive.index.position_files) and version."""
    start = os.pread(descriptor, 16, 0)
    size = int.from_bytes(start[8:16], "little")
    if len(start) != 16 or start[:8] != magic or size > _MAX_HEADER:
        raise ValueError("not a posting file")
    raw = os.pread(descriptor, size, 16)
    if len(raw) != size:
        raise ValueError("cut short")
    header = json.loads(raw)
    if not isinstance(header, dict) or header.get("version") != version:
        raise ValueError("another version")
    terms, key_bytes = header.get("terms"), header.get("keys")
    if not isinstance(terms, int) or not isinstance(key_bytes, int) \
            or not 0 <= terms <= _MAX_HEADER // 44 or not 0 <= key_bytes <= _MAX_HEADER:
        raise ValueError("no term table")
    table_start = _aligned(16 + size)
    table_size = 44 * terms + key_bytes
    data = os.pread(descriptor, table_size, table_start)
    return header, TermTable.from_bytes(data, terms, key_bytes), \
        _aligned(table_start + table_size)


def upgrade(path: Path) -> bool:
    """Rewrite a file of the first version (a JSON term table, the same body) in this one,
    without decoding a list again; False when `path` is not such a file. Whether it still
    fits its segment is checked when it is opened, as for any file."""
    try:
        with open(path, "rb") as handle:
            start = handle.read(16)
            size = int.from_bytes(start[8:16], "little")
            if len(start) != 16 or start[:8] != _FIRST_MAGIC or size > _MAX_HEADER:
                return False
            header = json.loads(handle.read(size))
            handle.seek(_aligned(16 + size))
            body = handle.read()
        terms = {key.encode("latin-1"): numbers for key, numbers in header.pop("terms").items()
                 if isinstance(numbers, list) and len(numbers) == 5
                 and all(isinstance(number, int) and 0 <= number < 2**64 for number in numbers)}
        data = encode(header, TermTable.of(terms), body)
    except (OSError, ValueError, TypeError, KeyError, AttributeError, UnicodeError,
            RecursionError):
        return False
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        return False
    return True


def describe(path: Path, magic: bytes = MAGIC, version: int = VERSION
             ) -> tuple[dict, TermTable, int]:
    """A posting file's (or, with their `magic` and `version`, a position file's) header,
    term table and body offset (tests and inspection); ValueError or OSError when it is not
    one."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        return read_table(descriptor, magic, version)
    finally:
        os.close(descriptor)


def encode(header: dict, table: TermTable, body: bytes, magic: bytes = MAGIC,
           version: int = VERSION) -> bytes:
    """A whole posting file (or, with their `magic` and `version`, a position file):
    `header` completed with the table's size, the table, the body."""
    return encode_head(header, table, magic, version) + body


def encode_head(header: dict, table: TermTable, magic: bytes = MAGIC,
                version: int = VERSION) -> bytes:
    """Everything of a file before its body: magic, header, table and their padding."""
    encoded = json.dumps({**header, "version": version, "terms": len(table),
                          "keys": len(table.keys)},
                         ensure_ascii=True, separators=(",", ":")).encode("ascii")
    table_start = _aligned(16 + len(encoded))
    table_bytes = table.to_bytes()
    body_start = _aligned(table_start + len(table_bytes))
    return b"".join([magic, len(encoded).to_bytes(8, "little"), encoded,
                     b"\0" * (table_start - 16 - len(encoded)), table_bytes,
                     b"\0" * (body_start - table_start - len(table_bytes))])


class BodySpool:
    """A file's body written part by part to a temporary file beside it, so that writing a
    segment's files holds one list at a time, not the whole body (a body joined, then the
    file joined from it, was three copies: 145 MB at the commit of 10,000 articles)."""

    def __init__(self, folder: Path) -> None:
        self.handle = tempfile.TemporaryFile(dir=folder, prefix="archive-body-")
        self.size = 0

    def add(self, data: bytes) -> int:
        """Append `data`; returns where it starts in the body."""
        start = self.size
        self.handle.write(data)
        self.size += len(data)
        return start

    def write_file(self, path: Path, head: bytes) -> bool:
        """Write `head` and then the body to `path` atomically (a temporary file beside it,
        renamed); False when it cannot be written (nothing is left behind)."""
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            self.handle.flush()
            self.handle.seek(0)
            with open(temporary, "wb") as output:
                output.write(head)
                shutil.copyfileobj(self.handle, output, _COPY_CHUNK)
            os.replace(temporary, path)
        except OSError:
            temporary.unlink(missing_ok=True)
            return False
        return True

    def close(self) -> None:
        """Remove the temporary body."""
        self.handle.close()

    def __enter__(self) -> "BodySpool":
        return self

    def __exit__(self, *_exception: object) -> None:
        self.close()


# Bytes copied from a spooled body at a time.
_COPY_CHUNK = 1 << 20


def _aligned(offset: int) -> int:
    return (offset + 7) // 8 * 8
