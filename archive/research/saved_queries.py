"""Saved queries: a query and its filters under a name (`archive query save NAME 'QUERY'`),
used as `query:NAME` inside any query.

They live in the store's `saved_queries` table. A saved query is kept as the text the user
wrote and re-parsed when used, so it follows the current query language and, being resolved
at search time (archive/research/resolve.py), always finds the current tags and notes too.
Names follow the rule of archive/research/names.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from archive.errors import QueryError, UsageError
from archive.locking import DEFAULT_WAIT_SECONDS, write_lock
from archive.paths import ArchivePaths
from archive.query.parser import parse
from archive.research.names import fold_name, name_problem
from archive.store import Store, now_iso

# The filters a saved query may carry: the filter options of `archive search`.
FILTER_KEYS = ("outlets", "years", "authors", "since", "until")


@dataclass(frozen=True)
class SavedQuery:
    """A saved query: name, query text, filters (keys of FILTER_KEYS), when it was saved."""

    name: str
    query: str
    filters: dict[str, object] = field(default_factory=dict)
    saved_at: str = ""


def normalize_name(text: str) -> str:
    """The name as stored (NFC, case-folded); UsageError naming the rule when it is no name."""
    problem = name_problem(text)
    if problem is not None:
        raise UsageError(f"the saved query name {text!r} {problem}")
    return fold_name(text)


def clean_filters(outlets: tuple[str, ...] = (), years: str | None = None,
                  authors: tuple[str, ...] = (), since: str | None = None,
                  until: str | None = None) -> dict[str, object]:
    """The given filter options as stored (empty ones left out)."""
    given: dict[str, object] = {"outlets": list(outlets), "years": years,
                                "authors": list(authors), "since": since, "until": until}
    return {key: value for key, value in given.items() if value}


def save_query(archive: ArchivePaths, name: str, query: str, filters: dict[str, object],
               wait: float = DEFAULT_WAIT_SECONDS) -> tuple[SavedQuery, bool]:
    """Save (or replace) a query under `name`; returns it and whether one was replaced.

    The query must parse, its filters must be valid, and using it must not lead back to
    itself (`query:a` inside `a`, directly or through other saved queries)."""
    from archive.research.resolve import check_saved

    name = normalize_name(name)
    parse(query)
    saved = SavedQuery(name, query.strip(), dict(filters), now_iso())
    with write_lock(archive.lock_file, wait), Store.open(archive.store_file) as store:
        check_saved(store, saved)
        replaced = load(store, name) is not None
        with store.transaction():
            store.connection.execute(
                "INSERT OR REPLACE INTO saved_queries VALUES (?, ?, ?, ?)",
                (saved.name, saved.query, json.dumps(saved.filters, ensure_ascii=False),
                 saved.saved_at))
    return saved, replaced


def delete_query(archive: ArchivePaths, name: str, wait: float = DEFAULT_WAIT_SECONDS) -> None:
    """Remove a saved query; UsageError when there is none by that name."""
    wanted = fold_name(name)
    with write_lock(archive.lock_file, wait), Store.open(archive.store_file) as store:
        with store.transaction():
            cursor = store.connection.execute("DELETE FROM saved_queries WHERE name=?",
                                              (wanted,))
        if cursor.rowcount == 0:
            raise UsageError(f"there is no saved query {name!r} (see 'archive query list')")


def list_queries(archive: ArchivePaths) -> list[SavedQuery]:
    """Every saved query, by name."""
    with Store.open(archive.store_file) as store:
        return [_saved(row) for row in store.connection.execute(
            "SELECT name, query, filters, saved_at FROM saved_queries ORDER BY name")]


def load(store: Store, name: str) -> SavedQuery | None:
    """The saved query of this name (compared folded), or None."""
    row = store.connection.execute(
        "SELECT name, query, filters, saved_at FROM saved_queries WHERE name=?",
        (fold_name(name),)).fetchone()
    return _saved(row) if row else None


def require(store: Store, name: str, source: str) -> SavedQuery:
    """The saved query of this name; QueryError (a bad query, one line) when there is none."""
    saved = load(store, name)
    if saved is None:
        raise QueryError(source, f"there is no saved query {name!r} (see 'archive query list')")
    return saved


def _saved(row: tuple[str, str, str, str]) -> SavedQuery:
    name, query, filters, saved_at = row
    loaded = json.loads(filters)
    return SavedQuery(name, query, loaded if isinstance(loaded, dict) else {}, saved_at)
