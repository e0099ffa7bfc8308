"""Whoosh's W3 posting blocks and term entries, encoded from sorted arrays.

`encode` writes a run of terms (sorted by their bytes) whose postings are given as arrays
sorted by term, then document: each term's postings cut into blocks of the postings writer's
limit, each block encoded exactly as `W3PostingsWriter._write_block` encodes it (a pickled
tuple of delta-coded ids, minimised weights and values, zlib-compressed; a pickled header of
count, last id, max weight, compression and length bytes), and each term's entry added to the
field writer's term table as `W3FieldWriter.finish_term` and `W3TermInfo.to_bytes` make it.
Only the per-block statistics are computed with numpy; the pickling and compression are
Whoosh's formats, byte for byte (tests/test_bulk_postings.py).

    encode(fieldwriter, [b"netz", b"strom"], Postings(term_starts, documents, weights,
           values), lengths_by_document, blocklimit=128, compression=3)
"""

from __future__ import annotations

import struct
import zlib
from pickle import dumps
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC as _BLOCKS_MAGIC
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte

if TYPE_CHECKING:
    from whoosh.codec.whoosh3 import W3FieldWriter

# W3TermInfo's layout: flags, total weight, document frequency, min and max length bytes,
# max weight, first and last id (then the list's offset and length).
_TERM_INFO = struct.Struct("!BfIBBfII")


class Values(NamedTuple):
    """Posting values in the postings' order: `size` > 0: `data` holds each value in turn,
    `size` bytes each; `size` None: variable values, posting i's from `starts[i]` to
    `ends[i]` of `data` (lists). A format without values passes None instead."""

    data: bytes
    size: int | None
    starts: list[int] | None = None
    ends: list[int] | None = None


def encode(fieldwriter: "W3FieldWriter", texts: list[bytes], term_starts: np.ndarray,
           documents: np.ndarray, weights: np.ndarray, values: Values | None,
           document_lengths: np.ndarray, limit: int, compression: int) -> None:
    """Write the postings of `texts` (sorted, unique) to the field writer's files: term i's
    postings are `term_starts[i]:term_starts[i + 1]` of `documents` (ascending within a
    term), `weights` and `values`; `document_lengths[docnum]` is the document's length in
    the field as the length column decodes it (0: none)."""
    blocks = _Blocks.of(term_starts, limit)
    _encode(fieldwriter, texts, blocks, documents, weights, values,
            _block_statistics(blocks, documents, weights, document_lengths), compression)


class _Blocks(NamedTuple):
    """The blocks of a field's sorted postings: each term's postings cut every `limit`."""

    starts: np.ndarray  # first posting of each block
    ends: np.ndarray
    term_first: np.ndarray  # first block of each term (and the number of blocks at the end)

    @classmethod
    def of(cls, term_starts: np.ndarray, limit: int) -> "_Blocks":
        sizes = np.diff(term_starts)
        counts = (sizes + limit - 1) // limit
        term_first = np.concatenate([[0], np.cumsum(counts)])
        term_of_block = np.repeat(np.arange(len(sizes)), counts)
        within = np.arange(int(term_first[-1])) - term_first[term_of_block]
        starts = term_starts[term_of_block] + within * limit
        ends = np.minimum(starts + limit, term_starts[term_of_block + 1])
        return cls(starts, ends, term_first)


def _block_statistics(blocks: _Blocks, documents: np.ndarray, weights: np.ndarray,
                      document_lengths: np.ndarray) -> dict[str, list]:
    """Per block, what `W3PostingsWriter` tracks while postings are added: the maximum
    weight, the shortest and longest field length (0 means none), whether every weight is
    1.0 or all are equal; each as a Python list."""
    starts = blocks.starts
    narrow = weights.astype(np.float32)
    found = document_lengths[documents]
    shortest = np.minimum.reduceat(np.where(found > 0, found, np.iinfo(np.int64).max), starts)
    shortest[shortest == np.iinfo(np.int64).max] = 0
    return {
        "max_weight": np.maximum.reduceat(weights, starts).tolist(),
        "min_length": shortest.tolist(),
        "max_length": np.maximum.reduceat(found, starts).tolist(),
        "all_one": (np.add.reduceat((narrow != 1.0).astype(np.int64), starts) == 0).tolist(),
        "all_equal": (np.maximum.reduceat(narrow, starts)
                      == np.minimum.reduceat(narrow, starts)).tolist(),
    }


def _encode(fieldwriter: "W3FieldWriter", texts: list[bytes], blocks: _Blocks,
            documents: np.ndarray, weights: np.ndarray, values: Values | None,
            statistics: dict[str, list], compression: int) -> None:
    """Write the blocks to the postings file and each term's entry to the term table, as
    `W3PostingsWriter._write_block` / `finish_postings` and `W3FieldWriter.finish_term` do
    (their pickles, compression and struct layouts; see whoosh/codec/whoosh3.py)."""
    postfile = fieldwriter._postfile  # noqa: SLF001
    table = fieldwriter._tindex  # noqa: SLF001
    prefix = pack_ushort(fieldwriter._fieldid)  # noqa: SLF001
    ids = documents.tolist()
    deltas = np.diff(documents, prepend=0)
    deltas[blocks.starts] = documents[blocks.starts]
    delta_list = deltas.tolist()
    narrow = weights.astype(np.float32).astype(np.float64).tolist()
    block_starts, block_ends = blocks.starts.tolist(), blocks.ends.tolist()
    max_weight, min_length = statistics["max_weight"], statistics["min_length"]
    max_length = statistics["max_length"]
    all_one, all_equal = statistics["all_one"], statistics["all_equal"]
    term_first = blocks.term_first.tolist()
    value_size = values.size if values is not None else 0
    if values is not None and values.size is None:
        blob, value_starts, value_ends = values.data, values.starts, values.ends
    offset = postfile.tell()
    chunks: list[bytes] = []
    for term, text in enumerate(texts):
        term_start = offset
        chunks.append(_BLOCKS_MAGIC)
        offset += len(_BLOCKS_MAGIC)
        total_weight: float = 0
        shortest: int | None = None
        longest = 0
        heaviest: float = 0
        last_block = term_first[term + 1] - 1
        for block in range(term_first[term], last_block + 1):
            start, end = block_starts[block], block_ends[block]
            if all_one[block]:
                mini_weights: object = None
            elif all_equal[block]:
                mini_weights = narrow[start]
            else:
                mini_weights = tuple(narrow[start:end])
            if values is None:
                mini_values: object = None
            elif value_size:
                mini_values = values.data[start * value_size:end * value_size]
            else:
                mini_values = tuple(blob[a:b] for a, b in zip(value_starts[start:end],
                                                               value_ends[start:end]) if b > a)
            data = dumps((tuple(delta_list[start:end]), mini_weights, mini_values), 2)
            if compression:
                data = zlib.compress(data, compression)
            block_heaviest = max_weight[block] if max_weight[block] > 0 else 0
            block_shortest = min_length[block] or None
            info = dumps((end - start, ids[end - 1], block_heaviest, compression,
                          length_to_byte(block_shortest), length_to_byte(max_length[block])), 2)
            size_field = len(info) + len(data)
            chunks.append(pack_int(-size_field if block == last_block else size_field))
            chunks.append(info)
            chunks.append(data)
            offset += 4 + size_field
            # W3TermInfo.add_block, in its order.
            total_weight += sum(narrow[start:end])
            if shortest is None:
                shortest = block_shortest
            elif block_shortest is not None:
                shortest = min(shortest, block_shortest)
            longest = max(longest, max_length[block])
            heaviest = max(heaviest, block_heaviest)
        first, final = block_starts[term_first[term]], block_ends[last_block]
        entry = _TERM_INFO.pack(0, total_weight, final - first,
                                0 if shortest is None else length_to_byte(shortest),
                                length_to_byte(longest), heaviest, ids[first], ids[final - 1]) \
            + pack_long(term_start) + pack_int(offset - term_start)
        if len(chunks) > 4096:
            postfile.write(b"".join(chunks))
            chunks.clear()
        table.add(prefix + text, entry)
    postfile.write(b"".join(chunks))
