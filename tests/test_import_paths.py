"""Import-path speed-ups must write the index Whoosh's plain path writes.

The length-caching codec (archive/index/codec.py) answers the commit's per-posting field-length
lookups from memory. An archive built with it and one built with Whoosh's default codec, from
the same real articles through the same imports (a full build, then incremental commits that
merge segments), must hold the same documents, field lengths and postings (ids, weights,
values, per-term statistics), the same bytes in every segment file, and rank the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.codec.whoosh3 import W3Codec

from archive.index.codec import LengthCachingCodec
from archive.index.writer import live_generation, open_index
from archive.paths import ArchivePaths
from conftest import DATA, SEEDS, Archive, write_article
from segments import segment_files

QUERIES = ["Stromnetz", "Musk", "Putin OR Taiwan", "\"Elon Musk\"", "Netzentgelte -Bonn1",
           "Bundesregierung", "Wahlkampf", "author:Müller", "year:2020..2024", "*"]


def _build(root: Path, codec: type) -> Archive:
    """Seeds, then two batches of real articles, each an incremental commit; the second
    commit merges the small segments (the path that copies lengths from older segments)."""
    patch = pytest.MonkeyPatch()
    patch.setattr("archive.index.committing.LengthCachingCodec", codec)
    patch.setattr("archive.index.writer.MERGE_MIN_SEGMENTS", 2)
    try:
        archive = Archive(root / "home")
        archive.ok("import", str(SEEDS))
        for batch in range(2):
            folder = root / f"batch{batch}"
            for stem in ("stromnetz", "wahlkampf"):
                text = (DATA / "articles" / f"{stem}.txt").read_text(encoding="utf-8")
                write_article(folder, f"{stem}-{batch}.txt", text.replace("Bonn", f"Bonn{batch}"),
                              authors=["Thomas Müller"], published=f"202{batch + 2}-03-15")
            archive.ok("import", str(folder))
    finally:
        patch.undo()
    return archive


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Archive, Archive]:
    """The same imports written with the caching codec and with Whoosh's own."""
    return (_build(tmp_path_factory.mktemp("caching"), LengthCachingCodec),
            _build(tmp_path_factory.mktemp("plain"), W3Codec))


def _generation(archive: Archive) -> Path:
    generation = live_generation(ArchivePaths(archive.home))
    assert generation is not None
    return generation


def _logical(archive: Archive) -> dict[str, object]:
    """Everything a search can read, keyed by article id instead of document number."""
    with open_index(_generation(archive)).reader() as reader:
        ids = {docnum: fields["id"] for docnum, fields in reader.iter_docs()}
        fields = sorted(reader.indexed_field_names())
        lengths = {(name, ids[docnum]): reader.doc_field_length(docnum, name)
                   for name in fields for docnum in ids}
        totals = {name: reader.field_length(name) for name in fields}
        postings = {}
        for name, btext in reader.all_terms():
            info = reader.term_info(name, btext)
            matcher = reader.postings(name, btext)
            items = []
            while matcher.is_active():
                if matcher.id() in ids:  # deleted documents are not part of the index's answer
                    items.append((ids[matcher.id()], matcher.weight(), matcher.value()))
                matcher.next()
            postings[(name, btext)] = (sorted(items), info.min_length(), info.max_length(),
                                       info.max_weight())
        stored = sorted(reader.iter_docs(), key=lambda item: item[1]["id"])
    return {"lengths": lengths, "totals": totals, "postings": postings,
            "stored": [fields for _, fields in stored]}


def _segment_files(archive: Archive) -> list[dict[str, bytes]]:
    """Each segment's files, with the segment's random id masked, in document-count order."""
    return segment_files(archive.home)


def test_same_documents_lengths_and_postings(pair: tuple[Archive, Archive]) -> None:
    caching, plain = (_logical(archive) for archive in pair)
    assert caching["totals"] == plain["totals"]
    assert caching["lengths"] == plain["lengths"]
    assert caching["stored"] == plain["stored"]
    assert caching["postings"].keys() == plain["postings"].keys()  # type: ignore[union-attr]
    assert caching["postings"] == plain["postings"]
    assert any(length for length in caching["lengths"].values())  # type: ignore[union-attr]


def test_same_segment_files(pair: tuple[Archive, Archive]) -> None:
    caching, plain = (_segment_files(archive) for archive in pair)
    # Three commits, the last merging the two before it into its own segment: the merge path
    # (lengths copied from older segments) and the fresh-document path are both in it.
    assert len(caching) == 1
    assert caching == plain


@pytest.mark.parametrize("query", QUERIES)
def test_same_ranking(pair: tuple[Archive, Archive], query: str) -> None:
    caching, plain = (archive.search_json(query, "--limit", "50") for archive in pair)
    assert caching["total"] == plain["total"]
    assert [(hit["id"], hit.get("score")) for hit in caching["hits"]] == \
        [(hit["id"], hit.get("score")) for hit in plain["hits"]]


def test_segments_name_whooshs_own_codec(pair: tuple[Archive, Archive]) -> None:
    # Readers must not need archive code: the table of contents pickles plain W3Codec objects.
    with open_index(_generation(pair[0])).reader() as reader:
        codecs = {type(segment.segment().codec()) for segment, _ in reader.leaf_readers()}
    assert codecs == {W3Codec}
