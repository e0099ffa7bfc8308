"""What a search reads of a segment's terms, kept across searches: term entries, idf values
and total field lengths.

Every search opens a new searcher, so Whoosh reads each term's entry from the segment's hash
table again: for its matcher, its score's bounds, and the size estimates by which it orders a
query's tree — per segment. On an index of 50 segments (100k articles written in batches) a
long query's forms and compound parts made ~25,000 such look-ups, a third of its time. A
segment never changes once written, so an entry read once stays true for it: this keeps the
raw entries by (segment id, field, term), bounded in number, and decodes them as Whoosh does.
Whoosh's idf of a term and a field's total length depend on the segments alone (counts with
deleted documents), so one searcher's values serve every later searcher of the same segments.

The wrapper relies on the private attributes of whoosh-reloaded 2.7.5's `W3TermsReader`
(`_keycoder`, `_tindex`, `_codec`, `_postfile`); any other terms reader is left as it is.
"""

from __future__ import annotations

import os
import struct
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher

# Entries kept in all (an entry is a few dozen bytes; a short posting list inlined in it more).
MAX_ENTRIES = 200_000
_MISSING = b""  # no term entry is empty: it holds at least the posting count and weight
_ENTRIES: "OrderedDict[tuple[str, str, bytes], bytes]" = OrderedDict()


class CachedTerms:
    """A segment's terms reader whose single-term look-ups go through the kept entries."""

    def __init__(self, inner: Any, segment_id: str) -> None:
        self._inner = inner
        self._segment_id = segment_id
        self._table: Any = None  # _DirectTable, or Whoosh's own hash reader

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def table(self) -> Any:
        """The segment's term table read directly (`_DirectTable`), or Whoosh's own reader
        of it where that cannot be done."""
        if self._table is None:
            self._table = _DirectTable.of(self._inner._tindex) or self._inner._tindex
        return self._table

    def _entry(self, fieldname: str, tbytes: bytes) -> bytes:
        key = (self._segment_id, fieldname, tbytes)
        found = _ENTRIES.get(key)
        if found is None:
            found = self.table().get(self._inner._keycoder(fieldname, tbytes), _MISSING)
            _ENTRIES[key] = found
            if len(_ENTRIES) > MAX_ENTRIES:
                _ENTRIES.popitem(last=False)
        return found

    def _info(self, fieldname: str, tbytes: bytes) -> Any:
        from whoosh.codec.whoosh3 import W3TermInfo

        entry = self._entry(fieldname, tbytes)
        if not entry:
            raise KeyError((fieldname, tbytes))
        return W3TermInfo.from_bytes(entry)

    def __contains__(self, term: tuple[str, bytes]) -> bool:
        return bool(self._entry(*term))

    def term_info(self, fieldname: str, tbytes: bytes) -> Any:
        """As W3TermsReader.term_info (TermNotFound for a missing term)."""
        from whoosh.reading import TermNotFound

        try:
            return self._info(fieldname, tbytes)
        except KeyError:
            raise TermNotFound(f"No term {fieldname}:{tbytes!r}") from None

    def frequency(self, fieldname: str, tbytes: bytes) -> float:
        """As W3TermsReader.frequency (KeyError for a missing term)."""
        return self._info(fieldname, tbytes).weight()

    def doc_frequency(self, fieldname: str, tbytes: bytes) -> int:
        """As W3TermsReader.doc_frequency (KeyError for a missing term)."""
        return self._info(fieldname, tbytes).doc_frequency()

    def matcher(self, fieldname: str, tbytes: bytes, format_: Any, scorer: Any = None) -> Any:
        """As W3TermsReader.matcher."""
        inner = self._inner
        return inner._codec.postings_reader(inner._postfile, self.term_info(fieldname, tbytes),
                                            format_, term=(fieldname, tbytes), scorer=scorer)


# Whoosh's hash file: a slot is (hash, item position), an item starts with (key length,
# value length), all big-endian.
_SLOT = struct.Struct("!Iq")
_ITEM_LENGTHS = struct.Struct("!ii")
_KEY_LENGTH = struct.Struct("!I")  # the key length as `HashReader.key_at` reads it
# Bytes read at an item at once: its lengths, the key and, usually, the whole value.
_ITEM_READ = 96


class _DirectTable:
    """Look-ups in a segment's term table (Whoosh's `HashReader` file inside the compound
    segment file) with one `os.pread` per read: the same probe as `HashReader.ranges_for_key`,
    without its chain of Python file objects (a seek and a buffered 8 KB read for each of a
    look-up's three or four small reads). Built only over whoosh-reloaded 2.7.5's
    `StructFile` of a `SubFile` of a real file; anything else keeps Whoosh's reader."""

    def __init__(self, table: Any, descriptor: int, base: int) -> None:
        self._tables = table.tables
        self._hash = table.hashfn
        self._descriptor = descriptor
        self._base = base

    @classmethod
    def of(cls, table: Any) -> "_DirectTable | None":
        """A direct reader of `table`'s file, or None when it is not laid out as expected."""
        from whoosh.filedb.compound import SubFile
        from whoosh.filedb.filetables import HashReader

        subfile = getattr(getattr(table, "dbfile", None), "file", None)
        if not isinstance(table, HashReader) or type(subfile) is not SubFile:
            return None
        try:
            descriptor = subfile._file.fileno()  # noqa: SLF001
        except (AttributeError, OSError, ValueError):
            return None
        return cls(table, descriptor, subfile._offset)  # noqa: SLF001

    def closest_key_position(self, table: Any, key: bytes) -> int | None:
        """Where the first key at or after `key` starts, as `OrderedHashReader.closest_key_pos`
        finds it (a binary search of its sorted index of positions), or None past the end."""
        entry = struct.Struct("!" + table.extras["indextype"])
        base, count = self._base + table.indexbase, table.indexlen

        def position_at(number: int) -> int:
            return entry.unpack(os.pread(self._descriptor, entry.size,
                                         base + number * entry.size))[0]

        low, high = 0, count
        while low < high:
            middle = (low + high) // 2
            at = position_at(middle)
            head = os.pread(self._descriptor, _ITEM_READ + len(key), self._base + at)
            (length,) = _KEY_LENGTH.unpack_from(head)
            start = _ITEM_LENGTHS.size
            middle_key = head[start:start + length] if len(head) >= start + length else \
                os.pread(self._descriptor, length, self._base + at + start)
            if middle_key < key:
                low = middle + 1
            else:
                high = middle
        return None if low == count else position_at(low)

    def get(self, key: bytes, default: bytes) -> bytes:
        """The value stored under `key`, or `default`."""
        keyhash = self._hash(key)
        start, slots = self._tables[keyhash & 255]
        if not slots:
            return default
        end = start + slots * _SLOT.size
        position = start + ((keyhash >> 8) % slots) * _SLOT.size
        for _ in range(slots):
            slothash, item = _SLOT.unpack(os.pread(self._descriptor, _SLOT.size,
                                                   self._base + position))
            if not item:
                return default
            if slothash == keyhash:
                data = os.pread(self._descriptor, _ITEM_READ + len(key), self._base + item)
                key_length, value_length = _ITEM_LENGTHS.unpack_from(data)
                key_start = _ITEM_LENGTHS.size
                if key_length == len(key) and data[key_start:key_start + key_length] == key:
                    value_start = key_start + key_length
                    if len(data) >= value_start + value_length:
                        return data[value_start:value_start + value_length]
                    return os.pread(self._descriptor, value_length,
                                    self._base + item + value_start)
            position += _SLOT.size
            if position == end:
                position = start
        return default


def keep_term_entries(reader: "IndexReader") -> None:
    """Route the single-term look-ups of each segment of `reader` through the kept entries."""
    from whoosh.codec.whoosh3 import W3TermsReader

    for leaf, _offset in reader.leaf_readers():
        terms = getattr(leaf, "_terms", None)
        segment = getattr(leaf, "segment", None)
        found = segment() if segment is not None else None
        if type(terms) is W3TermsReader and found is not None:
            leaf._terms = CachedTerms(terms, found.segment_id())  # noqa: SLF001


def clear() -> None:
    """Forget every kept entry and idf value (tests and benchmarks)."""
    _ENTRIES.clear()
    _SHARED.clear()


# Idf values and total field lengths by the segments they were computed over (a new
# searcher's own idf cache starts empty, and Whoosh sums a field's length over every segment
# for each term's scorer).
_SHARED: "dict[tuple[tuple[str, int], ...], tuple[dict, dict]]" = {}
_SHARED_KEPT = 4
_IDF_TERMS_KEPT = 200_000


def segments_key(reader: "IndexReader") -> tuple[tuple[str, int], ...] | None:
    """The reader's segments in order, as (segment id, documents with deleted ones): what
    every value computed over the whole index depends on; None for a reader that is no
    segments' (an empty index)."""
    try:
        return tuple((leaf.segment().segment_id(), leaf.doc_count_all())
                     for leaf, _offset in reader.leaf_readers())
    except AttributeError:  # a leaf whose segment() is None
        return None


def share_segment_caches(searcher: "Searcher") -> None:
    """Give `searcher` (and its per-segment searchers) the idf values and field lengths of its
    segments, and its segments' readers the term entries kept across searches."""
    keep_term_entries(searcher.reader())
    key = segments_key(searcher.reader())
    if key is None:
        return
    shared = _SHARED.get(key)
    if shared is None or len(shared[0]) > _IDF_TERMS_KEPT:
        while len(_SHARED) >= _SHARED_KEPT:
            _SHARED.pop(next(iter(_SHARED)))
        shared = _SHARED[key] = ({}, {})
    idf, lengths = shared
    searcher._idf_cache = idf  # noqa: SLF001 — Whoosh's own cache
    for subsearcher, _offset in searcher.subsearchers or ():
        subsearcher._idf_cache = idf  # noqa: SLF001
    summed = searcher.field_length

    def field_length(fieldname: str) -> int:
        # Per-segment searchers ask their parent, this one.
        if fieldname not in lengths:
            lengths[fieldname] = summed(fieldname)
        return lengths[fieldname]

    searcher.field_length = field_length  # type: ignore[method-assign]


# A key/value pair of Whoosh's ordered hash file: key length and value length, big-endian.
_PAIR_LENGTHS = struct.Struct("!ii")
# Bytes read at a time while walking the sorted keys.
WALK_CHUNK = 1 << 16


def words_with_prefix(reader: "IndexReader", fieldname: str, prefix: str) -> list[bytes] | None:
    """The words of a field in one segment that start with `prefix`, in term order, as
    `reader.expand_prefix` gives them; None for a reader this cannot walk (the caller then
    asks Whoosh).

    Whoosh walks the sorted term table two small reads per word (a seek and a read each,
    through the compound file); a compound's part like "impf" has thousands of words in each
    segment, and walking them was most of such a query's first search. Here the first word is
    found by Whoosh's own binary search and the rest are parsed from chunks of WALK_CHUNK
    bytes. Relies on whoosh-reloaded 2.7.5's `W3TermsReader` (`_tindex`, an
    `OrderedHashReader` with `closest_key_pos`, `dbfile` and `endofdata`; `_keycoder`)."""
    from whoosh.filedb.filetables import OrderedHashReader

    terms = getattr(reader, "_terms", None)
    inner = getattr(terms, "_inner", terms)
    table = getattr(inner, "_tindex", None)
    keycoder = getattr(inner, "_keycoder", None)
    if type(table) is not OrderedHashReader or keycoder is None \
            or fieldname not in reader.schema:
        return None
    start = keycoder(fieldname, prefix.encode("utf-8"))
    field_bytes = len(keycoder(fieldname, b""))
    direct = terms.table() if isinstance(terms, CachedTerms) else None
    position = direct.closest_key_position(table, start) if isinstance(direct, _DirectTable) \
        else table.closest_key_pos(start)
    if position is None:
        return []
    dbfile, end = table.dbfile, table.endofdata
    words: list[bytes] = []
    chunk, base = b"", position
    while position < end:
        offset = position - base
        if offset + _PAIR_LENGTHS.size > len(chunk):
            chunk, base, offset = dbfile.get(position, min(WALK_CHUNK, end - position)), position, 0
        key_length, value_length = _PAIR_LENGTHS.unpack_from(chunk, offset)
        key_end = offset + _PAIR_LENGTHS.size + key_length
        if key_end > len(chunk):  # the key runs past this chunk: read from its start
            size = max(WALK_CHUNK, _PAIR_LENGTHS.size + key_length)
            chunk, base = dbfile.get(position, min(size, end - position)), position
            continue
        key = chunk[offset + _PAIR_LENGTHS.size:key_end]
        if not key.startswith(start):
            break
        words.append(key[field_bytes:])
        position += _PAIR_LENGTHS.size + key_length + value_length
    return words
