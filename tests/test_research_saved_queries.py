"""Saved queries: `archive query save|list|delete` and `query:NAME` in queries.

The truth is the generator's planted words, outlets and years, evaluated in Python, and the
tags read straight from the store: `query:NAME` must find what its query and filters mean.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import Archive
from research_corpus import MARKERS, Planted, build, copy_home, search_ids, stored_tags


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Planted]]:
    base = tmp_path_factory.mktemp("saved-corpus")
    home = base / "home"
    return home, build(base / "files", home, count=30, seed=5)


@pytest.fixture
def archive(corpus: tuple[Path, dict[str, Planted]], tmp_path: Path) -> Archive:
    return copy_home(corpus[0], tmp_path / "home")


def holding(planted: dict[str, Planted], marker: str) -> set[str]:
    return {article_id for article_id, record in planted.items() if marker in record.markers}


def test_saved_queries_find_what_their_query_and_filters_mean(
        archive: Archive, corpus: tuple[Path, dict[str, Planted]]) -> None:
    planted = corpus[1]
    archive.ok("query", "save", "haefen", "Hafen", "-Wahl", "--year", "2020..2021")
    archive.ok("query", "save", "Taz-Bruecke", "Brücke OR Löwe", "--outlet", "taz")
    hafen = {i for i in holding(planted, "Hafen") - holding(planted, "Wahl")
             if 2020 <= planted[i].year <= 2021}
    bruecke = {i for i in holding(planted, "Brücke") | holding(planted, "Löwe")
               if planted[i].outlet == "taz"}
    assert hafen and bruecke and hafen != bruecke  # the corpus makes the test meaningful
    assert search_ids(archive, "query:haefen") == hafen
    assert search_ids(archive, "query:taz-bruecke") == bruecke  # names are case-folded
    assert search_ids(archive, "query:haefen OR query:Taz-Bruecke") == hafen | bruecke
    assert search_ids(archive, "Gespräch NOT query:haefen") \
        == holding(planted, "Gespräch") - hafen
    for marker in MARKERS:
        assert search_ids(archive, f"query:haefen {marker}") == hafen & holding(planted, marker)
    # A saved query inside another, and one of filters only.
    archive.ok("query", "save", "beide", "query:haefen OR query:taz-bruecke")
    archive.ok("query", "save", "neu", "--since", "2022")
    assert search_ids(archive, "query:beide") == hafen | bruecke
    assert search_ids(archive, "query:neu") == {i for i, r in planted.items() if r.year >= 2022}
    # The same request as options gives the same answer.
    assert search_ids(archive, "Hafen -Wahl", "--year", "2020..2021") == hafen


def test_saved_queries_see_current_tags(archive: Archive) -> None:
    archive.ok("query", "save", "offen", "tag:todo", "--outlet", "taz")
    assert search_ids(archive, "query:offen") == set()
    archive.ok("tag", "+todo", "--", "*")
    expected = {hit["id"] for hit in archive.search_json(
        "*", "--outlet", "taz", "--limit", "1000")["hits"]}
    assert stored_tags(archive.home)["todo"] >= expected
    assert expected and search_ids(archive, "query:offen") == expected


def test_saved_queries_may_not_lead_back_to_themselves(archive: Archive) -> None:
    archive.ok("query", "save", "a", "Hafen")
    archive.ok("query", "save", "b", "query:a Wahl")
    for name, query in (("a", "query:a"), ("a", "query:b"), ("c", "query:c OR Hafen"),
                        ("d", "query:fehlt")):
        result = archive.run("query", "save", name, query)
        assert result.exit_code == 2, result.output
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output
    assert "leads back to itself (a → b → a)" in \
        archive.run("query", "save", "a", "query:b").stderr
    names = [row["name"] for row in json.loads(
        archive.ok("query", "list", "--format", "json").stdout)["queries"]]
    assert names == ["a", "b"]
    # A chain deeper than the limit is refused too.
    for level in range(1, 10):
        result = archive.run("query", "save", f"l{level}",
                             f"query:l{level - 1}" if level > 1 else "Hafen")
        assert result.exit_code == (0 if level <= 8 else 2), (level, result.output)
    assert archive.run("search", "query:l8").exit_code == 0


def test_unknown_and_bad_saved_queries_are_one_line(archive: Archive) -> None:
    cases = ((("search", "query:nichtda"), 2), (("query", "save", "x", "(Hafen"), 2),
             (("query", "save", "x y", "Hafen"), 2), (("query", "save", "x", "Hafen",
                                                        "--since", "2021-13"), 2),
             (("query", "delete", "nichtda"), 2), (("search", "query:a*"), 2))
    for args, status in cases:
        result = archive.run(*args)
        assert result.exit_code == status, (args, result.output)
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output
    assert json.loads(archive.ok("query", "list", "--format", "json").stdout)["queries"] == []


def test_query_list_formats_replace_and_delete(archive: Archive) -> None:
    first = archive.ok("query", "save", "Wahl", "Wahl", "-Hafen", "--outlet", "taz",
                       "--outlet", "Die Zeit")
    assert first.stdout.strip() == "saved query:wahl"
    archive.ok("query", "save", "hafen", "Hafen")
    document = json.loads(archive.ok("query", "list", "--format", "json").stdout)
    assert document["format"] == "archive-queries" and document["format_version"] == 1
    rows = {row["name"]: row for row in document["queries"]}
    assert rows["wahl"]["query"] == "Wahl -Hafen"
    assert rows["wahl"]["filters"] == {"outlets": ["taz", "Die Zeit"]}
    assert rows["hafen"]["filters"] == {}
    table = list(csv.DictReader(io.StringIO(archive.ok("query", "list", "--format",
                                                       "csv").stdout)))
    assert [row["name"] for row in table] == ["hafen", "wahl"]
    assert json.loads(table[1]["filters"]) == {"outlets": ["taz", "Die Zeit"]}
    lines = archive.ok("query", "list", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == document["queries"]
    assert "Wahl -Hafen" in archive.ok("query", "list").stdout
    replaced = archive.ok("query", "save", "WAHL", "Wahl")
    assert replaced.stdout.strip() == "replaced query:wahl"
    archive.ok("query", "delete", "Hafen")
    names = [row["name"] for row in json.loads(
        archive.ok("query", "list", "--format", "json").stdout)["queries"]]
    assert names == ["wahl"]
