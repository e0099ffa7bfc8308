"""`--outlet` and `outlet:` find an outlet by any alias or domain the outlet registry knows.

The archive holds articles from Süddeutsche Zeitung, DER SPIEGEL, Kölner Stadt-Anzeiger, outlets
with similar names, and an outlet only the user's `<home>/outlets.csv` knows (one of its articles
was imported before that file named its alias). Every search is compared with the set of articles
written for that outlet below, not with what the archive stored.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from archive.outlet_names import resolve_outlet, resolve_outlet_nodes
from archive.paths import ArchivePaths
from archive.query import ast
from archive.store import Store
from conftest import Archive, heavy_modules_loaded, write_article

FILLER = ("Der Stadtrat beriet am Abend lange über den Haushalt und die Sanierung der Schulen. "
          "Eine Entscheidung soll in der kommenden Sitzung fallen, hieß es aus dem Rathaus. ")

USER_OUTLETS = ("name,country,domains,aliases\n"
                "Lokalbote Nordheim,DE,lokalbote-nordheim.de,LBN|Nordheimer Bote\n")

# Article name -> its sidecar: the outlet as the article was given it (an alias, the canonical
# name, or only a URL whose domain names the outlet).
FIRST_IMPORT = {
    "sz_name": {"outlet": "Süddeutsche Zeitung"},
    "sz_alias": {"outlet": "SZ"},
    "sz_url": {"url": "https://www.sueddeutsche.de/politik/haushalt-1.1234567"},
    "spiegel_name": {"outlet": "DER SPIEGEL"},
    "spiegel_alias": {"outlet": "SPIEGEL ONLINE"},
    "spiegel_url": {"url": "https://www.spiegel.de/politik/deutschland/haushalt-a-1234.html"},
    "ksta_alias": {"outlet": "KStA"},
    "ksta_url": {"url": "https://www.ksta.de/koeln/haushalt-123"},
    "tagesspiegel": {"outlet": "Der Tagesspiegel"},
    "berliner": {"outlet": "Berliner Zeitung"},
    "rundschau": {"outlet": "Kölnische Rundschau"},
    "zeit": {"outlet": "Die Zeit"},
    # Unknown when imported: stored as given; the user's file names it an alias later.
    "nordheim_early": {"outlet": "Nordheimer Bote"},
}
SECOND_IMPORT = {  # imported after <home>/outlets.csv was written
    "nordheim_url": {"url": "https://www.lokalbote-nordheim.de/lokales/haushalt"},
    "nordheim_alias": {"outlet": "LBN"},
}

SZ = {"sz_name", "sz_alias", "sz_url"}
SPIEGEL = {"spiegel_name", "spiegel_alias", "spiegel_url"}
KSTA = {"ksta_alias", "ksta_url"}
NORDHEIM = {"nordheim_early", "nordheim_url", "nordheim_alias"}
ALL = set(FIRST_IMPORT) | set(SECOND_IMPORT)

# The outlet each article must show (facets and hits): the registry's canonical spelling.
CANONICAL = {**{name: "Süddeutsche Zeitung" for name in SZ},
             **{name: "DER SPIEGEL" for name in SPIEGEL},
             **{name: "Kölner Stadt-Anzeiger" for name in KSTA},
             "tagesspiegel": "Der Tagesspiegel", "berliner": "Berliner Zeitung",
             "rundschau": "Kölnische Rundschau", "zeit": "Die Zeit",
             "nordheim_early": "Nordheimer Bote", "nordheim_url": "Lokalbote Nordheim",
             "nordheim_alias": "Lokalbote Nordheim"}


def _write(folder: Path, articles: dict[str, dict[str, str]]) -> None:
    for name, sidecar in articles.items():
        write_article(folder, f"{name}.txt", f"Haushalt {name}\n\n{FILLER * 2}\n",
                      title=f"Haushalt {name}", **sidecar)


@pytest.fixture(scope="module")
def outlets(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    root = tmp_path_factory.mktemp("outlets")
    archive = Archive(root / "home")
    _write(root / "first", FIRST_IMPORT)
    assert f"{len(FIRST_IMPORT)} added" in archive.ok("import", str(root / "first")).output
    (archive.home / "outlets.csv").write_text(USER_OUTLETS, encoding="utf-8")
    _write(root / "second", SECOND_IMPORT)
    assert f"{len(SECOND_IMPORT)} added" in archive.ok("import", str(root / "second")).output
    return archive


def _names(archive: Archive, *args: str) -> set[str]:
    document = archive.search_json(*args, "--limit", "1000")
    names = {hit["title"].split()[-1] for hit in document["hits"]}
    assert document["total"] == len(names), document["total"]
    return names


def test_articles_store_the_canonical_names(outlets: Archive) -> None:
    document = outlets.search_json("Haushalt", "--limit", "1000", "--facets")
    assert {hit["title"].split()[-1]: hit["outlet"] for hit in document["hits"]} == CANONICAL
    facet = {item["value"]: item["count"] for item in document["facets"]["outlet"]}
    expected: dict[str, int] = {}
    for outlet in CANONICAL.values():
        expected[outlet] = expected.get(outlet, 0) + 1
    assert facet == expected


@pytest.mark.parametrize(("given", "expected"), [
    ("SZ", SZ), ("sz.de", SZ), ("Süddeutsche", SZ), ("Sueddeutsche Zeitung", SZ),
    ("sueddeutsche.de", SZ), ("https://www.sueddeutsche.de/politik", SZ),
    ("Süddeutsche Zeitung", SZ),
    ("KStA", KSTA), ("ksta.de", KSTA), ("www.ksta.de", KSTA), ("Kölner Stadt-Anzeiger", KSTA),
    ("SPON", SPIEGEL), ("Spiegel Online", SPIEGEL), ("spiegel.de", SPIEGEL),
    ("www.spiegel.de", SPIEGEL), ("m.spiegel.de", SPIEGEL), ("DER SPIEGEL", SPIEGEL),
    ("Der Tagesspiegel", {"tagesspiegel"}), ("Berliner Zeitung", {"berliner"}),
    ("LBN", NORDHEIM), ("Nordheimer Bote", NORDHEIM), ("lokalbote-nordheim.de", NORDHEIM),
    ("Lokalbote Nordheim", NORDHEIM),
])
def test_outlet_option_finds_every_article_of_the_outlet(outlets: Archive, given: str,
                                                         expected: set[str]) -> None:
    assert _names(outlets, "Haushalt", "--outlet", given) == expected
    assert _names(outlets, "--outlet", given) == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("Haushalt outlet:SZ", SZ),
    ("Haushalt outlet:sz.de", SZ),
    ("Haushalt outlet:KStA", KSTA),
    ('Haushalt outlet:"Spiegel Online"', SPIEGEL),
    ("Haushalt outlet:www.spiegel.de", SPIEGEL),
    ("Haushalt quelle:SPON", SPIEGEL),
    ("Haushalt outlet:LBN", NORDHEIM),
    ("Haushalt (outlet:SZ OR outlet:KStA)", SZ | KSTA),
    ("Haushalt NOT outlet:SPON", ALL - SPIEGEL),
    ("Haushalt NOT outlet:SZ NOT outlet:LBN", ALL - SZ - NORDHEIM),
])
def test_outlet_in_the_query_finds_every_article_of_the_outlet(outlets: Archive, query: str,
                                                               expected: set[str]) -> None:
    assert _names(outlets, query) == expected


def test_several_outlet_options_find_any_of_them(outlets: Archive) -> None:
    assert _names(outlets, "Haushalt", "--outlet", "SZ", "--outlet", "KStA") == SZ | KSTA
    assert _names(outlets, "Haushalt", "--outlet", "SPON", "outlet:spiegel.de") == SPIEGEL
    assert _names(outlets, "Haushalt", "--outlet", "SZ", "outlet:SPON") == set()


def test_export_resolves_outlet_aliases(outlets: Archive) -> None:
    lines = outlets.ok("export", "--outlet", "KStA").stdout.splitlines()
    assert {json.loads(line)["title"].split()[-1] for line in lines} == KSTA


@pytest.mark.parametrize("given", ["Gibt es nicht", "example.org", "www.example.org",
                                   "https://example.org/x", "Zeitung Nord"])
def test_an_unknown_outlet_finds_nothing(outlets: Archive, given: str) -> None:
    assert _names(outlets, "Haushalt", "--outlet", given) == set()
    assert _names(outlets, f'Haushalt outlet:"{given}"') == set()


def test_facets_keep_the_canonical_names(outlets: Archive) -> None:
    document = outlets.search_json("Haushalt", "--outlet", "SPON", "--outlet", "LBN", "--facets")
    facet = {item["value"]: item["count"] for item in document["facets"]["outlet"]}
    assert facet == {"DER SPIEGEL": 3, "Lokalbote Nordheim": 2, "Nordheimer Bote": 1}


# The library function, independent of how search wires it in. ------------------------------

def test_resolve_outlet_names_the_canonical_and_stored_spellings(outlets: Archive) -> None:
    with Store.open(ArchivePaths(outlets.home).store_file) as store:
        assert resolve_outlet(store, "SZ") == ("SZ", "Süddeutsche Zeitung")
        assert resolve_outlet(store, "www.spiegel.de") == ("www.spiegel.de", "DER SPIEGEL")
        assert set(resolve_outlet(store, "LBN")) == {"LBN", "Lokalbote Nordheim",
                                                     "Nordheimer Bote"}
        assert resolve_outlet(store, "Gibt es nicht") == ("Gibt es nicht",)


def test_resolve_outlet_nodes_rewrites_outlet_names_only(outlets: Archive) -> None:
    tree = ast.And((ast.Word("Haushalt"), ast.Not(ast.Name("outlet", "KStA")),
                    ast.Name("author", "SZ"), ast.Name("outlet", "Köl", prefix=True),
                    ast.Name("outlet", "Gibt es nicht")))
    with Store.open(ArchivePaths(outlets.home).store_file) as store:
        assert resolve_outlet_nodes(store, tree) == ast.And((
            ast.Word("Haushalt"),
            ast.Not(ast.Or((ast.Name("outlet", "KStA"),
                            ast.Name("outlet", "Kölner Stadt-Anzeiger")))),
            ast.Name("author", "SZ"), ast.Name("outlet", "Köl", prefix=True),
            ast.Name("outlet", "Gibt es nicht")))


# The alias table in the store. -------------------------------------------------------------

def _alias_row(home: Path, key: str) -> str | None:
    connection = sqlite3.connect(ArchivePaths(home).store_file)
    try:
        row = connection.execute("SELECT outlet FROM outlet_aliases WHERE key=?", (key,)).fetchone()
    finally:
        connection.close()
    return row[0] if row else None


def _set_alias_row(home: Path, key: str, outlet: str) -> None:
    connection = sqlite3.connect(ArchivePaths(home).store_file)
    try:
        with connection:
            connection.execute("UPDATE outlet_aliases SET outlet=? WHERE key=?", (outlet, key))
    finally:
        connection.close()


def test_the_table_is_rewritten_only_when_the_registry_changes(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "home")
    _write(tmp_path / "a", {"one": {"outlet": "SZ"}})
    archive.ok("import", str(tmp_path / "a"))
    assert _alias_row(archive.home, "sz") == "Süddeutsche Zeitung"
    assert _alias_row(archive.home, "lbn") is None
    # A mark only a rewrite would remove: an import with the same registry keeps it.
    _set_alias_row(archive.home, "sz", "marked")
    _write(tmp_path / "b", {"two": {"outlet": "KStA"}})
    archive.ok("import", str(tmp_path / "b"))
    assert _alias_row(archive.home, "sz") == "marked"
    (archive.home / "outlets.csv").write_text(USER_OUTLETS, encoding="utf-8")
    archive.ok("import", str(tmp_path / "b"))
    assert _alias_row(archive.home, "sz") == "Süddeutsche Zeitung"
    assert _alias_row(archive.home, "lbn") == "Lokalbote Nordheim"
    assert _alias_row(archive.home, "nordheimerbote") == "Lokalbote Nordheim"
    assert _alias_row(archive.home, "lokalbotenordheimde") == "Lokalbote Nordheim"


def test_a_user_alias_added_later_finds_articles_stored_before(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "home")
    _write(tmp_path / "a", {"early": {"outlet": "Nordheimer Bote"}})
    archive.ok("import", str(tmp_path / "a"))
    assert _names(archive, "Haushalt", "--outlet", "LBN") == set()
    (archive.home / "outlets.csv").write_text(USER_OUTLETS, encoding="utf-8")
    archive.ok("import", str(tmp_path / "a"))  # nothing new: the registry is loaded all the same
    assert _names(archive, "Haushalt", "--outlet", "LBN") == {"early"}


def test_outlet_search_does_not_load_the_registry_or_the_parsers(outlets: Archive) -> None:
    assert heavy_modules_loaded(outlets.home, "search", "outlet:KStA", "--outlet", "SZ",
                                "--outlet", "www.spiegel.de", "--facets") == []


def test_reindex_brings_the_alias_table_up_to_date(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "home")
    text = ("Regionalblatt meldet\n\n" + "Der Stadtrat tagte lange über den Haushalt der "
            "Gemeinde und die Sanierung der Grundschule am Markt. " * 4 + "\n")
    write_article(tmp_path / "in", "a.txt", text, outlet="Regionalblatt")
    archive.ok("import", str(tmp_path / "in"))
    assert archive.search_json("Haushalt", "--outlet", "RB")["total"] == 0
    (archive.home / "outlets.csv").write_text(
        "name,country,domains,aliases\nRegionalblatt,DE,regionalblatt.de,RB\n", encoding="utf-8")
    archive.ok("reindex")
    assert archive.search_json("Haushalt", "--outlet", "RB")["total"] == 1
    assert archive.search_json("Haushalt", "--outlet", "regionalblatt.de")["total"] == 1
    (archive.home / "outlets.csv").write_text("name,country\nbroken", encoding="utf-8")
    result = archive.ok("reindex")
    assert "outlet aliases keep their earlier table" in result.stderr
    assert archive.search_json("Haushalt", "--outlet", "RB")["total"] == 1
