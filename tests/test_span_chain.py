"""The near test on arrays (`span_chain.near_documents` over `part_spans`) against its
step-for-step replay of Whoosh's `SpanNear2Matcher._get_spans` (`spans_by_document` and
`near_match`, which tests/test_positional.py checks against Whoosh's own matchers), on random
postings: parts of one to three written forms, positions close together (so forms merge into
runs and spans overlap), two to four parts, every slop, ordered or not, any minimum distance."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.index.positions import PositionPostings
from archive.index.span_chain import near_documents, near_match, part_spans, spans_by_document

DOCUMENTS = 6


@st.composite
def form_postings(draw: st.DrawFn) -> PositionPostings:
    """One written form's postings: some of the documents, a few distinct positions each."""
    ids = sorted(draw(st.sets(st.integers(0, DOCUMENTS - 1), min_size=1, max_size=DOCUMENTS)))
    positions: list[int] = []
    starts = [0]
    for _ in ids:
        positions.extend(sorted(draw(st.sets(st.integers(0, 30), min_size=1, max_size=6))))
        starts.append(len(positions))
    return PositionPostings(np.array(ids, dtype=np.int64), np.ones(len(ids)),
                            np.array(starts, dtype=np.int64), np.array(positions, dtype=np.int64))


@settings(max_examples=400, deadline=None)
@given(parts=st.lists(st.lists(form_postings(), min_size=1, max_size=3), min_size=2, max_size=4),
       slop=st.integers(0, 6), ordered=st.booleans(), mindist=st.integers(0, 2),
       documents=st.sets(st.integers(0, DOCUMENTS - 1), min_size=1))
def test_arrays_find_the_documents_the_replay_finds(  # type: ignore[no-untyped-def]
        parts, slop, ordered, mindist, documents):
    candidates = np.array(sorted(documents), dtype=np.int64)
    replayed = [spans_by_document(forms, candidates) for forms in parts]
    expected = [near_match([spans[row] for spans in replayed], slop, ordered, mindist)
                for row in range(len(candidates))]
    found = near_documents([part_spans(forms, candidates) for forms in parts],
                           len(candidates), slop, ordered, mindist)
    assert found.tolist() == expected


def test_a_part_of_several_forms_is_their_runs() -> None:
    # Positions 2, 3 of one form and 3, 7 of another: runs (2, 3) and (7, 7), as SpanOr
    # merges them.
    one = PositionPostings(np.array([4]), np.ones(1), np.array([0, 2]), np.array([2, 3]))
    two = PositionPostings(np.array([4]), np.ones(1), np.array([0, 2]), np.array([3, 7]))
    rows, starts, ends = part_spans([one, two], np.array([4]))
    assert list(zip(rows.tolist(), starts.tolist(), ends.tolist())) == [(0, 2, 3), (0, 7, 7)]
    assert spans_by_document([one, two], np.array([4])) == [[(2, 3), (7, 7)]]


def test_parts_far_apart_do_not_match() -> None:
    near = PositionPostings(np.array([0, 1]), np.ones(2), np.array([0, 1, 2]), np.array([0, 0]))
    far = PositionPostings(np.array([0, 1]), np.ones(2), np.array([0, 1, 2]), np.array([5, 6]))
    spans = [part_spans([near], np.array([0, 1])), part_spans([far], np.array([0, 1]))]
    assert near_documents(spans, 2, 5, False, 0).tolist() == [True, False]
