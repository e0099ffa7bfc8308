"""The user's session from the core issue, line by line, through the real CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from archive.index.writer import live_generation, open_index
from archive.paths import ArchivePaths
from archive.store import Store
from conftest import DATA, SEED_FILES, SEEDS, Archive


def index_doc_count(home: Path) -> int:
    generation = live_generation(ArchivePaths(home))
    assert generation is not None
    with open_index(generation).searcher() as searcher:
        return searcher.doc_count()


def test_import_seeds_reports_five_added(empty: Archive) -> None:
    result = empty.run("import", str(SEEDS))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "5 added, 0 updated, 0 unchanged, 0 failed"
    assert index_doc_count(empty.home) == 5


def test_starlink_taiwan_ranks_the_zdf_article_first_with_highlights(seeded: Archive) -> None:
    document = seeded.search_json("Starlink Taiwan")
    first = document["hits"][0]
    assert first["outlet"] == "ZDF"
    assert Path(first["source"]).name == SEED_FILES["004"].name
    marked = {first["snippet"][start:end].lower() for start, end in first["highlights"]}
    assert any("starlink" in word for word in marked) and "taiwan" in marked


def test_text_output_highlights_only_on_a_terminal(seeded: Archive) -> None:
    plain = seeded.ok("search", "Starlink Taiwan").stdout
    assert "Spricht Elon Musk regelmäßig mit Wladimir Putin?" in plain
    assert "\x1b[" not in plain  # CliRunner is not a terminal: no colour codes
    assert "Taiwan" in plain


def test_outlet_filter(seeded: Archive) -> None:
    assert seeded.hit_sources("Clubhouse", "--outlet", "W&V") == ["002"]
    assert sorted(seeded.hit_sources("Clubhouse")) == ["000", "001", "002"]


def test_year_filter_with_facets_over_all_hits(seeded: Archive) -> None:
    document = seeded.search_json("Putin", "--year", "2021", "--facets", "--limit", "1")
    assert document["total"] == 3 and len(document["hits"]) == 1
    facets = document["facets"]
    assert facets["year"] == [{"value": "2021", "count": 3}]
    assert {item["value"]: item["count"] for item in facets["outlet"]} == \
        {"DER SPIEGEL": 1, "24auto": 1, "W&V": 1}
    authors = {item["value"] for item in facets["author"]}
    assert {"Christian Schulz", "Lena Herrmann", "mbö"} <= authors


def test_date_range_sorted_newest_as_json(seeded: Archive) -> None:
    document = seeded.search_json("Musk date:2023..2024", "--sort", "newest")
    assert document["format"] == "archive-search" and document["format_version"] == 1
    assert [hit["published"] for hit in document["hits"]] == ["2024-10-25", "2023-08"]
    assert [hit["date_precision"] for hit in document["hits"]] == ["day", "month"]
    expected_keys = {"id", "score", "title", "outlet", "authors", "agencies", "published",
                     "date_precision", "url", "source", "snippet"}
    assert expected_keys <= set(document["hits"][0])


def test_show_prints_the_full_record(seeded: Archive) -> None:
    hit = seeded.search_json("Starlink Taiwan")["hits"][0]
    text = seeded.ok("show", hit["id"][:6]).stdout
    assert "Das sei die Frage, der sich die amerikanische Gesellschaft stellen müsse." in text
    assert "Outlet:     ZDF" in text
    record = json.loads(seeded.ok("show", hit["id"], "--format", "json").stdout)
    assert record["id"] == hit["id"] and record["body"].startswith("Der reichste Mann der Welt")
    assert record["origins"]["published"] == "sidecar"


def test_incremental_import_indexes_only_the_new_articles(tmp_path: Path) -> None:
    first, more = tmp_path / "first", tmp_path / "more"
    first.mkdir()
    more.mkdir()
    for number, path in SEED_FILES.items():
        target = more if number == "004" else first
        shutil.copy(path, target)
        sidecar = path.with_name(path.stem + ".meta.json")
        if sidecar.exists():
            shutil.copy(sidecar, target)
    archive = Archive(tmp_path / "home")
    archive.ok("import", str(first))
    assert archive.hit_sources("Taiwan") == []
    assert index_doc_count(archive.home) == 4

    from archive.importer import import_paths

    report = import_paths([first, more], ArchivePaths(archive.home))
    assert (report.added, report.unchanged, report.indexed) == (1, 4, 1)
    assert index_doc_count(archive.home) == 5
    assert archive.hit_sources("Taiwan") == ["004"]


def test_full_reindex_gives_the_same_results(seeded: Archive) -> None:
    queries = [("Musk",), ("Putin", "--facets"), ("Clubhouse OR Starlink", "--sort", "oldest")]
    before = [seeded.search_json(*query) for query in queries]
    result = seeded.ok("reindex", "--full")
    assert result.stdout.strip() == "rebuilt the index: 5 articles indexed"
    after = [seeded.search_json(*query) for query in queries]
    assert after == before
    generations = [path.name for path in (seeded.home / "whoosh").iterdir() if path.is_dir()]
    assert len(generations) == 1  # the old generation was removed after the swap


def test_reindex_without_changes_indexes_nothing(seeded: Archive) -> None:
    assert seeded.ok("reindex").stdout.strip() == "index up to date: 0 articles indexed"


def test_stats(seeded: Archive) -> None:
    text = seeded.ok("stats").stdout
    assert "Articles:      5" in text
    assert "2021 3 · 2023 1 · 2024 1" in text
    assert "up to date" in text and "5 added" in text
    document = json.loads(seeded.ok("stats", "--format", "json").stdout)
    assert document["articles"] == 5 and document["index_bytes"] > 0


def test_reimport_is_idempotent(seeded: Archive) -> None:
    with Store.open(ArchivePaths(seeded.home).store_file) as store:
        seq_before = store.max_seq()
    result = seeded.ok("import", str(SEEDS))
    assert result.stdout.strip() == "0 added, 0 updated, 5 unchanged, 0 failed"
    with Store.open(ArchivePaths(seeded.home).store_file) as store:
        assert store.max_seq() == seq_before and store.count() == 5
    assert index_doc_count(seeded.home) == 5


def test_a_changed_file_updates_its_record(seeded: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(SEEDS, folder)
    archive = Archive(tmp_path / "home2")
    archive.ok("import", str(folder))
    changed = folder / SEED_FILES["003"].name
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nNachtrag: Das Pentagon "
                       "äußerte sich am Dienstag nicht zu dem Bericht.", encoding="utf-8")
    result = archive.ok("import", str(folder))
    assert result.stdout.strip() == "0 added, 1 updated, 4 unchanged, 0 failed"
    assert archive.hit_sources("Nachtrag") == ["003"]
    assert index_doc_count(archive.home) == 5  # updated in place, not added twice


def test_hand_edit_survives_reindex_and_reimport(seeded: Archive) -> None:
    hit = seeded.search_json("Starlink Taiwan")["hits"][0]
    seeded.ok("edit", hit["id"], "--outlet", "ZDFheute", "--author", "Anna Kleiser",
              "--author", "Max Mustermann")
    for step in (("reindex", "--full"), ("import", str(SEEDS)), ("reindex",), ("reextract",)):
        seeded.ok(*step)
        found = seeded.search_json("Taiwan", "--author", "Mustermann")["hits"]
        assert [item["id"] for item in found] == [hit["id"]], step
        assert found[0]["outlet"] == "ZDFheute"
    explained = seeded.ok("show", hit["id"], "--explain").stdout
    assert "ZDFheute  [edit]" in explained and "extraction found" in explained


def test_umlaut_folding_in_text_outlet_and_author(empty: Archive) -> None:
    empty.ok("import", str(DATA / "articles"))
    for outlet in ("Süddeutsche", "Sueddeutsche", "suddeutsche zeitung"):
        assert empty.hit_sources("Stromnetz", "--outlet", outlet) == ["str"], outlet
    for author in ("Müller", "Mueller", "Muller"):
        assert empty.hit_sources("Netzentgelte", "--author", author) == ["str"], author
        assert empty.hit_sources(f"author:{author}") == ["str"], author
    for word in ("Wählerinnen", "Waehlerinnen", "Wahlerinnen"):
        assert empty.hit_sources(word) == ["wah"], word
    assert empty.hit_sources("Leitungen", "--author", "Schroeder") == []
    assert empty.hit_sources("Wahlkreise", "--author", "Schroeder") == ["wah"]
    assert empty.hit_sources("Leitungen", "--author", "Schröder") == []


def test_url_in_sidecar_gives_a_stable_id(empty: Archive) -> None:
    empty.ok("import", str(DATA / "articles"))
    hit = empty.search_json("Wahlkampf")["hits"][0]
    assert hit["url"] == "https://www.tagesspiegel.de/politik/wahlkampf-123.html"
    from archive.importer import normalise_url
    import hashlib

    expected = hashlib.sha256(("url:" + normalise_url(hit["url"])).encode()).hexdigest()[:16]
    assert hit["id"] == expected


def test_export_every_field_for_every_match(seeded: Archive, tmp_path: Path) -> None:
    lines = seeded.ok("export", "Putin", "--year", "2021").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 3
    for record in records:
        assert record["body"] and record["source_sha256"] and record["origins"]
    everything = seeded.ok("export").stdout.splitlines()
    assert len(everything) == 5
    target = tmp_path / "out.csv"
    result = seeded.ok("export", "--format", "csv", "-o", str(target))
    assert "wrote" in result.stderr
    import csv

    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == 5 and {"body", "source", "imported_at"} <= set(rows[0])


def test_home_precedence(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from archive.cli import cli

    env_home = tmp_path / "from-env"
    monkeypatch.setenv("ARCHIVE_HOME", str(env_home))
    result = CliRunner().invoke(cli, ["import", str(SEED_FILES["000"])])
    assert result.exit_code == 0 and (env_home / "archive.sqlite3").exists()
    monkeypatch.delenv("ARCHIVE_HOME")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["import", str(SEED_FILES["001"])])
    assert result.exit_code == 0 and (tmp_path / "index" / "archive.sqlite3").exists()


def test_facets_when_an_older_segment_has_no_dated_article(tmp_path: Path) -> None:
    from conftest import write_article

    archive = Archive(tmp_path / "home")
    text = (DATA / "articles" / "stromnetz.txt").read_text(encoding="utf-8")
    write_article(tmp_path / "undated", "undated.txt", text.replace("Müller", "Meier"))
    archive.ok("import", str(tmp_path / "undated"))  # first segment: no year column at all
    archive.ok("import", str(SEEDS))  # second segment: dated articles
    facets = archive.search_json("Putin OR Stromnetz", "--facets")["facets"]
    assert {item["value"]: item["count"] for item in facets["year"]} == \
        {"2021": 3, "2023": 1, "2024": 1, None: 1}


def test_a_users_own_outlets_file(tmp_path: Path) -> None:
    from conftest import write_article

    archive = Archive(tmp_path / "home")
    archive.home.mkdir()
    (archive.home / "outlets.csv").write_text(
        "name,country,domains,aliases\nHallo Ahlen,DE,hallo-ahlen.de,Hallo Ahlen Online\n",
        encoding="utf-8")
    text = (DATA / "articles" / "stromnetz.txt").read_text(encoding="utf-8")
    write_article(tmp_path / "in", "lokal.txt", text,
                  url="https://www.hallo-ahlen.de/artikel/stromnetz-123")
    write_article(tmp_path / "in", "alias.txt", text.replace("Bonn", "Ahlen"),
                  outlet="Hallo Ahlen Online")
    archive.ok("import", str(tmp_path / "in"))
    facets = archive.search_json("Stromnetz", "--facets")["facets"]["outlet"]
    assert facets == [{"value": "Hallo Ahlen", "count": 2}]
    (archive.home / "outlets.csv").write_text("name,country\nbroken", encoding="utf-8")
    (tmp_path / "in" / "lokal.txt").write_text(text + "\nNachtrag.", encoding="utf-8")
    result = archive.run("import", str(tmp_path / "in"))
    assert result.exit_code == 1 and "outlets.csv" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_browse_without_a_query(seeded: Archive) -> None:
    everything = seeded.search_json("--sort", "newest")
    assert everything["total"] == 5
    assert [hit["published"] for hit in everything["hits"]] == \
        ["2024-10-25", "2023-08", "2021-02-16", "2021-02-15", "2021-02"]
    assert seeded.hit_sources("--outlet", "ZDF") == ["004"]
    assert seeded.search_json("*", "--year", "2021")["total"] == 3


def test_a_search_never_writes_and_says_what_the_index_lacks(seeded: Archive) -> None:
    """An article stored but not indexed (what a command stopped after the store's commit
    leaves): a search answers from the index as it is, says so, and leaves the catching up to
    `archive reindex`; with another process holding the write lock it answers all the same."""
    from archive.locking import write_lock

    paths = ArchivePaths(seeded.home)
    with Store.open(paths.store_file) as store:
        article = next(store.iter_articles())
        with store.transaction():
            store.put(article.with_values(title="Geänderter Titel"), store.extracted(article.id))
    # flock locks belong to an open file: this lock conflicts with the search's as another
    # process's would.
    with write_lock(paths.lock_file):
        result = seeded.run("search", "title:Geänderter")
        assert result.exit_code == 0, result.output
        assert "1 stored article is not in the index yet; the archive command writing now " \
               "adds it" in result.stderr
    result = seeded.run("search", "title:Geänderter", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"] == 0  # the index as committed: the old title
    assert "1 stored article is not in the index yet; run 'archive reindex' to add it" \
        in result.stderr
    assert seeded.run("check", "--no-sources").exit_code == 1  # the search indexed nothing
    assert "1 article(s) behind the store (run 'archive reindex')" in seeded.ok("stats").stdout
    assert seeded.ok("reindex").stdout.strip() == "index up to date: 1 article indexed"
    assert seeded.hit_sources("title:Geänderter") != []
    assert "not in the index" not in seeded.run("search", "Musk").stderr
