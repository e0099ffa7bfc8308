"""Signatures: the same values as datasketch's MinHash, a stored form that round-trips, and
banded candidates that miss no copy the exact check accepts (real texts, no mocks)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from datasketch import MinHash

from archive.research.clusters import BandIndex, cluster_texts, is_copy
from archive.research.signatures import (_SEED, MIN_SHINGLES, NUM_PERM, SHINGLE_WORDS,
                                         Signature,
                                         containment, estimated_jaccard, matrix_from_blobs,
                                         shingles, signature,
                                         words)
from conftest import DATA, SEEDS

FIXTURES = sorted((DATA / "clusters").glob("*.txt"))


def body(path) -> str:  # type: ignore[no-untyped-def]
    return path.read_text(encoding="utf-8").partition("\n\n")[2]


@pytest.mark.parametrize("path", FIXTURES[:6] + sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_values_are_datasketchs_affine32_minhash(path) -> None:  # type: ignore[no-untyped-def]
    found = shingles(body(path))
    reference = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme="affine32", hashfunc=int)
    reference.update_batch(found.tolist())
    ours = signature(found)
    assert ours is not None and ours.size == len(found)
    assert np.array_equal(ours.values, reference.hashvalues.astype(np.uint32))


def test_a_signature_round_trips_and_rejects_other_versions() -> None:
    sig = signature(shingles(body(FIXTURES[0])))
    assert sig is not None
    again = Signature.from_blob(sig.to_blob())
    assert again is not None and again.size == sig.size
    assert np.array_equal(again.values, sig.values)
    assert Signature.from_blob(b"\x09" + sig.to_blob()[1:]) is None
    assert Signature.from_blob(sig.to_blob()[:-4]) is None


def test_words_fold_case_and_typography() -> None:
    assert words("»Die Lage ist ernst«, sagte ER.") == words('"die lage ist ernst" - sagte er')
    assert shingles("ein zwei drei") .size == 0


def test_a_short_text_gets_no_signature() -> None:
    # n words make n - SHINGLE_WORDS + 1 shingles.
    text = " ".join(f"wort{number}" for number in range(MIN_SHINGLES + SHINGLE_WORDS - 1))
    assert signature(shingles(text)) is not None
    assert signature(shingles(" ".join(text.split()[1:]))) is None


def test_estimate_follows_the_exact_overlap() -> None:
    first, second = shingles(body(FIXTURES[0])), shingles(body(FIXTURES[5]))  # g01 boiler, orig
    exact = len(np.intersect1d(first, second)) / len(np.union1d(first, second))
    estimate = estimated_jaccard(signature(first), signature(second))  # type: ignore[arg-type]
    assert abs(estimate - exact) < 0.15 and exact > 0.5


def test_bands_find_every_pair_the_exact_check_accepts() -> None:
    texts = {path.name: body(path) for path in FIXTURES}
    sets = {name: shingles(text) for name, text in texts.items()}
    names = sorted(name for name in sets if signature(sets[name]) is not None)
    index = BandIndex(np.stack([signature(sets[name]).values for name in names]))  # type: ignore[union-attr]
    candidates = {frozenset((names[row], names[other])) for row, name in enumerate(names)
                  for other in index.candidates(signature(sets[name]).values)  # type: ignore[union-attr]
                  if other != row}
    copies = {frozenset(pair) for pair in itertools.combinations(names, 2)
              if is_copy(sets[pair[0]], sets[pair[1]])}
    assert copies and copies <= candidates


def test_containment_is_symmetric_in_its_pair() -> None:
    first, second = shingles(body(FIXTURES[1])), shingles(body(FIXTURES[4]))
    assert containment(first, second) == containment(second, first)


def test_in_memory_clusters_match_the_truth_of_the_fixtures() -> None:
    texts = [(path.stem, body(path)) for path in FIXTURES]
    groups = cluster_texts(texts)
    for name, key in groups.items():
        expected = name.split("-")[0] if name.startswith("g") else name
        assert all((other.split("-")[0] if other.startswith("g") else other) == expected
                   for other, other_key in groups.items() if other_key == key)
    assert len(set(groups.values())) == 8 + 12


def test_both_banding_modes_find_the_same_candidates() -> None:
    sigs = [signature(shingles(body(path))) for path in FIXTURES]
    matrix = np.stack([sig.values for sig in sigs if sig is not None])
    sorted_index, direct_index = BandIndex(matrix), BandIndex(matrix, queries=1)
    assert direct_index.order is None and sorted_index.order is not None
    for row in range(len(matrix)):
        assert np.array_equal(sorted_index.candidates(matrix[row]),
                              direct_index.candidates(matrix[row]))


def test_blobs_are_read_back_in_one_pass() -> None:
    sigs = [signature(shingles(body(path))) for path in FIXTURES[:3]]
    blobs = [sigs[0].to_blob(), b"", b"\x07" + sigs[1].to_blob()[1:], sigs[2].to_blob()]  # type: ignore[union-attr]
    valid, values, sizes = matrix_from_blobs(blobs)
    assert valid.tolist() == [True, False, False, True]
    assert np.array_equal(values, np.stack([sigs[0].values, sigs[2].values]))  # type: ignore[union-attr]
    assert sizes.tolist() == [sigs[0].size, sigs[2].size]  # type: ignore[union-attr]
