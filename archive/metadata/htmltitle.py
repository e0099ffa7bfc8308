"""The title of an HTML page: the headline it prints, without the site's name, section or kicker.

Sites glue their name to the meta titles ("Titel | DER SPIEGEL", "bergbuch.ch - Titel"), print a
kicker in the same h1 as the headline, or make a section line their only h1; each is undone here
from what the page itself repeats, with no rule for a particular site.
"""

from __future__ import annotations

import re

from archive.metadata.outlets import canonical_outlet, clean_name, known_outlet
from archive.sources.document import HtmlHints

# A box-drawing bar ("testen│Marktplatz") separates even without spaces: no word contains one.
TITLE_SEPARATORS = re.compile(r"\s*[│┃]\s*|\s+(?:\||–|—|-|::|·|•|»|«|/)\s+")
_NOT_HEADLINES = re.compile(r"^(?:navigation|menü|menu|quicklinks?|service|suche|search|startseite|home|"
                            r"navigation und service|medienmitteilungen|pressemitteilungen|aktuelles|news|"
                            r"nachrichten|inhalt|hauptmenü|kontakt|impressum|blog)\b", re.IGNORECASE)


def page_title(hints: HtmlHints, headline: str, meta_title: str, outlet: str | None) -> tuple[str, str] | None:
    """The headline the reader sees and where it came from: the page's single h1 when it reads
    like one (it is what the page prints above the text), else a h1 matching the meta titles,
    else JSON-LD `headline`, the first meta title (og:title …), <title>, each without a site
    name appended.

    >>> page_title(HtmlHints(title_tag="Kreml reagiert | DER SPIEGEL"), "", "", "DER SPIEGEL")
    ('Kreml reagiert', 'title-tag')
    """
    meta_titles = [t.casefold() for t in (headline, meta_title, hints.title_tag) if t]
    sections = _section_names(hints.headings, meta_titles)
    banners, site_names = _site_banners(hints.headings, hints.title_tag or meta_title, outlet,
                                        {_key(t) for t in (headline, meta_title) if t})
    h1s = [h for h in hints.headings if 10 <= len(h) <= 250 and len(h.split()) >= 2 and not _NOT_HEADLINES.match(h)
           and not sections and h not in banners]
    matching = [h for h in h1s if any(h.casefold() in t or t in h.casefold() for t in meta_titles)] \
        or [h for h in h1s if any(_words_in(h, t) for t in meta_titles)]
    # The longest match: a site-name h1 ("Stadt Musterhausen") is contained in the <title> too.
    h1 = max(matching, key=len) if matching else (h1s[0] if len(hints.headings) == 1 and h1s else "")
    if not h1 and len(hints.headings) == 1 and _one_word_headline(hints.headings[0], meta_titles, outlet,
                                                                  banners | site_names):
        h1 = hints.headings[0]
    if not h1:
        h1 = _shown_headline(hints, banners | site_names | sections)
    if h1:
        h1 = _without_kicker(h1, [headline, meta_title, _strip_site(meta_title, outlet),
                                  _strip_site(hints.title_tag, outlet)])
    candidates = [(h1, "heading"), (headline, "json-ld"), (meta_title, "meta"), (hints.title_tag, "title-tag")]
    # a h1 that is what a meta title leaves once its site name is cut is whole as it stands
    whole = {_key(_strip_site(t, outlet, sections, site_names)) for t in (meta_title, hints.title_tag) if t}
    for text, origin in candidates:
        if not (origin == "heading" and text and _key(text) in whole):
            text = _strip_site(text, outlet, sections, site_names)
        if 3 <= len(text) <= 300:
            return text, origin
    return None


def _shown_headline(hints: HtmlHints, site: frozenset[str]) -> str:
    """The headline a page prints above its text without an h1 for it (`HtmlHints.shown_headline`:
    a h2 over the text, a "l-headline" div; the reader leaves it empty when an h1 stands before the
    text): taken when no h1 was, and it is no section or site name.

    >>> _shown_headline(HtmlHints(shown_headline="Die besten Tricks für den Kleiderschrank"), frozenset())
    'Die besten Tricks für den Kleiderschrank'
    """
    shown = hints.shown_headline
    if not shown or _NOT_HEADLINES.match(shown) or shown in site or _key(shown) in site:
        return ""
    return shown


def _words_in(heading: str, title: str) -> bool:
    """Whether a meta title holds the words of a h1 of four words or more, the order and a word
    aside: the SEO title reworded around the printed headline ("The Insiders - Schnell
    aufgefrischtes Haar … mit dem neuen Wellaflex …" for the h1 "Wellaflex – Schnell
    aufgefrischtes Haar …").

    >>> _words_in("Wellaflex – Schnell aufgefrischtes Haar mit dem Trockenshampoo",
    ...           "the insiders - schnell aufgefrischtes haar mit dem neuen wellaflex trockenshampoo")
    True
    """
    words = re.findall(r"\w+", heading.casefold())
    if len(words) < 4:
        return False
    held = set(re.findall(r"\w+", title))
    return sum(word in held for word in words) >= max(len(words) - 1, 0.85 * len(words))


# One word that names a page's kind, never its headline
_PAGE_KINDS = re.compile(r"^(?:veranstaltungen|termine|downloads|übersicht|archiv|suche|kontaktformular|galerie"
                         r"|mediathek|presse\w*|startseite|willkommen)$", re.IGNORECASE)


def _one_word_headline(heading: str, meta_titles: list[str], outlet: str | None, site: frozenset[str]) -> bool:
    """Whether a page's only h1, one word long, is its headline ("Essen-Westviertel" under the
    site-wide <title> "Ausflugtipps Niederrhein und Ruhrgebiet"): when no meta title holds it (the
    meta titles are then the site's), and it is no section, page kind, site name or host.

    >>> _one_word_headline("Essen-Westviertel", ["ausflugtipps niederrhein und ruhrgebiet"], None, frozenset())
    True
    >>> _one_word_headline("Veranstaltungen", ["stadt musterhausen"], None, frozenset())
    False
    """
    word = heading.strip()
    if len(word.split()) != 1 or not 10 <= len(word) <= 40 or _NOT_HEADLINES.match(word) \
            or _PAGE_KINDS.match(word.strip("!.:")) or known_outlet(word) or word in site or _key(word) in site \
            or re.search(r"\w\.\w", word):  # a host ("jan-grosser.de")
        return False
    if outlet and (canonical_outlet(word) == outlet
                   or _key(word).replace(" ", "") == _key(outlet.rsplit(".", 1)[0]).replace(" ", "")):
        return False
    return not any(word.casefold() in title for title in meta_titles)


_KICKER_THEN_HEADLINE = re.compile(r"(?P<kicker>\S.{1,60}?)(?::\s+|\s+[-–|]\s+)(?P<headline>\S.*)")


def _without_kicker(h1: str, titles: list[str]) -> str:
    """The headline proper of a h1 that is a kicker plus a meta title (site name cut from it):
    the kicker either stands in front ("Holocaust-Gedenktag Erinnerung an …") or the meta title
    separates it where the h1's elements print none ("100. Geburtstag Zeitzeugin …" for
    "100. Geburtstag: Zeitzeugin …"). A h1 that prints the separator is kept as it is.

    >>> _without_kicker("Investitionen Cyber-Angriffe: Ein Fünftel fürs Budget", ["Cyber-Angriffe: Ein Fünftel fürs Budget"])
    'Cyber-Angriffe: Ein Fünftel fürs Budget'
    >>> _without_kicker("100. Geburtstag Zeitzeugin wird hundert", ["100. Geburtstag: Zeitzeugin wird hundert"])
    'Zeitzeugin wird hundert'
    """
    spaced = " ".join(h1.split()).casefold()
    # the h1 may close with a full stop the meta title leaves out ("KNOWHOW Wie … genutzt wird.")
    closed = spaced.rstrip(".")
    for title in titles:
        if title and len(title) >= 15 and h1 != title and (
                spaced.endswith(" " + " ".join(title.split()).casefold())
                or closed.endswith(" " + " ".join(title.split()).casefold().rstrip("."))):
            return title
    for title in titles:
        parts = _KICKER_THEN_HEADLINE.fullmatch(title) if title else None
        if parts and len(parts["headline"].split()) >= 3 and len(parts["kicker"].split()) <= 6 \
                and spaced == f"{parts['kicker']} {parts['headline']}".casefold():
            return parts["headline"]
    return h1


def _section_names(headings: tuple[str, ...], meta_titles: list[str]) -> frozenset[str]:
    """The section names of a page whose only h1 is a section line ("OutdoorNews | Eintrag"):
    short parts between separators, none a sentence, the whole not in a meta title (casefolded),
    which holds a short headline as it is. Empty when the h1 reads like a headline.

    >>> sorted(_section_names(("OutdoorNews | Eintrag",), ["news - schneekarten für die alpen"]))
    ['eintrag', 'outdoornews']
    >>> _section_names(("DOW Jones - Ausblick",), ["dow jones - ausblick - tagesausblick.de"])
    frozenset()
    """
    if len(headings) != 1 or any(headings[0].casefold() in title for title in meta_titles):
        return frozenset()
    parts = TITLE_SEPARATORS.split(headings[0])
    if len(parts) < 2 or any(len(part.split()) > 2 for part in parts):
        return frozenset()
    return frozenset(part.casefold() for part in parts)


def _host_name(outlet: str | None) -> str:
    """The name an outlet that is a bare address spells ("www.bayrische-bembel.de" →
    "bayrischebembel"), letters and digits only; "" for a named outlet or a name of fewer
    than four letters (too likely inside a word of the headline).

    >>> _host_name("www.bmas.de"), _host_name("neubau.wsl.ch"), _host_name("DER SPIEGEL")
    ('bmas', '', '')
    """
    if not outlet or " " in outlet or "." not in outlet:
        return ""
    labels = outlet.casefold().split(".")
    # The label before the top-level domain: "neubau.wsl.ch" is the site "wsl".
    name = re.sub(r"[^\w]|_", "", labels[-2]) if len(labels) >= 2 else ""
    return name if len(name) >= 4 else ""


def _names_host(part: str, host: str) -> bool:
    """Whether a short title part is the site's name as its address spells it: "EFC Bayrische
    Bembel Regensburg" on bayrische-bembel.de (at most four words, the address's name in it)."""
    if not host or len(part.split()) > 4:
        return False
    return host in re.sub(r"[^\w]|_", "", part.casefold())


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _site_banners(headings: tuple[str, ...], title: str, outlet: str | None,
                  headlines: set[str] = set()) -> tuple[frozenset[str], frozenset[str]]:
    """The h1s that print the site's name, and the site's names, from a <title> of the shape
    "Headline | Site": a h1 that is its site part ("Mäscot das Schaf – Webcomic" under <title>
    "Kleine Schafskunde | Mäscot das Schaf – Webcomic") or opens with it ("ProNATs e.V. Verein zur
    Unterstützung …" under "Kinder und Arbeit » ProNATs e.V.") is the site's banner, not the
    headline; where a h1 is the headline part ("Beitragseinreichung" under "Beitragseinreichung |
    Wiener Digitale Revue"), the rest is the site's name. A headline part of one word, or one that
    is the outlet or a host, says nothing: "News | Kreml reagiert" is a section and a headline.
    Nor is a h1 a banner when og:title or JSON-LD names it as the headline ("Deutsches Rotes Kreuz -
    UN-Klimakonferenz …" over the h1 and og:title "UN-Klimakonferenz …"), or when it holds a
    kicker's colon ("Strava-Update: POI bei Routen-Tool"): a site's name has none.

    >>> _site_banners(("Mäscot das Schaf – Webcomic", "Kleine Schafskunde"),
    ...               "Kleine Schafskunde | Mäscot das Schaf – Webcomic", None)[0]
    frozenset({'Mäscot das Schaf – Webcomic'})
    >>> _site_banners(("Kreml reagiert",), "News | Kreml reagiert", None)
    (frozenset(), frozenset())
    """
    parts = TITLE_SEPARATORS.split(clean_name(title)) if title else []
    if len(parts) < 2:
        return frozenset(), frozenset()
    head, site = parts[0], parts[1:]
    host_like = outlet and _key(head).replace(" ", "") == _key(outlet.rsplit(".", 1)[0]).replace(" ", "")
    if len(head.split()) < 2 and not any(_key(h) == _key(head) for h in headings) or known_outlet(head) \
            or (outlet and canonical_outlet(head) == outlet) or ("." in head and " " not in head) or host_like:
        return frozenset(), frozenset()
    site_key, first_key = _key(" ".join(site)), _key(site[0])
    banners = frozenset(h for h in headings if site_key and first_key and _key(head) not in _key(h)
                        and _key(h) not in headlines and ":" not in h
                        and (_key(h) == site_key or (len(headings) == 1 and _key(h).startswith(first_key + " "))))
    if banners or any(_key(h) == _key(head) for h in headings):
        return banners, frozenset(_key(part) for part in site)
    return frozenset(), frozenset()


def _strip_site(title: str, outlet: str | None, sections: frozenset[str] = frozenset(),
                site_names: frozenset[str] = frozenset()) -> str:
    """Remove a site name the page appended to its title ("Titel | DER SPIEGEL"), and a leading
    section name the page's section line shows; what is left keeps its printed separators.

    >>> _strip_site("Kreml reagiert | DER SPIEGEL", "DER SPIEGEL")
    'Kreml reagiert'
    >>> _strip_site("Thema - Das Geschäft mit der Hoffnung | Video der Sendung vom 16.10.2019", None)
    'Thema - Das Geschäft mit der Hoffnung | Video der Sendung vom 16.10.2019'
    """
    title = clean_name(title)
    cuts = list(TITLE_SEPARATORS.finditer(title))
    parts = TITLE_SEPARATORS.split(title)
    first_kept, last_kept = 0, len(parts) - 1
    host = _host_name(outlet)
    while first_kept < last_kept:
        last, first = parts[last_kept], parts[first_kept]
        rest_words = len(" ".join(parts[first_kept:last_kept]).split())
        after_first = len(" ".join(parts[first_kept + 1:]).split())
        if known_outlet(last) or (outlet and canonical_outlet(last) == outlet) or "." in last and " " not in last \
                or _key(last) in site_names or (rest_words >= 3 and _names_host(last, host)):
            last_kept -= 1
        elif (known_outlet(first) or (outlet and canonical_outlet(first) == outlet) or first.casefold() in sections
              # a leading host ("bergbuch.ch - …") when a headline follows, not a one-word title
              or "." in first and " " not in first and after_first >= 3
              # the site's name as its address spells it ("seelenradio » Nummer zwei: Leo" on
              # seelenradio.de, "BMAS - Änderung …" on bmas.de)
              or after_first >= 3 and _names_host(first, host)):
            first_kept += 1
        elif len(last.split()) <= (2 if last_kept < len(parts) - 1 else 3) and rest_words >= 3:
            # a short tail is the site's name or its section; behind a site name already cut, a
            # tail of three words is the headline's second part ("Vanlife in Schweden -
            # Skandinavien im Wohnmobil | outdoor-magazin.com"), a section is one or two words
            last_kept -= 1
        else:
            break
    start = cuts[first_kept - 1].end() if first_kept else 0
    end = cuts[last_kept].start() if last_kept < len(cuts) else len(title)
    stripped = title[start:end]
    return stripped if len(stripped) >= 3 else title
