"""What each whitespace-separated word of a text can put into the stemmed and the exact field,
memoised by the word as written, so a snippet analyses in context only the words that match.

A word's terms in running text are a subset of its terms alone: its tokens are the same (no
token spans whitespace, and the tokenizer's one-character lookahead sees a space or the end of
the text alike), and the one effect of context, a first name before it, only removes compound
parts. The exception, an elliptical first conjunct ("Staats-" in "Staats- und Regierungschefs")
whose term takes the head of a later word, is never looked up here (archive.index.highlight
always analyses it). News vocabulary is Zipfian, so after a few searches almost every word of a
hit is a memo hit: one dict lookup instead of an analyzer run.
"""

from __future__ import annotations

from typing import NamedTuple

from archive.index.analysis import ExactAnalyzer, GermanAnalyzer
from archive.german.caching import remember
from archive.index.compile import HighlightTerms

_GERMAN = GermanAnalyzer()
_EXACT = ExactAnalyzer()
# Words before the memo is emptied: an entry with its two term sets is ~500 bytes, so ~25 MB.
# 200 benchmark searches (top 10 each) put 13,400 words in it.
_MEMO_LIMIT = 50_000


class WordTerms(NamedTuple):
    """The terms one word yields alone: in the stemmed fields (stop words left out, as the
    highlighter's pass does) and in the exact field."""

    text: frozenset[str]
    exact: frozenset[str]


_MEMO: dict[str, WordTerms] = {}


def word_terms(word: str) -> WordTerms:
    """The terms of one whitespace-free word, analysed alone (memoised).

    >>> sorted(word_terms("Regierungschefs,").text)
    ['chef', 'regier', 'regier+chef', 'regierungschef']
    >>> sorted(word_terms("Die").exact), sorted(word_terms("Die").text)
    (['die'], [])
    """
    found = _MEMO.get(word)
    if found is None:
        value = word + " "
        found = WordTerms(frozenset(token.text for token in _GERMAN(value)),
                          frozenset(token.text for token in _EXACT(value, removestops=False)))
        remember(_MEMO, word, found, _MEMO_LIMIT)
    return found


def can_match(word: str, terms: HighlightTerms) -> bool:
    """Whether some token of `word` can be one the highlighter marks for `terms`: a stemmed
    term in `terms.text`, an exact term in `terms.exact`, or either starting with a prefix.

    >>> can_match("Gespräche.", HighlightTerms(text={"gesprach"}))
    True
    >>> can_match("Gesprächs", HighlightTerms(exact={"gesprach"}))
    False
    """
    found = word_terms(word)
    if not found.text.isdisjoint(terms.text) or not found.exact.isdisjoint(terms.exact):
        return True
    return any(term.startswith(prefix) for prefix in terms.prefixes
               for term in (*found.text, *found.exact))


def clear() -> None:
    """Forget every memoised word (benchmarks measure the cold path with this)."""
    _MEMO.clear()
