"""The lexicon as a packed, memory-mapped cache file, so that a new process opens it in well
under a millisecond instead of decompressing and splitting the shipped text (~60–80 ms CPU,
which every `archive search` paid, since most queries reach the decompounder).

The shipped data file (archive/index/data/lexicon-de.txt.gz) stays the one source. On first use
it is parsed as before and written once to the user's cache folder (ARCHIVE_CACHE_DIR, else
$XDG_CACHE_HOME/archive, else ~/.cache/archive) under a name stamped with this format's version
and the data file's size and modification time, as Python's own bytecode cache is: a changed
data file or format gets a new name, and stale files are removed when a new one is written.

Layout (native byte order; the byte order is part of the stamp): 8-byte magic, a 4-byte header
length, a JSON header (section offsets, counts, the splits fingerprint), then 4-byte aligned
sections: the words' UTF-8 bytes and their n+1 uint32 offsets, the Zipf codes (one ASCII byte
per word), the split codes and their offsets, and the first names and other names as text.
Words stay sorted, so a lookup is a bisection over the mapped file that decodes ~18 words.
When no cache can be written (read-only home), the text is parsed as before: same answers.
"""

from __future__ import annotations

import json
import mmap
import os
import struct
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, overload

if TYPE_CHECKING:
    from archive.index.lexicon import Lexicon

FORMAT_VERSION = 1
_MAGIC = b"ARCLEX01"
_HEADER = struct.Struct("=8sI")
CACHE_ENV = "ARCHIVE_CACHE_DIR"


class PackedStrings(Sequence[str]):
    """A read-only sequence of strings over a UTF-8 blob and its uint32 offsets; bisect and
    iteration work on it as on the list of words it replaces."""

    def __init__(self, blob: memoryview, offsets: memoryview) -> None:
        self._blob = blob
        self._offsets = offsets
        self._count = len(offsets) - 1

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[position] for position in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("packed string index out of range")
        offsets = self._offsets
        return str(self._blob[offsets[index]:offsets[index + 1]], "utf-8")

    def __iter__(self) -> Iterator[str]:
        # One decode of the whole blob, then slicing: far cheaper than an item at a time.
        text = bytes(self._blob)
        offsets = self._offsets
        for index in range(self._count):
            yield text[offsets[index]:offsets[index + 1]].decode("utf-8")


def cache_folder() -> Path:
    """Where the packed lexicon is kept (never inside an archive home or the package)."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "archive"


def cache_name(source: Path) -> str:
    """The cache file's name for this data file: format version, byte order, size, mtime."""
    stat = source.stat()
    return (f"lexicon-de-v{FORMAT_VERSION}-{sys.byteorder}-{stat.st_size}-"
            f"{stat.st_mtime_ns}.bin")


def _pack_strings(words: Sequence[str]) -> tuple[bytes, bytes]:
    encoded = [word.encode("utf-8") for word in words]
    offsets = [0]
    for item in encoded:
        offsets.append(offsets[-1] + len(item))
    return b"".join(encoded), struct.pack(f"={len(offsets)}I", *offsets)


def pack(lexicon: Lexicon) -> bytes:
    """The cache file's bytes for a lexicon parsed from the shipped text."""
    words = list(lexicon._words)
    codes = lexicon._codes.encode("ascii")  # Zipf codes are printable ASCII by construction
    splits = lexicon._splits_text.split(" ") if lexicon._splits_text else []
    word_blob, word_offsets = _pack_strings(words)
    split_blob, split_offsets = _pack_strings(splits)
    parts = {"words": word_blob, "word_offsets": word_offsets, "zipf": codes,
             "splits": split_blob, "split_offsets": split_offsets,
             "first": " ".join(sorted(lexicon.first_names)).encode("utf-8"),
             "name": " ".join(sorted(lexicon.names)).encode("utf-8")}
    sections: dict[str, list[int]] = {}
    body = bytearray()
    for name, data in parts.items():
        body.extend(b"\0" * (-len(body) % 4))  # uint32 arrays start aligned
        sections[name] = [len(body), len(data)]
        body.extend(data)
    header = json.dumps({"count": len(words), "has_splits": bool(splits),
                         "splitsum": lexicon.splits_fingerprint,
                         "sections": sections}).encode("utf-8")
    header += b" " * (-(len(header) + _HEADER.size) % 4)
    return _HEADER.pack(_MAGIC, len(header)) + header + bytes(body)


def open_packed(path: Path) -> Lexicon:
    """A Lexicon reading the mapped cache file (raises ValueError for a damaged file)."""
    from archive.index.lexicon import Lexicon

    with open(path, "rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    view = memoryview(mapped)
    magic, header_size = _HEADER.unpack_from(view)
    if magic != _MAGIC:
        raise ValueError(f"{path.name} is not a packed lexicon")
    start = _HEADER.size + header_size
    header = json.loads(bytes(view[_HEADER.size:start]))
    sections = {name: view[start + offset:start + offset + size]
                for name, (offset, size) in header["sections"].items()}
    count = header["count"]
    if start + max(offset + size for offset, size in header["sections"].values()) > len(view):
        raise ValueError(f"{path.name} is truncated")
    word_offsets = sections["word_offsets"].cast("I")
    if len(word_offsets) != count + 1 or len(sections["zipf"]) != count:
        raise ValueError(f"{path.name} is corrupt: word and frequency counts differ")
    words = PackedStrings(sections["words"], word_offsets)
    splits = None
    if header["has_splits"]:
        splits = PackedStrings(sections["splits"], sections["split_offsets"].cast("I"))
        if len(splits) != count:
            raise ValueError(f"{path.name} is corrupt: word and split counts differ")
    loaded = Lexicon(words, str(sections["zipf"], "ascii"),  # type: ignore[arg-type]
                     str(sections["first"], "utf-8").split(),
                     str(sections["name"], "utf-8").split(), "", header["splitsum"])
    loaded._splits = splits  # type: ignore[assignment]
    return loaded


def write_cache(lexicon: Lexicon, folder: Path, name: str) -> Path:
    """Write the packed lexicon atomically (a temporary file renamed into place) and remove
    older versions of it; returns the new file's path."""
    import tempfile  # only the first use after an install writes (tempfile is ~9 ms to import)

    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    handle, temporary = tempfile.mkstemp(prefix=".lexicon-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(pack(lexicon))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    for stale in folder.glob("lexicon-de-v*.bin"):
        if stale.name != name:
            stale.unlink(missing_ok=True)
    return target


def load_or_build(source: Path, parse_source: Callable[[], Lexicon]) -> Lexicon:
    """The packed lexicon for `source`, built from `parse_source()` on first use. If the cache
    cannot be read or written, the parsed lexicon itself (same answers, slower start)."""
    folder = cache_folder()
    try:
        name = cache_name(source)
    except OSError:
        return parse_source()
    try:
        return open_packed(folder / name)
    except (OSError, ValueError, KeyError, TypeError, struct.error):
        pass  # absent or damaged: rebuilt below
    parsed = parse_source()
    try:
        return open_packed(write_cache(parsed, folder, name))
    except (OSError, ValueError):
        return parsed
