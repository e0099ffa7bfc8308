"""The stemmer behind the German analyzer is Snowball 3 German: it agrees with the Snowball
project's reference vocabulary (a 3,504-pair sample in tests/data/snowball, BSD licence)."""

from __future__ import annotations

from pathlib import Path

import pytest
import Stemmer

from archive.german import stem_overrides

SAMPLE = Path(__file__).resolve().parent / "data" / "snowball" / "german-sample.txt"


def _pairs() -> list[tuple[str, str]]:
    pairs = []
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, expected = line.split("\t")
            pairs.append((word, expected))
    return pairs


PAIRS = _pairs()


def test_sample_is_a_few_thousand_pairs() -> None:
    assert len(PAIRS) >= 3000


def test_pystemmer_is_snowball_3() -> None:
    # Snowball 3 merged german2 into german: the old variant name is gone, and -erinnen goes.
    assert tuple(int(part) for part in Stemmer.version().split(".")[:2]) >= (3, 1)
    assert Stemmer.Stemmer("german").stemWord("wählerinnen") == "wahl"


def test_pystemmer_agrees_with_the_reference_on_every_pair() -> None:
    stemmer = Stemmer.Stemmer("german")
    got = stemmer.stemWords([word for word, _ in PAIRS])
    wrong = [(word, expected, actual)
             for (word, expected), actual in zip(PAIRS, got) if expected != actual]
    assert not wrong, wrong[:20]


def test_analyzer_stemmer_agrees_except_where_an_override_applies() -> None:
    # The analyzer's own stem() is the reference stemmer plus a documented override table.
    wrong = []
    for word, expected in PAIRS:
        if stem_overrides.umlaut_form(word) in stem_overrides.STEM_OVERRIDES:
            continue
        if stem_overrides.stem(word) != expected:
            wrong.append((word, expected, stem_overrides.stem(word)))
    assert not wrong, wrong[:20]


@pytest.mark.parametrize("word, expected", [("bürger", "burger"), ("lager", "lager"),
                                             ("raten", "rate"), ("bauern", "bauer"),
                                             ("zins", "zins")])
def test_overrides_replace_the_colliding_stems(word: str, expected: str) -> None:
    reference = Stemmer.Stemmer("german").stemWord(word)
    assert stem_overrides.stem(word) == expected != reference
