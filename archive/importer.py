"""Import source files: read -> extract -> apply hand-given metadata -> store -> index.

Each file is stored in its own transaction, so a failure or a crash never loses what was stored
before it; one bad file is reported and the batch goes on. After the files, the index catches
up with everything the store has that the index lacks (the new and changed articles only).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Sequence
from urllib.parse import urlsplit, urlunsplit

from archive import handgiven
from archive.faults import checkpoint
from archive.errors import ArchiveError, InputError, StorageError
from archive.handgiven import HandGiven
from archive.locking import DEFAULT_WAIT_SECONDS, write_lock
from archive.model import Article, Extracted, Published, count_words
from archive.paths import ArchivePaths, printable_path
from archive.store import Store, now_iso

if TYPE_CHECKING:
    from archive.index.writer import IndexProgress
    from archive.metadata.outlets import OutletRegistry

# Bump when extraction changes, so a re-import re-reads files whose bytes did not change.
EXTRACTOR_VERSION = "1"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

Progress = Callable[[int, int, str], None]


@dataclass
class ImportOptions:
    """How to import: hand-given values for every file, the size limit, the lock wait."""

    flags: HandGiven = field(default_factory=HandGiven)
    max_bytes: int = DEFAULT_MAX_BYTES
    wait: float = DEFAULT_WAIT_SECONDS
    today: dt.date | None = None


@dataclass
class ImportReport:
    """What an import did. `failures` holds one (file, reason) per file that failed."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    indexed: int = 0
    index_problem: str | None = None

    @property
    def failed(self) -> int:
        """How many files failed."""
        return len(self.failures)

    @property
    def repaired(self) -> int:
        """Articles indexed that this run did not write: an earlier run had stopped early."""
        return max(0, self.indexed - self.added - self.updated)

    def summary(self) -> str:
        """The one-line summary: "5 added, 0 updated, 0 unchanged, 0 failed"."""
        line = f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, " \
               f"{self.failed} failed"
        if self.skipped:
            line += f" ({self.skipped} other files skipped)"
        return line


def import_paths(paths: Sequence[Path], archive: ArchivePaths, options: ImportOptions | None = None,
                 progress: Progress | None = None,
                 index_progress: "IndexProgress | None" = None) -> ImportReport:
    """Import files and folders (recursively) into the archive, creating it if needed.
    `progress` hears of each file, `index_progress` of the indexing that follows."""
    options = options or ImportOptions()
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
        for number, path in enumerate(files, start=1):
            checkpoint("file-start")
            if progress:
                progress(number, len(files), str(path))
            try:
                outcome, article_id = _import_file(path, store, options, manifests)
            except StorageError:
                raise
            except ArchiveError as error:
                report.failures.append(_failure(path, error))
                continue
            setattr(report, outcome, getattr(report, outcome) + 1)
            report.ids.append(article_id)
        with store.transaction():
            store.record_import(report.added, report.updated, report.unchanged, report.failed)
        _catch_up_index(store, archive, report, index_progress)
    return report


def _load_registry(archive: ArchivePaths) -> "OutletRegistry":
    from archive.metadata.outlets import load_registry

    # The user's own outlets (same format as the built-in registry) win over built-in rows.
    return load_registry(archive.outlets_file if archive.outlets_file.exists() else None)


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
                    progress: "IndexProgress | None") -> None:
    from archive.index import writer

    try:
        report.indexed = writer.catch_up(store, archive, progress)
    except ArchiveError as error:
        report.index_problem = str(error)


def _failure(path: Path, error: ArchiveError) -> tuple[str, str]:
    if isinstance(error, InputError):
        return error.path, error.reason
    return printable_path(path), str(error)


def _discover(paths: Sequence[Path], report: ImportReport) -> Iterator[Path]:
    from archive.sources import SUPPORTED_SUFFIXES

    for path in paths:
        if path.is_dir():
            for folder, subfolders, names in os.walk(path):
                subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
                for name in sorted(names):
                    candidate = Path(folder) / name
                    if name.startswith(".") or handgiven.is_metadata_file(candidate):
                        continue
                    if candidate.suffix.lower() in SUPPORTED_SUFFIXES:
                        yield candidate
                    else:
                        report.skipped += 1
        elif path.exists() or path.is_symlink():
            yield path
        else:
            report.failures.append((printable_path(path), "no such file or folder"))


def _import_file(path: Path, store: Store, options: ImportOptions,
                 manifests: dict[Path, handgiven.Manifest]) -> tuple[str, str]:
    # The parsers load here, inside `import`, so the search path never pays for them.
    from archive.sources import SUPPORTED_SUFFIXES, read_source

    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise InputError(path, f"unsupported file type {path.suffix or '(none)'!r} "
                               f"(supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})")
    data = _read_bytes(path, options.max_bytes)
    sidecar, sidecar_bytes = handgiven.read_sidecar(path, options.today)
    folder = path.parent.resolve()
    if folder not in manifests:
        manifests[folder] = handgiven.read_manifest(folder, options.today)
    manifest, manifest_bytes = manifests[folder].for_file(path)
    source_key = printable_path(path.resolve())
    digest = hashlib.sha256()
    for part in (EXTRACTOR_VERSION.encode(), data, sidecar_bytes, manifest_bytes,
                 repr(sorted((k, str(v)) for k, v in options.flags.values.items())).encode()):
        digest.update(hashlib.sha256(part).digest())
    input_digest = digest.hexdigest()

    known = store.source(source_key)
    if known is not None and known.input_digest == input_digest and not options.flags.values:
        if store.get(known.article_id) is not None:
            return "unchanged", known.article_id

    from archive.metadata import extract

    try:
        checkpoint("extract")
        extracted = extract(read_source(path, data), today=options.today)
    except ArchiveError:
        raise
    except (ValueError, LookupError, TypeError, AttributeError, RecursionError) as error:
        # A page no rule foresaw must not stop the batch: it fails alone, named, and the
        # message says what to report. (Broken parsing code still shows in the tests.)
        raise InputError(path, f"extraction failed ({type(error).__name__}: {error}); "
                               "please report this file") from None
    hand = sidecar.over(manifest)
    source_sha256 = hashlib.sha256(data).hexdigest()
    with store.transaction():
        if known is not None and store.get(known.article_id) is not None:
            article_id = known.article_id
        else:
            article_id = article_id_for(extracted, hand)
        previous = store.get(article_id)
        for name, value in options.flags.values.items():
            store.set_override(article_id, name, _json_value(value), "flag")
        article = build_article(article_id, extracted, hand, store, source_key, source_sha256)
        store.record_source(source_key, article_id, input_digest, source_sha256)
        if previous is not None and _same_record(previous, article):
            return "unchanged", article_id
        store.put(article, extracted_json(extracted))
        checkpoint("store-commit")
    return ("updated" if previous is not None else "added"), article_id


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


def build_article(article_id: str, extracted: Extracted, hand: HandGiven, store: Store,
                  source_path: str, source_sha256: str) -> Article:
    """The stored record: extraction, overlaid by hand-given values (overrides strongest)."""
    values: dict[str, object] = {
        "title": extracted.title, "teaser": extracted.teaser, "body": extracted.body,
        "published": extracted.published, "modified": extracted.modified,
        "outlet": extracted.outlet, "authors": extracted.authors,
        "agencies": extracted.agencies, "url": extracted.url, "language": extracted.language,
    }
    origins = dict(extracted.origins)
    for name, value in hand.values.items():
        values[name] = value
        origins[name] = hand.origins[name]
    for name, override in store.overrides(article_id).items():
        values[name] = _from_json(name, override.value)
        origins[name] = override.origin
    if "url" in hand.values and "outlet" not in hand.values and values["url"]:
        outlet = _outlet_from_url(str(values["url"]))
        if outlet and origins.get("outlet") not in ("flag", "edit", "sidecar", "manifest"):
            values["outlet"], origins["outlet"] = outlet, "domain"
    if values["outlet"] and origins.get("outlet") in ("flag", "edit", "sidecar", "manifest"):
        values["outlet"] = _canonical_outlet(str(values["outlet"]))
    return Article(
        id=article_id, title=str(values["title"]), teaser=str(values["teaser"] or ""),
        body=str(values["body"]), published=values["published"],  # type: ignore[arg-type]
        modified=values["modified"], outlet=values["outlet"],  # type: ignore[arg-type]
        authors=tuple(values["authors"]), agencies=tuple(values["agencies"]),  # type: ignore[arg-type]
        url=values["url"], language=str(values["language"] or "de"),  # type: ignore[arg-type]
        source_path=source_path, source_sha256=source_sha256, imported_at=now_iso(),
        word_count=count_words(f"{values['title']}\n{values['teaser']}\n{values['body']}"),
        origins=origins)


def _outlet_from_url(url: str) -> str | None:
    from archive.metadata.outlets import outlet_from_url

    return outlet_from_url(url)


def _canonical_outlet(name: str) -> str:
    from archive.metadata.outlets import canonical_outlet

    return canonical_outlet(name)


def _same_record(old: Article, new: Article) -> bool:
    # A copy of a stored article found at another path is the same article: its first
    # source stays its provenance, and the `sources` table records the new path too.
    ignore = ("imported_at", "source_path")
    return all(getattr(old, name) == getattr(new, name)
               for name in old.__dataclass_fields__ if name not in ignore)


def _json_value(value: object) -> object:
    if isinstance(value, Published):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def _from_json(name: str, value: object) -> object:
    if name in ("published", "modified"):
        return Published.parse(str(value)) if value else None
    if name in ("authors", "agencies"):
        return tuple(value or ())  # type: ignore[arg-type]
    return value


def extracted_json(extracted: Extracted) -> dict[str, object]:
    """What extraction found, as JSON-ready values (kept to explain and to re-apply edits)."""
    return {name: _json_value(getattr(extracted, name))
            for name in ("title", "teaser", "published", "modified", "outlet", "authors",
                         "agencies", "url", "language")} | {"origins": dict(extracted.origins)}


_URL_TRACKING = re.compile(r"^(utm_|wt_|at_|fbclid|gclid)")


def normalise_url(url: str) -> str:
    """A URL in the form used for ids: lower-case host without www, no fragment, no tracking.

    >>> normalise_url("HTTPS://www.Spiegel.de/netzwelt/a-123.html?utm_source=x#comments")
    'https://spiegel.de/netzwelt/a-123.html'
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    query = "&".join(pair for pair in parts.query.split("&")
                     if pair and not _URL_TRACKING.match(pair))
    return urlunsplit((parts.scheme.lower() or "https", host, parts.path.rstrip("/") or "/",
                       query, ""))


def article_id_for(extracted: Extracted, hand: HandGiven) -> str:
    """A stable id: from the URL when one is known, else from the title and text.

    Same URL, same id, whatever else changed; without a URL, identical text gives the same id.
    """
    url = hand.values.get("url") or extracted.url
    if url:
        key = "url:" + normalise_url(str(url))
    else:
        text = unicodedata.normalize("NFC", f"{extracted.title}\n{extracted.body}")
        key = "text:" + " ".join(text.split())
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
