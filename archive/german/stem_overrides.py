"""Stemming one word: Snowball 3 German (PyStemmer) behind a small override table, plus the
-s rule for plurals and genitives that Snowball leaves alone.

Snowball 3's `german` (the former german2) already folds ä/ae, ö/oe, ü/ue and ß/ss and conflates
Wähler/Wählerin/Wählerinnen. What it gets wrong for news is fixed here:

* known collisions, where two unrelated words share a stem: Bürger/Burg, Bauer(n)/Bau,
  Lager/Lage, Rate/Rat, Kurs/Kur, Trauer/trauen. The override keys are words as written (with
  umlauts), their values are stems Snowball itself never produces for another word: Snowball
  strips a final -er or -e in these words, the overrides keep it;
* Zins/Zinsen, which Snowball splits into zin/zins;
* -er agent nouns (Wähler, Lehrer, Fahrer; data/agent-nouns-de.txt, derived from the lexicon by
  tools/build_lexicon.py): Snowball strips their -er, so Wähler met Wahl and Lehrer met Lehre.
  Their forms (-s, -n, -in, -innen) get the word with its -er as stem instead ("wahler"), which
  no Snowball stem of another word ends in, as the stripped -er shows;
* -s after a vowel, y, j, p or w, which Snowball never removes (Autos, Europas, Trumps, Handys,
  Selenskyjs, Peskows): such a word also gets the stem of the word without the -s.
"""

from __future__ import annotations

import re
from pathlib import Path

import Stemmer

from archive.german.caching import remember

# No PyStemmer cache (maxCacheSize 0): `stems` caches per word already, and PyStemmer's own
# cache purges itself by sorting every few thousand new words, which more than doubled the cost
# of a stem on a first pass over new text.
_STEMMER = Stemmer.Stemmer("german", 0)

_FAMILIES = {
    "burger": "bürger bürgers bürgern bürgerin bürgerinnen",
    "bauer": "bauer bauers bauern bäuerin bäuerinnen",
    "lager": "lager lagers lagern",
    "rate": "rate raten",
    "kurs": "kurs",
    "trauer": "trauer",
    "zins": "zins zinsen",
}
STEM_OVERRIDES: dict[str, str] = {
    word: stem for stem, words in _FAMILIES.items() for word in words.split()
}
_AGENT_ENDINGS = ("", "s", "n", "in", "innen")


def _ascii_stem(word: str) -> str:
    return word.replace("ä", "a").replace("ö", "o").replace("ü", "u")


def _agent_nouns() -> list[str]:
    # The package's own folder rather than importlib.resources, which a search process would
    # import (with zipfile) for this one file.
    text = (Path(__file__).resolve().parent / "data" / "agent-nouns-de.txt").read_text(
        encoding="utf-8")
    return [line for line in text.split("\n") if line and not line.startswith("#")]


# A few hundred words: read at import (well under a millisecond), so every search agrees with
# the index without a lazy path.
AGENT_NOUNS = frozenset(_agent_nouns())
for _agent in AGENT_NOUNS:
    for _ending in _AGENT_ENDINGS:
        STEM_OVERRIDES.setdefault(_agent + _ending, _ascii_stem(_agent))

# Lucene's / Snowball's reading of ae, oe, ue as umlauts: not after a vowel or q (Feuer, Quelle).
_DIGRAPH_RE = re.compile(r"(?<![aeiouyäöüq])(ae|oe|ue)")
_UMLAUT = {"ae": "ä", "oe": "ö", "ue": "ü"}

# Endings after which a final -s is a plural or genitive Snowball does not remove. Words ending
# in -us (Klaus, Virus, Status), -nis, -eis, -ais, -sis, -xis are left alone: there the s belongs
# to the word, and "klau" or "ergebni" would only be noise.
_S_RULE_RE = re.compile(r"[aioyjpw]s$")
_S_RULE_EXCEPT_RE = re.compile(r"(?:nis|eis|ais|sis|xis)$")
S_RULE_MIN_LENGTH = 5


def umlaut_form(word: str) -> str:
    """A lowercase word with ß as ss and ae/oe/ue read as umlauts ("buerger" -> "bürger").

    >>> umlaut_form("buerger"), umlaut_form("feuer"), umlaut_form("straße")
    ('bürger', 'feuer', 'strasse')
    """
    word = word.replace("ß", "ss")
    if "ae" in word or "oe" in word or "ue" in word:
        word = _DIGRAPH_RE.sub(lambda match: _UMLAUT[match.group(1)], word)
    return word


def stem(word: str) -> str:
    """The stem of one lowercase word, overrides first.

    >>> stem("bürgern"), stem("burg"), stem("gesprächen"), stem("Buerger".lower())
    ('burger', 'burg', 'gesprach', 'burger')
    """
    override = STEM_OVERRIDES.get(umlaut_form(word))
    if override is not None:
        return override
    return _STEMMER.stemWord(word)


_STEMS_CACHE: dict[str, tuple[str, ...]] = {}
# Entries before the cache is cleared (~200 bytes each, ~10 MB full). Asked on a plan-cache miss
# only (archive.german.plans); 300,000 held ~60 MB for no measurable time (decompound.py).
_CACHE_LIMIT = 50_000


def stems(word: str) -> tuple[str, ...]:
    """The stems of one lowercase word: its stem, then the stem without a plural/genitive -s
    where the -s rule applies.

    >>> stems("autos"), stems("trumps"), stems("status"), stems("gespräch")
    (('autos', 'auto'), ('trumps', 'trump'), ('status',), ('gesprach',))
    """
    found = _STEMS_CACHE.get(word)
    if found is not None:
        return found
    found = (stem(word),)
    if (len(word) >= S_RULE_MIN_LENGTH and _S_RULE_RE.search(word)
            and not _S_RULE_EXCEPT_RE.search(word)):
        second = stem(word[:-1])
        if second != found[0]:
            found = (found[0], second)
    return remember(_STEMS_CACHE, word, found, _CACHE_LIMIT)


def clear_caches() -> None:
    """Forget cached stems (benchmarks measure the cold path with this)."""
    _STEMS_CACHE.clear()
