"""The German word lexicon behind the decompounder, loaded lazily from the shipped data file.

archive/index/data/lexicon-de.txt.gz (0.8 MB, CC BY-SA 4.0, derived once by tools/build_lexicon.py
from wordfreq and german-nouns; see data/LICENSE-lexicon.md) holds ~230k words with their Zipf
frequency, plus first names and other proper names. Nothing is read until a word actually needs
decompounding, so a search for short or cached words never pays for it.

Loading keeps the sorted word list and looks words up by bisection: building a 230k-entry dict
would cost ~0.15 s, which every `archive search` process would pay. After many lookups (a bulk
import) the dict is built once, because then it is cheaper per word.
"""

from __future__ import annotations

import bisect
import gzip
import threading
import time
from importlib import resources

_DATA_FILE = "lexicon-de.txt.gz"
# After this many lookups, building a dict (~0.15 s) pays for itself.
_DICT_AFTER_LOOKUPS = 200_000


class Lexicon:
    """Zipf frequencies and name lists; `zipf(word)` is 0.0 for an unknown word.

    >>> lexicon = Lexicon(["gespräch", "satellit"], "TR", ["karl"], ["lauterbach"])
    >>> lexicon.zipf("gespräch"), lexicon.zipf("gesprach"), lexicon.is_name("lauterbach")
    (5.2, 0.0, True)
    """

    def __init__(self, words: list[str], zipf_codes: str, first_names: list[str],
                 names: list[str]) -> None:
        self._words = words
        self._codes = zipf_codes
        self._dict: dict[str, float] | None = None
        self._lookups = 0
        self.first_names = frozenset(first_names)
        self.names = frozenset(names)
        self.load_seconds = 0.0

    def zipf(self, word: str) -> float:
        """The word's Zipf frequency (log10 of occurrences per billion words), 0.0 if unknown."""
        if self._dict is not None:
            return self._dict.get(word, 0.0)
        self._lookups += 1
        if self._lookups > _DICT_AFTER_LOOKUPS:
            self._dict = {w: (ord(c) - 32) / 10 for w, c in zip(self._words, self._codes)}
        index = bisect.bisect_left(self._words, word)
        if index < len(self._words) and self._words[index] == word:
            return (ord(self._codes[index]) - 32) / 10
        return 0.0

    def is_first_name(self, word: str) -> bool:
        """True for a first name ("karl"), lowercase with ß as ss."""
        return word in self.first_names

    def is_name(self, word: str) -> bool:
        """True for a surname, place or other proper name ("lauterbach")."""
        return word in self.names

    def __len__(self) -> int:
        return len(self._words)


_LOCK = threading.Lock()
_LEXICON: Lexicon | None = None


def parse(text: str) -> Lexicon:
    """Build a Lexicon from the data file's text (format: see tools/build_lexicon.py)."""
    sections: dict[str, str] = {}
    for line in text.split("\n"):
        if line and not line.startswith("#"):
            name, _, rest = line.partition(" ")
            sections[name] = rest
    words = sections["words"].split()
    codes = sections["zipf"]
    if len(words) != len(codes):
        raise ValueError("lexicon data file is corrupt: word and frequency counts differ")
    return Lexicon(words, codes, sections.get("first", "").split(),
                   sections.get("name", "").split())


def lexicon() -> Lexicon:
    """The shipped lexicon, loaded on first use (about 30 ms) and kept for the process."""
    global _LEXICON
    if _LEXICON is None:
        with _LOCK:
            if _LEXICON is None:
                started = time.perf_counter()
                data = resources.files("archive.index").joinpath("data", _DATA_FILE).read_bytes()
                loaded = parse(gzip.decompress(data).decode("utf-8"))
                loaded.load_seconds = time.perf_counter() - started
                _LEXICON = loaded
    return _LEXICON


def is_loaded() -> bool:
    """Whether the lexicon has been loaded in this process (for tests and benchmarks)."""
    return _LEXICON is not None
