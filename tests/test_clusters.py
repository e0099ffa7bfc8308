"""Syndication clusters on real texts: copies made from Wikinews reports (another headline, a
local intro, a cut ending, outlet boilerplate) fall into one cluster, distinct reports on the
same subject do not; through the real CLI, store and index."""

from __future__ import annotations

import itertools
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import DATA, Archive

FIXTURES = DATA / "clusters"


def truth_group(name: str) -> str:
    """The true cluster of a fixture file: gNN for copies, the file itself otherwise."""
    stem = Path(name).stem
    return stem.split("-")[0] if stem.startswith("g") else stem


def pairs(groups: dict[str, str]) -> set[frozenset[str]]:
    """Every unordered pair of items that share a group."""
    members: dict[str, list[str]] = {}
    for item, group in groups.items():
        members.setdefault(group, []).append(item)
    return {frozenset(pair) for items in members.values()
            for pair in itertools.combinations(sorted(items), 2)}


def source_names(archive: Archive) -> dict[str, str]:
    """Article id -> fixture file name, from the store."""
    with sqlite3.connect(archive.home / "archive.sqlite3") as connection:
        return {article_id: Path(source).name for article_id, source in
                connection.execute("SELECT id, source_path FROM articles")}


@pytest.fixture(scope="module")
def clustered_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("clusters") / "home"
    result = Archive(home).run("import", str(FIXTURES), "-q")
    assert result.exit_code == 0, result.output
    return home


@pytest.fixture
def clustered(clustered_template: Path, tmp_path: Path) -> Archive:
    home = tmp_path / "home"
    shutil.copytree(clustered_template, home)
    return Archive(home)


def found_groups(archive: Archive) -> dict[str, str]:
    """File name -> the cluster `archive duplicates --format json` puts it in (its own name
    when in none)."""
    names = source_names(archive)
    document = json.loads(archive.ok("duplicates", "--format", "json").stdout)
    assert document["format"] == "archive-duplicates" and document["version"] == 1
    groups = {name: name for name in names.values()}
    for cluster in document["clusters"]:
        for article_id in cluster["articles"]:
            groups[names[article_id]] = cluster["lead"]
    return groups


def test_pairwise_precision_and_recall_on_the_fixture_set(clustered: Archive) -> None:
    found = pairs(found_groups(clustered))
    names = source_names(clustered).values()
    truth = pairs({name: truth_group(name) for name in names})
    assert len(truth) == 8 * 15  # eight reports, six copies each
    precision = len(found & truth) / len(found)
    recall = len(found & truth) / len(truth)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall, sorted(
        tuple(sorted(pair)) for pair in found ^ truth)[:10])


def test_distinct_reports_on_one_subject_stay_apart(clustered: Archive) -> None:
    groups = found_groups(clustered)
    distinct = [name for name in groups if name.startswith("s")]
    assert len(distinct) == 12
    assert all(groups[name] == name for name in distinct)


def test_a_cluster_names_its_lead_agencies_and_outlets(clustered: Archive) -> None:
    names = source_names(clustered)
    by_name = {name: article_id for article_id, name in names.items()}
    document = json.loads(clustered.ok("duplicates", "--format", "json").stdout)
    cluster = next(c for c in document["clusters"] if by_name["g02-orig.txt"] in c["articles"])
    # The manifest dates each copy a day after the one before; the original is the earliest.
    assert cluster["lead"] == by_name["g02-orig.txt"] == cluster["articles"][0]
    assert cluster["agencies"] == ["AFP"]
    with sqlite3.connect(clustered.home / "archive.sqlite3") as connection:
        outlets = {row[0] for row in connection.execute(
            "SELECT outlet FROM articles WHERE source_path LIKE '%g02-%'")}
    assert len(outlets) == 6 and set(cluster["outlets"]) == outlets
