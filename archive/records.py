"""Read and correct single records: the library behind `archive show` and `archive edit`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

from archive.errors import UsageError
from archive.handgiven import validate
from archive.locking import DEFAULT_WAIT_SECONDS, write_lock
from archive.model import Article
from archive.paths import ArchivePaths
from archive.store import Override, Store

if TYPE_CHECKING:
    from archive.search import SearchRequest


@dataclass(frozen=True)
class Record:
    """An article with what extraction found and what was given by hand, for `show --explain`."""

    article: Article
    extracted: dict[str, object]
    overrides: dict[str, Override]
    tags: list[str] = field(default_factory=list)
    notes: list[dict[str, str]] = field(default_factory=list)

    @property
    def capped(self) -> list[str]:
        """What the index holds of this article only in part ("title indexed up to 1,000
        characters"); the store keeps every field whole."""
        from archive.index.limits import capped_fields

        return capped_fields(self.article)

    @property
    def dropped(self) -> list[tuple[str, str]]:
        """Source lines extraction left out of title, teaser and body, with the rule that did."""
        from archive.metadata.findings import dropped_lines

        origins = self.extracted.get("origins")
        return dropped_lines(origins if isinstance(origins, dict) else self.article.origins)


def show(archive: ArchivePaths, article_id: str) -> Record:
    """The stored article with this id (or unique id prefix)."""
    from archive.research.notes import notes_of
    from archive.research.tags import tags_of

    with Store.open(archive.store_file) as store:
        article = store.resolve(article_id)
        return Record(article, store.extracted(article.id), store.overrides(article.id),
                      tags_of(store, [article.id]).get(article.id, []),
                      notes_of(store, [article.id]).get(article.id, []))


@dataclass(frozen=True)
class ExportRecord:
    """An exported article with the researcher's data on it: `tags` (names) and `notes`
    (`{"text", "set_at"}`, oldest first), which `import` can read back."""

    article: Article
    tags: list[str]
    notes: list[dict[str, str]]


def export_records(archive: ArchivePaths, request: "SearchRequest") -> Iterator[ExportRecord]:
    """Every article matching the request (as `matching_articles`), with its tags and notes."""
    from archive.research.notes import notes_of
    from archive.research.tags import tags_of
    from archive.search import matching_articles

    articles = matching_articles(archive, request)
    with Store.open(archive.store_file) as store:
        while True:
            chunk = [article for _, article in zip(range(500), articles)]
            if not chunk:
                return
            ids = [article.id for article in chunk]
            tags, notes = tags_of(store, ids), notes_of(store, ids)
            for article in chunk:
                yield ExportRecord(article, tags.get(article.id, []), notes.get(article.id, []))


def edit(archive: ArchivePaths, article_id: str, values: dict[str, object],
         wait: float = DEFAULT_WAIT_SECONDS) -> tuple[Article, int]:
    """Correct fields by hand. The values are kept as overrides, so they survive re-import and
    reindex; the index is updated at once. Returns the article and how many were indexed."""
    from archive.index.writer import catch_up

    given = {name: value for name, value in values.items() if value is not None}
    if not given:
        raise UsageError("nothing to change: give at least one of --title, --outlet, --author, "
                         "--agency, --date, --url")
    hand = validate(given, "edit", "archive edit")
    with write_lock(archive.lock_file, wait), Store.open(archive.store_file) as store:
        article = store.resolve(article_id)
        changes: dict[str, object] = {}
        origins = dict(article.origins)
        with store.transaction():
            for name, value in hand.values.items():
                stored = str(value) if name in ("published", "modified") else value
                store.set_override(article.id, name,
                                   list(stored) if isinstance(stored, tuple) else stored, "edit")
                changes[name] = value
                origins[name] = "edit"
            updated = article.with_values(**changes, origins=origins)
            store.put(updated, store.extracted(article.id))
        indexed = catch_up(store, archive)
    return updated, indexed
