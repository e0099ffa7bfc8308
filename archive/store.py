"""The store: an embedded SQLite database, the archive's source of truth.

Every write of an article takes the next sequence number (`seq`), so the index can tell exactly
which articles it has not seen yet: the index records the highest `seq` it holds, and catching up
means indexing `seq > that`. Values given by hand (flags, `archive edit`) live in `overrides`
apart from what extraction found, so a re-import re-applies them instead of losing them.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from archive.errors import NoArchiveError, StorageError, UnknownArticleError
from archive.model import Article, Published
from archive.store_schema import MIGRATIONS


_ARTICLE_COLUMNS = ("id, seq, title, teaser, body, published, published_precision, modified, "
                    "modified_precision, outlet, authors, agencies, url, language, source_path, "
                    "source_sha256, imported_at, updated_at, word_count, origins")


def now_iso() -> str:
    """The current time in UTC, ISO 8601, to the second."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Override:
    """A value given by hand for one field, and how it was given ("flag" or "edit")."""

    value: object
    origin: str


@dataclass(frozen=True)
class SourceRecord:
    """What the store remembers of a source file: its article and the digest of its inputs."""

    article_id: str
    input_digest: str


class Store:
    """An open archive store. Use `Store.open(path)`; close with `close()` or `with`."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path

    @classmethod
    def open(cls, path: Path, create: bool = False) -> "Store":
        """Open the store at `path`; with `create`, make it (and its folder) if missing."""
        if not path.exists():
            if not create:
                raise NoArchiveError(path.parent)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StorageError(f"cannot create {path.parent}: {error.strerror}") from None
        try:
            connection = sqlite3.connect(path, timeout=30.0, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            # NORMAL keeps every committed transaction across a process crash (kill -9); only a
            # power cut may lose the last ones. FULL would fsync once per imported file.
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA foreign_keys=ON")
            store = cls(connection, path)
            store._migrate()
        except sqlite3.DatabaseError as error:
            raise StorageError(f"cannot open the store {path}: {error}") from None
        return store

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _migrate(self) -> None:
        version = self.connection.execute("PRAGMA user_version").fetchone()[0]
        if version >= len(MIGRATIONS):
            return
        with self.transaction():
            version = self.connection.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in script.split(";"):
                    if statement.strip():
                        self.connection.execute(statement)
                self.connection.execute(f"PRAGMA user_version = {number}")
            self.connection.execute("INSERT OR IGNORE INTO meta VALUES ('store_id', ?)",
                                    (uuid.uuid4().hex,))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic write: everything in it is committed together or not at all."""
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise _storage_error(self.path, error) from None
        try:
            yield
            self.connection.execute("COMMIT")
        except sqlite3.OperationalError as error:
            self._rollback()
            raise _storage_error(self.path, error) from None
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")

    # Reading -------------------------------------------------------------------------------

    @property
    def store_id(self) -> str:
        """A random id made when the store was created; the index records it."""
        return self.connection.execute("SELECT value FROM meta WHERE key='store_id'").fetchone()[0]

    def max_seq(self) -> int:
        """The sequence number of the latest write or deletion (0 for an empty store)."""
        return self.connection.execute(
            "SELECT max((SELECT coalesce(max(seq), 0) FROM articles), "
            "(SELECT coalesce(max(seq), 0) FROM deletions))").fetchone()[0]

    def count_after(self, seq: int) -> int:
        """How many stored articles were written after sequence number `seq`."""
        return self.connection.execute("SELECT count(*) FROM articles WHERE seq > ?",
                                       (seq,)).fetchone()[0]

    def count(self) -> int:
        """How many articles are stored."""
        return self.connection.execute("SELECT count(*) FROM articles").fetchone()[0]

    def get(self, article_id: str) -> Article | None:
        """The article with exactly this id, or None."""
        row = self.connection.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id=?",
                                      (article_id,)).fetchone()
        return _article(row) if row else None

    def resolve(self, id_or_prefix: str) -> Article:
        """The article whose id is, or uniquely starts with, `id_or_prefix`."""
        wanted = id_or_prefix.strip().lower()
        article = self.get(wanted)
        if article is not None:
            return article
        if len(wanted) < 4 or not wanted.isalnum():
            raise UnknownArticleError(f"no article with id {id_or_prefix!r}")
        rows = self.connection.execute("SELECT id FROM articles WHERE id >= ? AND id < ? LIMIT 3",
                                       (wanted, wanted + "\uffff")).fetchall()
        if not rows:
            raise UnknownArticleError(f"no article with id {id_or_prefix!r}")
        if len(rows) > 1:
            raise UnknownArticleError(f"the id prefix {id_or_prefix!r} is ambiguous: "
                                      + ", ".join(row[0] for row in rows) + ", ...")
        return self.get(rows[0][0])  # type: ignore[return-value]

    def get_many(self, ids: Iterable[str]) -> dict[str, Article]:
        """The stored articles among `ids`, by id."""
        wanted = list(ids)
        found: dict[str, Article] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.connection.execute(
                    f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN ({marks})", chunk):
                article = _article(row)
                found[article.id] = article
        return found

    def articles_after(self, seq: int) -> Iterator[tuple[int, Article]]:
        """Articles written after sequence number `seq`, oldest write first, with their seq."""
        cursor = self.connection.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE seq > ? ORDER BY seq", (seq,))
        for row in cursor:
            yield row[1], _article(row)

    def iter_articles(self, order: str = "published") -> Iterator[Article]:
        """Every stored article, ordered by publication date (undated last) or by id."""
        order_by = "published IS NULL, published, id" if order == "published" else "id"
        cursor = self.connection.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY {order_by}")
        for row in cursor:
            yield _article(row)

    def extracted(self, article_id: str) -> dict[str, object]:
        """What extraction found for an article, before hand-given values (JSON-ready)."""
        row = self.connection.execute("SELECT extracted FROM articles WHERE id=?",
                                      (article_id,)).fetchone()
        return json.loads(row[0]) if row else {}

    def overrides(self, article_id: str) -> dict[str, Override]:
        """The values given by hand for an article (flags at import, `archive edit`)."""
        rows = self.connection.execute(
            "SELECT field, value, origin FROM overrides WHERE article_id=?", (article_id,))
        return {field: Override(json.loads(value), origin) for field, value, origin in rows}

    def source(self, path: str) -> SourceRecord | None:
        """What was recorded when the file at `path` was last imported."""
        row = self.connection.execute("SELECT article_id, input_digest FROM sources WHERE path=?",
                                      (path,)).fetchone()
        return SourceRecord(*row) if row else None

    def sources(self) -> Iterator[tuple[str, str, str]]:
        """(path, article id, sha256 of the file's bytes at import) for every imported file."""
        yield from self.connection.execute(
            "SELECT path, article_id, sha256 FROM sources ORDER BY path")

    def source_digests(self) -> set[str]:
        """The sha256 of every source an article or an imported file still refers to."""
        return {row[0] for row in self.connection.execute(
            "SELECT source_sha256 FROM articles UNION SELECT sha256 FROM sources")}

    def value_counts(self, column: str) -> list[tuple[str, int]]:
        """How many articles have each value of `outlet` or publication year, most first."""
        expression = {"outlet": "coalesce(outlet, '')",
                      "year": "coalesce(substr(published, 1, 4), '')"}[column]
        return list(self.connection.execute(
            f"SELECT {expression} AS value, count(*) FROM articles GROUP BY value "
            "ORDER BY count(*) DESC, value"))

    def outlet_values(self) -> list[str]:
        """Every distinct outlet name stored on an article."""
        return [row[0] for row in self.connection.execute(
            "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL")]

    def outlet_aliases(self, keys: Iterable[str]) -> dict[str, str]:
        """The canonical outlet names the alias table gives for these keys (known ones only)."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(self.connection.execute(
                f"SELECT key, outlet FROM outlet_aliases WHERE key IN ({marks})", chunk))
        return found

    def outlet_aliases_fingerprint(self) -> str | None:
        """The fingerprint of the registry the alias table was last written from, or None."""
        row = self.connection.execute(
            "SELECT value FROM meta WHERE key='outlet_aliases'").fetchone()
        return row[0] if row else None

    def last_import(self) -> dict[str, object] | None:
        """The summary of the latest import run, or None."""
        row = self.connection.execute(
            "SELECT finished_at, added, updated, unchanged, failed FROM imports "
            "ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        return dict(zip(("finished_at", "added", "updated", "unchanged", "failed"), row))

    # Writing (call inside `transaction()`) ---------------------------------------------------

    def put(self, article: Article, extracted: dict[str, object]) -> None:
        """Insert or replace an article, giving it the next sequence number."""
        seq = self.max_seq() + 1
        existing = self.connection.execute("SELECT imported_at FROM articles WHERE id=?",
                                           (article.id,)).fetchone()
        imported_at = existing[0] if existing else article.imported_at
        self.connection.execute(
            f"INSERT OR REPLACE INTO articles ({_ARTICLE_COLUMNS}, extracted) "
            "VALUES (" + ",".join("?" * 21) + ")",
            (article.id, seq, article.title, article.teaser, article.body,
             _date_text(article.published), _precision(article.published),
             _date_text(article.modified), _precision(article.modified), article.outlet,
             json.dumps(list(article.authors), ensure_ascii=False),
             json.dumps(list(article.agencies), ensure_ascii=False), article.url,
             article.language, article.source_path, article.source_sha256, imported_at,
             now_iso(), article.word_count, json.dumps(dict(article.origins)),
             json.dumps(extracted, ensure_ascii=False)))

    def record_source(self, path: str, article_id: str, input_digest: str, sha256: str) -> None:
        """Remember that the file at `path` (these bytes, these inputs) gave this article."""
        self.connection.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?)",
                                (path, article_id, input_digest, sha256, now_iso()))

    def forget_source(self, path: str) -> None:
        """Forget an imported file's path (it moved: its article now names another)."""
        self.connection.execute("DELETE FROM sources WHERE path=?", (path,))

    def set_override(self, article_id: str, field: str, value: object, origin: str) -> None:
        """Record a hand-given value; it wins over extraction from now on."""
        self.connection.execute("INSERT OR REPLACE INTO overrides VALUES (?, ?, ?, ?, ?)",
                                (article_id, field, json.dumps(value, ensure_ascii=False),
                                 origin, now_iso()))

    def replace_outlet_aliases(self, table: dict[str, str], fingerprint: str) -> None:
        """Replace the alias table (alias key -> canonical outlet) and record its fingerprint."""
        self.connection.execute("DELETE FROM outlet_aliases")
        self.connection.executemany("INSERT INTO outlet_aliases VALUES (?, ?)", table.items())
        self.connection.execute("INSERT OR REPLACE INTO meta VALUES ('outlet_aliases', ?)",
                                (fingerprint,))

    def record_import(self, added: int, updated: int, unchanged: int, failed: int) -> None:
        """Keep the summary of an import run (shown by `archive stats`)."""
        self.connection.execute(
            "INSERT INTO imports (finished_at, added, updated, unchanged, failed) "
            "VALUES (?, ?, ?, ?, ?)", (now_iso(), added, updated, unchanged, failed))


    # Deleting (call inside `transaction()`) ---------------------------------------------------

    def delete_article(self, article_id: str) -> int:
        """Remove an article and everything that names it (overrides, source records, tags,
        notes, near-duplicate signature); record the deletion under the next sequence number,
        which is returned, so the index drops it on its next catch-up."""
        seq = self.max_seq() + 1
        for table, column in _ARTICLE_TABLES:
            self.connection.execute(f"DELETE FROM {table} WHERE {column}=?", (article_id,))
        self.connection.execute("INSERT OR REPLACE INTO deletions VALUES (?, ?, ?)",
                                (article_id, seq, now_iso()))
        return seq

    def deleted_after(self, seq: int) -> list[str]:
        """Ids deleted after sequence number `seq` and not stored again since."""
        return [row[0] for row in self.connection.execute(
            "SELECT article_id FROM deletions WHERE seq > ? AND article_id NOT IN "
            "(SELECT id FROM articles) ORDER BY seq", (seq,))]

    def remove_override(self, article_id: str, field: str) -> bool:
        """Forget a hand-given value (`archive edit --reset`); True if there was one."""
        cursor = self.connection.execute("DELETE FROM overrides WHERE article_id=? AND field=?",
                                         (article_id, field))
        return cursor.rowcount > 0

    def source_paths(self, article_id: str) -> list[str]:
        """Every imported file path recorded as giving this article."""
        return [row[0] for row in self.connection.execute(
            "SELECT path FROM sources WHERE article_id=? ORDER BY path", (article_id,))]


# Every table with rows about one article, and its column naming the article: a deletion
# empties them all in one transaction.
_ARTICLE_TABLES = (("overrides", "article_id"), ("sources", "article_id"), ("tags", "article_id"),
                   ("notes", "article_id"), ("signatures", "article_id"), ("articles", "id"))


def _storage_error(path: Path, error: sqlite3.OperationalError) -> StorageError:
    message = str(error)
    if "readonly" in message or "read-only" in message:
        return StorageError(f"cannot write to {path.parent}: the archive is read-only; "
                            "nothing was changed")
    if "full" in message:
        return StorageError(f"cannot write to {path.parent}: the disk is full; "
                            "the last file was not stored, everything before it is safe")
    if "locked" in message or "busy" in message:
        return StorageError(f"the store {path} stayed locked by another process")
    return StorageError(f"the store {path} refused a write ({message}: is the disk full or "
                        "failing?); the last file was not stored, everything before it is safe")


def _date_text(published: Published | None) -> str | None:
    return str(published) if published is not None else None


def _precision(published: Published | None) -> str | None:
    return published.precision if published is not None else None


def _article(row: tuple) -> Article:  # type: ignore[type-arg]
    (article_id, _seq, title, teaser, body, published, _published_precision, modified,
     _modified_precision, outlet, authors, agencies, url, language, source_path, source_sha256,
     imported_at, _updated_at, word_count, origins) = row
    return Article(
        id=article_id, title=title, teaser=teaser, body=body,
        published=Published.parse(published) if published else None,
        modified=Published.parse(modified) if modified else None,
        outlet=outlet, authors=tuple(json.loads(authors)), agencies=tuple(json.loads(agencies)),
        url=url, language=language, source_path=source_path, source_sha256=source_sha256,
        imported_at=imported_at, word_count=word_count, origins=json.loads(origins))
