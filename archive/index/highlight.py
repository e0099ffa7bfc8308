"""Snippets: the passage of an article that best shows why it matched, with the matched words'
character spans, found by running the index's own analyzers over the stored text.
"""

from __future__ import annotations

import re

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


def match_spans(text: str, terms: HighlightTerms) -> list[tuple[int, int]]:
    """Character spans of the words in `text` that the query matched, sorted and merged.

    >>> match_spans("Die Gespräche über Satelliten", HighlightTerms(text={"gesprach"}))
    [(4, 13)]
    """
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
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


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
