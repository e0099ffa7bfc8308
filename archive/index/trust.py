"""Open only index files this archive wrote: Whoosh's table of contents is a pickle, and
unpickling runs code, so a table of contents is read only when it carries a valid signature.

Each time a writer commits, the new table of contents (`_MAIN_<n>.toc`) is signed before
Whoosh renames it into place: an HMAC-SHA256 over its name and bytes, keyed by a random key
of the user's that never lives in an archive home (`~/.config/archive/index-key`, or the
file named by `ARCHIVE_KEY_FILE`), kept in `signatures.json` beside it. Before Whoosh reads a
table of contents, the bytes are read once, checked, and Whoosh parses those very bytes (from
memory), so what is checked is what is unpickled.

The key is outside the home on purpose: a home someone else made (store and index together)
cannot carry a signature made with your key, so `search --home THAT` refuses its index with
one line instead of running its code; `archive reindex` then rebuilds it from the store, which
is SQLite (data, never code). An index from an older version has no signature and is rebuilt
the same way (writers do it by themselves).

Segment files hold pickles too (stored fields, posting block headers); they are named by the
signed table of contents and written with it, so they are trusted as far as the home's own
files are: whoever can write into your home can change what you run anyway.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import TOC, FileIndex

from archive.errors import StorageError

if TYPE_CHECKING:
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher

KEY_ENV = "ARCHIVE_KEY_FILE"
SIGNATURES = "signatures.json"
INDEX_NAME = "MAIN"  # Whoosh's default index name: files `_MAIN_<generation>.toc`
_TOC_NAME = re.compile(r"^_MAIN_([0-9]+)\.toc$")
# A table of contents is the schema and a list of segments: kilobytes. A larger file is not
# read (a link to an endless device would otherwise be read until memory runs out).
MAX_TOC_BYTES = 16 * 1024 * 1024
MAX_SIGNATURES_BYTES = 1024 * 1024
_KEY_HEX_LENGTH = 64  # 32 random bytes, as hex
_CONTEXT = b"archive index table of contents\0"
_keys: dict[Path, bytes] = {}


class UntrustedIndexError(ValueError):
    """A table of contents that is not opened: the reason, as a clause."""


def key_path() -> Path:
    """Where the user's index key is kept (never inside an archive home)."""
    chosen = os.environ.get(KEY_ENV)
    if chosen:
        return Path(chosen).expanduser()
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "archive" / "index-key"


def load_key(create: bool) -> bytes | None:
    """The user's key; with `create`, made on first use (mode 0600). Without, None when there
    is none (then no index is trusted: nothing was signed with it)."""
    path = key_path()
    if path in _keys:
        return _keys[path]
    try:
        text = read_small(path, _KEY_HEX_LENGTH + 2).decode("ascii").strip()
    except FileNotFoundError:
        if not create:
            return None
        text = _create_key(path)
    except (OSError, UnicodeDecodeError, UntrustedIndexError) as error:
        if not create:
            return None
        raise StorageError(f"cannot read the index key {path}: {_why(error)}") from None
    if not re.fullmatch(f"[0-9a-f]{{{_KEY_HEX_LENGTH}}}", text):
        if not create:
            return None
        raise StorageError(f"the index key {path} is malformed: delete it, then run "
                           "'archive reindex --full' in each archive")
    _keys[path] = bytes.fromhex(text)
    return _keys[path]


def _create_key(path: Path) -> str:
    text = secrets.token_hex(_KEY_HEX_LENGTH // 2)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(text + "\n")
        try:
            os.link(temporary, path)  # never replaces a key another process made meanwhile
        except FileExistsError:
            text = path.read_text(encoding="ascii").strip()
    except OSError as error:
        raise StorageError(f"cannot create the index key {path}: {_why(error)} "
                           f"(choose another file with {KEY_ENV})") from None
    finally:
        temporary.unlink(missing_ok=True)
    return text


def _signature(key: bytes, name: str, data: bytes) -> str:
    return hmac.new(key, _CONTEXT + name.encode() + b"\0" + data, hashlib.sha256).hexdigest()


def sign(folder: Path, name: str, data: bytes) -> None:
    """Record the signature of table of contents `name` (bytes `data`) in `folder`, dropping
    those of tables of contents that are gone. Written atomically, before the table of
    contents itself appears, so a kill between the two leaves nothing unsigned."""
    key = load_key(create=True)
    assert key is not None
    signatures = {entry: value for entry, value in _signatures(folder).items()
                  if (folder / entry).exists()}
    signatures[name] = _signature(key, name, data)
    temporary = folder / (SIGNATURES + ".tmp")
    temporary.write_text(json.dumps(signatures), encoding="ascii")
    os.replace(temporary, folder / SIGNATURES)


def verified_toc(folder: Path) -> tuple[str, int, bytes]:
    """The latest table of contents of the generation in `folder`: its name, generation
    number and bytes, once its signature is checked. Raises UntrustedIndexError saying why."""
    generations = [(int(match.group(1)), name) for name in _names(folder)
                   if (match := _TOC_NAME.match(name))]
    if not generations:
        raise UntrustedIndexError("it has no table of contents")
    number, name = max(generations)
    try:
        data = read_small(folder / name, MAX_TOC_BYTES)
    except OSError as error:
        raise UntrustedIndexError(f"its table of contents cannot be read ({_why(error)})") from None
    key = load_key(create=False)
    expected = _signatures(folder).get(name)
    if key is None or not isinstance(expected, str) \
            or not hmac.compare_digest(expected, _signature(key, name, data)):
        raise UntrustedIndexError(
            "its table of contents is not signed with this user's index key (damaged, written "
            "by an older version, or by another archive or user); it is not opened, as opening "
            "it would run code from it")
    return name, number, data


def untrusted_reason(folder: Path) -> str | None:
    """Why the generation's table of contents is not trusted, or None if it is."""
    try:
        verified_toc(folder)
    except UntrustedIndexError as error:
        return str(error)
    return None


class SigningStorage(FileStorage):
    """Whoosh's file storage, signing each table of contents as Whoosh moves it into place."""

    def rename_file(self, oldname: str, newname: str, safe: bool = False) -> None:
        if _TOC_NAME.match(newname):
            sign(Path(self.folder), newname, Path(self._fpath(oldname)).read_bytes())
        super().rename_file(oldname, newname, safe=safe)


class TrustedIndex(FileIndex):
    """Whoosh's index over a generation folder, reading only a signed table of contents (and
    parsing the very bytes that were checked)."""

    def __init__(self, storage: FileStorage) -> None:
        # Not FileIndex.__init__: it would read the table of contents unchecked.
        self.storage = storage
        self._schema = None
        self.indexname = INDEX_NAME
        self._read_toc()

    def searcher(self, **arguments: object) -> "Searcher":
        """Whoosh's searcher over segment readers kept open across searches
        (archive.index.open_segments), sharing what earlier searches read of the same segments
        (archive.index.segment_caches)."""
        from whoosh.searching import Searcher

        from archive.index.segment_caches import share_segment_caches

        found = Searcher(self.kept_reader(), fromindex=self, **arguments)
        share_segment_caches(found)
        return found

    def kept_reader(self) -> "IndexReader":
        """A reader of the current segments, made of the readers earlier searches opened
        where their segments are unchanged."""
        from archive.index.open_segments import open_reader

        toc = self._read_toc()
        return open_reader(self.storage, toc.schema, toc.segments, toc.generation)

    def _read_toc(self) -> TOC:
        name, number, data = verified_toc(Path(self.storage.folder))
        memory = RamStorage()
        with memory.create_file(name) as stream:
            stream.write(data)
        return TOC.read(memory, self.indexname, gen=number, schema=self._schema)


def _names(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError as error:
        raise UntrustedIndexError(f"its folder cannot be read ({_why(error)})") from None


def _signatures(folder: Path) -> dict[str, object]:
    try:
        value = json.loads(read_small(folder / SIGNATURES, MAX_SIGNATURES_BYTES))
    except (OSError, ValueError, UntrustedIndexError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}


def read_small(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most `limit` (UntrustedIndexError beyond, or for a FIFO or
    device: opened without blocking and checked after opening)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            raise UntrustedIndexError(f"{path.name} is not a regular file of at most {limit} bytes")
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise UntrustedIndexError(f"{path.name} is over {limit} bytes")
    return data


def _why(error: BaseException) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)
