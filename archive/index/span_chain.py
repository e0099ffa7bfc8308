"""Whoosh's "spans near each other" test replayed on plain (start, end) tuples.

`SpanNear2Matcher._get_spans` decides whether a document matches a near query: a chain over
the parts, each part's spans within `slop` of the spans found so far (found by a bisect on the
start, so a long span starting far before is not looked at: that quirk is kept), the span
found being the two joined. A part written in several forms is a `SpanOr`, which merges its
forms' positions into runs of adjacent or shared positions; a single form is its positions.
Replaying it here on tuples for the candidate documents gives Whoosh's answer without its
matcher tree and Span objects (tests/test_positional.py compares with Whoosh's own).
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np

from archive.index.positions import PositionPostings


def spans_by_document(forms: list[PositionPostings],
                      documents: np.ndarray) -> list[list[tuple[int, int]]]:
    """A part's spans in each document: a single form's positions as they are; several forms'
    positions merged into runs of adjacent or shared positions, as SpanOr merges them."""
    pairs_doc: list[np.ndarray] = []
    pairs_pos: list[np.ndarray] = []
    for form in forms:
        rows = np.searchsorted(form.ids, documents)
        present = rows < len(form.ids)
        present[present] = form.ids[rows[present]] == documents[present]
        owner, positions = form.positions_of(rows[present])
        pairs_doc.append(np.flatnonzero(present)[owner])
        pairs_pos.append(positions)
    docs = np.concatenate(pairs_doc)
    positions = np.concatenate(pairs_pos)
    order = np.lexsort((positions, docs))
    docs, positions = docs[order], positions[order]
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
