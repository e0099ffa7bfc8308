"""Credits in plain-text copies, part two: the byline forms held-out layouts print and the words
that look like a name beside a date but are none. Each line reproduces the layout of a page of
the development sample (names and text replaced): a WordPress header glued by the copy
("Posted on… Author…"), a blog's handle beside an English date with its comment count, a
photographer in a byline, a department in the byline slot, a greeting above a letter."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from archive.metadata import extract
from archive.metadata.authors import is_person_name, parse_byline, parse_name_line
from archive.model import Extracted
from archive.sources import read_source

from vereinsheim import BODY, TITLE

TEASER = ("Nach zwei Jahren Bauzeit hat der Verein sein Haus am Stadtrand bezogen, und die Mitglieder feiern"
          " das mit einem Fest.")


def copy(header: str = "", closing: str = "", body: str = BODY) -> Extracted:
    text = f"{TITLE}\n\n{header}\n\n{body}\n{closing}\n" if header else f"{TITLE}\n\n{body}\n{closing}\n"
    return extract(read_source(pathlib.Path("copy.txt"), text.encode()), today=dt.date(2025, 1, 1))


@pytest.mark.parametrize("line, authors, agencies", [
    ("Von Lena Kowalski, Lille 05.08.2024, 20:59 Uhr", ("Lena Kowalski",), ()),
    ("Ein Kommentar von Lena Kowalski", ("Lena Kowalski",), ()),
    ("Text: Lena Kowalski | Fotos: Jan Beispiel", ("Lena Kowalski",), ()),
    ("Lena Kowalski und Jan Beispiel", ("Lena Kowalski", "Jan Beispiel"), ()),
    ("Autor: Lena Kowalski", ("Lena Kowalski",), ()),
    # a bare name with the agency the byline credits beside it
    ("Lena Kowalski, dpa", ("Lena Kowalski",), ("dpa",)),
    ("Lena Kowalski und Jan Beispiel, AFP", ("Lena Kowalski", "Jan Beispiel"), ("AFP",)),
    # the photographer in the byline is no author
    ("Von Lena Kowalski und Eva Muster (Text) und Jan Beispiel (Foto)", ("Lena Kowalski", "Eva Muster"), ()),
    ("Von Lena Kowalski (Text) und Jan Beispiel (Fotos)", ("Lena Kowalski",), ()),
    ("Text und Fotos: Lena Kowalski", ("Lena Kowalski",), ()),
])
def test_byline_forms(line: str, authors: tuple[str, ...], agencies: tuple[str, ...]) -> None:
    extracted = copy(line)
    assert (extracted.authors, extracted.agencies) == (authors, agencies)


@pytest.mark.parametrize("line, authors", [
    # the copy glues inline elements: "Posted on<date>Author<name><comment count>"
    ("Posted on28. Juli 2019AuthorLena Kowalski4 Kommentare", ("Lena Kowalski",)),
    # surnames that end like a category word ("Rubik", like "Politik"), first names like "Marie"
    ("September 17, 2019 Helmut Rubik 0", ("Helmut Rubik",)),
    ("30. Oktober 2019 | Marie Kowalski", ("Marie Kowalski",)),
    # a handle with its comment count beside the date
    ("5 Min. 1. November 2023 Cortyn 1 Kommentar Lesezeichen", ("Cortyn",)),
])
def test_names_in_meta_lines(line: str, authors: tuple[str, ...]) -> None:
    assert copy(line).authors == authors


@pytest.mark.parametrize("line", [
    "30. Oktober 2019 | Forschung Politik",
    "30. Oktober 2019 Soziales Gesundheit",
    "5 Min. 1. November 2023 Allgemein 1 Kommentar",
    "1. November 2023 Politik 3 Kommentare",
])
def test_categories_in_meta_lines_are_no_names(line: str) -> None:
    assert copy(line).authors == ()


@pytest.mark.parametrize("line", ["Von Politik", "Von: Wirtschaft", "Medien Kommentieren", "Beste Reisezeit",
                                  "Initiative Lieferkettengesetz", "Liebe_r Besucher_in,", "Liebe Leserinnen"])
def test_departments_verbs_greetings_and_initiatives_are_no_authors(line: str) -> None:
    assert copy(line).authors == ()


def test_a_single_name_beside_the_date_counts_when_the_copy_shows_it_again_alone() -> None:
    # "Tine 2. Februar 2020 Radtouren Berlin" in the header, "Tine" closing the post
    assert copy("Tine 2. Februar 2020 Radtouren", closing="\nTine").authors == ("Tine",)
    assert copy("Paddy · April 19, 2019 · Mac · 7 comments\n\nPaddy").authors == ("Paddy",)
    # a place before the date, not repeated: no author
    assert copy("Hemer 18.10.2019 Radtouren").authors == ()


def test_a_name_with_a_newsroom_role_above_the_lead_photo_is_the_byline() -> None:
    header = f"16. März 2021\n\n{TEASER}\n\nLena Kowalski\nMitglied der Vereinsblatt-Redaktion\nFoto: Instagram/verein"
    assert copy(header).authors == ("Lena Kowalski",)
    # a pictured person's caption with an office is no byline
    caption = f"16. März 2021\n\n{TEASER}\n\nJan Beispiel\nBürgermeister der Stadt\nFoto: Instagram/verein"
    assert copy(caption).authors == ()


def test_a_name_under_the_teaser_that_the_text_never_mentions_is_the_byline() -> None:
    assert copy(f"{TEASER}\n\nLena Kowalski").authors == ("Lena Kowalski",)
    quoted = BODY.replace("Der Bau hat", "Kowalski sagt, der Bau habe")
    assert copy(f"{TEASER}\n\nLena Kowalski", body=quoted).authors == ()


def test_a_persons_name_in_parentheses_closing_the_text_is_its_author() -> None:
    assert copy(body=BODY.rstrip() + " (Lena Kowalski) +++\n").authors == ("Lena Kowalski",)
    assert copy(body=BODY.rstrip() + " (Lena Kowalski)\n").authors == ("Lena Kowalski",)
    extracted = copy(body=BODY.rstrip() + " (Lena Kowalski)\n")
    assert "(Lena Kowalski)" not in extracted.body
    # inside the text it is a reference, not a credit
    inside = BODY.replace("gestemmt.", "gestemmt (Lena Kowalski).")
    assert copy(body=inside).authors == ()


def test_a_first_name_over_a_bio_opening_with_the_full_name() -> None:
    bio = "\n\nLena\n\nLena Kowalski - Vereinsreporterin und Radfahrerin, seit 2002 auf dem Rad unterwegs.\n"
    assert copy(body=BODY + bio).authors == ("Lena Kowalski",)


def test_a_source_line_naming_a_person_is_a_photo_credit_and_its_caption_goes() -> None:
    header = "Vergrößern\n\nJan Beispiel\n\nQuelle: Eva Muster"
    extracted = copy(header)
    assert extracted.authors == ()
    assert "Jan Beispiel" not in extracted.body


@pytest.mark.parametrize("name, person", [
    ("Helmut Rubik", True), ("Marie Kowalski", True), ("Dominik Kowalski", True), ("Anna Jung", True),
    ("Forschung Politik", False), ("Politik", False), ("Medien Kommentieren", False), ("Beste Reisezeit", False),
    ("Liebe Leserinnen", False), ("Initiative Lieferkettengesetz", False),
])
def test_person_names(name: str, person: bool) -> None:
    assert is_person_name(name, allow_single=" " not in name) is person


def test_parse_name_line_keeps_agencies_apart() -> None:
    assert parse_name_line("Lena Kowalski, dpa").agencies == ("dpa",)  # type: ignore[union-attr]
    assert parse_name_line("dpa") is None
    assert parse_byline("Von Lena Kowalski (Text) und Jan Beispiel (Foto)").authors == ("Lena Kowalski",)  # type: ignore[union-attr]


def test_a_name_between_the_headers_date_and_the_lead_photos_credit_is_the_byline() -> None:
    assert copy("26.10.2023\n\nLena Kowalski\n\nFoto: Jan Beispiel, Bildagentur").authors == ("Lena Kowalski",)


def test_a_service_name_glued_to_the_date_is_no_handle() -> None:
    assert copy("27.01.2022VereinsINFO November 2021 (Vereinsheim)").authors == ()
    assert copy("HansEhrlich 17.10.2019").authors == ("HansEhrlich",)


def test_a_first_name_over_its_closing_date_line_signs_the_post() -> None:
    extracted = copy(closing="\nLena\n10. September 2017\n\nDatenschutzerklärung · Impressum")
    assert extracted.authors == ("Lena",) and "Lena" not in extracted.body
    assert str(extracted.published) == "2017-09-10"
    assert copy(closing="\nBad Homburg\n10. September 2017").authors == ()


def test_a_name_over_the_headers_date_in_the_lead_photos_block_is_the_byline() -> None:
    header = f"{TEASER}\nLena Kowalski\nVeröffentlicht am 06.10.2023\nBild:\nVereinsarchiv"
    assert copy(header).authors == ("Lena Kowalski",)


def test_a_name_closing_the_last_paragraph_before_job_ads() -> None:
    closing = "\nDEN RICHTIGEN FINDEN\n\nPersonalreferent (m/w/d)\nBeispiel GmbH"
    assert copy(body=BODY.rstrip() + " (Lena Kowalski) +++\n", closing=closing).authors == ("Lena Kowalski",)


def test_a_first_name_shown_twice_over_the_full_name_of_its_bio() -> None:
    header = ("Lena\n26. Januar 2022\nWerkstatt\nLena\n"
              "Lena Kowalski - Vereinsreporterin und Radfahrerin. Seit 2002 auf dem Rad unterwegs.")
    assert copy(header).authors == ("Lena Kowalski",)


def test_the_last_item_of_a_menu_closing_the_copy_is_no_signature() -> None:
    menu = "\nBereichsmenü\n\nBesondere Ausgleichsregelung\nBundesstelle für Vereinsheime\nFörderwegweiser Vereinsheime"
    assert copy(closing=menu).authors == ()
    assert copy(closing="\nLena Kowalski").authors == ("Lena Kowalski",)


@pytest.mark.parametrize("line, authors", [
    ("30. Oktober 2023 Lena Kowalski Kultur", ("Lena Kowalski",)),
])
def test_a_department_after_the_name_in_a_meta_line(line: str, authors: tuple[str, ...]) -> None:
    assert copy(line).authors == authors
    # a third capitalised word that is no department may be the name's own: never cut it off
    assert "Anna Lena" not in copy("30. Oktober 2023 Anna Lena Kowalski").authors


def test_a_name_closing_a_short_last_paragraph_before_job_ads() -> None:
    body = BODY + "\nDie Lage bleibt spannend. (Lena Kowalski) +++\n"
    closing = "\nDEN RICHTIGEN FINDEN\n\nPersonalreferent (m/w/d)\nBeispiel GmbH"
    assert copy(body=body, closing=closing).authors == ("Lena Kowalski",)


@pytest.mark.parametrize("text", ["Tine 2. Februar 2020\n\nTine\n", "Tine\n\nTine 2. Februar 2020\n", "Lena Kowalski\n",
                                  "Von Lena Kowalski\n", "(Lena Kowalski)\n", "Lena\n10. September 2017\n"])
def test_a_short_text_that_is_only_names_and_dates_keeps_a_body(text: str) -> None:
    extracted = extract(read_source(pathlib.Path("short.txt"), text.encode()), today=dt.date(2025, 1, 1))
    assert extracted.body


def test_a_source_in_parentheses_after_a_quote_or_a_brand_is_no_writer() -> None:
    quoted = BODY.rstrip() + " „Wir bauen weiter“, sagt der Vorstand.“ (Vereinsblatt Aktuell Nachrichten)\n"
    assert copy(body=quoted).authors == ()
    assert copy(body=BODY.rstrip() + " (VEREINSBLATT-Aktuell Bau Lügen)\n").authors == ()


def test_a_greeting_over_the_signature_is_no_menu() -> None:
    closing = "\nIch wünsche Ihnen viel Spaß mit dem neuen Haus.\n\nFreundliche Grüße\n\nLena Kowalski"
    assert copy(closing=closing).authors == ("Lena Kowalski",)


@pytest.mark.parametrize("line, authors, agencies", [
    ("12. März 2024 – Lena Kowalski", ("Lena Kowalski",), ()),
    ("Lena Kowalski · 12. März 2024 · 3 Min. Lesezeit", ("Lena Kowalski",), ()),
    ("Von unserem Korrespondenten Lena Kowalski", ("Lena Kowalski",), ()),
    ("Von unserer Redakteurin Lena Kowalski", ("Lena Kowalski",), ()),
    ("Redaktion: Lena Kowalski", ("Lena Kowalski",), ()),
    ("Gastautorin: Lena Kowalski", ("Lena Kowalski",), ()),
    ("Kommentar von Lena Kowalski", ("Lena Kowalski",), ()),
    ("Analyse: Lena Kowalski", ("Lena Kowalski",), ()),
    ("Von Lena Kowalski (dpa)", ("Lena Kowalski",), ("dpa",)),
])
def test_more_byline_forms(line: str, authors: tuple[str, ...], agencies: tuple[str, ...]) -> None:
    extracted = copy(line)
    assert (extracted.authors, extracted.agencies) == (authors, agencies)


@pytest.mark.parametrize("line", ["Interview mit Lena Kowalski", "Redaktion: Vereinsblatt", "Kommentar von gestern"])
def test_label_shaped_lines_that_name_no_writer(line: str) -> None:
    assert copy(line).authors == ()
