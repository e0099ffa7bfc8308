"""A merge through the bulk pool (archive/index/segment_merge.py) must write Whoosh's own files.

The reference is Whoosh's own merge: its `SegmentWriter` with its `PostingPool` and the plain W3
codec, merging the same older segments (some with deleted documents) into one with the same
new documents. Every file of the merged segment must be the same bytes, and Whoosh's own
searcher must find the same documents in it.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import RamStorage

from archive.index import segment_merge
from archive.index.bulk_postings import BulkPool
from archive.index.codec import LengthCachingCodec
from archive.index.schema import build_schema
from test_bulk_postings import _documents


def _merged(older: list[list[dict[str, object]]], deleted: set[str],
            newer: list[dict[str, object]], bulk: bool, blocklimit: int,
            budget: int | None) -> tuple[dict[str, bytes], list[str], int]:
    """(the merged segment's files, the ids Whoosh's searcher finds for "netz", how many
    lists the pool took whole)."""
    storage = RamStorage()
    index = whoosh_index.FileIndex.create(storage, build_schema(), "MAIN")
    for documents in older:
        writer = index.writer(codec=W3Codec(blocklimit=blocklimit))
        for document in documents:
            writer.add_document(**document)
        writer.commit(merge=False)
    if deleted:
        writer = index.writer(codec=W3Codec(blocklimit=blocklimit))
        for article_id in sorted(deleted):
            writer.delete_by_term("id", article_id)
        writer.commit(merge=False)
    codec = LengthCachingCodec(blocklimit=blocklimit) if bulk else W3Codec(blocklimit=blocklimit)
    writer = index.writer(codec=codec)
    whole_lists = []
    if bulk:
        writer.pool.cleanup()
        writer.pool = BulkPool(writer.schema, budget=budget)
        segment_merge.install(writer)
        add_term = writer.pool.add_term

        def counting(*args: object) -> None:
            whole_lists.append(args[1])
            add_term(*args)  # type: ignore[arg-type]

        writer.pool.add_term = counting  # type: ignore[method-assign]
    for document in newer:
        writer.add_document(**document)
    writer.commit(optimize=True)
    segments = index._segments()  # noqa: SLF001
    assert len(segments) == 1
    compound = segments[0].open_compound_file(storage)
    found = {name.replace(segments[0].segid, "ID"): compound.open_file(name).read()
             for name in compound.list()}
    with index.searcher() as searcher:
        hits = [hit["id"] for hit in searcher.search(wq.Term("body", "netz"), limit=None)]
    index.close()
    return found, sorted(hits), len(whole_lists)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), sizes=st.lists(st.integers(1, 25), min_size=1, max_size=4),
       newer=st.integers(0, 10), share_deleted=st.sampled_from([0.0, 0.2, 1.0]),
       blocklimit=st.sampled_from([1, 3, 128]), budget=st.sampled_from([300, None]))
def test_a_merge_writes_whooshs_files(seed: int, sizes: list[int], newer: int,
                                      share_deleted: float, blocklimit: int,
                                      budget: int | None) -> None:
    """Older segments (some documents deleted, or all of a segment's), merged with new
    documents into one segment: the same bytes as Whoosh's own merge, the same hits."""
    chooser = random.Random(seed)
    documents = _documents(seed, sum(sizes) + newer)
    for number, document in enumerate(documents):
        document["id"] = f"d{number:04d}"  # unique, so deletions name one document each
    older, start = [], 0
    for size in sizes:
        older.append(documents[start:start + size])
        start += size
    deleted = {str(document["id"]) for document in documents[:start]
               if chooser.random() < share_deleted}
    bulk, bulk_hits, whole_lists = _merged(older, deleted, documents[start:], True, blocklimit,
                                           budget)
    plain, plain_hits, _ = _merged(older, deleted, documents[start:], False, blocklimit, None)
    assert bulk == plain
    assert bulk_hits == plain_hits
    if len(deleted) < start:
        assert whole_lists, "the merged segments' postings went to the pool a list at a time"


def test_a_list_the_direct_reading_does_not_serve_is_stepped(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Where the blocks cannot be read directly, Whoosh's matcher gives the same postings."""
    monkeypatch.setattr(segment_merge, "read_blocks", lambda *args, **kwargs: None)
    older = [_documents(5, 20), _documents(6, 15)]
    for number, document in enumerate(older[0] + older[1]):
        document["id"] = f"d{number:04d}"
    bulk = _merged(older, {"d0003", "d0021"}, _documents(9, 4), True, 3, None)
    plain = _merged(older, {"d0003", "d0021"}, _documents(9, 4), False, 3, None)
    assert bulk[:2] == plain[:2]


def test_the_term_table_is_read_as_whoosh_reads_it(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The merge's own walk over a term table gives Whoosh's `items()`, record for record,
    whatever the size of the reads (records split across them)."""
    storage = RamStorage()
    index = whoosh_index.FileIndex.create(storage, build_schema(), "MAIN")
    writer = index.writer()
    for document in _documents(11, 40):
        writer.add_document(**document)
    writer.commit()
    reader = index.reader()
    terms = reader._terms  # noqa: SLF001
    expected = [(key, vars(info)) for key, info in terms.items()]
    assert len(expected) > 50
    monkeypatch.setattr(terms, "items", lambda: [])  # the walk must not fall back on it
    for size in (1, 7, 64, segment_merge.READ_BYTES):
        monkeypatch.setattr(segment_merge, "READ_BYTES", size)
        found = [(key, vars(info)) for key, info in segment_merge.term_items(terms)]
        assert found == expected, size
    reader.close()
