"""The packed lexicon's hash table: lookups straight from the cache file's bytes, so that a new
process does not build a 227k-entry word list before its first lookup.

Splitting the packed words into a sorted Python list cost ~15–25 ms CPU of every new `archive
search`, while a search makes a few thousand lookups. Here the cache file holds an
open-addressing table (linear probing) of its records:

    slots    one unsigned 32-bit number per slot (native byte order, which the cache file's
             name records): 0 for an empty slot, else 1 + the offset of a record; the slot
             count is a power of two at least twice the word count, the home slot of a word
             is the CRC-32 of its UTF-8 bytes masked to the table
    records  per word: its UTF-8 length (1 byte), the UTF-8 bytes, its Zipf code (1 byte),
             the length of its split code (1 byte) and the split code (ASCII)

A lookup encodes the word, takes the CRC-32 and compares the records of at most `probes` slots
(the longest run the table was built with): about 1 µs, against 0.45 µs for a bisection of the
list, which the load time repays many times over for a search. The sorted word list, the codes
and the splits are still in the file (`archive/german/lexicon_cache.py`): they are decoded on
first use by what needs all words at once (bulk mode's dict, the four-letter prefixes, packing).
"""

from __future__ import annotations

import mmap
from array import array
from collections.abc import Callable, Sequence
from zlib import crc32

from archive.german import lexicon as lexicon_module
from archive.german.lexicon import Lexicon

SLOT_BYTES = 4
# A byte holds a record's lengths: longer words or split codes do not fit the format.
MAX_FIELD_BYTES = 255


def build_table(words: Sequence[str], codes: str, splits: Sequence[str]) -> tuple[bytes, bytes,
                                                                                     int]:
    """(slots, records, longest probe run) for the words with their Zipf and split codes
    (splits: one code per word, or empty when the data file has none).

    >>> slots, records, probes = build_table(["haus", "maus"], "TR", ["-", "-"])
    >>> len(slots) // SLOT_BYTES, records[:8], probes >= 1
    (4, b'\\x04hausT\\x01-', True)
    """
    size = 1
    while size < 2 * max(len(words), 1):
        size *= 2
    mask = size - 1
    slots = array("I", bytes(SLOT_BYTES * size))
    if slots.itemsize != SLOT_BYTES:  # pragma: no cover - no platform of ours
        raise ValueError("no 32-bit unsigned array type on this platform")
    records = bytearray()
    longest = 1
    for index, word in enumerate(words):
        key = word.encode("utf-8")
        split = splits[index].encode("ascii") if splits else b""
        if len(key) > MAX_FIELD_BYTES or len(split) > MAX_FIELD_BYTES:
            raise ValueError(f"lexicon word too long for the packed table: {word!r}")
        slot = crc32(key) & mask
        run = 1
        while slots[slot]:
            slot = (slot + 1) & mask
            run += 1
        slots[slot] = len(records) + 1
        longest = max(longest, run)
        records += bytes((len(key),)) + key + codes[index].encode("ascii") + \
            bytes((len(split),)) + split
    return slots.tobytes(), bytes(records), longest


class TableLexicon(Lexicon):
    """A Lexicon whose lookups read the packed table (`build_table`); the word list, codes and
    splits are decoded from the file only when something needs them all.

    >>> slots, records, probes = build_table(["haus", "maus"], "TR", ["-", "2"])
    >>> lexicon = TableLexicon(slots, records, 0, probes, 2, lambda: (["haus", "maus"], "TR",
    ...                        "- 2"), ["karl"], ["lauterbach"], "fp")
    >>> lexicon.zipf("haus"), lexicon.zipf("hau"), lexicon.split_code("maus")
    (5.2, 0.0, '2')
    """

    def __init__(self, slots: bytes | memoryview, records: bytes | mmap.mmap, base: int,
                 probes: int, count: int, columns: Callable[[], tuple[Sequence[str], str, str]],
                 first_names: list[str], names: list[str], splits_fingerprint: str = "",
                 has_splits: bool = True) -> None:
        # The base class's columns (_words, _codes, _splits_text) are properties here, read
        # through `columns` on first use; everything else is as the base class sets it.
        self._columns_source = columns
        self._columns: tuple[Sequence[str], str, str] | None = None
        super().__init__((), "", first_names, names, "", splits_fingerprint)
        self._slots = memoryview(slots).cast("B").cast("I")
        self._records = records  # the records start at `base` in it (the mapped file)
        self._base = base
        self._mask = len(self._slots) - 1
        self._probes = probes
        self._count = count
        self._has_splits = has_splits
        # the packed file's prefixes (Lexicon.prefixes4), set by the cache that opened it
        self.prefixes_source: Callable[[], frozenset[str]] | None = None

    def prefixes_packed(self) -> bool:
        """Whether the packed file holds the four-letter prefixes (format 4 does)."""
        return self.prefixes_source is not None or self._prefixes4 is not None

    def prefixes4(self) -> frozenset[str]:
        """The four-letter prefixes of the words, from the packed file when it has them."""
        if self._prefixes4 is None and self.prefixes_source is not None:
            self._prefixes4 = self.prefixes_source()
        return super().prefixes4()

    # The base class assigns these in __init__; the values come from the file instead.
    @property
    def _words(self) -> Sequence[str]:
        return self._column(0)  # type: ignore[return-value]

    @_words.setter
    def _words(self, value: Sequence[str]) -> None:
        pass

    @property
    def _codes(self) -> str:
        return self._column(1)  # type: ignore[return-value]

    @_codes.setter
    def _codes(self, value: str) -> None:
        pass

    @property
    def _splits_text(self) -> str:
        return self._column(2)  # type: ignore[return-value]

    @_splits_text.setter
    def _splits_text(self, value: str) -> None:
        pass

    def _column(self, which: int) -> Sequence[str] | str:
        if self._columns is None:
            self._columns = self._columns_source()
        return self._columns[which]

    def _record(self, word: str) -> int:
        """The offset of the word's Zipf code in the records, -1 if the word is unknown."""
        key = word.encode("utf-8", "surrogatepass")
        size = len(key)
        records = self._records
        slots = self._slots
        mask = self._mask
        base = self._base
        slot = crc32(key) & mask
        try:
            for _ in range(self._probes):
                start = slots[slot]
                if not start:
                    return -1
                start += base  # one past the record's length byte
                if records[start - 1] == size and records[start:start + size] == key:
                    return start + size
                slot = (slot + 1) & mask
        except IndexError:  # a damaged slot points past the file: the word is unknown
            return -1
        return -1

    def zipf(self, word: str) -> float:
        """The word's Zipf frequency, 0.0 if unknown (see Lexicon.zipf)."""
        if self._dict is None and self._lookups < lexicon_module._DICT_AFTER_LOOKUPS:
            self._lookups += 1
            found = self._record(word)
            return 0.0 if found < 0 else (self._records[found] - 32) / 10
        return super().zipf(word)

    def split_code(self, word: str) -> str | None:
        """The precomputed split of a lexicon word (see Lexicon.split_code)."""
        if self._dict is None:
            if not self._has_splits:
                return None
            found = self._record(word)
            if found < 0:
                return None
            size = self._records[found + 1]
            return str(self._records[found + 2:found + 2 + size], "ascii")
        return super().split_code(word)

    def __len__(self) -> int:
        return self._count
