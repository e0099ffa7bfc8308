"""Every speed-up must give the straightforward path's results: facet counts from the cached
segment tables equal counts read value by value from Whoosh's columns; incremental commits
merge only small segments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from whoosh import query as wq

from archive.index.facets import CACHE_PREFIX, CACHE_SUFFIX
from archive.index.searcher import facet_counts_from_columns
from archive.index.writer import MERGE_MIN_SEGMENTS, live_generation, open_index
from archive.paths import ArchivePaths
from conftest import DATA, SEEDS, Archive, write_article

STROMNETZ = (DATA / "articles" / "stromnetz.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def segmented(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """An archive in several segments: seeds, then batches with several authors, no date,
    no outlet, and one article edited (a deleted document left in an older segment)."""
    root = tmp_path_factory.mktemp("segmented")
    archive = Archive(root / "home")
    patch = pytest.MonkeyPatch()
    patch.setattr("archive.index.writer.MERGE_MIN_SEGMENTS", 100)  # keep every segment
    archive.ok("import", str(SEEDS))
    for batch in range(3):
        folder = root / f"batch{batch}"
        for number in range(3):
            text = STROMNETZ.replace("Bonn", f"Bonn{batch}x{number}")
            meta: dict[str, object] = {"authors": [f"Autorin {number}", "Thomas Müller"]}
            if number != 1:
                meta["published"] = f"202{batch}-0{number + 1}-15"
            if number != 2:
                meta["outlet"] = ["Süddeutsche Zeitung", "taz", "ZDF"][batch]
            write_article(folder, f"netz-{batch}-{number}.txt", text, **meta)
        archive.ok("import", str(folder))
    hit = archive.search_json("Taiwan")["hits"][0]
    archive.ok("edit", hit["id"], "--author", "Anna Kleiser", "--author", "Max Muster")
    patch.undo()
    return archive


QUERIES = ["Musk", "Stromnetz", "Putin OR Stromnetz", "*", "Netzentgelte -Bonn0x1",
           "author:Müller", "year:2021..2022"]


@pytest.mark.parametrize("query", QUERIES)
def test_cached_facets_equal_column_facets(segmented: Archive, query: str) -> None:
    from archive.index.compile import compile_query
    from archive.query.parser import parse

    generation = live_generation(ArchivePaths(segmented.home))
    assert generation is not None
    assert len(list(generation.glob(f"{CACHE_PREFIX}*{CACHE_SUFFIX}"))) >= 1
    index = open_index(generation)
    with index.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 5  # really several segments
        docnums = sorted(searcher.docs_for_query(compile_query(parse(query), query).query))
        reference = facet_counts_from_columns(searcher, docnums, 1000)
    cached = segmented.search_json(query, "--facets")["facets"]
    assert cached.pop("tag") == []  # tags come from the store, and this archive has none
    as_pairs = {name: [(item["value"], item["count"]) for item in values]
                for name, values in cached.items()}
    assert as_pairs == {name: values[:20] for name, values in reference.items()}


def test_facets_without_cache_files_are_the_same(segmented: Archive, tmp_path: Path) -> None:
    import shutil

    copy = Archive(tmp_path / "copy")
    shutil.copytree(segmented.home, copy.home)
    before = copy.search_json("Stromnetz OR Musk", "--facets")["facets"]
    generation = live_generation(ArchivePaths(copy.home))
    for cache in generation.glob(f"{CACHE_PREFIX}*{CACHE_SUFFIX}"):
        cache.unlink()
    assert copy.search_json("Stromnetz OR Musk", "--facets")["facets"] == before


def test_incremental_commits_merge_only_small_segments(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "home")
    archive.ok("import", str(SEEDS))
    for number in range(2 * MERGE_MIN_SEGMENTS):
        folder = tmp_path / f"one{number}"
        write_article(folder, "a.txt", STROMNETZ.replace("Bonn", f"Ort{number}"))
        archive.ok("import", str(folder))
        generation = live_generation(ArchivePaths(archive.home))
        with open_index(generation).searcher() as searcher:
            segments = [reader.doc_count_all() for reader, _ in searcher.reader().leaf_readers()]
        assert len(segments) <= MERGE_MIN_SEGMENTS, segments
    assert archive.search_json("Netzentgelte", "--limit", "50")["total"] == 2 * MERGE_MIN_SEGMENTS
    assert archive.ok("check", "--no-sources").exit_code == 0


@pytest.mark.parametrize("query", QUERIES + ["Gesprächen Satellit", "Klimaschutzgesetz OR Musk"])
def test_union_tree_ranks_like_whooshs_plain_or(segmented: Archive, query: str) -> None:
    from whoosh.query.compound import DefaultOr

    from archive.index.compile import compile_query
    from archive.query.parser import parse

    def plain(node: wq.Query) -> wq.Query:
        node = node.apply(plain)
        return wq.Or(node.subqueries, boost=node.boost) if isinstance(node, DefaultOr) else node

    compiled = compile_query(parse(query), query).query
    with open_index(live_generation(ArchivePaths(segmented.home))).searcher() as searcher:
        ours = searcher.search(compiled, limit=None)
        reference = searcher.search(plain(compiled), limit=None)
        assert [(hit.docnum, round(hit.score, 9)) for hit in ours] == \
            [(hit.docnum, round(hit.score, 9)) for hit in reference]


def test_tiers_of_similar_segments_are_chosen() -> None:
    from archive.index.writer import MERGE_FACTOR, tier_to_merge

    assert MERGE_FACTOR == 10
    assert tier_to_merge([9_990] * 9 + [120]) == []
    assert tier_to_merge([9_990] * 10 + [120]) == list(range(10))
    assert tier_to_merge([120] * 10 + [99_000]) == list(range(10))
    # Ten within a factor of ten of the smallest of them, the larger ones left alone.
    sizes = [5_000, 1_000, 300, 900, 800, 700, 600, 500, 400, 350, 250, 200_000]
    chosen = tier_to_merge(sizes)
    assert len(chosen) == 10 and 0 not in chosen and 11 not in chosen
    assert max(sizes[n] for n in chosen) <= 10 * min(sizes[n] for n in chosen)
    # Never a merged segment over MAX_MERGED_DOCS: a big rebuild's batches stay as they are.
    assert tier_to_merge([25_000] * 12) == []
    # Sizes spread over decades never merge.
    assert tier_to_merge([10 ** power for power in range(9)] * 1) == []


def test_a_tier_merge_keeps_every_result(tmp_path: Path) -> None:
    """Imports leave segments of similar size; the commit that makes MERGE_FACTOR of them
    merges them into one, and every search, count and facet is what it was before."""
    queries = ["Netzentgelte", "Bonn2x1 OR Musk", "*", "author:Müller", "Stromnetz -Bonn0x0"]

    def build(home: Path, factor: int) -> tuple[Archive, list[int]]:
        archive = Archive(home)
        patch = pytest.MonkeyPatch()
        patch.setattr("archive.index.writer.MERGE_MIN_SEGMENTS", 100)  # no small merges
        patch.setattr("archive.index.writer.MERGE_FACTOR", factor)
        counts = []
        try:
            archive.ok("import", str(SEEDS))
            for batch in range(3):
                folder = tmp_path / f"{home.name}-batch{batch}"
                for number in range(3 + batch):
                    write_article(folder, f"netz-{number}.txt",
                                  STROMNETZ.replace("Bonn", f"Bonn{batch}x{number}"),
                                  authors=[f"Autorin {number}", "Thomas Müller"])
                archive.ok("import", str(folder))
                generation = live_generation(ArchivePaths(archive.home))
                with open_index(generation).searcher() as searcher:
                    counts.append(len(searcher.reader().leaf_readers()))
        finally:
            patch.undo()
        return archive, counts

    merged, merged_counts = build(tmp_path / "merged", 3)
    kept, kept_counts = build(tmp_path / "kept", 100)
    assert kept_counts == [2, 3, 4]
    # The commit that makes the third similar segment merges the other two into its own.
    assert merged_counts == [2, 1, 2]
    for query in queries:
        # Scores may move in the third decimal: Whoosh keeps a document's field length as one
        # byte (lossy) and a merge sums those for the segment's average, as its own merge does.
        found, before = (archive.search_json(query, "--facets", "--limit", "50")
                         for archive in (merged, kept))
        assert found["total"] == before["total"] > 0, query
        assert found["facets"] == before["facets"], query
        assert sorted(hit["id"] for hit in found["hits"]) == \
            sorted(hit["id"] for hit in before["hits"]), query
    assert merged.ok("check", "--no-sources").exit_code == 0
