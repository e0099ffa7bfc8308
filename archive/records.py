"""Read and correct single records: the library behind `archive show` and `archive edit`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

from archive.errors import UsageError
from archive.handgiven import validate
from archive.locking import DEFAULT_WAIT_SECONDS, write_lock
from archive.model import Article, count_words
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
    # For a lossless import into another archive (JSON Lines only): what extraction found and
    # the hand-given overrides with their origins.
    extracted: dict[str, object] = field(default_factory=dict)
    overrides: dict[str, dict[str, object]] = field(default_factory=dict)


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
                overrides = {name: {"value": item.value, "origin": item.origin}
                             for name, item in store.overrides(article.id).items()}
                yield ExportRecord(article, tags.get(article.id, []), notes.get(article.id, []),
                                   store.extracted(article.id), overrides)


def edit(archive: ArchivePaths, article_id: str, values: dict[str, object],
         wait: float = DEFAULT_WAIT_SECONDS, reset: tuple[str, ...] = ()) -> tuple[Article, int]:
    """Correct fields by hand. The values are kept as overrides, so they survive re-import and
    reindex; the index is updated at once. `reset` names fields to take back to what
    extraction found (their hand-given value, from an edit or an import flag, is forgotten).
    Returns the article and how many were indexed.

    An empty value (`--title ""`) is refused: an empty title is not a title, and an unknown
    outlet or date is what extraction says when it found none (`--reset FIELD`)."""
    from archive.derive import from_json
    from archive.index.writer import catch_up

    given = {name: value for name, value in values.items() if value is not None}
    for name, value in given.items():
        if not _has_text(value):
            option = EDIT_OPTIONS.get(name, name)
            raise UsageError(f"{option} is empty: an empty {name} is not a value; to go back "
                             f"to the extracted one, use --reset {name}")
    fields = tuple(dict.fromkeys(reset_field(name) for name in reset))
    if not given and not fields:
        raise UsageError("nothing to change: give at least one of --title, --outlet, --author, "
                         "--agency, --date, --url, or --reset FIELD")
    hand = validate(given, "edit", "archive edit")
    both = sorted(set(fields) & set(hand.values))
    if both:
        raise UsageError(f"{both[0]} is both set and reset: give one of them")
    with write_lock(archive.lock_file, wait), Store.open(archive.store_file) as store:
        article = store.resolve(article_id)
        changes: dict[str, object] = {}
        origins = dict(article.origins)
        extracted = store.extracted(article.id)
        extracted_origins = extracted.get("origins")
        extracted_origins = extracted_origins if isinstance(extracted_origins, dict) else {}
        with store.transaction():
            for name, value in hand.values.items():
                stored = str(value) if name in ("published", "modified") else value
                store.set_override(article.id, name,
                                   list(stored) if isinstance(stored, tuple) else stored, "edit")
                changes[name] = value
                origins[name] = "edit"
            for name in fields:
                store.remove_override(article.id, name)
                changes[name] = from_json(name, extracted.get(name))
                if name == "language" and not changes[name]:
                    changes[name] = "de"
                if name in extracted_origins:
                    origins[name] = str(extracted_origins[name])
                else:
                    origins.pop(name, None)
            updated = article.with_values(**changes, origins=origins)
            updated = updated.with_values(word_count=count_words(
                f"{updated.title}\n{updated.teaser}\n{updated.body}"))
            store.put(updated, extracted)
        indexed = catch_up(store, archive)
    return updated, indexed


# The option of `archive edit` that sets each field, for messages.
EDIT_OPTIONS = {"title": "--title", "outlet": "--outlet", "authors": "--author",
                "agencies": "--agency", "published": "--date", "url": "--url"}
# The fields `--reset` takes back to what extraction found (and the names it also accepts).
RESETTABLE = ("title", "teaser", "outlet", "authors", "agencies", "published", "modified",
              "url", "language")
_RESET_ALIASES = {"date": "published", "author": "authors", "agency": "agencies"}


def reset_field(name: str) -> str:
    """The field `--reset NAME` means; UsageError for a field that cannot be reset.

    >>> reset_field("date")
    'published'
    """
    field = _RESET_ALIASES.get(name.strip().lower(), name.strip().lower())
    if field not in RESETTABLE:
        raise UsageError(f"--reset {name}: not a field that can be reset (choose from "
                         f"{', '.join(RESETTABLE)})")
    return field


def _has_text(value: object) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple)):
        return any(isinstance(item, str) and item.strip() for item in value)
    return True
