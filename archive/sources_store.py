"""The raw bytes of every imported source, kept in the archive home, so that a newer extraction
can run on stored articles (`archive reextract`) after the original files are gone.

Layout: `<home>/sources/ab/abcdef….gz`, named by the SHA-256 of the raw bytes (the store
records it as each article's `source_sha256`), gzip-compressed. Identical bytes are kept once.

Crash safety: a blob is written to a temporary name beside its final one and renamed, and the
importer does this before the article's transaction begins; a kill therefore leaves at most a
temporary file or a blob no article names (an orphan, harmless; `archive check` lists them),
never an article whose blob is missing. Blobs are not fsynced, like the store's own
transactions (`synchronous=NORMAL`): after a power cut a blob may be damaged, so every read
checks the bytes against their hash and treats a damaged blob as missing.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import os
import zlib
from pathlib import Path
from typing import Iterator

from archive.errors import StorageError
from archive.faults import checkpoint
from archive.paths import ArchivePaths

SOURCES_FOLDER = "sources"
_SUFFIX = ".gz"
_TEMPORARY = ".tmp"


def sources_root(archive: ArchivePaths) -> Path:
    """The folder that holds the kept sources."""
    return archive.home / SOURCES_FOLDER


def blob_path(archive: ArchivePaths, sha256: str) -> Path:
    """Where the bytes with this SHA-256 are kept (whether or not they are)."""
    return sources_root(archive) / sha256[:2] / f"{sha256}{_SUFFIX}"


def is_kept(archive: ArchivePaths, sha256: str) -> bool:
    """True when a blob for these bytes exists (its content is checked only when read)."""
    return blob_path(archive, sha256).is_file()


def keep(archive: ArchivePaths, data: bytes, sha256: str | None = None,
         replace: bool = False) -> bool:
    """Keep `data` (whose SHA-256 is `sha256`, computed when not given); True when a new blob
    was written, False when these bytes were kept already. `replace` rewrites a blob found
    damaged. Call it holding the write lock."""
    sha256 = sha256 or hashlib.sha256(data).hexdigest()
    final = blob_path(archive, sha256)
    if final.is_file() and not replace:
        return False
    # One name per blob, not per process: only the lock holder writes, and a leftover of a
    # killed writer is simply overwritten the next time the same bytes come.
    temporary = final.with_name(f".{final.name}{_TEMPORARY}")
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        with os.fdopen(descriptor, "wb") as handle:
            # mtime=0: the same bytes always give the same blob.
            handle.write(gzip.compress(data, compresslevel=6, mtime=0))
        checkpoint("source-blob")
        os.replace(temporary, final)
    except OSError as error:
        _remove_quietly(temporary)
        raise _storage_error(final, error) from None
    return True


def load(archive: ArchivePaths, sha256: str) -> bytes | None:
    """The kept bytes with this SHA-256, or None when there is no blob or it is damaged."""
    try:
        data = gzip.decompress(blob_path(archive, sha256).read_bytes())
    except (OSError, EOFError, zlib.error):
        return None
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def blob_names(archive: ArchivePaths) -> Iterator[tuple[str, str | None]]:
    """Every file in the sources folder: (its path relative to the folder, the SHA-256 it
    names, or None for a leftover temporary file or a stranger)."""
    root = sources_root(archive)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        name = path.name
        digest = name.removesuffix(_SUFFIX) if name.endswith(_SUFFIX) else ""
        valid = len(digest) == 64 and all(c in "0123456789abcdef" for c in digest) \
            and path.parent.name == digest[:2]
        yield str(path.relative_to(root)), digest if valid else None


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _storage_error(path: Path, error: OSError) -> StorageError:
    if error.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return StorageError(f"cannot write to {path.parent}: the disk is full; "
                            "the last file was not stored, everything before it is safe")
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StorageError(f"cannot write to {path.parent}: the archive is read-only; "
                            "nothing was changed")
    return StorageError(f"cannot keep the source bytes in {path.parent}: "
                        f"{error.strerror or error}")
