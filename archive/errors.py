"""The archive's exceptions, named after the condition. The CLI turns each into one line and the
exit code given here; nothing else in the library prints or exits.
"""

from __future__ import annotations


class ArchiveError(Exception):
    """Root of everything the archive reports to a user. `exit_code` is the process status."""

    exit_code = 1


class InputError(ArchiveError):
    """A source file cannot be imported: names the file and the reason."""

    exit_code = 1

    def __init__(self, path: object, reason: str) -> None:
        from archive.paths import printable_path

        self.path = path if isinstance(path, str) and path.isprintable() else printable_path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class MetadataError(InputError):
    """Hand-given metadata (sidecar, manifest, flag) is malformed or impossible."""


class QueryError(ArchiveError):
    """A search query cannot be parsed: says what is wrong and where."""

    exit_code = 2

    def __init__(self, query: str, reason: str, position: int | None = None) -> None:
        self.query = query
        self.reason = reason
        self.position = position
        where = f" at position {position + 1}" if position is not None else ""
        shown = query if len(query) <= 80 else query[:77] + "..."
        super().__init__(f"bad query {shown!r}{where}: {reason}")


class UsageError(ArchiveError):
    """An option or argument value is not acceptable (bad date, unknown format, ...)."""

    exit_code = 2


class NoArchiveError(ArchiveError):
    """There is no archive at the chosen home yet."""

    exit_code = 3

    def __init__(self, home: object) -> None:
        self.home = str(home)
        super().__init__(f"no archive at {self.home}: run 'archive import PATH' first "
                         "(or choose another with --home / ARCHIVE_HOME)")


class UnknownArticleError(ArchiveError):
    """No stored article has this id (or the prefix is ambiguous)."""

    exit_code = 3


class IndexNeedsRebuildError(ArchiveError):
    """The search index is missing, was built by another analysis version, or is damaged."""

    exit_code = 4


class IndexDamagedError(IndexNeedsRebuildError):
    """Part of the search index cannot be read (damaged on disk); the store is intact and
    `archive check --repair` rebuilds the index from it."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"{detail}; run 'archive check --repair' to rebuild it from the store")


class ArchiveBusyError(ArchiveError):
    """Another process holds the archive's write lock and did not release it in time."""

    exit_code = 75  # EX_TEMPFAIL: try again later


class StorageError(ArchiveError):
    """The disk refused a write (full, read-only, permissions); nothing stored was lost."""

    exit_code = 74  # EX_IOERR
