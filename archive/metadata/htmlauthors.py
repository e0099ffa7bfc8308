"""Authors of an HTML page: persons only, from the most trusted source that names one.

Order of trust: JSON-LD `author`/`creator` (Person objects, lists, @graph references), meta tags
that name a person, microdata, byline elements (header, author boxes after the body, `<address>`),
then explicit bylines in the header text and in the page's dated lines. A source that names only
the site itself ("Makronom" on makronom.de) or a desk does not count, so the next one is tried.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from archive.metadata.agencies import canonical_agency
from archive.metadata.authors import Byline, find_labelled_byline, parse_byline, parse_name_line, parse_names
from archive.metadata.findings import TextFindings
from archive.metadata.jsonld import ld_text, ld_types, resolve_reference
from archive.metadata.outlets import alias_key, host_of, known_outlet, site_host
from archive.sources.document import HtmlHints

# Meta tags that name the article's author. `twitter:data1` is where Yoast prints "Written by";
# `twitter:creator` is usually a handle ("@spiegelonline"): handles are skipped, names kept.
META_AUTHOR = ("author", "article:author", "og:article:author", "article:author_name", "dc.creator",
               "dcterms.creator", "parsely-author", "sailthru.author", "byl", "cxenseparse:author",
               "citation_author", "dc.contributor", "shareaholic:article_author_name", "twitter:data1",
               "twitter:creator")
_ORGANISATION_TYPES = frozenset({"organization", "newsmediaorganization", "corporation"})
_URL_IN_VALUE = re.compile(r"\s*[-–|,]?\s*(?:https?://|www\.)\S+")
_ACRONYM = re.compile(r"^(?:[A-ZÄÖÜ]{2,}|\d+\.?)$")
_HEADER_PARTS = re.compile(r"\s+[|·•]\s+")
_DATE_OR_TIME = re.compile(r"^\s*(?:\d{1,2}\.\s?\d{1,2}\.(?:\d{2,4})?|\d{4}-\d\d-\d\d|\d{1,2}\.\s+[A-ZÄÖÜ][a-zä]+\.?\s+\d{4}"
                           r"|\d{1,2}:\d\d)(?:,?\s*\d{1,2}:\d\d)?(?:\s*Uhr)?\s*$")


# A weekday's abbreviation between a name and its date ("Von Tomas Spahn Fr, 18. Oktober 2019"):
# read as a third name word unless it is cut.
_WEEKDAY_BEFORE_DATE = re.compile(r"\s+(?:Mo|Di|Mi|Do|Fr|Sa|So)\.?,?(?=\s+\d{1,2}\.)")


def _without_weekday(line: str) -> str:
    """The byline with a weekday abbreviation before its date turned into a comma.

    >>> _without_weekday("Von Tomas Spahn Fr, 18. Oktober 2019")
    'Von Tomas Spahn, 18. Oktober 2019'
    """
    return _WEEKDAY_BEFORE_DATE.sub(",", line)


# An author box repeating its person in the link to all their articles ("Martin Junker Alles von
# Martin Junker"): the repetition makes it a name, not a heading such as "Über den Autor".
_NAME_AND_ALL_BY = re.compile(r"^(?P<name>\S.{3,60}?)\s+Alle(?:s|\s+Artikel|\s+Beiträge|\s+Texte)\s+von\s+(?P=name)\b",
                              re.IGNORECASE)
# A line that is only a date ("19. Oktober 2019", "18.10.2019, 15:07 Uhr"): a name line right
# under it is the header's author, as templates print date and author one under the other.
_DATE_ONLY = re.compile(r"^(?:[A-ZÄÖÜ][a-z]+,?\s+)?(?:\d{1,2}\.\s?(?:\d{1,2}\.\s?|[A-ZÄÖÜ][a-zä]+\.?\s+)\d{2,4}"
                        r"|\d{4}-\d\d-\d\d)(?:,?\s*\d{1,2}:\d\d(?:\s*Uhr)?)?$")


# A user name before the date of a post ("MikeNils 18.10.2019, 15:07 Uhr", "macbacchi 28.09.19
# 12:44"), as blogs and forums print it: only handle-shaped words (lower-case, or capitals inside
# a word), since a capitalised word before a date is as often a place ("Hemer 18.10.2019").
_HANDLE_DATED = re.compile(r"^(?P<name>[a-z][\w.-]{2,29}|[A-ZÄÖÜ][a-zäöüß]+(?:[A-ZÄÖÜ][a-zäöüß]+)+\d*)\s+"
                           r"\d{1,2}\.\s?(?:\d{1,2}\.\s?|[A-ZÄÖÜ][a-zä]+\.?\s+)(?:\d{4}|\d{2})"
                           r"(?:,?\s*\d{1,2}:\d\d(?:\s*Uhr)?)?$")
# What follows an author's name in byline templates: a link to all their articles, or a bare "am"
# before the date (a heading over "am 12.05.2022" is an event's, not an author's).
_LABEL_ONLY = re.compile(r"^(?:von|by|autor(?:in)?|verfasst\s+von|text)\s*:?$", re.IGNORECASE)
_AFTER_AUTHOR = re.compile(r"^(?:alle\s+(?:artikel|beiträge|texte)(?:\s+von\b.*)?|am)$", re.IGNORECASE)
_NOT_HANDLES = frozenset({"am", "vom", "seit", "bis", "ab", "stand", "datum", "aktualisiert", "erstellt", "zuletzt",
                          "veröffentlicht", "publiziert", "geändert", "heute", "gestern", "update", "updated",
                          "posted", "published", "created", "modified", "edited", "von", "zum", "termin",
                          "erschienen", "gepostet", "geschrieben", "verfasst", "online", "gesendet", "datum:",
                          "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"})


def site_keys(found: TextFindings, hints: HtmlHints) -> tuple[set[str], str]:
    """The comparison keys of the site's own names (outlet, og:site_name), and of its host's
    main label ("makronom" for makronom.de) apart: a personal site is often named for its author.

    >>> site_keys(TextFindings(outlet="DER SPIEGEL", url="https://www.spiegel.de/a"), HtmlHints())
    ({'derspiegel'}, 'spiegel')
    >>> site_keys(TextFindings(outlet="wolfgangmichal.de", url="https://wolfgangmichal.de/a"), HtmlHints())
    (set(), 'wolfgangmichal')
    """
    host = host_of(found.url or "") or ""
    # an outlet that is only the page's host (no name found) is judged as the host, below
    outlet = found.outlet if found.outlet and found.outlet != site_host(found.url) else ""
    names = {alias_key(name) for name in (outlet, *hints.meta.get("og:site_name", ())) if name}
    return names - {""}, alias_key(host.rsplit(".", 1)[0].rsplit(".", 1)[-1]) if host else ""


def is_site_name(author: str, names: set[str], host_key: str) -> bool:
    """True when an "author" is the site's own name ("Makronom", "EAT SMARTER"). A full personal
    name that only the host repeats ("Wolfgang Michal" on wolfgangmichal.de, "Heiko" on
    heiko-adams.de) is the site's author, not its brand, and is kept.

    >>> is_site_name("Makronom", {"makronom"}, "makronom"), is_site_name("Wolfgang Michal", set(), "wolfgangmichal")
    (True, False)
    >>> is_site_name("EFC Bayrische Bembel", set(), "bayrischebembel"), is_site_name("Wunderweib1", set(), "wunderweib")
    (True, True)
    """
    key = alias_key(author)
    if not key:
        return True
    if key in names or any(key in site for site in names if len(key) > 4):
        return True
    words = author.split()
    # "EFC Bayrische Bembel" on bayrische-bembel.de: two or more of its words spell the host and an
    # acronym or a number stands beside them, as in a club's or firm's name ("Anna Lena Schmidt"
    # on lenaschmidt.de is a person; the whole name spelling the host is judged below)
    if host_key and any(alias_key(" ".join(words[start:end])) == host_key
                        and any(_ACRONYM.match(word) for word in words[:start] + words[end:])
                        for start in range(len(words)) for end in range(start + 2, len(words) + 1)):
        return True
    if host_key and len(words) == 1 and len(key) > 4 and key.rstrip("0123456789") == host_key != key:
        return True  # "Wunderweib1" on wunderweib.de: the site's account, numbered
    if host_key and (key == host_key or (len(key) > 4 and key in host_key)):
        # the host alone: a lower-case or capitals-only brand is the site; a written name a person
        return not (any(c.islower() for c in author) and author[:1].isupper())
    return False


def _accept(found: TextFindings, byline: Byline, origin: str, keys: tuple[set[str], str]) -> bool:
    """Record the byline's persons that are not the site's own name; True when any was kept.
    Agencies of structured sources count on their own; those of a visible byline only with its
    persons (an element that names no person may be a photo credit)."""
    persons = tuple(a for a in byline.authors if not is_site_name(a, *keys))
    if origin in ("json-ld", "meta"):
        found.add_agencies(byline.agencies, origin)
    if not persons or found.authors:
        return False
    found.add_byline(Byline(persons, byline.agencies, byline.outlet))
    found.origins["authors"] = origin
    return True


def ld_authors(value: Any, nodes: Mapping[str, Mapping[str, Any]]) -> Byline:
    """Persons and agencies of a JSON-LD `author` or `creator`: Person objects, strings, lists and
    @id references into the @graph. An Organization gives only agencies; an object typed both
    Person and Organization (as WordPress SEO plugins write a blog's owner) is a person.

    >>> ld_authors([{"@id": "#p"}, {"@type": "Organization", "name": "dpa"}],
    ...            {"#p": {"@type": ["Person", "Organization"], "name": "Helga Muster"}})
    Byline(authors=('Helga Muster',), agencies=('dpa',), outlet=None)
    >>> ld_authors({"@type": "Person", "name": "Stefanus", "description": "Stefanus Stahl - fährt Rad"}, {}).authors
    ('Stefanus Stahl',)
    """
    persons: list[str] = []
    agencies: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict) and "name" not in item and isinstance(item.get("@id"), str):
            item = resolve_reference({"@id": item["@id"]}, nodes) or item  # a reference into the @graph
        if isinstance(item, dict):
            name = ld_text(item.get("name") or "")
            if not name:
                continue
            # a first name only, whose profile text opens with the full name ("Stefanus Stahl - …")
            fuller = re.match(rf"{re.escape(name)}\s+[A-ZÄÖÜ][\w'’-]+(?=\s*(?:[-–,:|]|$))",
                              ld_text(item.get("description") or "")) if " " not in name else None
            name = fuller.group() if fuller else name
            types = ld_types(item)
            if types & _ORGANISATION_TYPES and "person" not in types:
                agencies.extend(a for a in parse_names(name).agencies if a not in agencies)
                continue
            byline = parse_names(name, allow_single=True)
        elif isinstance(item, str):
            byline = parse_names(item, allow_single=True)
        else:
            continue
        persons.extend(a for a in byline.authors if a not in persons)
        agencies.extend(a for a in byline.agencies if a not in agencies)
    return Byline(tuple(persons), tuple(agencies))


def structured_authors(hints: HtmlHints, article: Mapping[str, Any], nodes: Mapping[str, Mapping[str, Any]],
                       found: TextFindings) -> None:
    """Authors from JSON-LD, meta tags, microdata and byline elements, first source wins."""
    keys = site_keys(found, hints)
    for field in ("author", "creator"):
        if article.get(field) and _accept(found, ld_authors(article[field], nodes), "json-ld", keys):
            return
    page_host = host_of(found.url or "")
    for key in META_AUTHOR:
        for value in hints.meta.get(key, ()):
            if value.startswith(("http", "@", "www.")):
                continue  # a profile URL or a social-media handle names no one readable
            address = _URL_IN_VALUE.search(value)
            if address and page_host and host_of(address.group().strip(" -–|,")) != page_host:
                continue  # "Frank Bueltge - http://bueltge.de": the credit of a theme or an agency
            value = _URL_IN_VALUE.sub("", value).strip(" -–|,")
            byline = parse_byline(value) or parse_names(value, allow_single=True) if value else Byline()
            if key == "twitter:creator":
                byline = Byline(tuple(a for a in byline.authors if " " in a))  # a name, not a handle
            if _accept(found, byline, "meta", keys):
                return
    for value in hints.microdata.get("author", ()) + hints.microdata.get("creator", ()):
        if _accept(found, parse_byline(value) or parse_names(value, allow_single=True), "microdata", keys):
            return
    for value in map(_without_weekday, hints.bylines):
        byline = parse_byline(value) or find_labelled_byline(value) or parse_names(value, allow_single=True)
        if _accept(found, byline, "byline", keys):
            return


def header_byline(line: str) -> Byline | None:
    """A byline in a header line: "Von X", "Autor: X", or a name between dates and times
    ("04.02.2022 | 13:10 Uhr | Uta Helkenberg").

    >>> header_byline("04.02.2022 | 13:10 Uhr | Uta Helkenberg").authors
    ('Uta Helkenberg',)
    >>> header_byline("04.02.2022 | Politik | Inland") is None
    True
    >>> header_byline("MikeNils 18.10.2019, 15:07 Uhr").authors, header_byline("Hemer 18.10.2019")
    (('MikeNils',), None)
    """
    if len(line) >= 200:
        return None
    line = _without_weekday(line)
    byline = parse_byline(line) or find_labelled_byline(line)
    if byline:
        return byline
    handle = _HANDLE_DATED.match(line)
    name = handle.group("name") if handle else ""
    # not a label ("erschienen"), a domain ("golem.de"), an agency ("dpa") or an outlet ("t3n")
    if name and name.lower() not in _NOT_HANDLES and "." not in name and not canonical_agency(name) \
            and not known_outlet(name):
        return Byline((name,))
    parts = _HEADER_PARTS.split(line)
    if len(parts) < 2 or len(line) > 120:
        return None
    dated = [part for part in parts if re.search(r"\d", part)]
    named = [part for part in parts if part not in dated]
    if not dated or len(named) != 1 or not all(_DATE_OR_TIME.search(part) for part in dated):
        return None
    return parse_name_line(named[0])


def text_authors(lines: list[str], found: TextFindings, hints: HtmlHints) -> None:
    """Authors from explicit bylines in the header text and in short dated lines anywhere on the
    page ("Erstellt von Fabian am Dienstag 6. Mai 2014"), when no markup named one."""
    if found.authors:
        return
    keys = site_keys(found, hints)
    # "Von:" / "Moritz Pieczewski-Freimuth": a label and its name on lines of their own (a <br>
    # or an element between them) are one byline
    lines = [f"{line} {following}" if _LABEL_ONLY.match(line) and following else line
             for line, following in zip(lines, [*lines[1:], ""])]
    for line in lines:
        byline = header_byline(line)
        if byline and _accept(found, byline, "byline", keys):
            return
    for line, following in zip(lines, lines[1:]):
        # "Johanna Kropfitsch" over "Alle Artikel", "Kathrin Führes" over "am": a name the page
        # links to the author's articles or dates, without a "Von"
        if _AFTER_AUTHOR.match(following) and len(line.split()) >= 2:
            byline = parse_name_line(line)
            if byline and _accept(found, byline, "byline", keys):
                return
    for line in lines:
        repeated = _NAME_AND_ALL_BY.match(line)
        byline = parse_name_line(repeated.group("name")) if repeated else None
        if byline and _accept(found, byline, "byline", keys):
            return
    for date_line, line in zip(lines, lines[1:]):
        if _DATE_ONLY.match(date_line) and 2 <= len(line.split()) <= 4 and line != found.title:
            byline = parse_name_line(line)
            if byline and _accept(found, byline, "byline", keys):
                return
    for line in hints.dated_lines[:20]:
        byline = parse_byline(line) if len(line) < 160 else None
        if byline and _accept(found, byline, "byline", keys):
            return
