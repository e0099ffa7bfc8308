"""Plain-text extraction never loses article text silently: every sentence of the source is in
title, teaser or body, or `archive show ID --explain` lists its line with the rule that dropped it.

The truth is the source file itself, split into sentences by the simple rule below (not the
product's); the articles go through the real CLI.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from archive.metadata.plaintext import analyse_text
from conftest import DATA, Archive

FIXTURES = DATA / "conservation"
EXTRACTION = DATA / "extraction"
TODAY = dt.date(2026, 1, 1)


def sentences(text: str) -> list[str]:
    """Lines, then sentences: after . ! ? followed by a space and a capital or an opening quote."""
    parts = []
    for line in text.split("\n"):
        for part in re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"»])", line):
            if part.strip():
                parts.append(" ".join(part.split()))
    return parts


def imported(tmp_path: Path, *sources: Path) -> tuple[Archive, list[dict]]:
    """Import the files through the CLI; return the archive and its articles as exported."""
    folder = tmp_path / "in"
    folder.mkdir()
    for source in sources:
        shutil.copy(source, folder / source.name)
    archive = Archive(tmp_path / "home")
    result = archive.run("import", str(folder))
    assert result.exit_code == 0, result.output
    export = archive.ok("export", "--format", "jsonl").stdout
    return archive, [json.loads(line) for line in export.splitlines() if line.strip()]


NAMES = sorted(path.name for path in FIXTURES.glob("*.txt")) + ["analysis_agencies.txt"]


@pytest.mark.parametrize("name", NAMES)
def test_every_sentence_is_kept_or_explained(tmp_path: Path, name: str) -> None:
    source = FIXTURES / name if (FIXTURES / name).exists() else EXTRACTION / name
    archive, [article] = imported(tmp_path, source)
    kept = " ".join(" ".join(article[key].split()) for key in ("title", "teaser", "body"))
    explain = archive.ok("show", article["id"], "--explain").stdout
    listed = [" ".join(line.split()) for line in explain.splitlines() if line.startswith("  - ")]
    lost = [sentence for sentence in sentences(source.read_text(encoding="utf-8"))
            if sentence not in kept and not any(sentence in line for line in listed)]
    assert not lost, f"lost without a rule: {lost}"


def test_the_explanation_names_the_rule_for_each_dropped_line(tmp_path: Path) -> None:
    archive, [article] = imported(tmp_path, EXTRACTION / "analysis_agencies.txt")
    explain = archive.ok("show", article["id"], "--explain").stdout
    assert "  - Anzeige  [page furniture]" in explain
    assert "  - Foto: Christian Charisius / dpa  [image credit]" in explain
    assert "  - Ein Containerschiff im Hamburger Hafen  [caption above a credit]" in explain
    assert "Anzeige" not in article["body"]


@pytest.mark.parametrize("name, title", [
    ("wikinews_headline_blank_text.txt", "Bär wieder in Bayern"),
    ("wikinews_speerwerfen.txt", "Neuer Weltrekord im Speerwerfen"),
    ("link_box_inside_text.txt", "Dänemark beschließt Notstandsgesetz"),
])
def test_a_headline_followed_by_a_blank_line_and_text_stays_the_title(tmp_path: Path, name: str,
                                                                    title: str) -> None:
    _, [article] = imported(tmp_path, FIXTURES / name)
    assert article["title"] == title
    assert article["title"] not in article["body"]


def test_a_paragraph_holding_a_label_and_a_month_is_text_not_a_date_line(tmp_path: Path) -> None:
    _, [article] = imported(tmp_path, FIXTURES / "labelled_date_in_paragraph.txt")
    assert article["modified"] is None and article["published"] is None
    assert "Die Regel bleibt bis März 2021 in Kraft." in article["body"]
    assert "Die Infektionszahlen werden täglich aktualisiert, Stand der Daten" in article["body"]


def test_a_one_line_article_with_dates_and_stand_words_is_imported_whole(tmp_path: Path) -> None:
    source = FIXTURES / "standard_one_line.txt"
    _, [article] = imported(tmp_path, source)
    kept = f"{article['title']} {article['teaser']} {article['body']}"
    assert source.read_text(encoding="utf-8").strip() in kept
    assert article["published"] is None


def test_a_link_box_inside_the_text_does_not_end_the_article(tmp_path: Path) -> None:
    _, [article] = imported(tmp_path, FIXTURES / "link_box_inside_text.txt")
    assert "Dänemark hat ein Notstandsgesetz verabschiedet" in article["body"]
    assert "Kritiker warnen dagegen" in article["body"]
    assert "Norwegen schließt die Grenzen" not in article["body"]


def test_a_short_sentence_after_the_teaser_is_text_not_a_caption(tmp_path: Path) -> None:
    _, [article] = imported(tmp_path, FIXTURES / "short_sentence_after_teaser.txt")
    assert "Die Arbeiten beginnen im Frühjahr." in article["body"]


@pytest.mark.parametrize("text", [
    (FIXTURES / "dpa_brief.txt").read_text(encoding="utf-8"),
    (FIXTURES / "wikinews_speerwerfen.txt").read_text(encoding="utf-8"),
    "Edward Snowden hat weitere Enthüllungen angekündigt.",
    "Kurzmeldung\n\nDer Zug fällt aus.",
    "Nur eine Zeile ohne Punkt",
])
def test_a_text_with_a_line_of_text_yields_a_body(text: str) -> None:
    found = analyse_text(text, TODAY)
    assert found.body
    last = sentences(text)[-1]
    assert last in f"{found.title} {found.teaser} {found.body}"


def test_a_list_of_links_closing_the_text_stays_in_it_and_names_no_page(tmp_path: Path) -> None:
    _, [article] = imported(tmp_path, FIXTURES / "links_at_the_end.txt")
    assert article["url"] is None
    for address in ("https://www.bundestag.de/drucksachen/17-12051.pdf", "https://www.bbk.bund.de/risikoanalyse.html"):
        assert address in article["body"].split("\n\n")
