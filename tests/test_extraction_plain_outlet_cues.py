"""The outlet a plain-text copy shows, each cue with its trap: a dateline credit, a "©" credit, a
staff compound after the author's name, a line that is only the outlet's name; and the same names
in running text, which name no outlet ("Nothing is invented")."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from archive.metadata import extract
from archive.model import Extracted
from archive.sources import read_source

FIRST = ("Die Stadt hat am Montag einen neuen Radweg eröffnet, der die Innenstadt mit dem Bahnhof verbindet."
         " Mehr als hundert Menschen kamen zur Eröffnung.")
SECOND = ("Der Bau hat knapp zwei Jahre gedauert und kostete rund drei Millionen Euro. Die Radfahrer im"
          " Viertel hatten lange auf die Verbindung gewartet.")


def copy(text: str) -> Extracted:
    return extract(read_source(pathlib.Path("copy.txt"), text.encode()), today=dt.date(2025, 1, 1))


@pytest.mark.parametrize("text", [
    f"Neuer Radweg eröffnet\n\n(Spiegel Online) - {FIRST}\n\n{SECOND}\n",
    f"Neuer Radweg eröffnet\n\nHamburg (spiegel.de/ab) {FIRST}\n\n{SECOND}\n",
    f"Neuer Radweg eröffnet\n\n{FIRST}\n\n{SECOND}\n\n© spiegel.de - Alle Rechte vorbehalten\n",
    f"Neuer Radweg eröffnet\n\n{FIRST}\n\n{SECOND}\n\nTextquelle: © SPIEGEL ONLINE\n",
    f"Neuer Radweg eröffnet\n\n{FIRST}\n\n{SECOND}\n\nLena Kowalski, SPIEGEL-Redakteurin für Verkehr.\n",
    f"Spiegel Online\n\nNeuer Radweg eröffnet\n\n{FIRST}\n\n{SECOND}\n",
])
def test_the_copy_credits_its_outlet(text: str) -> None:
    assert copy(text).outlet == "DER SPIEGEL"


@pytest.mark.parametrize("text", [
    f"Neuer Radweg eröffnet\n\nWie der Spiegel in Erfahrung brachte, kostet der Weg mehr. {FIRST}\n\n{SECOND}\n",
    f"Neuer Radweg eröffnet\n\n{FIRST} Mehr dazu stand auf spiegel.de und in anderen Blättern.\n\n{SECOND}\n",
    f"Neuer Radweg eröffnet\n\nBild:\n\n{FIRST}\n\n{SECOND}\n",
    f"Neuer Radweg eröffnet\n\nFreitag\n\n{FIRST}\n\n{SECOND}\n",
])
def test_a_name_in_running_text_or_a_common_word_names_no_outlet(text: str) -> None:
    assert copy(text).outlet is None


@pytest.mark.parametrize("text", [
    # an interview's questions carry the interviewing outlet's name
    f"Neuer Radweg eröffnet\n\n{FIRST}\n\nSPIEGEL: Frau Kowalski, wie oft fahren Sie Rad?\n\n{SECOND}\n",
    f"Neuer Radweg eröffnet\n\n{FIRST}\n\nSpiegel Online: Warum hat der Bau so lange gedauert?\n\n{SECOND}\n\n"
    f"Spiegel Online: Und wer fährt nun darauf?\n\n{SECOND}\n",
    # the site's own link box, in the middle of a long copy
    f"Neuer Radweg eröffnet\n\n{FIRST}\n\nWeiterlesen auf spiegel.de:\n\n" + f"{SECOND}\n\n" * 10,
])
def test_an_interviews_questions_and_the_sites_read_more_box_name_the_outlet(text: str) -> None:
    assert copy(text).outlet == "DER SPIEGEL"


@pytest.mark.parametrize("text", [
    # a label before a statement, a caption label, and a quoted interview name no outlet
    f"Neuer Radweg eröffnet\n\n{FIRST}\n\nSpiegel: Der Weg ist fertig.\n\n{SECOND}\n",
    f"Neuer Radweg eröffnet\n\n{FIRST}\n\nBild: Warum ist der Weg so schmal?\n\n{SECOND}\n",
    f"Neuer Radweg eröffnet\n\n{FIRST} Das sagte sie im SPIEGEL-Interview: Wer fährt hier?\n\n{SECOND}\n",
    # a cited piece's title under its outlet's name, once
    f"Neuer Radweg eröffnet\n\n{FIRST}\n\nSpiegel Online: Macht Radfahren schlau?\n\n{SECOND}\n",
])
def test_outlet_names_before_a_colon_that_are_no_interviewer(text: str) -> None:
    assert copy(text).outlet is None


@pytest.mark.parametrize("text", [
    # the site tells its reader what the piece gives them, by its own name
    f"Neuer Radweg eröffnet\n\n{FIRST} Spiegel Online gibt Ihnen hier die wichtigsten Tipps.\n\n{SECOND}\n",
    f"Neuer Radweg eröffnet\n\n{FIRST} Wo Sie parken können, verrät Spiegel Online ebenfalls.\n\n{SECOND}\n",
    # the site's disclaimer or its promotion among the last lines
    f"Neuer Radweg eröffnet\n\n{FIRST}\n\n{SECOND}\n\n"
    "Meinungen in Beiträgen auf Spiegel Online sind die der Autoren.\n",
    f"Neuer Radweg eröffnet\n\n{FIRST}\n\n{SECOND}\n\n"
    "Das Heft ergänzt die Nachrichten auf spiegel.de mit Analysen.\n",
])
def test_the_site_names_itself_to_its_reader(text: str) -> None:
    assert copy(text).outlet == "DER SPIEGEL"


@pytest.mark.parametrize("text", [
    # a citation, a statement about others, a quote: the outlet is not the one speaking
    f"Neuer Radweg eröffnet\n\n{FIRST} Wie Spiegel Online berichtet, sollten Sie den Weg meiden.\n\n{SECOND}\n",
    f"Neuer Radweg eröffnet\n\n{FIRST} Spiegel Online gibt den Radfahrern recht.\n\n{SECOND}\n",
    f"Neuer Radweg eröffnet\n\n{FIRST} „Spiegel Online gibt Ihnen nichts“, sagte er.\n\n{SECOND}\n",
    f"Neuer Radweg eröffnet\n\n{FIRST} Was Sie tun können, zeigt die Welt in einem Video.\n\n{SECOND}\n",
    # one article read on a site, and a disclaimer far above the copy's end
    f"Neuer Radweg eröffnet\n\n{FIRST}\n\n{SECOND}\n\n"
    "Ich habe gestern den langen Artikel über Radwege auf spiegel.de gelesen.\n",
    f"Neuer Radweg eröffnet\n\n{FIRST}\n\nMeinungen in Beiträgen auf Spiegel Online sind frei.\n\n"
    + f"{SECOND}\n\n" * 10,
])
def test_the_name_beside_the_reader_or_a_site_word_in_other_places_names_no_outlet(text: str) -> None:
    assert copy(text).outlet is None


@pytest.mark.parametrize("closing, outlet", [
    # the publisher's company and seat after the name
    ("© Süddeutsche Zeitung GmbH, München", "Süddeutsche Zeitung"),
    ("© Frankfurter Allgemeine Zeitung GmbH 2024", "Frankfurter Allgemeine Zeitung"),
    # the writer's bio names the outlet, inflected
    ("Lena Kowalski ist Redakteurin im Ressort Politik der Süddeutschen Zeitung.", "Süddeutsche Zeitung"),
])
def test_publisher_lines_and_bios_name_the_outlet(closing: str, outlet: str) -> None:
    assert copy(f"Neuer Radweg eröffnet\n\n{FIRST}\n\n{SECOND}\n\n{closing}\n").outlet == outlet


@pytest.mark.parametrize("text", [
    # a quoted person's paper in running text, an inflected name in a sentence that is no bio
    f"Neuer Radweg eröffnet\n\n{FIRST} Das sagte Jan Beispiel, Redakteur der Süddeutschen Zeitung, am Montag."
    f"\n\n{SECOND}\n",
    f"Neuer Radweg eröffnet\n\n{FIRST}\n\n{SECOND} Die Leser der Süddeutschen Zeitung fahren Rad.\n",
    # a syndicated text names where it first appeared, which is not the site that shows it
    f"Neuer Radweg eröffnet\n\n{FIRST}\n\n{SECOND}\n\nRedaktionelle Anmerkung: Dieser Artikel erschien zuerst bei"
    " Spiegel Online unter einer freien Lizenz.\n",
])
def test_inflected_names_outside_a_bio_and_first_publication_notes_name_no_outlet(text: str) -> None:
    assert copy(text).outlet is None


@pytest.mark.parametrize("header, closing, outlet", [
    # credit lines in the forms sites print them
    ("", "© SZ/dpa", "Süddeutsche Zeitung"),
    ("", "Copyright © 2024 Der Tagesspiegel", "Der Tagesspiegel"),
    ("", "© Frankfurter Allgemeine Zeitung GmbH 2001–2024", "Frankfurter Allgemeine Zeitung"),
    ("", "Alle Rechte vorbehalten. © Der Tagesspiegel", "Der Tagesspiegel"),
    ("", "Quelle: Süddeutsche Zeitung vom 22.04.2024", "Süddeutsche Zeitung"),
    # the print edition's note, the site's read-more line by name, a header row with the department
    ("", "Dieser Text erschien in der Printausgabe der Süddeutschen Zeitung.", "Süddeutsche Zeitung"),
    ("", "Lesen Sie mehr auf ZEIT ONLINE", "Die Zeit"),
    ("Politik · Süddeutsche Zeitung", "", "Süddeutsche Zeitung"),
    # a staff role glued to the outlet's short name before the writer
    ("Von SZ-Korrespondentin Lena Kowalski", "", "Süddeutsche Zeitung"),
])
def test_credit_lines_print_notes_and_header_rows_name_the_outlet(header: str, closing: str, outlet: str) -> None:
    head = f"{header}\n\n" if header else ""
    assert copy(f"Neuer Radweg eröffnet\n\n{head}{FIRST}\n\n{SECOND}\n\n{closing}\n").outlet == outlet


@pytest.mark.parametrize("line, authors", [
    ("Von SZ-Korrespondentin Lena Kowalski", ("Lena Kowalski",)),
    ("Ein Artikel von SZ-Autorin Lena Kowalski", ("Lena Kowalski",)),
    # a paywall marker is no name
    ("SZ Plus", ()),
])
def test_a_staff_role_before_the_name_and_a_paywall_marker_are_no_name(line: str, authors: tuple[str, ...]) -> None:
    assert copy(f"Neuer Radweg eröffnet\n\n{line}\n\n{FIRST}\n\n{SECOND}\n").authors == authors
