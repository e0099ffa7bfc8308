"""The outlet registry: domains, aliases, the user's own file merged over the built-in one."""

from __future__ import annotations

import pathlib

import pytest

from archive.errors import MetadataError
from archive.metadata import outlets


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
