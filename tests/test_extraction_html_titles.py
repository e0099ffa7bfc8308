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


def whole_page(tmp_path: pathlib.Path, head: str, body: str) -> Extracted:
    """A page laid out with a header region before the article (no <article> around it all)."""
    path = tmp_path / "seite.html"
    path.write_text(f'<html lang="de"><head><meta charset="utf-8">{head}</head><body>{body}</body></html>',
                    encoding="utf-8")
    return extract(read_source(path, path.read_bytes()), today=TODAY)


# Pages that print their headline without an h1, above the text, under a <title> that is not it
# (html-sample: a shop magazine's "l-headline" div, a research institute's h2 after a
# screen-reader "Hauptinhalt", an association's h4 inside a paragraph, a federation's h2 under
# h1s that are its menus' titles).
def test_a_headline_printed_in_a_headline_div_above_the_text_is_the_title(tmp_path: pathlib.Path) -> None:
    body = ('<div class="cms-1"><div class="l-headline"><span class="l-bold">Die besten Tricks von Marie Kondo für '
            'Kleiderschrank &amp; Co.</span></div><div class="l-subline">' + TEXT + "</div></div>")
    found = whole_page(tmp_path, "<title>Magic Cleaning | Muster ♥ Magazin</title>", body)
    assert found.title == "Die besten Tricks von Marie Kondo für Kleiderschrank & Co."


def test_a_h2_after_the_main_content_landmark_is_the_title(tmp_path: pathlib.Path) -> None:
    body = ('<header><h4>Wochenbericht 14. - 20. Januar 2022</h4></header><main><h2 class="text-hide">Hauptinhalt</h2>'
            "<article><header><h2>Schwache Profile – günstige Lawinensituation</h2></header>" + TEXT
            + "</article></main>")
    found = whole_page(tmp_path, "<title>Wochenbericht 14. - 20. Januar 2022 - SLF</title>", body)
    assert found.title == "Schwache Profile – günstige Lawinensituation"


def test_a_h4_inside_the_paragraph_before_the_text_is_the_title(tmp_path: pathlib.Path) -> None:
    body = ('<div class="col"><p>2021-10-16 | Botschaft<br>'
            "<h4>Die Nacht der Geburt unseres Propheten sei gesegnet!</h4></p>" + TEXT + "</div>")
    found = whole_page(tmp_path, "<title>Muster Union der Anstalt für Religion e.V.</title>", body)
    assert found.title == "Die Nacht der Geburt unseres Propheten sei gesegnet!"


def test_a_one_word_h1_before_the_text_stays_the_title_over_a_subheading(tmp_path: pathlib.Path) -> None:
    # "Einzeltraining" over "Training nur für Sie": the h1 is the page's headline
    body = "<h1>Einzeltraining</h1><h2>Training nur für Sie</h2>" + TEXT
    found = whole_page(tmp_path, '<meta property="og:title" content="Einzeltraining"><title>Einzeltraining - '
                                 "Musterschule</title>", body)
    assert found.title == "Einzeltraining"


def test_of_headings_above_the_text_the_one_the_meta_title_holds_is_the_title(tmp_path: pathlib.Path) -> None:
    body = ('<h2 class="entry-title">Solopreneur Social Media: LinkedIn</h2><p>Von Dora</p>'
            "<h3>Inspiration: Friederike Gonzalez Schmitz</h3>" + TEXT)
    found = whole_page(tmp_path, "<title>Solopreneur Social Media: LinkedIn | Muster.Com</title>", body)
    assert found.title == "Solopreneur Social Media: LinkedIn"


def test_slider_captions_above_the_text_are_no_title(tmp_path: pathlib.Path) -> None:
    body = "".join(f'<div class="tp-caption Newspaper-Title">{t}</div>' for t in
                   ("Der Azubitag 2019", "Fashion ID – Deutschlands neuer Cross Channel")) + TEXT
    found = whole_page(tmp_path, "<title>FALL IN LOVE WITH BLACK – LDT – Blog</title>", body)
    assert found.title == "FALL IN LOVE WITH BLACK"


def test_a_h1_whose_words_the_reworded_title_tag_holds_is_the_title_over_a_share_prompt(tmp_path: pathlib.Path) -> None:
    # two h1s, neither contained in a meta title as it stands; og:title is the site's share prompt
    head = ('<meta property="og:title" content="Möchtest Du The Insiders mit mir zusammen beitreten?">'
            "<title>The Insiders - Schnell aufgefrischtes Haar in jeder Situation mit dem neuen Wellaflex 10-in-1 "
            "Trockenshampoo - Info (de-de)</title>")
    body = ("<h1>Wellaflex – Schnell aufgefrischtes Haar in jeder Situation mit dem 10-in-1 Trockenshampoo</h1>"
            + TEXT + "<h1>Anwendung</h1>" + TEXT)
    found = whole_page(tmp_path, head, body)
    assert found.title == "Wellaflex – Schnell aufgefrischtes Haar in jeder Situation mit dem 10-in-1 Trockenshampoo"


def test_a_heading_split_by_inline_elements_keeps_its_punctuation_closed(tmp_path: pathlib.Path) -> None:
    body = "<h1>Frauen im <span>THW</span>: Vergangenheit, Gegenwart und Zukunft</h1>" + TEXT
    found = whole_page(tmp_path, "<title>Muster</title>", body)
    assert found.title == "Frauen im THW: Vergangenheit, Gegenwart und Zukunft"


def test_a_kicker_before_a_headline_closed_by_a_full_stop_is_cut(tmp_path: pathlib.Path) -> None:
    head = "<title>Wie CreativeCommons richtig genutzt wird - futurezone.at</title>"
    found = whole_page(tmp_path, head, "<h1>KNOWHOW Wie CreativeCommons richtig genutzt wird.</h1>" + TEXT)
    assert found.title == "Wie CreativeCommons richtig genutzt wird"
