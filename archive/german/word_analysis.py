"""What one German word becomes in the stemmed fields: its stems, the stems of its compound
parts, and why it was not split. Shared by the index analyzer and the query builder, so both
sides always agree; results are cached per word (news vocabulary is Zipfian, so after a few
hundred articles almost every word is a cache hit).
"""

from __future__ import annotations

from typing import NamedTuple

from archive.german import decompound, stem_overrides
from archive.german.german_tokens import clean
from archive.german.decompound import (MAX_SPLIT_CHARS, MIN_WORD, guard_reason, lexicon_key,
                                      split)
from archive.german.caching import remember
from archive.german.lexicon import lexicon
from archive.german.stem_overrides import stems, umlaut_form
from archive.german.stopwords import GERMAN_STOP_WORDS

_CACHE: dict[tuple[str, str, bool, bool], "WordTerms"] = {}
# Entries (~500 bytes each) before the cache is cleared: ~15 MB full; plain words are mostly
# served by the plan caches, so this one is asked for new words only (limits measured in
# decompound.py).
_CACHE_LIMIT = 30_000


class WordTerms(NamedTuple):
    """The analysis of one word (see `analyse_word`).

    `stems`: terms of the word itself (its stem, the stem without a plural -s, the stems of the
    gender forms); `parts` / `part_words`: stems and lexicon words of its compound parts, all
    the way down; `groups`: stems of the parts with common joins kept (klimaschutz + gesetz);
    `variants`: the other forms analysed (Wählerinnen for Wähler:innen); `guard`: why the word
    was not split although it could have been.
    """

    normalised: str
    stop: bool
    stems: tuple[str, ...]
    parts: tuple[str, ...]
    part_words: tuple[str, ...]
    groups: tuple[str, ...]
    variants: tuple[str, ...]
    guard: str | None

    @property
    def index_terms(self) -> tuple[str, ...]:
        """Every term the word puts at its position in the index, without duplicates: its
        stems, its groups and parts, and the pair terms of adjacent parts (see pair_terms)."""
        if not self.parts and len(self.stems) < 2:
            return self.stems  # most words: nothing to merge (no groups without parts)
        pairs = pair_terms(self.parts)
        if self.groups != self.parts:
            pairs += pair_terms(self.groups)
        return tuple(dict.fromkeys(self.stems + self.groups + self.parts + pairs))

    def alternatives(self) -> list[tuple[str, ...]]:
        """Query alternatives: each stem alone, the groups together, the parts together."""
        found: list[tuple[str, ...]] = [(term,) for term in self.stems]
        if self.groups and self.groups != self.parts:
            found.append(self.groups)
        if self.parts:
            found.append(self.parts)
        return found


PAIR_JOINER = "+"


def pair_terms(parts: tuple[str, ...]) -> tuple[str, ...]:
    """Terms for adjacent parts of one compound ("warm+pump" for Luftwärmepumpe): a query
    compound's parts meet a longer compound that holds them side by side through these, and
    never parts that stand in unrelated words of the article (the stemmed fields keep no
    positions). No word contains "+", so they meet nothing else.

    >>> pair_terms(("luft", "warm", "pump"))
    ('luft+warm', 'warm+pump')
    """
    return tuple(left + PAIR_JOINER + right for left, right in zip(parts, parts[1:]))


def _part_stems(words: tuple[str, ...]) -> tuple[str, ...]:
    # The last stem is the one without a plural -s, which every form of the word indexes.
    if not words:
        return ()
    return tuple(dict.fromkeys(stems(word)[-1] for word in words))


def _decompose(surface: str, word: str) -> tuple[tuple[str, ...], tuple[str, ...], str | None]:
    """(leaf parts, groups, guard) of a word that may be split; ((), (), None) if it is not a
    compound."""
    key = lexicon_key(word)
    if not key.isalpha():
        return (), (), None
    if len(key) > MAX_SPLIT_CHARS:
        return (), (), f"longer than {MAX_SPLIT_CHARS} letters"
    found = _split_feminine(key)
    if found is None and ("ae" in key or "oe" in key or "ue" in key):
        # Typed without umlauts: "Spitzengespraech" is split as "Spitzengespräch".
        found = _split_feminine(umlaut_form(key))
    if found is None:
        return (), (), None
    reason = guard_reason(surface, key)
    if reason is not None:
        return (), (), reason
    return found[0], found[1], None


def _split_feminine(key: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(parts, groups) of a word, splitting a feminine form through its masculine base:
    "außenministerin" -> aussen + ministerin, and never "wählerinnen" -> wähle + rinnen."""
    for suffix in ("innen", "in"):
        if key.endswith(suffix) and len(key) - len(suffix) >= MIN_WORD:
            base = split(key[: -len(suffix)])
            if base is not None:
                return (base.parts[:-1] + (base.parts[-1] + suffix,),
                        base.groups[:-1] + (base.groups[-1] + suffix,))
            if suffix == "innen":
                return None  # a feminine plural whose base is no compound
    found = split(key)
    return None if found is None else (found.parts, found.groups)


def analyse_word(surface: str, gender: str = "", noun: bool = True,
                 allow_split: bool = True) -> WordTerms:
    """Analyse one word as written (no hyphens; `gender` is a feminine suffix written with a
    marker, "innen" or "in", already removed from `surface`).

    `noun`: capitalised in running text (only nouns are decompounded there; a query word is
    always treated as a possible noun). `allow_split=False` when context shows a name
    (the word follows a first name).

    >>> analyse_word("Satellitensystems").index_terms
    ('satellitensystem', 'satellit', 'system', 'satellit+system')
    >>> analyse_word("Wähler", gender="innen").stems
    ('wahler',)
    >>> analyse_word("Autos").stems, analyse_word("Zuckerberg").guard
    (('autos', 'auto'), 'name or brand')
    """
    cache_key = (surface, gender, noun, allow_split)
    cached = _CACHE.get(cache_key)
    if cached is not None:
        return cached
    result = analyse_uncached(surface, gender, noun, allow_split)
    return remember(_CACHE, cache_key, result, _CACHE_LIMIT)


def analyse_uncached(surface: str, gender: str = "", noun: bool = True,
                     allow_split: bool = True) -> WordTerms:
    """`analyse_word` without its cache, for callers that cache the result in another form
    (a plain word's token plan): one cached object per word instead of two keeps a first pass
    over new text lighter on memory and on the garbage collector."""
    word = clean(surface)
    if not gender and word in GERMAN_STOP_WORDS:
        result = WordTerms(word, True, (), (), (), (), (), None)
    else:
        variants: list[str] = []
        word_stems = stems(word)  # distinct already; only a gender form can repeat one
        if gender:
            variants.append(word + gender)
            word_stems = tuple(dict.fromkeys(word_stems + stems(word + gender)))
        elif len(word_stems) > 1:
            variants.append(word[:-1])  # the -s rule's form: Trumps -> Trump
        part_words: tuple[str, ...] = ()
        group_words: tuple[str, ...] = ()
        guard = None
        if noun and len(word) >= MIN_WORD:
            if allow_split:
                part_words, group_words, guard = _decompose(surface, word)
            else:
                guard = "follows a first name"
        parts = _part_stems(part_words)
        groups = _part_stems(group_words) if group_words != part_words else parts
        result = WordTerms(word, False, word_stems, parts, part_words, groups,
                           tuple(variants), guard)
    return result


def is_first_name(surface: str) -> bool:
    """Whether a capitalised word is a first name (Mark, Karl, Annalena): the word after it is
    then a surname and is not decompounded (Mark Zuckerberg, Karl Lauterbach)."""
    if len(surface) < 3 or not surface[0].isupper():
        return False
    return lexicon().is_first_name(lexicon_key(surface.lower()))


def clear_caches() -> None:
    """Forget every cached word analysis (benchmarks measure the cold path with this)."""
    _CACHE.clear()
    decompound.clear_caches()
    stem_overrides.clear_caches()
