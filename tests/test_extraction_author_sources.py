"""Author sources beyond the headline byline, each with and without its source: the page must
name the person through that source alone, and without it no author is invented."""

from __future__ import annotations

import datetime as dt
import pathlib

from archive.metadata import extract
from archive.model import Extracted
from archive.sources import read_source

DATA = pathlib.Path(__file__).resolve().parent / "data" / "extraction"
TODAY = dt.date(2025, 1, 1)


def extract_page(name: str, replace: tuple[str, str] | None = None) -> Extracted:
    path = DATA / name
    data = path.read_bytes()
    if replace:
        assert replace[0].encode() in data
        data = data.replace(replace[0].encode(), replace[1].encode())
    return extract(read_source(path, data), today=TODAY)


def test_rel_author_in_the_post_footer_inside_a_sidebar_layout() -> None:
    page = extract_page("author_box_after_body.html")
    # the <meta name=author> names the blog itself: skipped, the next source is tried
    assert page.authors == ("Mara Feldkamp",) and page.origins["authors"] == "byline"
    without = extract_page("author_box_after_body.html",
                           ('Posted by <span class="vcard"><a class="url fn" rel="author" href="/autor/mara">Mara Feldkamp</a></span> at 18:52',
                            "Teilen"))
    assert without.authors == ()  # not the site's name, not "Webmaster Team" in the site footer


def test_name_opening_the_bio_under_ueber_den_autor() -> None:
    page = extract_page("author_box_bio.html")
    assert page.authors == ("Jonas Wendrich",)
    assert "Lokalredakteur" not in page.body
    without = extract_page("author_box_bio.html", ("<h3>Über den Autor</h3>", "<h3>Mehr</h3>"))
    assert without.authors == ()


def test_created_by_line_with_its_date_and_no_organisation_from_meta() -> None:
    page = extract_page("byline_created_with_date.html")
    assert page.authors == ("Ruth Almsberger",)  # "am Dienstag 6. Mai 2014" is not part of the name
    without = extract_page("byline_created_with_date.html", ("Erstellt von Ruth Almsberger am", "Erstellt am"))
    assert without.authors == ()  # the agency in <meta name=author> and the @handle are no persons


def test_json_ld_author_typed_person_and_organization_is_a_person() -> None:
    page = extract_page("ld_person_organization.html")
    assert page.authors == ("Helga Kellner",) and page.origins["authors"] == "json-ld"
    without = extract_page("ld_person_organization.html", ('"Person",', ""))
    assert without.authors == ()  # an Organization alone is no author


def test_meta_author_names_other_than_author() -> None:
    head = '<meta name="author" content="Grünzeug Blog">'
    for key in ("shareaholic:article_author_name", "dc.creator", "parsely-author", "twitter:creator"):
        page = extract_page("author_box_after_body.html",
                            (head, f'<meta name="{key}" content="Tilda Marquardt">'))
        assert page.authors == ("Tilda Marquardt",) and page.origins["authors"] == "meta", key
    handle = extract_page("author_box_after_body.html", (head, '<meta name="twitter:creator" content="@gruenzeug">'))
    assert handle.authors == ("Mara Feldkamp",)


def test_json_ld_creator_when_there_is_no_author() -> None:
    page = extract_page("ld_person_organization.html",
                        ('"author":{"@id":"https://kellnerblog.example/#/person/1"}', '"creator":"Paul Renner"'))
    assert page.authors == ("Paul Renner",) and page.origins["authors"] == "json-ld"


def test_date_and_name_in_one_header_line() -> None:
    page = extract_page("byline_created_with_date.html",
                        ("Erstellt von Ruth Almsberger am Dienstag 6. Mai 2014", "04.02.2022 | 13:10 Uhr | Uta Helkenberg"))
    assert page.authors == ("Uta Helkenberg",)
    without = extract_page("byline_created_with_date.html",
                           ("Erstellt von Ruth Almsberger am Dienstag 6. Mai 2014", "04.02.2022 | 13:10 Uhr | Politik"))
    assert without.authors == ()


def test_label_without_colon_takes_only_a_clean_list_of_persons() -> None:
    page = extract_page("byline_created_with_date.html",
                        ("Erstellt von Ruth Almsberger am Dienstag 6. Mai 2014", "Autoren Jelko Djuren und Jutta Klaukien"))
    assert page.authors == ("Jelko Djuren", "Jutta Klaukien")
    sentence = extract_page("byline_created_with_date.html",
                            ("Erstellt von Ruth Almsberger am Dienstag 6. Mai 2014", "Autoren Jelko Djuren hat nichts gesagt"))
    assert sentence.authors == ()
