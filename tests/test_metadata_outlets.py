"""The outlet registry: domains, aliases, the user's own file merged over the built-in one."""

from __future__ import annotations

import csv
import pathlib

import pytest

from archive import outlet_names
from archive.errors import MetadataError
from archive.importer import store_outlet_aliases
from archive.metadata import outlets
from archive.outlet_names import canonical_in_store
from archive.store import Store


@pytest.fixture(autouse=True)
def builtin_registry() -> None:
    outlets.load_registry()
    yield
    outlets.load_registry()


@pytest.mark.parametrize("url, name", [
    ("https://www.spiegel.de/politik/x.html", "DER SPIEGEL"),
    ("https://www.zdf.de/nachrichten/x", "ZDF"),
    ("https://www.wuv.de/marketing/x", "W&V"),
    ("https://www.24auto.de/news/x.html", "24auto"),
    ("https://www.derstandard.at/story/1", "Der Standard"),
    ("https://www.nzz.ch/x", "Neue Zürcher Zeitung"),
    ("http://m.faz.net/x", "Frankfurter Allgemeine Zeitung"),
    ("https://blogs.taz.de/x", "taz"),
    ("https://www.prosieben.de/tv/newstime/x", "ProSieben"),
])
def test_outlet_from_url(url: str, name: str) -> None:
    assert outlets.outlet_from_url(url) == name


def test_unknown_domains_and_urls() -> None:
    assert outlets.outlet_from_url("https://example.org/x") is None
    assert outlets.outlet_from_url("not a url") is None
    assert outlets.outlet_from_url("") is None


@pytest.mark.parametrize("name, canonical", [
    ("spiegel.de", "DER SPIEGEL"), ("Spiegel", "DER SPIEGEL"), ("SPIEGEL ONLINE", "DER SPIEGEL"),
    ("ZDFheute", "ZDF"), ("W&V Redaktion", "W&V"), ("Zeit Online", "Die Zeit"),
    ("  Lokalblatt  Nord ", "Lokalblatt Nord"),
])
def test_canonical_outlet(name: str, canonical: str) -> None:
    assert outlets.canonical_outlet(name) == canonical


def test_registry_has_enough_outlets_from_three_countries() -> None:
    registry = outlets.load_registry()
    assert len(registry) >= 150
    countries = set(registry.countries.values())
    assert {"DE", "AT", "CH"} <= countries
    assert sum(1 for c in registry.countries.values() if c == "AT") >= 15
    assert sum(1 for c in registry.countries.values() if c == "CH") >= 15


def test_user_file_adds_and_overrides(tmp_path: pathlib.Path) -> None:
    extra = tmp_path / "outlets.csv"
    extra.write_text("name,country,domains,aliases\n"
                     "Lokalblatt Nord,DE,lokalblatt-nord.de,LBN|Nordblatt\n"
                     "SPIEGEL+,DE,spiegel.de,\n", encoding="utf-8")
    outlets.load_registry(extra)
    assert outlets.outlet_from_url("https://www.lokalblatt-nord.de/a") == "Lokalblatt Nord"
    assert outlets.canonical_outlet("Nordblatt") == "Lokalblatt Nord"
    assert outlets.outlet_from_url("https://www.spiegel.de/a") == "SPIEGEL+"
    assert outlets.outlet_from_url("https://www.zdf.de/a") == "ZDF"


def test_malformed_user_file_is_a_metadata_error(tmp_path: pathlib.Path) -> None:
    extra = tmp_path / "outlets.csv"
    extra.write_text("name,country,domains\nOnly a name\n", encoding="utf-8")
    with pytest.raises(MetadataError):
        outlets.load_registry(extra)


# Searches resolve outlets through the store's alias table, never through this module: every
# alias and domain must resolve there exactly as the importer canonicalises it.

def _csv_rows() -> list[list[str]]:
    text = (pathlib.Path(outlets.__file__).parent / "data" / "outlets.csv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [(row + ["", ""])[:4] for row in csv.reader(lines)][1:]


def _store_with(registry: outlets.OutletRegistry, folder: pathlib.Path) -> Store:
    store = Store.open(folder / "archive.sqlite3", create=True)
    store_outlet_aliases(store, registry)
    return store


def test_search_side_resolves_every_alias_and_domain_as_the_importer_does(
        tmp_path: pathlib.Path) -> None:
    rows = _csv_rows()
    assert len(rows) >= 150
    with _store_with(outlets.load_registry(), tmp_path) as store:
        for name, _country, domains, aliases in rows:
            for alias in [name, *aliases.split("|"), *domains.split("|")]:
                if alias.strip():
                    assert canonical_in_store(store, alias) == outlets.canonical_outlet(alias)
            for domain in filter(None, domains.split("|")):
                for form in (f"www.{domain}", f"https://www.{domain}/x", f"m.{domain}",
                             f"https://blog.{domain}"):
                    assert canonical_in_store(store, form) == outlets.outlet_from_url(form)


@pytest.mark.parametrize("given, canonical", [
    ("SZ", "Süddeutsche Zeitung"), ("sz.de", "Süddeutsche Zeitung"),
    ("https://www.sueddeutsche.de/politik/x", "Süddeutsche Zeitung"),
    ("KStA", "Kölner Stadt-Anzeiger"), ("www.ksta.de", "Kölner Stadt-Anzeiger"),
    ("SPON", "DER SPIEGEL"), ("Spiegel Online", "DER SPIEGEL"), ("www.spiegel.de", "DER SPIEGEL"),
    ("blogs.taz.de", "taz"), ("Anna Kleiser", None), ("example.org", None), ("", None),
    ("...", None),
])
def test_alias_table_lookups(tmp_path: pathlib.Path, given: str, canonical: str | None) -> None:
    with _store_with(outlets.load_registry(), tmp_path) as store:
        assert canonical_in_store(store, given) == canonical


def test_alias_table_follows_the_users_file(tmp_path: pathlib.Path) -> None:
    extra = tmp_path / "outlets.csv"
    extra.write_text("name,country,domains,aliases\n"
                     "Lokalblatt Nord,DE,www.lokalblatt-nord.de,LBN|Nordblatt\n"
                     "SPIEGEL+,DE,spiegel.de,\n", encoding="utf-8")
    with _store_with(outlets.load_registry(), tmp_path) as store:
        assert canonical_in_store(store, "LBN") is None
        assert not store_outlet_aliases(store, outlets.load_registry())  # unchanged: not written
        assert store_outlet_aliases(store, outlets.load_registry(extra))
        for given in ("LBN", "Nordblatt", "lokalblatt-nord.de", "https://lokalblatt-nord.de/a"):
            assert canonical_in_store(store, given) == "Lokalblatt Nord"
        assert canonical_in_store(store, "spiegel.de") == outlets.canonical_outlet("spiegel.de") \
            == "SPIEGEL+"
        assert canonical_in_store(store, "SPON") == outlets.canonical_outlet("SPON")
        assert store_outlet_aliases(store, outlets.load_registry())  # the file is gone again
        assert canonical_in_store(store, "LBN") is None


def test_the_registry_and_searches_share_one_key_function() -> None:
    assert outlets.alias_key is outlet_names.alias_key
    assert outlet_names.alias_key("Kölner Stadt-Anzeiger") == "kölnerstadtanzeiger"
    assert outlet_names.host_keys("https://www.blogs.taz.de/x/y") == [
        "blogstazdex", "blogstazde", "tazde"]
    assert outlet_names.host_keys("Spiegel Online") == []
    assert outlet_names.host_keys("http://[::1") == []
