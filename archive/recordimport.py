"""Importing files that hold many articles (JSON Lines, JSON, CSV/TSV, WARC/ARC/WACZ, standard
input): the file is streamed, and each record is imported like a file of its own — its own
transaction, its kept bytes, its own line in the report when it fails — so one bad record
never stops the rest, and a crash loses nothing stored before it.

Each record is stored under a source path naming the file and the record,
`/data/feed.jsonl#line=12` (`#record=3` in a JSON array, `#offset=5120` in a web archive), the
key a re-import finds it "unchanged" by; its own id, web address and capture time are kept as
its provenance (`archive show --explain`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Callable, Iterable, Iterator, TypeVar

from archive.errors import ArchiveError, InputError, StorageError, UsageError
from archive.faults import checkpoint
from archive.paths import printable_path

if TYPE_CHECKING:
    from archive.importer import ImportOptions, ImportReport
    from archive.paths import ArchivePaths
    from archive.placing import RunState
    from archive.recordextract import RecordArticle
    from archive.sources.records import RecordCounts, RecordLimits
    from archive.store import Store

STDIN_NAME = "<stdin>"
# A file whose first records all lack a text field has a layout the archive does not know:
# after this many, one line says which --map would import it, instead of a line per record.
UNKNOWN_LAYOUT_RECORDS = 10
# Formats standard input can carry (a WACZ is a zip file, which needs to seek).
STDIN_FORMATS = ("jsonl", "json", "csv", "tsv", "warc")

Place = Callable[..., tuple[str, str]]
T = TypeVar("T")


def is_record_file(path: Path) -> bool:
    """True for a file that holds many articles (by its name), or standard input (`-`)."""
    from archive.sources.records import record_format

    return str(path) == "-" or record_format(path) is not None


def import_record_file(path: Path, store: "Store", archive: "ArchivePaths",
                       options: "ImportOptions", report: "ImportReport", run: "RunState",
                       place: Place, advance: Callable[[int], None] | None = None) -> None:
    """Import every record of one multi-record file (or of standard input for `-`).

    `place` stores one derived record and says what happened ("added", "updated", …); it is
    the importer's, shared with single files. Failures are added to `report` one per record.
    `advance(bytes read of the file so far, -1 for standard input)` hears of each record.
    """
    from archive.sources.records import RecordCounts, RecordLimits, record_format

    limits = RecordLimits(max_record_bytes=options.max_bytes, column_map=options.column_map)
    counts = RecordCounts()
    if str(path) == "-":
        fmt = options.stdin_format
        if fmt not in STDIN_FORMATS:
            raise UsageError(f"standard input ('-') needs --format, one of {', '.join(STDIN_FORMATS)}")
        if options.stdin is None:
            raise UsageError("standard input is not available")
        stream: BinaryIO = options.stdin
        name = f"{STDIN_NAME}.{fmt}"
        run.record_files += 1
        try:
            _import_stream(Path(name), name, stream, fmt, limits, counts, store, archive,
                           options, report, run, place, advance and (lambda: advance(-1)))
        finally:
            report.records_skipped += counts.skipped
    else:
        fmt = record_format(path) or "gz"
        _check_regular_file(path)
        try:
            handle = open(path, "rb")
        except OSError as error:
            raise InputError(path, f"cannot read: {error.strerror or error}") from None
        run.record_files += 1
        try:
            with handle:
                _import_stream(path, printable_path(path.resolve()), handle, fmt, limits,
                               counts, store, archive, options, report, run, place,
                               advance and (lambda: advance(handle.tell())))
        finally:
            report.records_skipped += counts.skipped


def _import_stream(path: Path, key: str, stream: BinaryIO, fmt: str, limits: "RecordLimits",
                   counts: "RecordCounts", store: "Store", archive: "ArchivePaths",
                   options: "ImportOptions", report: "ImportReport", run: "RunState",
                   place: Place, step: Callable[[], None] | None = None) -> None:
    from archive.importer import EXTRACTOR_VERSION
    from archive.recordextract import NoTextError, extract_record_bytes
    from archive.sources.records import RecordProblem, iter_records

    shown = printable_path(path)
    no_text: list[str] = []  # failures of the leading records without a text field
    read_one = False
    for item in _stepped(iter_records(path, stream, fmt, limits, counts), step):
        checkpoint("file-start")
        if isinstance(item, RecordProblem):
            report.failures.append((f"{shown}: {item.where}", item.reason))
            continue
        source_key = f"{key}#{item.anchor}" if item.anchor else key
        where = f"{shown}: {item.where}" if item.where else shown
        data = item.payload
        digest = hashlib.sha256()
        for part in (EXTRACTOR_VERSION.encode(), data,
                     repr(sorted((k, str(v)) for k, v in options.flags.values.items())).encode()):
            digest.update(hashlib.sha256(part).digest())
        record_path = Path(source_key)

        def derive(data: bytes = data, record_path: Path = record_path,
                   where: str = where) -> "RecordArticle":
            try:
                return extract_record_bytes(record_path, data, options.today, options.accept_all)
            except NoTextError as error:
                raise NoTextError(where, error.reason, error.fields) from None
            except InputError as error:
                raise InputError(where, error.reason) from None
            except (ValueError, LookupError, TypeError, AttributeError, RecursionError) as error:
                raise InputError(where, f"extraction failed ({type(error).__name__}: {error}); "
                                        "please report this record") from None

        try:
            outcome, _article_id = place(source_key, data, digest.hexdigest(), derive,
                                        stable_source=not key.startswith(STDIN_NAME))
        except StorageError:
            raise
        except ArchiveError as error:
            if isinstance(error, InputError):
                report.failures.append((where, error.reason))
            else:
                report.failures.append((where, str(error)))
            if isinstance(error, NoTextError) and not read_one:
                no_text.append(error.fields)
                if len(no_text) >= UNKNOWN_LAYOUT_RECORDS:
                    del report.failures[-len(no_text):]
                    raise InputError(path, f"no text field in its first {len(no_text)} records "
                                           f"(fields: {no_text[0]}); name the field that holds "
                                           "the text with --map body=FIELD")
            continue
        read_one = True
        setattr(report, outcome, getattr(report, outcome) + 1)


def _stepped(items: Iterable[T], step: Callable[[], None] | None) -> Iterator[T]:
    """`items`, calling `step()` once each has been handled (when the next is asked for)."""
    for item in items:
        yield item
        if step:
            step()


def _check_regular_file(path: Path) -> None:
    try:
        if not path.exists():
            reason = "dangling symbolic link" if path.is_symlink() else "file vanished"
            raise InputError(path, reason)
        if not path.is_file():
            raise InputError(path, "not a regular file")
    except OSError as error:
        reason = "symbolic link loop" if error.errno == 40 else (error.strerror or str(error))
        raise InputError(path, f"cannot read: {reason}") from None


def restore_research(store: "Store", article_id: str, tags: tuple[str, ...],
                     notes: tuple[tuple[str, str], ...]) -> None:
    """Tags and notes an exported article carried, added to this archive's (none twice).
    Call inside the article's transaction."""
    from archive.store import now_iso

    connection = store.connection
    for tag in tags:
        connection.execute("INSERT OR IGNORE INTO tags (article_id, tag, set_at) VALUES (?, ?, ?)",
                           (article_id, tag, now_iso()))
    for text, set_at in notes:
        exists = connection.execute("SELECT 1 FROM notes WHERE article_id=? AND text=?",
                                    (article_id, text)).fetchone()
        if not exists:
            connection.execute("INSERT INTO notes (article_id, text, set_at) VALUES (?, ?, ?)",
                               (article_id, text, set_at or now_iso()))
