"""`archive reextract`: run the current extraction again on stored articles, from the source
bytes kept at import (or the original file, when it still holds the same bytes).

Hand-given values are applied again exactly as at import: flags and `archive edit` values from
the store's overrides, sidecar and manifest values from the stored article (the files that
gave them may be gone). Each changed article is stored in its own transaction (a new revision),
then the index catches up as after an import. Nothing of `import --accept-all` is remembered:
a stored article is an article, so reextract never refuses one for looking like none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from archive import handgiven, sources_store
from archive.derive import (build_article, changed_fields, extracted_json, run_extraction,
                            same_record)
from archive.errors import ArchiveError, InputError, NoArchiveError, StorageError
from archive.locking import DEFAULT_WAIT_SECONDS, write_lock
from archive.model import FIELDS, Article, Published
from archive.paths import ArchivePaths
from archive.research.clusters import update_in_batches
from archive.store import Store

if TYPE_CHECKING:
    from archive.index.writer import IndexProgress
    from archive.search import SearchRequest

Progress = Callable[[int, int, str], None]
SHORT = 80  # characters of an old or new value shown in a report
ORIGINS = "origins"  # reported when only where values came from changed


@dataclass(frozen=True)
class FieldChange:
    """One field's value before and after, as short one-line text."""

    old: str
    new: str


@dataclass(frozen=True)
class ArticleChange:
    """An article whose stored record changed (or would change, in a dry run)."""

    id: str
    source: str
    fields: dict[str, FieldChange]


@dataclass
class ReextractReport:
    """What a reextract did. `failures` holds (article id, source path, reason)."""

    dry_run: bool = False
    articles: int = 0
    unchanged: int = 0
    changes: list[ArticleChange] = field(default_factory=list)
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    indexed: int = 0
    index_problem: str | None = None

    @property
    def changed(self) -> int:
        """How many articles changed."""
        return len(self.changes)

    @property
    def failed(self) -> int:
        """How many articles could not be re-extracted (they were left as they were)."""
        return len(self.failures)

    def field_counts(self) -> dict[str, int]:
        """How many articles each field changed in, in field order."""
        counts = {name: 0 for name in (*FIELDS, ORIGINS)}
        for change in self.changes:
            for name in change.fields:
                counts[name] += 1
        return {name: count for name, count in counts.items() if count}

    def summary(self) -> str:
        """"5 articles re-extracted: 1 changed (body 1), 4 unchanged, 0 failed"."""
        counts = ", ".join(f"{name} {count}" for name, count in self.field_counts().items())
        changed = f"{self.changed} changed" + (f" ({counts})" if counts else "")
        noun = "article" if self.articles == 1 else "articles"
        return (f"{self.articles} {noun} re-extracted: {changed}, {self.unchanged} unchanged, "
                f"{self.failed} failed")

    def as_dict(self) -> dict[str, object]:
        """The report as JSON-ready data (for `--format json`)."""
        return {
            "dry_run": self.dry_run, "articles": self.articles, "changed": self.changed,
            "unchanged": self.unchanged, "failed": self.failed, "fields": self.field_counts(),
            "changes": [{"id": change.id, "source": change.source,
                         "fields": {name: {"old": value.old, "new": value.new}
                                    for name, value in change.fields.items()}}
                        for change in self.changes],
            "failures": [{"id": article_id, "source": source, "reason": reason}
                         for article_id, source, reason in self.failures],
            "indexed": self.indexed, "index_problem": self.index_problem,
        }


def reextract(archive: ArchivePaths, request: "SearchRequest | None" = None,
              dry_run: bool = False, wait: float = DEFAULT_WAIT_SECONDS,
              progress: Progress | None = None,
              index_progress: "IndexProgress | None" = None) -> ReextractReport:
    """Re-run the current extraction on the articles matching `request` (all when None or
    empty), keeping hand-given values; store what changed and bring the index up to date.
    With `dry_run`, nothing is written and no lock is taken."""
    if not archive.store_file.exists():
        raise NoArchiveError(archive.home)
    report = ReextractReport(dry_run=dry_run)
    lock = nullcontext() if dry_run else write_lock(archive.lock_file, wait)
    with lock:
        ids = _selected_ids(archive, request)
        with Store.open(archive.store_file) as store:
            for number, article_id in enumerate(ids, start=1):
                article = store.get(article_id)
                if article is None:
                    continue
                if progress:
                    progress(number, len(ids), article.source_path)
                report.articles += 1
                try:
                    change = _reextract_one(article, store, archive, dry_run)
                except StorageError:
                    raise
                except ArchiveError as error:
                    reason = error.reason if isinstance(error, InputError) else str(error)
                    report.failures.append((article.id, article.source_path, reason))
                    continue
                if change is None:
                    report.unchanged += 1
                else:
                    report.changes.append(change)
            if not dry_run:
                update_in_batches(store, [change.id for change in report.changes])
                _catch_up_index(store, archive, report, index_progress)
    return report


def _selected_ids(archive: ArchivePaths, request: "SearchRequest | None") -> list[str]:
    from archive.search import SearchRequest, matching_articles

    # Ids first, whole: the articles are rewritten while we go through them.
    return [article.id for article in matching_articles(archive, request or SearchRequest())]


def _reextract_one(article: Article, store: Store, archive: ArchivePaths,
                   dry_run: bool) -> ArticleChange | None:
    data, from_file = source_bytes(archive, article)
    path = Path(article.source_path)
    # Dates are never after "today": the day of the import, not of the re-extraction.
    extracted = run_extraction(path, data, _import_day(article), accept_all=True)
    stored = {name: getattr(article, name) for name in FIELDS}
    hand = handgiven.from_stored(stored, article.origins)
    new = build_article(article.id, extracted, hand, store, article.source_path,
                        article.source_sha256)
    names = changed_fields(article, new)
    if not names and dict(new.origins) != dict(article.origins):
        names = [ORIGINS]
    found = extracted_json(extracted)
    if not dry_run:
        if from_file:  # no blob, or a damaged one: kept from the original file from now on
            sources_store.keep(archive, data, article.source_sha256, replace=True)
        if not same_record(article, new) or store.extracted(article.id) != found:
            with store.transaction():
                store.put(new, found)
    if not names:
        return None
    return ArticleChange(article.id, article.source_path,
                         {name: FieldChange(_short(getattr(article, name)),
                                            _short(getattr(new, name)))
                          for name in names})


def source_bytes(archive: ArchivePaths, article: Article) -> tuple[bytes, bool]:
    """The bytes the article was extracted from, and whether they came from the original file
    (not kept yet). Raises InputError saying why they cannot be had."""
    data = sources_store.load(archive, article.source_sha256)
    if data is not None:
        return data, False
    path = Path(article.source_path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, f"the source was not kept and {article.source_path} is no "
                               "longer there") from None
    except OSError as error:
        raise InputError(path, f"the source was not kept and {article.source_path} cannot "
                               f"be read ({error.strerror})") from None
    if hashlib.sha256(data).hexdigest() != article.source_sha256:
        raise InputError(path, f"the source was not kept and {article.source_path} changed "
                               "since import (re-import it instead)")
    return data, True


def _import_day(article: Article) -> dt.date | None:
    try:
        return dt.date.fromisoformat(article.imported_at[:10])
    except ValueError:
        return None


def _short(value: object) -> str:
    if value is None:
        text = ""
    elif isinstance(value, tuple):
        text = "; ".join(str(item) for item in value)
    elif isinstance(value, Published):
        text = str(value)
    elif isinstance(value, dict):
        text = ", ".join(f"{key}: {item}" for key, item in sorted(value.items()))
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= SHORT else text[:SHORT - 1].rstrip() + "…"


def _catch_up_index(store: Store, archive: ArchivePaths, report: ReextractReport,
                    progress: "IndexProgress | None") -> None:
    from archive.index import writer

    try:
        report.indexed = writer.catch_up(store, archive, progress)
    except ArchiveError as error:
        report.index_problem = str(error)
