"""Credits in plain-text copies, each rule with its trap: bylines the copy glued, repeated or
joined to a photo credit, names that close the text, single names beside a date."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from archive.metadata import extract
from archive.metadata.authors import parse_byline
from archive.model import Extracted
from archive.sources import read_source

TITLE = "Neues Vereinsheim eröffnet"
BODY = ("Der Verein hat am Wochenende sein neues Vereinsheim am Stadtrand eröffnet. Mehr als zweihundert Gäste"
        " kamen zur Feier, darunter der Bürgermeister und Vertreter der Nachbarvereine.\n\n"
        "Der Bau hat knapp zwei Jahre gedauert und wurde zu einem großen Teil von den Mitgliedern selbst"
        " gestemmt. Fast jedes Wochenende waren Freiwillige auf der Baustelle.\n\n"
        "Im neuen Haus gibt es einen Saal für Versammlungen, eine Küche und Umkleiden für die"
        " Jugendmannschaften, die bisher in Containern untergebracht waren.\n")


def copy(header: str = "", closing: str = "", body: str = BODY) -> Extracted:
    text = f"{TITLE}\n{header}\n\n{body}\n{closing}\n" if header else f"{TITLE}\n\n{body}\n{closing}\n"
    return extract(read_source(pathlib.Path("copy.txt"), text.encode()), today=dt.date(2025, 1, 1))


@pytest.mark.parametrize("line, authors", [
    ("Geschrieben vonLena Kowalski", ("Lena Kowalski",)),
    ("Artikel von Lena Kowalski", ("Lena Kowalski",)),
    ("Von Lena Kowalski Vom 3. Februar 2022", ("Lena Kowalski",)),
    ("Von Lena Kowalski Kategorien: Vereine 3. Februar 2022, 15:25 Uhr", ("Lena Kowalski",)),
    ("Autor: Rechtsanwalt Jan Beispiel", ("Jan Beispiel",)),
    ("von Lena Kowalski Vereinsblatt International", ("Lena Kowalski",)),
])
def test_bylines_with_glued_labels_titles_or_trailing_labels(line: str, authors: tuple[str, ...]) -> None:
    assert parse_byline(line).authors == authors  # type: ignore[union-attr]
    assert copy(line).authors == authors


@pytest.mark.parametrize("line", ["Artikel von gestern", "Von der Stadt Kategorien: Vereine",
                                  "Glory Global Solutions Germany"])
def test_label_shaped_lines_without_a_person_give_no_author(line: str) -> None:
    found = parse_byline(line)
    assert not found or not found.authors


def test_a_byline_with_the_photo_credit_in_its_line_is_a_byline() -> None:
    assert copy("von Lena Kowalski Foto: © Vereinsarchiv").authors == ("Lena Kowalski",)
    assert copy("Foto: © Vereinsarchiv / Lena Kowalski").authors == ()


def test_a_name_shown_twice_beside_the_date_is_the_author() -> None:
    header = "Lena Kowalski\nVereinsredaktion\n03.02.2022 14:47 Uhr\n\nLena Kowalski\nVereinsredaktion\n03.02.2022"
    assert copy(header).authors == ("Lena Kowalski",)
    # the same name twice without a date beside it: a menu item, a tab, an interviewee
    assert copy("Lena Kowalski\nVereine\n\nLena Kowalski\nSport").authors == ()


@pytest.mark.parametrize("closing, name", [
    ("Lena Kowalski\nVorsitzende des Vereins\n\nTeilen", "Lena Kowalski"),
    ("Pressekontakt\nJan Beispiel\nPressesprecher Vereinsverband\nTel.: 0211 123 456", "Jan Beispiel"),
    ("Kontakt: Jan Beispiel", "Jan Beispiel"),
])
def test_a_signature_with_its_role_or_a_press_contact_closing_the_text(closing: str, name: str) -> None:
    extracted = copy(closing=closing)
    assert extracted.authors == (name,)
    assert name not in extracted.body


@pytest.mark.parametrize("closing", ["Weltweite Strahlkraft\nTeilen\n\nDrucken", "Zur Liste",
                                     "Ihr Warenkorb\nIhr Warenkorb ist leer und wartet auf Sie."])
def test_short_closing_lines_without_a_role_or_label_name_no_one(closing: str) -> None:
    assert copy(closing=closing).authors == ()


def test_a_name_over_its_bio_is_the_author_unless_the_text_quotes_the_person() -> None:
    bio = "\n\nLena Kowalski\n\nLena Kowalski lehrt Geschichte an der Universität und schreibt über Vereine.\n"
    assert copy(body=BODY + bio).authors == ("Lena Kowalski",)
    quoted = BODY.replace("Der Bau hat", "Kowalski sagt, der Bau habe")
    assert copy(body=quoted + bio).authors == ()
