"""Near-duplicate signatures: MinHash over word shingles of an article's normalised text.

Copies of one agency report differ in their headline, a local intro, a cut ending and the
outlet's furniture around them, but share long runs of identical words. A shingle is a run of
`SHINGLE_WORDS` consecutive words; two copies share most of their shingles, two reports written
apart share almost none even when they tell the same event (a shared quotation is a few
shingles, not most of them). The signature estimates the Jaccard similarity of two shingle sets
from `NUM_PERM` minimum hash values (datasketch's "affine32" MinHash, see `signature`), so
candidates are found without comparing every pair (archive.research.clusters).

The text is teaser + body: one outlet's extraction puts an agency lede in the teaser, another's
keeps it in the body, and both copies must shingle alike. The headline is left out (copies
change it). Words are NFKC-normalised and case-folded, so a copy that only changes typography
(quotes, dashes, line breaks, a capital after a cut) shingles alike.
"""

from __future__ import annotations

import re
import struct
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

# Bump when anything below changes what a signature holds: stored signatures of another version
# are recomputed from the stored text at the next import (archive.research.clusters).
SIGNATURE_VERSION = 1
NUM_PERM = 128
SHINGLE_WORDS = 4
# Below this many distinct shingles (43 words when none repeats) a text is too short to tell a copy from a
# chance match of stock phrases; such an article gets no signature and stays a singleton.
MIN_SHINGLES = 40
_SEED = 20260101
_WORD = re.compile(r"[^\W_]+")
_HEADER = struct.Struct("<BI")  # version, number of distinct shingles
# Odd 64-bit multipliers, one per word position, so "a b c d" and "b a c d" hash apart.
_MULTIPLIERS = tuple(np.uint64(m) for m in (
    0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5,
    0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53))[:SHINGLE_WORDS]


@dataclass(frozen=True)
class Signature:
    """An article's MinHash values (uint32, NUM_PERM of them) and its number of distinct
    shingles (for estimating containment from the Jaccard estimate)."""

    values: np.ndarray
    size: int

    def to_blob(self) -> bytes:
        """The stored form: a small header, then the values as little-endian uint32."""
        return _HEADER.pack(SIGNATURE_VERSION, self.size) + self.values.astype("<u4").tobytes()

    @classmethod
    def from_blob(cls, blob: bytes) -> "Signature | None":
        """A stored signature, or None when it is of another version or damaged."""
        if len(blob) != _HEADER.size + 4 * NUM_PERM:
            return None
        version, size = _HEADER.unpack_from(blob)
        if version != SIGNATURE_VERSION:
            return None
        return cls(np.frombuffer(blob, dtype="<u4", offset=_HEADER.size).astype(np.uint32), size)


def matrix_from_blobs(blobs: list[bytes]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stored signatures read in one pass: (which blobs are valid signatures of this version,
    their values as a (rows, NUM_PERM) uint32 matrix, their shingle counts). The matrix and
    the counts hold the valid rows only."""
    width = _HEADER.size + 4 * NUM_PERM
    sized = np.array([len(blob) == width for blob in blobs], dtype=bool)
    raw = np.frombuffer(b"".join(blob for blob in blobs if len(blob) == width),
                        dtype=np.uint8).reshape(-1, width)
    current = raw[:, 0] == SIGNATURE_VERSION
    valid = sized.copy()
    valid[sized] = current
    raw = raw[current]
    sizes = np.ascontiguousarray(raw[:, 1:_HEADER.size]).view("<u4").ravel().astype(np.int64)
    values = np.ascontiguousarray(raw[:, _HEADER.size:]).view("<u4")
    if values.dtype != np.uint32:  # a big-endian machine: one conversion
        values = values.astype(np.uint32)
    return valid, values.reshape(-1, NUM_PERM), sizes


def words(text: str) -> list[str]:
    """The normalised words of a text: NFKC, case-folded, letters and digits only.

    >>> words("„Wir schaffen das“ – sagte sie.")
    ['wir', 'schaffen', 'das', 'sagte', 'sie']
    """
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def article_text(teaser: str, body: str) -> str:
    """The text a signature is taken over: the teaser and the body."""
    return f"{teaser}\n{body}" if teaser else body


def shingles(text: str) -> np.ndarray:
    """The distinct shingles of a text, each as a 32-bit hash of SHINGLE_WORDS consecutive
    normalised words; sorted uint32 (so two sets intersect with `np.intersect1d`).

    Each word is hashed once (zlib.crc32: fast and the same in every process, unlike Python's
    salted hash()), and a shingle's hash is mixed from its words' hashes in one vectorised pass.
    """
    found = words(text)
    if len(found) < SHINGLE_WORDS:
        return np.empty(0, dtype=np.uint32)
    hashes = np.fromiter((zlib.crc32(word.encode("utf-8")) for word in found),
                         dtype=np.uint64, count=len(found))
    mixed = np.zeros(len(found) - SHINGLE_WORDS + 1, dtype=np.uint64)
    for offset, multiplier in enumerate(_MULTIPLIERS):
        mixed ^= hashes[offset:len(hashes) - SHINGLE_WORDS + 1 + offset] * multiplier
    mixed ^= mixed >> np.uint64(29)
    return np.unique((mixed ^ (mixed >> np.uint64(32))).astype(np.uint32))


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The NUM_PERM affine permutations h -> a*h + b (mod 2^32, `a` odd) of datasketch's
    "affine32" scheme, drawn exactly as `datasketch.MinHash(seed=_SEED, scheme="affine32")`
    draws them."""
    generator = np.random.RandomState(_SEED)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _fmix32(values: np.ndarray) -> np.ndarray:
    """The MurmurHash3 32-bit finalizer (an avalanching bijection), as datasketch applies it
    to every input hash before permuting."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def signature(shingle_set: np.ndarray) -> Signature | None:
    """The MinHash signature of a shingle set (`shingles`); None when it is too small to be
    reliable (MIN_SHINGLES).

    The values are those of datasketch's `MinHash(num_perm=NUM_PERM, seed=_SEED,
    scheme="affine32", hashfunc=int).update_batch(shingles)` (a test compares them), computed
    here with the same numpy operations: importing datasketch loads scipy, which took 0.5 to 3
    seconds per import run here, more than signing a thousand articles.
    """
    if len(shingle_set) < MIN_SHINGLES:
        return None
    a, b = _permutations()
    mixed = _fmix32(shingle_set.astype(np.uint32))
    return Signature((mixed[:, np.newaxis] * a + b).min(axis=0), len(shingle_set))


def containment(first: np.ndarray, second: np.ndarray) -> tuple[float, float]:
    """How much of the smaller and of the larger shingle set the two share: (|A∩B| / min,
    |A∩B| / max). (0, 0) when either is empty."""
    if not len(first) or not len(second):
        return 0.0, 0.0
    shared = len(np.intersect1d(first, second, assume_unique=True))
    return shared / min(len(first), len(second)), shared / max(len(first), len(second))


def estimated_jaccard(first: Signature, second: Signature) -> float:
    """The share of equal MinHash values: an unbiased estimate of the shingle sets' Jaccard."""
    return float(np.count_nonzero(first.values == second.values)) / NUM_PERM
