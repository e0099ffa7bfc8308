"""Tags: short names a researcher puts on articles (`archive tag +relevant -todo ID…`).

Tags are hand-given data kept in the store's `tags` table, apart from the articles, so a
re-import, `reextract` or `reindex` never touches them; they are not in the search index
either: `tag:x` is resolved through the store into the set of tagged ids (see
archive/research/resolve.py), so tagging never needs re-indexing. Names follow the rule of
archive/research/names.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from archive.errors import UsageError
from archive.locking import DEFAULT_WAIT_SECONDS, write_lock
from archive.paths import ArchivePaths
from archive.research.names import fold_name, name_problem
from archive.store import Store, now_iso

if TYPE_CHECKING:
    from archive.search import SearchRequest


@dataclass(frozen=True)
class TagChange:
    """`+name` (add) or `-name` (remove)."""

    tag: str
    add: bool


@dataclass(frozen=True)
class TagCount:
    """A tag and how many articles carry it."""

    tag: str
    count: int


@dataclass
class TagReport:
    """What `archive tag` did: how many articles it was asked about, how many changed, and per
    tag how many articles gained or lost it."""

    selected: int
    changed: int
    added: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)


def normalize_tag(text: str) -> str:
    """The tag as stored (NFC, case-folded); UsageError naming the rule when it is no name."""
    problem = name_problem(text)
    if problem is not None:
        raise UsageError(f"the tag {text!r} {problem}")
    return fold_name(text)


def parse_changes(words: Iterable[str]) -> list[TagChange]:
    """`+relevant`, `-todo` as changes; UsageError for a bad name, a word without its sign, or
    one tag both added and removed.

    >>> parse_changes(["+Relevant", "-todo"])
    [TagChange(tag='relevant', add=True), TagChange(tag='todo', add=False)]
    """
    changes: dict[str, TagChange] = {}
    for word in words:
        if word[:1] not in "+-" or len(word) < 2:
            raise UsageError(f"{word!r}: write +TAG to add a tag, -TAG to remove one")
        change = TagChange(normalize_tag(word[1:]), word[0] == "+")
        earlier = changes.get(change.tag)
        if earlier is not None and earlier.add != change.add:
            raise UsageError(f"the tag {change.tag!r} is both added and removed")
        changes[change.tag] = change
    return list(changes.values())


def tag_articles(archive: ArchivePaths, changes: list[TagChange], ids: Iterable[str] = (),
                 request: "SearchRequest | None" = None,
                 wait: float = DEFAULT_WAIT_SECONDS) -> TagReport:
    """Add and remove tags on the articles named by id (or unique id start) and on every
    article matching `request` (query and filters as for search), in one transaction."""
    if not changes:
        raise UsageError("no tag to change: give +TAG or -TAG")
    selected: dict[str, None] = {}
    if request is not None:
        from archive.search import matching_ids

        selected.update(dict.fromkeys(matching_ids(archive, request)))
    with write_lock(archive.lock_file, wait), Store.open(archive.store_file) as store:
        for given in ids:
            selected[store.resolve(given).id] = None
        report = TagReport(len(selected), 0)
        changed: set[str] = set()
        stamp = now_iso()
        connection = store.connection
        with store.transaction():
            for change in changes:
                count = 0
                for article_id in selected:
                    if change.add:
                        cursor = connection.execute(
                            "INSERT OR IGNORE INTO tags VALUES (?, ?, ?)",
                            (article_id, change.tag, stamp))
                    else:
                        cursor = connection.execute(
                            "DELETE FROM tags WHERE article_id=? AND tag=?",
                            (article_id, change.tag))
                    if cursor.rowcount > 0:
                        count += 1
                        changed.add(article_id)
                (report.added if change.add else report.removed)[change.tag] = count
        report.changed = len(changed)
    return report


def list_tags(archive: ArchivePaths) -> list[TagCount]:
    """Every tag in use and how many articles carry it, most used first, then by name."""
    with Store.open(archive.store_file) as store:
        return [TagCount(tag, count) for tag, count in store.connection.execute(
            "SELECT tag, count(*) FROM tags GROUP BY tag ORDER BY count(*) DESC, tag")]


def tagged_ids(store: Store, name: str, prefix: bool = False) -> frozenset[str]:
    """The ids of the articles carrying the tag (with `prefix`, any tag starting with it)."""
    if prefix:
        rows = store.connection.execute(
            "SELECT DISTINCT article_id FROM tags WHERE tag >= ? AND tag < ?",
            (name, name + "\U0010ffff"))
    else:
        rows = store.connection.execute("SELECT article_id FROM tags WHERE tag=?", (name,))
    return frozenset(row[0] for row in rows)


def ids_by_tag(store: Store) -> dict[str, frozenset[str]]:
    """Every tag with the ids of its articles (for the tag facet)."""
    grouped: dict[str, set[str]] = {}
    for article_id, tag in store.connection.execute("SELECT article_id, tag FROM tags"):
        grouped.setdefault(tag, set()).add(article_id)
    return {tag: frozenset(ids) for tag, ids in grouped.items()}


def tags_of(store: Store, ids: Iterable[str]) -> dict[str, list[str]]:
    """The tags of each of these articles, sorted by name (articles without tags left out)."""
    wanted = list(ids)
    found: dict[str, list[str]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for article_id, tag in store.connection.execute(
                f"SELECT article_id, tag FROM tags WHERE article_id IN ({marks}) "
                "ORDER BY article_id, tag", chunk):
            found.setdefault(article_id, []).append(tag)
    return found
