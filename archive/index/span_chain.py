"""Whoosh's "spans near each other" test replayed on plain (start, end) tuples.

`SpanNear2Matcher._get_spans` decides whether a document matches a near query: a chain over
the parts, each part's spans within `slop` of the spans found so far (found by a bisect on the
start, so a long span starting far before is not looked at: that quirk is kept), the span
found being the two joined. A part written in several forms is a `SpanOr`, which merges its
forms' positions into runs of adjacent or shared positions; a single form is its positions.
Replaying it here on tuples for the candidate documents gives Whoosh's answer without its
matcher tree and Span objects (tests/test_positional.py compares with Whoosh's own).

`near_documents` gives the same answer for all candidate documents at once, on arrays: the
chain's step is a test of each pair (a span so far, a part's span) of one document, so the
pairs are enumerated with numpy (a part's spans sorted by start: each span so far pairs with
one contiguous range of them) and the joined spans of the pairs that pass are the next step's.
A Python loop per document (`spans_by_document`, `near_match`) was most of a compound's
first search at 100k articles, 26k documents for "Coronavirus"; those two stay as the
step-for-step reference (tests/test_span_chain.py).
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np

from archive.index.positions import PositionPostings

Spans = tuple[np.ndarray, np.ndarray, np.ndarray]  # document, start, end; by document, start


def spans_by_document(forms: list[PositionPostings],
                      documents: np.ndarray) -> list[list[tuple[int, int]]]:
    """A part's spans in each document: a single form's positions as they are; several forms'
    positions merged into runs of adjacent or shared positions, as SpanOr merges them."""
    docs, positions = _positions_by_row(forms, documents)
    bounds = np.searchsorted(docs, np.arange(len(documents) + 1))
    listed = positions.tolist()
    result: list[list[tuple[int, int]]] = []
    for i in range(len(documents)):
        these = listed[bounds[i]:bounds[i + 1]]
        if len(forms) == 1:
            result.append([(p, p) for p in these])
            continue
        runs: list[tuple[int, int]] = []
        for p in these:
            if runs and p <= runs[-1][1] + 1:
                if p > runs[-1][1]:
                    runs[-1] = (runs[-1][0], p)
            else:
                runs.append((p, p))
        result.append(runs)
    return result


def _positions_by_row(forms: list[PositionPostings],
                      documents: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every position of the forms in the given documents: (row in `documents`, position)
    pairs as int64, sorted by row, then position."""
    row_parts: list[np.ndarray] = []
    position_parts: list[np.ndarray] = []
    for form in forms:
        rows = np.searchsorted(form.ids, documents)
        present = rows < len(form.ids)
        present[present] = form.ids[rows[present]] == documents[present]
        owner, positions = form.positions_of(rows[present])
        row_parts.append(np.flatnonzero(present)[owner])
        position_parts.append(positions)
    rows = np.concatenate(row_parts).astype(np.int64)
    positions = np.concatenate(position_parts).astype(np.int64)
    if len(forms) > 1:  # one form's are sorted already (ascending per posting)
        order = np.lexsort((positions, rows))
        rows, positions = rows[order], positions[order]
    return rows, positions


def distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Span.distance_to on (start, end) tuples."""
    if a[0] <= b[1] and b[0] <= a[1]:  # overlapping
        return 0
    if a[1] < b[0]:
        return b[0] - a[1]
    return a[0] - b[1]


def near_match(parts: list[list[tuple[int, int]]], slop: int, ordered: bool,
                mindist: int) -> bool:
    """Whether SpanNear2Matcher._get_spans finds a span, replayed step for step."""
    aspans = parts[0]
    i = 1
    while i < len(parts) and aspans:
        bspans = parts[i]
        starts = [span[0] for span in bspans]
        spans: set[tuple[int, int]] = set()
        for aspan in aspans:
            start = aspan[0] if ordered else max(0, aspan[0] - slop)
            j = bisect_left(starts, start)
            while j < len(bspans):
                bspan = bspans[j]
                j += 1
                if bspan[1] < aspan[0] - slop or (ordered and aspan[0] > bspan[0]):
                    continue
                if bspan[0] > aspan[1] + slop:
                    break
                if mindist <= distance(aspan, bspan) <= slop:
                    spans.add((min(aspan[0], bspan[0]), max(aspan[1], bspan[1])))
        aspans = sorted(spans)
        i += 1
    return i == len(parts) and bool(aspans)


def part_spans(forms: list[PositionPostings], documents: np.ndarray) -> Spans:
    """`spans_by_document` as arrays: each span's row in `documents`, start and end, sorted
    by row then start.

    >>> one = PositionPostings(np.array([3]), np.array([1.0]), np.array([0, 3]),
    ...                        np.array([2, 3, 7]))
    >>> [array.tolist() for array in part_spans([one, one], np.array([3]))]
    [[0, 0], [2, 7], [3, 7]]
    """
    rows, positions = _positions_by_row(forms, documents)
    if len(forms) == 1:  # one form's positions: spans as they are
        return rows, positions, positions
    # SpanOr's runs: a new run where the document changes or a position is past the run's
    # end (the previous position, ascending) plus one.
    first = np.ones(len(rows), dtype=bool)
    first[1:] = (rows[1:] != rows[:-1]) | (positions[1:] > positions[:-1] + 1)
    starts = np.flatnonzero(first)
    ends = np.append(starts[1:] - 1, len(rows) - 1) if len(starts) else starts
    return rows[starts], positions[starts], positions[ends]


def near_documents(parts: list[Spans], count: int, slop: int, ordered: bool,
                   mindist: int) -> np.ndarray:
    """For each of `count` candidate rows, whether `near_match` finds a span in it, given
    each part's spans (`part_spans`); one boolean per row."""
    rows, starts, ends = parts[0]
    for part_rows, part_starts, part_ends in parts[1:]:
        if not len(rows):
            break
        # The part's spans a span so far looks at: the same document, a start from the
        # span's own start (less the slop when unordered: `near_match`'s bisect) up to its
        # end plus the slop (its break).
        keys = (part_rows << 32) | part_starts
        lowest = starts if ordered else np.maximum(starts - slop, 0)
        low = np.searchsorted(keys, (rows << 32) | lowest, side="left")
        high = np.searchsorted(keys, (rows << 32) | (ends + slop), side="right")
        sizes = np.maximum(high - low, 0)
        total = int(sizes.sum())
        left = np.repeat(np.arange(len(rows)), sizes)
        right = np.repeat(low - (np.cumsum(sizes) - sizes), sizes) + np.arange(total)
        a_start, a_end = starts[left], ends[left]
        b_start, b_end = part_starts[right], part_ends[right]
        keep = b_end >= a_start - slop
        if ordered:
            keep &= a_start <= b_start
        overlapping = (a_start <= b_end) & (b_start <= a_end)
        gap = np.where(a_end < b_start, b_start - a_end, a_start - b_end)
        gap[overlapping] = 0
        keep &= (gap >= mindist) & (gap <= slop)
        rows = rows[left[keep]]
        starts = np.minimum(a_start, b_start)[keep]
        ends = np.maximum(a_end, b_end)[keep]
        # The set of joined spans, sorted: each distinct (row, start, end) once.
        order = np.lexsort((ends, starts, rows))
        rows, starts, ends = rows[order], starts[order], ends[order]
        distinct = np.ones(len(rows), dtype=bool)
        distinct[1:] = (rows[1:] != rows[:-1]) | (starts[1:] != starts[:-1]) \
            | (ends[1:] != ends[:-1])
        rows, starts, ends = rows[distinct], starts[distinct], ends[distinct]
    found = np.zeros(count, dtype=bool)
    found[rows] = True
    return found
