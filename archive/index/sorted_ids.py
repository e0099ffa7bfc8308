"""Sets of document numbers as sorted numpy arrays, without `numpy.unique`.

Since numpy 2.3, `numpy.unique` (and `union1d`, which calls it) asks `numpy.ma.is_masked` on
its first call, which imports the whole masked-array package: about 30 ms of a cold search
on a quiet machine, several times that under load, for a feature the archive never uses.
These few helpers sort and drop repeats with a boolean mask instead; the results are the same
arrays (`tests/test_sorted_ids.py` checks them against `numpy.unique` and Python sets).
"""

from __future__ import annotations

import numpy as np


def unique_sorted(values: np.ndarray) -> np.ndarray:
    """The distinct values, ascending: `unique_sorted([3, 1, 3, 2])` → `[1, 2, 3]`."""
    ordered = np.sort(values, kind="stable")
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def within_range(ids: np.ndarray, low: int, high: int) -> np.ndarray:
    """The values of an ascending array from `low` up to below `high` (one segment's share of
    index-wide numbers): ([2, 5, 7, 9], 5, 9) → [5, 7]."""
    first, last = np.searchsorted(ids, [low, high])
    return ids[first:last]


def union(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The distinct values of either array, ascending: ([1, 3], [2, 3]) → [1, 2, 3]."""
    return unique_sorted(np.concatenate((a, b)))


def first_of_each(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values, ascending, and the index of each one's first occurrence in `values`
    (as `numpy.unique(values, return_index=True)`): [5, 2, 5] → ([2, 5], [1, 0])."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    if len(ordered) < 2:
        return ordered, order
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep], order[keep]


def counted(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values, ascending, and how often each occurs (as `numpy.unique(values,
    return_counts=True)`): [5, 2, 5] → ([2, 5], [1, 2])."""
    ordered = np.sort(values, kind="stable")
    if not len(ordered):
        return ordered, np.empty(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    return ordered[starts], np.diff(np.append(starts, len(ordered)))
