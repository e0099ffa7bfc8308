"""The article's language: detected offline from its text (ISO 639-1), German when unclear."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from archive.metadata import extract
from archive.metadata.language import detect_language
from archive.sources import read_source

DATA = pathlib.Path(__file__).resolve().parent / "data" / "metadata"
SEEDS = pathlib.Path(__file__).resolve().parents[1] / "seeds"

GERMAN = ("Der Stadtrat hat am Donnerstagabend mit großer Mehrheit beschlossen, dass am Rheinufer ein "
          "neuer Radweg gebaut wird. Händler in der Altstadt befürchten, dass ihnen Parkplätze fehlen.")
ENGLISH = ("For years the railways closed one sleeper line after another, arguing that nobody wanted to "
           "spend a night on a train when budget airlines offered cheap flights to every corner of Europe.")
FRENCH = ("Le conseil municipal a décidé jeudi soir, à une large majorité, de construire une nouvelle piste "
          "cyclable le long du Rhin. Les commerçants de la vieille ville craignent de perdre des places.")


@pytest.mark.parametrize("text, language", [(GERMAN, "de"), (ENGLISH, "en"), (FRENCH, "fr")])
def test_detects_the_language_of_a_paragraph(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["", "   ", "Corona", "COVID-19 12.03.2021", "Elon Musk", "OK!", "12345"])
def test_short_or_unclear_texts_are_german(text: str) -> None:
    assert detect_language(text) == "de"


def test_a_german_article_quoting_english_stays_german() -> None:
    text = GERMAN + ' Der Sprecher sagte auf Englisch: "We are very happy with the result." ' + GERMAN
    assert detect_language(text) == "de"


def test_a_german_report_quoting_a_long_post_in_russian_stays_german() -> None:
    post = "Как вы все знаете из историй, я болею коронавирусом. Сегодня первый раз появился энтузиазм. " * 30
    assert detect_language(GERMAN * 3 + " Er schrieb auf Instagram: " + post) == "de"
    assert detect_language(post) == "ru"


def test_only_the_first_few_thousand_characters_count() -> None:
    # bounded cost: an English appendix after a long German text does not change the answer
    assert detect_language(GERMAN * 40 + ENGLISH * 200) == "de"


def test_an_english_html_page_and_a_german_one() -> None:
    path = DATA / "english_article.html"
    assert extract(read_source(path, path.read_bytes()), dt.date(2025, 1, 1)).language == "en"
    path = DATA / "publisher_graph_reference.html"
    assert extract(read_source(path, path.read_bytes()), dt.date(2025, 1, 1)).language == "de"


def test_an_english_plain_copy_and_the_german_seeds() -> None:
    path = DATA / "english_copy.txt"
    assert extract(read_source(path, path.read_bytes()), dt.date(2025, 1, 1)).language == "en"
    for path in sorted(SEEDS.glob("*.txt")):
        assert extract(read_source(path, path.read_bytes()), dt.date(2025, 1, 1)).language == "de", path.name
