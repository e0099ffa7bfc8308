"""The five seed articles, read and extracted without any sidecar: every field their text shows
must come out, and the traps each seed sets must not."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from archive.metadata import extract
from archive.model import Extracted, Published
from archive.sources import read_source
from conftest import assert_body

SEEDS = pathlib.Path(__file__).resolve().parent.parent / "seeds"
TODAY = dt.date(2025, 1, 1)


def extract_seed(prefix: str) -> Extracted:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return extract(read_source(path, path.read_bytes()), today=TODAY)


def test_000_spiegel_credit_gives_initials_and_agency() -> None:
    seed = extract_seed("000")
    assert seed.authors == ("mbö",)
    assert seed.agencies == ("AFP",)
    assert seed.origins["agencies"] == "credit"
    # outlet and date are not in the text: they come from a sidecar, never invented here
    assert seed.outlet is None and seed.published is None
    assert seed.title.endswith("Kreml nennt Clubhouse-Gespräch zwischen Putin und Musk »interessanten Vorschlag«")
    assert seed.teaser.startswith("Was will Elon Musk mit Wladimir Putin besprechen?")
    assert_body(seed,
                ["Mit dieser Frage hat sich Tesla- und SpaceX-Chef Elon Musk am Samstag",
                 "Prominente mögen Clubhouse",
                 "Den Fragen von Elon Musk aber stellte er sich ."],
                ["Foto: STEVE NESIUS", "Einfach mal Putin um ein Gespräch bitten", "mbö/AFP",
                 "Was will Elon Musk mit Wladimir Putin besprechen?"])


def test_001_24auto_byline_breadcrumb_and_closing_credit() -> None:
    seed = extract_seed("001")
    assert seed.title == ("Elon Musk lädt Wladimir Putin zum Spitzengespräch: "
                          "Worüber mag der Tesla-Boss auf Clubhouse reden?")
    assert seed.authors == ("Christian Schulz",)
    assert seed.origins["authors"] == "byline"
    assert seed.outlet == "24auto" and seed.origins["outlet"] == "text-cue"
    # "(Mit Material der AFP)" credits AFP; the photo credits "© dpa/Reuters …" credit nobody
    assert seed.agencies == ("AFP",)
    assert seed.published is None  # "Erstellt: Aktualisiert:" is empty
    assert seed.teaser.startswith("In der Welt von Elon Musk ist nichts ist unmöglich")
    assert_body(seed,
                ["Palo Alto (Kalifornien) – Immer für eine Überraschung gut",
                 "Elon Musk will Spitzengespräch mit Wladimir Putin: Kreml bekundet grundsätzliches Interesse",
                 "Soll etwa auch ein großer Deal mit Russland auf den Weg gebracht werden?"],
                ["© dpa", "Reuters Images", "Der russische Präsident Wladimir Putin reibt sich die Hände.",
                 "Auch interessant", "Kommentare", "1. 24auto", "Von: Christian Schulz",
                 "Mit Material der AFP", "In der Welt von Elon Musk", "Erstellt:"])
    assert seed.body.count("Elon Musk lädt Wladimir Putin zum Spitzengespräch") == 0


def test_002_wuv_author_at_the_end_and_outlet_from_staff_credit() -> None:
    seed = extract_seed("002")
    assert seed.title == "Was sucht Elon Musk eigentlich auf Clubhouse?"  # kicker "Promifaktor" skipped
    assert seed.authors == ("Lena Herrmann",)  # "W&V Redaktion" is not a person
    assert seed.outlet == "W&V"
    assert seed.published == Published(dt.date(2021, 2, 16), "day")
    assert seed.origins["published"] == "text"
    assert seed.agencies == ()
    assert seed.teaser.startswith("Tesla- und SpaceX-Gründer Elon Musk tummelt sich auf Clubhouse")
    assert_body(seed,
                ["Elon Musk hat einen Account auf Clubhouse.",
                 "Clubhouse bietet eine unkomplizierte Umgebung",
                 "einen Talk zwischen Musk und dem Rapper Kayne West angekündigt."],
                ["Anzeige", "Promifaktor", "Text: W&V Redaktion", "16. Februar 2021",
                 "Raktenhafter Aufstieg", "Dieser Inhalt kann leider nicht dargestellt werden",
                 "Autor: Lena Herrmann", "schreibt als Redakteurin", "Kletterlinie"])


def test_003_prosieben_month_precision_from_date_marker() -> None:
    seed = extract_seed("003")
    assert seed.published == Published(dt.date(2023, 8, 1), "month")
    assert str(seed.published) == "2023-08"
    assert seed.authors == () and seed.agencies == ()
    assert seed.title == "Hat er oder hat er nicht?"
    assert "date 2023-08" not in seed.title + seed.teaser + seed.body
    assert_body(seed,
                ["Er ist weder Politiker noch Diplomat",
                 "Die Vorschläge hatten angesichts der russischen Aggression viel Kritik ausgelöst."],
                [])


def test_004_zdf_byline_with_place_and_the_caption_traps() -> None:
    seed = extract_seed("004")
    assert seed.title == "Spricht Elon Musk regelmäßig mit Wladimir Putin?"
    assert seed.teaser.startswith("Seit 2022 sollen der Milliardär und Trump-Unterstützer Musk")
    assert seed.authors == ("Anna Kleiser",)  # not "Washington D.C.", not "Robert Benson"
    assert seed.outlet == "ZDF"  # "ZDF-Studio Washington"
    assert seed.agencies == ()  # "Quelle: AFP" credits a photo
    assert seed.published is None  # "25.10.2024 | 1:43 min" dates a video
    assert_body(seed,
                ["Der reichste Mann der Welt, dessen Satelliten in Kriegen eingesetzt werden",
                 "Angebliche Gespräche lösen Sorge um Sicherheit aus",
                 "Elon Musk ist ein Oligarch.",
                 "Das sei die Frage, der sich die amerikanische Gesellschaft stellen müsse."],
                ["Wall Street Journal\":Gespräche", "Anna-Kleiser vor dem US-Kapitol", "Washington D.C.",
                 "Quelle: AFP", "dunkler Kleidung", "1:43 min", "KI-generierte Bilder",
                 "mit schwarzem T-Shirt", "ist Korrespondentin im ZDF-Studio", "Mehr zu den Wahlen",
                 "Seit 2022 sollen der Milliardär"])


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_found_field_names_its_origin(prefix: str) -> None:
    seed = extract_seed(prefix)
    for name in ("title", "teaser", "body", "published", "outlet", "authors", "agencies"):
        if getattr(seed, name):
            assert name in seed.origins, name
    assert "\n\n\n" not in seed.body
