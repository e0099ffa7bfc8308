"""A new segment's postings gathered as arrays, kept in sorted runs, written in bulk.

Whoosh's writer puts every posting of a new segment into a `PostingPool` as a Python tuple
(field, term, document, weight, value), pickles the tuples to temporary runs when the pool
passes its memory budget, merges the sorted runs with a heap at commit, and hands each posting
on to `W3PostingsWriter.add_posting`. Those per-posting steps were about half of an import's
CPU time (docs/performance.md, issue 14).

`BulkPool` takes the pool's place in the archive's writers (`committing.open_writer`): per
field, a term table (term bytes -> number) and arrays of term numbers, document numbers and
weights, and the posting values in one byte string (positions with their start offsets).
When the postings held pass `MEMORY_BUDGET` bytes, each field's postings are sorted (numpy: by
term bytes, then document) and written to a temporary file as a *run*, and the pool starts
afresh; the commit makes the rest a run too. At commit each field's runs are merged term by
term, a chunk of about CHUNK_POSTINGS postings at a time (a run's part of a chunk is one
contiguous range of it, read with `os.pread`), and handed to `w3_blocks.encode`, which writes
Whoosh's own blocks and term entries. The segment's files are Whoosh's, byte for byte
(tests/test_bulk_postings.py), and the memory is the budget plus one chunk.

Non-public parts relied on (whoosh-reloaded 2.7.5, checked by those tests): the writer's `pool`
attribute and its `add` / `iter_postings` / `cleanup`; `W3FieldWriter._postwriter`,
`_postfile`, `_tindex`, `_fieldid`; `W3PostingsWriter._blocklimit`, `_compression`,
`_byteids`, `_inlinelimit`.
"""

from __future__ import annotations

import heapq
import os
import tempfile
from array import array
from itertools import accumulate
from typing import TYPE_CHECKING, Any, Iterable, Iterator

import numpy as np

from archive.index.w3_blocks import Values, encode

if TYPE_CHECKING:
    from whoosh.codec.whoosh3 import W3FieldWriter
    from whoosh.fields import Schema

# Postings held in memory before they are written as a run (bytes, estimated: about 24 a
# posting with its value, a term's bytes and table entry). A batch of 5,000 articles has about
# 4 million postings: held whole they took the import's writer process 300 MB higher; with
# 40 MB runs 45 MB, with 8 MB runs and chunks of 16,384 about 30 (docs/performance.md).
MEMORY_BUDGET = 8 * 1024 * 1024
# Postings merged and encoded at a time (the encoder's Python lists cost ~40 bytes a posting).
CHUNK_POSTINGS = 16_384
_POSTING_BYTES = 24
_TERM_BYTES = 80
# Terms of a run read back at a time while merging.
_TERMS_READ = 4096


class FieldPostings:
    """One field's postings in the order they were added. Values of a variable size
    (positions) are kept in one byte string with their start offsets, not as a bytes object
    each."""

    __slots__ = ("value_size", "terms", "term_numbers", "documents", "weights", "values",
                 "value_starts")

    def __init__(self, value_size: int | None) -> None:
        # The format's fixed value size: None for variable values (positions), 0 for none.
        self.value_size = value_size
        self.terms: dict[bytes, int] = {}
        self.term_numbers = array("i")
        self.documents = array("i")
        self.weights = array("d")
        self.values = bytearray()
        self.value_starts = array("q")

    def add(self, text: bytes, docnum: int, weight: float, value: bytes | None) -> int:
        """One posting (Whoosh's pool item without the field name); returns its estimated
        bytes."""
        terms = self.terms
        number = terms.get(text)
        added = _POSTING_BYTES
        if number is None:
            number = terms[text] = len(terms)
            added += _TERM_BYTES + len(text)
        self.term_numbers.append(number)
        self.documents.append(docnum)
        self.weights.append(weight)
        if self.value_size is None:
            self.value_starts.append(len(self.values))
        if self.value_size is None or self.value_size:
            self.values += value or b""
            added += len(value or b"")
        return added

    def add_document(self, docnum: int, items: Iterable[tuple[bytes, int, float, bytes]],
                     boost: float) -> tuple[int, int]:
        """A document's postings in this field, `(term, frequency, weight, value)` as
        `field.index(value)` gives them, weights times `boost`; returns the sum of the
        frequencies (the document's length in the field) and the estimated bytes."""
        columns = list(zip(*items))  # a list or a generator: read once
        if not columns:
            return 0, 0
        texts, frequencies, weights, values = columns
        terms = self.terms
        added = _POSTING_BYTES * len(texts)
        for text in texts:
            if text not in terms:
                terms[text] = len(terms)
                added += _TERM_BYTES + len(text)
        self.term_numbers.extend(map(terms.__getitem__, texts))
        self.documents.extend([docnum] * len(texts))
        self.weights.extend(weights if boost == 1.0 else [w * boost for w in weights])
        if self.value_size is None:
            sizes = [len(value or b"") for value in values]
            self.value_starts.extend(list(accumulate(sizes, initial=len(self.values)))[:-1])
        if self.value_size is None or self.value_size:
            joined = b"".join(value or b"" for value in values)
            self.values += joined
            added += len(joined)
        return sum(frequencies), added

    def add_term(self, text: bytes, documents: np.ndarray, weights: np.ndarray,
                 values: list[bytes] | None) -> int:
        """One term's postings in many documents at once (a merged segment's list: ascending
        documents, one weight and one encoded value each); returns the estimated bytes."""
        terms = self.terms
        number = terms.get(text)
        added = _POSTING_BYTES * len(documents)
        if number is None:
            number = terms[text] = len(terms)
            added += _TERM_BYTES + len(text)
        self.term_numbers.frombytes(np.full(len(documents), number, dtype=np.intc).tobytes())
        self.documents.frombytes(documents.astype(np.intc).tobytes())
        self.weights.frombytes(weights.astype(np.float64).tobytes())
        if self.value_size is None:
            sizes = [len(value) for value in values or ()]
            self.value_starts.extend(list(accumulate(sizes, initial=len(self.values)))[:-1])
        if (self.value_size is None or self.value_size) and values:
            joined = b"".join(values)
            self.values += joined
            added += len(joined)
        return added


class _Section:
    """One field's postings in a run, on disk: its terms sorted by their bytes (the keys
    one after the other, where each ends, where each term's postings start), its postings
    sorted by term, then document (documents, weights, values)."""

    def __init__(self, handle: Any, value_size: int | None, terms: int,
                 places: dict[str, int], last_document: int) -> None:
        self.handle = handle
        self.value_size = value_size
        self.terms = terms
        self.places = places  # array name -> offset in the file
        self.last_document = last_document

    def stream(self, number: int) -> Iterator[tuple[bytes, int, int, int]]:
        """(term, `number`, first posting, end of its postings) for every term in order,
        read a few thousand terms at a time."""
        for first in range(0, self.terms, _TERMS_READ):
            last = min(first + _TERMS_READ, self.terms)
            ends = self.read("key_ends", "<i8", first, last).tolist()
            begin = int(self.read("key_ends", "<i8", first - 1, first)[0]) if first else 0
            keys = self.read_bytes("keys", begin, ends[-1])
            starts = self.read("term_starts", "<i8", first, last + 1).tolist()
            previous = begin
            for index, end in enumerate(ends):
                yield keys[previous - begin:end - begin], number, starts[index], \
                    starts[index + 1]
                previous = end

    def read(self, name: str, dtype: str, start: int, stop: int) -> np.ndarray:
        """Items `start:stop` of one of the section's arrays."""
        size = np.dtype(dtype).itemsize
        data = os.pread(self.handle.fileno(), (stop - start) * size,
                        self.places[name] + start * size)
        if len(data) != (stop - start) * size:
            raise OSError(f"a posting run was cut short ({name})")
        return np.frombuffer(data, dtype=dtype)

    def read_bytes(self, name: str, start: int, stop: int) -> bytes:
        """Bytes `start:stop` of the section's keys or values."""
        data = os.pread(self.handle.fileno(), stop - start, self.places[name] + start)
        if len(data) != stop - start:
            raise OSError(f"a posting run was cut short ({name})")
        return data


def _write_section(handle: Any, postings: FieldPostings) -> _Section:
    """Sort one field's postings and append them to the run file."""
    texts = list(postings.terms)  # by term number
    by_text = sorted(range(len(texts)), key=texts.__getitem__)
    rank = np.empty(len(texts), dtype=np.int64)
    rank[by_text] = np.arange(len(texts))
    # One sort key per posting: (term's rank in byte order) << 32 | document.
    keys = (rank[np.frombuffer(postings.term_numbers, dtype=np.int32)] << 32) \
        | np.frombuffer(postings.documents, dtype=np.int32).astype(np.int64)
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    term_starts = np.searchsorted(keys >> 32, np.arange(len(texts) + 1)).astype(np.int64)
    places: dict[str, int] = {}

    def put(name: str, data: bytes) -> None:
        places[name] = handle.tell()
        handle.write(data)

    documents = (keys & 0xFFFFFFFF).astype("<i4")
    del keys
    last_document = int(documents.max())
    put("documents", documents.tobytes())
    del documents
    put("weights", np.frombuffer(postings.weights, dtype=np.float64)[order]
        .astype("<f8").tobytes())
    size = postings.value_size
    values = bytes(postings.values)
    postings.values = bytearray()
    if size is None:
        starts = np.append(np.frombuffer(postings.value_starts, dtype=np.int64), len(values))
        lengths = (starts[1:] - starts[:-1])[order]
        put("value_ends", np.cumsum(lengths, dtype=np.int64).astype("<i8").tobytes())
        places["values"] = handle.tell()
        for first in range(0, len(order), CHUNK_POSTINGS):
            chunk = order[first:first + CHUNK_POSTINGS]
            handle.write(b"".join(values[a:b] for a, b in zip(starts[chunk].tolist(),
                                                               starts[chunk + 1].tolist())))
    elif size:
        if len(values) != size * len(order):
            raise ValueError("posting values of another size than the field's format")
        put("values", np.frombuffer(values, dtype=np.uint8).reshape(len(order), size)[order]
            .tobytes())
    keys = [texts[index] for index in by_text]
    put("keys", b"".join(keys))
    put("key_ends", np.cumsum([len(key) for key in keys], dtype=np.int64).astype("<i8")
        .tobytes())
    put("term_starts", term_starts.astype("<i8").tobytes())
    return _Section(handle, size, len(keys), places, last_document)


class _Run:
    """Postings of some documents, every field sorted, appended to the pool's file."""

    def __init__(self, fields: dict[str, FieldPostings], handle: Any) -> None:
        self.sections: dict[str, _Section] = {}
        handle.seek(0, os.SEEK_END)
        for fieldname in sorted(fields):
            postings = fields[fieldname]
            if len(postings.documents):
                self.sections[fieldname] = _write_section(handle, postings)
            fields[fieldname] = FieldPostings(postings.value_size)  # free it now
        handle.flush()


class BulkPool:
    """Stands in for Whoosh's `PostingPool` in a `SegmentWriter`: `add(item)` per posting (as
    Whoosh's `add_document` and `add_reader` call it), `add_document` per field for callers
    that have a field's whole term list, `iter_postings()` for the commit."""

    def __init__(self, schema: "Schema", budget: int | None = None,
                 folder: str | None = None) -> None:
        self._schema = schema
        self._folder = folder
        self._budget = MEMORY_BUDGET if budget is None else budget
        self._held = 0
        self.fields: dict[str, FieldPostings] = {}
        self.runs: list[_Run] = []
        self._file: Any = None

    def _field(self, fieldname: str) -> FieldPostings:
        found = self.fields.get(fieldname)
        if found is None:
            found = self.fields[fieldname] = FieldPostings(
                self._schema[fieldname].format.fixed_value_size())
        return found

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """One posting: (field name, term bytes, document number, weight, value bytes)."""
        fieldname, text, docnum, weight, value = item
        found = self.fields.get(fieldname)
        if found is None:
            found = self._field(fieldname)
        self._held += found.add(text, docnum, weight, value)
        if self._held > self._budget:
            self.spill()

    def add_document(self, fieldname: str, docnum: int,
                     items: Iterable[tuple[bytes, int, float, bytes]], boost: float) -> int:
        """A document's term list in one field (see `FieldPostings.add_document`); returns
        the document's length in the field."""
        length, added = self._field(fieldname).add_document(docnum, items, boost)
        self._held += added
        if self._held > self._budget:
            self.spill()
        return length

    def add_term(self, fieldname: str, text: bytes, documents: np.ndarray,
                 weights: np.ndarray, values: list[bytes] | None) -> None:
        """A term's whole list of postings (see `FieldPostings.add_term`): a merge's step."""
        self._held += self._field(fieldname).add_term(text, documents, weights, values)
        if self._held > self._budget:
            self.spill()

    def spill(self) -> None:
        """Write the postings held as a run and start afresh."""
        if any(len(postings.documents) for postings in self.fields.values()):
            if self._file is None:
                # In the index's own temporary folder when there is one (not /tmp, often
                # held in memory); one file for all runs.
                self._file = tempfile.TemporaryFile(prefix="archive-postings-",
                                                    dir=self._folder)
            self.runs.append(_Run(self.fields, self._file))
        self.fields = {}
        self._held = 0

    def iter_postings(self) -> "BulkPool":
        """What the commit hands to the field writer: this pool (see `write_postings`)."""
        return self

    def cleanup(self) -> None:
        """Forget every posting and remove the runs (the writer's commit or cancel)."""
        self.fields.clear()
        self._held = 0
        self.runs.clear()
        if self._file is not None:
            self._file.close()
            self._file = None


def write_postings(fieldwriter: "W3FieldWriter", schema: "Schema", pool: BulkPool,
                   lengths: Any) -> None:
    """Write every posting of `pool` through `fieldwriter`, as Whoosh's
    `FieldWriter.add_postings` would from the pool's sorted items. `lengths` is the codec's
    record of the documents' field lengths (`decoded_lengths`; None: every length is 0)."""
    pool.spill()
    for fieldname in sorted({name for run in pool.runs for name in run.sections}):
        sections = [run.sections[fieldname] for run in pool.runs if fieldname in run.sections]
        fieldwriter.start_field(fieldname, schema[fieldname])
        writer = fieldwriter._postwriter  # noqa: SLF001 - see the module's docstring
        if writer._byteids or writer._inlinelimit > 1:  # noqa: SLF001 - not W3's defaults
            raise ValueError(f"field {fieldname}: a postings writer this module does not mirror")
        writer_settings = (writer._blocklimit, writer._compression)  # noqa: SLF001
        last = max(section.last_document for section in sections)
        by_document = lengths.decoded_lengths(fieldname, last + 1) if lengths is not None \
            else np.zeros(last + 1, dtype=np.int64)
        for texts, parts in _merged_chunks(sections):
            _encode_chunk(fieldwriter, sections, texts, parts, by_document, *writer_settings)
        fieldwriter.finish_field()


def _merged_chunks(sections: list[_Section]
                   ) -> Iterator[tuple[list[bytes], list[list[tuple[int, int, int]]]]]:
    """The field's terms in byte order, a chunk of about CHUNK_POSTINGS postings at a time:
    (terms, per term its parts (section, first posting, end), in section order)."""
    texts: list[bytes] = []
    parts: list[list[tuple[int, int, int]]] = []
    held = 0
    streams = [section.stream(number) for number, section in enumerate(sections)]
    for text, number, start, stop in heapq.merge(*streams):
        if not texts or texts[-1] != text:
            if held >= CHUNK_POSTINGS:
                yield texts, parts
                texts, parts, held = [], [], 0
            texts.append(text)
            parts.append([])
        parts[-1].append((number, start, stop))
        held += stop - start
    if texts:
        yield texts, parts


def _encode_chunk(fieldwriter: "W3FieldWriter", sections: list[_Section], texts: list[bytes],
                  parts: list[list[tuple[int, int, int]]], by_document: np.ndarray,
                  limit: int, compression: int) -> None:
    """Gather one chunk's postings from the sections and encode them."""
    # Each section's part of the chunk is one range of its postings (its terms are sorted).
    ranges: dict[int, list[int]] = {}
    for term_parts in parts:
        for number, start, stop in term_parts:
            ranges.setdefault(number, [start, stop])[1] = stop
    documents, weights, offsets = [], [], {}
    base = 0
    for number, (start, stop) in sorted(ranges.items()):
        section = sections[number]
        documents.append(section.read("documents", "<i4", start, stop))
        weights.append(section.read("weights", "<f8", start, stop))
        offsets[number] = base - start
        base += stop - start
    all_documents = np.concatenate(documents).astype(np.int64)
    # The chunk's postings in term order, each term's parts in section (document) order.
    pieces, sizes = [], []
    for term_parts in parts:
        size = 0
        for number, start, stop in term_parts:
            pieces.append(np.arange(start + offsets[number], stop + offsets[number]))
            size += stop - start
        sizes.append(size)
    take = np.concatenate(pieces)
    term_starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    chunk_documents = all_documents[take]
    # Runs hold documents in the order they were added, so a term's parts ascend already;
    # sorted within each term all the same (a stable sort of (term, document)).
    term_of = np.repeat(np.arange(len(texts)), sizes)
    order = np.lexsort((chunk_documents, term_of))
    take, chunk_documents = take[order], chunk_documents[order]
    values = _chunk_values(sections, ranges, offsets, take)
    encode(fieldwriter, texts, term_starts, chunk_documents,
           np.concatenate(weights)[take], values, by_document, limit, compression)


def _chunk_values(sections: list[_Section], ranges: dict[int, list[int]],
                  offsets: dict[int, int], take: np.ndarray) -> Values | None:
    """The chunk's values in the order of `take` (indices into the sections' ranges, in
    section order)."""
    size = sections[0].value_size
    if size == 0:
        return None
    parts = []
    ends_parts = []
    data_base = 0
    for number, (start, stop) in sorted(ranges.items()):
        section = sections[number]
        if size is None:
            ends = section.read("value_ends", "<i8", start, stop)
            begin = int(section.read("value_ends", "<i8", start - 1, start)[0]) if start else 0
            parts.append(section.read_bytes("values", begin,
                                            int(ends[-1]) if len(ends) else begin))
            ends_parts.append(ends - begin + data_base)
            data_base += len(parts[-1])
        else:
            parts.append(section.read_bytes("values", start * size, stop * size))
    data = b"".join(parts)
    if size is None:
        ends = np.concatenate(ends_parts)
        starts = np.concatenate([[0], ends[:-1]])
        return Values(data, None, starts[take].tolist(), ends[take].tolist())
    return Values(np.frombuffer(data, dtype=np.uint8).reshape(-1, size)[take].tobytes(), size)
