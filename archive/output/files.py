"""Files the archive writes for a user (exports, citations, charts): whole or not at all."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from archive.errors import StorageError


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` (same suffix) that replaces `path` when the block ends
    without an error, and is removed when it does not: never a half-written file under the
    user's name. An OSError becomes one StorageError line naming `path`.

    >>> with replacing(Path("putin.csv")) as temporary:  # doctest: +SKIP
    ...     temporary.write_text("id,title\\n")
    """
    folder = path.absolute().parent
    try:
        descriptor, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.",
                                            suffix=path.suffix)
    except OSError as error:
        raise StorageError(f"cannot write {path}: {error.strerror}") from None
    os.close(descriptor)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise StorageError(f"cannot write {path}: {error.strerror}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text_atomically(path: Path, chunks: Iterable[str]) -> int:
    """Write text chunks (UTF-8, newlines as given) to `path` through `replacing`; returns the
    number of bytes written."""
    size = 0
    with replacing(path) as temporary:
        with temporary.open("w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
                size += len(chunk.encode("utf-8"))
    return size
