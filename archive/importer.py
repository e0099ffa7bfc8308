"""Import source files: read -> extract -> apply hand-given metadata -> store -> index.

Each file is stored in its own transaction, so a failure or a crash never loses what was stored
before it; one bad file is reported and the batch goes on. Its bytes are kept in the archive
home (`archive.sources_store`) before that transaction, for `archive reextract`. After the
files, the index catches up with everything the store has that the index lacks (the new and
changed articles only).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Callable, Iterator, Mapping, Sequence

from archive import handgiven
from archive.derive import (article_id_for, build_article, extracted_json,
                            extraction_accepts_all, normalise_url, run_extraction)
from archive.errors import ArchiveError, InputError, MetadataError, StorageError, UsageError
from archive.faults import checkpoint
from archive.handgiven import HandGiven
from archive.heap import release_freed_memory
from archive.locking import DEFAULT_WAIT_SECONDS, write_lock
from archive.paths import ArchivePaths, printable_path
from archive.placing import RunState, SeenSources, place_article
from archive.progress import ImportProgress, ProgressTracker
from archive.recordimport import import_record_file, is_record_file
from archive.research.clusters import update_written_since
from archive.store import Store
from archive.workers import ExtractionAhead

if TYPE_CHECKING:
    from archive.index.writer import IndexProgress
    from archive.metadata.outlets import OutletRegistry
    from archive.model import Extracted

# Re-exported: callers imported these from here before they moved to archive.derive.
__all__ = ["EXTRACTOR_VERSION", "ImportOptions", "ImportReport", "article_id_for",
           "build_article", "extracted_json", "import_paths", "normalise_url",
           "refresh_outlet_aliases", "store_outlet_aliases"]

# Hand-given fields that name one article's facts: given for several files, they would make
# every article the same one (one URL, one id) or give each the same headline.
ONE_ARTICLE_FLAGS = {"title": "--title", "url": "--url"}

# Bump when extraction changes, so a re-import re-reads files whose bytes did not change.
EXTRACTOR_VERSION = "2"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass
class ImportOptions:
    """How to import: hand-given values for every file, the size limit, the lock wait."""

    flags: HandGiven = field(default_factory=HandGiven)
    max_bytes: int = DEFAULT_MAX_BYTES
    wait: float = DEFAULT_WAIT_SECONDS
    today: dt.date | None = None
    # Keep pages that look like no article (listing, form, error page). Only import decides
    # this: a stored article is an article, and `reextract` never refuses one.
    accept_all: bool = False
    # Spreadsheet columns named by hand: field -> column (`--map title=Headline`).
    column_map: Mapping[str, str] = field(default_factory=dict)
    # Standard input (`-`): the stream the command line hands over, and its `--format`.
    stdin: BinaryIO | None = None
    stdin_format: str | None = None
    # Worker processes for the work that needs no store (`archive import --jobs`); 1 does
    # everything in this process. The store and the index are written by this process alone.
    jobs: int = 1


@dataclass
class ImportReport:
    """What an import did. `failures` holds one (file, reason) per file or record that failed.

    `duplicates` counts articles found that are stored already from another source that is
    still there (a copy); `moved` those whose recorded source was gone and is now this one."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    moved: int = 0
    skipped: int = 0
    records_skipped: int = 0
    record_files: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    indexed: int = 0
    index_problem: str | None = None

    @property
    def failed(self) -> int:
        """How many files failed."""
        return len(self.failures)

    @property
    def repaired(self) -> int:
        """Articles indexed that this run did not write: an earlier run had stopped early.
        Moved articles are written again with their new paths, so they are this run's."""
        return max(0, self.indexed - self.added - self.updated - self.moved)

    @property
    def read(self) -> int:
        """How many articles (files and records) were read, stored or not."""
        return self.added + self.updated + self.unchanged + self.duplicates + self.failed

    def summary(self) -> str:
        """The one-line summary: "5 added, 0 updated, 0 unchanged, 0 failed"; when records of
        multi-record files were read or duplicates found, with the number read and the
        duplicates: "3,000 read: 2,950 added, 0 updated, 48 unchanged, 2 duplicates of stored
        articles, 0 failed"."""
        if self.record_files or self.duplicates:
            line = f"{self.read:,} read: {self.added:,} added, {self.updated:,} updated, " \
                   f"{self.unchanged:,} unchanged, {self.duplicates:,} duplicate" \
                   f"{'' if self.duplicates == 1 else 's'} of stored articles, {self.failed:,} failed"
        else:
            line = f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, " \
                   f"{self.failed} failed"
        notes = []
        if self.moved:
            notes.append(f"{self.moved:,} moved: their recorded paths updated")
        if self.skipped:
            notes.append(f"{self.skipped} other files skipped")
        if self.records_skipped:
            notes.append(f"{self.records_skipped:,} records that are no article skipped")
        return line + (f" ({'; '.join(notes)})" if notes else "")


def import_paths(paths: Sequence[Path], archive: ArchivePaths, options: ImportOptions | None = None,
                 progress: "ImportProgress | None" = None,
                 index_progress: "IndexProgress | None" = None) -> ImportReport:
    """Import files and folders (recursively) into the archive, creating it if needed.
    `progress` hears of the whole import's work, reading and indexing (`archive.progress`),
    `index_progress` of the indexing alone."""
    options = options or ImportOptions()
    _check_one_article_flags(paths, options.flags)
    if any(str(path) == "-" for path in paths):
        from archive.recordimport import STDIN_FORMATS

        if options.stdin_format not in STDIN_FORMATS:
            raise UsageError("standard input ('-') needs --format, one of "
                             + ", ".join(STDIN_FORMATS))
    if options.jobs < 1:
        raise UsageError(f"--jobs must be 1 or more, not {options.jobs}")
    if options.accept_all and not extraction_accepts_all():
        raise UsageError("--accept-all is not supported by this version's extraction")
    report = ImportReport()
    files = list(_discover(paths, report))
    try:
        archive.home.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(f"cannot create the archive at {archive.home}: {error.strerror}") from None
    registry = _load_registry(archive)
    with write_lock(archive.lock_file, options.wait), \
            Store.open(archive.store_file, create=True) as store:
        store_outlet_aliases(store, registry)
        manifests: dict[Path, handgiven.Manifest] = {}
        run = RunState(seen=SeenSources(store))
        written_before = store.max_seq()
        tracker = ProgressTracker(progress, files, is_record_file)
        with ExtractionAhead.for_files(files, store, options.jobs, options.max_bytes,
                                       options.today, options.accept_all) as ahead:
            for number, path in enumerate(files):
                checkpoint("file-start")
                tracker.file_started(number, path)
                ahead.advance(number)
                try:
                    if is_record_file(path):
                        place = partial(place_article, store=store, archive=archive,
                                        flags=options.flags, run=run)
                        import_record_file(path, store, archive, options, report, run, place,
                                           tracker.record if progress else None)
                        continue
                    _read_manifest_once(path, options, manifests, report)
                    outcome, _article_id = _import_file(path, store, archive, options, manifests,
                                                       run, partial(ahead.extracted, number))
                except StorageError:
                    raise
                except ArchiveError as error:
                    report.failures.append(_failure(path, error))
                    continue
                setattr(report, outcome, getattr(report, outcome) + 1)
        # Only the articles this run wrote whose text changed are signed again.
        update_written_since(store, written_before)
        # The clusters step's texts and shingle sets are freed: their pages go back to the
        # system before the index writer (and its workers) take memory of their own.
        release_freed_memory()
        report.record_files, report.moved = run.record_files, run.moved
        with store.transaction():
            store.record_import(report.added, report.updated, report.unchanged, report.failed)
        _catch_up_index(store, archive, report, _both(tracker.index if progress else None,
                                                      index_progress), options.jobs)
    tracker.finish()
    return report


def _both(*callbacks: "IndexProgress | None") -> "IndexProgress | None":
    """One indexing callback telling each given one."""
    given = [callback for callback in callbacks if callback]
    if not given:
        return None
    return lambda done, total: [callback(done, total) for callback in given] and None


def parse_column_map(items: Sequence[str]) -> dict[str, str]:
    """`--map FIELD=COLUMN` values as {field: column}; UsageError for a malformed one.

    >>> parse_column_map(["title=Schlagzeile", "body = Volltext"])
    {'title': 'Schlagzeile', 'body': 'Volltext'}
    """
    from archive.sources.csvrecords import MAPPABLE_FIELDS

    mapping: dict[str, str] = {}
    for item in items:
        name, equals, column = item.partition("=")
        name, column = name.strip().lower(), column.strip()
        name = {"date": "published", "text": "body", "author": "authors", "source": "outlet",
                "agency": "agencies"}.get(name, name)
        if not equals or not column or name not in MAPPABLE_FIELDS:
            raise UsageError(f"--map {item!r}: expected FIELD=COLUMN, FIELD one of "
                             f"{', '.join(MAPPABLE_FIELDS)}")
        mapping[name] = column
    return mapping


def _check_one_article_flags(paths: Sequence[Path], flags: HandGiven) -> None:
    given = [flag for name, flag in ONE_ARTICLE_FLAGS.items() if name in flags.values]
    if not given:
        return
    one = len(given) == 1
    start = f"{' and '.join(given)} name{'s' if one else ''} one article's facts: give " \
            f"{'it' if one else 'them'} with a single article's file, not with "
    if len(paths) > 1 or any(path.is_dir() for path in paths):
        raise UsageError(start + ("a folder" if len(paths) == 1 else f"{len(paths)} paths"))
    if paths and _holds_many(paths[0]):
        raise UsageError(start + f"{printable_path(paths[0])}, which holds many articles "
                                 "(give each record's title and URL in the file itself)")


def _holds_many(path: Path) -> bool:
    """True for a file of many records; a .json holding one object is one article."""
    from archive.sources.records import record_format

    if str(path) == "-":
        return True
    fmt = record_format(path)
    if fmt != "json":
        return fmt is not None
    try:
        with open(path, "rb") as handle:
            head = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return False
    return head.startswith(b"[")


def _load_registry(archive: ArchivePaths) -> "OutletRegistry":
    from archive.metadata.outlets import load_registry

    # The user's own outlets (same format as the built-in registry) win over built-in rows. It
    # is read like a sidecar: a regular file of bounded size (a FIFO would hang the import).
    path = archive.outlets_file
    data = handgiven.read_metadata_file(path, "outlet file")
    if data is None:
        return load_registry()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise MetadataError(path, f"the outlet file is not UTF-8 ({error.reason})") from None
    return load_registry(path, text)


def store_outlet_aliases(store: Store, registry: "OutletRegistry") -> bool:
    """Write the registry's aliases and domains into the store's alias table, which searches
    resolve `--outlet SZ` with; only when the registry changed since. True when written."""
    fingerprint = registry.fingerprint()
    if store.outlet_aliases_fingerprint() == fingerprint:
        return False
    with store.transaction():
        store.replace_outlet_aliases(registry.alias_table(), fingerprint)
    return True


def refresh_outlet_aliases(store: Store, archive: ArchivePaths) -> bool:
    """Load the registry (built-in plus `<home>/outlets.csv`) and bring the store's alias table
    up to date with it (for `reindex`). Raises MetadataError for a malformed user file."""
    return store_outlet_aliases(store, _load_registry(archive))


def _catch_up_index(store: Store, archive: ArchivePaths, report: ImportReport,
                    progress: "IndexProgress | None", jobs: int) -> None:
    from archive.index import writer

    skipped: list[tuple[str, str]] = []
    try:
        report.indexed = writer.catch_up(store, archive, progress, skipped, jobs)
    except StorageError:
        raise  # a full disk or read-only home is exit status 74, not an index problem (4)
    except ArchiveError as error:
        report.index_problem = str(error)
    # An article the index could not take (an analysis bug): its file's one failure line. The
    # article stays stored; `archive check` lists it and `check --repair` indexes it once it can.
    stored = store.get_many([article_id for article_id, _reason in skipped]) if skipped else {}
    for article_id, reason in skipped:
        article = stored.get(article_id)
        where = printable_path(Path(article.source_path)) if article else article_id
        report.failures.append((where, f"stored, but could not be indexed ({reason}); "
                                       "please report this file ('archive check' lists it)"))


def _read_manifest_once(path: Path, options: ImportOptions,
                        manifests: dict[Path, handgiven.Manifest], report: ImportReport) -> None:
    """Read the manifest of `path`'s folder the first time a file of it comes. A bad manifest
    fails alone (one line naming it); the folder's files are imported without its values, and
    a re-import once it is fixed applies them (its rows are part of each file's digest)."""
    folder = path.parent.resolve()
    if folder in manifests:
        return
    try:
        manifests[folder] = handgiven.read_manifest(path.parent, options.today)
    except InputError as error:
        manifests[folder] = handgiven.Manifest()
        report.failures.append(_failure(path.parent / handgiven.MANIFEST_NAME, error))


def _failure(path: Path, error: ArchiveError) -> tuple[str, str]:
    if isinstance(error, InputError):
        return error.path, error.reason
    return printable_path(path), str(error)


def _discover(paths: Sequence[Path], report: ImportReport) -> Iterator[Path]:
    from archive.sources import SUPPORTED_SUFFIXES

    def unreadable(error: OSError) -> None:
        # os.walk skips a folder it cannot list unless told: say so, as for a file.
        report.failures.append((printable_path(error.filename or path),
                                f"cannot read the folder: {error.strerror or error}"))

    for path in paths:
        if path.is_dir():
            for folder, subfolders, names in os.walk(path, onerror=unreadable):
                subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
                for name in sorted(names):
                    candidate = Path(folder) / name
                    if name.startswith(".") or handgiven.is_metadata_file(candidate):
                        continue
                    if candidate.suffix.lower() in SUPPORTED_SUFFIXES or is_record_file(candidate):
                        yield candidate
                    else:
                        report.skipped += 1
        elif path.exists() or path.is_symlink() or str(path) == "-":
            yield path
        else:
            report.failures.append((printable_path(path), "no such file or folder"))


def _import_file(path: Path, store: Store, archive: ArchivePaths, options: ImportOptions,
                 manifests: dict[Path, handgiven.Manifest], run: RunState,
                 ahead: Callable[[bytes], "Extracted | None"]) -> tuple[str, str]:
    from archive.recordextract import RecordArticle
    from archive.sources import SUPPORTED_SUFFIXES

    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise InputError(path, f"unsupported file type {path.suffix or '(none)'!r} "
                               f"(supported: {', '.join(sorted(SUPPORTED_SUFFIXES))}, "
                               ".jsonl, .ndjson, .json, .csv, .tsv, .warc, .arc, .wacz, .gz)")
    data = _read_bytes(path, options.max_bytes)
    sidecar, sidecar_bytes = handgiven.read_sidecar(path, options.today)
    manifest, manifest_bytes = manifests[path.parent.resolve()].for_file(path)
    source_key = printable_path(path.resolve())
    digest = hashlib.sha256()
    for part in (EXTRACTOR_VERSION.encode(), data, sidecar_bytes, manifest_bytes,
                 repr(sorted((k, str(v)) for k, v in options.flags.values.items())).encode()):
        digest.update(hashlib.sha256(part).digest())

    def derive() -> RecordArticle:
        # A worker's extraction of these very bytes, else this process extracts them.
        extracted = ahead(data) or run_extraction(path, data, options.today, options.accept_all)
        return RecordArticle(extracted, sidecar.over(manifest))

    return place_article(source_key, data, digest.hexdigest(), derive, store=store,
                         archive=archive, flags=options.flags, run=run)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        try:
            path.stat()
        except FileNotFoundError:
            return _raise(path, "dangling symbolic link" if path.is_symlink() else "file vanished")
        if not path.is_file():
            return _raise(path, "not a regular file")
        size = path.stat().st_size
        if size > max_bytes:
            return _raise(path, f"file is {size / 1048576:.1f} MB, over the limit of "
                                f"{max_bytes / 1048576:g} MB (raise it with --max-size)")
        return path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        if error.errno == 40:  # ELOOP
            reason = "symbolic link loop"
        raise InputError(path, f"cannot read: {reason}") from None


def _raise(path: Path, reason: str) -> bytes:
    raise InputError(path, reason)
