"""The engines under test, as worker commands that run in their own process and print one JSON
object: the archive (through its library), a naive Whoosh baseline (LanguageAnalyzer("de"),
default writer, one commit) and SQLite FTS5 (unicode61 remove_diacritics 2).

    python bench/engines.py build --engine whoosh|fts5 --index DIR --jsonl FILE
    python bench/engines.py add   --engine whoosh|fts5 --index DIR --jsonl FILE
    python bench/engines.py warm  --engine archive|whoosh|fts5 --index DIR --queries FILE \
                                  --broad WORD [--repeat N]
    python bench/engines.py cold  --engine whoosh|fts5 --index DIR --query TEXT

A build reads and parses the JSON Lines itself (read -> parse -> index), like an import.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from pathlib import Path
from typing import Callable, Iterable

import corpus
from measure import dir_size_mb, own_peak_mb

FTS_BATCH = 1000


# ---------------------------------------------------------------- naive Whoosh baseline


def whoosh_schema():  # type: ignore[no-untyped-def]
    """The baseline schema: id/title/body/outlet/year/date/url, as in the design study."""
    from whoosh.analysis import LanguageAnalyzer
    from whoosh.fields import DATETIME, ID, NUMERIC, STORED, TEXT, Schema

    analyzer = LanguageAnalyzer("de")
    return Schema(id=ID(unique=True, stored=True), title=TEXT(analyzer=analyzer, stored=True),
                  body=TEXT(analyzer=analyzer), outlet=ID(stored=True, sortable=True),
                  year=NUMERIC(int, sortable=True), date=DATETIME(sortable=True), url=STORED)


def _whoosh_doc(article: corpus.Article) -> dict[str, object]:
    import datetime as dt

    day = dt.datetime.strptime(article.date, "%Y-%m-%d")
    return {"id": article.id, "title": article.title, "body": article.body,
            "outlet": article.outlet, "year": day.year, "date": day, "url": article.url}


def whoosh_build(index: Path, jsonl: Path) -> dict[str, object]:
    """Create the index and add every article with the default writer, one commit."""
    from whoosh import index as windex

    index.mkdir(parents=True, exist_ok=True)
    ix = windex.create_in(str(index), whoosh_schema())
    writer = ix.writer()
    count = size = 0
    for article in corpus.read_jsonl(jsonl):
        writer.add_document(**_whoosh_doc(article))
        count += 1
        size += article.text_bytes
    writer.commit()
    return {"docs": count, "bytes": size}


def whoosh_add(index: Path, jsonl: Path) -> dict[str, object]:
    """Open the index and add a few articles in one default writer and commit."""
    from whoosh import index as windex

    writer = windex.open_dir(str(index)).writer()
    count = 0
    for article in corpus.read_jsonl(jsonl):
        writer.add_document(**_whoosh_doc(article))
        count += 1
    writer.commit()
    return {"docs": count}


class WhooshSearch:
    """One open naive index and searcher: top 10 by BM25F over title+body, AND of words."""

    def __init__(self, index: Path) -> None:
        from whoosh import index as windex
        from whoosh.qparser import AndGroup, MultifieldParser

        self.ix = windex.open_dir(str(index))
        self.searcher = self.ix.searcher()
        self.parser = MultifieldParser(["title", "body"], self.ix.schema, group=AndGroup)

    def top10(self, text: str) -> list[tuple[str, str, str]]:
        """Parse, rank, and read the stored fields of the top 10."""
        results = self.searcher.search(self.parser.parse(text), limit=10)
        return [(hit["id"], hit["title"], hit["outlet"]) for hit in results]

    def hits(self, text: str) -> int:
        """The exact number of matches (not timed)."""
        return len(self.searcher.search(self.parser.parse(text), limit=1))

    def facets(self, text: str) -> dict[str, int]:
        """Counts by outlet and year over all matches (the corpus has no authors)."""
        from whoosh.sorting import FieldFacet

        results = self.searcher.search(self.parser.parse(text), limit=10,
                                       groupedby={"outlet": FieldFacet("outlet"),
                                                  "year": FieldFacet("year")})
        return {"outlets": len(results.groups("outlet")), "hits": len(results)}


# ---------------------------------------------------------------- SQLite FTS5 baseline


def fts_connect(index: Path) -> sqlite3.Connection:
    """The FTS5 database (WAL); created with its two tables when new."""
    index.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(index / "fts.sqlite3")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.executescript(
        "CREATE TABLE IF NOT EXISTS docs(rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, title TEXT,"
        " outlet TEXT, year INTEGER, date TEXT, url TEXT);"
        "CREATE INDEX IF NOT EXISTS docs_facets ON docs(outlet, year);"
        "CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, body, content='',"
        " tokenize='unicode61 remove_diacritics 2');")
    return connection


def _fts_insert(connection: sqlite3.Connection, batch: list[corpus.Article]) -> None:
    with connection:
        for article in batch:
            cursor = connection.execute(
                "INSERT INTO docs(id, title, outlet, year, date, url) VALUES (?,?,?,?,?,?)",
                (article.id, article.title, article.outlet, int(article.date[:4]), article.date,
                 article.url))
            connection.execute("INSERT INTO fts(rowid, title, body) VALUES (?,?,?)",
                               (cursor.lastrowid, article.title, article.body))


def fts_build(index: Path, jsonl: Path) -> dict[str, object]:
    """Insert every article in transactions of 1,000 rows (no optimize)."""
    connection = fts_connect(index)
    count = size = 0
    batch: list[corpus.Article] = []
    for article in corpus.read_jsonl(jsonl):
        batch.append(article)
        count += 1
        size += article.text_bytes
        if len(batch) == FTS_BATCH:
            _fts_insert(connection, batch)
            batch = []
    _fts_insert(connection, batch)
    connection.close()
    return {"docs": count, "bytes": size}


def fts_add(index: Path, jsonl: Path) -> dict[str, object]:
    """Insert a few articles in one transaction."""
    connection = fts_connect(index)
    batch = list(corpus.read_jsonl(jsonl))
    _fts_insert(connection, batch)
    connection.close()
    return {"docs": len(batch)}


def fts_match(text: str) -> str:
    """Words as an FTS5 AND of quoted strings."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in text.split())


class FtsSearch:
    """One open FTS5 database: top 10 by bm25 with the stored columns."""

    def __init__(self, index: Path) -> None:
        self.connection = sqlite3.connect(index / "fts.sqlite3")

    def top10(self, text: str) -> list[tuple[str, str, str]]:
        """Rank and read the stored columns of the top 10."""
        return self.connection.execute(
            "SELECT d.id, d.title, d.outlet FROM (SELECT rowid, rank FROM fts WHERE fts MATCH ?"
            " ORDER BY rank LIMIT 10) AS f JOIN docs AS d ON d.rowid = f.rowid ORDER BY f.rank",
            (fts_match(text),)).fetchall()

    def hits(self, text: str) -> int:
        """The exact number of matches (not timed)."""
        return self.connection.execute("SELECT count(*) FROM fts WHERE fts MATCH ?",
                                       (fts_match(text),)).fetchone()[0]

    def facets(self, text: str) -> dict[str, int]:
        """Counts by outlet and year over all matches."""
        result = {}
        for column in ("outlet", "year"):
            rows = self.connection.execute(
                f"SELECT {column}, count(*) FROM docs WHERE rowid IN"
                " (SELECT rowid FROM fts WHERE fts MATCH ?) GROUP BY 1", (fts_match(text),)).fetchall()
            result[column + "s"] = len(rows)
        result["hits"] = sum(count for _, count in rows)
        return result


# ---------------------------------------------------------------- the archive


class ArchiveSearch:
    """The product's own search function, called in one process (warm)."""

    def __init__(self, home: Path) -> None:
        from archive.paths import ArchivePaths

        self.archive = ArchivePaths(home)

    def _run(self, text: str, facets: bool = False):  # type: ignore[no-untyped-def]
        from archive.search import SearchRequest, search

        return search(self.archive, SearchRequest(query=text, facets=facets, limit=10))

    def top10(self, text: str) -> list[str]:
        """A top-10 page with snippets and the exact total, as `archive search` shows it."""
        return [hit.article.id for hit in self._run(text).hits]

    def hits(self, text: str) -> int:
        """The exact number of matches (the archive always computes it)."""
        return self._run(text).total

    def facets(self, text: str) -> dict[str, int]:
        """Counts by outlet, year and author over all matches."""
        result = self._run(text, facets=True)
        counts = {name + "s": len(values) for name, values in (result.facets or {}).items()}
        return counts | {"hits": result.total}


# ---------------------------------------------------------------- worker commands


def _timed_ms(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def warm(engine: str, index: Path, queries: list[str], broad: str, repeat: int) -> dict[str, object]:
    """Open once, run every query (timed), count hits (untimed), time the broad facet query."""
    started = time.perf_counter()
    searcher = {"archive": ArchiveSearch, "whoosh": WhooshSearch, "fts5": FtsSearch}[engine](index)
    searcher.top10(queries[0])  # first query opens files and loads code: reported as open_ms
    open_ms = (time.perf_counter() - started) * 1000
    latencies = [_timed_ms(lambda text=text: searcher.top10(text)) for text in queries]
    hits = [searcher.hits(text) for text in queries]
    plain = [_timed_ms(lambda: searcher.top10(broad)) for _ in range(repeat)]
    faceted = [_timed_ms(lambda: searcher.facets(broad)) for _ in range(repeat)]
    return {"engine": engine, "open_ms": open_ms, "latencies_ms": latencies, "hits": hits,
            "broad": broad, "broad_top10_ms": plain, "broad_facets_ms": faceted,
            "broad_facets": searcher.facets(broad), "peak_mb": own_peak_mb()}


def cold(engine: str, index: Path, query: str) -> dict[str, object]:
    """One query in a new process: import, open, search, print the top 10."""
    searcher = {"whoosh": WhooshSearch, "fts5": FtsSearch}[engine](index)
    return {"engine": engine, "top": searcher.top10(query)}


def build(engine: str, index: Path, jsonl: Path) -> dict[str, object]:
    """Build a baseline index, timed from the first read to the end of the commit."""
    started = time.perf_counter()
    result = {"whoosh": whoosh_build, "fts5": fts_build}[engine](index, jsonl)
    seconds = time.perf_counter() - started
    return result | {"engine": engine, "seconds": seconds, "index_mb": dir_size_mb(index),
                     "peak_mb": own_peak_mb()}


def add(engine: str, index: Path, jsonl: Path) -> dict[str, object]:
    """Add a few articles to a baseline index."""
    return {"whoosh": whoosh_add, "fts5": fts_add}[engine](index, jsonl) | {"engine": engine}


def main(argv: Iterable[str] | None = None) -> None:
    """Command line of the worker; prints one JSON object."""
    parser = argparse.ArgumentParser(description="benchmark worker")
    parser.add_argument("command", choices=("build", "add", "warm", "cold"))
    parser.add_argument("--engine", required=True, choices=("archive", "whoosh", "fts5"))
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--jsonl", type=Path)
    parser.add_argument("--queries", type=Path)
    parser.add_argument("--query")
    parser.add_argument("--broad")
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args(list(argv) if argv is not None else None)
    if options.command == "build":
        result = build(options.engine, options.index, options.jsonl)
    elif options.command == "add":
        result = add(options.engine, options.index, options.jsonl)
    elif options.command == "warm":
        queries = json.loads(options.queries.read_text(encoding="utf-8"))
        result = warm(options.engine, options.index, queries, options.broad, options.repeat)
    else:
        result = cold(options.engine, options.index, options.query)
    json.dump(result, sys.stdout, ensure_ascii=False, default=str)


if __name__ == "__main__":
    main()
