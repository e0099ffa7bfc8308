"""Dates in the visible header and in machine stamps, each with and without its trap: a month in
an archive menu, a date in the headline, a member's registration date, a WordPress stamp with
"+00:00", and a dateline followed by a quotation."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from archive.metadata import extract
from archive.model import Extracted, Published
from archive.sources import read_source

PARAGRAPHS = ("<p>Die Agentur für Arbeit meldet für den Januar einen leichten Anstieg der Arbeitslosigkeit im"
              " Bezirk. Saisonbedingt seien vor allem Außenberufe betroffen, hieß es am Dienstag.</p>"
              "<p>Im Vergleich zum Vorjahr liegt die Zahl der Arbeitslosen jedoch deutlich niedriger. Die"
              " Nachfrage nach Fachkräften bleibt hoch, besonders im Handwerk und in der Pflege.</p>")


def page(before_h1: str = "", after_h1: str = "", head: str = "", h1: str = "Arbeitsmarkt im Januar",
         body_extra: str = "") -> Extracted:
    markup = (f'<html lang="de"><head><title>{h1}</title>{head}</head><body>{before_h1}'
              f"<article><h1>{h1}</h1>{after_h1}{PARAGRAPHS}{body_extra}</article></body></html>")
    return extract(read_source(pathlib.Path("page.html"), markup.encode()), today=dt.date(2025, 1, 1))


def test_a_month_in_the_archive_menu_yields_to_a_day_found_later() -> None:
    menu = "<ul class='archive'><li>Mai 2014</li></ul>"
    later = "<p><time>06.05.2014</time></p>"
    assert page(before_h1=menu, body_extra=later).published == Published(dt.date(2014, 5, 6), "day")
    # with no day anywhere, the month is still the best date the page shows
    assert page(before_h1=menu).published == Published(dt.date(2014, 5, 1), "month")


def test_a_month_in_a_byline_counts_at_once() -> None:
    byline = "<p>Autorin: Sylvia Grossgasteiger, Oktober 2008</p>"
    extracted = page(after_h1=byline, head='<meta name="date" content="2017-01-24">')
    assert extracted.published == Published(dt.date(2008, 10, 1), "month")


def test_a_date_in_the_headline_describes_the_subject() -> None:
    h1 = "Kreismeisterschaften in Aalen, 19.5.2007"
    later = "<p><span class='date'>20.05.2007</span></p>"
    assert page(h1=h1, body_extra=later).published == Published(dt.date(2007, 5, 20), "day")


@pytest.mark.parametrize("label", ["Registriert: 18.09.2008", "Mitglied seit 18.09.2008"])
def test_a_members_registration_date_is_not_the_posts(label: str) -> None:
    header = f"<div class='profile'><span>macfan</span><dl><dd>{label}</dd></dl></div><p>21.01.2009, 10:12</p>"
    assert page(after_h1=header).published == Published(dt.date(2009, 1, 21), "day")


@pytest.mark.parametrize("stamp, day", [
    ("2019-12-26T23:07:45+00:00", 26),  # WordPress's default zone: the wall-clock time of the site
    ("2019-12-26T23:07:45Z", 27),  # truly UTC: after midnight in Central Europe
])
def test_late_evening_stamps(stamp: str, day: int) -> None:
    head = f'<meta property="article:published_time" content="{stamp}">'
    assert page(head=head).published == Published(dt.date(2019, 12, day), "day")


def test_a_dateline_followed_by_a_quotation() -> None:
    opening = ("<p>01.02.2022 „Der Arbeitsmarkt zeigt sich robust“, sagte die Leiterin der Agentur bei der"
               " Vorstellung der Zahlen in Nürnberg.</p>")
    menu = "<h2>Januar 2022</h2>"
    assert page(after_h1=menu, body_extra=opening).published == Published(dt.date(2022, 2, 1), "day")


def test_where_the_markup_names_two_publication_days_the_printed_one_wins() -> None:
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Arbeitsmarkt im Januar",'
            ' "datePublished": "2021-12-14T10:00:00+01:00"}</script>'
            '<meta name="dc.date.issued" content="2022-02-04">')
    printed = "<p class='meta'>04.02.2022, 10:15 Uhr</p>"
    assert page(head=head, after_h1=printed).published == Published(dt.date(2022, 2, 4), "day")
    assert page(head=head).published == Published(dt.date(2021, 12, 14), "day")  # trust order decides
    # a printed day the markup does not name is no arbiter
    other = "<p class='meta'>05.02.2022, 10:15 Uhr</p>"
    assert page(head=head, after_h1=other).published == Published(dt.date(2021, 12, 14), "day")
    # nor is an update line ("Aktualisiert am …"), though it names one of the two days
    updated = "<p>Aktualisiert am 04.02.2022</p>"
    assert page(head=head, after_h1=updated).published == Published(dt.date(2021, 12, 14), "day")


def test_an_embedded_posts_time_is_not_the_articles() -> None:
    embed = ('<blockquote class="instagram-media"><p>Ein Foto</p>'
             '<time datetime="2020-03-01T12:00:00+00:00">1. März 2020</time></blockquote>')
    assert page(body_extra=embed).published is None


@pytest.mark.parametrize("classes, found", [("main-content has-double-sidebar", True), ("sidebar", False)])
def test_a_layout_modifier_class_is_not_a_sidebar(classes: str, found: bool) -> None:
    dated = f"<div class='{classes}'><p>21.11.2022 – Die Preise für Strom und Gas steigen weiter.</p></div>"
    expected = Published(dt.date(2022, 11, 21), "day") if found else None
    filler = "".join(f"<p>Weitere Meldung Nummer {number} aus der Region.</p>" for number in range(45))
    assert page(body_extra=filler + dated).published == expected  # far below the headline


def test_todays_date_in_the_sites_top_bar_is_not_the_articles() -> None:
    top_bar = ("<div class='navtop'><span class='mod_datetime'><time datetime='2024-12-30'>30.12.2024</time></span></div>"
               + "".join(f"<div class='rubrik'>Rubrik {number}</div>" for number in range(8)))
    filler = "".join(f"<p>Weitere Meldung Nummer {number} aus der Region.</p>" for number in range(45))
    dated = "<p><span class='text_datum'>31. Oktober 2023</span></p>"
    assert page(before_h1=top_bar, body_extra=filler + dated).published == Published(dt.date(2023, 10, 31), "day")


def test_a_line_holding_only_a_day_far_from_the_headline() -> None:
    filler = "".join(f"<p>Weitere Meldung Nummer {number} aus der Region.</p>" for number in range(45))
    assert page(body_extra=filler + "<p><em>01.11.2023 11:35</em></p>").published == Published(dt.date(2023, 11, 1))
    # a day inside a sentence there is not the article's
    sentence = "<p>Die Sitzung am 01.11.2023 war gut besucht.</p>"
    assert page(body_extra=filler + sentence).published is None


def test_classes_of_the_pages_body_do_not_make_its_dates_foreign() -> None:
    markup = ('<html lang="de"><head><title>T</title></head><body class="nav-fixed single">'
              f"<article><h1>Arbeitsmarkt im Januar</h1><time class='published' datetime='2022-02-01'>vor drei Jahren</time>"
              f"{PARAGRAPHS}</article></body></html>")
    extracted = extract(read_source(pathlib.Path("page.html"), markup.encode()), today=dt.date(2025, 1, 1))
    assert extracted.published == Published(dt.date(2022, 2, 1), "day")
