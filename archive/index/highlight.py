"""Snippets: the passage of an article that best shows why it matched, with the matched words'
character spans, found by running the index's own analyzers over the stored text.

Running the German analyzer over a whole article is most of a snippet's cost, and most
sentences cannot contain a match. `match_spans` therefore analyses only candidate sentences:
those whose *consonant skeleton* contains the skeleton of some highlight term. The skeleton
(case-folded, accents and every non-alphanumeric character removed, vowels removed) survives
everything the analyzers do to a word: umlaut and ae/oe/ue folding and an elided or added -e
change vowels only, ß/ss is folded on both sides, hyphens, gender markers, apostrophes and soft
hyphens are dropped, and stemming, linking elements and the -s rule only cut a word's end; so a
term a sentence produces always has its skeleton inside the sentence's skeleton. The two cases
where terms are not made from the sentence's own letters in order, dates (reordered digits)
and elliptical conjuncts ("Staats- und Regierungschefs"), fall back to analysing everything
(terms with digits) or make the sentence a candidate (the conjunction pattern).
`match_spans_reference` is the straightforward whole-text pass the tests compare it with.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, Iterable, Iterator

from archive.index.analysis import ExactAnalyzer, GermanAnalyzer
from archive.index.compile import HighlightTerms
from archive.results import Snippet

SNIPPET_CHARS = 240
_CONTEXT_BEFORE = 60
_MAX_SPANS = 400
_GERMAN = GermanAnalyzer()
_EXACT = ExactAnalyzer()
_SPACES = re.compile(r"\s+")
# Paragraph breaks stay visible in a one-line snippet, so a subheading does not run into
# the sentence after it.
_BREAKS = re.compile(r"\s*\n\s*")
PARAGRAPH_MARK = " ¶ "

# Sentence ends: a chunk boundary sits after [.!?] and whitespace. No token contains
# whitespace or ends in one of these marks, so tokens never straddle a boundary and every
# token's one-character lookahead sees the same character as in the whole text.
_BOUNDARY = re.compile(r"(?<=[.!?])\s+")
# "bzw." is the one conjunction of an elliptical conjunct that ends in a full stop: no
# boundary after it, so "Staats- bzw. Regierungschefs" stays in one chunk.
_NO_BOUNDARY_BEFORE = ("bzw.",)
# An elliptical first conjunct takes the head of the next word ("Staatschef"), which is not in
# the skeleton in order: a chunk with one is always analysed.
_ELLIPSIS = re.compile(r"[-\u2010\u2011]\s+(?:und|oder|bzw\.|sowie|als auch)\s")
_DROPPED = re.compile(r"[\W_aeiouy]+")
_ALNUM = re.compile(r"[^\W_]")


def skeleton(text: str) -> str:
    """Consonants and digits of `text`, case-folded, accents and everything else removed.

    >>> skeleton("Bürger/-innen"), skeleton("burgerinn"), skeleton("Straße")
    ('brgrnnn', 'brgrnn', 'strss')
    """
    folded = text.casefold()
    if not folded.isascii():
        folded = unicodedata.normalize("NFKD", folded)
    return _DROPPED.sub("", folded)


def match_spans(text: str, terms: HighlightTerms) -> list[tuple[int, int]]:
    """Character spans of the words in `text` that the query matched, sorted and merged:
    the same as `match_spans_reference`, analysing only sentences that can hold a match.

    >>> match_spans("Die Gespräche über Satelliten", HighlightTerms(text={"gesprach"}))
    [(4, 13)]
    """
    wanted = [*terms.text, *terms.exact, *terms.prefixes]
    if any(ch.isdigit() for term in wanted for ch in term):
        return match_spans_reference(text, terms)  # date terms reorder digits
    spans: set[tuple[int, int]] = set()
    chunks = _candidate_chunks(text, [skeleton(term) for term in wanted])
    if terms.text or terms.prefixes:
        _collect(_GERMAN, text, chunks, _matcher(terms.text, terms.prefixes), spans,
                 _MAX_SPANS, True)
    if terms.exact or terms.prefixes:
        _collect(_EXACT, text, chunks, _matcher(terms.exact, terms.prefixes), spans,
                 2 * _MAX_SPANS, False)
    return _merge(spans)


def match_spans_reference(text: str, terms: HighlightTerms) -> list[tuple[int, int]]:
    """The straightforward pass: both analyzers over the whole text."""
    spans: set[tuple[int, int]] = set()
    if terms.text or terms.prefixes:
        for token in _GERMAN(text, chars=True):
            if token.text in terms.text or any(token.text.startswith(p) for p in terms.prefixes):
                spans.add((token.startchar, token.endchar))
            if len(spans) >= _MAX_SPANS:
                break
    if terms.exact or terms.prefixes:
        for token in _EXACT(text, chars=True, removestops=False):
            if token.text in terms.exact or any(token.text.startswith(p) for p in terms.prefixes):
                spans.add((token.startchar, token.endchar))
            if len(spans) >= 2 * _MAX_SPANS:
                break
    return _merge(spans)


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _matcher(exact: set[str], prefixes: set[str]) -> Callable[[str], bool]:
    def matches(term: str) -> bool:
        return term in exact or any(term.startswith(p) for p in prefixes)
    return matches


def _boundaries(text: str) -> list[int]:
    """Chunk starts: 0 and the first character after each sentence end."""
    starts = [0]
    for gap in _BOUNDARY.finditer(text):
        if not text.endswith(_NO_BOUNDARY_BEFORE, 0, gap.start()) and gap.end() < len(text):
            starts.append(gap.end())
    return starts


def _candidate_chunks(text: str, skeletons: list[str]) -> list[tuple[int, int]]:
    """(start, end) of the chunks that can contain a match, in text order; adjacent
    candidates are joined."""
    starts = _boundaries(text)
    ends = starts[1:] + [len(text)]
    chunks: list[tuple[int, int]] = []
    for start, end in zip(starts, ends):
        chunk = text[start:end]
        if _ELLIPSIS.search(chunk) or _contains_any(skeleton(chunk), skeletons):
            if chunks and chunks[-1][1] == start:
                chunks[-1] = (chunks[-1][0], end)
            else:
                chunks.append((start, end))
    return chunks


def _contains_any(haystack: str, needles: list[str]) -> bool:
    return any(needle in haystack for needle in needles)


def _context_start(text: str, start: int) -> int:
    """Where to start analysing a chunk so its first token sees the same predecessor as in
    the whole text (a first name stops the next word from being decompounded): the start of
    the nearest whitespace-separated word before `start` that holds a token, or 0."""
    end = start
    while end > 0:
        stop = end - 1
        while stop > 0 and text[stop - 1].isspace():
            stop -= 1
        begin = stop
        while begin > 0 and not text[begin - 1].isspace():
            begin -= 1
        if _ALNUM.search(text, begin, stop):
            return begin
        end = begin
    return 0


def _collect(analyzer: Callable[..., Iterator], text: str, chunks: list[tuple[int, int]],
             matches: Callable[[str], bool], spans: set[tuple[int, int]], limit: int,
             removestops: bool) -> None:
    """Add the matching tokens of the candidate chunks to `spans`, in text order, stopping
    where the whole-text pass stops (after the token that brings `spans` to `limit`)."""
    for start, end in chunks:
        begin = _context_start(text, start)
        # Tokens before `start` only set the context; their spans belong to earlier chunks.
        for token in analyzer(text[begin:end], chars=True, start_char=begin,
                              removestops=removestops):
            if token.startchar < start:
                continue
            if matches(token.text):
                spans.add((token.startchar, token.endchar))
            if len(spans) >= limit:
                return


def make_snippet(text: str, terms: HighlightTerms, width: int = SNIPPET_CHARS) -> Snippet:
    """The best window of about `width` characters: the one showing the most distinct matched
    words, with whitespace folded and "…" where text was cut.
    """
    flat = _SPACES.sub(" ", _BREAKS.sub(PARAGRAPH_MARK, text.strip()))
    spans = match_spans(flat, terms)
    if not spans:
        return _cut(flat, 0, width, [])
    best_start, best_score = spans[0][0], -1
    for anchor, _ in spans:
        start = max(0, anchor - _CONTEXT_BEFORE)
        words = {flat[s:e].lower() for s, e in spans if s >= start and e <= start + width}
        score = len(words) * 1000 + sum(1 for s, e in spans if s >= start and e <= start + width)
        if score > best_score:
            best_start, best_score = start, score
    return _cut(flat, best_start, width, spans)


def _cut(flat: str, start: int, width: int, spans: list[tuple[int, int]]) -> Snippet:
    if start > 0:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = min(len(flat), start + width)
    if end < len(flat):
        space = flat.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    shift = len(prefix) - start
    inside = tuple((s + shift, e + shift) for s, e in spans if s >= start and e <= end)
    return Snippet(prefix + flat[start:end] + suffix, inside)
