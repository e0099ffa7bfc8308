"""The lexicon as a packed cache file, so that a new process reads it in ~10–15 ms instead of
decompressing and parsing the shipped text (~60–80 ms CPU, which every `archive search` paid,
since most queries reach the decompounder).

The shipped data file (archive/german/data/lexicon-de.txt.gz) stays the one source. On first use
it is parsed as before and written once to the user's cache folder (ARCHIVE_CACHE_DIR, else
$XDG_CACHE_HOME/archive, else ~/.cache/archive) under a name stamped with this format's version
and the data file's size and modification time, as Python's own bytecode cache is: a changed
data file or format gets a new name, and stale files are removed when a new one is written.

Layout: 8-byte magic, a 4-byte header length, a JSON header (section offsets, the word count,
the splits fingerprint, the hash table's longest probe run), then the sections, uncompressed:
the sorted words joined by line breaks, the Zipf codes (one ASCII byte per word), the split codes
as in the text, the first names and the other names, the four-letter prefixes of the words
(format 4), and the hash table of the words' records
(`archive/german/lexicon_table.py`), through which lookups go. The file is memory-mapped:
opening it reads the header and the two name lists, and a lookup touches a slot and a record,
so a new process no longer splits 227k words into a list first (~15–25 ms CPU of every cold
search; format 2 did that, and bisecting the words in place, tried before, cost ~20 µs per
lookup). The sorted list is still decoded, from the same file, by what needs every word (bulk
mode, the four-letter prefixes). When no cache can be written (read-only home), the text is
parsed as before: same answers.
"""

from __future__ import annotations

import json
import mmap
import os
import struct
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archive.german.lexicon import Lexicon

FORMAT_VERSION = 4
_MAGIC = b"ARCLEX01"
_HEADER = struct.Struct("=8sI")
CACHE_ENV = "ARCHIVE_CACHE_DIR"


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


def pack(lexicon: Lexicon) -> bytes:
    """The cache file's bytes for a lexicon parsed from the shipped text."""
    words = list(lexicon._words)
    if any("\n" in word for word in words):
        raise ValueError("a lexicon word holds a line break")
    from archive.german.lexicon_table import SLOT_BYTES, build_table

    codes = lexicon._codes.encode("ascii")  # Zipf codes are printable ASCII by construction
    splits = lexicon._splits_text.split(" ") if lexicon._splits_text else []
    if splits and len(splits) != len(words):
        raise ValueError("lexicon data file is corrupt: word and split counts differ")
    slots, records, probes = build_table(words, lexicon._codes, splits)
    parts = {"words": "\n".join(words).encode("utf-8"), "zipf": codes,
             "splits": lexicon._splits_text.encode("utf-8"),
             "first": " ".join(sorted(lexicon.first_names)).encode("utf-8"),
             "name": " ".join(sorted(lexicon.names)).encode("utf-8"),
             # the decompounder's filter of where a part may start (Lexicon.prefixes4): built
             # from every word it cost a process 60–150 ms; read from here about 2 ms
             "prefixes4": " ".join(sorted(lexicon.prefixes4())).encode("utf-8"),
             "records": records, "slots": slots}
    sections: dict[str, list[int]] = {}
    body = bytearray()
    for name, data in parts.items():
        if name == "slots":  # aligned for the 32-bit view (offsets count from the body)
            body.extend(bytes(-(_HEADER.size + len(body)) % SLOT_BYTES))
        sections[name] = [len(body), len(data)]
        body.extend(data)
    header = json.dumps({"count": len(words),
                         "splitsum": lexicon.splits_fingerprint,
                         "probes": probes,
                         "sections": sections}).encode("utf-8")
    # The header is padded with spaces so that the body starts on a multiple of 8 bytes.
    header += b" " * (-(_HEADER.size + len(header)) % 8)
    return _HEADER.pack(_MAGIC, len(header)) + header + bytes(body)


def open_packed(path: Path) -> Lexicon:
    """The Lexicon in a cache file, memory-mapped (raises ValueError for a damaged file)."""
    from archive.german.lexicon_table import SLOT_BYTES, TableLexicon

    # The file is only ever replaced by a rename (write_cache), never changed in place, so
    # the mapping stays valid for the process's life.
    with open(path, "rb") as handle:
        try:
            view = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file cannot be mapped
            raise ValueError(f"{path.name} is empty") from None
    magic, header_size = _HEADER.unpack_from(view)
    if magic != _MAGIC:
        raise ValueError(f"{path.name} is not a packed lexicon")
    start = _HEADER.size + header_size
    header = json.loads(view[_HEADER.size:start])
    if start + max(offset + size for offset, size in header["sections"].values()) > len(view):
        raise ValueError(f"{path.name} is truncated")
    bounds = {name: (start + offset, start + offset + size)
              for name, (offset, size) in header["sections"].items()}
    count = header["count"]
    slots_start, slots_end = bounds["slots"]
    slot_count = (slots_end - slots_start) // SLOT_BYTES
    if slots_start % SLOT_BYTES or slot_count < 2 * count or slot_count & (slot_count - 1):
        raise ValueError(f"{path.name} is corrupt: the hash table's size")
    records_start, records_end = bounds["records"]

    def text(name: str, encoding: str = "utf-8") -> str:
        low, high = bounds[name]
        return str(view[low:high], encoding)

    def columns() -> tuple[list[str], str, str]:
        # Only what needs every word reads these (bulk mode, prefixes, packing, tests).
        words = text("words").split("\n")
        if len(words) != count:
            raise ValueError(f"{path.name} is corrupt: the word count differs")
        return words, text("zipf", "ascii"), text("splits")

    if records_end - records_start >= 2 ** 32 - 1:
        raise ValueError(f"{path.name} is corrupt: the records' size")
    if "prefixes4" not in bounds:
        raise ValueError(f"{path.name} is corrupt: no prefixes section")
    # The records are read in the map itself (a slice of an mmap would be a copy): the table's
    # offsets count from `records_start`.
    packed = TableLexicon(memoryview(view)[slots_start:slots_end], view, records_start,
                          int(header["probes"]), count, columns, text("first").split(),
                          text("name").split(), header["splitsum"],
                          bounds["splits"][1] > bounds["splits"][0])
    packed.prefixes_source = lambda: frozenset(text("prefixes4").split())
    return packed


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
