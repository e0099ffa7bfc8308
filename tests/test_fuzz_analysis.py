"""Fuzzing the German analysis chain: any text ends in terms, within a time budget.

Random Unicode, German-looking text with the characters web pages leave inside words (soft
hyphens, zero-width characters, combining accents, gender markers, apostrophes, hyphens),
and mutations of it (words glued into very long ones, chains of hyphenated words). Each
example must give well-formed tokens (non-empty terms, offsets inside the text, positions
that never go back) from the index analyzers, and query alternatives from the query side,
within the deadline: the bounded-work guarantee, not a speed test (the deadline is generous).

Budget: derandomized, a fixed number of examples; the whole file runs in well under 30 s.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.german.query_terms import describe_word, exact_query_terms, text_query_terms
from archive.index.analysis import ExactAnalyzer, GermanAnalyzer, NameAnalyzer

FUZZ = settings(derandomize=True, max_examples=300, deadline=timedelta(seconds=2),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

WORDS = ("Impfstoff", "Bundesregierung", "Gesundheitsminister", "Wähler", "innen", "Straße",
         "Kreml", "Chef", "Staats", "und", "Regierungschefs", "Luftwärmepumpe", "Satelliten",
         "der", "die", "178.000", "1,5", "25.10.2024", "Zuckerberg", "SpaceX", "Müller",
         "Spitzengespraech", "Klimaschutzgesetz", "WählerInnen", "Trump’s", "Mark", "ab")
INWORD = ("\u00ad", "\u200b", "\u200d", "\u2060", "\ufeff", "\u0308", "\u0301", "-", "\u2010",
          "’", "'", ":", "*", "_", "·", "/", "/-", ".", ",")
SEPARATORS = (" ", "  ", "\n", "\n\n", ", ", ". ", " - ", "\t", "", "(", ")", "\"", "„", "“")


@st.composite
def german_text(draw: st.DrawFn) -> str:
    """Words and separators, some words mutated: split by in-word characters, glued, repeated
    into long runs, or joined into a hyphen chain."""
    pieces: list[str] = []
    for _ in range(draw(st.integers(1, 30))):
        word = draw(st.sampled_from(WORDS))
        mutation = draw(st.integers(0, 9))
        if mutation == 0:
            cut = draw(st.integers(0, len(word)))
            word = word[:cut] + draw(st.sampled_from(INWORD)) + word[cut:]
        elif mutation == 1:
            word = word * draw(st.integers(2, 2_000))  # a run-on word, up to ~40k characters
        elif mutation == 2:
            word = "-".join([word] * draw(st.integers(2, 500)))
        elif mutation == 5:
            word = word + draw(st.sampled_from(("-", ":innen", "*innen", "/in", "’", "In")))
        elif mutation == 3 and draw(st.booleans()):
            # Words glued by characters that are no word characters: many tokens, one query word.
            word = draw(st.sampled_from("/.+&")).join([word] * draw(st.integers(2, 40)))
        elif mutation == 4:
            word = word.upper() if draw(st.booleans()) else word.lower()
        pieces.append(word)
        pieces.append(draw(st.sampled_from(SEPARATORS)))
    return "".join(pieces)


ANY_TEXT = st.one_of(st.text(max_size=300), german_text(),
                     st.text(alphabet=st.sampled_from(list("aäoöuüßAÄ0123456789.,-:*/ ")
                                                      + [c for c in INWORD if len(c) == 1]), max_size=400))


def _check_tokens(analyzer: object, text: str) -> None:
    position = -1
    for token in analyzer(text, positions=True, chars=True):  # type: ignore[operator]
        assert token.text, (text, token)
        assert 0 <= token.startchar <= token.endchar <= len(text)
        assert token.pos >= position or token.pos >= 0
        position = max(position, token.pos)


@FUZZ
@given(ANY_TEXT)
def test_the_index_analyzers_end_in_tokens(text: str) -> None:
    _check_tokens(GermanAnalyzer(), text)
    _check_tokens(ExactAnalyzer(), text)
    _check_tokens(NameAnalyzer(), text)
    # The highlighter's mode: stop words come back marked.
    list(GermanAnalyzer()(text, positions=True, chars=True, removestops=False))


@FUZZ
@given(ANY_TEXT)
def test_query_words_end_in_alternatives(text: str) -> None:
    for word in text.split()[:8] or [text]:
        alternatives = text_query_terms(word)
        assert all(alternative and all(alternative) for alternative in alternatives)
        assert len(alternatives) <= 24
        exact_query_terms(word)
        info = describe_word(word)
        assert info["word"] == word


def test_glued_compounds_keep_the_query_alternatives_bounded() -> None:
    """Twelve compounds glued by '/' were 3^12 alternatives before they were cut."""
    alternatives = text_query_terms("/".join(["Klimaschutzgesetz-Kreml-Chef"] * 12))
    assert 0 < len(alternatives) <= 24


def test_a_hundred_thousand_letter_word_is_indexed_in_bounded_chunks() -> None:
    """The report's case: split by nobody, read as tokens of MAX_TOKEN_CHARS characters, each
    indexed folded (a prefix query of the word finds its first one)."""
    from archive.german.german_tokens import MAX_TOKEN_CHARS

    word = "Impfstoff" * 11_112
    terms = [token.text for token in GermanAnalyzer()(f"Die {word} kommt")]
    assert terms[0] == word.lower()[:MAX_TOKEN_CHARS] and terms[-1] == "kommt"
    assert len(terms) == len(word) // MAX_TOKEN_CHARS + 2
    assert all(len(term) <= MAX_TOKEN_CHARS for term in terms)
    guard = describe_word(word)["guard"]
    assert guard.startswith(f"{word[:MAX_TOKEN_CHARS]}: longer than 64 letters")
