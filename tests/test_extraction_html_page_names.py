"""Headlines and bylines of HTML pages where the page's own structure tells the site's name from
the headline, and a line break tells a name from what follows it. Small pages trimmed from real
ones, written to disk and read through the real reader."""

from __future__ import annotations

import datetime as dt
import pathlib

from archive.metadata import extract
from archive.model import Extracted
from archive.sources import read_source

TODAY = dt.date(2025, 1, 1)
TEXT = "<p>" + "Ein Satz des Artikels steht hier und erzählt etwas Neues. " * 12 + "</p>"


def page(tmp_path: pathlib.Path, head: str, body: str, after: str = "") -> Extracted:
    path = tmp_path / "seite.html"
    path.write_text(f'<html lang="de"><head><meta charset="utf-8">{head}</head>'
                    f"<body>{body}<article>{TEXT}{after}</article></body></html>", encoding="utf-8")
    return extract(read_source(path, path.read_bytes()), today=TODAY)


def test_a_h1_that_is_the_site_part_of_the_title_is_no_headline(tmp_path: pathlib.Path) -> None:
    # maescot.de: the logo is a h1 too, and <title> is "headline | site"
    head = "<title>Kleine Schafskunde | Mäscot das Schaf – Webcomic</title>"
    found = page(tmp_path, head, "<h1>Mäscot das Schaf – Webcomic</h1><h1>Kleine Schafskunde</h1>")
    assert found.title == "Kleine Schafskunde"


def test_a_single_h1_naming_the_site_gives_way_to_the_title(tmp_path: pathlib.Path) -> None:
    # der-erfolg-gibt-recht.de: the blog's name is the only h1
    head = "<title>Rinderleber-Geschnetzeltes mit Apfel und Zwiebel |  Liebe geht durch den Magen</title>"
    found = page(tmp_path, head, "<h1>Liebe geht durch den Magen</h1>")
    assert found.title == "Rinderleber-Geschnetzeltes mit Apfel und Zwiebel"
    # pronats.de: the only h1 opens with the site's name the title ends with
    head = "<title>Kinder und Arbeit » ProNATs e.V.</title>"
    found = page(tmp_path, head, "<h1>ProNATs e.V. Verein zur Unterstützung arbeitender Kinder</h1>")
    assert found.title == "Kinder und Arbeit"


def test_a_section_before_the_headline_in_the_title_leaves_the_h1_alone(tmp_path: pathlib.Path) -> None:
    found = page(tmp_path, "<title>News | Kreml reagiert auf die Sanktionen</title>",
                 "<h1>Kreml reagiert auf die Sanktionen</h1>")
    assert found.title == "Kreml reagiert auf die Sanktionen"


def test_the_rest_of_a_title_whose_first_part_is_the_h1_is_the_site(tmp_path: pathlib.Path) -> None:
    # journals.univie.ac.at: a one-word h1, and the journal's name after it in <title>
    head = "<title>Beitragseinreichung\n\t\t\t| Wiener Digitale Revue</title>"
    assert page(tmp_path, head, "<h1>Beitragseinreichung</h1>").title == "Beitragseinreichung"


def test_a_three_word_second_part_behind_a_cut_site_name_stays(tmp_path: pathlib.Path) -> None:
    # outdoor-magazin.com: the h1 "Vanlife in Schweden - Skandinavien im Wohnmobil" is whole
    head = ("<title>Vanlife in Schweden - Skandinavien im Wohnmobil | outdoor-magazin.com</title>"
            '<meta property="og:site_name" content="OUTDOOR">')
    found = page(tmp_path, head, "<h1>Vanlife in Schweden - Skandinavien im Wohnmobil</h1>")
    assert found.title == "Vanlife in Schweden - Skandinavien im Wohnmobil"
    # a section of one or two words behind the site name is still cut
    head = "<title>Kreml reagiert auf die Sanktionen | Politik | DER SPIEGEL</title>"
    assert page(tmp_path, head, "").title == "Kreml reagiert auf die Sanktionen"


def test_a_line_break_ends_the_byline(tmp_path: pathlib.Path) -> None:
    # aussengedanken.de: "Von X und Y<br>Kakuma /Kenia" – the dateline is no part of a name
    body = ("<h1>Streit ums Feuerholz in Kenia</h1><p>Von <strong>Roland Brockmann</strong> und"
            " <strong>Sebastian Drescher</strong><br/><span></span><br/>Kakuma /Kenia</p>")
    found = page(tmp_path, "<title>Streit ums Feuerholz in Kenia</title>", body)
    assert found.authors == ("Roland Brockmann", "Sebastian Drescher")


def test_a_signature_with_its_role_after_a_line_break(tmp_path: pathlib.Path) -> None:
    # ditib.de: "Kazım TÜRKMEN<br />DITIB-Bundesvorsitzender" closes the statement
    closing = "<p>Möge ihre Nacht gesegnet sein.</p><p>Kazım TÜRKMEN<br />DITIB-Bundesvorsitzender</p>"
    found = page(tmp_path, "<title>Die Nacht ist gesegnet</title>", "<h1>Die Nacht ist gesegnet</h1>", closing)
    assert found.authors == ("Kazım TÜRKMEN",)


def test_a_h1_the_meta_title_names_as_headline_is_no_banner(tmp_path: pathlib.Path) -> None:
    # drk.de: <title> "site - headline", og:title and h1 the headline
    headline = "UN-Klimakonferenz in Glasgow - DRK: Immer mehr Menschen auf Hilfe angewiesen"
    head = f'<title>Deutsches Rotes Kreuz - {headline}</title><meta property="og:title" content="{headline}">'
    assert page(tmp_path, head, f"<h1>{headline}</h1>").title == headline


def test_a_h1_naming_the_host_before_the_headline_cuts_nothing_of_it(tmp_path: pathlib.Path) -> None:
    # seelenradio.de: the logo h1 "seelenradio" and <title> "seelenradio » Nummer zwei: Leo";
    # the site's name (as its address spells it) is cut, the headline kept whole
    path = tmp_path / "seite.html"
    path.write_text('<html lang="de"><head><meta charset="utf-8"><title>seelenradio » Nummer zwei: Leo</title>'
                    '<link rel="canonical" href="https://seelenradio.de/2015/08/leo/"></head><body>'
                    f"<h1>seelenradio</h1><article><h2>Nummer zwei: Leo</h2>{TEXT}</article></body></html>",
                    encoding="utf-8")
    found = extract(read_source(path, path.read_bytes()), today=TODAY)
    assert found.title == "Nummer zwei: Leo"


def test_a_byline_label_on_its_own_line_over_the_name(tmp_path: pathlib.Path) -> None:
    # hpd.de: "Von:" and the name in elements of their own
    body = ('<h1>Linke unterschlägt den Hass neuer Qualität</h1><div class="author"><span>Von:</span><br>'
            "<a>Moritz Pieczewski-Freimuth</a></div><div>18. Okt 2023</div>")
    found = page(tmp_path, "<title>Linke unterschlägt den Hass neuer Qualität</title>", body)
    assert found.authors == ("Moritz Pieczewski-Freimuth",)


def test_a_single_one_word_h1_under_a_site_wide_title_is_the_headline(tmp_path: pathlib.Path) -> None:
    # rheinruhronline.de: every page's <title> is the site's; the page's own h1 is one word
    found = page(tmp_path, "<title>Ausflugtipps Niederrhein und Ruhrgebiet</title>", "<h1>Essen-Westviertel</h1>")
    assert found.title == "Essen-Westviertel"
    # a page kind is no headline
    found = page(tmp_path, "<title>Ausflugtipps Niederrhein und Ruhrgebiet</title>", "<h1>Veranstaltungen</h1>")
    assert found.title == "Ausflugtipps Niederrhein und Ruhrgebiet"
    # nor is the site's host (jan-grosser.de)
    found = page(tmp_path, "<title>XUM1541: Dateien zwischen Linux und C64 austauschen</title>", "<h1>jan-grosser.de</h1>")
    assert found.title == "XUM1541: Dateien zwischen Linux und C64 austauschen"


def test_the_sites_name_as_its_address_spells_it_is_cut_from_the_title(tmp_path: pathlib.Path) -> None:
    # seelenradio.de, bayrische-bembel.de, bmas.de: no registry name, no h1; the title starts
    # with the site's name as the address spells it
    cases = [
        ("https://www.seelenradio.de/nummer-zwei-leo/", "seelenradio » Nummer zwei: Leo und die Sterne",
         "Nummer zwei: Leo und die Sterne"),
        ("http://bayrische-bembel.de/bbr/modules/news/article.php?storyid=504",
         "EFC Bayrische Bembel Regensburg - Eintracht Frankfurt stellt Weichen für die Zukunft",
         "Eintracht Frankfurt stellt Weichen für die Zukunft"),
        ("https://www.bmas.de/DE/Service/Presse/Meldungen/2022/aenderung.html",
         "BMAS - Änderung der Anforderungen an Impfnachweise",
         "Änderung der Anforderungen an Impfnachweise"),
    ]
    for url, title, expected in cases:
        head = f'<title>{title}</title><link rel="canonical" href="{url}">'
        assert page(tmp_path, head, "").title == expected, url


def test_a_title_part_that_only_holds_a_subdomain_or_a_short_name_stays(tmp_path: pathlib.Path) -> None:
    # neubau.wsl.ch: "Neubau" is the subdomain, not the site; a three-letter site name ("wsl")
    # is too likely inside a word to be cut on its own
    head = ('<title>Neubau Werkstattgebäude - Neubau WSL Birmensdorf</title>'
            '<link rel="canonical" href="https://neubau.wsl.ch/de/projekt">')
    assert page(tmp_path, head, "").title == "Neubau Werkstattgebäude - Neubau WSL Birmensdorf"
    # a first part of five words is a headline even with the site's name in it
    head = ('<title>Seelenradio startet heute die neue Sendung - Musik für die Nacht</title>'
            '<link rel="canonical" href="https://www.seelenradio.de/neu/">')
    assert page(tmp_path, head, "").title == \
        "Seelenradio startet heute die neue Sendung - Musik für die Nacht"
