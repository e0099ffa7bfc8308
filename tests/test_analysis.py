"""The German analysis chain: tokens, positions, offsets, query alternatives, explain data."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest

from archive.index import analysis
from archive.german.query_terms import (describe_word, exact_query_terms, name_query_terms,
                                        prefix_term, text_query_terms)
from archive.index.analysis import ExactAnalyzer, GermanAnalyzer, NameAnalyzer


def _tokens(analyzer: object, text: str, **options: object) -> list[tuple[int, str, str]]:
    """(position, term, the original text the token's offsets point at)."""
    return [(t.pos, t.text, text[t.startchar:t.endchar])
            for t in analyzer(text, positions=True, chars=True, **options)]  # type: ignore


def test_offsets_point_into_the_original_text() -> None:
    text = "Das Ge\u00adspräch über Satelliten\u200bsysteme, ein Gespra\u0308ch."
    tokens = _tokens(GermanAnalyzer(), text)
    assert (1, "gesprach", "Ge\u00adspräch") in tokens
    assert (3, "satellit", "Satelliten\u200bsysteme") in tokens
    assert (5, "gesprach", "Gespra\u0308ch") in tokens


def test_stop_words_leave_gaps_and_come_back_marked_for_the_highlighter() -> None:
    text = "Die Wähler und die Wählerinnen"
    assert [(p, t) for p, t, _ in _tokens(GermanAnalyzer(), text)] == [(1, "wahler"),
                                                                       (4, "wahler")]
    # (Whoosh reuses one Token object, so read each token as it comes.)
    tokens = [(t.text, t.stopped) for t in GermanAnalyzer()(text, removestops=False)]
    assert tokens == [("die", True), ("wahler", False), ("und", True), ("die", True),
                      ("wahler", False)]


def test_compound_parts_share_the_compounds_position() -> None:
    tokens = _tokens(GermanAnalyzer(), "Das Spitzengespräch endete")
    assert {(p, t) for p, t, _ in tokens} >= {(1, "spitzengesprach"), (1, "spitz"),
                                              (1, "gesprach"), (2, "end")}


def test_hyphen_chain_gives_parts_in_sequence_and_the_closed_form() -> None:
    tokens = _tokens(GermanAnalyzer(), "Der Kreml-Chef sprach")
    assert [(p, t) for p, t, _ in tokens][:3] == [(1, "kremlchef"), (1, "kreml"), (2, "chef")]
    assert tokens[0][2] == "Kreml-Chef" and tokens[2][2] == "Chef"


def test_elliptical_conjunct_is_completed_from_the_next_word() -> None:
    terms = {t for _, t, _ in _tokens(GermanAnalyzer(), "Die Staats- und Regierungschefs")}
    assert {"staatschef", "staat", "chef", "regierungschef", "regier"} <= terms | {"regier"}


def test_a_word_after_a_first_name_is_not_split() -> None:
    # "Gottwald" is not in any name list; the first name before it is the evidence.
    alone = {t for _, t, _ in _tokens(GermanAnalyzer(), "Das Gottwald")}
    named = {t for _, t, _ in _tokens(GermanAnalyzer(), "Klaus Gottwald")}
    assert "wald" in alone and "wald" not in named


@pytest.mark.parametrize("text, terms", [
    ("178.000 Menschen", ["178000", "mensch"]),
    ("am 25.10.2024", ["2024-10-25", "2024"]),
    ("1,5 Prozent", ["1,5", "prozent"]),
    ("Wähler:innen", ["wahler"]),
    ("Bürger/-innen", ["burger"]),
    ("Trumps Anwälte", ["trumps", "trump", "anwalt"]),
])
def test_values_gender_forms_and_s_plurals(text: str, terms: list[str]) -> None:
    assert [t for _, t, _ in _tokens(GermanAnalyzer(), text)] == terms


def test_exact_field_keeps_surface_words_and_stop_words() -> None:
    text = "Die Gespräche der Kreml-Chefs"
    assert [t for _, t, _ in _tokens(ExactAnalyzer(), text)] == [
        "die", "gesprache", "der", "kreml", "chefs"]


def test_names_are_folded() -> None:
    assert name_query_terms("Müller") == name_query_terms("Mueller") == ["muller"]
    assert [t.text for t in NameAnalyzer()("Thomas Müller-Wohlfahrt")] == [
        "thomas", "muller", "wohlfahrt"]


def test_analyzers_pickle_small_and_compare_equal() -> None:
    for analyzer in (GermanAnalyzer(), ExactAnalyzer(), NameAnalyzer()):
        data = pickle.dumps(analyzer)
        assert len(data) < 200
        assert pickle.loads(data) == analyzer
    assert GermanAnalyzer() != ExactAnalyzer()


@pytest.mark.parametrize("word, alternatives", [
    ("Gespraeche", [("gesprach",)]),
    ("Satellitensystem", [("satellitensystem",), ("satellit", "system")]),
    ("Kreml-Chef", [("kremlchef",), ("kreml", "chef")]),
    ("Europas", [("europas",), ("europa",)]),
    ("Zuckerberg", [("zuckerberg",)]),
    ("und", []),
])
def test_text_query_terms(word: str, alternatives: list[tuple[str, ...]]) -> None:
    assert text_query_terms(word) == alternatives


def test_the_parts_of_a_compound_are_never_alternatives_on_their_own() -> None:
    # Or(And(parts)), never Or(parts): no alternative of a compound is a lone part.
    for word in ("Satellitensystem", "Klimaschutzgesetz", "Spitzengespräch", "Kreml-Chef"):
        singles = {alt[0] for alt in text_query_terms(word) if len(alt) == 1}
        parts = {term for alt in text_query_terms(word) if len(alt) > 1 for term in alt}
        assert not singles & parts, word


def test_exact_query_terms_and_prefix() -> None:
    assert exact_query_terms("Gespraech") == exact_query_terms("Gespräch") == ["gesprach"]
    assert exact_query_terms("178.000") == ["178000"]
    assert prefix_term("Satell") == "satell"


def test_describe_word_explains_parts_and_guards() -> None:
    info = describe_word("Satellitensystems")
    assert info["parts"] == ["satelliten", "systems"]
    assert info["stem"] == ["satellitensystem"] and info["stop_word"] is False
    assert describe_word("Clubhouse")["guard"] == "Clubhouse: name or brand"
    assert describe_word("Trumps")["variants"] == ["trump"]
    assert describe_word("Wähler*innen")["variants"] == ["wählerinnen"]
    assert describe_word("der")["stop_word"] is True
    assert set(describe_word("Beispiel")) >= {"word", "stop_word", "alternatives", "exact",
                                              "normalised", "stem", "parts", "variants", "guard"}


def test_importing_the_analysis_does_not_load_the_lexicon() -> None:
    # Every `archive search` imports this module; the 0.8 MB lexicon must wait until a word
    # may need splitting (short words and stop words never do).
    code = ("import archive.german.query_terms as a, archive.german.lexicon as l;"
            "a.text_query_terms('Auto'); a.text_query_terms('und'); a.exact_query_terms('Rat');"
            "print(l.is_loaded()); a.text_query_terms('Satellitensystem'); print(l.is_loaded())")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.split()
    assert output == ["False", "True"]


def test_analysis_version_is_bumped_for_the_german_chain() -> None:
    assert analysis.ANALYSIS_VERSION >= 2
