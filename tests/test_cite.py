"""`archive cite`: BibTeX, RIS and CSL-JSON of real imported articles, read back with
independent parsers (bibtexparser + pylatexenc for the LaTeX escapes, rispy) and checked
against the CSL-JSON field rules; every value compared with the stored record."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser.bparser import BibTexParser
from bibtexparser.customization import splitname
from pylatexenc.latex2text import LatexNodes2Text

from archive.paths import ArchivePaths
from conftest import Archive

# Title, outlet, authors, agencies, date, url: every LaTeX special, umlauts, ß, each precision.
FIXTURES = {
    "sonder": {"title": "Müller & Söhne: 100 % {neu} für #1_Preis ~ a^2 \\ $5",
               "outlet": "W&V", "authors": ["Jörg Müller-Lüdenscheidt", "Ursula von der Leyen"],
               "published": "2023-08", "url": "https://www.wuv.de/a?x=1&y=%C3%BC#top"},
    "strasse": {"title": "Straße über Ölförderung: „Äußerst“ knapp", "outlet": "Süddeutsche Zeitung",
                "agencies": ["dpa"], "published": "2021"},
    "tag": {"title": "Spricht Elon Musk mit Putin?", "outlet": "ZDF",
            "authors": ["Anna Kleiser"], "published": "2024-10-25",
            "url": "https://www.zdf.de/nachrichten/politik/musk-putin-100.html"},
}


@pytest.fixture(scope="module")
def cited_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cite")
    files = root / "files"
    files.mkdir()
    for stem, meta in FIXTURES.items():
        (files / f"{stem}.txt").write_text(
            f"{meta['title']}\n\nDer Bericht über {stem} erschien in der Zeitung. Fachleute "
            "bewerten die Lage unterschiedlich; der Landtag berät darüber.\n", encoding="utf-8")
        (files / f"{stem}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    Archive(root / "home").ok("import", str(files))
    return root / "home"


@pytest.fixture
def cited(cited_template: Path, tmp_path: Path) -> Archive:
    shutil.copytree(cited_template, tmp_path / "home")
    return Archive(tmp_path / "home")


def stored(archive: Archive) -> dict[str, dict[str, object]]:
    """Each stored article by title, straight from the store's rows."""
    with sqlite3.connect(ArchivePaths(archive.home).store_file) as connection:
        rows = connection.execute("SELECT id, title, outlet, authors, agencies, published, "
                                  "url, imported_at FROM articles").fetchall()
    return {title: {"id": article_id, "outlet": outlet, "authors": json.loads(authors),
                    "agencies": json.loads(agencies), "published": published, "url": url,
                    "imported": imported[:10]}
            for article_id, title, outlet, authors, agencies, published, url, imported in rows}


def all_ids(archive: Archive) -> list[str]:
    return sorted(row["id"] for row in stored(archive).values())  # type: ignore[misc]


def latex_text(value: str) -> str:
    # pylatexenc prints \textasciicircum as the spacing circumflex U+02C6, the glyph LaTeX sets.
    return LatexNodes2Text(math_mode="verbatim").latex_to_text(value).replace("\u02c6", "^")


def test_bibtex_parses_and_carries_every_field(cited: Archive) -> None:
    text = cited.ok("cite", *all_ids(cited), "--format", "bibtex").stdout
    assert "Müller" in text and "Straße" in text and '\\"' not in text  # umlauts as UTF-8
    entries = bibtexparser.loads(text, BibTexParser(common_strings=False)).entries
    assert len(entries) == 3 and len({entry["ID"] for entry in entries}) == 3
    truth = stored(cited)
    for entry in entries:
        assert entry["ENTRYTYPE"] == "article" and entry["entrysubtype"] == "newspaper"
        title = latex_text(entry["title"])
        record = truth[title]
        assert latex_text(entry["journal"]) == record["outlet"]
        assert entry["date"] == record["published"]  # 2023-08 stays a month, 2021 a year
        assert entry["ID"].isascii() and record["id"][:8] in entry["ID"]
        # BibTeX's own name grammar (first, von, last), as bibtexparser implements it.
        names = [splitname(name) for name in re.split(r"\s+and\s+", entry["author"])]
        people = record["authors"] or record["agencies"]
        assert [latex_text(" ".join(name["first"] + name["von"] + name["last"]))
                for name in names] == people
        if record["authors"]:
            assert [" ".join(name["von"] + name["last"]) for name in names] == \
                [{"Jörg Müller-Lüdenscheidt": "Müller-Lüdenscheidt", "Anna Kleiser": "Kleiser",
                  "Ursula von der Leyen": "von der Leyen"}[name] for name in people]  # type: ignore[union-attr]
        else:  # an agency: one braced name, never split into first and last
            assert [name["first"] for name in names] == [[]]
        if record["url"]:
            assert entry["url"] == record["url"]
            assert entry["urldate"] == record["imported"]
        else:
            assert "url" not in entry
        assert entry["langid"] == "ngerman"


def test_bibtex_keys_are_stable_and_the_same_alone_or_together(cited: Archive) -> None:
    together = bibtexparser.loads(cited.ok("cite", *all_ids(cited)).stdout).entries
    for entry in together:
        alone = cited.ok("cite", [i for i in all_ids(cited) if i[:8] in entry["ID"]][0]).stdout
        assert bibtexparser.loads(alone).entries[0]["ID"] == entry["ID"]
    assert cited.ok("cite", *all_ids(cited)).stdout == cited.ok("cite", *all_ids(cited)).stdout


def test_ris_parses_and_carries_every_field(cited: Archive) -> None:
    text = cited.ok("cite", *all_ids(cited), "--format", "ris").stdout
    records = rispy.loads(text)
    truth = stored(cited)
    assert len(records) == 3
    for record in records:
        row = truth[record["title"]]
        assert record["type_of_reference"] == "NEWS"
        assert record["secondary_title"] == row["outlet"]
        year, month, day = (row["published"].split("-") + ["", ""])[:3]  # type: ignore[union-attr]
        assert record["year"] == year
        assert record["date"] == f"{year}/{month}/{day}/"  # unknown parts stay empty
        assert record.get("urls", []) == ([row["url"]] if row["url"] else [])
        assert record["access_date"] == row["imported"].replace("-", "/") + "/"  # type: ignore[union-attr]
        people = row["authors"] or row["agencies"]
        assert len(record["authors"]) == len(people)  # type: ignore[arg-type]
        for written, name in zip(record["authors"], people):  # type: ignore[call-overload]
            family, _, given = written.partition(", ")
            assert f"{given} {family}".strip() == name


def test_csl_json_follows_the_field_rules(cited: Archive) -> None:
    items = json.loads(cited.ok("cite", *all_ids(cited), "--format", "csl-json").stdout)
    truth = stored(cited)
    assert isinstance(items, list) and len(items) == 3
    assert len({item["id"] for item in items}) == 3
    for item in items:
        row = truth[item["title"]]
        assert item["type"] == "article-newspaper"
        assert item["container-title"] == row["outlet"]
        parts = item["issued"]["date-parts"]
        assert isinstance(parts, list) and len(parts) == 1
        assert all(isinstance(part, int) for part in parts[0])
        assert "-".join(f"{part:02d}" if index else str(part)
                        for index, part in enumerate(parts[0])) == row["published"]
        accessed = item["accessed"]["date-parts"][0]
        assert "-".join(f"{part:02d}" if index else str(part)
                        for index, part in enumerate(accessed)) == row["imported"]
        assert item.get("URL") == row["url"]
        for name in item["author"]:
            assert set(name) in ({"family", "given"}, {"literal"})
            assert all(isinstance(value, str) and value for value in name.values())
        people = row["authors"] or row["agencies"]
        assert [f"{name['given']} {name['family']}" if "family" in name else name["literal"]
                for name in item["author"]] == people


def test_cite_by_query_with_filters_and_to_a_file(cited: Archive, tmp_path: Path) -> None:
    target = tmp_path / "zitate.bib"
    result = cited.ok("cite", "Bericht", "--outlet", "ZDF", "-o", str(target))
    entries = bibtexparser.loads(target.read_text(encoding="utf-8")).entries
    assert [latex_text(entry["title"]) for entry in entries] == ["Spricht Elon Musk mit Putin?"]
    assert "1 citations" in result.stderr or "1 citation" in result.stderr
    missing = cited.run("cite", "0123456789abcdef")
    assert missing.exit_code == 0 and missing.stdout == ""  # read as a query: nothing matches
    assert "read as a query" in missing.stderr
    assert cited.run("cite").exit_code == 2
