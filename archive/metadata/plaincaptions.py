"""Captions in a plain copy: a photo's credit line with the caption and alt text above it, a
video teaser's caption, short lines shown twice; and the header's metadata lines (bylines, date
lines, meta lines) that stand among them and must not go with the captions.

"Jan Beispiel" / "Quelle: Eva Muster" is a pictured person's caption; "Lena Kowalski" /
"Mitglied der Vereinsblatt-Redaktion" / "Foto: …" is the byline over the lead photo.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from archive.metadata import boilerplate
from archive.metadata.agencies import is_bare_dateline, parse_credit, split_dateline_credit, syndication_footer
from archive.metadata.authors import Byline, parse_byline, parse_name_line
from archive.metadata.dates import find_date, is_date_line, is_labelled_date_line, labelled_dates
from archive.metadata.findings import TextFindings
from archive.metadata.metalines import OTHER_BYLINE, byline_date, read_meta_line
from archive.metadata.plaincredits import beside_a_date, name_with_role
from archive.metadata.signatures import name_over_bio

# How many lines at the top of a copy are its header (bylines, dates, the lead photo).
HEADER_LINES = 10
# A paragraph of text: a credit line after one is no header line ("Quelle: Verband, 2. Februar 2022").
_TEXT_PARAGRAPH = 150


def metadata_line(text: str, found: TextFindings, today: dt.date, *, headline_seen: bool = True) -> bool:
    """Record a byline, date line or meta line; True if the line was one (and so is not text).

    Above the headline a meta line must open with its date: a headline may name a date
    ("Kreismeisterschaften in Aalen, 19.5.2007")."""
    byline = parse_byline(text)
    extra = OTHER_BYLINE.match(text)
    if not byline and extra:
        byline = parse_byline(f"Von {extra.group('names')}")
    if byline:
        found.add_byline(byline)
        byline_date(text, found, today)
        found.drop(text, "byline")
        return True
    if is_bare_dateline(text):
        _, credit = split_dateline_credit(text)
        # "Berlin (dpa/AFP) –" on a line of its own: the copy broke the line after the dateline
        found.add_agencies(credit.agencies, "credit")  # type: ignore[union-attr]
        found.drop(text, "dateline")
        return True
    if is_labelled_date_line(text, today):
        published, modified, _ = labelled_dates(text, today)
        found.set("published", published, "text")
        found.set("modified", modified, "text")
        meta = read_meta_line(text, today)
        if meta:  # "Evgenia Karp Zuletzt geändert am 06.11.2023", "Publiziert am … von uriebe"
            found.add_byline(Byline(meta.authors, meta.agencies, meta.outlet))
        found.drop(text, "labelled date line")
        return True
    if is_date_line(text, today):
        found.set("published", find_date(text, today), "text")
        found.drop(text, "date line")
        return True
    meta = read_meta_line(text, today)
    if meta and (headline_seen or meta.starts_with_date):
        found.set("published", meta.published, "text")
        found.set("modified", meta.modified, "text")
        found.add_byline(Byline(meta.authors, meta.agencies, meta.outlet))
        found.drop(text, "meta line (date, credits, category)")
        return True
    return False


def drop_captions(lines: list[Any], found: TextFindings, today: dt.date) -> list[Any]:
    """Remove image and video captions with their alt texts, and lines shown twice (captions)."""
    keep = [bool(line.text) for line in lines]
    last = max((i for i, line in enumerate(lines) if line.text and not boilerplate.is_noise(line.text)),
               default=-1)
    for index, line in enumerate(lines):
        credit = boilerplate.is_image_credit(line.text)
        if credit and syndication_footer(line.text):
            # "© dpa-infocom, dpa:…" under the text credits the agency with it, not a photo
            found.add_byline(Byline((), ("dpa",)))
            keep[index] = False
            found.drop(line.text, "agency credit (syndication footer)")
            continue
        if credit and index == last and parse_credit(line.text):
            continue  # "Quelle: dpa" closing the article is the article's own credit
        byline = parse_byline(line.text) if credit else None
        if (credit and index < HEADER_LINES and not byline and read_meta_line(line.text, today)
                and not any(len(other.text) >= _TEXT_PARAGRAPH for other in lines[:index])):
            # "Stars 06.11.2023 13:30 von Olga Symbolbild imago": the header's meta line, with the
            # lead photo's credit at its end
            keep[index] = False
            if not metadata_line(line.text, found, today):
                found.drop(line.text, "image credit")
            continue
        if byline and byline.authors:
            # "von Alexander Karper Foto: © GEPA": the byline with the page's photo credit after it
            found.add_byline(byline)
            keep[index] = False
            found.drop(line.text, "byline with a photo credit")
            continue
        if credit or boilerplate.is_video_caption(line.text):
            keep[index] = False
            found.drop(line.text, "image credit" if credit else "video caption")
            # The caption's alt text and caption lines stand right above it in the same block.
            above = [i for i in range(max(0, index - 2), index) if lines[i].block == line.block]
            if credit and len(above) == 2 and index - 2 >= 0 and (index - 3 < 0 or lines[index - 3].block != line.block):
                drop = above
            else:
                drop = above[-1:]
            if (credit and not drop and index > 0 and parse_name_line(lines[index - 1].text)
                    and not beside_a_date(lines, index - 1, today)):
                # "Liam Gavrielides" / (blank) / "Quelle: …": the pictured person; beside the
                # header's date ("26.10.2023" / "Sulaiman Wilms" / "Foto: …") it is the byline
                drop = [index - 1]
            signed = name_with_role(lines, drop[0]) if credit and len(drop) == 2 else None
            if signed:
                # "Lena Kowalski" / "Mitglied der …-Redaktion" / "Foto: …": the byline above the lead photo
                found.add_byline(signed)
                for i in drop:
                    keep[i] = False
                    found.drop(lines[i].text, "byline with its newsroom role")
                drop = []
            for i in drop:
                if len(lines[i].text) < 400:
                    keep[i] = False
                    # the header's date or meta line right above the lead photo's credit is no caption
                    if not (credit and metadata_line(lines[i].text, found, today)):
                        found.drop(lines[i].text, "caption above a credit" if credit else "caption above a video")
                    elif i > 0 and lines[i - 1].block == lines[i].block and parse_name_line(lines[i - 1].text):
                        # "Leena Simon" / "Veröffentlicht am 06.10.2023" / "Bild: …": the byline over the date
                        found.add_byline(parse_name_line(lines[i - 1].text))  # type: ignore[arg-type]
                        keep[i - 1] = False
                        found.drop(lines[i - 1].text, "byline")
    seen: dict[str, int] = {}
    for line in lines:
        if len(line.text) < 200:
            seen[line.text] = seen.get(line.text, 0) + 1
    content = [i for i, line in enumerate(lines) if line.text and not boilerplate.is_noise(line.text)]
    # The headline is often repeated further down: keep it where it heads the page, drop the
    # repeats; other repeated short lines are captions shown twice or quote-box attributions.
    headline_zone = set(content[:3])
    for position, index in enumerate(content[:3]):
        # a caption shown twice stands twice in a row; a repeated headline returns much later
        if any(lines[other].text == lines[index].text for other in content[position + 1: position + 4]):
            headline_zone.discard(index)
    result = []
    kept: set[str] = set()
    for index, line in enumerate(lines):
        if not keep[index]:
            continue
        if seen.get(line.text, 0) > 1 and not boilerplate.is_noise(line.text):
            # (not the headline: a portrait's headline may be a person's name)
            if content and index != content[0] and _repeated_byline(lines, index, found, today):
                continue
            if index not in headline_zone or line.text in kept:
                found.drop(line.text, "repeated line (caption or headline shown twice)")
                continue
            kept.add(line.text)
        result.append(line)
    return result


def _repeated_byline(lines: list[Any], index: int, found: TextFindings, today: dt.date) -> bool:
    """A byline shown twice (under the headline and in the author box at the end) is a byline:
    "Von: X" anywhere, a bare name ("André Borbe") when it first stands in the header beside
    the date (a name shown twice elsewhere is an interviewee, a menu item, a tab)."""
    text = lines[index].text
    byline = parse_byline(text)
    if not (byline and byline.authors) and index < HEADER_LINES and beside_a_date(lines, index, today, reach=2):
        byline = parse_name_line(text)
    if not (byline and byline.authors) and index + 1 < len(lines):
        # "Stefanus" in the header and again over "Stefanus Stahl - Maschinenbauer, …"
        byline = name_over_bio(text, lines[index + 1].text)
    if not (byline and byline.authors) and index < HEADER_LINES and (
            is_date_line(text, today) or is_labelled_date_line(text, today) or parse_credit(text)):
        # "25.01.2022 14:47 Uhr", "dpa am 25.01.2022" in the header and again in the author box
        return metadata_line(text, found, today)
    if not byline or not byline.authors:
        return False
    found.add_byline(byline)
    found.drop(text, "byline (shown twice)")
    return True
