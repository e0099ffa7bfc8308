"""The findings record the cascades fill in, field by field, first (most trusted) value first."""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.metadata.authors import Byline
from archive.model import Published


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

    def set(self, name: str, value: object, origin: str) -> None:
        """Set a field once: the first (most trusted) finding wins."""
        if value and not getattr(self, name):
            setattr(self, name, value)
            self.origins[name] = origin

    def add_byline(self, byline: Byline) -> None:
        """Merge a byline's persons, agencies and outlet cue."""
        for author in byline.authors:
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
