"""Dates as German pages write them, turned into `Published` values with their precision.

Never a date from the file system, never one after `today` (callers pass it), never one before
1990 (older "dates" on news pages are references, not publication dates).
"""

from __future__ import annotations

import datetime as dt
import re

from archive.model import Published

try:  # the pages are German, Austrian and Swiss: their day is the day in Central Europe
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    _BERLIN: dt.tzinfo | None = ZoneInfo("Europe/Berlin")
except (ImportError, ZoneInfoNotFoundError):  # pragma: no cover - no time-zone database
    _BERLIN = None

_MONTHS: dict[str, int] = {
    "januar": 1, "jänner": 1, "jaenner": 1, "jan": 1, "january": 1,
    "februar": 2, "feber": 2, "feb": 2, "february": 2,
    "märz": 3, "maerz": 3, "mär": 3, "mrz": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "dezember": 12, "dez": 12, "december": 12, "dec": 12,
}
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_EARLIEST_YEAR = 1990

_ISO = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<mon>[01]?\d)(?:-(?P<day>[0-3]?\d))?(?![\d])")
# A stamp in UTC ("Z", "UTC"). Not "+00:00": CMSs left at their default time zone write the
# site's wall-clock time with that offset; on the development sample every late-evening
# "+00:00" stamp names the day its page prints, while "Z" stamps need the shift.
_UTC_STAMP = re.compile(r"^((?:19|20)\d\d)-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::\d\d(?:\.\d+)?)?\s*(?:Z|UTC|GMT)$",
                        re.IGNORECASE)
_JAVA_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_JAVA_STAMP = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)\s+(" + "|".join(_JAVA_MONTHS) + r")\s+(\d{1,2})\s+"
                         r"\d\d:\d\d:\d\d\s+(?:CET|CEST|MEZ|MESZ)\s+((?:19|20)\d\d)$", re.IGNORECASE)
_COMPACT = re.compile(r"^(?P<year>(?:19|20)\d\d)(?P<mon>[01]\d)(?P<day>[0-3]\d)(?:$|T)")
_DOTTED = re.compile(r"(?<![\d.])(?P<day>[0-3]?\d)\.\s?(?P<mon>[01]?\d)\.\s?(?P<year>(?:19|20)\d\d|\d\d)(?![\d])")
_SLASHED = re.compile(r"(?<![\d/])(?P<day>[0-3]?\d)/(?P<mon>[01]?\d)/(?P<year>(?:19|20)\d\d)(?!\d)")
_DAY_MONTH_YEAR = re.compile(r"(?<!\d)(?P<day>[0-3]?\d)\.?\s+" + _MONTH + r"\s+(?P<year>(?:19|20)\d\d)(?!\d)",
                             re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(_MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)(?!\d)",
                             re.IGNORECASE)
# "26 | 01 | 2022": day, month and year between bars, as some magazine themes print them (two digits
# each: "1 | 2 | 2020" is a pager)
_BARRED = re.compile(r"(?<![\d|])(?P<day>[0-3]\d)\s\|\s(?P<mon>[01]\d)\s\|\s(?P<year>(?:19|20)\d\d)(?!\d)")
# "Jan 04 09:34 2021": month, day, time, year (PHP's "M d H:i Y")
_MONTH_DAY_TIME_YEAR = re.compile(_MONTH + r"\s+(?P<day>[0-3]?\d)\s+[0-2]?\d:[0-5]\d\s+(?P<year>(?:19|20)\d\d)(?!\d)",
                                  re.IGNORECASE)
_MONTH_YEAR = re.compile(r"(?<![\w.])" + _MONTH + r"\s+(?P<year>(?:19|20)\d\d)(?!\d)", re.IGNORECASE)
_TWO_DIGITS = re.compile(r"\d\d")

# Labels in front of a date on German pages: the first group publishes, the second updates.
# A label is a word of its own: "Stand" in "Bestand" or "Zustand", "erstellt" in "erstellten" and
# "datum" in "Mindesthaltbarkeitsdatum" are running text (digits may touch it: "Stand:16.02.").
_PUBLISHED_LABEL = re.compile(
    r"(?<![^\W\d_])(?:erstellt|veröffentlicht|publiziert|erschienen|datum|published|posted|gepostet"
    r"|online seit|eingestellt|geschrieben)(?![^\W\d_])(?:\s+(?:am|on|um))?\s*:?", re.IGNORECASE)
_MODIFIED_LABEL = re.compile(
    r"(?<![^\W\d_])(?:zuletzt\s+)?(?:aktualisiert|geändert|bearbeitet|updated|update|last\s+modified|stand"
    r"|letzte\s+(?:änderung|aktualisierung))"
    r"(?![^\W\d_])(?:\s+(?:am|on|um))?\s*:?", re.IGNORECASE)
# A date line is short: a paragraph that mentions a date ("bleibt bis März 2021 in Kraft") is text.
DATE_LINE_MAX = 100
_LABELLED_LINE_MAX = 120
_LABELLED_LINE_WORDS = 4


def _full_year(year: str) -> int:
    value = int(year)
    if len(year) == 2:
        # Two-digit years on news pages are this century.
        value += 2000
    return value


def _make(year: int, month: int, day: int | None, today: dt.date) -> Published | None:
    try:
        if day is None:
            value = Published(dt.date(year, month, 1), "month")
        else:
            value = Published(dt.date(year, month, day), "day")
    except ValueError:
        return None
    if year < _EARLIEST_YEAR or value.date > today:
        return None
    return value


def parse_machine_date(value: str, today: dt.date) -> Published | None:
    """A date from markup (ISO 8601, with or without time and zone), or None.

    The calendar day is the one written when the stamp carries a local offset; a UTC stamp is
    read in Central European time, the time zone of the pages this archive is for.

    >>> str(parse_machine_date("2021-02-16T10:35:00+01:00", dt.date(2024, 1, 1)))
    '2021-02-16'
    >>> str(parse_machine_date("2023-08", dt.date(2024, 1, 1)))
    '2023-08'
    >>> str(parse_machine_date("2021-11-04T23:00:00Z", dt.date(2024, 1, 1)))
    '2021-11-05'
    >>> str(parse_machine_date("Mon Oct 11 14:57:21 CEST 2021", dt.date(2024, 1, 1)))
    '2021-10-11'
    """
    text = value.strip()
    utc = _UTC_STAMP.match(text)
    if utc:
        # A UTC stamp late in the evening is the next day in Central Europe, where the page was.
        stamp = dt.datetime(*(int(part) for part in utc.groups()), tzinfo=dt.timezone.utc)
        local = stamp + _central_european_offset(stamp)
        text = local.date().isoformat()
    java = _JAVA_STAMP.match(text)
    if java:
        # Java's Date.toString(), written by some CMS: "Mon Oct 11 14:57:21 CEST 2021", local time
        month = _JAVA_MONTHS.index(java.group(1).lower()) + 1
        return _make(int(java.group(3)), month, int(java.group(2)), today)
    match = _COMPACT.match(text)
    if match is None:
        match = _ISO.match(text)
    if match is None:
        return find_date(text, today)
    day = match.group("day")
    return _make(int(match.group("year")), int(match.group("mon")), int(day) if day else None, today)


def _central_european_offset(stamp: dt.datetime) -> dt.timedelta:
    """The offset of Europe/Berlin at a UTC instant, from the time-zone database; without one
    (Windows without tzdata) the EU rule: summer time from the last Sunday in March to the last
    Sunday in October (01:00 UTC both).

    >>> _central_european_offset(dt.datetime(2021, 2, 15, 23, 30, tzinfo=dt.timezone.utc))
    datetime.timedelta(seconds=3600)
    """
    if _BERLIN is not None:
        return stamp.astimezone(_BERLIN).utcoffset() or dt.timedelta(hours=1)
    def last_sunday(month: int) -> dt.datetime:
        day = dt.datetime(stamp.year, month, 31, 1, tzinfo=dt.timezone.utc)
        return day - dt.timedelta(days=(day.weekday() + 1) % 7)

    summer = last_sunday(3) <= stamp < last_sunday(10)
    return dt.timedelta(hours=2 if summer else 1)


def find_dates(text: str, today: dt.date) -> list[tuple[int, Published]]:
    """Every plausible date in a line of text, with its position, in order.

    >>> [str(p) for _, p in find_dates("Erstellt: 16.02.2021, 10:35 Uhr, zuvor 3. März 2020", dt.date(2024, 1, 1))]
    ['2021-02-16', '2020-03-03']
    >>> [str(p) for _, p in find_dates("26 | 01 | 2022 und Jan 04 09:34 2021", dt.date(2024, 1, 1))]
    ['2022-01-26', '2021-01-04']
    """
    if not _TWO_DIGITS.search(text):
        return []  # every form below holds a year of two digits or more
    found: dict[int, Published] = {}
    spans: list[tuple[int, int]] = []

    def add(match: re.Match[str], value: Published | None) -> None:
        if value is None or any(s <= match.start() < e for s, e in spans):
            return
        spans.append(match.span())
        found[match.start()] = value

    for match in _DAY_MONTH_YEAR.finditer(text):
        add(match, _make(int(match.group("year")), _MONTHS[match.group("month").lower()],
                         int(match.group("day")), today))
    for match in _MONTH_DAY_YEAR.finditer(text):
        add(match, _make(int(match.group("year")), _MONTHS[match.group("month").lower()],
                         int(match.group("day")), today))
    for match in _MONTH_DAY_TIME_YEAR.finditer(text):
        add(match, _make(int(match.group("year")), _MONTHS[match.group("month").lower()],
                         int(match.group("day")), today))
    for match in _BARRED.finditer(text):
        add(match, _make(int(match.group("year")), int(match.group("mon")), int(match.group("day")), today))
    for match in _ISO.finditer(text):
        day = match.group("day")
        add(match, _make(int(match.group("year")), int(match.group("mon")),
                         int(day) if day else None, today))
    for match in _DOTTED.finditer(text):
        add(match, _make(_full_year(match.group("year")), int(match.group("mon")),
                         int(match.group("day")), today))
    for match in _SLASHED.finditer(text):
        add(match, _make(int(match.group("year")), int(match.group("mon")),
                         int(match.group("day")), today))
    for match in _MONTH_YEAR.finditer(text):
        add(match, _make(int(match.group("year")), _MONTHS[match.group("month").lower()], None, today))
    return sorted(found.items())


def find_date(text: str, today: dt.date) -> Published | None:
    """The first plausible date in a text, or None.

    >>> str(find_date("16. Februar 2021", dt.date(2024, 1, 1))), str(find_date("16.2.21", dt.date(2024, 1, 1)))
    ('2021-02-16', '2021-02-16')
    """
    dates = find_dates(text, today)
    return dates[0][1] if dates else None


def labelled_dates(line: str, today: dt.date) -> tuple[Published | None, Published | None, bool]:
    """Read "Erstellt: … Aktualisiert: …" style lines: (published, modified, labelled).

    `labelled` says whether the line carried a date label at all (even with empty values, as in
    "Erstellt: Aktualisiert:"), so callers can drop such lines from the body.

    >>> p, m, _ = labelled_dates("Erstellt: 16.02.2021, 10:35 Uhr Aktualisiert: 17.02.2021", dt.date(2024, 1, 1))
    >>> str(p), str(m)
    ('2021-02-16', '2021-02-17')
    >>> [str(d) for d in labelled_dates("11.01.2022, 09:50 Uhr / Aktualisiert am 21.01.2022", dt.date(2024, 1, 1))[:2]]
    ['2022-01-11', '2022-01-21']
    """
    labels = sorted([(m.start(), m.end(), "published") for m in _PUBLISHED_LABEL.finditer(line)]
                    + [(m.start(), m.end(), "modified") for m in _MODIFIED_LABEL.finditer(line)])
    if not labels:
        return None, None, False
    published = modified = None
    for index, (_, end, kind) in enumerate(labels):
        stop = labels[index + 1][0] if index + 1 < len(labels) else len(line)
        value = find_date(line[end:stop], today)
        if value is None:
            continue
        if kind == "published" and published is None:
            published = value
        elif kind == "modified" and modified is None:
            modified = value
    if published is None and labels[0][2] == "modified":
        # "11.01.2022, 09:50 Uhr / Aktualisiert am 21.01.2022": the day before the update label
        # is the publication's
        before = find_date(line[:labels[0][0]], today)
        published = before if before and before.precision == "day" else None
    return published, modified, True


def is_date_line(line: str, today: dt.date) -> bool:
    """True for a line that is only a date (with weekday, time, "Uhr" or a label around it).

    >>> is_date_line("Dienstag, 16. Februar 2021, 10:35 Uhr", dt.date(2024, 1, 1))
    True
    >>> is_date_line("Die Regel bleibt bis März 2021 in Kraft.", dt.date(2024, 1, 1))
    False
    """
    if len(line) > DATE_LINE_MAX:
        return False
    dates = find_dates(line, today)
    if not dates:
        return False
    rest = _DATE_ANY.sub(" ", line)
    rest = _DATE_NOISE.sub(" ", rest)
    return not rest.strip(" ,.|-–—:/()")


_DATE_ANY = re.compile("|".join(re.sub(r"\?P<\w+>", "?:", p.pattern)
                                for p in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _MONTH_DAY_TIME_YEAR, _BARRED, _ISO,
                                          _DOTTED, _SLASHED, _MONTH_YEAR)), re.IGNORECASE)
_DATE_NOISE = re.compile(
    r"\b(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|mo|di|mi|do|fr|sa|so|uhr|um|am"
    r"|mez|mesz|cet|cest|vom|ab|bis)\b\.?|\d{1,2}[:.]\d{2}(?:[:.]\d{2})?|" + _PUBLISHED_LABEL.pattern + "|"
    + _MODIFIED_LABEL.pattern, re.IGNORECASE)


def is_labelled_date_line(line: str, today: dt.date) -> bool:
    """True for a short line that is mostly labelled dates ("Stand: 12.02.2021", "Erstellt:
    Aktualisiert:"), never a sentence that holds a label and a date somewhere.

    >>> is_labelled_date_line("Erstellt: 16.02.2021, 10:35 Uhr Aktualisiert: 17.02.2021", dt.date(2024, 1, 1))
    True
    >>> is_labelled_date_line("Die Zahlen werden täglich aktualisiert, die Regel gilt bis März 2021.",
    ...                       dt.date(2024, 1, 1))
    False
    """
    text = line.strip()
    if len(text) > _LABELLED_LINE_MAX:
        return False
    published, modified, labelled = labelled_dates(text, today)
    if not labelled:
        return False
    rest = _DATE_NOISE.sub(" ", _DATE_ANY.sub(" ", text))
    words = [word for word in re.split(r"[\s,.|/()–—-]+", rest) if word]
    if published or modified:
        return len(words) <= _LABELLED_LINE_WORDS
    return not words and len(text) < 60


def strip_dates(line: str, separator: str = " ") -> str:
    """A line without its dates, times, weekdays and date labels: what else it says. A date
    becomes `separator` (" | " keeps the words on its two sides apart).

    >>> strip_dates("Dienstag, 16. Februar 2021, 10:35 Uhr | Anna Kleiser").strip(" ,|")
    'Anna Kleiser'
    >>> strip_dates("Tine 2. Februar 2020 Radtouren", separator=" | ")
    'Tine | Radtouren'
    """
    return re.sub(r"\s{2,}", " ", _DATE_NOISE.sub(" ", _DATE_ANY.sub(separator, line))).strip()
