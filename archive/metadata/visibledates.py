"""Publication dates a page prints outside its structured markup, judged conservatively.

Used by the HTML cascade after the markup (JSON-LD, meta, microdata, <time>) and the header text
have had their say. Two sources, in order of trust:

1. elements whose class or id names a date (`<span class="date">27.01.2022</span>`): the first
   one that is only a date, or carries a published label, is the article's date;
2. labelled lines anywhere on the page: "Veröffentlicht am 3. März 2021", "Datum: 26. Januar
   2022", "Pressemitteilung vom 25. Januar 2022", "Dieser Artikel wurde am 14. Dezember 2015 …
   veröffentlicht", "Von Christian am 03.05.2013". A free-standing date in running text is never
   taken: it is far more often an event, a deadline or a quoted decision than the article's day.
"""

from __future__ import annotations

import datetime as dt
import re

from archive.metadata.dates import find_dates, is_date_line, labelled_dates
from archive.model import Published

_DATE_START = r"(?=\s*(?:[A-Za-zäÄ]+,?\s+)?\d)"  # a weekday may stand before the date
# A label at the start of the line, right before the date: it says what the date is.
_PUBLISHED_START = re.compile(
    r"^\W*(?:(?:zuerst\s+)?(?:veröffentlicht|veroeffentlicht|erstellt|erschienen|publiziert|eingestellt|"
    r"geschrieben|gepostet|verfasst|online\s+seit)(?:\s+(?:am|on|um))?|veröffentlichung|publikationsdatum|"
    r"erscheinungsdatum|datum|published(?:\s+on)?|posted(?:\s+on)?|"
    r"(?:presse)?(?:mitteilung|meldung|information)|artikel|beitrag|nachricht|news|interview|kommentar|"
    r"bericht|rezension|kritik)\s*(?::|vom|from)?" + _DATE_START, re.IGNORECASE)
_MODIFIED_START = re.compile(
    r"^\W*(?:zuletzt\s+)?(?:aktualisiert|geändert|bearbeitet|updated|stand|letzte\s+(?:änderung|aktualisierung))"
    r"(?:\s+(?:am|on|um|vom))?\s*:?"
    + _DATE_START, re.IGNORECASE)
# "Dieser Artikel wurde am 14. Dezember 2015 um 14:48 von Max veröffentlicht"
_WAS_PUBLISHED = re.compile(r"^\W*(?:dieser|der)\s+(?:artikel|beitrag|text|eintrag)\s+wurde\s+(?:\w+\s+)?am\s",
                            re.IGNORECASE)
# "Diese Seite wurde zuletzt am 29. Januar 2020 um 13:22 Uhr geändert." (MediaWiki's footer)
_WAS_CHANGED = re.compile(r"^\W*(?:diese\s+seite|dieser\s+(?:artikel|beitrag|text)|der\s+(?:artikel|beitrag))\s+wurde"
                          r"\s+zuletzt\s+am\s", re.IGNORECASE)
# "Von Christian am 03.05.2013, 11:51", "von Max Muster, 12.03.2021"
_BYLINE_DATE = re.compile(r"^\W*(?:[Vv]on|[Bb]y)\s+[A-ZÄÖÜ][\w.-]+(?:\s+[A-ZÄÖÜ][\w.-]+){0,2}\s*(?:,|am|on|\||–|-)\s*"
                          + _DATE_START)


# An agency-style dateline opening a paragraph: "27.1.2022 - Bei der …", "(21. November 2022) Die …",
# also after the place as press releases print it: "Karlsruhe, (12.11.2021). Traditionell …"
_DATELINE_DATE = re.compile(r"^(?:[A-ZÄÖÜ][\wäöüß.\-]+(?:\s[A-ZÄÖÜ][\wäöüß.\-]+)?,\s+)?\(?\s*(?:\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)\d\d|\d{1,2}\.\s+[A-Za-zäÄ]+\s+(?:19|20)\d\d"
                            r"|(?:19|20)\d\d-\d\d-\d\d)\s*(?:\)\.?|\s[-–—|]\s|\s+(?=[„\"»]))\s*[„\"»]?[A-ZÄÖÜ]")


def date_from_elements(texts: tuple[str, ...] | list[str], today: dt.date) -> Published | None:
    """The first element text that is a date, or a date with a published label.

    >>> str(date_from_elements(["Mittwoch, 20. Februar 2019, 14:45 Uhr"], dt.date(2024, 1, 1)))
    '2019-02-20'
    >>> date_from_elements(["Aktualisiert: 20.02.2019"], dt.date(2024, 1, 1)) is None
    True
    """
    if _a_schedule(texts, today):
        return None
    for text in texts:
        published, modified, labelled = labelled_dates(text, today)
        if labelled:
            if published:
                return published
            if modified:
                continue  # an update stamp: the publication date may follow
        dates = find_dates(text, today)
        if dates and (is_date_line(text, today) or (len(text) < 60 and dates[0][0] <= 3)):
            return dates[0][1]
    return None


def _a_schedule(texts: tuple[str, ...] | list[str], today: dt.date) -> bool:
    """Whether the date elements are a list of coming events: three or more, each only a date, on
    days that rise from one to the next (a tasting's dates "29.02.2020 18:00 Uhr", "04.04.2020
    …"). Lists of articles run the other way, newest first; an event list names no publication.

    >>> _a_schedule(["29.02.2020 18:00 Uhr", "04.04.2020 18:00 Uhr", "09.05.2020 18:00 Uhr"], dt.date(2024, 1, 1))
    True
    >>> _a_schedule(["27.01.2022", "20.01.2022", "13.01.2022"], dt.date(2024, 1, 1))
    False
    """
    days = []
    for text in texts[:6]:
        dates = find_dates(text, today)
        if not dates or not is_date_line(text, today) or dates[0][1].precision != "day":
            return False
        days.append(dates[0][1].date)
    return len(days) >= 3 and all(a < b for a, b in zip(days, days[1:]))


def date_from_lines(lines: tuple[str, ...] | list[str], today: dt.date) -> tuple[Published | None, Published | None]:
    """(published, modified) from the first labelled lines of a page.

    >>> p, m = date_from_lines(["Datum: 26. Januar 2022", "Stand: 27.01.2022"], dt.date(2024, 1, 1))
    >>> str(p), str(m)
    ('2022-01-26', '2022-01-27')
    >>> date_from_lines(["Die Frist endet am 3. März 2022."], dt.date(2024, 1, 1))
    (None, None)
    >>> str(date_from_lines(["27.1.2022 - Bei der Erinnerung an die Opfer …"], dt.date(2024, 1, 1))[0])
    '2022-01-27'
    >>> str(date_from_lines(["(21. November 2022) Energieverbraucher erhalten …"], dt.date(2024, 1, 1))[0])
    '2022-11-21'
    >>> str(date_from_lines(["Karlsruhe, (12.11.2021). Traditionell gedenken …"], dt.date(2024, 1, 1))[0])
    '2021-11-12'
    >>> date_from_lines(["Berlin, Paris und Rom haben 2021 …"], dt.date(2024, 1, 1))
    (None, None)
    >>> str(date_from_lines(["Diese Seite wurde zuletzt am 29. Januar 2020 um 13:22 Uhr geändert."], dt.date(2024, 1, 1))[1])
    '2020-01-29'
    """
    published = modified = None
    for line in lines:
        if published is None and (_PUBLISHED_START.search(line) or _WAS_PUBLISHED.search(line)
                                  or _BYLINE_DATE.search(line) or _DATELINE_DATE.search(line)):
            dates = find_dates(line, today)
            if dates and dates[0][0] <= 80:
                published = dates[0][1]
        elif modified is None and (_MODIFIED_START.search(line) or _WAS_CHANGED.search(line)):
            dates = find_dates(line, today)
            if dates and dates[0][0] <= 40:
                modified = dates[0][1]
        if published and modified:
            break
    return published, modified
