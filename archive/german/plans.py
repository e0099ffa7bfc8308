"""Token plans: what one tokenizer match becomes in a field, cached per match text.

A plan lists entries (position delta, term, start, end, stopped): the terms to emit at each of
the match's positions with character offsets relative to the match. The analyzers only look the
match up and replay its plan, which is what keeps the German chain fast on news text: the
expensive work (tokenising a chain, decompounding, stemming) runs once per distinct word.
"""

from __future__ import annotations

from typing import NamedTuple

from archive.german.decompound import head_of, lexicon_key
from archive.german.folding import fold_german
from archive.german.german_tokens import (Chain, canonical_number, clean, date_terms,
                                         next_conjunct, split_chain, visible)
from archive.german.caching import remember
from archive.german.stem_overrides import stems
from archive.german.stopwords import GERMAN_STOP_WORDS
from archive.german.word_analysis import analyse_uncached, analyse_word, is_first_name

Entry = tuple[int, str, int, int, bool]


class Plan(NamedTuple):
    """The entries of one match; `width`: positions it takes; `split`: some word of it was
    decompounded (after a first name, `unsplit_entries` are used instead); `first_name`: the
    match is a first name; `ellipsis`: an elliptical first conjunct ("Staats-"), completed from
    the text that follows it."""

    entries: tuple[Entry, ...]
    width: int
    split: bool
    first_name: bool
    ellipsis: bool


TEXT_CACHE: dict[str, Plan] = {}
EXACT_CACHE: dict[str, Plan] = {}
UNSPLIT_CACHE: dict[str, tuple[Entry, ...]] = {}
# (conjunct, the word after its conjunction) -> entries: "Bund- und Länder..." recurs.
ELLIPSIS_CACHE: dict[tuple[str, str | None], tuple[Entry, ...]] = {}
# Entries per cache (cleared when full). A plan costs ~400 bytes: two full caches ~86 MB, where
# 300k each cost ~250 MB at a large import. News vocabulary is Zipfian, so a cleared cache
# refills its frequent words quickly (5,000 articles: ~4 % more time). These are the hot path
# (a hit skips all other analysis): 40,000 cost 11 % more analysis time on 2,000 articles, so
# the memory is taken from the caches behind them (decompound.py, stem_overrides.py).
_CACHE_LIMIT = 100_000


def _remember(cache: dict[str, Plan], raw: str, plan: Plan) -> Plan:
    return remember(cache, raw, plan, _CACHE_LIMIT)


def _fold(text: str) -> str:
    return fold_german(text)


def closed_form(chain: Chain) -> str:
    """A hyphen chain written closed, as a word: "Kreml-Chef" -> "KremlChef" analysed as
    "kremlchef" (the case of the first piece decides whether it is a noun)."""
    return "".join(visible(piece.text) for piece in chain.pieces)


def _value_plan(raw: str, kind: str) -> Plan | None:
    """Plans of dates and numbers, the same in both fields."""
    if kind == "date":
        iso, year = date_terms(raw)
        entries: tuple[Entry, ...] = ((0, iso, 0, len(raw), False), (0, year, 0, len(raw), False))
    elif kind == "number":
        entries = ((0, canonical_number(raw), 0, len(raw), False),)
    elif kind == "decimal":
        entries = ((0, raw, 0, len(raw), False),)
    else:
        return None
    return Plan(entries, 1, False, False, False)


def _chain_entries(chain: Chain, raw: str, allow_split: bool) -> tuple[tuple[Entry, ...], bool]:
    """Entries of a word chain in the stemmed fields, and whether any piece was split."""
    entries: list[Entry] = []
    was_split = False
    last = len(chain.pieces) - 1
    for index, piece in enumerate(chain.pieces):
        surface = visible(piece.text)
        gender = chain.gender if index == last else ""
        end = len(raw) if index == last and chain.gender else piece.end
        terms = analyse_word(surface, gender=gender, noun=surface[:1].isupper(),
                             allow_split=allow_split)
        if terms.stop:
            entries.append((index, terms.normalised, piece.start, end, True))
            continue
        was_split = was_split or bool(terms.parts)
        entries.extend((index, term, piece.start, end, False) for term in terms.index_terms)
    if last > 0:
        closed = analyse_word(closed_form(chain), noun=False)
        present = {entry[1] for entry in entries if entry[0] == 0}
        entries[0:0] = [(0, term, 0, len(raw), False) for term in closed.stems
                        if term not in present]
    return tuple(entries), was_split


def text_plan(raw: str, kind: str) -> Plan:
    """The plan of one match in the stemmed fields (title, teaser, body).

    >>> [e[1] for e in text_plan("Kreml-Chef", "chain").entries]
    ['kremlchef', 'kreml', 'chef']
    """
    if raw.isalpha() and raw.islower():
        # Fast path for the commonest case, a lowercase word (never split, never a name): the
        # same entries _chain_entries gives it, without the general machinery.
        if raw in GERMAN_STOP_WORDS:
            entries: tuple[Entry, ...] = ((0, raw, 0, len(raw), True),)
        else:
            entries = tuple((0, term, 0, len(raw), False) for term in stems(raw))
        return _remember(TEXT_CACHE, raw, Plan(entries, 1, False, False, False))
    if raw.isalpha() and "I" not in raw[1:]:
        # A plain word (the commonest new token on a first pass: capitalised nouns and names):
        # what split_chain and _chain_entries give a one-piece chain, without building them.
        surface = visible(raw)
        terms = analyse_uncached(surface, "", surface[:1].isupper(), True)
        size = len(raw)
        if terms.stop:
            entries = ((0, terms.normalised, 0, size, True),)
        else:
            entries = tuple([(0, term, 0, size, False) for term in terms.index_terms])
        plan = Plan(entries, 1, bool(terms.parts) and not terms.stop, is_first_name(surface),
                    False)
        return _remember(TEXT_CACHE, raw, plan)
    plan = _value_plan(raw, kind)
    if plan is None:
        chain = split_chain(raw)
        entries, was_split = _chain_entries(chain, raw, allow_split=True)
        single = len(chain.pieces) == 1 and not chain.gender and not chain.ellipsis
        first = single and is_first_name(visible(chain.pieces[0].text))
        # A match of invisible characters or combining marks alone has no text: no term.
        plan = Plan(_with_text(entries), max(len(chain.pieces), 1), was_split, first,
                    chain.ellipsis)
    return _remember(TEXT_CACHE, raw, plan)


def _with_text(entries: tuple[Entry, ...] | list[Entry]) -> tuple[Entry, ...]:
    """The entries whose term is not empty."""
    return tuple(entry for entry in entries if entry[1])


def unsplit_entries(raw: str) -> tuple[Entry, ...]:
    """The entries of a chain match with no word decompounded (it follows a first name:
    "Mark Zuckerberg", "Klaus Gottwald")."""
    found = UNSPLIT_CACHE.get(raw)
    if found is None:
        found = _chain_entries(split_chain(raw), raw, allow_split=False)[0]
        remember(UNSPLIT_CACHE, raw, found, _CACHE_LIMIT)
    return found


def exact_plan(raw: str, kind: str) -> Plan:
    """The plan of one match in the exact field: folded surface words, nothing else.

    >>> [e[1] for e in exact_plan("Bürger/-innen", "chain").entries]
    ['burgerinnen', 'burger']
    """
    plan = _value_plan(raw, kind)
    if plan is None:
        chain = split_chain(raw)
        entries: list[Entry] = []
        last = len(chain.pieces) - 1
        for index, piece in enumerate(chain.pieces):
            word = _fold(clean(piece.text))
            if index == last and chain.gender:
                entries.append((index, word + chain.gender, piece.start, len(raw), False))
            entries.append((index, word, piece.start, piece.end, False))
        plan = Plan(_with_text(entries), max(len(chain.pieces), 1), False, False, False)
    return _remember(EXACT_CACHE, raw, plan)


def ellipsis_entries(raw: str, text: str, end: int) -> tuple[Entry, ...]:
    """Entries of an elliptical first conjunct, completed with the head of the next word:
    "Staats-" in "Staats- und Regierungschefs" is indexed as "Staatschefs".

    >>> [e[1] for e in ellipsis_entries("Staats-", "Staats- und Regierungschefs", 7)]
    ['staatschef', 'staat', 'chef', 'staat+chef']
    """
    following = next_conjunct(text, end)
    found = ELLIPSIS_CACHE.get((raw, following))
    if found is None:
        found = remember(ELLIPSIS_CACHE, (raw, following), _ellipsis_entries(raw, following),
                         _CACHE_LIMIT)
    return found


def _ellipsis_entries(raw: str, following: str | None) -> tuple[Entry, ...]:
    """`ellipsis_entries` given the word after the conjunction (all it reads of the text)."""
    chain = split_chain(raw)
    stem_piece = chain.pieces[-1]
    head = None
    if following is not None:
        last_word = following.replace("\u2010", "-").replace("\u2011", "-").split("-")[-1]
        head = head_of(lexicon_key(clean(last_word)))
    if head is None:
        return text_plan(raw, "chain").entries
    surface = visible(stem_piece.text) + head
    terms = analyse_word(surface, noun=surface[:1].isupper())
    return tuple((0, term, stem_piece.start, stem_piece.end, False) for term in terms.index_terms)
