"""Dates in plain-text copies, part two: where held-out layouts put the article's day. Each copy
reproduces the layout of a page of the development sample (names and text replaced): a date
line under a table of contents, a press office's source line at the end, an agency credit with
its date as the byline, a date glued to the first sentence, a closing credit with its date, the
article's labelled dates after the page's newsletter box."""

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


def day(extracted: Extracted) -> str:
    return str(extracted.published) if extracted.published else ""


def test_a_date_line_under_a_table_of_contents_is_the_date() -> None:
    header = ("Inhalt\nWie groß ist das Haus?\nWer hat gebaut?\nWas kostet die Miete?\nWann ist Eröffnung?\n\n"
              "Magazin, News\n7. Januar 2022")
    assert day(copy(header)) == "2022-01-07"


def test_a_source_line_with_a_date_after_the_text_is_no_header_date() -> None:
    body = BODY.replace("Der Bau hat", "Quelle: Vereinsverband (VV), 02. Februar 2022, Berlin\n\nDer Bau hat")
    assert day(copy("3. Februar 2022\nAllgemein", body=body)) == "2022-02-03"


@pytest.mark.parametrize("header, expected", [
    ("dpa am 25.01.2022", "2022-01-25"),
    ("AFP am 25.01.2022", "2022-01-25"),
])
def test_an_agency_credit_with_its_date(header: str, expected: str) -> None:
    extracted = copy(header)
    assert day(extracted) == expected and extracted.agencies


@pytest.mark.parametrize("opening, expected", [
    ("19.10.2019, 15:30 UhrAm 8. Spieltag treffen die Vereine aufeinander, und das Haus ist voll.", "2019-10-19"),
    ("Pressemitteilung vom 25. Januar 2022 | Berlin – Die Zusammenarbeit mit dem Verein stand im Mittelpunkt.",
     "2022-01-25"),
    ("Red. / 31.10.2023 Die ehemalige Kaserne steht vor dem Umbau. Das wird auch ein Gewinn für alle sein.",
     "2023-10-31"),
])
def test_a_date_opening_the_first_paragraph(opening: str, expected: str) -> None:
    assert day(copy(body=f"{opening}\n\n{BODY}")) == expected


def test_a_sentence_about_a_day_is_no_dateline() -> None:
    assert copy(body=f"Am 8. November 2021 findet der Tag der offenen Tür statt, und alle sind da.\n\n{BODY}"
                ).published is None


def test_a_closing_agency_credit_with_its_date() -> None:
    extracted = copy(body=BODY.rstrip() + " (KNA 19.11.21)\n")
    assert day(extracted) == "2021-11-19" and extracted.agencies == ("KNA",)
    assert "KNA" not in extracted.body


def test_the_articles_labelled_date_after_the_newsletter_box() -> None:
    closing = ("\nNEWSLETTER BESTELLEN\n\nZURÜCKBLÄTTERN VORBLÄTTERN\n\n"
               "Letzte Änderung: 31.10.2023 - 14:49:39\nErschienen am: 01.11.2023\nLesungen: 61")
    assert day(copy(closing=closing)) == "2023-11-01"
    # a header date wins
    assert day(copy("30. Oktober 2023", closing=closing)) == "2023-10-30"


@pytest.mark.parametrize("closing, expected", [
    ("Erscheinungsdatum: 07.02.2022\n\nWeitere Artikel", "2022-02-07"),
    ("Dieser Beitrag wurde vor am Samstag, 3. Dezember 2011 um 14:00 Uhr veröffentlicht und unter Vereine"
     " gespeichert. Sie können Kommentare zu diesem Eintrag über den RSS 2.0 Feed verfolgen.", "2011-12-03"),
    ("Pressemitteilung vom 25. Januar 2022 | Berlin – Die Zusammenarbeit mit dem Verein stand im Mittelpunkt"
     " eines Treffens, bei dem sehr viele Menschen über sehr viele Dinge gesprochen haben, die wichtig sind.",
     "2022-01-25"),
])
def test_a_labelled_publication_date_anywhere_when_the_header_shows_none(closing: str, expected: str) -> None:
    assert day(copy(closing=closing)) == expected
    assert day(copy("30. Oktober 2023", closing=closing)) == "2023-10-30"


def test_a_deadline_in_the_text_is_no_date() -> None:
    assert copy(closing="Die Frist für Anträge endet am 3. März 2022.").published is None


@pytest.mark.parametrize("header, expected", [
    ("von am 20.06.2018", "2018-06-20"),  # a byline whose name the page left empty
    ("06/11/20230 Kommentare", "2023-11-06"),  # the comment count glued to the year
    ("Vereinsleben hejfish 7. Januar 20220", "2022-01-07"),
])
def test_meta_lines_the_copy_glued_or_left_empty(header: str, expected: str) -> None:
    assert day(copy(header)) == expected


def test_a_day_opening_a_paragraph_beats_a_month_heading() -> None:
    body = f"Januar 2022\n\n01.02.2022 „Der Verein ist gut in das Jahr gestartet“, sagt der Vorstand heute.\n\n{BODY}"
    assert day(copy(body=body)) == "2022-02-01"
    assert day(copy(body=f"Januar 2022\n\n{BODY}")) == "2022-01"


def test_a_wrapped_line_opening_with_a_label_and_a_month_gives_no_date() -> None:
    body = BODY + "\nStand November 2020, \"nur\" um Mehrkosten von 157 Millionen Euro geht, wie die Stadt sagt.\n"
    assert copy(body=body, closing="\nWeitere Themen aus dem Verein").published is None
