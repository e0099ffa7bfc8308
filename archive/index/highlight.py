"""Snippets: the passage of an article that best shows why it matched, with the matched words'
character spans, found by running the index's own analyzers over the stored text.

Running the German analyzer over a whole article is most of a snippet's cost, and most words
cannot match. `match_spans` therefore analyses only candidate *words* (whitespace-separated),
found without analysing anything: those whose *skeleton* contains the skeleton of some
highlight term. The skeleton (case-folded, accents and every non-alphanumeric character
removed, and the letters e and y) survives everything the analyzers do to a word: umlauts
lose their accent on both sides, ae/oe/ue folding and an elided or added -e change only e's,
ß/ss is folded on both sides, hyphens,
gender markers, apostrophes and soft hyphens are dropped, and stemming, linking elements and
the -s rule only cut a word's end; no token spans whitespace; so a term a word produces always
has its skeleton inside the word's skeleton. The skeletons of all words come from one pass over
the text (whitespace kept as a gap marker), and each term's skeleton is found with `str.find`:
the Python-level work grows with the matches, not with the text. The two cases where terms are
not made from a word's own letters in order, dates (reordered digits) and elliptical conjuncts
("Staats- und Regierungschefs"), fall back to analysing everything (terms with digits) or make
the conjunct a candidate, analysed up to the word after the conjunction.
A candidate is analysed from the word before it (a first name stops the next word from being
decompounded) to the first character after it (the tokenizer's lookahead), so its tokens are
those of the whole-text pass. `match_spans_reference` is that whole-text pass; the tests compare
the two.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from typing import Callable, Iterable, Iterator

import numpy

from archive.index.analysis import ExactAnalyzer, GermanAnalyzer
from archive.index.compile import HighlightTerms
from archive.index.word_memo import can_match
from archive.results import Snippet

SNIPPET_CHARS = 240
_CONTEXT_BEFORE = 60
_MAX_SPANS = 400
_GERMAN = GermanAnalyzer()
_EXACT = ExactAnalyzer()
# Paragraph breaks stay visible in a one-line snippet, so a subheading does not run into
# the sentence after it.
PARAGRAPH_MARK = " ¶ "

# An elliptical first conjunct takes the head of the word after the conjunction
# ("Staatschef"), which is not in its own skeleton: such a word is always a candidate, and is
# analysed up to that word (the tokenizer's lookahead reads it too).
_ELLIPSIS = re.compile(r"[-\u2010\u2011]\s+(?:und|oder|bzw\.|sowie|als auch)\s")
# Whitespace other than the plain space (a text with some is mapped to spaces first).
_OTHER_WHITESPACE = re.compile(r"[^\S ]")
_WHITESPACE = re.compile(r"\s")
_NON_SPACE = re.compile(r"\S")
# Word skeletons of a whole text in one C-level pass: the case-folded, NFKD text as UTF-8 with
# every byte deleted but ASCII letters other than e and y, digits and the gap byte that stands
# for a space (the vowels a, i, o, u are kept: a part such as "ion" has the skeleton "ion", not
# "n", which nearly every word holds; 2.1 million tokens of 1,000 FANG-COVID articles, each
# analyzer's, all have their skeleton inside their word's; y is left out as e is) (NFKD
# turns a few symbols into spaces, "´" into " ́", so spaces become gaps first). Non-ASCII letters
# are deleted too, from terms and text alike: deleting a set of characters from both sides keeps
# "contains", so the test stays a necessary condition.
_GAP = "\x00"
_KEPT_BYTES = frozenset(b"aioubcdfghjklmnpqrstvwxz0123456789\x00")
_DELETED_BYTES = bytes(byte for byte in range(256) if byte not in _KEPT_BYTES)
_ALNUM = re.compile(r"[^\W_]")


def fast_skeleton(text: str) -> bytes:
    """The skeleton of `text`: its ASCII letters but e and y, and its digits, after case folding
    and NFKD (which splits accents off their letters), as bytes.

    >>> fast_skeleton("Bürger/-innen"), fast_skeleton("Straße"), fast_skeleton("Łódź")
    (b'burgrinnn', b'strass', b'odz')
    """
    return word_skeletons(text.replace(_GAP, "")).replace(_GAP.encode(), b"")


def word_skeletons(text: str) -> bytes:
    """The `fast_skeleton` of each space-separated word of `text`, joined by NUL bytes (one
    for each space).

    >>> word_skeletons("Die Straße  zum Café")
    b'di\\x00strass\\x00\\x00zum\\x00caf'
    """
    folded = text.replace(" ", _GAP).casefold()
    if not folded.isascii():
        folded = unicodedata.normalize("NFKD", folded)
    return folded.encode("utf-8", "surrogatepass").translate(None, _DELETED_BYTES)


def match_spans(text: str, terms: HighlightTerms) -> list[tuple[int, int]]:
    """Character spans of the words in `text` that the query matched, sorted and merged:
    the same as `match_spans_reference`, analysing only words that can hold a match.

    >>> match_spans("Die Gespräche über Satelliten", HighlightTerms(text={"gesprach"}))
    [(4, 13)]
    """
    # Words are told apart by plain spaces: other whitespace becomes one (offsets kept).
    spaced = _WHITESPACE.sub(" ", text) if _OTHER_WHITESPACE.search(text) else text
    return _spans(text, spaced, terms)


def flat_match_spans(flat: str, terms: HighlightTerms) -> list[tuple[int, int]]:
    """`match_spans` of a text whose only whitespace is the plain space (`flatten`'s output),
    without looking for other whitespace.

    >>> flat_match_spans("Die Buerger ¶ Straße", HighlightTerms(text={"burger", "strass"}))
    [(4, 11), (14, 20)]
    """
    return _spans(flat, flat, terms)


def _spans(text: str, spaced: str, terms: HighlightTerms) -> list[tuple[int, int]]:
    """`match_spans` of `text`, given `spaced`: `text` with every whitespace character a space."""
    wanted = _wanted(terms)
    if any(ch.isdigit() for term in wanted for ch in term):
        return match_spans_reference(text, terms)  # date terms reorder digits
    needles = {fast_skeleton(term) for term in wanted}
    if b"" in needles or _GAP in text:
        ranges = [(0, len(text))]  # a term of e's only can be in any word
    else:
        ranges = candidate_ranges(text, terms, spaced, needles)
    spans: set[tuple[int, int]] = set()
    if terms.text or terms.prefixes:
        _collect(_GERMAN, text, ranges, _matcher(terms.text, terms.prefixes), spans,
                 _MAX_SPANS, True)
    if terms.exact or terms.prefixes:
        _collect(_EXACT, text, ranges, _matcher(terms.exact, terms.prefixes), spans,
                 2 * _MAX_SPANS, False)
    return _merge(spans)


def _wanted(terms: HighlightTerms) -> list[str]:
    return [*terms.text, *terms.exact, *terms.prefixes]


def candidate_ranges(text: str, terms: HighlightTerms, spaced: str | None = None,
                     needles: set[bytes] | None = None) -> list[tuple[int, int]]:
    """(start, end) of the stretches of `text` to analyse, in text order, not touching: each
    word that can match (its skeleton contains the `fast_skeleton` of a term, and alone it
    yields a term of `terms`: archive.index.word_memo) and each elliptical first conjunct, with
    the character after it (for a conjunct, up to the word after the conjunction). No term's
    `fast_skeleton` may be empty, and `text` holds no NUL. `spaced`: `text` with each
    whitespace character a space (`text` itself when it has no other whitespace); `needles`:
    the terms' skeletons, when the caller has them.

    >>> text = "Die Gespräche über Staats- und Regierungschefs. Gesprochen?"
    >>> [text[s:e] for s, e in candidate_ranges(text, HighlightTerms(text={"gesprach"}))]
    ['Gespräche ', 'Staats- und Regierungschefs. ']
    """
    if spaced is None:
        spaced = _WHITESPACE.sub(" ", text) if _OTHER_WHITESPACE.search(text) else text
    skeletons = word_skeletons(spaced)
    # Word k starts after the k-th space: its skeleton after the k-th gap.
    words: set[int] = set()
    if needles is None:
        needles = {fast_skeleton(term) for term in _wanted(terms)}
    for needle in needles:
        found = skeletons.find(needle)
        counted_to, gaps = 0, 0
        while found >= 0:
            gaps += skeletons.count(b"\x00", counted_to, found)
            counted_to = found
            words.add(gaps)
            word_end = skeletons.find(b"\x00", found)
            if word_end < 0:
                break
            found = skeletons.find(needle, word_end)
    conjuncts = list(_ELLIPSIS.finditer(text))
    if not words and not conjuncts:
        return []
    # Offsets of the spaces, found in C (a list of every word's start took 7x as long).
    spaces = numpy.flatnonzero(numpy.frombuffer(spaced.encode("utf-32-le", "surrogatepass"),
                                                dtype=numpy.uint32) == 32).tolist()
    ellipses: dict[int, int] = {}  # conjunct word -> the word after its conjunction
    for match in conjuncts:
        # The word holding an offset: the number of spaces before it.
        word = bisect_left(spaces, match.start())
        words.add(word)
        following = _NON_SPACE.search(text, match.end())
        ellipses[word] = bisect_left(spaces, following.start()) if following else word
    spaces.append(len(text))  # where the last word ends
    ranges: list[tuple[int, int]] = []
    for word in sorted(words):
        start = spaces[word - 1] + 1 if word else 0
        if word not in ellipses and not can_match(text[start:spaces[word]], terms):
            continue
        end = min(len(text), spaces[ellipses.get(word, word)] + 1)
        if ranges and start <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(end, ranges[-1][1]))
        else:
            ranges.append((start, end))
    return ranges


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


def _collect(analyzer: Callable[..., Iterator], text: str, ranges: list[tuple[int, int]],
             matches: Callable[[str], bool], spans: set[tuple[int, int]], limit: int,
             removestops: bool) -> None:
    """Add the matching tokens of the candidate ranges to `spans`, in text order, stopping
    where the whole-text pass stops (after the token that brings `spans` to `limit`)."""
    for start, end in ranges:
        begin = _context_start(text, start)
        # Tokens before `start` only set the context (a first name).
        for token in analyzer(text[begin:end], chars=True, start_char=begin,
                              removestops=removestops):
            if token.startchar < start:
                continue
            if matches(token.text):
                spans.add((token.startchar, token.endchar))
            if len(spans) >= limit:
                return


def flatten(text: str) -> str:
    """`text` on one line: each run of whitespace with a line break in it becomes
    PARAGRAPH_MARK, any other run one space, none at either end. (str.split and join, not a
    regex substitution: a substitution costs a Python-level step per match, and an article
    has a thousand spaces.)

    >>> flatten(" Titel \\n\\n Erster  Satz.\\tZweiter.\\n")
    'Titel ¶ Erster Satz. Zweiter.'
    """
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return PARAGRAPH_MARK.join(line for line in lines if line)


def make_snippet(text: str, terms: HighlightTerms, width: int = SNIPPET_CHARS) -> Snippet:
    """The best window of about `width` characters: the one showing the most distinct matched
    words, with whitespace folded and "…" where text was cut.
    """
    flat = flatten(text)
    spans = flat_match_spans(flat, terms)
    if not spans:
        return _cut(flat, 0, width, [])
    return _cut(flat, best_window(flat, spans, width), width, spans)


def best_window(flat: str, spans: list[tuple[int, int]], width: int) -> int:
    """Where the best window starts: of the windows starting `_CONTEXT_BEFORE` characters
    before each span (not before 0), the first with the most distinct matched words (lowercase),
    then the most spans, counting the spans wholly inside [start, start + width].

    `spans` are `_merge`'s: sorted and apart, so their starts and ends both ascend and a
    window's spans are one run of them; the run is slid along with the windows (both ends only
    move forward), keeping a count per word, instead of scanning every span for every window
    (a page of a word the article repeats has hundreds of spans).

    >>> text = "aa " + "x" * 80 + " aa bb cc"
    >>> best_window(text, [(0, 2), (84, 86), (87, 89), (90, 92)], 60)
    30
    """
    words = [flat[start:end].lower() for start, end in spans]
    counts: dict[str, int] = {}
    low = high = 0  # the window's spans are spans[low:high] (none while high <= low)
    best_start, best_score = spans[0][0], -1
    for anchor, _ in spans:
        start = max(0, anchor - _CONTEXT_BEFORE)
        while high < len(spans) and spans[high][1] <= start + width:
            if high >= low:
                counts[words[high]] = counts.get(words[high], 0) + 1
            high += 1
        while low < len(spans) and spans[low][0] < start:
            if low < high:
                left = counts[words[low]] - 1
                if left:
                    counts[words[low]] = left
                else:
                    del counts[words[low]]
            low += 1
        score = len(counts) * 1000 + max(0, high - low)
        if score > best_score:
            best_start, best_score = start, score
    return best_start


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
