"""Tokenising German news text: which stretches of the original text are one token, and what
kind of token each is (date, number, or a word chain with hyphens, gender marker or apostrophe).

The tokenizer runs on the original text, so match offsets are character offsets into it (the
highlighter needs them). Characters that web pages leave inside words (soft hyphen U+00AD,
zero-width characters, combining accents of decomposed umlauts) are part of a match and removed
only from the word's *text* by `clean`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# Soft hyphen, zero-width space/joiners, word joiner, BOM; and combining marks (a decomposed "ä"
# is "a" + U+0308), which belong to the word they sit in.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INWORD = INVISIBLE + "\u0300-\u036f"
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
# A word piece longer than this is read as several tokens, and a token (a hyphen chain of
# pieces) is analysed as its first MAX_TOKEN_CHARS characters. Every step after the tokenizer
# copies a token and caches it, and the regex engine keeps state per character of a piece;
# real words and chains are far shorter (compounds are split only up to 64 letters anyway).
MAX_TOKEN_CHARS = 256
# Pieces in one hyphen chain, for the same reason.
MAX_CHAIN_PIECES = 64
_APOSTROPHES = "'\u2019\u02bc\u2018\u00b4`"
_HYPHENS = "\\-\u2010\u2011"

# Letters and digits (a word piece), at most MAX_TOKEN_CHARS of them: Python's regex engine keeps
# a backtracking entry per repetition of a group, so an unbounded run-on "word" of 9 MB took
# 2 GB to tokenise. A longer run is read as several tokens (bounded chunks).
_AN = rf"(?:[^\W_]|[{_INWORD}]){{1,{MAX_TOKEN_CHARS}}}"
_GENDER = r"(?:[:*_\u00b7]|/-?)(?:innen|in)(?![^\W_])"
_ELLIPSIS = rf"[{_HYPHENS}](?=\s+(?:und|oder|bzw\.|sowie|als auch)\s)"
TOKEN_RE = re.compile(
    rf"(?P<date>(?<![\d.])\d{{1,2}}\.\d{{1,2}}\.(?:1[89]|2[01])\d\d(?!\d))"
    rf"|(?P<number>(?<![\d.,])\d{{1,3}}(?:[.'\u2019]\d{{3}})+(?:,\d+)?(?![\d]))"
    rf"|(?P<decimal>(?<![\d.,])\d+,\d+(?![\d]))"
    rf"|(?P<chain>{_AN}(?:[{_APOSTROPHES}]{_AN}|[{_HYPHENS}]{_AN}){{0,{MAX_CHAIN_PIECES}}}"
    rf"(?:{_GENDER})?(?:{_ELLIPSIS}|[{_APOSTROPHES}](?![^\W_]))?)"
)
_GENDER_END_RE = re.compile(rf"{_GENDER}$")
_PIECE_RE = re.compile(rf"[^{_HYPHENS}]+")
# Binnen-I: "WählerInnen", "BürgerIn" (a lowercase run, then In/Innen at the end).
_BINNEN_I_RE = re.compile(r"^(.*[a-zäöüß]{3})(In|Innen)$")
_NEXT_WORD_RE = re.compile(rf"\s+(?:und|oder|bzw\.|sowie|als auch)\s+({_AN}(?:[{_HYPHENS}]{_AN})*)")
_APOSTROPHE_RE = re.compile(f"[{_APOSTROPHES}]")


def token_text(match: re.Match[str]) -> str:
    """The text of a TOKEN_RE match, cut to MAX_TOKEN_CHARS."""
    text = match.group()
    return text if len(text) <= MAX_TOKEN_CHARS else text[:MAX_TOKEN_CHARS]


class Piece(NamedTuple):
    """One word of a chain: its surface text and its offsets inside the chain's match."""

    text: str
    start: int
    end: int


class Chain(NamedTuple):
    """A word chain split into its parts.

    `pieces`: the hyphen-separated words ("Kreml-Chef" -> Kreml, Chef); `gender`: the feminine
    suffix written with a marker or a Binnen-I ("innen", "in" or ""); `ellipsis`: True for a
    first conjunct such as "Staats-" in "Staats- und Regierungschefs".
    """

    pieces: tuple[Piece, ...]
    gender: str
    ellipsis: bool


def clean(text: str) -> str:
    """The text of a word: invisible characters and apostrophes removed, NFC, lowercase.

    >>> clean("Ge\\u00adspra\\u0308ch"), clean("Trump’s")
    ('gespräch', 'trumps')
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", _INVISIBLE_RE.sub("", text))
        text = _APOSTROPHE_RE.sub("", text)
    elif "'" in text or "`" in text:
        text = text.replace("'", "").replace("`", "")
    return text.lower()


def visible(text: str) -> str:
    """A word with invisible characters removed and NFC applied, case kept."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", _INVISIBLE_RE.sub("", text))


def split_chain(raw: str) -> Chain:
    """Split a `chain` match into its words, gender suffix and ellipsis marker.

    >>> [p.text for p in split_chain("Kreml-Chef").pieces]
    ['Kreml', 'Chef']
    >>> split_chain("Wähler:innen").gender, split_chain("WählerInnen").gender
    ('innen', 'innen')
    >>> split_chain("Staats-").ellipsis, split_chain("Merz’").pieces[0].text
    (True, 'Merz')
    """
    if raw.isalpha() and "I" not in raw[1:]:
        return Chain((Piece(raw, 0, len(raw)),), "", False)  # a plain word: most of them
    end = len(raw)
    ellipsis = False
    if raw[-1] in _APOSTROPHES:
        end -= 1
    elif raw[-1] in "-\u2010\u2011":
        end -= 1
        ellipsis = True
    gender = ""
    marker = _GENDER_END_RE.search(raw, 0, end)
    if marker:
        gender = "innen" if marker.group().endswith("innen") else "in"
        end = marker.start()
    pieces = tuple(Piece(m.group(), m.start(), m.end()) for m in _PIECE_RE.finditer(raw, 0, end))
    if not gender and len(pieces) == 1:
        binnen = _BINNEN_I_RE.match(visible(pieces[0].text))
        if binnen and binnen.group(1)[1:].islower():
            gender = binnen.group(2).lower()
            pieces = (Piece(binnen.group(1), pieces[0].start, pieces[0].end),)
    return Chain(pieces, gender, ellipsis)


def next_conjunct(text: str, offset: int) -> str | None:
    """For an elliptical first conjunct ending at `offset` ("Staats-|"), the word after the
    conjunction: "Staats- und Regierungschefs" -> "Regierungschefs"."""
    match = _NEXT_WORD_RE.match(text, offset)
    return match.group(1) if match else None


def canonical_number(raw: str) -> str:
    """A number with German thousands separators, written plainly.

    >>> canonical_number("178.000"), canonical_number("1.234,5"), canonical_number("178’000")
    ('178000', '1234,5', '178000')
    """
    return raw.replace(".", "").replace("'", "").replace("\u2019", "")


def date_terms(raw: str) -> tuple[str, str]:
    """A German date as an ISO term and its year.

    >>> date_terms("25.10.2024"), date_terms("1.2.2021")
    (('2024-10-25', '2024'), ('2021-02-01', '2021'))
    """
    day, month, year = raw.split(".")
    return f"{year}-{int(month):02d}-{int(day):02d}", year
