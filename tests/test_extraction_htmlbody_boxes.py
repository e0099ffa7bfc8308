"""Boxes inside and after an article that are no article text: teaser cards of other articles,
a picture's caption box, the writer's bio box, a social network's embedded post; and what must
stay: the article's own subheadings, a forum post under its writer's linked name, a content
system's text-and-image block.

Each page is a trimmed copy of a real page's structure (named at each test), its text shortened;
the truth is what the page shows as its article, read off the markup by hand.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import re

from archive.metadata import extract
from archive.model import Extracted
from archive.sources import read_source

TODAY = dt.date(2025, 1, 1)

FIRST = ("Die Jugendverbände der Landwirtschaft in Nordrhein-Westfalen fordern eine Prämie für junge Landwirte, "
         "die einen Betrieb übernehmen oder neu gründen, und legen dazu ein gemeinsames Papier vor.")
SECOND = ("Die Ministerin zeigte sich offen für den Vorschlag, verwies aber auf die knappen Mittel des Landes, "
          "die schon für andere Förderprogramme, für den Wald und für die Tierhaltung verplant seien.")
THIRD = ("Bis zum Sommer soll eine Arbeitsgruppe klären, wie hoch die Prämie ausfallen könnte, wer sie bekommt "
         "und welche Auflagen damit verbunden wären, sagte ein Sprecher des Ministeriums am Montag.")


def page(inside: str, after: str = "", title: str = "Prämie für Junglandwirte im Gespräch") -> str:
    """An article page: headline, three paragraphs with `inside` between the second and the third,
    and `after` following the third in the same block, as the pages print them."""
    return (f"<html><head><title>{title}</title></head><body><main><article><h1>{title}</h1>"
            f"<div class='article-content'><p>{FIRST}</p><p>{SECOND}</p>{inside}<p>{THIRD}</p>{after}</div>"
            f"</article></main></body></html>")


def extract_html(tmp_path: pathlib.Path, html: str) -> Extracted:
    path = tmp_path / "page.html"
    path.write_text(html, "utf-8")
    return extract(read_source(path, path.read_bytes()), TODAY)


def text_of(found: Extracted) -> str:
    return re.sub(r"\s+", " ", " ".join((found.teaser, found.body))).strip()


def assert_article_kept(found: Extracted) -> None:
    text = text_of(found)
    for paragraph in (FIRST, SECOND, THIRD):
        assert paragraph in text


# --- teaser cards of other articles -------------------------------------------------------------

def test_teaser_cards_with_linked_headings_after_the_text_are_left_out(tmp_path: pathlib.Path) -> None:
    # wochenblatt.com: "m-teaser" boxes under the article, each a linked title, a date and a writer
    cards = "".join(
        f"<div class='m-teaser'><div class='m-teaser__image'><a href='/a/{n}.html'><img src='{n}.jpg'></a></div>"
        f"<div class='m-teaser__heading'><h2 class='m-teaser__title'><a href='/a/{n}.html'>{title}</a></h2>"
        f"<div class='m-teaser__meta'>vor <time>2 Monaten</time> von <a href='/autor/1'>Patrick Otte</a></div>"
        f"</div><p>{teaser}</p></div>"
        for n, title, teaser in ((1, "Jugendverbände fordern Existenzgründungsprämie für Junglandwirte",
                                  "Die Jugendverbände der Landwirtschaft fordern gemeinsam eine Prämie."),
                                 (2, "Neue Regeln für die Düngung ab dem Frühjahr",
                                  "Was sich für die Betriebe im Land ändert, lesen Sie hier.")))
    found = extract_html(tmp_path, page("", f"<div class='l-section'>{cards}</div>"))
    assert_article_kept(found)
    text = text_of(found)
    assert "Jugendverbände fordern Existenzgründungsprämie" not in text
    assert "Die Jugendverbände der Landwirtschaft fordern gemeinsam" not in text
    assert "Neue Regeln für die Düngung" not in text


def test_a_link_wrapping_a_teaser_is_left_out(tmp_path: pathlib.Path) -> None:
    # laola1.at: <div class="newsteaser"><a href=…><div class="img-wrapper">…</div><h4>…</h4><p>…</p></a></div>
    card = ("<div class='contel100 newsteaser mid'><a href='/de/red/fussball/status-quo/'>"
            "<div class='img-wrapper'><img src='t.jpg'></div><div class='text'><h4>Bundesliga - Hintergrund</h4>"
            "<p>Status quo: Das passiert noch beim SK Rapid. Stürmer? Druijf? Fountas? Zoran Barisic spricht "
            "Klartext:</p></div></a></div>")
    found = extract_html(tmp_path, page(card))
    assert_article_kept(found)
    assert "Status quo: Das passiert noch beim SK Rapid" not in text_of(found)


def test_a_heading_that_links_elsewhere_is_no_subheading_but_a_jump_mark_is(tmp_path: pathlib.Path) -> None:
    inside = ("<h3><a href='https://example.org/anderer-artikel'>Nodus-Knoten, Besteckschrank und mehr im Heft</a></h3>"
              "<h2><a href='#kosten'>Was die Prämie kosten würde</a></h2>")
    found = extract_html(tmp_path, page(inside))
    assert_article_kept(found)
    assert "Nodus-Knoten, Besteckschrank" not in found.body
    assert "Was die Prämie kosten würde" in found.body


def test_a_forum_post_under_its_writers_linked_name_is_text(tmp_path: pathlib.Path) -> None:
    # katzen-forum.net (XenForo): each post a short box whose heading links the writer's profile
    post = ("<article class='message'><div class='message-user'><h4 class='message-name'>"
            "<a href='/members/pepemaus.1/'>Pepemaus</a></h4></div><div class='message-main'>"
            "<div class='bbWrapper'>Heute war er dann schon seit 5 Uhr draußen und kam um 10 Uhr rein, "
            "nun schlummert er auf dem Bett.</div></div></article>")
    html = ("<html><head><title>Pepe verliert Dreck aus dem Fell</title></head><body><main>"
            "<h1>Pepe verliert Dreck aus dem Fell</h1>"
            f"<div class='thread'><p>{FIRST}</p><p>{SECOND}</p>{post}<p>{THIRD}</p></div></main></body></html>")
    found = extract_html(tmp_path, html)
    assert "schon seit 5 Uhr draußen" in text_of(found)


# --- a picture's box, the writer's box, embedded posts ---------------------------------------------

def test_the_caption_box_of_a_picture_is_left_out(tmp_path: pathlib.Path) -> None:
    # bike-magazin.de: <div class="image-box"><a><img></a><p class="to-image-box"><span>credit</span> caption</p>
    # macwelt.de: <div class="visual"><picture>…</picture><div class="description"><a>Vergrößern</a><strong>…
    boxes = ("<div class='image-box center'><a href='/image/4764757'><img src='strava.jpg'></a>"
             "<p class='to-image-box'><span>Screenshot,Strava</span> Ob Supermarkt, Pumptrack oder die beliebtesten "
             "Startpunkte: Die neuen Points of Interest erleichtern die Routenplanung.</p></div>"
             "<div class='visual inline'><picture><img src='iphone.jpg'></picture><div class='description'>"
             "<a class='btn' href='//bilder.example.de/1.jpg'><strong>Vergrößern</strong></a>"
             "<strong class='title'>Eine kleine runde Aussparung für die Kamera im Display.</strong></div></div>")
    found = extract_html(tmp_path, page(boxes))
    assert_article_kept(found)
    assert "Ob Supermarkt, Pumptrack" not in text_of(found)
    assert "Eine kleine runde Aussparung" not in text_of(found)


def test_a_text_and_image_block_marked_as_body_text_is_text(tmp_path: pathlib.Path) -> None:
    # slf.ch (TYPO3 "textpic"): a short paragraph beside its picture, marked "ce-bodytext"
    block = ("<div class='ce-textpic ce-center ce-below'><div class='ce-bodytext'><p>In den Alpen zeigte sich "
             "dies mit wiederholt guten Bedingungen im Hochgebirge.</p></div><div class='ce-gallery'>"
             "<img src='alpen.jpg'></div></div>")
    found = extract_html(tmp_path, page(block))
    assert_article_kept(found)
    assert "In den Alpen zeigte sich dies mit wiederholt" in text_of(found)


def test_the_writers_box_marked_as_a_person_is_left_out(tmp_path: pathlib.Path) -> None:
    # a WordPress author box plugin (Simple Author Box) under a blog post
    box = ("<div class='saboxplugin-wrap' itemtype='http://schema.org/Person' itemscope itemprop='author'>"
           "<div class='saboxplugin-gravatar'><img src='g.jpg'></div><div class='saboxplugin-authorname'>"
           "<a href='/author/paddy/'>Patrick Ludolph</a></div><div class='saboxplugin-desc'><p>Patrick Ludolph, "
           "Fotograf aus Hamburg. Ich mag jede Art von Fotografie, aber ein Mensch muss bei meinen Fotos meistens "
           "mit drauf sein.</p></div></div>")
    found = extract_html(tmp_path, page("", box))
    assert_article_kept(found)
    assert "Ich mag jede Art von Fotografie" not in text_of(found)


def test_an_embedded_social_post_is_left_out(tmp_path: pathlib.Path) -> None:
    # spoe.at: a Facebook post's embed code between the paragraphs
    embed = ("<div class='fb-post' data-href='https://www.facebook.com/x/posts/1/'><blockquote "
             "cite='https://graph.facebook.com/x/videos/1/'><p>In Zeiten explodierender Kosten dürfen Familien "
             "nicht noch zusätzlich belastet…</p><p>Posted by <a href='https://www.facebook.com/x'>SPÖ</a> on "
             "<a href='https://graph.facebook.com/x/videos/1/'>Monday, February 7, 2022</a></p></blockquote></div>")
    found = extract_html(tmp_path, page(embed))
    assert_article_kept(found)
    assert "nicht noch zusätzlich belastet" not in text_of(found)
    assert "Posted by" not in text_of(found)


# --- the end of the text: headings of boxes, lines of the site ---------------------------------------

def test_a_heading_over_a_list_of_other_news_is_not_the_texts_last_line(tmp_path: pathlib.Path) -> None:
    # lbv.de: "<h3>Alle Nachrichten zum Naturschutz in Bayern</h3>" over a news list of linked cards
    cards = "".join(f"<div class='layout_latest'><h4><a href='/news/{n}'>Eine andere Meldung Nummer {n}</a></h4>"
                    f"<p>Kurzer Anriss der Meldung {n}.</p></div>" for n in range(3))
    after = f"<h3 class='headblock'>Alle Nachrichten zum Naturschutz in Bayern</h3><div class='mod_newslist'>{cards}</div>"
    found = extract_html(tmp_path, page("", after))
    assert_article_kept(found)
    assert "Alle Nachrichten zum Naturschutz" not in text_of(found)
    assert "Eine andere Meldung" not in text_of(found)


def test_a_box_of_other_pages_after_the_text_ends_it(tmp_path: pathlib.Path) -> None:
    # outdoor-magazin.com: "Weitere Tourentipps in Schweden", its links, then the affiliate notice
    after = ("<p>Weitere Tourentipps in Schweden</p><ul><li><a href='/a'>Kanutour in Värmland</a></li>"
             "<li><a href='/b'>Wandern im Sarek</a></li></ul><p>Dieser Artikel kann Links zu Anbietern enthalten, "
             "von denen der Verlag eine Provision erhält. Diese Links sind mit einem Icon gekennzeichnet.</p>")
    found = extract_html(tmp_path, page("", after))
    assert_article_kept(found)
    assert "Weitere Tourentipps" not in text_of(found) and "Provision" not in text_of(found)


def test_further_information_after_the_text_is_the_articles_own(tmp_path: pathlib.Path) -> None:
    # ejwue.de: "Weitere Informationen" heads the press office's note about itself, which is text
    note = ("Das Evangelische Jugendwerk in Württemberg koordiniert, fördert und gestaltet die evangelische "
            "Jugendarbeit in Württemberg und vertritt sie in Kirche und Gesellschaft, mit rund 1.800 Gruppen.")
    found = extract_html(tmp_path, page("", f"<h3>Weitere Informationen</h3><p>{note}</p>"))
    assert_article_kept(found)
    assert note in text_of(found)


def test_a_download_links_file_details_a_licence_line_and_a_suggested_citation_are_no_text(
        tmp_path: pathlib.Path) -> None:
    # zoll.de, creativecommons.ch, verfassungsblog.de
    after = ("<p><a href='/info.pdf'>Informationsschreiben vom 14. Oktober 2021</a>PDF | 38 KB | Datei ist nicht "
             "barrierefrei</p><p>Sofern nicht anders ausgewiesen, stehen Inhalte dieser Website unter CC-BY</p>"
             "<p>SUGGESTED CITATION Sauer, Heiko: Expert*innen in der Krise, VerfBlog, 2020/4/09, "
             "https://verfassungsblog.de/expertinnen-in-der-krise/.</p>")
    found = extract_html(tmp_path, page("", after))
    assert_article_kept(found)
    text = text_of(found)
    assert "38 KB" not in text and "Sofern nicht anders" not in text and "SUGGESTED CITATION" not in text


def test_an_affiliate_notice_where_a_lede_stands_is_no_teaser(tmp_path: pathlib.Path) -> None:
    # giga.de: the notice stands between the headline and the text, in the lede's place
    html = ("<html><head><title>Chrome exportieren</title></head><body><article><header><h1>Chrome exportieren</h1>"
            "<p class='lead'>Für Links auf dieser Seite erhält GIGA ggf. eine Provision vom Händler, z.B. für mit "
            "oder blauer Unterstreichung gekennzeichnete. Mehr Infos.</p></header>"
            f"<div class='article-content'><p>{FIRST}</p><p>{SECOND}</p><p>{THIRD}</p></div></article></body></html>")
    found = extract_html(tmp_path, html)
    assert_article_kept(found)
    assert "Provision" not in text_of(found)


def test_a_few_words_in_a_pictures_frame_are_no_text(tmp_path: pathlib.Path) -> None:
    # falstaff.de: a magazine's cover, "ERSCHIENEN IN", its name as a heading, a link to it
    box = ("<div class='teaser-breaker row'><div class='teaser-breaker__image'><img src='cover.jpg'></div>"
           "<div class='teaser-breaker__content'><p>ERSCHIENEN IN</p><h5>Burgenland Spezial 2021</h5>"
           "<a href='/magazin/burgenland-spezial-2021/'>Zum Magazin</a></div></div>")
    found = extract_html(tmp_path, page("", box))
    assert_article_kept(found)
    assert "ERSCHIENEN IN" not in text_of(found) and "Burgenland Spezial" not in text_of(found)


def test_a_teaser_box_the_parser_left_inside_a_paragraph_is_a_card(tmp_path: pathlib.Path) -> None:
    # autozeitung.de: <p>…</p><section class="box teaser"> with no </p> the parser accepts as closing it
    own = ("Beim Lagern sind einige Dinge zu beachten, wie der Automobilclub mitteilt: Sonne und Temperaturen "
           "über 30 Grad sollten vermieden werden.")
    card = (f"<p>{own}<section class='box teaser'><a href='/batterie-winter.html'><figure class='teaser__image'>"
            "<img src='batterie.jpg'></figure><div class='teaser__content'><span class='teaser__headline'>So kommt "
            "die Autobatterie unbeschadet durch die kalte Jahreszeit</span></div></a></section>")
    found = extract_html(tmp_path, page(card))
    assert_article_kept(found)
    assert own in text_of(found)
    assert "So kommt die" not in text_of(found)


def test_a_line_offering_other_articles_ends_the_text(tmp_path: pathlib.Path) -> None:
    # peppermynta.de: the box's heading and its first link read as one line, a promotion after it
    after = ("<p>Diese Artikel könnten euch auch interessieren: <a href='/faible'>Faible and Failure – Fair "
             "Fashion Strickmode aus Hamburg</a></p><p>Kennt ihr schon unseren Brandfinder? Ihr sucht noch mehr "
             "Fair Fashion Strick? Ab sofort findet ihr mit unserem Brandfinder Labels und Shops.</p>")
    found = extract_html(tmp_path, page("", after))
    assert_article_kept(found)
    assert "Brandfinder" not in text_of(found) and "könnten euch auch interessieren" not in text_of(found)


def test_an_affiliate_note_between_the_paragraphs_is_furniture(tmp_path: pathlib.Path) -> None:
    # finanztip.de: <div class="affiliate-text"> between the guide's paragraphs
    note = ("<div class='affiliate-text'><p>Unsere unabhängigen Experten untersuchen regelmäßig Produkte. Geld "
            "erhalten wir, wenn Sie dieses Angebot über unseren Link abschließen.</p></div>")
    found = extract_html(tmp_path, page(note))
    assert_article_kept(found)
    assert "Geld erhalten wir" not in text_of(found)


def test_a_name_beside_a_portrait_thumbnail_is_no_caption(tmp_path: pathlib.Path) -> None:
    # eatsmarter.de: the recipe's author under the text, her square portrait beside her name
    box = ("<div class='recipe-experts'><div class='recipe-experts-headline'>Entwicklung dieses Rezeptes:</div>"
           "<div class='recipe-expert'><div class='recipe-expert-image'><img src='iris.png' width='180' "
           "height='180'></div><div class='recipe-expert-name'>Iris Lange-Fricke</div></div></div>")
    found = extract_html(tmp_path, page("", box))
    assert_article_kept(found)
    assert "Iris Lange-Fricke" in found.authors
