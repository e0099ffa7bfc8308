"""Dates of HTML pages in the shapes real pages print them outside their markup: between bars,
as a PHP stamp, as a wiki's "last changed" footer; and a list of coming events that is no
publication date. Small pages trimmed from real ones, written to disk and read through the real
reader."""

from __future__ import annotations

import datetime as dt
import pathlib

from archive.metadata import extract
from archive.model import Extracted
from archive.sources import read_source

TODAY = dt.date(2025, 1, 1)
TEXT = "<p>" + "Ein Satz des Artikels steht hier und erzählt etwas Neues. " * 12 + "</p>"
# a real article runs past the lines the header reader looks at (forty): what follows is no header
LONG_TEXT = "".join(f"<p>Absatz {n} des Artikels mit einem Satz, der etwas erzählt.</p>" for n in range(45))


def page(tmp_path: pathlib.Path, head: str, body: str, after: str = "") -> Extracted:
    path = tmp_path / "seite.html"
    path.write_text(f'<html lang="de"><head><meta charset="utf-8">{head}</head>'
                    f"<body><article>{body}{TEXT}</article>{after}</body></html>", encoding="utf-8")
    return extract(read_source(path, path.read_bytes()), today=TODAY)


def test_a_date_between_bars_under_the_headline(tmp_path: pathlib.Path) -> None:
    # petri-heil.ch prints "26 | 01 | 2022" in the article's info line, and nothing in markup
    body = ('<h1>Winterhechte auf kleine Gummifische</h1><div class="info"><span>0</span>'
            '<span class="date">26 | 01 | 2022</span></div>')
    found = page(tmp_path, "<title>Winterhechte auf kleine Gummifische</title>", body)
    assert str(found.published) == "2022-01-26"


def test_a_pager_between_bars_is_no_date(tmp_path: pathlib.Path) -> None:
    body = "<h1>Winterhechte auf kleine Gummifische</h1><div>Seite 1 | 2 | 2020</div>"
    assert page(tmp_path, "<title>Winterhechte auf kleine Gummifische</title>", body).published is None


def test_a_month_day_time_year_stamp(tmp_path: pathlib.Path) -> None:
    # schweizerjaeger.ch: "Jan 04 09:34 2021" under the headline
    body = ('<h1>Der Steinkauz ist der Vogel des Jahres 2021</h1>'
            '<div class="meta"><span>Jan 04</span> <span class="date">09:34 2021</span></div>')
    found = page(tmp_path, "<title>Der Steinkauz ist der Vogel des Jahres 2021</title>", body)
    assert str(found.published) == "2021-01-04"


def test_a_wiki_footer_naming_the_last_change_is_the_only_date(tmp_path: pathlib.Path) -> None:
    # MediaWiki puts the page's only date in its footer
    footer = ('<div id="footer"><ul><li id="footer-info-lastmod">Diese Seite wurde zuletzt am'
              " 29. Januar 2020 um 13:22 Uhr geändert.</li></ul></div>")
    found = page(tmp_path, "<title>Stammtisch Kassel</title>", "<h1>Stammtisch Kassel</h1>" + LONG_TEXT, footer)
    assert str(found.modified) == "2020-01-29"
    assert str(found.published) == "2020-01-29"  # the last change is the best estimate left


def test_other_footer_dates_are_still_not_read(tmp_path: pathlib.Path) -> None:
    footer = '<div id="footer"><p>Termine: 29. Januar 2020</p></div>'
    found = page(tmp_path, "<title>Stammtisch Kassel</title>", "<h1>Stammtisch Kassel</h1>" + LONG_TEXT, footer)
    assert found.published is None


def test_a_list_of_coming_events_is_no_publication_date(tmp_path: pathlib.Path) -> None:
    # vinosytapas.de: a wine shop's page lists its tastings in "date" elements, earliest first;
    # the page's date is only in its generic meta tag
    events = "".join(f'<div class="weinprobe"><span class="date">{day} 18:00 Uhr</span> Weinprobe</div>'
                     for day in ("29.02.2020", "04.04.2020", "09.05.2020"))
    found = page(tmp_path, '<meta name="date" content="2020-02-11"><title>Rioja</title>',
                 "<h1>Weine aus der Rioja</h1>" + LONG_TEXT, f"<section>{events}</section>")
    assert str(found.published) == "2020-02-11"


def test_a_date_element_listing_newest_first_still_gives_the_first(tmp_path: pathlib.Path) -> None:
    dates = "".join(f'<div><span class="date">{day}</span></div>' for day in ("27.01.2022", "20.01.2022", "13.01.2022"))
    found = page(tmp_path, "<title>Rioja</title>", "<h1>Weine aus der Rioja</h1>" + LONG_TEXT, f"<section>{dates}</section>")
    assert str(found.published) == "2022-01-27"


def test_the_day_a_travel_advice_is_valid_since_is_no_publication(tmp_path: pathlib.Path) -> None:
    # auswaertiges-amt.de: "Stand - 12.11.2021<br>(Unverändert gültig seit: 05.11.2021)"
    body = "<h1>Italien: Reise- und Sicherheitshinweise</h1><p>Stand - 12.11.2021<br>(Unverändert gültig seit: 05.11.2021)</p>"
    found = page(tmp_path, "<title>Italien: Reise- und Sicherheitshinweise</title>", body)
    assert str(found.published) == "2021-11-12"


def test_a_last_change_line_over_the_publication_line(tmp_path: pathlib.Path) -> None:
    # literaturkritik.de: "Letzte Änderung: 31.10.2023 - 14:49:39<br>Erschienen am: 01.11.2023"
    body = ("<h1>Vom Boden aus gedacht</h1><p>Letzte Änderung: 31.10.2023 - 14:49:39<br>"
            "Erschienen am: 01.11.2023</p>")
    found = page(tmp_path, "<title>Vom Boden aus gedacht</title>", body)
    assert str(found.published) == "2023-11-01"


def test_a_short_last_change_line_is_no_publication_date(tmp_path: pathlib.Path) -> None:
    # wbf.admin.ch: the speech's date opens its first paragraph; "Letzte Änderung 14.02.2019" is
    # the page's last edit, further down
    body = ("<h1>Städteschutz statt Alpentrutz</h1><p>Bern, 17.08.2007 - Rede von Moritz Leuenberger beim"
            " SP-Städtegipfel, Basel, 18. August 2007</p>" + LONG_TEXT)
    found = page(tmp_path, "<title>Städteschutz statt Alpentrutz</title>", body,
                 '<div class="update"><p>Letzte Änderung 14.02.2019</p></div>')
    assert str(found.published) == "2007-08-17"
    assert str(found.modified) == "2019-02-14"


def test_a_readers_comment_under_a_short_article_gives_no_date(tmp_path: pathlib.Path) -> None:
    # energiezukunft.eu: the header lines of a short page run into the comments ("Marth
    # 02.12.2022, 15:57:32"); the text opens with its own dateline
    body = ("<h1>Bundesregierung drosselt Bioenergie, Branche protestiert</h1>"
            "<p>29.11.2022 – Mehrfach und vehement hatte die Branche die Nachteile dargelegt. "
            + "Die Verbände fordern eine Änderung des Gesetzes, bevor es in Kraft tritt. " * 5 + "</p>")
    comments = ("<h3>Kommentare</h3><h4>Diskutieren Sie über diesen Artikel</h4>"
                "<div><span>Marth</span> <span>02.12.2022, 15:57:32</span></div>")
    found = page(tmp_path, "<title>Bundesregierung drosselt Bioenergie, Branche protestiert</title>", body, comments)
    assert str(found.published) == "2022-11-29"


def test_the_date_nearest_above_the_headline_wins(tmp_path: pathlib.Path) -> None:
    # ldt.de: a slider of other posts with their dates above the post's own date line
    slider = "".join(f"<div><span>{day}</span><a>WEITERLESEN</a></div>" for day in ("14/02/2019", "01/02/2019"))
    body = (f"<div class='slider'>{slider}</div><div><span>08/08/2017</span> durch <a>Stephan Markus</a></div>"
            "<h2>FALL IN LOVE WITH BLACK</h2>")
    found = page(tmp_path, "<title>FALL IN LOVE WITH BLACK – LDT – Blog</title>", body)
    assert str(found.published) == "2017-08-08"


def test_a_press_release_dateline_after_its_place(tmp_path: pathlib.Path) -> None:
    # ekiba.de: "Karlsruhe, (12.11.2021). Traditionell gedenken …" opens the text
    body = ("<h1>Trauern digital am Ewigkeitssonntag</h1><p>Karlsruhe, (12.11.2021). Traditionell gedenken"
            " evangelische Christinnen und Christen am Ewigkeitssonntag ihrer Verstorbenen. " * 3 + "</p>" + LONG_TEXT)
    found = page(tmp_path, "<title>Trauern digital am Ewigkeitssonntag</title>", body)
    assert str(found.published) == "2021-11-12"
