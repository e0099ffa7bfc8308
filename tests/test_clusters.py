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

from conftest import Archive, DATA, SEEDS, heavy_modules_loaded, run_python

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


def ids_by_name(archive: Archive) -> dict[str, str]:
    """Fixture file name -> article id."""
    return {name: article_id for article_id, name in source_names(archive).items()}


def test_search_collapse_shows_one_hit_per_cluster_with_its_copies(clustered: Archive) -> None:
    plain = clustered.search_json("Weihnachtsbaum", "--all-words", "--limit", "50")
    collapsed = clustered.search_json("Weihnachtsbaum", "--all-words", "--limit", "50",
                                      "--collapse")
    keys = [hit["cluster"]["id"] for hit in collapsed["hits"]]
    assert len(keys) == len(set(keys)) and collapsed["collapsed"] is True
    assert collapsed["format_version"] == plain["format_version"] == 1
    # The best-ranked copy of each cluster represents it, in rank order.
    plain_ids = [hit["id"] for hit in plain["hits"]]
    shown = [plain_ids.index(hit["id"]) for hit in collapsed["hits"]]
    assert shown == sorted(shown)
    copies = next(hit for hit in collapsed["hits"] if hit["cluster"]["copies"])
    assert copies["cluster"]["copies"] == 5 and len(copies["cluster"]["outlets"]) == 5
    assert len(plain["hits"]) >= 6 > len(collapsed["hits"])
    text = clustered.ok("search", "Weihnachtsbaum", "--collapse").stdout
    assert "+5 copies: " in text and "one hit per cluster of copies" in text
    csv_text = clustered.ok("search", "Weihnachtsbaum", "--collapse", "--format", "csv").stdout
    assert csv_text.splitlines()[0].endswith(",cluster,copies,copy_outlets")


def test_a_collapsed_page_the_complete_matches_do_not_fill_takes_the_partial_ones(
        clustered: Archive) -> None:
    """Few articles hold both words (one cluster of copies): the collapsed page is filled with
    articles holding one of them, exactly as collapsing the whole plain ranking would."""
    document = json.loads(clustered.ok("duplicates", "--format", "json").stdout)
    lead = {article_id: cluster["lead"] for cluster in document["clusters"]
            for article_id in cluster["articles"]}
    plain = clustered.search_json("Weihnachtsbaum Millionen", "--limit", "200")
    assert 0 < plain["total"] < 10 and len(plain["hits"]) > plain["total"]
    expected: list[str] = []
    for hit in plain["hits"]:
        if lead.get(hit["id"], hit["id"]) not in {lead.get(i, i) for i in expected}:
            expected.append(hit["id"])
    for offset in ("0", "3"):
        collapsed = clustered.search_json("Weihnachtsbaum Millionen", "--collapse", "--limit", "10",
                                          "--offset", offset)
        assert [hit["id"] for hit in collapsed["hits"]] == expected[int(offset):int(offset) + 10]
        assert collapsed["total"] == plain["total"]


def test_facets_count_clusters(clustered: Archive) -> None:
    articles = clustered.search_json("--facets", "--outlet", "Nordkurier", "--outlet", "Main-Post")
    clusters = clustered.search_json("--facets", "--outlet", "Nordkurier", "--outlet",
                                     "Main-Post", "--count", "clusters")
    assert articles["total"] == clusters["total"] == 16
    assert clusters["clusters_total"] == 8 and clusters["count"] == "clusters"
    years = {item["value"]: item["count"] for item in articles["facets"]["year"]}
    cluster_years = {item["value"]: item["count"] for item in clusters["facets"]["year"]}
    assert set(years) == set(cluster_years)
    assert all(years[year] == 2 * cluster_years[year] for year in years)
    outlets = {item["value"]: item["count"] for item in clusters["facets"]["outlet"]}
    assert outlets == {"Nordkurier": 8, "Main-Post": 8}


def test_a_later_copy_joins_the_old_cluster_and_a_rewrite_leaves_it(clustered: Archive,
                                                                      tmp_path: Path) -> None:
    by_name = ids_by_name(clustered)
    original = (FIXTURES / "g03-orig.txt").read_text(encoding="utf-8")
    title, _, body = original.partition("\n\n")
    later = tmp_path / "later"
    later.mkdir()
    (later / "copy.txt").write_text(f"Neu: {title}\n\nVon unserem Korrespondenten.\n\n{body}",
                                    encoding="utf-8")
    (later / "copy.meta.json").write_text(json.dumps(
        {"outlet": "Späte Zeitung", "published": "2010-01-01",
         "url": "https://spaet.example/copy"}), encoding="utf-8")
    clustered.ok("import", str(later), "-q")
    new_id = ids_by_name(clustered)["copy.txt"]
    groups = found_groups(clustered)
    assert groups["copy.txt"] == groups["g03-orig.txt"] != "copy.txt"
    document = json.loads(clustered.ok("duplicates", "--format", "json").stdout)
    cluster = next(c for c in document["clusters"] if new_id in c["articles"])
    assert cluster["lead"] == by_name["g03-orig.txt"] and len(cluster["articles"]) == 7
    # The same file rewritten as another report: it leaves the cluster again.
    other = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    (later / "copy.txt").write_text(other, encoding="utf-8")
    clustered.ok("import", str(later), "-q")
    groups = found_groups(clustered)
    assert groups["copy.txt"] == "copy.txt"
    assert sum(1 for name in groups if groups[name] == groups["g03-orig.txt"]) == 6


def test_clusters_survive_a_full_reindex(clustered: Archive) -> None:
    before = clustered.ok("duplicates", "--format", "json").stdout
    clustered.ok("reindex", "--full")
    assert clustered.ok("duplicates", "--format", "json").stdout == before
    shutil.rmtree(clustered.home / "whoosh")
    clustered.ok("reindex")
    assert clustered.ok("duplicates", "--format", "json").stdout == before


def test_clusters_do_not_depend_on_the_import_order(tmp_path: Path) -> None:
    # The copies of two reports, imported in two runs in opposite orders.
    names = sorted(path.name for path in FIXTURES.glob("g0[12]-*.txt"))
    results = []
    for order, halves in (("forward", (names[:6], names[6:])),
                          ("backward", (names[6:][::-1], names[:6][::-1]))):
        archive = Archive(tmp_path / order)
        for half in halves:
            archive.ok("import", *(str(FIXTURES / name) for name in half), "-q")
        results.append(sorted(sorted(groups_of.items()) for groups_of in [
            {name: group for name, group in found_groups(archive).items()}]))
    first, second = results
    # Same partition (cluster keys are ids, so compare by the files each cluster holds).
    def partition(rows: list) -> set[frozenset[str]]:
        members: dict[str, set[str]] = {}
        for name, group in rows[0]:
            members.setdefault(group, set()).add(name)
        return {frozenset(items) for items in members.values()}
    assert partition(first) == partition(second)
    assert len(partition(first)) == 2


def test_a_short_article_stays_a_singleton(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "home")
    folder = tmp_path / "short"
    text = "Kurz gemeldet\n\nDer Bahnhof bleibt am Sonntag wegen Bauarbeiten geschlossen.\n"
    for number in range(2):
        (folder / f"{number}").mkdir(parents=True)
        (folder / f"{number}" / "a.txt").write_text(text, encoding="utf-8")
        (folder / f"{number}" / "a.meta.json").write_text(json.dumps(
            {"url": f"https://short{number}.example/a"}), encoding="utf-8")
    archive.ok("import", str(folder), "-q")
    assert json.loads(archive.ok("duplicates", "--format", "json").stdout)["clusters"] == []


def test_duplicates_formats_and_query(clustered: Archive) -> None:
    jsonl = [json.loads(line) for line in
             clustered.ok("duplicates", "--format", "jsonl").stdout.splitlines()]
    assert len(jsonl) == 8 and all(len(c["articles"]) == 6 for c in jsonl)
    rows = clustered.ok("duplicates", "--format", "csv").stdout.splitlines()
    assert rows[0] == "key,size,lead,articles,agencies,outlets" and len(rows) == 9
    narrowed = json.loads(clustered.ok("duplicates", "Weihnachtsbaum", "--format",
                                       "json").stdout)["clusters"]
    assert len(narrowed) == 1 and len(narrowed[0]["articles"]) == 6
    text = clustered.ok("duplicates").stdout
    assert text.startswith("8 clusters of copies") and text.count("  lead ") == 8


def test_rows_of_another_version_or_missing_are_signed_again(clustered: Archive,
                                                             tmp_path: Path) -> None:
    before = clustered.ok("duplicates", "--format", "json").stdout
    store = clustered.home / "archive.sqlite3"
    with sqlite3.connect(store) as connection:
        # Rows an older signature version wrote, and rows lost (an archive from before
        # signatures, an import killed before its clusters were updated).
        connection.execute("UPDATE meta SET value='0' WHERE key='signature_version'")
        rows = connection.execute("SELECT article_id, minhash FROM signatures "
                                  "ORDER BY article_id LIMIT 20").fetchall()
        connection.executemany("UPDATE signatures SET minhash=? WHERE article_id=?",
                               [(b"\x00" + blob[1:], article_id) for article_id, blob in rows])
        connection.execute("UPDATE signatures SET minhash='text' WHERE article_id=?",
                           (rows[-1][0],))
        connection.execute("DELETE FROM signatures WHERE article_id IN "
                           "(SELECT article_id FROM signatures ORDER BY article_id DESC LIMIT 15)")
        # An article gone from the store: its row goes, its cluster is checked again.
        gone = connection.execute("SELECT article_id FROM signatures WHERE article_id != "
                                  "cluster LIMIT 1").fetchone()[0]
        connection.execute("DELETE FROM articles WHERE id=?", (gone,))
    clustered.ok("import", str(SEEDS / next(SEEDS.glob("001_*.txt")).name), "-q")
    with sqlite3.connect(store) as connection:
        versions = {row[0] for row in connection.execute(
            "SELECT substr(minhash, 1, 1) FROM signatures WHERE length(minhash) > 0")}
        assert versions == {b"\x01"}
        assert connection.execute("SELECT count(*) FROM signatures").fetchone()[0] == \
            connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert connection.execute("SELECT count(*) FROM signatures WHERE article_id=?",
                                  (gone,)).fetchone()[0] == 0
    after = json.loads(clustered.ok("duplicates", "--format", "json").stdout)["clusters"]
    expected = json.loads(before)["clusters"]
    for cluster in expected:
        cluster["articles"] = [i for i in cluster["articles"] if i != gone]
    assert sorted(sorted(c["articles"]) for c in after) == \
        sorted(sorted(c["articles"]) for c in expected)


def test_collapsed_search_stays_light(clustered: Archive) -> None:
    # Reading clusters needs the store only: no parsers, no datasketch or scipy (numpy is the
    # ranking engine's, loaded by every search).
    assert heavy_modules_loaded(clustered.home, "search", "Weihnachtsbaum", "--collapse",
                                "--facets", "--count", "clusters") == []
    program = ("import sys; from click.testing import CliRunner; from archive.cli import cli; "
               f"r = CliRunner().invoke(cli, ['--home', {str(clustered.home)!r}, 'search', "
               "'Weihnachtsbaum', '--collapse', '--facets', '--count', 'clusters']); "
               "assert r.exit_code == 0, r.output; "
               "print(sorted({m.split('.')[0] for m in sys.modules} & {'datasketch', 'scipy'}))")
    completed = run_python(program)
    assert completed.stdout.strip().splitlines()[-1] == "[]"


def test_incremental_clusters_equal_clustering_from_scratch(tmp_path: Path) -> None:
    from archive.research.clusters import cluster_texts
    from archive.research.signatures import article_text

    archive = Archive(tmp_path / "home")
    files = sorted(FIXTURES.glob("*.txt"))
    for part in (files[2::3], files[0::3], files[1::3]):  # three runs, copies split apart
        archive.ok("import", *map(str, part), "-q")
    with sqlite3.connect(archive.home / "archive.sqlite3") as connection:
        texts = [(article_id, article_text(teaser, body)) for article_id, teaser, body in
                 connection.execute("SELECT id, teaser, body FROM articles")]
        stored = dict(connection.execute("SELECT article_id, cluster FROM signatures"))
    assert stored == cluster_texts(texts)
    assert len(set(stored.values())) == 8 + 12


def test_reextract_puts_a_restored_copy_back_into_its_cluster(clustered: Archive) -> None:
    from archive.research.clusters import update_clusters
    from archive.store import Store

    article_id = ids_by_name(clustered)["g04-cut.txt"]
    other = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    with Store.open(clustered.home / "archive.sqlite3") as store:
        # A body that extraction no longer gives (as an older extraction might have stored).
        with store.transaction():
            store.connection.execute("UPDATE articles SET body=? WHERE id=?", (other, article_id))
        update_clusters(store, [article_id])
    assert found_groups(clustered)["g04-cut.txt"] == "g04-cut.txt"
    clustered.ok("reextract", "-q")
    groups = found_groups(clustered)
    assert groups["g04-cut.txt"] == groups["g04-orig.txt"] != "g04-cut.txt"


def test_deleting_copies_leaves_the_clusters_clustering_from_scratch_gives(tmp_path: Path) -> None:
    # Deleting an article re-checks the clusters it was in: the remaining copies are grouped
    # (and keyed by their smallest id) exactly as clustering the remaining texts from scratch.
    from archive.research.clusters import cluster_texts
    from archive.research.signatures import article_text

    archive = Archive(tmp_path / "home")
    archive.ok("import", str(FIXTURES), "-q")

    def stored_and_scratch() -> tuple[dict[str, str], dict[str, str]]:
        with sqlite3.connect(archive.home / "archive.sqlite3") as connection:
            texts = [(article_id, article_text(teaser, body)) for article_id, teaser, body in
                     connection.execute("SELECT id, teaser, body FROM articles")]
            stored = dict(connection.execute("SELECT article_id, cluster FROM signatures"))
        return stored, cluster_texts(texts)

    stored, _ = stored_and_scratch()
    # Every cluster's key is its smallest id: delete those keys, so the keys must move.
    keys = sorted({key for key in stored.values() if list(stored.values()).count(key) > 1})
    archive.ok("delete", *keys[:4], "--yes")
    stored, scratch = stored_and_scratch()
    assert not set(keys[:4]) & set(stored)
    assert stored == scratch


def test_clusters_signed_in_small_batches_equal_one_batch(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # The import clusters a batch at a time (bounded memory); the clusters do not depend on it.
    from archive.research import clusters

    whole = Archive(tmp_path / "whole")
    whole.ok("import", str(FIXTURES), "-q")
    monkeypatch.setattr(clusters, "BATCH", 3)
    batched = Archive(tmp_path / "batched")
    batched.ok("import", str(FIXTURES), "-q")
    tables = []
    for archive in (whole, batched):
        with sqlite3.connect(archive.home / "archive.sqlite3") as connection:
            tables.append(dict(connection.execute("SELECT article_id, cluster FROM signatures")))
    assert tables[0] == tables[1] and len(set(tables[0].values())) < len(tables[0])


def test_each_batch_signs_at_most_a_batch_of_articles(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # The run's articles that have no row yet (all of an import's, and here every stored one:
    # an archive from before signatures) are spread over the batches, not all signed by the
    # first (which held every text and shingle set of the run at once); the clusters are
    # those of clustering the texts from scratch.
    from archive.research import clusters
    from archive.research.signatures import article_text
    from archive.store import Store

    archive = Archive(tmp_path / "home")
    archive.ok("import", str(FIXTURES), "-q")
    with sqlite3.connect(archive.home / "archive.sqlite3") as connection:
        texts = [(article_id, article_text(teaser, body)) for article_id, teaser, body in
                 connection.execute("SELECT id, teaser, body FROM articles ORDER BY id")]
        connection.execute("DELETE FROM signatures")
    monkeypatch.setattr(clusters, "BATCH", 3)
    given = [article_id for article_id, _text in texts[::4]]
    with Store.open(archive.home / "archive.sqlite3") as store:
        updates = clusters.update_in_batches(store, given)
    assert len(updates) == -(-len(texts) // 3)
    _assert_signed_in_batches_of_three(archive, updates, texts)


def _assert_signed_in_batches_of_three(archive: Archive, updates: list,  # type: ignore[type-arg]
                                       texts: list[tuple[str, str]]) -> None:
    """Every text signed, at most three per batch, and the clusters those of clustering the
    texts from scratch (some of them shared)."""
    from archive.research import clusters

    assert all(update.signed + update.too_short <= 3 for update in updates)
    assert sum(update.signed + update.too_short for update in updates) == len(texts)
    with sqlite3.connect(archive.home / "archive.sqlite3") as connection:
        stored = dict(connection.execute("SELECT article_id, cluster FROM signatures"))
    assert stored == clusters.cluster_texts(texts)
    assert len(set(stored.values())) < len(stored)


def test_the_articles_written_since_a_point_are_clustered_batch_by_batch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # What an import does: the articles written after the sequence number at its start are
    # read from the store a batch at a time (the run's ids are not held); with every row
    # missing (an archive from before signatures) the rest are found stale and signed too, and
    # the clusters are those of clustering the texts from scratch.
    from archive.research import clusters
    from archive.research.cluster_store import written_after
    from archive.research.signatures import article_text
    from archive.store import Store

    archive = Archive(tmp_path / "home")
    archive.ok("import", str(FIXTURES), "-q")
    with sqlite3.connect(archive.home / "archive.sqlite3") as connection:
        texts = [(article_id, article_text(teaser, body)) for article_id, teaser, body in
                 connection.execute("SELECT id, teaser, body FROM articles ORDER BY id")]
        seqs = sorted(seq for (seq,) in connection.execute("SELECT seq FROM articles"))
        connection.execute("DELETE FROM signatures")
    monkeypatch.setattr(clusters, "BATCH", 3)
    since = seqs[len(seqs) // 2]
    with Store.open(archive.home / "archive.sqlite3") as store:
        written = list(written_after(store, since, 3))
        updates = clusters.update_written_since(store, since)
    assert [len(batch) for batch in written[:-1]] == [3] * (len(written) - 1)
    assert sum(len(batch) for batch in written) == len([s for s in seqs if s > since])
    _assert_signed_in_batches_of_three(archive, updates, texts)
