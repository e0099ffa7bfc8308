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
