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

from vereinsheim import BODY, TITLE


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


# Dates: the header's date where the copy put it beside a credit, under a standfirst, or shown twice.

def test_a_date_line_above_the_lead_photos_credit_is_the_date_not_a_caption() -> None:
    assert str(copy("19.11.2021\nFoto: Vereinsarchiv").published) == "2021-11-19"
    assert copy("Der neue Saal im Vereinsheim\nFoto: Vereinsarchiv").published is None


def test_a_line_under_the_headline_that_opens_with_the_day_gives_the_date() -> None:
    header = f"1. Februar 2022 {TITLE} und mehr"
    assert str(copy(header).published) == "2022-02-01"
    assert copy(f"Am 1. Februar 2022 wurde das {TITLE}").published is None


def test_a_date_row_after_the_first_paragraph_is_no_wrapped_text() -> None:
    lead = "Der Verein hat sein neues Vereinsheim eröffnet und viele Gäste kamen zur Feier ins neue"
    assert str(copy(body=f"{lead}\n5. November 2021 Vereine\n\n{BODY}").published) == "2021-11-05"
    wrapped = copy(body=f"{lead}\n5. November 2021 hat der Vorstand das Haus übergeben.\n\n{BODY}")
    assert wrapped.published is None


def test_an_update_date_as_the_only_date_shown_is_also_the_estimate_of_publication() -> None:
    only = copy("Stand: 26.10.2021")
    assert str(only.published) == "2021-10-26" and str(only.modified) == "2021-10-26"
    both = copy("11.01.2022, 09:50 Uhr\nAktualisiert am 21.01.2022, 11:39 Uhr")
    assert str(both.published) == "2022-01-11"


def test_a_closing_byline_gives_its_date() -> None:
    closing = "Von Lena Kowalski am 03.05.2013, 11:51 | 0 Kommentare | Vereine"
    assert str(copy(closing=closing).published) == "2013-05-03"


def test_the_day_before_an_update_label_in_one_line_is_the_publication() -> None:
    line = copy("11.01.2022, 09:50 Uhr / Aktualisiert am 21.01.2022, 11:39 Uhr")
    assert (str(line.published), str(line.modified)) == ("2022-01-11", "2022-01-21")
    assert str(copy("Mai 2021 / Aktualisiert am 21.01.2022").published) == "2022-01-21"  # no day: the update's


@pytest.mark.parametrize("line, authors", [
    ("von Lena Kowalski Twitter Account von Lena Kowalski", ("Lena Kowalski",)),
    ("4.02.2022 par Lena Kowalski", ("Lena Kowalski",)),
    ("Ab-initio-Ausbildung-Bremen Vereinsheim-Bau-GmbH-Stadtrand", ()),
])
def test_social_links_french_bylines_and_tag_chains(line: str, authors: tuple[str, ...]) -> None:
    assert copy(line).authors == authors


def test_a_name_right_after_the_last_paragraph_signs_it_when_the_text_never_names_it() -> None:
    assert copy(closing="– Lena Kowalski\n\nvor 16 Stunden").authors == ("Lena Kowalski",)
    assert copy(closing="Weiterführende Informationen\n\nNächster Eintrag").authors == ()
    named = BODY.replace("Der Bau hat", "Lena Kowalski sagt, der Bau habe")
    assert copy(closing="Lena Kowalski\n\nvor 16 Stunden", body=named).authors == ()
