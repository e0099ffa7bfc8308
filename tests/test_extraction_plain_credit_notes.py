"""Credits in plain-text copies, part three: the writer named in a sentence about the piece (a
syndication note, the teaser presenting the writer to the reader), and labelled details and
captions that look like a name but are none. Each copy reproduces the layout of a page of the
development sample (names and text replaced)."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from archive.metadata import extract
from archive.model import Extracted
from archive.sources import read_source

from vereinsheim import BODY, TITLE


def copy(header: str = "", closing: str = "", body: str = BODY) -> Extracted:
    text = f"{TITLE}\n\n{header}\n\n{body}\n{closing}\n" if header else f"{TITLE}\n\n{body}\n{closing}\n"
    return extract(read_source(pathlib.Path("copy.txt"), text.encode()), today=dt.date(2025, 1, 1))


@pytest.mark.parametrize("header, closing", [
    # a blog's syndication note under the header, or closing the copy
    ("Lena Kowalski • Dieser Beitrag Neues Vereinsheim erschien zuerst im Blog Vereinsblatt.de", ""),
    ("", "\nLena Kowalski | Dieser Artikel ist zuerst auf Vereinsblatt.de erschienen."),
    # the teaser presents the writer to the reader
    ("In diesem Bericht verrät Dir Lena Kowalski, wie der Verein sein Haus selbst gebaut hat.", ""),
    ("In diesem Beitrag erklärt Ihnen Lena Kowalski, wie der Verein sein Haus selbst gebaut hat.", ""),
    # a press release's sender with the press office's department, under the headline
    ("Dr. Lena Kowalski Abteilung Öffentlichkeitsarbeit\nVerband der Radfahrer e.V.", ""),
    ("Lena Kowalski Pressestelle\nStadtverwaltung", ""),
])
def test_the_writer_named_in_a_sentence_about_the_piece(header: str, closing: str) -> None:
    assert copy(header, closing).authors == ("Lena Kowalski",)


@pytest.mark.parametrize("header, closing", [
    # a note without a name, a name telling something outside a sentence about the piece
    ("Dieser Beitrag erschien zuerst im Blog Vereinsblatt.de", ""),
    ("Wie der Verein sein Haus gebaut hat, verrät Dir Lena Kowalski im Interview.", ""),
    ("In diesem Bericht verrät Dir der Verein, wie er sein Haus selbst gebaut hat.", ""),
    ("Abteilung Öffentlichkeitsarbeit\nVerband der Radfahrer e.V.", ""),
    ("Verband der Radfahrer Pressestelle", ""),
])
def test_no_writer_without_a_name_in_a_sentence_about_the_piece(header: str, closing: str) -> None:
    assert copy(header, closing).authors == ()


@pytest.mark.parametrize("header, closing", [
    # a press release's details table under the headline
    ("Ort Saarbrücken\nDatum 28.01.2022", ""),
    # a photo's caption naming a hotel closes the copy
    ("", "\nSunset Beach Hotel Shelter Island"),
])
def test_labelled_details_and_places_are_no_names(header: str, closing: str) -> None:
    assert copy(header, closing).authors == ()


@pytest.mark.parametrize("closing, agencies", [
    ("Mit Material der Nachrichtenagenturen dpa und AFP", ("dpa", "AFP")),
    ("(Mit Material der Agenturen dpa und Reuters)", ("dpa", "Reuters")),
])
def test_agency_credits_naming_the_agencies_as_such(closing: str, agencies: tuple[str, ...]) -> None:
    assert copy(closing="\n" + closing).agencies == agencies


@pytest.mark.parametrize("closing", [
    "Über den Autor\n\nLena Kowalski ist freie Journalistin in Berlin.",
    "Über die Autorin\nLena Kowalski ist freie Journalistin in Berlin und schreibt über Vereine.",
    "Zur Autorin: Lena Kowalski ist Redakteurin im Ressort Lokales.",
    "Über den Autor\n\nLena Kowalski\n\nSie schreibt seit 2010 über Vereine.",
])
def test_the_author_box_names_the_writer(closing: str) -> None:
    assert copy(closing="\n" + closing).authors == ("Lena Kowalski",)


@pytest.mark.parametrize("closing", [
    # the box speaks of "the author" without a name; a name in running text under the label
    "Über den Autor\n\nDer Autor ist Professor an der Universität in Berlin.",
    "Der Autor ist Professor an der Universität in Berlin.",
    "Über den Autor\n\nIm Verein sagt man, Jan Beispiel habe das Haus geplant.",
])
def test_an_author_box_without_the_writers_name_names_no_one(closing: str) -> None:
    assert copy(closing="\n" + closing).authors == ()


@pytest.mark.parametrize("line, authors", [
    # a participle labels the byline; a translator or photographer is no writer
    ("Bearbeitet von Lena Kowalski", ("Lena Kowalski",)),
    ("Zusammengestellt von Lena Kowalski", ("Lena Kowalski",)),
    ("Aufgezeichnet von Lena Kowalski", ("Lena Kowalski",)),
    ("Übersetzt von Lena Kowalski", ()),
    ("Fotografiert von Lena Kowalski", ()),
])
def test_participle_labels_are_no_part_of_the_name(line: str, authors: tuple[str, ...]) -> None:
    assert copy(line).authors == authors


@pytest.mark.parametrize("closing", ["dpa-infocom, dpa:240422-99-758912/3", "© dpa-infocom, dpa:240422-99-758912/3"])
def test_the_dpa_syndication_footer_credits_dpa(closing: str) -> None:
    extracted = copy(closing="\n" + closing)
    assert (extracted.authors, extracted.agencies) == ((), ("dpa",))


@pytest.mark.parametrize("line", ["Von Lena Kowalski (mit dpa)", "Von Lena Kowalski (mit Material von dpa)"])
def test_the_agency_the_byline_adds_in_parentheses(line: str) -> None:
    extracted = copy(line)
    assert (extracted.authors, extracted.agencies) == (("Lena Kowalski",), ("dpa",))
