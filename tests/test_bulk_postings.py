"""The bulk posting writer (archive/index/bulk_postings.py) must write Whoosh's own files.

The reference is Whoosh's plain path: its `SegmentWriter` with its `PostingPool` and default
W3 codec, fed the same documents. Every file of the segment must be the same bytes, for random
documents (terms in many documents, blocks of a few postings so most lists span blocks,
positions, frequencies, names, IDs and numbers, boosts) and for real articles imported through
the CLI, serially and with analysis workers; Whoosh's own searcher must find the same
documents in both.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import RamStorage

from archive.index import bulk_postings
from archive.index.bulk_postings import BulkPool
from archive.index.codec import LengthCachingCodec
from archive.index.schema import build_schema
from conftest import SEEDS, Archive
from segments import segment_files

WORDS = ["Strom", "Netz", "Netze", "Bonn", "Berlin", "Wahl", "Kampf", "Wahlkampf", "Müller",
         "Energie", "Preis", "Preise", "die", "der", "und", "Bundesnetzagentur", "Ausbau"]


def _documents(seed: int, count: int) -> list[dict[str, object]]:
    chooser = random.Random(seed)

    def text(words: int) -> str:
        return " ".join(chooser.choice(WORDS) for _ in range(words))

    documents = []
    for number in range(count):
        document: dict[str, object] = {
            "id": f"a{number:04d}", "rev": f"r{chooser.randrange(3)}",
            "title": text(chooser.randrange(1, 6)), "body": text(chooser.randrange(0, 40)),
            "exact": text(chooser.randrange(1, 30)),
            "outlet_value": chooser.choice(["taz", "Spiegel", "Die Zeit"]),
            "year": chooser.choice([2019, 2020, 2021])}
        if chooser.random() < 0.5:
            document["teaser"] = text(chooser.randrange(1, 8))
            document["author"] = chooser.choice(["Anna Müller", "Jan Roth"])
        if chooser.random() < 0.1:
            document["_body_boost"] = 2.5
        documents.append(document)
    return documents


def _segment_bytes(documents: list[dict[str, object]], bulk: bool, blocklimit: int,
                   merge_from: list[dict[str, object]] | None = None,
                   budget: int | None = None) -> dict[str, bytes]:
    """The files of the newest segment of a RAM index the documents were written to."""
    storage = RamStorage()
    index = whoosh_index.FileIndex.create(storage, build_schema(), "MAIN")
    if merge_from:
        first = index.writer(codec=W3Codec(blocklimit=blocklimit))
        for document in merge_from:
            first.add_document(**document)
        first.commit()
    codec = LengthCachingCodec(blocklimit=blocklimit) if bulk else W3Codec(blocklimit=blocklimit)
    writer = index.writer(codec=codec)
    if bulk:
        writer.pool.cleanup()
        writer.pool = BulkPool(writer.schema, budget=budget)
    for document in documents:
        writer.add_document(**document)
    writer.commit(merge=bool(merge_from), optimize=bool(merge_from))
    segment = index._segments()[-1]  # noqa: SLF001
    compound = segment.open_compound_file(storage)
    found = {name.replace(segment.segid, "ID"): compound.open_file(name).read()
             for name in compound.list()}
    index.close()
    return found


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), count=st.integers(1, 60),
       blocklimit=st.sampled_from([1, 2, 3, 5, 128]), chunk=st.sampled_from([1, 7, 65_536]),
       budget=st.sampled_from([300, 3_000, None]), terms_read=st.sampled_from([1, 3, 4096]))
def test_the_same_files_as_whooshs_pool(seed: int, count: int, blocklimit: int, chunk: int,
                                        budget: int | None, terms_read: int) -> None:
    """`chunk`: postings merged and encoded at a time; `budget`: bytes of postings held
    before a sorted run is written (300: a run every few postings; None: the product's);
    `terms_read`: a run's terms read back at a time while merging."""
    documents = _documents(seed, count)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bulk_postings, "CHUNK_POSTINGS", chunk)
        patch.setattr(bulk_postings, "_TERMS_READ", terms_read)
        bulk = _segment_bytes(documents, True, blocklimit, budget=budget)
    assert bulk == _segment_bytes(documents, False, blocklimit)


@pytest.mark.parametrize("budget", [300, None])
def test_the_same_files_when_a_commit_merges_segments(budget: int | None) -> None:
    """A merge adds an older segment's postings posting by posting (`add_reader`), with its
    documents numbered after the new ones (and, with a small budget, split over runs in the
    middle of a term's list)."""
    documents, older = _documents(7, 40), _documents(8, 30)
    assert _segment_bytes(documents, True, 4, merge_from=older, budget=budget) == \
        _segment_bytes(documents, False, 4, merge_from=older)


def test_runs_are_written_over_the_budget_and_removed(tmp_path: Path) -> None:
    """Postings past the budget go to sorted runs in the given folder; the pool's cleanup (a
    commit's or a cancel's) removes them."""
    pool = BulkPool(build_schema(), budget=2_000, folder=str(tmp_path))
    for docnum, document in enumerate(_documents(3, 30)):
        items = build_schema()["body"].index(document["body"])
        pool.add_document("body", docnum, items, 1.0)
    assert len(pool.runs) > 3
    assert len(list(tmp_path.iterdir())) <= 1, "one file for every run"
    held = sum(len(postings.documents) for postings in pool.fields.values())
    assert held * 24 <= 2_000 + 24 * 40, "at most one document's postings over the budget"
    pool.cleanup()
    assert not pool.runs and not list(tmp_path.iterdir())


def test_a_field_of_the_wrong_value_size_is_refused() -> None:
    pool = BulkPool(build_schema())
    pool.add(("title", b"netz", 0, 1.0, b"\x00\x00\x00\x01"))
    pool.add(("title", b"strom", 1, 1.0, b"\x01"))  # a frequency is four bytes
    storage = RamStorage()
    index = whoosh_index.FileIndex.create(storage, build_schema(), "MAIN")
    writer = index.writer(codec=LengthCachingCodec())
    with pytest.raises(ValueError, match="another size"):
        bulk_postings.write_postings(writer.fieldwriter, writer.schema, pool, None)
    writer.cancel()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_real_articles_imported_write_whooshs_files(tmp_path: Path, jobs: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The seeds imported through the CLI, serially (Whoosh's `add_document`, one posting at
    a time into the pool) and with analysis workers (a field's term list at once): the same
    segment files as with Whoosh's own pool, and Whoosh's searcher finds the same."""
    bulk = Archive(tmp_path / "bulk")
    bulk.ok("import", "--jobs", jobs, str(SEEDS))
    monkeypatch.setattr("archive.index.committing.LengthCachingCodec", W3Codec)
    plain = Archive(tmp_path / "plain")
    plain.ok("import", "--jobs", jobs, str(SEEDS))
    assert segment_files(bulk.home) == segment_files(plain.home)
    for archive in (bulk, plain):
        assert archive.search_json("Stromnetz")["total"] == plain.search_json("Stromnetz")["total"]
    from archive.index.writer import live_generation, open_index
    from archive.paths import ArchivePaths
    found = []
    for archive in (bulk, plain):
        generation = live_generation(ArchivePaths(archive.home))
        with open_index(generation).searcher() as searcher:
            found.append(sorted(hit["id"] for hit in searcher.search(
                wq.Or([wq.Term("body", "strom"), wq.Term("exact", "die")]), limit=None)))
    assert found[0] == found[1] and found[0]
