"""Read and correct single records: the library behind `archive show` and `archive edit`."""

from __future__ import annotations

from dataclasses import dataclass

from archive.errors import UsageError
from archive.handgiven import validate
from archive.locking import DEFAULT_WAIT_SECONDS, write_lock
from archive.model import Article
from archive.paths import ArchivePaths
from archive.store import Override, Store


@dataclass(frozen=True)
class Record:
    """An article with what extraction found and what was given by hand, for `show --explain`."""

    article: Article
    extracted: dict[str, object]
    overrides: dict[str, Override]

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


class ExportExtras:
    """What a JSON Lines export carries beside each article's fields, for a lossless import
    into another archive: what extraction found, the hand-given overrides with their origins,
    tags and notes. Use as a context manager; call it with an article."""

    def __init__(self, archive: ArchivePaths) -> None:
        self.store = Store.open(archive.store_file)

    def __enter__(self) -> "ExportExtras":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.store.close()

    def __call__(self, article: Article) -> dict[str, object]:
        """The extra fields of one article's export line."""
        connection = self.store.connection
        tags = [row[0] for row in connection.execute(
            "SELECT tag FROM tags WHERE article_id=? ORDER BY tag", (article.id,))]
        notes = [{"text": text, "set_at": set_at} for text, set_at in connection.execute(
            "SELECT text, set_at FROM notes WHERE article_id=? ORDER BY id", (article.id,))]
        return {"extracted": self.store.extracted(article.id),
                "overrides": {name: {"value": item.value, "origin": item.origin}
                              for name, item in self.store.overrides(article.id).items()},
                "tags": tags, "notes": notes}


def show(archive: ArchivePaths, article_id: str) -> Record:
    """The stored article with this id (or unique id prefix)."""
    with Store.open(archive.store_file) as store:
        article = store.resolve(article_id)
        return Record(article, store.extracted(article.id), store.overrides(article.id))


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
