"""The German word lexicon behind the decompounder, loaded lazily from the shipped data file.

archive/german/data/lexicon-de.txt.gz (0.9 MB, CC BY-SA 4.0, derived once by tools/build_lexicon.py
from wordfreq and german-nouns; see data/LICENSE-lexicon.md) holds ~230k words with their Zipf
frequency, plus first names and other proper names, and the decompounder's precomputed split of
every word. Nothing is read until a word actually needs decompounding, so a search for short or
cached words never pays for it.

Loading maps a packed copy of the data from the user's cache folder (written on first use
from the data file, see archive/german/lexicon_cache.py) and looks words up in its hash table
(archive/german/lexicon_table.py); a lexicon parsed from the text (when no cache can be
written) keeps the sorted word list and looks words up by bisection. Parsing the text costs
~70 ms and building a 230k-entry dict ~0.15 s, which every `archive search` process would
pay. After many lookups (a bulk import) the dict is built once, because then it is cheaper
per word.
"""

from __future__ import annotations

import bisect
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from archive.german import lexicon_cache

_DATA_FILE = "lexicon-de.txt.gz"
# After this many lookups, building a dict (~0.15 s) pays for itself.
_DICT_AFTER_LOOKUPS = 200_000


class Lexicon:
    """Zipf frequencies and name lists; `zipf(word)` is 0.0 for an unknown word.

    >>> lexicon = Lexicon(["gespräch", "satellit"], "TR", ["karl"], ["lauterbach"])
    >>> lexicon.zipf("gespräch"), lexicon.zipf("gesprach"), lexicon.is_name("lauterbach")
    (5.2, 0.0, True)
    """

    def __init__(self, words: Sequence[str], zipf_codes: str, first_names: list[str],
                 names: list[str], splits: str = "", splits_fingerprint: str = "") -> None:
        self._words = words
        self._codes = zipf_codes
        self._dict: dict[str, float] | None = None
        self._lookups = 0
        self._prefixes4: frozenset[str] | None = None
        # The precomputed splits (see split_code), parsed on first use.
        self._splits_text = splits
        self._splits: Sequence[str] | None = None
        self._compounds: dict[str, str] | None = None
        self.splits_fingerprint = splits_fingerprint
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

    def split_code(self, word: str) -> str | None:
        """The decompounder's precomputed answer for a lexicon word, None if `word` is not in
        the lexicon or the data file has no splits: "-" for no split, else the non-final parts
        as surface length plus the change from surface to lexicon word ("10", "6-1", "5+"),
        joined by "." (decoded by archive.german.decompound).

        >>> Lexicon(["satellit", "satellitensystems"], "FF", [], [], "- 10").split_code(
        ...     "satellitensystems")
        '10'
        """
        if self._splits is None:
            if not self._splits_text:
                return None
            self._splits = self._splits_text.split(" ")
            if len(self._splits) != len(self._words):
                raise ValueError("lexicon data file is corrupt: word and split counts differ")
        if self._dict is not None:
            # Bulk mode: the lexicon dict says whether the word is known at all.
            if self._compounds is None:
                self._compounds = {word: code for word, code in zip(self._words, self._splits)
                                   if code != "-"}
            code = self._compounds.get(word)
            if code is None and word in self._dict:
                return "-"
            return code
        index = bisect.bisect_left(self._words, word)
        if index < len(self._words) and self._words[index] == word:
            return self._splits[index]
        return None

    def prefixes4(self) -> frozenset[str]:
        """The first four letters of every word of 4+ letters, built on first use (~20 ms)."""
        if self._prefixes4 is None:
            self._prefixes4 = frozenset({word[:4] for word in self._words if len(word) >= 4})
        return self._prefixes4

    def prefixes_packed(self) -> bool:
        """Whether `prefixes4` is read rather than built from every word (the packed lexicon)."""
        return self._prefixes4 is not None

    def is_first_name(self, word: str) -> bool:
        """True for a first name ("karl"), lowercase with ß as ss."""
        return word in self.first_names

    def is_name(self, word: str) -> bool:
        """True for a surname, place or other proper name ("lauterbach")."""
        return word in self.names

    def __len__(self) -> int:
        return len(self._words)


def parse_split_code(word: str, code: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(parts, surfaces) of a lexicon word from its split code (see Lexicon.split_code), None
    for "-": each non-final part is a surface length, then "+" for an elided -e or "-N" for a
    linking element of N letters; the last part is the rest of the word.

    >>> parse_split_code("schulbuchs", "5+")
    (('schule', 'buchs'), ('schul', 'buchs'))
    >>> parse_split_code("satellitensystems", "10-2")
    (('satellit', 'systems'), ('satelliten', 'systems'))
    """
    if code == "-":
        return None
    parts: list[str] = []
    surfaces: list[str] = []
    start = 0
    for item in code.split("."):
        size_text, sign, cut = item.partition("+") if item[-1] == "+" else item.partition("-")
        size = int(size_text)
        surface = word[start:start + size]
        start += size
        surfaces.append(surface)
        parts.append(surface + "e" if sign == "+" else surface[:size - int(cut)] if cut
                     else surface)
    surfaces.append(word[start:])
    parts.append(word[start:])
    return tuple(parts), tuple(surfaces)


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
                   sections.get("name", "").split(), sections.get("split", ""),
                   sections.get("splitsum", "").strip())


def _source_path() -> Path:
    return Path(__file__).resolve().parent / "data" / _DATA_FILE


def load_source() -> Lexicon:
    """The lexicon parsed from the shipped data file itself (~70 ms; the cache's source)."""
    from importlib import resources  # only when the cache is (re)built

    data = resources.files("archive.german").joinpath("data", _DATA_FILE).read_bytes()
    import gzip

    return parse(gzip.decompress(data).decode("utf-8"))


def lexicon() -> Lexicon:
    """The shipped lexicon, loaded on first use and kept for the process: from the packed
    cache file (memory-mapped, ~1 ms; archive/german/lexicon_cache.py), which the first use
    after an install or an update of the data file writes."""
    global _LEXICON
    if _LEXICON is None:
        with _LOCK:
            if _LEXICON is None:
                started = time.perf_counter()
                loaded = lexicon_cache.load_or_build(_source_path(), load_source)
                loaded.load_seconds = time.perf_counter() - started
                _LEXICON = loaded
    return _LEXICON


def is_loaded() -> bool:
    """Whether the lexicon has been loaded in this process (for tests and benchmarks)."""
    return _LEXICON is not None
