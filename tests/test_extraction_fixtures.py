"""Small real-shaped pages and copies written for the tests (tests/data/extraction): fields that
must come out, sentences that must be in the body, strings that must not."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from archive.errors import InputError
from archive.metadata import extract
from archive.model import Extracted, Published
from archive.sources import read_source
from conftest import assert_body

DATA = pathlib.Path(__file__).resolve().parent / "data" / "extraction"
TODAY = dt.date(2025, 1, 1)


def extract_file(name: str, today: dt.date = TODAY) -> Extracted:
    path = DATA / name
    return extract(read_source(path, path.read_bytes()), today=today)


def test_json_ld_graph_with_references_and_a_wrong_charset_declaration() -> None:
    page = extract_file("graph_newsarticle.html")
    assert page.title == "Stadtrat beschließt neuen Radweg am Rheinufer"  # UTF-8 despite "iso-8859-1"
    assert page.authors == ("Jana Beispiel", "Tom Probe")  # the @id reference resolved
    assert page.agencies == ("dpa",)  # an Organization author that is an agency
    assert page.outlet == "Kölner Stadt-Anzeiger" and page.origins["outlet"] == "domain"
    assert page.url == "https://www.ksta.de/koeln/stadtrat-radweg-123"
    # 16:00 UTC is 18:00 in Cologne: the same day either way; modified kept apart. article:published_time
    # is read before JSON-LD (where the two differ, the development sample's records side with the meta tag)
    assert page.published == Published(dt.date(2023, 5, 4)) and page.origins["published"] == "meta"
    assert page.modified == Published(dt.date(2023, 5, 5))
    assert page.teaser.startswith("Nach jahrelangem Streit gibt es eine Mehrheit")
    assert_body(page,
                ["Der Stadtrat hat am Donnerstagabend mit großer Mehrheit beschlossen",
                 "Kritik vom Einzelhandel",
                 "Händler in der Altstadt befürchten"],
                ["Cookies", "Startseite", "Teilen", "Foto: Max Knipser", "Radfahrer am Rheinufer",
                 "Mehr zum Thema", "Die große Übersicht", "Kommentare", "Endlich!", "Alle Rechte",
                 "Nach jahrelangem Streit"])


def test_meta_author_loses_to_nothing_but_byline_text_and_credits_are_read() -> None:
    page = extract_file("byline_meta_only.html")
    assert page.title == "Neue Regeln für E-Scooter in der Innenstadt"
    assert page.authors == ("Petra Muster",) and page.origins["authors"] == "meta"
    assert page.agencies == ("dpa",)  # "(dpa/lnw)" closing the text
    # the visible date in the header beats the generic <meta name="date">
    assert page.published == Published(dt.date(2022, 2, 15)) and page.origins["published"] == "text"
    assert page.outlet is None  # an unknown blog: no name is invented
    assert_body(page, ["Ab dem kommenden Monat dürfen E-Scooter",
                       "Verstöße sollen künftig mit einem Bußgeld geahndet werden, kündigte die Verwaltung an."],
                ["Meistgelesen", "(dpa/lnw)", "Von Max Mustermann"])


def test_a_page_without_article_text_is_rejected_with_one_reason() -> None:
    with pytest.raises(InputError, match="no article text found"):
        extract_file("not_an_article.html")


def test_plain_copy_with_breadcrumbs_kicker_labelled_dates_analysis_byline_and_credit() -> None:
    copy = extract_file("analysis_agencies.txt")
    assert copy.title == "Exporte brechen im Winter ein"
    assert copy.authors == ("Katrin Eigendorf", "Jan Probe", "jbe")
    assert copy.agencies == ("dpa", "Reuters")
    assert copy.published == Published(dt.date(2021, 2, 16))
    assert copy.modified == Published(dt.date(2021, 2, 17))
    assert copy.teaser.startswith("Die deutschen Exporte sind im Januar so stark gefallen")
    assert_body(copy, ["Die Ausfuhren sanken im Januar gegenüber dem Vormonat um 4,2 Prozent",
                       "Für das Gesamtjahr bleiben die Forschungsinstitute dennoch zuversichtlich"],
                ["Nachrichten", "Konjunktur", "Erstellt", "Eine Analyse", "Containerschiff", "Foto:",
                 "Anzeige", "jbe/dpa", "Auch interessant", "Kommentare"])


def test_no_date_after_today() -> None:
    copy = extract_file("analysis_agencies.txt", today=dt.date(2021, 2, 16))
    assert copy.published == Published(dt.date(2021, 2, 16))
    assert copy.modified is None  # 17.02.2021 lies after "today"


def test_plain_copy_with_a_list_of_persons_short_dates_and_a_closing_credit() -> None:
    extracted = extract_file("list_byline_short_date.txt")
    assert extracted.title == "Stadtwerke erhöhen die Preise für Fernwärme"
    assert extracted.authors == ("Anna Kleiser", "Jonas Berger", "Mira Yilmaz")
    assert extracted.agencies == ("dpa", "Reuters")
    assert extracted.published == Published(dt.date(2021, 2, 16), "day")
    assert extracted.modified == Published(dt.date(2021, 2, 17), "day")
    assert extracted.teaser.startswith("Die Stadtwerke der Stadt haben am Montag angekündigt")
    assert_body(extracted, with_=["Nach Angaben des Unternehmens trifft die Erhöhung",
                                  "forderte eine Härtefallregelung für Haushalte mit geringem Einkommen."],
                without=["mit Material von", "Anna Kleiser", "16.2.21", "Aktualisiert"])


def test_plain_copy_with_agency_credits_at_start_and_end_names_no_author() -> None:
    extracted = extract_file("agency_credits_end.txt")
    assert extracted.authors == ()
    # "Berlin (dpa/AFP) –" opens the paragraph under the headline (taken as the teaser): both count
    assert extracted.agencies == ("dpa", "AFP")
    assert extracted.published is None  # the copy shows no date: none is invented
    assert_body(extracted, with_=["Die Gewerkschaft kündigte an"], without=["Quelle: dpa"])


def test_date_in_a_date_element_and_a_relative_canonical_resolved_against_the_site() -> None:
    extracted = extract_file("dates_outside_markup.html")
    # the element named "date" by the headline, not the comment's date nor a date in the text
    assert extracted.published == Published(dt.date(2022, 1, 27), "day")
    assert extracted.url == "https://www.musterhausen.example.de/aktuelles/neue-radwege-fuer-die-innenstadt"
    assert_body(extracted, with_=["Die Stadt baut in diesem Jahr vier neue Radwege"], without=["Endlich!"])


@pytest.mark.parametrize("credit, agencies", [
    ("dpa/AFP", ("dpa", "AFP")),
    ("AFP/dpa", ("AFP", "dpa")),
    ("dpa/Reuters/AP", ("dpa", "Reuters", "AP")),
])
def test_a_dateline_naming_several_agencies_names_them_all(credit: str, agencies: tuple[str, ...]) -> None:
    copy = (f"Regierung beschließt Gesetz zur Energie\n\nBerlin ({credit}) – Die Bundesregierung hat am Mittwoch"
            " ein Gesetz beschlossen, das den Ausbau von Wind- und Solaranlagen beschleunigen soll.\n\n"
            "Der Bundestag soll im Herbst über das Gesetz beraten. Mehrere Verbände begrüßten die Pläne,"
            " forderten aber Nachbesserungen bei den Fristen und beim Naturschutz.\n\nDie Wirtschaft zeigte"
            " sich gespalten: Energieversorger lobten das Vorhaben, Industrieverbände warnten vor Kosten.\n")
    extracted = extract(read_source(pathlib.Path("copy.txt"), copy.encode()), today=TODAY)
    assert extracted.title == "Regierung beschließt Gesetz zur Energie"
    assert extracted.agencies == agencies


def test_a_dateline_on_a_line_of_its_own() -> None:
    extracted = extract_file("dateline_own_line.txt")
    assert extracted.title == "Welthandel: Häfen melden Rekordumschlag"
    assert extracted.agencies == ("dpa", "Reuters", "AP")
    assert extracted.published == Published(dt.date(2021, 2, 16))
    assert extracted.teaser.startswith("Die großen Nordseehäfen haben")
    assert_body(extracted, with_=["Nach Angaben der Hafenbetreiber"], without=["(dpa/Reuters/AP)"])
