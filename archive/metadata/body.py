"""The article body: paragraphs kept, page furniture and credits taken out.

Shared by the plain-text and the HTML cascade, so a trap learnt on one form is caught in both.
"""

from __future__ import annotations

import datetime as dt
import re

from archive.metadata import boilerplate
from archive.metadata.agencies import parse_credit, split_dateline_credit, split_trailing_credit
from archive.metadata.authors import Byline, credit_initials, parse_byline, parse_name_line, parse_names
from archive.metadata.dates import find_date, find_dates, is_date_line, is_labelled_date_line, labelled_dates
from archive.model import Published
from archive.metadata.findings import TextFindings
from archive.metadata.metalines import byline_date, read_meta_line
from archive.metadata.signatures import name_over_bio, signed_closing

# A sign-off before a signature, and the date after it ("Euer HansEhrlich", "Benni 10. September 2017").
_SIGN_OFF = re.compile(r"^(?:(?:viele|liebe|herzliche|beste|schöne)\s+grüße|grüße|gruß|euer|eure|dein|deine)"
                       r"\b,?\s+", re.IGNORECASE)
_SIGNED_DATE = re.compile(r",?\s+\d{1,2}\.\s?(?:\d{1,2}\.\s?|[A-ZÄÖÜ][a-zä]+\.?\s+)\d{2,4}$")
_AUTHOR_BOX_MAX = 800
_DATE_ZONE = 3
_BODY_TEXT = 80
_AFTER_END = 12
_DATED_CREDIT = re.compile(r"\s*\((?P<credit>[^()\d]{2,30}?)\s+(?P<date>\d{1,2}\.\d{1,2}\.(?:\d\d){1,2})\)\s*$")
_MENU_ITEM = 60
# A short line that ends a sentence or greets ("Freundliche Grüße") leads into a signature, no menu.
_SENTENCE_OR_GREETING = re.compile(r"[.!?:,…]$|(?i:grüße|gruß|herzlich|cheers|regards)")
# A date opening an article's first paragraph, as agencies and press offices write it: "Wien,
# 14. Dezember 2021 – Die …", "27.1.2022 - Bei …", "(21. November 2022) Die …", "06.11.23 - Die …";
# "Am 8. November 2021 findet …" is a sentence about a day, not a dateline.
_OPENING_DATE = re.compile(
    r"^(?:[A-ZÄÖÜ][\w.\-]+(?:[ /][A-ZÄÖÜ][\w.\-]+){0,2},\s+)?\(?\s*(?P<date>\d{1,2}\.\s?\d{1,2}\.\s?(?:\d\d){1,2}"
    r"|\d{1,2}\.\s+[A-ZÄÖÜ][a-zä]+\.?\s+(?:19|20)\d\d)\s*(?:\)\s*|\s[-–—]\s*|\.\s+)[„\"»]?[A-ZÄÖÜ]")
# The same with a full numeric date that a credit ("Red. /") precedes or a time follows, glued to
# the sentence by the copy: "Red. / 31.10.2023 Die …", "19.10.2019, 15:30 UhrAm 8. Spieltag …".
_OPENING_NUMERIC = re.compile(
    r"^(?:(?:Red|Text|Foto)\.?\s*/\s*)?(?P<date>\d{1,2}\.\d{1,2}\.(?:19|20)\d\d)"
    r"(?:,?\s*\d{1,2}:\d\d\s*(?:Uhr)?)?\s*(?:[-–—|]\s*)?[„\"»]?[A-ZÄÖÜ][a-zäöüß]")
_GROUPS = frozenset("vorstand team redaktion verein präsidium kollegium orga-team organisationsteam".split())
_BIO_VERB = re.compile(r"^\S+(?:\s\S+){1,3}\s+(?:ist|war|arbeitet|schreibt|berichtet|lebt|leitet)\b")


def _before_text(paragraphs: list[str]) -> bool:
    """Whether no paragraph kept so far is long enough to be text (asked only of a date line in
    the middle of a page: every paragraph asking it made the walk quadratic on long pages)."""
    return not any(len(paragraph) >= _BODY_TEXT for paragraph in paragraphs)


def assemble_body(texts: list[str], found: TextFindings, today: dt.date) -> None:
    """Turn the candidate paragraphs after the header into `found.body`: furniture, captions,
    credits, bylines and author boxes go; credits and bylines are recorded on the way.

    >>> found = TextFindings(title="T")
    >>> assemble_body(["Erster Absatz.", "Anzeige", "Zweiter Absatz. (dpa)"], found, dt.date(2024, 1, 1))
    >>> found.body, found.agencies
    ('Erster Absatz.\\n\\nZweiter Absatz.', ['dpa'])
    """
    paragraphs: list[str] = []
    title = found.title
    if found.teaser and boilerplate.is_noise(found.teaser):
        # an affiliate or embed notice set above the text, where a lede would stand
        found.drop(found.teaser, "page furniture")
        found.teaser = ""
        found.origins.pop("teaser", None)
    # The dateline opens the article's first paragraph, which the header may have taken as the
    # teaser ("Berlin (dpa/AFP) – Die Regierung …" right under the headline). Read first, so the
    # agencies keep the order the article names them in.
    for opening in (found.teaser, texts[0] if texts else ""):
        _, credit = split_dateline_credit(opening) if opening else ("", None)
        if credit:
            found.add_agencies(credit.agencies, "credit")
            break
    for opening in (found.teaser, texts[0] if texts else ""):
        if opening and not found.published:
            # "Wien, 14. Dezember 2021 – Die …", "27.1.2022 - Bei …": the date opens the text
            found.set("published", opening_date(opening, today), "text")
    index = -1
    while index + 1 < len(texts):
        index += 1
        text = texts[index]
        if paragraphs and boilerplate.ends_article(text):
            resume = boilerplate.article_resumes(texts, index)
            rule = f"after the end marker {text!r}"
            if resume is None:
                for rest in texts[index:]:
                    found.drop(rest, rule)
                _labelled_date_after_the_end(texts[index + 1: index + 1 + _AFTER_END], found, today)
                break
            # a box of links inside the article ("Mehr zum Thema" and its items): the text goes on
            for rest in texts[index:resume]:
                found.drop(rest, f"link box {text!r} inside the text")
            index = resume - 1
            continue
        if boilerplate.is_noise(text):
            found.drop(text, "page furniture")
            continue
        if boilerplate.is_caption(text):
            found.drop(text, "photo caption with its credit")
            continue
        if text == title:
            found.drop(text, "headline repeated")
            continue
        credit = parse_credit(text)
        if credit:
            found.add_agencies(credit.agencies, "credit")
            _add_initials(found, credit.initials)
            found.drop(text, "credit line")
            continue
        if boilerplate.is_source_line(text):
            found.drop(text, "source line")
            continue
        byline = parse_byline(text) if len(text) < 120 else None
        if byline and (byline.authors or byline.outlet):
            found.add_byline(byline)
            byline_date(text, found, today)  # "Von Christian am 03.05.2013, 11:51 | 0 Meinungen"
            found.drop(text, "byline")
            if paragraphs and index >= len(texts) * 0.6 and _box_sized(texts[index + 1:]):
                for rest in texts[index + 1:]:
                    found.drop(rest, "author box after a closing byline")
                break  # "Autor: X" near the end: an author box (bio) follows
            continue
        if is_date_line(text, today) and (index < _DATE_ZONE or index >= len(texts) - _DATE_ZONE
                                          or _before_text(paragraphs)):
            # (before the first paragraph of text: under a table of contents or a category row)
            # a date on its own line under the header or closing the text ("Benni" / "10. September 2017")
            found.set("published", find_date(text, today), "text")
            found.drop(text, "date line")
            if (paragraphs and index >= len(texts) - _DATE_ZONE and " " not in paragraphs[-1]
                    and closing_signature(f"{paragraphs[-1]} {text}")):
                # "Benni" / "10. September 2017": the signature over its date, split by the copy
                signer = closing_signature(f"{paragraphs[-1]} {text}")
                found.add_byline(signer)  # type: ignore[arg-type]
                found.drop(paragraphs.pop(), "signature")
            continue
        meta = read_meta_line(text, today) if index < _DATE_ZONE else None
        if meta and meta.published and (meta.starts_with_date or re.search(r",\s[^,]*\d{4}$", text)):
            # "5. November 2021 Bestellinformationen", "Hofheim | Wiesbaden, 11. November 2021" under
            # the first paragraph: the header's date line or dateline, after a standfirst the copy
            # set as a paragraph; only its date is trusted there
            found.set("published", meta.published, "text")
            found.drop(text, "date line with a category")
            continue
        if is_labelled_date_line(text, today):
            published, modified, _ = labelled_dates(text, today)
            found.set("published", published, "text")
            found.set("modified", modified, "text")
            found.drop(text, "labelled date line")
            continue
        over_bio = name_over_bio(text, texts[index + 1]) if _may_open_bio(text, texts, index) else None
        if over_bio and not any(over_bio.authors[0].split()[-1] in earlier for earlier in paragraphs):
            # "Anna Kleiser" / "Anna Kleiser lehrt …": the writer's box; a person the text quotes
            # (an expert's "Zur Person" box) is named in the text before it
            found.add_byline(over_bio)
            found.drop(text, "name over an author bio")
            continue
        if _is_author_bio(text, found, index, len(texts)):
            found.drop(text, "author bio")
            continue
        paragraphs.append(text)
    # a bare name under a run of short lines is a menu's last item ("Bereichsmenü" / … /
    # "Förderwegweiser Energieeffizienz"), not a signature
    in_a_menu = len(paragraphs) > 3 and all(len(text) < _MENU_ITEM and not _SENTENCE_OR_GREETING.search(text)
                                            for text in paragraphs[-3:-1])
    signature = closing_signature(paragraphs[-1]) if len(paragraphs) > 2 and not in_a_menu else None
    if signature:
        if not found.authors:
            found.add_byline(signature)
            found.origins["authors"] = "byline"
        found.drop(paragraphs.pop(), "signature")
    signed = signed_closing(paragraphs) if not signature and len(paragraphs) > 2 else None
    if signed:
        # "Kazım Türkmen" / "DITIB-Bundesvorsitzender", "Pressekontakt" / "Dr. Tim Loppe" / "Tel.: …"
        if not found.authors:
            found.add_byline(signed[0])
        for rest in paragraphs[signed[1]:]:
            found.drop(rest, "signature with role or contact")
        del paragraphs[signed[1]:]
    if paragraphs:
        dated = _DATED_CREDIT.search(paragraphs[-1])
        if dated and parse_credit(dated.group("credit")):
            # "… leitete. (KNA 19.11.21)": the agency's closing credit with the day it filed
            found.set("published", find_date(dated.group("date"), today), "text")
            paragraphs[-1] = f"{paragraphs[-1][:dated.start()]} ({dated.group('credit')})"
        whole = paragraphs[-1]
        paragraphs[-1], credit = split_trailing_credit(paragraphs[-1])
        if credit:
            found.add_agencies(credit.agencies, "credit")
            _add_initials(found, credit.initials)
            found.drop(whole[len(paragraphs[-1]):], "closing credit")
        # up to the last paragraph of text: job ads or a details table may follow it in a copy
        for last in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 5), -1):
            whole = paragraphs[last]
            paragraphs[last], writer = split_closing_name(whole)
            if writer:
                found.add_byline(writer)
                found.drop(whole[len(paragraphs[last]):], "closing credit")
            if writer or len(whole) >= _BODY_TEXT:
                break
    found.body = "\n\n".join(p for p in paragraphs if p)
    if found.body:
        found.origins["body"] = "text"


# "… bleibt spannend. (Christian P. Stadtfeld) +++": the writer in parentheses after the last sentence
# (not after a closing quotation mark: "… verabreichen.“ (Quelle X)" attributes the quote)
_CLOSING_NAME = re.compile(r"(?<=[.!?…])\s*\((?P<names>[^()]{5,80})\)\s*(?:\+{3})?\s*$")


def split_closing_name(paragraph: str) -> tuple[str, Byline | None]:
    """Split the writer's name in parentheses off the end of the last paragraph, as regional
    papers sign their reports; only full names of persons count.

    >>> split_closing_name("Die Lage bleibt spannend. (Anna Kleiser) +++")
    ('Die Lage bleibt spannend.', Byline(authors=('Anna Kleiser',), agencies=(), outlet=None))
    >>> split_closing_name("Die Lage bleibt spannend. (Archiv)")[1] is None
    True
    """
    match = _CLOSING_NAME.search(paragraph)
    # a run of capitals is a brand's or a programme's name ("COMPACT-Aktuell"), no person's
    byline = parse_name_line(match.group("names")) if match and not re.search(r"[A-ZÄÖÜ]{3}", match.group("names")) else None
    if match and byline and byline.authors:
        return paragraph[: match.start()].rstrip(), byline
    return paragraph, None


def _labelled_date_after_the_end(texts: list[str], found: TextFindings, today: dt.date) -> None:
    """A page's own labelled publication date after its newsletter or link box ("Erschienen
    am: 01.11.2023"), when the header showed none; an update label alone does not count."""
    if found.published:
        return
    for text in texts:
        if is_labelled_date_line(text, today):
            published, _, _ = labelled_dates(text, today)
            if published:
                found.set("published", published, "text")
                return


def opening_date(paragraph: str, today: dt.date) -> Published | None:
    """The date of an agency-style dateline opening a paragraph, or None.

    >>> str(opening_date("Wien, 14. Dezember 2021 – Die Jägerschaft bittet …", dt.date(2024, 1, 1)))
    '2021-12-14'
    >>> opening_date("Am 14. Dezember 2021 findet der Tag statt.", dt.date(2024, 1, 1)) is None
    True
    """
    match = _OPENING_DATE.match(paragraph.strip()) or _OPENING_NUMERIC.match(paragraph.strip())
    if not match:
        return None
    dates = find_dates(match.group("date"), today)
    return dates[0][1] if dates else None


def closing_signature(text: str) -> Byline | None:
    """A bare name closing the article is its signature: "Stefan Wasmer", or a single name when a
    sign-off or a date marks it as one.

    >>> closing_signature("Stefan Wasmer").authors, closing_signature("Euer HansEhrlich").authors
    (('Stefan Wasmer',), ('HansEhrlich',))
    >>> closing_signature("Benni 10. September 2017").authors, closing_signature("Viel Glück!")
    (('Benni',), None)
    >>> closing_signature("Bad Homburg, 10. September 2017") is None, closing_signature("Euer Vorstand") is None
    (True, True)
    """
    if len(text) >= 60 or re.search(r",\s*\d{1,2}\.\s?(?:\d{1,2}\.|[A-ZÄÖÜ][a-zä]+\.?\s)", text):
        return None  # "Osnabrück, 10.09.2017": a place and its date, as press releases close
    name = _SIGNED_DATE.sub("", _SIGN_OFF.sub("", text.strip()))
    byline = parse_name_line(name)
    if byline or name == text.strip() or " " in name:
        return byline
    if name.casefold() in _GROUPS:
        return None  # "Euer Vorstand": a closing wish from a group, no person
    single = parse_names(name, allow_single=True)
    return single if len(single.authors) == 1 and not single.agencies else None


def _add_initials(found: TextFindings, initials: tuple[str, ...]) -> None:
    # Editors' initials are the only author credit some outlets print ("mbö/AFP"); an outlet's
    # own desk credit ("rt/dpa") names the outlet instead.
    credit = credit_initials(initials)
    for item in credit.authors:
        if item not in found.authors:
            found.authors.append(item)
            found.origins.setdefault("authors", "credit")
    if credit.outlet:
        found.set("outlet", credit.outlet, "text-cue")


def _may_open_bio(text: str, texts: list[str], index: int) -> bool:
    """Whether `text` can be a name over a bio that opens the next paragraph: a short line, and
    the next paragraph starts with one of its words. Asked before `name_over_bio`, which builds a
    pattern from the line and would otherwise compile one for every paragraph of every page.

    >>> _may_open_bio("Anna Kleiser", ["Anna Kleiser", "Anna Kleiser lehrt Geschichte."], 0)
    True
    >>> _may_open_bio("Ein Satz.", ["Ein Satz.", "Der nächste Absatz."], 0)
    False
    """
    if index + 1 >= len(texts) or len(text) > 120:
        return False
    first = texts[index + 1].split(maxsplit=1)
    return bool(first) and first[0].casefold() in text.casefold()


def _box_sized(rest: list[str]) -> bool:
    # An author box is a few lines; pages of text after "Autor: X" are the article going on.
    return sum(len(text) for text in rest) <= _AUTHOR_BOX_MAX


def _is_author_bio(text: str, found: TextFindings, index: int, total: int) -> bool:
    if index < total - 4 or len(text) > 400:
        return False
    return any(text.startswith(author + " ") for author in found.authors) and bool(_BIO_VERB.match(text))
