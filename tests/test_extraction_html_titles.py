"""Titles and bylines of HTML pages: what the page prints as its headline, without the site's
name or section, and the printed separators kept where nothing is cut. Small real pages written
to disk and read through the real reader."""

from __future__ import annotations

import datetime as dt
import pathlib

from archive.metadata import extract
from archive.model import Extracted
from archive.sources import read_source

TODAY = dt.date(2025, 1, 1)
TEXT = "<p>" + "Ein Satz des Artikels steht hier und erzählt etwas. " * 12 + "</p>"


def page(tmp_path: pathlib.Path, head: str, body: str) -> Extracted:
    path = tmp_path / "seite.html"
    path.write_text(f'<html lang="de"><head><meta charset="utf-8">{head}</head>'
                    f"<body><article>{body}{TEXT}</article></body></html>", encoding="utf-8")
    return extract(read_source(path, path.read_bytes()), today=TODAY)


def test_a_title_with_nothing_to_cut_keeps_its_printed_separators(tmp_path: pathlib.Path) -> None:
    title = "Nahrungsergänzungsmittel - Das Geschäft mit der Hoffnung | Video der Sendung vom 16.10.2019"
    assert page(tmp_path, f"<title>{title}</title>", "").title == title


def test_a_site_name_after_a_box_drawing_bar_is_cut(tmp_path: pathlib.Path) -> None:
    head = ('<meta property="og:site_name" content="Muster Marktplatz">'
            '<meta property="og:title" content="Produkttester werden: gratis testen │ Muster Marktplatz">'
            "<title>Produkttester werden│Muster Marktplatz</title>")
    assert page(tmp_path, head, "").title == "Produkttester werden: gratis testen"


def test_a_section_h1_is_no_headline_and_its_section_is_cut_from_the_meta_title(tmp_path: pathlib.Path) -> None:
    head = ('<meta property="og:title" content="bergbuch.ch - Outdoornews - Neue Schneekarten für die Alpen">'
            "<title>bergbuch.ch - Outdoornews - Neue Schneekarten für die Alpen</title>")
    found = page(tmp_path, head, "<h1>OutdoorNews | Eintrag</h1>")
    assert found.title == "Neue Schneekarten für die Alpen"


def test_a_weekday_before_the_date_is_not_part_of_the_byline(tmp_path: pathlib.Path) -> None:
    body = '<h1>Ein Titel der Kolumne hier</h1><div class="byline">Von Tomas Spahn Fr, 18. Oktober 2019</div>'
    assert page(tmp_path, "<title>Ein Titel der Kolumne hier</title>", body).authors == ("Tomas Spahn",)


def test_a_name_line_under_the_date_line_in_the_header_is_the_author(tmp_path: pathlib.Path) -> None:
    header = ("<h1>Salut und Kreuzketten im Rückblick</h1><div>Kommentar</div><div>19. Oktober 2019</div>"
              "<div>{}</div><div>1 Kommentar</div>")
    head = "<title>Salut und Kreuzketten im Rückblick</title>"
    assert page(tmp_path, head, header.format("Boris T. Kaiser")).authors == ("Boris T. Kaiser",)
    assert page(tmp_path, head, header.format("Berlin Mitte")).authors == ()
    # the headline itself under the date is no author ("Ben Wilson Surf", a brand's page)
    brand = header.replace("Salut und Kreuzketten im Rückblick", "Ben Wilson Surf").format("Ben Wilson Surf")
    assert page(tmp_path, head.replace("Salut und Kreuzketten im Rückblick", "Ben Wilson Surf"), brand).authors == ()


def test_the_name_an_author_box_repeats_in_its_link_to_all_articles(tmp_path: pathlib.Path) -> None:
    box = ('<div class="author-box"><h3>{}</h3><p><a href="/author/m">Alles von Martin Junker</a></p>'
           "<p>Kontakt | +49 030 5683 8000 60</p></div>")
    head = "<title>Ein Firmenwagen für alle Fälle</title>"
    body = "<h1>Ein Firmenwagen für alle Fälle</h1>" + TEXT
    assert page(tmp_path, head, body + box.format("Martin Junker")).authors == ("Martin Junker",)
    without = box.format("Über den Autor").replace("Alles von Martin Junker", "Alle Artikel")
    assert page(tmp_path, head, body + without).authors == ()


def test_a_kicker_before_a_meta_title_that_carries_the_site_name_is_cut(tmp_path: pathlib.Path) -> None:
    head = ('<meta property="og:title" content="Cyber-Angriffe: Ein Fünftel des Budgets für Sicherheit - handwerk magazin">'
            "<title>Cyber-Angriffe: Ein Fünftel des Budgets für Sicherheit - handwerk magazin</title>")
    body = ('<h1><span class="kicker">Investitionen in Sicherheit</span> '
            "<span>Cyber-Angriffe: Ein Fünftel des Budgets für Sicherheit</span></h1>")
    assert page(tmp_path, head, body).title == "Cyber-Angriffe: Ein Fünftel des Budgets für Sicherheit"


def test_a_kicker_the_meta_title_separates_with_a_colon_is_cut_from_the_h1(tmp_path: pathlib.Path) -> None:
    head = '<meta property="og:title" content="100. Geburtstag: Eine Zeitzeugin wird hundert Jahre alt">'
    body = "<h1><span>100. Geburtstag</span> <span>Eine Zeitzeugin wird hundert Jahre alt</span></h1>"
    assert page(tmp_path, head, body).title == "Eine Zeitzeugin wird hundert Jahre alt"
    # the same words printed with their colon in the h1 are the headline as the page prints it
    printed = page(tmp_path, head, "<h1>100. Geburtstag: Eine Zeitzeugin wird hundert Jahre alt</h1>")
    assert printed.title == "100. Geburtstag: Eine Zeitzeugin wird hundert Jahre alt"
