"""The lexicon as a packed cache file, so that a new process reads it in ~10–15 ms instead of
decompressing and parsing the shipped text (~60–80 ms CPU, which every `archive search` paid,
since most queries reach the decompounder).

The shipped data file (archive/german/data/lexicon-de.txt.gz) stays the one source. On first use
it is parsed as before and written once to the user's cache folder (ARCHIVE_CACHE_DIR, else
$XDG_CACHE_HOME/archive, else ~/.cache/archive) under a name stamped with this format's version
and the data file's size and modification time, as Python's own bytecode cache is: a changed
data file or format gets a new name, and stale files are removed when a new one is written.

Layout: 8-byte magic, a 4-byte header length, a JSON header (section offsets, the word count,
the splits fingerprint), then the sections, uncompressed: the sorted words joined by line
breaks, the Zipf codes (one ASCII byte per word), the split codes as in the text, the first
names and the other names. Loading is one read and one `str.split` of the words into the same
sorted list the text's parser makes, so lookups stay C-speed bisections of a list: a lookup
that bisected the file itself (decoding ~18 words in Python) cost ~20 µs, and a search makes
thousands of lookups, which undid the faster load. When no cache can be written (read-only
home), the text is parsed as before: same answers.
"""

from __future__ import annotations

import json
import os
import struct
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archive.german.lexicon import Lexicon

FORMAT_VERSION = 2
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
    codes = lexicon._codes.encode("ascii")  # Zipf codes are printable ASCII by construction
    parts = {"words": "\n".join(words).encode("utf-8"), "zipf": codes,
             "splits": lexicon._splits_text.encode("utf-8"),
             "first": " ".join(sorted(lexicon.first_names)).encode("utf-8"),
             "name": " ".join(sorted(lexicon.names)).encode("utf-8")}
    sections: dict[str, list[int]] = {}
    body = bytearray()
    for name, data in parts.items():
        sections[name] = [len(body), len(data)]
        body.extend(data)
    header = json.dumps({"count": len(words),
                         "splitsum": lexicon.splits_fingerprint,
                         "sections": sections}).encode("utf-8")
    return _HEADER.pack(_MAGIC, len(header)) + header + bytes(body)


def open_packed(path: Path) -> Lexicon:
    """The Lexicon in a cache file (raises ValueError for a damaged file)."""
    from archive.german.lexicon import Lexicon

    view = memoryview(path.read_bytes())
    magic, header_size = _HEADER.unpack_from(view)
    if magic != _MAGIC:
        raise ValueError(f"{path.name} is not a packed lexicon")
    start = _HEADER.size + header_size
    header = json.loads(bytes(view[_HEADER.size:start]))
    if start + max(offset + size for offset, size in header["sections"].values()) > len(view):
        raise ValueError(f"{path.name} is truncated")
    sections = {name: view[start + offset:start + offset + size]
                for name, (offset, size) in header["sections"].items()}
    words = str(sections["words"], "utf-8").split("\n")
    if len(words) != header["count"]:
        raise ValueError(f"{path.name} is corrupt: the word count differs")
    return Lexicon(words, str(sections["zipf"], "ascii"), str(sections["first"], "utf-8").split(),
                   str(sections["name"], "utf-8").split(), str(sections["splits"], "utf-8"),
                   header["splitsum"])


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
