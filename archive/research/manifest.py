"""Export manifests: what an export held, so that a study can state exactly what it analysed
and check it later (`archive verify FILE.manifest.json`).

`archive export ... -o FILE` writes `FILE.manifest.json` beside its output (`--manifest PATH`
puts it elsewhere; an export to standard output writes one only with `--manifest PATH`). It
records the query and filters, the archive and analysis versions, the store's id, the time,
the output file's name and SHA-256, and the id and content hash of every exported article.

The content hash (definition `archive-content-1`) is the SHA-256, in hex, of the UTF-8 bytes
of a JSON object holding the article's fields `id, title, teaser, body, published, modified,
outlet, authors, agencies, url, language` — dates as `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (their
precision), or null; names as lists — written with sorted keys, `,` and `:` as separators and
no escaping of non-ASCII characters (Python: `json.dumps(value, ensure_ascii=False,
sort_keys=True, separators=(",", ":"))`). Text is hashed as stored, not normalised. It does not
cover provenance (source path, import time, where each value came from), so an unchanged
re-import or re-extraction keeps the hash, while any change of text or metadata a study could
have seen changes it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from archive import __version__
from archive.errors import StorageError, UsageError
from archive.model import Article
from archive.paths import ArchivePaths, printable_path
from archive.search import SearchRequest
from archive.store import Store, now_iso

if TYPE_CHECKING:
    from archive.records import ExportRecord

MANIFEST_FORMAT = "archive-export-manifest"
MANIFEST_VERSION = 1
MANIFEST_SUFFIX = ".manifest.json"
HASH_DEFINITION = "archive-content-1"
HASHED_FIELDS = ("id", "title", "teaser", "body", "published", "modified", "outlet", "authors",
                 "agencies", "url", "language")
# A manifest of 100,000 articles is about 10 MB; anything far beyond is not one.
MAX_MANIFEST_BYTES = 256 * 1024 * 1024


def content_values(article: Article) -> dict[str, object]:
    """The fields the content hash covers, as JSON values."""
    return {"id": article.id, "title": article.title, "teaser": article.teaser,
            "body": article.body,
            "published": str(article.published) if article.published else None,
            "modified": str(article.modified) if article.modified else None,
            "outlet": article.outlet, "authors": list(article.authors),
            "agencies": list(article.agencies), "url": article.url,
            "language": article.language}


def content_hash(article: Article) -> str:
    """The article's content hash (definition `archive-content-1`, see the module)."""
    text = json.dumps(content_values(article), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def manifest_path_for(output: Path) -> Path:
    """Where an export's manifest goes by default: `putin.csv` -> `putin.csv.manifest.json`."""
    return output.with_name(output.name + MANIFEST_SUFFIX)


class Recorder:
    """Passes exported records (an article with its tags and notes) through to the export and
    remembers each article's id and content hash."""

    def __init__(self, records: Iterable["ExportRecord"]) -> None:
        self._records = records
        self.entries: list[dict[str, str]] = []

    def __iter__(self) -> Iterator["ExportRecord"]:
        for record in self._records:
            article = record.article
            self.entries.append({"id": article.id, "content_hash": content_hash(article)})
            yield record


def build_manifest(archive: ArchivePaths, request: SearchRequest, export_format: str,
                   raw: bool, output: Path | None,
                   entries: list[dict[str, str]]) -> dict[str, object]:
    """The manifest document of an export (see the module for what it holds)."""
    from archive.index.analysis import ANALYSIS_VERSION
    from archive.index.schema import SCHEMA_VERSION

    with Store.open(archive.store_file) as store:
        store_id = store.store_id
    export: dict[str, object] = {"format": export_format, "raw": raw, "file": None,
                                 "sha256": None}
    if output is not None:
        export["file"] = output.name
        export["sha256"] = _file_sha256(output)
    return {
        "format": MANIFEST_FORMAT, "format_version": MANIFEST_VERSION,
        "created_at": now_iso(), "archive_version": __version__,
        "analysis_version": ANALYSIS_VERSION, "index_schema": SCHEMA_VERSION,
        "store_id": store_id,
        "query": request.query,
        "filters": {"outlets": list(request.outlets), "years": request.years,
                    "authors": list(request.authors), "since": request.since,
                    "until": request.until, "sort": request.sort},
        "export": export,
        "content_hash": {"algorithm": "sha256", "definition": HASH_DEFINITION,
                         "fields": list(HASHED_FIELDS)},
        "count": len(entries),
        "articles": entries,
    }


def write_manifest(path: Path, manifest: dict[str, object]) -> None:
    """Write the manifest as indented UTF-8 JSON, all at once (temporary file, then rename)."""
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    folder = path.absolute().parent
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.")
    except OSError as error:
        raise StorageError(f"cannot write the manifest {printable_path(path)}: "
                           f"{error.strerror}") from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except OSError as error:
        os.unlink(temporary)
        raise StorageError(f"cannot write the manifest {printable_path(path)}: "
                           f"{error.strerror}") from None


def _file_sha256(path: Path) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


@dataclass
class Verification:
    """What `verify` found: per article of the manifest its status (`unchanged`, `changed`,
    `missing`), and the export file's status (`unchanged`, `changed`, `missing`, or None when
    the manifest names no file)."""

    manifest: str
    statuses: dict[str, str] = field(default_factory=dict)
    export_file: str | None = None
    export_status: str | None = None
    same_store: bool = True

    @property
    def counts(self) -> dict[str, int]:
        """How many articles have each status."""
        counts = {"unchanged": 0, "changed": 0, "missing": 0}
        for status in self.statuses.values():
            counts[status] += 1
        return counts

    @property
    def matched(self) -> bool:
        """True when every article of the manifest is stored with the same content."""
        return all(status == "unchanged" for status in self.statuses.values())


def verify(archive: ArchivePaths, manifest_file: Path) -> Verification:
    """Re-read the archive and compare every article the manifest lists with what is stored
    now. Raises UsageError (one line naming the file) for a file that is not a manifest."""
    manifest = read_manifest(manifest_file)
    entries = manifest["articles"]
    report = Verification(printable_path(manifest_file))
    with Store.open(archive.store_file) as store:
        report.same_store = manifest.get("store_id") == store.store_id
        wanted = [entry["id"] for entry in entries]
        stored: dict[str, Article] = {}
        for start in range(0, len(wanted), 500):
            stored.update(store.get_many(wanted[start:start + 500]))
    for entry in entries:
        article = stored.get(entry["id"])
        if article is None:
            report.statuses[entry["id"]] = "missing"
        elif content_hash(article) != entry["content_hash"]:
            report.statuses[entry["id"]] = "changed"
        else:
            report.statuses[entry["id"]] = "unchanged"
    export = manifest.get("export")
    if isinstance(export, dict) and isinstance(export.get("file"), str) and export.get("sha256"):
        report.export_file = export["file"]
        # The output is named relative to the manifest's folder: they travel together.
        digest = _file_sha256(manifest_file.parent / Path(export["file"]).name)
        report.export_status = ("missing" if digest is None else
                                "unchanged" if digest == export["sha256"] else "changed")
    return report


def read_manifest(path: Path) -> dict[str, object]:
    """The manifest at `path`, checked for the fields `verify` needs."""
    shown = printable_path(path)
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            raise UsageError(f"{shown}: too large to be a manifest")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{shown}: no such file") from None
    except UnicodeDecodeError:
        raise UsageError(f"{shown}: not a manifest (not UTF-8 text)") from None
    except OSError as error:
        raise UsageError(f"{shown}: cannot read it ({error.strerror})") from None
    try:
        manifest = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise UsageError(f"{shown}: not a manifest (not valid JSON: {error})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise UsageError(f"{shown}: not an export manifest (no \"format\": "
                         f"\"{MANIFEST_FORMAT}\")")
    if manifest.get("format_version") != MANIFEST_VERSION:
        raise UsageError(f"{shown}: manifest format version {manifest.get('format_version')!r} "
                         f"is not one this version reads ({MANIFEST_VERSION})")
    definition = manifest.get("content_hash")
    if not isinstance(definition, dict) or definition.get("definition") != HASH_DEFINITION:
        raise UsageError(f"{shown}: its content hashes are not {HASH_DEFINITION}")
    entries = manifest.get("articles")
    if not isinstance(entries, list) or not all(
            isinstance(entry, dict) and isinstance(entry.get("id"), str)
            and isinstance(entry.get("content_hash"), str) for entry in entries):
        raise UsageError(f"{shown}: its \"articles\" must be a list of "
                         "{\"id\": ..., \"content_hash\": ...}")
    return manifest
