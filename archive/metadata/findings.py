"""The findings record the cascades fill in, field by field, first (most trusted) value first."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Mapping

from archive.metadata.authors import Byline
from archive.model import Published

# The key under which the lines extraction dropped travel in `origins` (as JSON text, so the
# mapping stays str → str and the store keeps it with the origins, no new column needed).
DROPPED_KEY = "dropped"
_DATE_WORD_AFTER_NAME = re.compile(r"(?<=\S)\s+(?:Vom|Am|Um|On|Veröffentlicht|Aktualisiert)$")


@dataclass
class TextFindings:
    """What a source shows about its article; `origins` names where each found field came from."""

    title: str = ""
    teaser: str = ""
    body: str = ""
    published: Published | None = None
    modified: Published | None = None
    authors: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    outlet: str | None = None
    url: str | None = None
    origins: dict[str, str] = field(default_factory=dict)
    # Every source line not kept in title, teaser, body or a metadata field: (line, rule).
    dropped: list[tuple[str, str]] = field(default_factory=list)

    def drop(self, line: str, rule: str) -> None:
        """Record a line (or the part of one) that extraction left out, with the rule that did."""
        text = line.strip()
        if text and (text, rule) not in self.dropped:
            self.dropped.append((text, rule))
            self.origins[DROPPED_KEY] = json.dumps(self.dropped, ensure_ascii=False)

    def set(self, name: str, value: object, origin: str) -> None:
        """Set a field once: the first (most trusted) finding wins."""
        if value and not getattr(self, name):
            setattr(self, name, value)
            self.origins[name] = origin

    def add_byline(self, byline: Byline) -> None:
        """Merge a byline's persons, agencies and outlet cue."""
        for author in byline.authors:
            # "Von Jule Radeck Vom 3. Februar 2022": a date's preposition is no part of the name
            author = _DATE_WORD_AFTER_NAME.sub("", author)
            if author not in self.authors:
                self.authors.append(author)
                self.origins.setdefault("authors", "byline")
        self.add_agencies(byline.agencies, "byline")
        if byline.outlet:
            self.set("outlet", byline.outlet, "text-cue")

    def add_agencies(self, agencies: tuple[str, ...] | list[str], origin: str) -> None:
        """Merge agency names, keeping their first-seen order."""
        for agency in agencies:
            if agency not in self.agencies:
                self.agencies.append(agency)
                self.origins.setdefault("agencies", origin)


def dropped_lines(origins: Mapping[str, object]) -> list[tuple[str, str]]:
    """The (line, rule) pairs extraction recorded as dropped, from an origins mapping.

    >>> found = TextFindings()
    >>> found.drop("Anzeige", "furniture")
    >>> dropped_lines(found.origins)
    [('Anzeige', 'furniture')]
    """
    value = origins.get(DROPPED_KEY)
    if not value:
        return []
    try:
        items = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return []
    return [(str(item[0]), str(item[1])) for item in items if isinstance(item, (list, tuple)) and len(item) == 2]
