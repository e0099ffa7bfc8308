"""The cascade for HTML pages: each field from the most trusted source that has it.

Order of trust (first found wins): JSON-LD, then meta tags (OpenGraph, article:*, Dublin Core,
plain name=…), then microdata, then <time> elements and byline elements, then the visible text
around the headline, then the URL. The outlet comes first from the domain through the registry,
since a site names itself inconsistently but its domain is stable.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any, Iterable, Iterator, Mapping
from urllib.parse import urlsplit

from archive.metadata.body import assemble_body
from archive.metadata.dates import find_date, find_dates, is_date_line, labelled_dates, parse_machine_date
from archive.metadata.findings import TextFindings
from archive.metadata.htmlauthors import header_byline, is_site_name, site_keys, structured_authors, text_authors
from archive.metadata.htmltitle import TITLE_SEPARATORS, page_title
from archive.metadata.jsonld import ld_text, primary_json_ld
from archive.metadata.pageurl import page_url
from archive.metadata.visibledates import date_from_elements, date_from_lines
from archive.metadata.outlets import (canonical_outlet, known_outlet, outlet_for_page,
                                      outlet_from_url)
from archive.model import Published
from archive.sources.document import HtmlHints, SourceDocument

_META_TITLE = ("og:title", "twitter:title", "dc.title", "dcterms.title", "title", "headline")
_META_PUBLISHED = ("article:published_time", "og:article:published_time", "article:published",
                   "og:published_time", "published_time", "datepublished", "dc.date.issued", "dcterms.issued",
                   "dcterms.created", "dc.date.created", "publication_date", "sailthru.date", "parsely-pub-date",
                   "citation_publication_date", "article.published", "originalpublicationdate", "datecreated")
# Generic date tags: often the day the page was generated or crawled, so the visible date wins.
_META_WEAK_DATE = ("date", "dc.date", "dcterms.date", "pubdate", "publishdate", "publish-date", "publish_date",
                   "citation_date", "date.created", "creation_date", "created", "dc.created")
_META_MODIFIED = ("article:modified_time", "og:updated_time", "article:modified", "datemodified", "dcterms.modified",
                  "dc.date.modified", "last-modified", "revised", "lastmod", "date.modified", "og:modified_time")
_META_SITE = ("og:site_name", "application-name", "publisher", "dc.publisher", "dcterms.publisher",
              "apple-mobile-web-app-title", "twitter:app:name:iphone")
_URL_DATE = re.compile(r"[/_-]((?:19|20)\d\d)[/-]([01]\d)(?:[/-]([0-3]\d))?(?:/|-|\.|$)")
_URL_DAY_FIRST = re.compile(r"[/_-]([0-3]\d)[.-]([01]\d)[.-]((?:19|20)\d\d)(?:[/._-]|$)")


def extract_html(document: SourceDocument, today: dt.date) -> TextFindings:
    """Run the HTML cascade over the hints the reader collected."""
    hints = document.html or HtmlHints()
    found = TextFindings()
    article = primary_json_ld(hints.json_ld)
    nodes = {str(item["@id"]): item for item in hints.json_ld if isinstance(item.get("@id"), str)}
    _url(hints, article, found)
    _outlet(hints, article, found)
    meta_title = _first_meta(hints, _META_TITLE)
    found_title = page_title(hints, ld_text(article.get("headline") or ""), meta_title[1] if meta_title else "",
                             found.outlet)
    if found_title:
        found.set("title", *found_title)
    _dates(hints, article, found, today)
    _visible_day_decides(hints, article, found, today)
    structured_authors(hints, article, nodes, found)
    month_only = _header_text(hints, found, today)
    _weak_dates(hints, found, today, month_only)
    before_body = list(found.authors)
    _body(hints, found, today)
    if before_body:
        # The body reads a byline paragraph with its <br>s as spaces ("Von X und Y Kakuma /Kenia"):
        # a name there that only extends a full name the header line already gave is that name and
        # a place (a first name alone, "Nils", is completed by "Nils Pickert", as before)
        found.authors[:] = [a for a in found.authors if a in before_body
                            or not any(a.startswith(known + " ") for known in before_body if " " in known)]
        found.authors.extend(a for a in before_body if a not in found.authors)
    if len(found.body) < 500:
        _json_ld_body(article, found, today)
    if not found.published and found.url:
        found.set("published", _date_from_url(found.url, today), "url")
    _drop_repeated_first_names(found)
    # the site's own name, from a signature or a byline in the body, is not an author either
    keys = site_keys(found, hints)
    found.authors[:] = [a for a in found.authors if not is_site_name(a, *keys)]
    if not found.authors:
        found.origins.pop("authors", None)
    if not found.published and found.modified:
        # The only date the page gives is its last change: the best estimate of publication.
        found.set("published", found.modified, found.origins.get("modified", "meta"))
    return found


# --- fields ------------------------------------------------------------------------------------

def _first_meta(hints: HtmlHints, keys: Iterable[str]) -> tuple[str, str] | None:
    for key in keys:
        for value in hints.meta.get(key, ()):
            if value:
                return key, value
    return None


def _url(hints: HtmlHints, article: Mapping[str, Any], found: TextFindings) -> None:
    result = page_url(hints, article, hints.json_ld)
    if result:
        found.set("url", *result)


def _outlet(hints: HtmlHints, article: Mapping[str, Any], found: TextFindings) -> None:
    if found.url:
        found.set("outlet", outlet_from_url(found.url), "domain")
    publisher = article.get("publisher")
    name = ld_text(publisher)
    if name and not name.startswith("http"):
        found.set("outlet", canonical_outlet(name), "json-ld")
    site = _first_meta(hints, _META_SITE)
    if site and not site[1].startswith(("http", "@")) and len(site[1]) < 80:
        found.set("outlet", canonical_outlet(site[1]), "site-name")
    if not found.outlet and hints.title_tag:
        parts = TITLE_SEPARATORS.split(hints.title_tag)
        if len(parts) > 1:
            found.set("outlet", known_outlet(parts[-1]) or known_outlet(parts[0]), "title-tag")
    # Last: the registry's outlet for the page's domain, else the bare host ("hallo-ahlen.de").
    found.set("outlet", outlet_for_page(found.url, found.outlet), "domain")


def _dates(hints: HtmlHints, article: Mapping[str, Any], found: TextFindings, today: dt.date) -> None:
    for field in ("published", "modified"):
        for value, origin in _markup_dates(hints, article, field, today):
            found.set(field, value, origin)


def _markup_dates(hints: HtmlHints, article: Mapping[str, Any], field: str,
                  today: dt.date) -> Iterator[tuple[Published | None, str]]:
    """(date, origin) for every value the markup gives `field` ("published" or "modified"),
    most trusted first: meta tags, JSON-LD, microdata, <time> elements marked for the field."""
    def machine(value: str) -> Published | None:
        return parse_machine_date(value, today) if value else None

    published = field == "published"
    meta_keys = _META_PUBLISHED if published else _META_MODIFIED
    if published:
        # OpenGraph's article:published_time first: where it and JSON-LD name different days,
        # the sample's records side with the meta tag (2 pages of 2; JSON-LD there held an
        # earlier draft's stamp). Elsewhere they agree, so this decides conflicts only.
        yield from ((machine(value), "meta") for key in meta_keys[:5] for value in hints.meta.get(key, ()))
    ld_value = article.get("datePublished") or article.get("dateCreated") if published else article.get("dateModified")
    yield machine(ld_text(ld_value or "")), "json-ld"
    yield from ((machine(value), "meta") for key in meta_keys for value in hints.meta.get(key, ()))
    props = ("datepublished", "datecreated") if published else ("datemodified",)
    yield from ((machine(value), "microdata") for prop in props for value in hints.microdata.get(prop, ()))
    for element in hints.times:
        if element.role == field:
            yield machine(element.value) or (find_date(element.text, today) if element.text else None), "time-element"


def _published_days(hints: HtmlHints, article: Mapping[str, Any], today: dt.date) -> set[dt.date]:
    """Every day the markup names as the publication day: its publication dates, and <time>
    elements not marked as a modification."""
    dates = [value for value, _ in _markup_dates(hints, article, "published", today)]
    dates += [parse_machine_date(element.value, today) for element in hints.times
              if element.role == "" and element.value]
    return {day.date for day in dates if day and day.precision == "day"}


def _visible_day_decides(hints: HtmlHints, article: Mapping[str, Any], found: TextFindings,
                         today: dt.date) -> None:
    """Where the markup names several publication days (a draft's stamp in JSON-LD, another in
    the meta tags), the one the page prints by its headline is the publication day."""
    if not found.published:
        return
    days = _published_days(hints, article, today)
    if len(days) < 2:
        return
    visible = TextFindings(title=found.title)
    _header_text(hints, visible, today)
    # an update's date ("Aktualisiert am …") is no arbiter of the publication day
    if visible.published and visible.published.precision == "day" and visible.published.date in days \
            and visible.published != visible.modified:
        found.published = visible.published
        found.origins["published"] = "text"


def _weak_dates(hints: HtmlHints, found: TextFindings, today: dt.date, month_only: Published | None) -> None:
    """After the visible header text: <time> elements without a role, elements named for a date,
    labelled date lines anywhere on the page, generic date tags, a line holding only a day, then a
    month-only header date."""
    for element in hints.times:
        if element.role == "":
            value = parse_machine_date(element.value, today) if element.value else None
            found.set("published", value or (find_date(element.text, today) if element.text else None),
                      "time-element")
    found.set("published", date_from_elements(hints.date_elements, today), "text")
    published, modified = date_from_lines(hints.dated_lines, today)
    found.set("published", published, "text")
    found.set("modified", modified, "text")
    for key in _META_WEAK_DATE:
        for value in hints.meta.get(key, ()):
            found.set("published", parse_machine_date(value, today), "meta")
    # a short line that holds nothing but a day ("01.11.2023 11:35"), as a press release prints
    # it over a headline the markup does not mark
    for line in hints.dated_lines[:20]:
        # ("Letzte Änderung 14.02.2019" is as short, but names the last change, not the publication)
        if not found.published and len(line) <= 40 and is_date_line(line, today) \
                and not _MODIFIED_ONLY.match(line):
            day = find_date(line, today)
            found.set("published", day if day and day.precision == "day" else None, "text")
    found.set("published", month_only, "text")


_MODIFIED_ONLY = re.compile(r"^\W*(?:zuletzt\s+)?(?:aktualisiert|geändert|bearbeitet|updated|stand|letzte\s+"
                            r"(?:änderung|aktualisierung))\b", re.IGNORECASE)
# Header lines whose date is not the article's: a member's registration, a birthday, the day a
# travel advice has been valid since ("(Unverändert gültig seit: 05.11.2021)" under "Stand - 12.11.2021").
_NOT_PUBLICATION = re.compile(r"^\W*(?:registriert|mitglied seit|dabei seit|joined|member since|geburtstag"
                              r"|geboren|(?:unverändert\s+)?gültig\s+(?:seit|ab|bis))\b", re.IGNORECASE)


def _header_text(hints: HtmlHints, found: TextFindings, today: dt.date) -> Published | None:
    """Dates and bylines in the visible text around the headline. Returns a month-only date seen
    there without a byline ("Mai 2014"), which counts only when nothing names a day: such lines
    are mostly archive menus and section headings."""
    stand: Any = None
    month_only: Published | None = None
    lines = [line[len(found.title):].strip() if found.title and line.startswith(found.title + " ") else line
             for line in [*_header_in_reading_order(hints.header_lines[:30], found.title),
                          *hints.meta_lines[:20]]]  # a date inside the h1
    text_authors(lines, found, hints)
    for line in lines:
        byline = header_byline(line)
        # a date in the headline describes its subject ("Meisterschaften, 19.5.2007")
        if found.published or line == found.title or _NOT_PUBLICATION.search(line):
            continue
        published, modified, labelled = labelled_dates(line, today)
        if labelled and (published or modified):
            found.set("published", published, "text")
            found.set("modified", modified, "text")
            stand = stand or modified
        elif len(line) < 100:
            dates = find_dates(line, today)
            # a short line that starts with a date ("25. Januar 2022 (DJV) Berlin", "dpa am 25.01.2022")
            # or a byline with its date ("Von Max Muster | 15.02.2022, 09:30 Uhr")
            if dates and (dates[0][0] <= 3 or len(line) < 60 or byline):
                if dates[0][1].precision == "day" or byline:
                    found.set("published", dates[0][1], "text")
                else:
                    month_only = month_only or dates[0][1]
    # "Stand: …" is all some pages say: the version's date is the best publication date we have.
    if not found.published and stand:
        found.set("published", stand, "text")
    return month_only


# A heading that opens the comments: the lines below it are readers' posts with their own dates.
_COMMENTS_HEADING = re.compile(r"^(?:(?:leser)?kommentare|kommentar(?:e)? schreiben|neuen kommentar schreiben"
                               r"|schreibe(?:n sie)? einen kommentar|diskutieren sie (?:über )?diesen artikel"
                               r"|comments|leave a (?:reply|comment))\s*:?$", re.IGNORECASE)


def _header_in_reading_order(lines: tuple[str, ...] | list[str], title: str) -> list[str]:
    """The header lines nearest the headline first: the lines above it from the headline upwards
    (a blog's "08/08/2017 durch Stephan Markus" right over its headline, not a slider's teaser
    dates further up), then the headline and the lines below it, up to a comments heading.

    >>> _header_in_reading_order(["14/02/2019", "08/08/2017 durch X", "Fall in Love", "Text", "Kommentare",
    ...                           "02.12.2022"], "Fall in Love")
    ['08/08/2017 durch X', '14/02/2019', 'Fall in Love', 'Text']
    """
    key = title.casefold().strip()
    at = next((index for index, line in enumerate(lines[:8]) if key and len(key) >= 8
               and (line.casefold().strip() == key or (len(line) >= 8 and line.casefold() in key)
                    or line.casefold().startswith(key))), 0)
    below = list(lines[at:])
    end = next((index for index, line in enumerate(below) if index and _COMMENTS_HEADING.match(line.strip())),
               len(below))
    return [*reversed(lines[:at]), *below[:end]]


def _body(hints: HtmlHints, found: TextFindings, today: dt.date) -> None:
    texts: list[str] = []
    for block in hints.blocks:
        if block.kind == "teaser" and not found.teaser and not texts:
            found.set("teaser", block.text, "markup")
            continue
        texts.append(block.text)
    assemble_body(texts, found, today)
    if found.body:
        found.origins["body"] = "markup"


def _json_ld_body(article: Mapping[str, Any], found: TextFindings, today: dt.date) -> None:
    """Pages rendered by scripts carry their text only in JSON-LD `articleBody`, guides (HowTo,
    Recipe) in their description and steps."""
    text = article.get("articleBody")
    if not isinstance(text, str):
        text = "\n".join(_ld_paragraphs(article.get("description"))
                         + _ld_paragraphs(article.get("step") or article.get("recipeInstructions")))
    if not isinstance(text, str) or len(text) <= len(found.body):
        return
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\r\n|\n", text) if p.strip()]
    before = found.body
    found.body = ""
    assemble_body(paragraphs, found, today)
    if len(found.body) > len(before) + 200:
        found.origins["body"] = "json-ld"
    else:
        found.body = before


_LD_PARAGRAPH_END = re.compile(r"</p>|<br\s*/?>|</li>|</h\d>", re.IGNORECASE)


def _ld_paragraphs(value: Any) -> list[str]:
    """Paragraph texts of a JSON-LD text value, a HowToStep list or its nested directions; markup
    inside the strings (some sites put HTML there) is removed.

    >>> _ld_paragraphs([{"@type": "HowToStep", "itemListElement": {"text": "<p>Erst messen.</p><p>Dann n&auml;hen.</p>"}}])
    ['Erst messen.', 'Dann nähen.']
    """
    if isinstance(value, str):
        parts = _LD_PARAGRAPH_END.split(value)
        return [t for t in (re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", p))).strip() for p in parts) if t]
    if isinstance(value, list):
        return [text for item in value for text in _ld_paragraphs(item)]
    if isinstance(value, dict):
        return _ld_paragraphs(value.get("text")) + _ld_paragraphs(value.get("itemListElement"))
    return []


def _drop_repeated_first_names(found: TextFindings) -> None:
    """A first name that a fuller name in the same list repeats ("Nils" next to "Nils Pickert")
    is the same person."""
    kept = []
    for author in found.authors:
        tokens = set(author.casefold().split())
        if any(other != author and tokens < set(other.casefold().split()) for other in found.authors):
            continue
        kept.append(author)
    found.authors[:] = kept


def _date_from_url(url: str, today: dt.date) -> Any:
    """A date the address holds: /2021/02/16/, /2021-02-16-titel, /meldungen/29-10-2021."""
    path = urlsplit(url).path
    match = _URL_DATE.search(path)
    if not match:
        match = _URL_DAY_FIRST.search(path)
        if not match:
            return None
        day, month, year = match.groups()
        return parse_machine_date(f"{year}-{month}-{day}", today)
    year, month, day = match.groups()
    return parse_machine_date(f"{year}-{month}" + (f"-{day}" if day else ""), today)
