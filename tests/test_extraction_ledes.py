"""The lede (standfirst) a page marks is kept: as the teaser, or in the body, never lost.

Each page below is the trimmed structure of a real page whose lede the extractor lost (the
class names, nesting and order are the page's own; the sentences are shortened). The truth is
what the markup itself marks: the element named as the lede, or the block under the headline
that shows the page's own description. Nothing here asks the extractor which block it chose.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import re

import pytest

from archive.metadata import extract
from archive.model import Extracted
from archive.sources import read_source

TODAY = dt.date(2025, 1, 1)

BODY = ("<p>Der Verband hat am Montag in Berlin seine Pläne für das kommende Jahr vorgestellt. Die Vorsitzende "
        "sprach von einer schwierigen Lage, die nur gemeinsam zu bewältigen sei, und bat um Geduld.</p>"
        "<p>Mehrere Mitglieder hatten zuvor Kritik an der Finanzierung geübt. Sie fordern mehr Geld für die "
        "Arbeit vor Ort und eine verlässliche Planung über mehrere Jahre hinweg.</p>"
        "<p>Eine Entscheidung über den Haushalt soll im Frühjahr fallen. Bis dahin bleibt offen, welche Projekte "
        "weiterlaufen können und welche eingestellt werden müssen.</p>")
FIRST = "Der Verband hat am Montag in Berlin seine Pläne für das kommende Jahr vorgestellt."


def page(body: str, title: str = "Pläne für das kommende Jahr vorgestellt", description: str = "") -> Extracted:
    meta = f'<meta property="og:description" content="{description}">' if description else ""
    html = (f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{title}</title>{meta}</head>'
            f"<body>{body}</body></html>")
    return extract(read_source(pathlib.Path("seite.html"), html.encode("utf-8")), TODAY)


def squashed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def kept(found: Extracted, lede: str) -> bool:
    return lede in squashed(found.teaser) or lede in squashed(found.body)


# --- the headline itself is no lede, whatever its class says -----------------------------------

BMBF_LEDE = "Das Ministerium fördert die Entwicklung eines Gütesiegels für Lernapps und -plattformen"


def test_a_headline_named_intro_is_not_taken_for_the_lede() -> None:
    # bmbf.de: the headline is "c-intro__headline" inside "c-intro"; the lede follows in
    # "c-intro__introduction". A hidden "Navigation und Service" h1 opens the page.
    found = page('<header><h1 class="aural" aria-hidden="true">Navigation und Service</h1>'
                 '<nav><ul><li><a href="/a">Inhalt</a></li><li><a href="/b">Suche</a></li></ul></nav></header>'
                 '<main class="main"><div class="content"><div class="row"><div class="small-12 columns">'
                 '<div class="c-intro"><h1 class="c-intro__headline"><span>Forschungsprojekt legt Grundstein für '
                 'Datenschutz in der Bildung</span><small class="c-topline"><span>Datum:</span>'
                 '<time datetime="2022-01-26">26.01.2022</time></small></h1>'
                 f'<div class="c-intro__introduction"><p>{BMBF_LEDE}</p></div></div>'
                 f'<div class="row"><div class="s-richtext">{BODY}</div></div></div></div></div></main>',
                 title="Forschungsprojekt legt Grundstein für Datenschutz in der Bildung")
    assert squashed(found.teaser) == BMBF_LEDE, found.teaser
    assert FIRST in found.body


# --- a marked lede the old rules did not read as marked ----------------------------------------

KATHOLISCH_LEDE = ("Plattform zum Tag der Kinderrechte: Betreuungszeiten auch außerhalb der Kindergarten- oder "
                   "Unterrichtszeit sicherstellen")


def test_a_camel_case_teaser_class_marks_the_lede() -> None:
    # katholisch.at: <div class="modTeaser"> right under the headline
    found = page('<section id="contentBox"><div class="article detail"><div class="content">'
                 '<div class="headerInfo"><h1 class="modTitle">Pläne für das kommende Jahr vorgestellt</h1>'
                 f'<div class="modTeaser"><div class="swslang"><p>{KATHOLISCH_LEDE}</p></div></div></div>'
                 '<div class="socialshareBox"><div class="pubdate">19.11.2021</div></div>'
                 f'<div class="modBody"><div class="swslang">{BODY}</div></div></div></div></section>')
    assert squashed(found.teaser) == KATHOLISCH_LEDE, found.teaser


DTB_LEDE = "Kultur- und Strukturwandel im Verband – Zwischenfazit nach einem Jahr Leistung mit Respekt"


def test_a_section_named_as_the_intro_is_the_lede() -> None:
    # dtb.de: <section class="main-article-intro"> between the header and the chapters
    found = page('<main class="main-article"><div class="main-article-wrapper"><article><header>'
                 '<p>Verband</p><h1>Pläne für das kommende Jahr vorgestellt</h1><p class="meta-info">03.02.2022 '
                 f'15:34</p></header><section class="main-article-intro"><p></p><p>{DTB_LEDE}</p></section>'
                 '<figure><img src="a.jpg"><figcaption>Ein Zwischenfazit</figcaption></figure>'
                 f'<section class="main-article-chapter"><div class="main-article-chapter-inner">{BODY}</div>'
                 '</section></article></div></main>')
    assert squashed(found.teaser) == DTB_LEDE, found.teaser


# --- a caption before the headline is no lede --------------------------------------------------

FLVW_LEDE = ("Hoch hinaus ging es für die Springerin am Sonntag beim dritten Teil der westfälischen "
             "Hallenmeisterschaften in Dortmund, wo sie sich um einen Zentimeter steigerte.")
FLVW_CAPTION = "Die Springerin vom SV Teuto Riesenbeck flog im Hochsprung allen davon"


def test_a_carousel_caption_above_the_headline_is_not_the_lede() -> None:
    # flvw.de: the image carousel's "carousel-description" stands above the headline; the lede
    # is the "teaser-text" (itemprop description) under it
    found = page('<div class="news news-single"><div class="article"><div id="news-image-rotation" '
                 'class="carousel slide"><div class="carousel-inner"><div class="item active"><img src="a.jpg">'
                 f'<p class="carousel-description">{FLVW_CAPTION}</p></div></div></div>'
                 '<div class="header"><h1 class="detail-headline" itemprop="headline">Pläne für das kommende '
                 'Jahr vorgestellt</h1></div>'
                 f'<div class="teaser-text" itemprop="description"><p>{FLVW_LEDE}</p></div>'
                 f'<div class="news-text-wrap" itemprop="articleBody">{BODY}</div></div></div>')
    assert squashed(found.teaser) == FLVW_LEDE, found.teaser
    assert FLVW_CAPTION not in found.body


# --- a lede inside what the body extractor removes as page furniture ----------------------------

INFOSPERBER_LEDE = "Die ehemalige Kolonie steht vor dem Niedergang. Das wird auch eine Niederlage für Paris sein."


def test_a_lede_in_the_byline_paragraph_is_kept_without_the_byline() -> None:
    # infosperber.ch: <p class="author-meta"> holds the byline, the date and the lede in <strong>
    found = page('<article class="post"><div class="article-content"><header class="entry-header">'
                 '<h1 class="entry-title">Pläne für das kommende Jahr vorgestellt</h1></header>'
                 '<div class="entry-content"><p class="author-meta"><em><a href="/red">Red.</a> / </em><em>'
                 '<time class="entry-date published">31.10.2023</time></em> '
                 f'<strong> {INFOSPERBER_LEDE}\n</strong></p></div>'
                 f'<div class="entry-content">{BODY}</div></div></article>', description=INFOSPERBER_LEDE)
    assert squashed(found.teaser) == INFOSPERBER_LEDE, found.teaser
    assert "31.10.2023" not in found.teaser


FALSTAFF_LEDE = ("Auf einen Blick: Jahrhundertelang war der edelsüße Ausbruch der berühmteste Wein der Gegend. "
                 "Seit dem Jahr 2020 ist er als geschützte Herkunft ausgestattet.")


def test_a_lede_in_the_sidebar_header_beside_the_text_is_kept() -> None:
    # falstaff.de: the headline again and the teaser in the "sidebar__item--header" beside the text
    found = page('<main class="site-main"><article class="post"><div class="row"><div class="header-image">'
                 '<div class="info"><div class="text"><h1>Pläne für das kommende Jahr vorgestellt</h1>'
                 '<div class="description"><p>Rust am Westufer des Sees.</p><p>© WSNA</p></div></div></div>'
                 '</div></div><div class="row" id="fs-page-details"><div class="sidebar js-copypaste">'
                 '<div class="sidebar__item sidebar__item--header"><p class="h1">Pläne für das kommende Jahr '
                 f'vorgestellt</p><p class="teaser">{FALSTAFF_LEDE}</p><p class="time"><time>28. Januar 2022'
                 f'</time></p></div></div><div class="content">{BODY}</div></div></article></main>')
    assert squashed(found.teaser) == FALSTAFF_LEDE, found.teaser
    assert "Rust am Westufer" not in found.teaser + found.body


# --- the page's description, shown as one block under the headline ------------------------------

AZ_LEDE = ("Der frühere Stürmer spricht im Interview über die Chancen des Vereins in der Champions League "
           "und den heißen Meisterkampf.")
MINUTEN_LEDE = ("Saubere Sache: Das Unternehmen für Reinigungs- und Hausmeisterdienste wächst nun über die "
                "Grenzen Kärntens hinaus und expandiert bis in die Bundeshauptstadt.")
BKA_LEDE = "Neue Taskforce des Bundeskriminalamtes nimmt die Arbeit auf"
CDU_POINTS = ("Der Abgeordnete über das gewaltige Potenzial der Technologie",
              "Hohe Speicher- und Transportfähigkeit als wesentliche Vorteile")
UBA_LEDE = ("Der Entwurf der Kommission würde verhindern, dass die Taxonomie ein wirksames Transparenzinstrument "
            "für die Finanzmärkte ist, so das Umweltbundesamt.")

DESCRIBED = {
    # abendzeitung-muenchen.de: <section class="artdetail_short"> under the headline
    "section": ('<article class="artdetail"><header class="artdetail_header"><span class="badge">Interview</span>'
                '<h1>Pläne für das kommende Jahr vorgestellt</h1></header>'
                f'<section class="artdetail_short ">{AZ_LEDE}</section><section class="artdetail_time">'
                '<time datetime="2023-11-07T10:38:00+01:00">07. November 2023</time></section>'
                f'<section class="artdetail_text">{BODY}</section></article>', AZ_LEDE, AZ_LEDE),
    # 5min.at: an <h2> of running text right under the headline, in the header
    "h2": ('<main id="main"><article class="single"><section><header class="border-b"><div class="relative">'
           f'<h1 class="mt-2">Pläne für das kommende Jahr vorgestellt</h1> <h2>{MINUTEN_LEDE}</h2></div></header>'
           f'<div class="content single-content">{BODY}</div></section></article></main>',
           MINUTEN_LEDE, MINUTEN_LEDE),
    # bka.de: a one-line subtitle in its own band under the headline's band
    "short": ('<div class="headerContent"><div class="row"><div class="frameBox"><h1>Pläne für das kommende Jahr '
              'vorgestellt</h1></div></div></div><div class="headerText"><div class="row"><div class="frameBox">'
              f'<div class="textContainer"><p>{BKA_LEDE}</p></div></div></div></div>'
              '<div class="module-color-weiss"><div class="row"><div class="frameBox contentBox">'
              f'<div class="content small-12 columns" id="content">{BODY}</div></div></div></div>',
              BKA_LEDE, BKA_LEDE),
    # cducsu.de: the standfirst as bullet points under the headline
    "bullets": ('<article><header class="head"><div class="head__right"><div class="head__line"><div '
                'class="head__content"><h1 class="head__headline">Pläne für das kommende Jahr vorgestellt</h1>'
                f'<p></p><ul><li>{CDU_POINTS[0]} </li><li>{CDU_POINTS[1]}</li></ul></div></div></div></header>'
                f'<div class="wysiwyg">{BODY}</div></article>', " ".join(CDU_POINTS), " ".join(CDU_POINTS)),
    # umweltbundesamt.de: "<strong><p>…</p></strong>" after the picture, the headline an <h2>
    # and a hidden <h1> repeating the <title> for screen readers at the top
    "strong": ('<header class="region-header"><div><h1 class="visuallyhidden">Pläne für das kommende Jahr '
               'vorgestellt | Umweltbundesamt</h1></div></header>'
               '<article class="node node-news"><div class="article-content"><h2 class="title nosub aka-h1">Pläne '
               'für das kommende Jahr vorgestellt</h2> <div class="content-box"><figure><img src="a.jpg">'
               f'<figcaption>Ein Bild.</figcaption></figure><strong><p>{UBA_LEDE}</p></strong></div>'
               '<div class="row-fluid"><div class="article-meta"><time>25.01.2022</time></div></div>'
               f'<div class="field-body">{BODY}</div></div></article>', UBA_LEDE, UBA_LEDE),
}


@pytest.mark.parametrize("kind", sorted(DESCRIBED))
def test_the_description_shown_under_the_headline_is_kept(kind: str) -> None:
    markup, description, lede = DESCRIBED[kind]
    found = page(markup, description=description, title="Pläne für das kommende Jahr vorgestellt | Umweltbundesamt")
    assert kept(found, lede), (found.teaser, found.body[:300])
    assert FIRST in found.body


def test_a_description_shown_only_in_a_list_of_links_is_no_lede() -> None:
    # awo.org: the page's description appears only in the sidebar's list of latest articles,
    # as the teaser of a link to the page itself
    description = "Ein Appell an die nächste Bundesregierung für eine angemessene Gesundheitsversorgung"
    found = page('<div class="row"><div class="columns large-8"><h1>Pläne für das kommende Jahr vorgestellt</h1>'
                 f'<div class="text">{BODY}</div></div><div class="columns large-4 marginal"><div class="artikel-liste">'
                 '<div class="views-row"><a href="/a"><div class="teaser"><div class="teaser-text">'
                 f'<h2>Menschenrechte achten</h2><p>{description}</p></div></div></a></div></div></div></div>',
                 description=description)
    assert description not in found.teaser + found.body


# --- the intro outside the text's container, the text's first paragraph stays the body's -------

INTRO_LEDE = ("In der Nacht auf Samstag haben zwei junge Lenker unabhängig voneinander einen Unfall mit ihrem "
              "Sportwagen gebaut. Beide Autos sind Schrott.")


def test_an_intro_beside_the_text_is_the_lede_and_the_first_paragraph_stays_in_the_body() -> None:
    # telebasel: <div class="tb-article-intro"> between the header and the share bar, the text's
    # container after them; the menu's "Telebasel" heading is part of the <title> too
    found = page('<div class="wsmenucontainer"><div class="header"><nav class="wsmenu"><ul><li class="widget">'
                 '<h2 class="widgettitle">Telebasel</h2></li></ul></nav></div></div><main id="main"><article class="post"><div class="container"><header class="tb-article-header">'
                 '<h2 class="tb-article-region"><span>Region</span></h2><h1 class="tb-article-title">Pläne für '
                 'das kommende Jahr vorgestellt</h1><div class="tb-article-meta"><time class="tb-article-date">'
                 '19.10.2019 11:36</time></div></header>'
                 f'<div class="tb-article-intro"> {INTRO_LEDE} </div>'
                 '<div class="shariff"><ul class="shariff-buttons"><li><a href="/s">teilen</a></li></ul></div>'
                 # the text's first paragraph is a "lead" too, in the next container
                 '</div><div class="container"><div class="tb-article-content">'
                 + BODY.replace("<p>", '<p class="lead">', 1) + '</div></div></article></main>',
                 title="Pläne für das kommende Jahr vorgestellt | Telebasel")
    assert squashed(found.teaser) == INTRO_LEDE, found.teaser
    assert squashed(found.body).startswith(FIRST), found.body[:200]


# --- what stands under the headline and is no lede ----------------------------------------------

def test_an_authors_description_is_not_the_lede() -> None:
    # channelpartner.de: the author's bio "idgArticleAuthorDescription" stands above the abstract
    bio = ("Olaf Kempin ist Mitgründer und Geschäftsführer eines Personaldienstleisters. Er beschäftigt sich mit "
           "Fragen rund um den Arbeitsmarkt.")
    lede = "Die Digitalisierung vernichtet Arbeitsplätze, doch sie schafft auch neue Berufsbilder."
    found = page('<article class="idgArticleDetail"><div class="row"><div class="col-md-8"><header class="row">'
                 '<h1>Pläne für das kommende Jahr vorgestellt</h1><div class="idgArticleAuthor"><div class="row">'
                 f'<div class="col-xs-12 idgArticleAuthorDescription">{bio}</div></div></div>'
                 f'<div class="abstract">{lede}</div></header><div class="row" id="articlebody">{BODY}</div>'
                 '</div></div></article>')
    assert squashed(found.teaser) == lede, found.teaser
    assert "Mitgründer" not in found.teaser + found.body


def test_a_consent_banner_after_the_headline_is_not_the_lede() -> None:
    # coin-update.de: the consent dialog's "description" follows the headline in the markup
    found = page('<h1 class="elementor-heading-title">Pläne für das kommende Jahr vorgestellt</h1>'
                 f'<div class="elementor-widget-container">{BODY}</div>'
                 '<div class="cmplz-cookiebanner"><div class="cmplz-message"><p class="cmplz-description">Wir '
                 'benötigen Ihre Zustimmung, bevor Sie unsere Website weiter besuchen können.</p></div></div>')
    assert "Zustimmung" not in found.teaser + found.body


def test_a_lede_wrapper_with_the_picture_and_its_caption_gives_the_lede_alone() -> None:
    # bundesrat.de: the "teaser" block holds the picture, its caption and credit, then the lede
    lede = ("77 Jahre nach der Befreiung des Konzentrationslagers gedachte Deutschland der vielen Millionen Opfer. "
            "Der Präsident nahm an der Gedenkstunde teil.")
    found = page('<div class="article"><h1>Pläne für das kommende Jahr vorgestellt</h1><div class="teaser">'
                 '<figure><img src="a.jpg"><figcaption>Vertreter der Verfassungsorgane hinter dem Schriftzug © '
                 f'Presseamt | Foto</figcaption></figure><p>{lede}</p></div><div class="text">{BODY}</div></div>',
                 description=lede)
    assert squashed(found.teaser) == lede, found.teaser
    assert "Presseamt" not in found.teaser + found.body


def test_a_teaser_heading_styled_with_a_caption_utility_class_is_the_lede() -> None:
    # eurosport.de: the hero's lede is an <h2 class="ArticleHeroBlack__teaser--light … caption-s5-fx">
    lede = ("Eigentlich sollte in Peking der Sport in den Vordergrund rücken. Stattdessen musste sich die "
            "Delegation mit einem weiteren Fall auseinandersetzen.")
    found = page('<div class="ArticleHero"><h1 class="ArticleHeroBlack__title--light font-bold">Pläne für das '
                 'kommende Jahr vorgestellt</h1><h2 class="ArticleHeroBlack__teaser--light mb-5 caption-s5-fx '
                 f'light:text-br-2-20">{lede}</h2></div><div class="article-body">{BODY}</div>')
    assert squashed(found.teaser) == lede, found.teaser


def test_an_affiliate_notice_under_the_headline_is_not_the_lede() -> None:
    # giga.de: "alice-affiliate-info" stands between the headline and the text
    notice = ("Für Links auf dieser Seite erhält die Redaktion ggf. eine Provision vom Händler, z.B. für mit blauer "
              "Unterstreichung gekennzeichnete. Mehr Infos.")
    found = page('<div class="alice-root-content"><div class="alice-root-container container">'
                 '<h1 class="alice-title">Pläne für das kommende Jahr vorgestellt</h1>'
                 f'<div class="alice-affiliate-info"><i class="icon"></i><div>{notice}</div></div>'
                 f'<div class="alice-layout-article-body">{BODY}</div></div></div>')
    assert "Provision" not in found.teaser + found.body, found.teaser
    assert FIRST in found.body
