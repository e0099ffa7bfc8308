"""Lines a page prints around or inside the article that are not its text: rating widgets, embed
and privacy notices, affiliate disclosures, category and pagination lines, "more from the site"
boxes and photo captions with their credits. Each test also keeps a sentence of the article that
looks like the furniture, so the rule never takes text.

The pages are short HTML files written here (no page text of real sites)."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from archive.metadata import extract
from archive.model import Extracted
from archive.sources import read_source
from conftest import assert_body

TODAY = dt.date(2025, 1, 1)
OPENING = ("Die Gemeinde hat am Montag den neuen Radweg entlang des Flusses eröffnet, nach zwei Jahren "
           "Bauzeit und mehreren Verzögerungen wegen des nassen Frühjahrs.")
MIDDLE = ("Der Weg verbindet die beiden Ortsteile und soll vor allem Schulkindern einen sicheren Weg "
          "abseits der Landstraße bieten, sagte die Bürgermeisterin bei der Eröffnung.")
CLOSING = ("Im kommenden Jahr sollen Bänke und eine Beleuchtung folgen, sobald der Gemeinderat die "
           "Mittel dafür im Haushalt freigegeben hat.")


def page(tmp_path: Path, *paragraphs: str) -> Extracted:
    """An article page: a headline and the given paragraphs, each in its own <p>."""
    body = "\n".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
    path = tmp_path / "artikel.html"
    path.write_text(f"<!doctype html><html lang='de'><head><meta charset='utf-8'><title>Neuer Radweg</title>"
                    f"</head><body><article><h1>Neuer Radweg</h1>\n{body}\n</article></body></html>",
                    encoding="utf-8")
    return extract(read_source(path, path.read_bytes()), TODAY)


def test_a_rating_widget_under_the_article_is_not_text(tmp_path: Path) -> None:
    found = page(tmp_path, OPENING, MIDDLE, "War der Artikel nützlich? (12 Stimmen: 4,50 von 5)Loading...",
                 "War der Umbau nötig? Die Anwohner sagen ja.", CLOSING)
    assert_body(found, [OPENING, MIDDLE, "War der Umbau nötig? Die Anwohner sagen ja.", CLOSING],
                ["War der Artikel nützlich"])


def test_embed_and_privacy_notices_are_not_text(tmp_path: Path) -> None:
    found = page(tmp_path, OPENING,
                 "Klicken Sie auf den unteren Button, um den Inhalt von www.karten.example zu laden.",
                 "Mit diesem Button kannst Du diese Episode zu einer Liste hinzufügen. Dazu musst Du Dich einloggen:",
                 "Wir respektieren deine Privatsphäre und stellen deshalb ohne dein Einverständnis keine "
                 "Verbindung zu Kartendienst her.",
                 MIDDLE, "Wir respektieren die Entscheidung des Rates, sagte der Sprecher der Anwohner.", CLOSING)
    assert_body(found, [OPENING, MIDDLE, "Wir respektieren die Entscheidung des Rates", CLOSING],
                ["Klicken Sie auf den unteren Button", "Mit diesem Button kannst Du",
                 "Wir respektieren deine Privatsphäre"])


def test_affiliate_category_pagination_and_download_lines_are_not_text(tmp_path: Path) -> None:
    found = page(tmp_path,
                 "Für Links auf dieser Seite erhält Beispielportal ggf. eine Provision vom Händler. Mehr Infos.",
                 OPENING, MIDDLE, "Es werden die Artikel 1 bis 10 von insgesamt 19 angezeigt!", "- Anzeige -",
                 "Pressemitteilung als PDF", CLOSING, "Kategorie: News, Verkehr")
    assert_body(found, [OPENING, MIDDLE, CLOSING],
                ["Für Links auf dieser Seite", "von insgesamt 19 angezeigt", "Anzeige", "Pressemitteilung als PDF",
                 "Kategorie: News"])


def test_a_magazine_advert_and_a_preview_header_are_not_text(tmp_path: Path) -> None:
    found = page(tmp_path, OPENING, MIDDLE, "Vorschau auf den nächsten Artikel",
                 "Lesen Sie das Rad Magazin. Einfach digital in der App oder als Abo im Shop:",
                 "Lesen Sie die Zeitung von gestern, dann wissen Sie, wie lange der Streit schon dauert.", CLOSING)
    assert_body(found, [OPENING, MIDDLE, "Lesen Sie die Zeitung von gestern", CLOSING],
                ["Vorschau auf den nächsten Artikel", "Lesen Sie das Rad Magazin"])


def test_a_more_from_the_site_box_ends_the_article(tmp_path: Path) -> None:
    found = page(tmp_path, OPENING, MIDDLE, "Mehr von dem Geld fließt in den Winterdienst, sagte die Kämmerin.",
                 CLOSING, "Mehr von Beispielportal", "Die schönsten Radtouren im Herbst",
                 "Zehn Cafés am Wasser")
    assert_body(found, [OPENING, MIDDLE, "Mehr von dem Geld fließt in den Winterdienst", CLOSING],
                ["Mehr von Beispielportal", "Die schönsten Radtouren", "Zehn Cafés am Wasser"])


def test_photo_captions_with_their_credit_are_not_text(tmp_path: Path) -> None:
    found = page(tmp_path, OPENING,
                 "Die Bürgermeisterin beim Durchschneiden des Bandes. | © Stadt Beispiel/Max Muster",
                 MIDDLE, "Der neue Weg am Flussufer im Überblick. (Foto: Agentur)",
                 "Ein Reiher am Ufer des Flusses. (mmuster / iStock.com)",
                 "Das Zeichen © steht für das Urheberrecht, erklärte die Stadt zu den Schildern am Weg.", CLOSING)
    assert_body(found, [OPENING, MIDDLE, "Das Zeichen © steht für das Urheberrecht", CLOSING],
                ["Durchschneiden des Bandes", "im Überblick. (Foto", "Ein Reiher am Ufer"])


def test_a_recommendation_box_inside_the_text_does_not_end_the_article(tmp_path: Path) -> None:
    after = ("Nach der Eröffnung fuhren die ersten Schulklassen die Strecke ab und zählten dabei die "
             "Brücken, die der Weg über die kleinen Zuflüsse des Flusses nimmt. Am Ende waren es sieben, "
             "eine mehr, als auf dem Plan der Gemeinde eingezeichnet ist.")
    found = page(tmp_path, OPENING, MIDDLE, "Auch interessant", "Radwege im Umland", after, CLOSING,
                 "Empfehlungen", "Informieren Sie sich vor der Fahrt über gesperrte Abschnitte auf der Seite der "
                 "Gemeinde, die auch Umleitungen für die Bauzeit der Beleuchtung nennt. Dort stehen auch die "
                 "Zeiten, zu denen der Weg wegen der Arbeiten am Ufer gesperrt ist.", CLOSING.replace(
                     "Im kommenden Jahr", "Im Jahr darauf"))
    assert_body(found, [OPENING, MIDDLE, after, CLOSING, "Informieren Sie sich vor der Fahrt"],
                ["Radwege im Umland"])


def test_a_recommendation_box_closing_the_page_stays_out(tmp_path: Path) -> None:
    found = page(tmp_path, OPENING, MIDDLE, CLOSING, "Auch interessant", "Zehn Cafés am Wasser",
                 "Die schönsten Radtouren im Herbst", "Empfehlungen", "Neue Brücke im Nachbarort")
    assert_body(found, [OPENING, MIDDLE, CLOSING],
                ["Zehn Cafés am Wasser", "Die schönsten Radtouren", "Neue Brücke im Nachbarort"])


def test_source_disclaimer_and_support_lines_are_not_text(tmp_path: Path) -> None:
    found = page(tmp_path, "Titelbild: Max Muster/Agentur", OPENING, "Quelle: Landesamt", MIDDLE,
                 "(Alle Angaben ohne Gewähr)", "Weitere Themen",
                 "Gefällt dir unser Radmagazin? Wir haben keine Bezahlschranke und das bleibt so.",
                 "Wenn Ihnen unser Artikel gefallen hat: Unterstützen Sie diese Form des Journalismus.",
                 "If you enjoyed reading this post – would you consider supporting our work?",
                 "Dieser Text entspricht den Vorgaben der Fachliteratur und wurde von Fachleuten geprüft.",
                 "Die aktuelle Ausgabe der Radpost jetzt an jedem Kiosk und im Abo erhältlich.",
                 "Letzte Aktualisierung am 2.02.2022 / Bei den Verlinkungen handelt es sich um Affiliate Links",
                 "Quelle der Mittel ist ein Programm des Landes, das solche Wege zur Hälfte bezahlt.", CLOSING)
    assert_body(found, [OPENING, MIDDLE, "Quelle der Mittel ist ein Programm des Landes", CLOSING],
                ["Titelbild", "Quelle: Landesamt", "Alle Angaben ohne Gewähr", "Weitere Themen", "Gefällt dir",
                 "Unterstützen Sie diese Form", "If you enjoyed", "Dieser Text entspricht", "Die aktuelle Ausgabe",
                 "Affiliate Links"])


def test_figure_captions_and_a_trailing_photo_credit_are_not_text(tmp_path: Path) -> None:
    found = page(tmp_path, OPENING, "Abbildung 2: Der Querschnitt des Weges. Die Schichten sind deutlich zu sehen.",
                 MIDDLE, "Die Bürgermeisterin am Ufer. © Agentur / Max Muster", CLOSING)
    assert_body(found, [OPENING, MIDDLE, CLOSING], ["Abbildung 2", "Die Bürgermeisterin am Ufer"])


def test_a_source_line_naming_an_agency_is_still_read_as_its_credit(tmp_path: Path) -> None:
    found = page(tmp_path, OPENING, MIDDLE, CLOSING, "Quelle: dpa")
    assert found.agencies == ("dpa",)
    assert_body(found, [OPENING, MIDDLE, CLOSING], ["Quelle: dpa"])
