"""Author forms of blogs, forums and small sites, each with and without its cue: the user name
before a post's date, a signed closing line, "<date> von X", a site's name that only contains the
host, a theme's credit in <meta name=author>, a first name completed from its JSON-LD profile,
and an expert's "Zur Person" box that is not the author's."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from archive.metadata import extract
from archive.model import Extracted
from archive.sources import read_source

PARAGRAPHS = ("<p>Am Wochenende hat der Verein sein neues Vereinsheim am Stadtrand eröffnet. Mehr als zweihundert"
              " Gäste kamen zur Feier, darunter der Bürgermeister und Vertreter der Nachbarvereine.</p>"
              "<p>Der Bau hat knapp zwei Jahre gedauert und wurde zu einem großen Teil von den Mitgliedern selbst"
              " gestemmt. Fast jedes Wochenende waren Freiwillige auf der Baustelle.</p>"
              "<p>Im neuen Haus gibt es einen Saal für Versammlungen, eine Küche und Umkleiden für die"
              " Jugendmannschaften, die bisher in Containern untergebracht waren.</p>")


def page(header: str = "", closing: str = "", head: str = "", host: str = "www.vereinsblog.example.de") -> Extracted:
    markup = (f'<html lang="de"><head><title>Neues Vereinsheim eröffnet</title>'
              f'<link rel="canonical" href="https://{host}/2019/10/vereinsheim.html">{head}</head><body>'
              f"<article><h1>Neues Vereinsheim eröffnet</h1>{header}{PARAGRAPHS}{closing}</article></body></html>")
    return extract(read_source(pathlib.Path("page.html"), markup.encode()), today=dt.date(2025, 1, 1))


@pytest.mark.parametrize("line, name", [
    ("MikeNils 18.10.2019, 15:07 Uhr", "MikeNils"),
    ("macbacchi 28.09.19 12:44", "macbacchi"),
])
def test_a_user_name_before_the_posts_date(line: str, name: str) -> None:
    assert page(header=f"<div><a href='/user/1'>{line.split()[0]}</a> {line.split(' ', 1)[1]}</div>").authors == (name,)


@pytest.mark.parametrize("line", ["Hemer 18.10.2019", "Stand 18.10.2019, 15:07 Uhr", "vom 18.10.2019"])
def test_a_place_or_a_label_before_a_date_is_no_user_name(line: str) -> None:
    assert page(header=f"<div>{line}</div>").authors == ()


@pytest.mark.parametrize("closing, name", [
    ("<p>Euer HansEhrlich</p>", "HansEhrlich"),
    ("<p>Benni<br>10. September 2017</p>", "Benni"),
    ("<p>Viele Grüße, Jana Beispiel</p>", "Jana Beispiel"),
    ("<p>Stefan Wasmer</p>", "Stefan Wasmer"),
])
def test_a_signed_closing_line_names_the_author_and_leaves_the_body(closing: str, name: str) -> None:
    extracted = page(closing=closing)
    assert extracted.authors == (name,)
    assert name not in extracted.body
    assert extracted.body.endswith("in Containern untergebracht waren.")


@pytest.mark.parametrize("closing", ["<p>Viel Glück!</p>", "<p>Euer Vorstand</p>", "<p>Bis bald</p>"])
def test_a_closing_wish_is_no_signature(closing: str) -> None:
    assert page(closing=closing).authors == ()


def test_von_right_after_the_date_and_time() -> None:
    header = "<div class='info'>Stars (1 / 1) 06.11.2023 13:30 von Olga Symbolbild imago</div>"
    assert page(header=header).authors == ("Olga",)
    assert page(header=header.replace(" von Olga", "")).authors == ()


def test_a_meta_author_that_contains_the_sites_name_is_the_site() -> None:
    head = '<meta name="author" content="EFC Bayrische Bembel">'
    host = "bayrische-bembel.de"
    assert page(head=head, host=host).authors == ()
    byline = "<span class='itemPoster'>Geschrieben von <a href='/user/7'>Cooper</a></span>"
    assert page(head=head, host=host, header=byline).authors == ("Cooper",)


def test_a_meta_author_crediting_another_site_is_a_theme_credit() -> None:
    assert page(head='<meta name="author" content="Frank Bueltge - http://bueltge.de">').authors == ()
    own = '<meta name="author" content="Frank Bueltge - https://www.vereinsblog.example.de/autor/frank">'
    assert page(head=own).authors == ("Frank Bueltge",)


def test_a_first_name_completed_from_the_json_ld_profile() -> None:
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Neues Vereinsheim eröffnet",'
          ' "author": {"@type": "Person", "name": "Stefanus", "description": "%s"}}</script>')
    assert page(head=ld % "Stefanus Stahl - fährt seit 20 Jahren Rad").authors == ("Stefanus Stahl",)
    assert page(head=ld % "fährt seit 20 Jahren Rad").authors == ("Stefanus",)


def test_an_experts_zur_person_box_is_not_the_author() -> None:
    box = "<div class='box'><h3>Zur Person</h3><p>Dr. Josef Kastner ist Tierarzt in Wien.</p></div>"
    assert page(closing=box).authors == ()
    byline = "<div class='metaInfo'>Ein Artikel von <strong>Pamela Sladky</strong> | 27.01.2022</div>"
    assert page(header=byline, closing=box).authors == ("Pamela Sladky",)


@pytest.mark.parametrize("header", [
    "<div class='author'><p>Johanna Kropfitsch</p><a href='/autor/jk'>Alle Artikel</a></div>",
    "<div><a href='/autoren/kathrin'>Kathrin Führes</a></div><div>am</div><div>Mittwoch, 26.01.2022 - 14:30</div>",
])
def test_a_name_over_a_link_to_the_authors_articles_or_over_the_date(header: str) -> None:
    name = "Johanna Kropfitsch" if "Johanna" in header else "Kathrin Führes"
    assert page(header=header).authors == (name,)
    assert page(header=header.replace("Alle Artikel", "Teilen").replace("<div>am</div>", "")).authors == ()


@pytest.mark.parametrize("header", [
    "<div>dpa 18.10.2019, 15:07 Uhr</div>",  # an agency, not a user
    "<div>golem.de 18.10.2019</div>",  # a domain
    "<div>erschienen 18.10.2019</div>",  # a label
    "<div>Seit 14:00 Uhr von Polizei gesperrt</div>",  # "von" in a sentence
    "<div>Am 06.11.2023 von Olga Schmidt und Peter Meier besucht</div>",
    "<div>Großer Flohmarkt</div><div>am 12.05.2022</div>",  # an event's heading over its date
])
def test_lines_that_only_look_like_bylines(header: str) -> None:
    assert page(header=header).authors == ()


def test_a_place_and_date_closing_a_press_release_is_no_signature() -> None:
    extracted = page(closing="<p>Bad Homburg, 10. September 2017</p>")
    assert extracted.authors == ()


def test_a_person_named_like_part_of_the_host_is_kept() -> None:
    head = '<meta name="author" content="Anna Lena Schmidt">'
    assert page(head=head, host="lenaschmidt.de").authors == ("Anna Lena Schmidt",)
