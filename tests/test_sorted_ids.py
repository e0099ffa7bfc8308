"""The sorted-array set helpers against numpy's own set functions and Python sets, and the
reason they exist: a search answers without importing numpy's masked arrays."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.index.sorted_ids import counted, first_of_each, union, unique_sorted

ids = st.lists(st.integers(min_value=0, max_value=2**40), max_size=60)


@settings(derandomize=True, max_examples=200)
@given(ids)
def test_unique_sorted_equals_numpy_unique(values: list[int]) -> None:
    array = np.array(values, dtype=np.int64)
    assert unique_sorted(array).tolist() == sorted(set(values))
    assert unique_sorted(array).tolist() == np.unique(array).tolist()


@settings(derandomize=True, max_examples=200)
@given(ids, ids)
def test_union_is_the_set_union(a: list[int], b: list[int]) -> None:
    left, right = np.array(sorted(set(a)), dtype=np.int64), np.array(sorted(set(b)), dtype=np.int64)
    assert union(left, right).tolist() == sorted(set(a) | set(b))


@settings(derandomize=True, max_examples=200)
@given(ids)
def test_first_of_each_equals_numpy_return_index(values: list[int]) -> None:
    array = np.array(values, dtype=np.int64)
    found, first = first_of_each(array)
    expected_found, expected_first = np.unique(array, return_index=True)
    assert found.tolist() == expected_found.tolist()
    assert first.tolist() == expected_first.tolist()
    assert all(values.index(value) == index for value, index in zip(found.tolist(), first.tolist()))


def test_set_helpers_do_not_import_masked_arrays() -> None:
    code = ("import sys, numpy as np\n"
            "from archive.index.sorted_ids import counted, first_of_each, union, unique_sorted\n"
            "a = np.array([5, 1, 5, 3], dtype=np.int64)\n"
            "unique_sorted(a); union(a[:2], a[2:]); first_of_each(a)\n"
            "print('numpy.ma' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_counted_equals_numpy_unique_with_counts() -> None:
    """`counted` against numpy.unique(return_counts=True) on random arrays, empty included."""
    rng = np.random.default_rng(7)
    for size in (0, 1, 2, 5, 100, 1000):
        values = rng.integers(0, max(1, size // 3 + 1), size=size).astype(np.int64)
        found, counts = counted(values)
        expected, expected_counts = np.unique(values, return_counts=True)
        assert found.tolist() == expected.tolist()
        assert counts.tolist() == expected_counts.tolist()
