"""Tags: `archive tag`, `archive tags`, `tag:` in queries, the tag facet, and that tags survive
re-import, reindex and reextract and are exported.

The truth is independent of the product: which articles hold which marker word is what the
generator planted; which articles carry which tag is read from the store's table with plain
sqlite3; queries are evaluated over those sets in Python.
"""

from __future__ import annotations

import csv
import io
import json
import random
from collections import Counter
from pathlib import Path

import pytest

from conftest import Archive, heavy_modules_loaded
from research_corpus import MARKERS, Planted, build, copy_home, search_ids, stored_tags


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Planted]]:
    base = tmp_path_factory.mktemp("tags-corpus")
    home = base / "home"
    planted = build(base / "files", home)
    return home, planted


@pytest.fixture
def tagged(corpus: tuple[Path, dict[str, Planted]], tmp_path: Path
           ) -> tuple[Archive, dict[str, Planted]]:
    """A private copy of the corpus with random tags put on by id, through the CLI."""
    home, planted = corpus
    archive = copy_home(home, tmp_path / "home")
    rng = random.Random(7)
    ids = sorted(planted)
    for tag in ("relevant", "todo", "wahl/2021", "zitat:prüfen"):
        chosen = rng.sample(ids, rng.randint(4, 14))
        archive.ok("tag", f"+{tag}", *chosen)
    return archive, planted


def with_marker(planted: dict[str, Planted], marker: str) -> set[str]:
    return {article_id for article_id, record in planted.items() if marker in record.markers}


def test_tag_queries_match_a_plain_evaluation(tagged: tuple[Archive, dict[str, Planted]]) -> None:
    archive, planted = tagged
    tags = stored_tags(archive.home)
    everything = set(planted)
    assert set(tags) == {"relevant", "todo", "wahl/2021", "zitat:prüfen"}
    for tag, ids in tags.items():
        assert search_ids(archive, f"tag:{tag}") == ids
        assert search_ids(archive, f"NOT tag:{tag}") == everything - ids
        for marker in MARKERS:
            words = with_marker(planted, marker)
            assert search_ids(archive, f"tag:{tag} AND {marker}") == ids & words, (tag, marker)
            assert search_ids(archive, f"{marker} NOT tag:{tag}") == words - ids
            assert search_ids(archive, f"tag:{tag} OR {marker}") == ids | words
    relevant, todo = tags["relevant"], tags["todo"]
    assert search_ids(archive, "(tag:relevant OR tag:todo) -tag:wahl/2021") \
        == (relevant | todo) - tags["wahl/2021"]
    assert search_ids(archive, "tag:relevant", "--outlet", "taz") \
        == {i for i in relevant if planted[i].outlet == "taz"}
    # Names are case-folded in queries as in commands; `tag:x*` is any tag starting so.
    assert search_ids(archive, "tag:RELEVANT") == relevant
    assert search_ids(archive, "tag:zitat:*") == tags["zitat:prüfen"]
    assert search_ids(archive, "tag:niemals") == set()


def test_tagging_by_query_tags_exactly_the_matches(
        tagged: tuple[Archive, dict[str, Planted]]) -> None:
    archive, planted = tagged
    before = stored_tags(archive.home)
    expected = {i for i in with_marker(planted, "Hafen") if planted[i].year >= 2021}
    assert expected and before["todo"] & expected and expected != set(planted)
    result = archive.ok("tag", "+hafen", "-todo", "--year", "2021..", "--format", "json",
                        "--", "Hafen")
    report = json.loads(result.stdout)
    after = stored_tags(archive.home)
    assert report["format"] == "archive-tag" and report["selected"] == len(expected)
    assert after["hafen"] == expected
    assert after.get("todo", set()) == before["todo"] - expected
    assert report["added"] == {"hafen": len(expected)}
    assert report["removed"] == {"todo": len(before["todo"] & expected)}
    assert report["changed"] == len(expected)  # each gained "hafen"
    # Again: nothing left to change.
    again = json.loads(archive.ok("tag", "+hafen", "--year", "2021..", "--format", "json",
                                  "--", "Hafen").stdout)
    assert again["changed"] == 0 and again["selected"] == len(expected)
    # Ids and a query together; `-- '*'` is every article.
    archive.ok("tag", "+alle", "--", "*")
    assert stored_tags(archive.home)["alle"] == set(planted)
    text = archive.ok("tag", "-alle", sorted(planted)[0][:6]).stdout
    assert text.startswith("1 of 1 article(s) changed: -alle on 1")


def test_tag_facet_counts_the_matching_set(tagged: tuple[Archive, dict[str, Planted]]) -> None:
    archive, planted = tagged
    tags = stored_tags(archive.home)
    for query, matching in (("Wahl", with_marker(planted, "Wahl")),
                            ("Brücke OR Löwe", with_marker(planted, "Brücke")
                             | with_marker(planted, "Löwe")),
                            ("*", set(planted))):
        document = archive.search_json(query, "--facets", "--facet-limit", "all", "--limit", "0")
        expected = Counter({tag: len(ids & matching) for tag, ids in tags.items()
                            if ids & matching})
        facet = document["facets"]["tag"]
        assert {item["value"]: item["count"] for item in facet} == expected
        counts = [(-item["count"], item["value"]) for item in facet]
        assert counts == sorted(counts)  # most frequent first, then by name
    limited = archive.search_json("*", "--facets", "--facet-limit", "2")["facets"]["tag"]
    assert len(limited) == 2


def test_tags_list_in_every_format(tagged: tuple[Archive, dict[str, Planted]]) -> None:
    archive, _planted = tagged
    expected = {tag: len(ids) for tag, ids in stored_tags(archive.home).items()}
    document = json.loads(archive.ok("tags", "--format", "json").stdout)
    assert document["format"] == "archive-tags" and document["format_version"] == 1
    assert {row["tag"]: row["count"] for row in document["tags"]} == expected
    lines = archive.ok("tags", "--format", "jsonl").stdout.splitlines()
    assert {json.loads(line)["tag"]: json.loads(line)["count"] for line in lines} == expected
    rows = list(csv.DictReader(io.StringIO(archive.ok("tags", "--format", "csv").stdout)))
    assert {row["tag"]: int(row["count"]) for row in rows} == expected
    text = archive.ok("tags").stdout.splitlines()
    assert text[0].split() == ["tag", "count"]
    assert {line.split()[0]: int(line.split()[1]) for line in text[1:]} == expected


@pytest.mark.parametrize("name", ["zu prüfen", "a*b", "-x", "_intern", "x" * 65, "(a)", "\"q\""])
def test_bad_tag_names_are_one_line_and_change_nothing(
        tagged: tuple[Archive, dict[str, Planted]], name: str) -> None:
    archive, planted = tagged
    before = stored_tags(archive.home)
    result = archive.run("tag", "+ok", f"+{name}", sorted(planted)[0])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("archive: ") and len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.output
    assert stored_tags(archive.home) == before


def test_tag_refusals(tagged: tuple[Archive, dict[str, Planted]]) -> None:
    archive, planted = tagged
    before = stored_tags(archive.home)
    some_id = sorted(planted)[0]
    for args, status in ((("+x", "ffffffffffff"), 3), (("+x", "-x", some_id), 2),
                         (("x", some_id), 2), ((some_id,), 2), (("+x",), 2),
                         (("+x", "--", "(Hafen"), 2), (("+x", "--", "tag:a*b"), 2)):
        result = archive.run("tag", *args)
        assert result.exit_code == status, (args, result.output)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert stored_tags(archive.home) == before


def test_tags_survive_reimport_reindex_and_reextract(
        tagged: tuple[Archive, dict[str, Planted]], corpus: tuple[Path, dict[str, Planted]]
) -> None:
    archive, _planted = tagged
    before = stored_tags(archive.home)
    files = corpus[0].parent / "files"
    # A changed source file keeps its article's id; re-importing it rewrites the article row.
    changed = files / "r000.txt"
    original = changed.read_text(encoding="utf-8")
    try:
        changed.write_text(original.replace("Meldung 000", "Meldung 000 neu"), encoding="utf-8")
        archive.ok("import", str(files), "-q")
    finally:
        changed.write_text(original, encoding="utf-8")
    archive.ok("reindex", "--full")
    archive.ok("reextract", "-q")
    assert stored_tags(archive.home) == before
    for tag, ids in before.items():
        assert search_ids(archive, f"tag:{tag}") == ids


def test_export_writes_tags(tagged: tuple[Archive, dict[str, Planted]]) -> None:
    archive, planted = tagged
    tags = stored_tags(archive.home)
    expected = {article_id: sorted(tag for tag, ids in tags.items() if article_id in ids)
                for article_id in planted}
    lines = archive.ok("export").stdout.splitlines()
    exported = {json.loads(line)["id"]: json.loads(line)["tags"] for line in lines}
    assert exported == expected
    rows = list(csv.DictReader(io.StringIO(archive.ok("export", "--format", "csv").stdout)))
    assert {row["id"]: row["tags"] for row in rows} == \
        {article_id: "; ".join(names) for article_id, names in expected.items()}
    some = next(iter(tags["todo"]))
    assert json.loads(archive.ok("show", some, "--format", "json").stdout)["tags"] \
        == expected[some]
    assert f"Tags:       {', '.join(expected[some])}" in archive.ok("show", some).stdout
    # A query with tag: exports exactly the tagged articles.
    lines = archive.ok("export", "tag:todo").stdout.splitlines()
    assert {json.loads(line)["id"] for line in lines} == tags["todo"]


def test_a_tag_search_loads_no_extraction_code(
        tagged: tuple[Archive, dict[str, Planted]]) -> None:
    archive, _planted = tagged
    assert heavy_modules_loaded(archive.home, "search", "tag:relevant Hafen", "--facets") == []


def test_a_tag_narrows_without_changing_the_ranking(
        tagged: tuple[Archive, dict[str, Planted]]) -> None:
    archive, planted = tagged
    relevant = stored_tags(archive.home)["relevant"]
    plain = {hit["id"]: hit["score"] for hit in archive.search_json(
        "Hafen", "--limit", "1000", "--all-words")["hits"]}
    narrowed = archive.search_json("tag:relevant Hafen", "--limit", "1000")["hits"]
    assert narrowed and [hit["id"] for hit in narrowed] == \
        [article_id for article_id in plain if article_id in relevant]
    assert all(hit["score"] == plain[hit["id"]] for hit in narrowed)
    # Best match may leave out a word, never the tag.
    document = archive.search_json("tag:relevant Hafen Wahl", "--limit", "1000")
    assert document["hits"] and {hit["id"] for hit in document["hits"]} <= relevant
    partial = [hit for hit in document["hits"] if hit["matched"] == "partial"]
    either = with_marker(planted, "Hafen") | with_marker(planted, "Wahl")
    both = with_marker(planted, "Hafen") & with_marker(planted, "Wahl")
    assert {hit["id"] for hit in partial} == (either - both) & relevant
