"""The article's own address when the page names no canonical one: the places a page repeats its
address for itself (share buttons, the alternate in its own language, its comment feed, its
breadcrumb) — and never a link to another page."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from archive.metadata import extract
from archive.model import Extracted
from archive.sources import read_source

BODY = ("<p>Der Gemeinderat hat am Dienstag beschlossen, die Brücke über die Aare im kommenden Jahr"
        " zu sanieren. Die Arbeiten sollen im Frühling beginnen und bis zum Herbst dauern.</p>"
        "<p>Während der Bauzeit wird der Verkehr über eine Behelfsbrücke geführt. Fußgänger und"
        " Radfahrende können die Baustelle auf einem eigenen Steg passieren.</p>")


def page(head: str = "", body_extra: str = "", lang: str = "de") -> Extracted:
    markup = (f'<html lang="{lang}"><head><title>Brücke wird saniert</title>{head}</head><body>'
              f"<article><h1>Brücke wird saniert</h1>{BODY}{body_extra}</article>"
              '<a href="https://www.example-nachbar.de/andere-seite.html">Nachbarn</a></body></html>')
    return extract(read_source(pathlib.Path("page.html"), markup.encode()), today=dt.date(2025, 1, 1))


SHARE = "https://www.nzz.ch/zuerich/bruecke-wird-saniert-ld.1234"


@pytest.mark.parametrize("button", [
    '<a href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fwww.nzz.ch%2Fzuerich'
    '%2Fbruecke-wird-saniert-ld.1234">Facebook</a>',
    f'<a href="https://twitter.com/intent/tweet?text=Br%C3%BCcke&amp;url={SHARE}">X</a>',
    f'<a href="https://api.whatsapp.com/send?text=Br%C3%BCcke%20wird%20saniert%20{SHARE}">WhatsApp</a>',
    f'<a href="mailto:?subject=Lesetipp&amp;body=Interessanter%20Artikel:%20{SHARE}">E-Mail</a>',
])
def test_the_address_its_share_buttons_share(button: str) -> None:
    extracted = page(body_extra=f'<div class="share">{button}</div>')
    assert extracted.url == SHARE
    assert extracted.origins["url"] == "page-links"
    assert extracted.outlet == "Neue Zürcher Zeitung"  # the outlet follows from the address's domain


def test_a_share_button_for_the_front_page_is_not_the_article_address() -> None:
    extracted = page(body_extra='<a href="https://www.facebook.com/sharer.php?u=https://www.nzz.ch/">teilen</a>')
    assert extracted.url is None


def test_a_canonical_link_beats_the_share_buttons() -> None:
    extracted = page(head='<link rel="canonical" href="https://www.nzz.ch/region/kanonisch-ld.99">',
                     body_extra=f'<a href="https://www.facebook.com/sharer.php?u={SHARE}">teilen</a>')
    assert extracted.url == "https://www.nzz.ch/region/kanonisch-ld.99"
    assert extracted.origins["url"] == "meta"


@pytest.mark.parametrize("lang, expected", [
    ("de-CH", "https://www.sac-cas.ch/de/umwelt/schneesport-35334/"),
    ("de", "https://www.sac-cas.ch/de/umwelt/schneesport-35334/"),  # the only German alternate
    ("", None),  # no language of its own: no alternate is the page
])
def test_the_alternate_in_the_pages_own_language(lang: str, expected: str | None) -> None:
    head = ('<link rel="alternate" hreflang="fr-CH" href="https://www.sac-cas.ch/fr/environnement/sports-35334/">'
            '<link rel="alternate" hreflang="de-CH" href="https://www.sac-cas.ch/de/umwelt/schneesport-35334/">'
            '<link rel="alternate" hreflang="it-CH" href="https://www.sac-cas.ch/it/ambiente/sport-35334/">')
    assert page(head=head, lang=lang).url == expected


def test_a_posts_comment_feed_names_the_post() -> None:
    head = ('<link rel="alternate" type="application/rss+xml" title="Beispiel &raquo; Feed"'
            ' href="https://exxpress.at/feed/">'
            '<link rel="alternate" type="application/rss+xml" title="Beispiel &raquo; Brücke wird saniert'
            ' Kommentar-Feed" href="https://exxpress.at/bruecke-wird-saniert/feed/">')
    extracted = page(head=head)
    assert extracted.url == "https://exxpress.at/bruecke-wird-saniert/"
    assert extracted.origins["url"] == "page-links"


def test_the_last_item_of_a_json_ld_breadcrumb() -> None:
    crumbs = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "BreadcrumbList",'
              ' "itemListElement": ['
              '{"@type": "ListItem", "position": 2, "item": {"@id": "https://www.adac.de/tests/bruecke/",'
              ' "name": "Brücke wird saniert"}},'
              '{"@type": "ListItem", "position": 1, "item": {"@id": "https://www.adac.de/tests/", "name": "Tests"}}'
              ']}</script>')
    assert page(head=crumbs).url == "https://www.adac.de/tests/bruecke/"


def test_links_to_other_pages_never_become_the_address() -> None:
    extracted = page(body_extra='<a href="https://www.nzz.ch/region/andere-meldung-ld.77">Mehr</a>')
    assert extracted.url is None


def test_a_relative_canonical_resolved_by_a_printed_link_to_the_page() -> None:
    canonical = '<link rel="canonical" href="/sport/fussball/remis-als-mutmacher,eintracht2488.html">'
    printed = ('<p class="article_url"><a href="https://www.ndr.de/sport/fussball/remis-als-mutmacher,eintracht2488.html">'
               "https://www.ndr.de/sport/fussball/remis-als-mutmacher,eintracht2488.html</a></p>")
    extracted = page(head=canonical, body_extra=printed)
    assert extracted.url == "https://www.ndr.de/sport/fussball/remis-als-mutmacher,eintracht2488.html"
    assert extracted.outlet == "NDR"
    assert page(head=canonical).url is None  # the site's origin named nowhere: nothing to resolve against


@pytest.mark.parametrize("head, body_extra", [
    # a template's placeholder address: nothing to take, and no crash
    ('<link rel="canonical" href="https://[x">', '<a href="http://[link]">Link</a>'),
    # the whole site's comment feed names no post
    ('<link rel="alternate" type="application/rss+xml" title="Blog &raquo; Kommentar-Feed"'
     ' href="https://beispiel.de/comments/feed/">', ""),
    # a language switcher's target is the language's front page
    ('<link rel="alternate" hreflang="de" href="https://www.site.ch/de/">', ""),
    # tracking parameters do not make the front page an article
    ("", '<a href="https://www.facebook.com/sharer.php?u=https%3A%2F%2Fwww.nzz.ch%2F%3Futm_source%3Dfb">teilen</a>'),
    # share buttons of teasers share other articles
    ("", '<aside class="related"><a href="https://www.facebook.com/sharer.php?u=https://www.nzz.ch/andere-0.html">'
         "teilen</a></aside>"),
    # teasers each sharing their own article: no majority names the page
    ("", "".join(f'<div class="box"><a href="https://www.facebook.com/sharer.php?u=https://www.nzz.ch/a-{n}.html">'
                 "teilen</a></div>" for n in range(3))),
])
def test_no_address_from_what_is_not_the_pages_own(head: str, body_extra: str) -> None:
    assert page(head=head, body_extra=body_extra).url is None


def test_a_share_button_beats_a_breadcrumb_that_ends_at_the_section() -> None:
    crumbs = ('<script type="application/ld+json">{"@type": "BreadcrumbList", "itemListElement": ['
              '{"@type": "ListItem", "position": 1, "item": {"@id": "https://www.nzz.ch/zuerich/", "name": "Zürich"}}'
              ']}</script>')
    button = f'<a href="https://www.facebook.com/sharer.php?u={SHARE}">teilen</a>'
    assert page(head=crumbs, body_extra=button).url == SHARE
    assert page(head=crumbs).url == "https://www.nzz.ch/zuerich/"
