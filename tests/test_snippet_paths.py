"""The snippet path's shortcuts against the straightforward computations they replace: spans
from candidate words (skeletons, the word memo) equal the spans of analysing the whole text,
and the split-and-join folding of whitespace equals the regex folding."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.index import highlight
from archive.index.compile import compile_query
from archive.index.word_memo import word_terms
from archive.query.parser import parse

# Words that make the candidate test work: elliptical conjuncts and their conjunctions, first
# names before surnames, gender forms, soft hyphens, umlaut and ss spellings, symbols that NFKD
# turns into spaces, ligatures, letters outside ASCII, hyphen chains, stop words, punctuation.
WORDS = [
    "Staats-", "Regierungs-", "und", "oder", "bzw.", "sowie", "als", "auch", "Regierungschefs",
    "Chefs.", "Mark", "Karl", "Zuckerberg", "Lauterbach!", "Wähler:innen", "WählerInnen",
    "Bürger/-innen", "Buerger", "Ge\u00adspräch", "Gespräche,", "Spitzengespraeche", "Straße",
    "Strasse", "STRASSE", "´", "¨", "Café", "ﬁnanz", "Łódź", "Kreml-Chef", "Kreml-", "Putin.",
    "Satellitensysteme", "Ökonomen?", "Oekonomen", "die", "der", "„Trumps“", "Autos…", "–",
    "Schulbuchs", "Schulbücher", "Zinsen", "Zins", "x", "ß", "eu", "Au", "Ei", "Rate",
    "Staats- und Regierungschefs", "Kreml- oder Parteichefs", "Staats- bzw. Regierungschefs",
    "Regierungs-\xa0als auch Staatschefs", "Mark Zuckerberg", "Bundes- und Landesschulen",
]
SPACES = [" ", "  ", "\n", "\n\n", "\t", "\xa0", "\u2009", " \n ", "\u2028"]
QUERY_WORDS = [
    "Staatschefs", "Regierungschef", "Chef", "Zuckerberg", "Mark", "Wähler", "Wählerinnen",
    "Bürger", "Straße", "Gespräch", "Spitzengespräch", "Satellit", "Ökonom", "Kreml-Chef",
    "Kremlchef", "Trump", "Auto", "Schule", "Buch", "Zins", "Rate", "Cafe", "Lodz", "Finanz",
    "=Strasse", "=Gespräche", "Sat*", "Bür*", "Staats*", "Schul*", "Eu", '"Kreml-Chef Putin"',
    '"und Regierungschefs"',
]


@st.composite
def texts(draw: st.DrawFn) -> str:
    """Running text of the tricky words with all kinds of whitespace between them."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40))
    out = [words[0]]
    for word in words[1:]:
        out.append(draw(st.sampled_from(SPACES)))
        out.append(word)
    return draw(st.sampled_from(["", " ", "\n"])) + "".join(out)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts(), query=st.lists(st.sampled_from(QUERY_WORDS), min_size=1, max_size=3))
def test_candidate_words_give_the_spans_of_the_whole_text(text: str, query: list[str]) -> None:
    source = " ".join(query)
    terms = compile_query(parse(source), source).highlight
    assert highlight.match_spans(text, terms) == highlight.match_spans_reference(text, terms)
    flat = highlight.flatten(text)
    assert highlight.match_spans(flat, terms) == highlight.match_spans_reference(flat, terms)


@settings(max_examples=300, deadline=None)
@given(text=texts())
def test_a_word_alone_yields_every_term_it_yields_in_running_text(text: str) -> None:
    """The memo's promise: the terms of a word in context are among its terms alone."""
    from archive.index.analysis import ExactAnalyzer, GermanAnalyzer

    if re.search(r"[-\u2010\u2011]\s", text):
        return  # elliptical conjuncts are analysed in context, never through the memo
    for analyzer, field, stops in ((GermanAnalyzer(), "text", True),
                                   (ExactAnalyzer(), "exact", False)):
        for token in analyzer(text, chars=True, removestops=stops):
            start = token.startchar
            while start > 0 and not text[start - 1].isspace():
                start -= 1
            end = token.endchar
            while end < len(text) and not text[end].isspace():
                end += 1
            assert token.text in getattr(word_terms(text[start:end]), field), (text, token.text)


_SPACES_RE = re.compile(r"\s+")
_BREAKS_RE = re.compile(r"\s*\n\s*")


@given(st.text(alphabet=st.sampled_from(["a", "b", "¶", " ", "\n", "\t", "\r", "\xa0", "\u2028",
                                         "\u3000", "\x1c", "\x85"])))
def test_flatten_folds_whitespace_as_the_regexes_do(text: str) -> None:
    expected = _SPACES_RE.sub(" ", _BREAKS_RE.sub(highlight.PARAGRAPH_MARK, text.strip()))
    assert highlight.flatten(text) == expected


def test_every_token_of_real_articles_has_its_skeleton_inside_its_words() -> None:
    """The candidate test's promise on real text: the skeleton of each term the analyzers make
    (compound parts, stems, folded spellings) stands inside the skeleton of the whitespace-
    separated word it came from, vowels a, i, o, u included. Tokens with digits (dates reorder
    them), pair terms ("klass+zimmer") and the head an elliptical conjunct takes from the next
    word are made otherwise and handled apart."""
    from pathlib import Path

    from archive.index.analysis import ExactAnalyzer, GermanAnalyzer

    seeds = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
    assert seeds
    checked = 0
    for path in seeds:
        text = path.read_text(encoding="utf-8")
        spaced = re.sub(r"\s", " ", text)
        for analyzer, stops in ((GermanAnalyzer(), True), (ExactAnalyzer(), False)):
            for token in analyzer(text, chars=True, removestops=stops):
                if any(ch.isdigit() for ch in token.text) or "+" in token.text:
                    continue
                start, end = token.startchar, token.endchar
                while start > 0 and spaced[start - 1] != " ":
                    start -= 1
                while end < len(spaced) and spaced[end] != " ":
                    end += 1
                word = spaced[start:end]
                if re.search(r"[-\u2010\u2011]$", word):
                    continue  # an elliptical conjunct: a candidate whatever its skeleton
                assert highlight.fast_skeleton(token.text) in highlight.fast_skeleton(word), (token.text, word)
                checked += 1
    assert checked > 1000


def test_a_short_part_is_looked_for_with_its_vowels(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # "ion", a compound part of "Illustrations", is looked for in "Regionen" and "Stationen", not
    # in every word with an n: only those words are analysed
    from archive.index import word_memo

    looked_at: list[str] = []
    real = highlight.can_match
    monkeypatch.setattr(highlight, "can_match", lambda word, terms: looked_at.append(word) or real(word, terms))
    text = "Die Regionen melden nicht viele neue Fälle in den Stationen"
    highlight.candidate_ranges(text, highlight.HighlightTerms(text={"ion"}))
    assert looked_at == ["Regionen", "Stationen"]
    assert word_memo.can_match is real


def _best_window_by_scanning(flat: str, spans: list[tuple[int, int]], width: int) -> int:
    """The straightforward choice: every window scans every span."""
    best_start, best_score = spans[0][0], -1
    for anchor, _ in spans:
        start = max(0, anchor - highlight._CONTEXT_BEFORE)
        inside = [(s, e) for s, e in spans if s >= start and e <= start + width]
        score = len({flat[s:e].lower() for s, e in inside}) * 1000 + len(inside)
        if score > best_score:
            best_start, best_score = start, score
    return best_start


@settings(max_examples=500, deadline=None)
@given(pieces=st.lists(st.tuples(st.integers(0, 90), st.sampled_from(["Mark", "mark", "Zins", "EU", "x" * 300, "Café"])),
                       min_size=1, max_size=60),
       width=st.sampled_from([1, 20, 61, 120, 240]))
def test_the_sliding_window_picks_the_window_scanning_picks(pieces: list[tuple[int, str]], width: int) -> None:
    """Spans as `_merge` gives them (sorted, apart; some longer than a window), words that
    repeat in other cases: the sliding window chooses the same start as scanning every span."""
    flat, spans = "", []
    for gap, word in pieces:
        flat += " " * (gap + 1)
        spans.append((len(flat), len(flat) + len(word)))
        flat += word
    assert highlight.best_window(flat, spans, width) == _best_window_by_scanning(flat, spans, width)
