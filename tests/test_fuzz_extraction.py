"""Fuzzing the readers and the extraction cascade: random and mutated German texts, HTML and
sidecar-like bytes must end in a record or in one clean error (InputError or MetadataError),
never in another exception. Their cost per input is bounded by the limits (tests/test_limits.py)
and measured in bench/, not timed here: a deadline fails on a loaded machine, not on slow code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.errors import ArchiveError
from archive.metadata import extract
from archive.sources import read_source

TODAY = dt.date(2024, 6, 1)
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_TEXT = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8")

PAGE = ("<!DOCTYPE html><html lang=\"de\"><head><title>Titel | Testblatt</title>"
        "<meta property=\"og:title\" content=\"Titel\"><script type=\"application/ld+json\">"
        "{\"@type\": \"NewsArticle\", \"headline\": \"Titel\", \"datePublished\": \"2021-02-15\","
        " \"author\": {\"@type\": \"Person\", \"name\": \"Anna Kleiser\"}}</script></head><body>"
        "<header><nav><a href=\"/\">Start</a></nav></header><article><h1>Titel</h1>"
        "<p class=\"byline\">Von Anna Kleiser, 15.02.2021</p><p>Der erste Absatz erzählt die "
        "Nachricht mit einem <a href=\"/x\">Link</a> im Satz.</p><p>Der zweite Absatz führt sie "
        "aus, mit Zahlen, Daten und einem Zitat: „So geht es nicht weiter“.</p></article>"
        "<footer>Impressum</footer></body></html>")

# Pieces that stress the cascade: dates, bylines, credits, markup, odd characters.
PIECES = ["Von Anna Kleiser", "15.02.2021", "Stand: 12. März 2021, 10:35 Uhr", "Berlin (dpa) –",
          "Foto: dpa", "<p>", "</p>", "<div>", "</div>", "<br>", "<a href='x'>", "</a>",
          "<script>", "{\"@type\": \"Person\"", "\u00ad", "\u200b", "\u202e", "\x1b[31m", "\x00",
          "\n", "\n\n", "Mehr zum Thema", "Anzeige", "©", "Quelle: AFP", "Impfstoff" * 20,
          "Wähler:innen", "(mbö/AFP)", "Aktualisiert am", "&amp;", "&#x202e;", "]]>", "<!--",
          "<link rel=\"canonical\" href=\"http://[link]\">", "https://www.spiegel.de/a-1.html",
          "<time datetime=\"2021-13-45\">", "\"datePublished\": \"9999-99-99\""]

texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=40)), max_size=60).map("".join)


def _mutate(base: str, cuts: list[tuple[int, int, str]]) -> str:
    for start, length, insert in cuts:
        start %= max(len(base), 1)
        base = base[:start] + insert + base[start + length % 50:]
    return base


mutations = st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 49),
                               st.one_of(st.sampled_from(PIECES), st.text(max_size=20))),
                     max_size=12)


def _extract_or_one_error(name: str, data: bytes) -> None:
    """A record, or one of the archive's own errors (one line for the user); nothing else."""
    try:
        extracted = extract(read_source(Path(name), data), today=TODAY)
    except ArchiveError as error:
        assert str(error).strip() and "\n" not in str(error).strip(), str(error)
        return
    assert extracted.title.strip() and extracted.body.strip()
    assert extracted.published is None or extracted.published.date <= TODAY


@pytest.fixture(scope="module", autouse=True)
def _warm_extraction() -> None:
    """Load what extraction loads once (the language model, the lexicons) before the deadline
    counts: the bound is on each input's cost, not on a first call's imports."""
    _extract_or_one_error("warm.txt", SEED_TEXT.encode("utf-8"))
    _extract_or_one_error("warm.html", PAGE.encode("utf-8"))


SETTINGS = settings(derandomize=True, max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(texts)
def test_random_plain_text(text: str) -> None:
    _extract_or_one_error("zufall.txt", text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(mutations)
def test_mutated_plain_copy(cuts: list[tuple[int, int, str]]) -> None:
    _extract_or_one_error("kopie.txt", _mutate(SEED_TEXT, cuts).encode("utf-8", "surrogatepass"))


@SETTINGS
@given(mutations)
def test_mutated_html_page(cuts: list[tuple[int, int, str]]) -> None:
    _extract_or_one_error("seite.html", _mutate(PAGE, cuts).encode("utf-8", "surrogatepass"))


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_as_text_and_html(data: bytes) -> None:
    _extract_or_one_error("bytes.txt", data)
    _extract_or_one_error("bytes.html", data)
