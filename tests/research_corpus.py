"""A generated archive for the tests of tags, notes and saved queries, and independent readers
of what the store holds (plain sqlite3 over the tables, not the product's functions)."""

from __future__ import annotations

import random
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from conftest import Archive, write_article

# Marker words the German analysis is known to find as themselves (see test_oracle.py).
MARKERS = ("Hafen", "Brücke", "Wahl", "Löwe", "Gespräch")
OUTLETS = ("DER SPIEGEL", "Die Zeit", "taz")
YEARS = (2019, 2020, 2021, 2022)
FILLERS = (
    "Der Bericht erschien am Morgen in der gedruckten Ausgabe.",
    "Nach Angaben der Verwaltung soll eine Entscheidung im Herbst fallen.",
    "Die Redaktion hat mehrere Beteiligte um eine Stellungnahme gebeten.",
    "Bis zum Abend gab es keine weiteren Informationen dazu.",
)


@dataclass(frozen=True)
class Planted:
    """What a generated article holds, by file name."""

    name: str
    markers: frozenset[str]
    outlet: str
    year: int


def build(folder: Path, home: Path, count: int = 36, seed: int = 15) -> dict[str, Planted]:
    """Write `count` articles with random markers, outlets and years and import them through
    the CLI; returns what was planted, by article id."""
    rng = random.Random(seed)
    planted: dict[str, Planted] = {}
    for number in range(count):
        markers = frozenset(rng.sample(MARKERS, rng.randint(0, 3)))
        record = Planted(f"r{number:03d}", markers, rng.choice(OUTLETS), rng.choice(YEARS))
        body = " ".join([*rng.choices(FILLERS, k=3), " ".join(sorted(markers)) + ".",
                         *rng.choices(FILLERS, k=2)])
        title = f"Meldung {number:03d}"
        write_article(folder, f"{record.name}.txt", f"{title}\n\n{body}\n", title=title,
                      outlet=record.outlet, published=f"{record.year}-05-0{1 + number % 9}")
        planted[record.name] = record
    result = Archive(home).run("import", str(folder), "-q")
    assert result.exit_code == 0, result.output
    with sqlite3.connect(home / "archive.sqlite3") as connection:
        by_file = {Path(path).stem: article_id for path, article_id in connection.execute(
            "SELECT path, article_id FROM sources")}
    assert len(by_file) == count
    return {by_file[name]: record for name, record in planted.items()}


def copy_home(template: Path, target: Path) -> Archive:
    """A private copy of an archive home."""
    shutil.copytree(template, target)
    return Archive(target)


def stored_tags(home: Path) -> dict[str, set[str]]:
    """Tag -> article ids, read straight from the store's table."""
    found: dict[str, set[str]] = {}
    with sqlite3.connect(home / "archive.sqlite3") as connection:
        for article_id, tag in connection.execute("SELECT article_id, tag FROM tags"):
            found.setdefault(tag, set()).add(article_id)
    return found


def stored_notes(home: Path) -> dict[str, list[tuple[str, str]]]:
    """Article id -> [(text, set_at)] in writing order, read straight from the store."""
    found: dict[str, list[tuple[str, str]]] = {}
    with sqlite3.connect(home / "archive.sqlite3") as connection:
        for article_id, text, set_at in connection.execute(
                "SELECT article_id, text, set_at FROM notes ORDER BY id"):
            found.setdefault(article_id, []).append((text, set_at))
    return found


def search_ids(archive: Archive, query: str, *options: str) -> set[str]:
    """Every id a search returns (one page large enough for all, complete matches only)."""
    document = archive.search_json(query, "--limit", "10000", "--all-words", *options)
    assert document["total"] == len(document["hits"])
    return {hit["id"] for hit in document["hits"]}
