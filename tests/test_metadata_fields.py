"""Field parsers one form per row: bylines, agency credits, dates, outlets."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.metadata.agencies import is_bare_dateline, parse_credit, split_dateline_credit, split_trailing_credit
from archive.metadata.authors import parse_byline, parse_name_line, is_person_name
from archive.metadata.dates import find_date, labelled_dates, is_date_line, parse_machine_date
from archive.model import Published

TODAY = dt.date(2025, 1, 1)


@pytest.mark.parametrize("line, authors, agencies, outlet", [
    ("Von: Christian Schulz", ("Christian Schulz",), (), None),
    ("von Anna Kleiser, Washington D.C.", ("Anna Kleiser",), (), None),
    ("Autor: Lena Herrmann", ("Lena Herrmann",), (), None),
    ("Autorin: Eva-Maria Müller-Lüdenscheidt", ("Eva-Maria Müller-Lüdenscheidt",), (), None),
    ("Text: W&V Redaktion", (), (), "W&V"),
    ("Von Roland Brockmann und Sebastian Drescher", ("Roland Brockmann", "Sebastian Drescher"), (), None),
    ("Eine Analyse von Katrin Eigendorf", ("Katrin Eigendorf",), (), None),
    ("Ein Kommentar von Ulf Poschardt", ("Ulf Poschardt",), (), None),
    ("Von Max Muster, Eva Beispiel und Jan Probe", ("Max Muster", "Eva Beispiel", "Jan Probe"), (), None),
    ("Von Max Muster & Eva Beispiel", ("Max Muster", "Eva Beispiel"), (), None),
    ("Von Max Muster/Eva Beispiel", ("Max Muster", "Eva Beispiel"), (), None),
    ("Von Max Muster, dpa", ("Max Muster",), ("dpa",), None),
    ("Von Alexa von Heyden | 16.02.2021, 10:35 Uhr", ("Alexa von Heyden",), (), None),
    ("Von SPIEGEL-Redaktion", (), (), "DER SPIEGEL"),
    # academic titles are dropped (citations and author facets name the person), particles stay
    ("Von Dr. Tim Loppe", ("Tim Loppe",), (), None),
    ("Autor: John v. Berenberg-Consbruch", ("John v. Berenberg-Consbruch",), (), None),
    ("Von Prof. Dr. Anna Kleiser und Dipl.-Ing. Max Muster", ("Anna Kleiser", "Max Muster"), (), None),
    ("Von Prof. Dr. med. Eva zu Guttenberg, Berlin", ("Eva zu Guttenberg",), (), None),
    ("Von Jan vom Brocke", ("Jan vom Brocke",), (), None),
])
def test_bylines(line: str, authors: tuple[str, ...], agencies: tuple[str, ...], outlet: str | None) -> None:
    byline = parse_byline(line)
    assert byline is not None
    assert (byline.authors, byline.agencies, byline.outlet) == (authors, agencies, outlet)


@pytest.mark.parametrize("line", [
    "Von der Leyen will mehr Geld für die Verteidigung ausgeben",
    "Von Montag an gelten neue Regeln",
    "Foto: STEVE NESIUS / REUTERS",
    "Robert Benson, Experte für nationale Sicherheit beim Center for American Progress",
])
def test_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


def test_name_line_and_person_check() -> None:
    assert parse_name_line("Anna Kleiser, Max Muster und Eva Beispiel").authors == (
        "Anna Kleiser", "Max Muster", "Eva Beispiel")
    assert parse_name_line("Robert Benson, Experte für nationale Sicherheit") is None
    assert not is_person_name("DER SPIEGEL") and not is_person_name("Redaktion")
    assert not is_person_name("New York")
    assert parse_name_line("Dr. Tim Loppe und John v. Berenberg-Consbruch").authors == (  # type: ignore[union-attr]
        "Tim Loppe", "John v. Berenberg-Consbruch")
    assert is_person_name("Dr. Tim Loppe") and is_person_name("John v. Berenberg-Consbruch")
    assert not is_person_name("Dr. med.") and not is_person_name("Prof. Dr.")


@pytest.mark.parametrize("line, agencies, initials", [
    ("mbö/AFP", ("AFP",), ("mbö",)),
    ("jbe/dpa/Reuters", ("dpa", "Reuters"), ("jbe",)),
    ("(Mit Material der AFP)", ("AFP",), ()),
    ("(mit Material von dpa und Reuters)", ("dpa", "Reuters"), ()),
    ("Quelle: dpa", ("dpa",), ()),
    ("(dpa/AFP)", ("dpa", "AFP"), ()),
    ("dpa/lnw", ("dpa",), ()),
    ("AFP/Reuters/AP", ("AFP", "Reuters", "AP"), ()),
    ("Quelle: dpa-AFX", ("dpa-AFX",), ()),
    ("epd/KNA", ("epd", "KNA"), ()),
])
def test_agency_credits(line: str, agencies: tuple[str, ...], initials: tuple[str, ...]) -> None:
    credit = parse_credit(line)
    assert credit is not None and credit.agencies == agencies and credit.initials == initials


@pytest.mark.parametrize("line", ["Foto: STEVE NESIUS / REUTERS", "Quelle: Wall Street Journal",
                                  "Anna Kleiser", "(Symbolbild)", "Palo Alto (Kalifornien)"])
def test_not_agency_credits(line: str) -> None:
    assert parse_credit(line) is None


def test_credits_inside_paragraphs() -> None:
    assert split_trailing_credit("Das Ende. (dpa/AFP)")[1].agencies == ("dpa", "AFP")  # type: ignore[union-attr]
    assert split_trailing_credit("Er sagte es (in Berlin).")[1] is None
    assert split_dateline_credit("Washington (AP) - Der Präsident …")[1].agencies == ("AP",)  # type: ignore[union-attr]
    assert split_dateline_credit("Berlin (AFP/dpa) – Die …")[1].agencies == ("AFP", "dpa")  # type: ignore[union-attr]
    assert is_bare_dateline("Hamburg (dpa/Reuters/AP) –") and not is_bare_dateline("Palo Alto (Kalifornien) –")


@pytest.mark.parametrize("text, expected", [
    ("16. Februar 2021", "2021-02-16"),
    ("16.02.2021", "2021-02-16"),
    ("16.2.21", "2021-02-16"),
    ("2021-02-16", "2021-02-16"),
    ("Di, 16. Feb. 2021", "2021-02-16"),
    ("3. Jänner 2020", "2020-01-03"),
    ("Februar 2021", "2021-02"),
    ("February 16, 2021", "2021-02-16"),
])
def test_dates(text: str, expected: str) -> None:
    assert str(find_date(text, TODAY)) == expected


def test_dates_after_today_and_before_1990_are_dropped() -> None:
    assert find_date("16.02.2031", TODAY) is None
    assert find_date("16.02.1985", TODAY) is None
    assert parse_machine_date("2031-01-01T00:00:00Z", TODAY) is None


def test_labelled_dates_keep_published_and_modified_apart() -> None:
    published, modified, labelled = labelled_dates("Erstellt: 16.02.2021, 10:35 Uhr Aktualisiert: 17.02.2021, 08:12 Uhr", TODAY)
    assert labelled and published == Published(dt.date(2021, 2, 16)) and modified == Published(dt.date(2021, 2, 17))
    assert labelled_dates("Erstellt: Aktualisiert:", TODAY) == (None, None, True)


def test_date_lines_and_non_date_lines() -> None:
    assert is_date_line("Dienstag, 16. Februar 2021, 10:35 Uhr", TODAY)
    assert not is_date_line("Der Tech-Milliardär unterstützt Trump.25.10.2024 | 1:43 min", TODAY)
    assert not is_date_line("Am 16. Februar 2021 sprach Musk mit Putin.", TODAY)
