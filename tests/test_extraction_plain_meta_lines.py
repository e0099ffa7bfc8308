"""Meta lines of plain-text copies, each with its trap: the date and the author in a line with
separators under the headline ("DATE | NAME", "von NAME · DATE", "NAME am DATE"), a date with a
category after it, a dateline with a place; and the same shapes in running text, which are text."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from archive.metadata import extract
from archive.metadata.findings import dropped_lines
from archive.model import Extracted, Published

from archive.sources import read_source

BODY = ("Der Verein hat am Wochenende sein neues Vereinsheim am Stadtrand eröffnet. Mehr als zweihundert Gäste"
        " kamen zur Feier, darunter der Bürgermeister und Vertreter der Nachbarvereine.\n\n"
        "Der Bau hat knapp zwei Jahre gedauert und wurde zu einem großen Teil von den Mitgliedern selbst"
        " gestemmt. Fast jedes Wochenende waren Freiwillige auf der Baustelle.\n")


def copy(header: str, body: str = BODY, title: str = "Neues Vereinsheim eröffnet") -> Extracted:
    text = f"{title}\n{header}\n{body}" if header else f"{title}\n{body}"
    return extract(read_source(pathlib.Path("copy.txt"), text.encode()), today=dt.date(2025, 1, 1))


@pytest.mark.parametrize("line, authors", [
    ("30. Oktober 2019 | Lena Kowalski", ("Lena Kowalski",)),
    ("von Kalle · 30. Oktober 2019", ("Kalle",)),
    ("Lena Kowalski am 30. Oktober 2019", ("Lena Kowalski",)),
    ("30. Oktober 2019 Lena Kowalski 1 Kommentar Vereine, Sport", ("Lena Kowalski",)),
    ("30.10.2019 Soziales & Gesundheit", ()),
    ("Mittwoch, 30.10.2019 | Tags: Verein |", ()),
    ("Hamburg, 30. Oktober 2019", ()),
    ("Lena Kowalski, 30.10.2019", ("Lena Kowalski",)),
    ("Von Lena Kowalski // 30. Oktober 2019", ("Lena Kowalski",)),
])
def test_a_meta_line_under_the_headline_gives_date_and_author(line: str, authors: tuple[str, ...]) -> None:
    article = copy(line)
    assert article.published == Published(dt.date(2019, 10, 30), "day")
    assert article.authors == authors
    assert line not in article.body and "Der Verein hat" in f"{article.teaser}\n{article.body}"


@pytest.mark.parametrize("line", [
    "Am 30. Oktober 2019 findet der Tag der offenen Tür statt",
    "Konzert am 30. Oktober 2019 in Hamburg",
    "Die Frist endet am 30.10.2019. Danach gilt die neue Regel.",
])
def test_a_date_in_a_sentence_or_of_an_event_is_no_meta_line(line: str) -> None:
    article = copy(line)
    assert article.published is None
    # a short line under the headline may be a sub-headline, never a meta line
    assert not any(text == line and ("meta" in rule or "date" in rule) for text, rule in dropped_lines(article.origins))


def test_a_headline_that_names_a_date_stays_the_headline() -> None:
    article = copy("", title="Kreismeisterschaften in Aalen, 19.5.2019")
    assert article.title == "Kreismeisterschaften in Aalen, 19.5.2019"


@pytest.mark.parametrize("opening", [
    "Hamburg, 30. Oktober 2019 – Der Verein hat",
    "30.10.2019 - Der Verein hat",
    "(30. Oktober 2019) Der Verein hat",
])
def test_a_dateline_opening_the_text_gives_the_date_and_stays_text(opening: str) -> None:
    article = copy("", body=BODY.replace("Der Verein hat", opening, 1))
    assert article.published == Published(dt.date(2019, 10, 30), "day")
    assert opening in f"{article.teaser}\n{article.body}"


@pytest.mark.parametrize("opening", ["Am 30. Oktober 2019 hat der Verein", "Seit dem 30.10.2019 hat der Verein"])
def test_a_sentence_about_a_day_is_no_dateline(opening: str) -> None:
    assert copy("", body=BODY.replace("Der Verein hat", opening, 1)).published is None


def test_a_date_alone_closing_the_text_is_its_date() -> None:
    more = "\nIm neuen Haus gibt es einen Saal für Versammlungen, eine Küche und Umkleiden für die Jugend.\n"
    article = copy("", body=BODY + more + "\nLena Kowalski\n\n30. Oktober 2019\n")
    assert article.published == Published(dt.date(2019, 10, 30), "day")
    assert article.authors == ("Lena Kowalski",)


@pytest.mark.parametrize("header, authors", [
    ("Von\nKalle", ("Kalle",)),
    ("Autor:\nLena Kowalski", ("Lena Kowalski",)),
    ("30.10.2019 11:46 von\nLena Kowalski", ("Lena Kowalski",)),
    ("Artikel von Lena Kowalski", ("Lena Kowalski",)),
    ("Geschrieben vonLena Kowalski", ("Lena Kowalski",)),
    ("Lena Kowalski Zuletzt geändert am 30.10.2019", ("Lena Kowalski",)),
])
def test_split_and_unusual_bylines_give_the_author(header: str, authors: tuple[str, ...]) -> None:
    assert copy(header).authors == authors


@pytest.mark.parametrize("header", [
    "Von\nder Verein hat heute beschlossen, dass wir alle mehr Rad fahren.",
    "Seit gestern von\nPolizei und Feuerwehr gesperrt",
    "Artikel von gestern",
    "30. Oktober 2019 · Email this post · Diese Seite ausdrucken",
])
def test_words_next_to_a_byline_label_or_date_are_no_author(header: str) -> None:
    assert copy(header).authors == ()
