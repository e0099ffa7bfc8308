"""Meta lines of plain-text copies: the short lines near a headline that carry a date with the
author, a category, a comment count or a place, joined by separators ("·", "|", "•", "–").

"30. Oktober 2019 | Markus Euskirchen", "von Limespacer · 22. Oktober 2019", "Frank Hahn am
18. September 2019", "27.01.2020 Soziales & Gesundheit", "Hamburg, 2. November 2021". A meta
line is short and, besides its date, holds only names, labels and a few capitalised words: a
line with running text ("Am 8. November 2021 findet der Tag …") is never one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from archive.metadata.agencies import canonical_agency
from archive.metadata.authors import find_labelled_byline, is_person_name, parse_byline
from archive.metadata.dates import find_dates, labelled_dates, strip_dates
from archive.metadata.findings import TextFindings
from archive.metadata.namewords import NOT_NAME_WORDS
from archive.metadata.outlets import known_outlet
from archive.model import Published

META_LINE_MAX = 160
# Separators between the parts of a meta line; a hyphen only between spaces ("Max Muster - 3. Mai").
_SEPARATORS = re.compile(r"\s*(?:[|·•⋅/]+|//|\s[-–—]\s|,)\s*")
# Small words a meta line holds besides names and dates ("von X am DATE in Köln", "1 Kommentar").
_SMALL = frozenset("""von vom am um on by in im bei at uhr min min. ca. ca und zuletzt geändert aktualisiert
kommentar kommentare comment comments keine no leave a and par lesezeit minuten minute minute(n) gelesen x
posted published veröffentlicht erstellt geschrieben publiziert post date author""".split())
# A word before the date that makes it the date of something else ("Konzert am 12. März 2022").
_PREPOSITIONS = frozenset({"am", "vom", "bis", "ab", "seit", "zum", "im", "für", "nach", "vor", "zwischen"})
# Labels that name the date as the article's when they stand right before it.
_DATE_LABELS = re.compile(
    r"(?:^|\s)(?:pressemitteilung|pressemeldung|mitteilung|meldung|beitrag|artikel|nachricht|news|bericht"
    r"|interview|kommentar|veröffentlicht|erstellt|publiziert|geschrieben|gepostet|erschienen|eingestellt"
    r"|aktualisiert|geändert|bearbeitet|stand|datum|posted|published|updated)(?:\s+(?:am|on|vom))?\s*:?\s*$",
    re.IGNORECASE)
# (not after an abbreviation of a reading time: "3 Min. Lesezeit")
_SENTENCE = re.compile(r"[a-zäöüß]{2,}(?<!\bMin)(?<!\bStd)(?<!\bSek)[.!?]\s+[A-ZÄÖÜ„\"»]|[?!]\s*$")
# a user name: lower-case ("reineckefuchs") or camel-case ("HansEhrlich"); a run of capitals is a
# product's or a service's name ("MineralölINFO")
_HANDLE_LIKE = re.compile(r"^(?:[a-zäöüß][\w.\-]{2,29}|[A-ZÄÖÜ][a-zäöüß]+(?:[A-ZÄÖÜ][a-zäöüß\d_\-]+)+)$")
# Category words by their endings: the strong ones end no name ("Gesundheit", "Wissenschaft"); the
# weak ones also end first names and surnames ("Marie", "Dominik", "Dennis", "Rubik", "Hartung"), so
# they mark a category only when every word of the part has such an ending ("Forschung Politik").
_CATEGORY_WORD = re.compile(r"\w(?:heit|keit|schaft|ismus|tät|tion|sion|tum|wesen|welt)$")
_WEAK_CATEGORY_WORD = re.compile(r"\w(?:nis|ik|ie|ales|\wung)$")
_WEEKDAY = re.compile(r"(?i)\b(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|monday|tuesday"
                      r"|wednesday|thursday|friday|saturday|sunday)\b")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"»])")
# Bylines the name parser does not know: "Artikel von X", "Geschrieben vonX" (glued by the copy),
# "Post author By X".
OTHER_BYLINE = re.compile(r"^(?i:(?:ein\s+)?(?:artikel|beitrag|bericht|geschrieben|post\s+author|posted|verfasst"
                          r"|erstellt|zusammengestellt|aufgezeichnet|bearbeitet|recherchiert)\s+(?:von|by))"
                           r"\s*(?P<names>[A-ZÄÖÜ].{2,60})$")


_TIME = re.compile(r"^\d{1,2}[:.]\d\d(?::\d\d)?$")


@dataclass(frozen=True)
class MetaLine:
    """What a meta line says: the article's date (or its update) and the persons it names."""

    published: Published | None = None
    modified: Published | None = None
    authors: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    outlet: str | None = None
    starts_with_date: bool = False
    # a single capitalised word opening the line ("Tine 2. Februar 2020 Radtouren"): a first name or
    # a place; the caller takes it only with more evidence (the copy shows it again, alone)
    single_name: str | None = None


def read_meta_line(line: str, today: dt.date) -> MetaLine | None:
    """Read a short header line that carries the article's date among names and labels; None
    for anything else (a sentence, a line without a day, a date of some event).

    >>> meta = read_meta_line("30. Oktober 2019 | Markus Euskirchen", dt.date(2024, 1, 1))
    >>> str(meta.published), meta.authors
    ('2019-10-30', ('Markus Euskirchen',))
    >>> read_meta_line("von Limespacer · 22. Oktober 2019", dt.date(2024, 1, 1)).authors
    ('Limespacer',)
    >>> read_meta_line("Am 8. November 2021 findet der Gedenktag statt", dt.date(2024, 1, 1)) is None
    True
    >>> read_meta_line("Konzert am 12. März 2022 in Berlin", dt.date(2024, 1, 1)) is None
    True
    """
    text = _unglue(line.strip())
    if not text or len(text) > META_LINE_MAX or _SENTENCE.search(text):
        return None
    dates = [(position, value) for position, value in find_dates(text, today) if value.precision == "day"]
    if not dates:
        return None
    position = dates[0][0]
    before = text[:position].rstrip(" ,(")
    words_before = before.split()
    if words_before and words_before[-1].casefold() in _PREPOSITIONS:
        # "am 12. März" names the date of something, unless a label or a person stands before it
        head = " ".join(words_before[:-1]).strip(" |·•–—-,")
        if head and not (_DATE_LABELS.search(before) or is_person_name(head) or parse_byline(head)
                         or canonical_agency(head)  # "dpa am 25.01.2022"
                         or head.casefold() in {"von", "by"}):  # "von am 20.06.2018": the name left empty
            return None
        if not head:
            return None
    published, modified, labelled = labelled_dates(text, today)
    if not labelled or not (published or modified):
        published = dates[0][1]
    authors: list[str] = []
    agencies: list[str] = []
    rest_words: list[str] = []
    outlet: str | None = None
    number = -1
    for part in _SEPARATORS.split(strip_dates(text, separator=" | ")):
        part = part.strip(" ()[]|·•–—-")
        if not part:
            continue
        number += 1
        # French bylines on German pages: "4.02.2022 par Bob Fischer"
        byline = parse_byline(re.sub(r"^par\s+(?=[A-ZÄÖÜ])", "von ", part)) if re.match(
            r"(?i)(?:von|by|vom|par)\b", part) else None
        if byline:
            _merge(authors, byline.authors)
            _merge(agencies, byline.agencies)
            continue
        agency = canonical_agency(re.sub(r"(?i)\s+(?:am|vom|um)$", "", part))
        if agency:
            _merge(agencies, (agency,))
            continue
        if outlet is None and len(part) <= 40 and known_outlet(part):
            outlet = known_outlet(part)  # "19.10.2019 11:36 telebasel": the site names itself
            continue
        names = _names_in(part, first=number == 0)
        if names:
            _merge(authors, names)
            continue
        rest_words.extend(part.split())
    if not authors:
        # "Ein Artikel von X, veröffentlicht am …", "Stars 06.11.2023 13:30 von Olga Symbolbild imago"
        labelled_byline = find_labelled_byline(text)
        if labelled_byline:
            _merge(authors, labelled_byline.authors)
            named = {word for author in labelled_byline.authors for word in author.split()}
            rest_words = [word for word in rest_words if word.strip(",") not in named]
    if not authors:
        # "5 Min. 1. November 2023 Cortyn 1 Kommentar": the author's link, then the comment count
        commented = _COMMENTED.search(strip_dates(text))
        if commented and is_person_name(commented.group("name"), allow_single=True):
            authors.append(commented.group("name"))
            rest_words = [word for word in rest_words if word != commented.group("name")]
    single = _ONE_NAME.fullmatch(before.strip()) if not authors else None
    lower = [word for word in rest_words
             if word[:1].islower() and word.casefold().strip(".:,") not in _SMALL and not _TIME.match(word)]
    if len(lower) > 2 or len(rest_words) > 10:
        return None  # running text, not a meta line
    opening = not re.sub(_WEEKDAY, "", before).strip(" ,|·•–—-(")
    return MetaLine(published, modified, tuple(authors), tuple(agencies), outlet, starts_with_date=opening,
                    single_name=single.group(1) if single and is_person_name(single.group(1), allow_single=True)
                    else None)


# Inline elements a copy glued: "Posted on28. Juli 2019AuthorAndreas Kalt4 Kommentare".
_GLUED_DIGIT = re.compile(r"(?<=[a-zäöüß])(?=\d)|(?<=\d)(?=[A-ZÄÖÜ][a-zäöüß])")
# a comment count glued to the year: "06/11/20230 Kommentare", "7. Januar 20220"
_GLUED_COUNT = re.compile(r"(?P<date>(?:\d{1,2}[./]\d{1,2}[./]|\d{1,2}\.\s?[A-ZÄÖÜ][a-zä]+\.?\s+)(?:19|20)\d\d)"
                          r"(?P<count>\d{1,3})\b")
_GLUED_LABEL = re.compile(r"(?<![a-zäöüß])(Author|Autor|Autorin|By)(?=[A-ZÄÖÜ][a-zäöüß])")
_AUTHOR_LABEL = re.compile(r"(?<=\S)\s+(?=(?:Author|Autor|Autorin)\s+[A-ZÄÖÜ])")
_COMMENTED = re.compile(r"(?:^|\s)(?P<name>[A-ZÄÖÜ]?[\w.\-]{2,29})\s+\d+\s+(?:Kommentare?|comments?|Antworten)\b")
_ONE_NAME = re.compile(r"([A-ZÄÖÜ][a-zäöüß]{2,})[\s|·•,–—-]*")


def _unglue(text: str) -> str:
    """Undo what a copy glued in a short line: a label or a count run into a name, and set an
    "Author" label apart as a part of its own.

    >>> _unglue("Posted on28. Juli 2019AuthorAndreas Kalt4 Kommentare")
    'Posted on 28. Juli 2019 | Author Andreas Kalt 4 Kommentare'
    >>> _unglue("06/11/20230 Kommentare")
    '06/11/2023 0 Kommentare'
    """
    if len(text) > META_LINE_MAX:
        return text
    text = _GLUED_COUNT.sub(r"\g<date> \g<count>", text)
    text = _GLUED_LABEL.sub(r"\1 ", _GLUED_DIGIT.sub(" ", text))
    return _AUTHOR_LABEL.sub(" | ", text)


def _names_in(part: str, *, first: bool = True) -> tuple[str, ...]:
    """The person a part of a meta line names: the whole part ("Markus Euskirchen"), or the two
    or three capitalised words it starts with ("Alexander Roll 1 Kommentar"), or a user name
    ("HansEhrlich", "reineckefuchs").

    >>> _names_in("Alexander Roll 1 Kommentar"), _names_in("Soziales Gesundheit"), _names_in("HansEhrlich")
    (('Alexander Roll',), (), ('HansEhrlich',))
    >>> _names_in("Diese Seite ausdrucken"), _names_in("FinTech", first=False)
    ((), ())
    """
    label = re.sub(r"(?i)^(?:author|autor|autorin|post author)\s*:?\s+", "", part).strip()
    words = label.split()
    if not words:
        return ()
    if len(words) == 1:
        # a user name opens the line ("HansEhrlich 17.10.2019"); one word further on is a category
        if first and _HANDLE_LIKE.match(words[0]) and is_person_name(words[0], allow_single=True):
            return (words[0],)
        return ()
    # three words are a name with an initial or a particle ("Christian P. Stadtfeld"); else the
    # third is a category after the name ("Carola Pönisch Kultur")
    whole = len(words) == 2 or (len(words) in (3, 4) and any(
        re.fullmatch(r"[A-ZÄÖÜ]\.|von|van|de|zu|v\.", word) for word in words[1:-1]))
    if whole and is_person_name(label) and not _shouting(words):
        return (label,)
    for size in (3, 2):
        head = words[:size]
        if size == 3 and head[1].casefold() not in {"von", "van", "de", "zu", "v."}:
            continue
        following = words[size] if len(words) > size else ""
        # a capitalised word after may still be the name's; a lower-case one makes it a phrase
        # ("Diese Seite ausdrucken")
        # ("Carola Pönisch Kultur": a department after the name is the post's category)
        if (is_person_name(" ".join(head)) and not _shouting(head) and (
                not following or following[:1].isdigit() or following.casefold() in _SMALL
                or (following.casefold() in NOT_NAME_WORDS and len(words) == size + 1))):
            return (" ".join(head),)
    return ()


def _shouting(words: list[str]) -> bool:
    # "IT Finanzmagazin", "BUND Naturschutz": an acronym opens an organisation's name, not a
    # person's; "Soziales Gesundheit", "Forschung Politik": category words, not names
    return (any((word.isupper() and len(word) <= 4) or _CATEGORY_WORD.search(word) for word in words)
            or all(_WEAK_CATEGORY_WORD.search(word) for word in words))


def _merge(target: list[str], items: tuple[str, ...]) -> None:
    for item in items:
        if item not in target:
            target.append(item)


# A byline's label on a line of its own, the names on the next: "Von" / "Robert", "Autor:" /
# "Peter Maahn/SP-X", "21.01.2022 11:46 von" / "Patrick Otte".
_LABEL_ALONE = re.compile(r"^(?:(?P<label>von|by|autor|autorin|autoren|text|kolumnist\*?in)\s*:?"
                          r"|(?P<dated>.{6,60}\s(?:von|by)))$", re.IGNORECASE)
_SPLIT_NAMES_MAX = 60
def join_split_bylines(lines: list[Any], found: TextFindings, today: dt.date) -> None:
    """Read a byline the copy broke after its label (`lines` have a mutable `text`); both lines
    are recorded as the byline and emptied."""
    for index, line in enumerate(lines[:-1]):
        match = _LABEL_ALONE.match(line.text)
        names = lines[index + 1].text
        if not match or not names or len(names) > _SPLIT_NAMES_MAX or _SENTENCE_BREAK.search(names):
            continue
        if match.group("dated") and not find_dates(line.text, today):
            continue  # "… von" after a date or time only: "Seit gestern von" is a sentence's start
        byline = parse_byline(f"Autor: {names.strip(' ,;')}")
        if not byline or not byline.authors:
            continue
        found.add_byline(byline)
        if match.group("dated"):
            byline_date(line.text, found, today)
        for part in (line, lines[index + 1]):
            found.drop(part.text, "byline")
            part.text = ""


def byline_date(text: str, found: TextFindings, today: dt.date) -> None:
    """The date a byline carries ("von Kalle · 30. Oktober 2019", "Von X am 29. Mai 2017, 14:14 Uhr")."""
    published, modified, labelled = labelled_dates(text, today)
    if not (published or modified):
        days = [value for _, value in find_dates(text, today) if value.precision == "day"]
        published = days[0] if days else None
    found.set("published", published, "text")
    found.set("modified", modified, "text")
