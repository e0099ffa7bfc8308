"""Where an archive keeps its files. The home is chosen once, in this order:

1. `--home DIR` on the command line,
2. the `ARCHIVE_HOME` environment variable,
3. `./index` relative to the current directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOME = "index"
_CONTROL = {code: f"\\x{code:02x}" for code in range(0x20)} | {0x7f: "\\x7f"}


def printable_path(path: object) -> str:
    """A path as one printable line of valid UTF-8: bytes that are not UTF-8 become \\xNN and
    control characters (a newline in a file name) become escapes.

    >>> printable_path(os.fsdecode(b"bad\\xffname\\n.txt"))
    'bad\\\\xffname\\\\x0a.txt'
    """
    raw = os.fsencode(os.fspath(path))  # type: ignore[arg-type]
    text = raw.decode("utf-8", "backslashreplace")
    return text.translate(_CONTROL)


@dataclass(frozen=True)
class ArchivePaths:
    """The files of one archive home."""

    home: Path

    @classmethod
    def resolve(cls, home: str | os.PathLike[str] | None = None) -> "ArchivePaths":
        """The paths for `home`, else $ARCHIVE_HOME, else ./index (made absolute)."""
        chosen = home or os.environ.get("ARCHIVE_HOME") or DEFAULT_HOME
        return cls(Path(chosen).expanduser().absolute())

    @property
    def store_file(self) -> Path:
        """The SQLite store: the source of truth."""
        return self.home / "archive.sqlite3"

    @property
    def index_root(self) -> Path:
        """The Whoosh index: derived from the store, rebuildable at any time."""
        return self.home / "whoosh"

    @property
    def lock_file(self) -> Path:
        """Held by every command that writes (import, reindex, edit)."""
        return self.home / "archive.lock"

    @property
    def outlets_file(self) -> Path:
        """A user's own outlets, merged over the built-in registry."""
        return self.home / "outlets.csv"
