"""No junk in metadata: outlets that are unresolved JSON-LD references or section names, "authors"
that are page words, desks or organisations, and the outlet a page's domain gives when nothing
else names one. Fixtures (tests/data/metadata) are small excerpts shaped like real pages."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from archive.metadata import extract, outlets
from archive.metadata.authors import credit_initials, is_person_name, parse_byline, parse_names
from archive.metadata.htmlauthors import ld_authors
from archive.metadata.jsonld import ld_text, primary_json_ld
from archive.model import Extracted
from archive.sources import read_source

DATA = pathlib.Path(__file__).resolve().parent / "data" / "metadata"
TODAY = dt.date(2025, 1, 1)


@pytest.fixture(autouse=True)
def builtin_registry() -> None:
    outlets.load_registry()
    yield
    outlets.load_registry()


def extract_file(name: str) -> Extracted:
    path = DATA / name
    return extract(read_source(path, path.read_bytes()), today=TODAY)


# --- outlets from JSON-LD ------------------------------------------------------------------------

def test_publisher_reference_is_resolved_in_the_graph() -> None:
    page = extract_file("publisher_graph_reference.html")
    # {"@id": "#organization"} names the graph's Organization "https://…/#organization"
    assert page.outlet == "Kiezblatt Nord" and page.origins["outlet"] == "json-ld"
    assert page.authors == ("Lena Beispiel",)


def test_unresolvable_publisher_reference_gives_no_outlet_and_the_next_source_counts() -> None:
    page = extract_file("publisher_unresolved.html")
    assert page.outlet == "Stadtteilzeitung Musterhausen" and page.origins["outlet"] == "site-name"


@pytest.mark.parametrize("reference", ["#organization", "/#organization", "#publisher",
                                       "https://www.beispiel.de/#organization"])
def test_a_bare_reference_is_no_name(reference: str) -> None:
    assert ld_text({"@id": reference}) == ""
    assert ld_text({"@type": "Organization", "@id": reference}) == ""


def test_primary_json_ld_resolves_publisher_references_by_id_or_fragment() -> None:
    items = [{"@type": "Organization", "@id": "https://x.de/#organization", "name": "X-Blatt"},
             {"@type": "Organization", "@id": "#publisher", "name": "ak analyse und kritik"},
             {"@type": "NewsArticle", "headline": "H", "publisher": {"@id": "/#organization"}}]
    assert ld_text(primary_json_ld(items)["publisher"]) == "X-Blatt"
    items[2]["publisher"] = {"@id": "#publisher"}
    assert ld_text(primary_json_ld(items)["publisher"]) == "ak analyse und kritik"
    items[2]["publisher"] = {"@id": "#nirgends"}
    assert ld_text(primary_json_ld(items)["publisher"]) == ""


def test_a_person_or_a_firm_as_publisher_gives_no_outlet() -> None:
    # SEO plugins name a blog's owner as its publisher: the owner is the author, not the outlet
    items = [{"@type": ["Person", "Organization"], "@id": "https://x.de/#/schema/person/1", "name": "Andreas Kalt"},
             {"@type": "BlogPosting", "publisher": {"@id": "https://x.de/#/schema/person/1"}}]
    assert ld_text(primary_json_ld(items)["publisher"]) == ""
    # the firm behind a site is not the name readers know it by; an association publishes under its own
    for name, kept in [("Eberle Consulting GmbH & Co. KG", False), ("AMI S.L. Mallorca", False),
                       ("Management Circle AG", False), ("Deutscher Feuerwehrverband e. V. (DFV)", True),
                       ("AG Friedensforschung", True), ("Weser-Kurier Mediengruppe GmbH", False), ("Kiezblatt Nord", True)]:
        items = [{"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": name}}]
        assert (ld_text(primary_json_ld(items)["publisher"]) == name) is kept, name


def test_author_reference_by_fragment_is_resolved() -> None:
    nodes = {"https://x.de/#/schema/person/1": {"@type": "Person", "name": "Helga Muster"}}
    assert ld_authors({"@id": "#/schema/person/1"}, nodes).authors == ("Helga Muster",)


# --- outlets from the title and the domain -------------------------------------------------------

def test_a_section_name_in_the_title_is_no_outlet() -> None:
    page = extract_file("title_section_news.html")
    assert page.outlet != "News"
    assert outlets.known_outlet("News") is None and outlets.known_outlet("news.at") == "News"
    assert outlets.outlet_from_url("https://www.news.at/a/x") == "News"  # the magazine, by its domain


def test_a_page_on_an_unknown_domain_is_named_by_its_host() -> None:
    page = extract_file("title_section_news.html")
    assert page.outlet == "forschung-am-see.ch" and page.origins["outlet"] == "domain"


@pytest.mark.parametrize("url, found, outlet", [
    ("https://www.spiegel.de/politik/a.html", None, "DER SPIEGEL"),           # the registry by domain
    ("https://m.faz.net/aktuell/x", None, "Frankfurter Allgemeine Zeitung"),
    ("https://www.hallo-ahlen.de/lokales/x", None, "hallo-ahlen.de"),         # unknown: the host
    ("http://blog.beispiel-verein.org/2021/x", None, "blog.beispiel-verein.org"),
    ("https://www.hallo-ahlen.de/x", "Hallo Ahlen", "Hallo Ahlen"),           # a found name stays
    ("https://www.hallo-ahlen.de/x", "#organization", "hallo-ahlen.de"),      # junk does not
    ("https://www.news.at/x", "/#organization", "News"),
    (None, None, None), ("", "#publisher", None),
    ("http://192.168.0.1/artikel", None, None), ("http://localhost/x", None, None),
    ("file:///home/x/a.html", None, None), ("keine Adresse", None, None),
])
def test_outlet_for_page(url: str | None, found: str | None, outlet: str | None) -> None:
    assert outlets.outlet_for_page(url, found) == outlet


@pytest.mark.parametrize("name", ["#organization", "/#organization", "#publisher", "News", "", " - ", "@spiegel"])
def test_junk_outlet_names(name: str) -> None:
    assert not outlets.is_outlet_name(name)


@pytest.mark.parametrize("name", ["Kiezblatt Nord", "taz", "ak analyse und kritik", "SWIM.DE", "B.Z.", "nd"])
def test_outlet_names(name: str) -> None:
    assert outlets.is_outlet_name(name)


# --- authors -------------------------------------------------------------------------------------

@pytest.mark.parametrize("byline", ["publisher", "red", "red.", "Aktuelles Bildrechte", "Deutsches Rotes Kreuz", "rt",
                                    "RT", "zvg", "Publisher", "Rubikons Weltredaktion", "Evangelische Kirche",
                                    "PAID CONTENT", "Namensnennung", "Abteilung Wasserrettung", "Feuerwehr Oldenburg",
                                    "Glory Global Solutions Germany", "Sekretariat Partei Mensch Umwelt Tierschutz"])
def test_bylines_that_name_no_person(byline: str) -> None:
    assert parse_names(byline, allow_single=True).authors == ()
    assert not is_person_name(byline, allow_single=True)


@pytest.mark.parametrize("line", ["Autor: red", "Von red.", "Autor: publisher", "Von Deutsches Rotes Kreuz"])
def test_labelled_bylines_that_name_no_person(line: str) -> None:
    byline = parse_byline(line)
    assert byline is None or byline.authors == ()


@pytest.mark.parametrize("name", ["Anna Kleiser", "Benni", "uriebe", "mbö", "Lothar Kreuz", "Hans Deutscher",
                                  "Jens Weber"])
def test_persons_stay_persons(name: str) -> None:
    assert parse_names(name, allow_single=True).authors == (name,)


def test_meta_author_publisher_gives_way_to_the_byline() -> None:
    page = extract_file("meta_author_publisher.html")
    assert page.authors == ("Jana Muster",)


def test_desk_credit_and_organisation_are_no_authors() -> None:
    page = extract_file("byline_red_organisation.html")
    assert page.authors == ()


def test_credit_initials_of_the_outlet_itself_name_the_outlet_not_a_person() -> None:
    assert credit_initials(("mbö",)).authors == ("mbö",)
    assert credit_initials(("rt",)).authors == () and credit_initials(("rt",)).outlet == "RT DE"
    assert credit_initials(("tsp",)).outlet == "Der Tagesspiegel"
    assert credit_initials(("red",)) == credit_initials(())


def test_plain_copy_with_an_outlet_desk_credit() -> None:
    copy = extract_file("credit_outlet_initials.txt")
    assert copy.authors == () and copy.agencies == ("dpa",)
    assert copy.outlet == "RT DE"


def test_a_personal_site_named_only_by_its_host_keeps_its_author() -> None:
    # with the outlet taken from the host (lenabeispiel.de), the author the host repeats stays
    page = extract_file("personal_site.html")
    assert page.authors == ("Lena Beispiel",)
    assert page.outlet in (None, "lenabeispiel.de")
