"""The records that flow through the archive: a publication date with its precision, the fields
extracted from one source file, and the stored `Article`.

Pure data: no I/O, no third-party imports.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Literal, Mapping

Precision = Literal["year", "month", "day"]

_ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True, order=True)
class Published:
    """A calendar date known to a precision: a day, a month or only a year.

    `date` is the first day of the period, so sorting by it is chronological.

    >>> Published.parse("2021-02")
    Published(date=datetime.date(2021, 2, 1), precision='month')
    >>> str(Published.parse("2024-10-25"))
    '2024-10-25'
    """

    date: dt.date
    precision: Precision = "day"

    @classmethod
    def parse(cls, text: str) -> "Published":
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise ValueError naming what is wrong."""
        match = _ISO_PARTIAL.match(text.strip())
        if not match:
            raise ValueError(f"not a date: {text!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
        year, month, day = match.groups()
        try:
            if day is not None:
                return cls(dt.date(int(year), int(month), int(day)), "day")
            if month is not None:
                return cls(dt.date(int(year), int(month), 1), "month")
            return cls(dt.date(int(year), 1, 1), "year")
        except ValueError:
            raise ValueError(f"impossible date: {text!r}") from None

    @property
    def last_day(self) -> dt.date:
        """The last day of the period: the date itself, the month's or the year's last day."""
        if self.precision == "day":
            return self.date
        if self.precision == "month":
            days = calendar.monthrange(self.date.year, self.date.month)[1]
            return self.date.replace(day=days)
        return self.date.replace(month=12, day=31)

    def __str__(self) -> str:
        if self.precision == "year":
            return f"{self.date.year:04d}"
        if self.precision == "month":
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()


# Field names that hand-given metadata and provenance labels refer to.
FIELDS = ("title", "teaser", "body", "published", "modified", "outlet", "authors", "agencies",
          "url", "language")


@dataclass(frozen=True)
class Extracted:
    """What one source file says about its article, before hand-given metadata is applied.

    `origins` maps a field name to where its value came from, e.g. {"published": "json-ld",
    "authors": "byline", "outlet": "domain"}; a field that was not found has no entry.
    """

    title: str
    body: str
    teaser: str = ""
    published: Published | None = None
    modified: Published | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    url: str | None = None
    language: str = "de"
    origins: Mapping[str, str] = field(default_factory=dict)
    # Where a record of a multi-record file came from, beyond its path: its format, own id,
    # web address and capture time (a WARC's), e.g. {"format": "warc", "captured": "2024-…"}.
    provenance: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Article:
    """One stored article: the record the store keeps and the index is built from."""

    id: str
    title: str
    teaser: str
    body: str
    published: Published | None
    modified: Published | None
    outlet: str | None
    authors: tuple[str, ...]
    agencies: tuple[str, ...]
    url: str | None
    language: str
    source_path: str
    source_sha256: str
    imported_at: str
    word_count: int
    origins: Mapping[str, str] = field(default_factory=dict)

    def with_values(self, **values: object) -> "Article":
        """A copy with some fields replaced."""
        return replace(self, **values)  # type: ignore[arg-type]


_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")


def count_words(text: str) -> int:
    """Count words the way a reader would: hyphenated and dotted forms count once.

    >>> count_words("Tesla-Chef Elon Musk bot 178.000 Dollar.")
    6
    """
    return len(_WORD.findall(text))
