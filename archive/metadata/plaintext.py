"""The layout of a plain-text copy of a news page: headline, teaser, bylines, dates, body.

A copy keeps the page's reading order but loses its markup, so each line is judged by what it
looks like and where it stands: breadcrumbs and kickers above the headline, bylines and dates
between headline and body, captions inside the body, credits and author boxes at its end.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from archive.metadata import boilerplate
from archive.metadata.agencies import split_dateline_credit
from archive.metadata.body import assemble_body
from archive.metadata.authors import parse_byline, parse_name_line
from archive.metadata.dates import (find_dates, is_date_line, labelled_dates,
                                    parse_machine_date)
from archive.metadata.visibledates import date_from_lines
from archive.metadata.findings import DROPPED_KEY, TextFindings
from archive.metadata.metalines import join_split_bylines, read_meta_line
from archive.metadata.plaincaptions import drop_captions, metadata_line
from archive.metadata.plaincredits import (beside_a_date, name_with_role, never_mentioned, single_name_shown_again,
                                          writer_in_a_note)
from archive.metadata.outletcues import outlet_in_lines, outlet_in_roles
from archive.metadata.outlets import known_outlet, outlet_from_url

_DATE_MARKER = re.compile(r"^\s*date\s+(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:\s+|$)")
_CRUMB = re.compile(r"^\d{1,2}\.\s+(\S.{0,40})$")
_URL_LINE = re.compile(r"^(?:(?:URL|Quelle|Source|Link)\s*:\s*)?<?(https?://\S+?)>?$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…:\"“”»«')]$")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"»])")
_MID_SENTENCE = re.compile(r"(?:,|\s[a-zäöüß][\w-]*)$")
# A short line opening with a day and holding no lower-case word ("5. November 2021 Bestellinformationen")
# is a date row of its own, never the wrapped end of the paragraph above it.
_DATE_ROW = re.compile(r"^\d{1,2}\.\s?(?:\d{1,2}\.\s?\d{2,4}|[A-ZÄÖÜ][a-zä]+\.?\s+\d{4})(?:\s+[^a-zäöüß\s]\S*){0,4}$")
_KICKER_MAX_WORDS = 5
_TEASER_MAX = 600
_BODY_MIN = 100
_SUBHEAD_MAX = 150


@dataclass
class _Line:
    text: str
    block: int


def analyse_text(text: str, today: dt.date) -> TextFindings:
    """Read a plain-text copy into its parts.

    >>> found = analyse_text("Kicker\\nDie Schlagzeile des Tages\\n\\nVon: Anna Kleiser\\n\\n"
    ...                      "Ein kurzer Vorspann, der sagt, worum es geht, und neugierig macht.\\n\\n"
    ...                      "Berlin (dpa) - " + "Der erste Absatz erzählt die Nachricht. " * 4, dt.date(2024, 1, 1))
    >>> found.title, found.authors, found.agencies
    ('Die Schlagzeile des Tages', ['Anna Kleiser'], ['dpa'])
    """
    found = TextFindings()
    lines = _split_lines(text, found, today)
    crumbs: list[str] = []
    # Breadcrumbs count 1, 2, …; a headline may start with an ordinal ("13. Karneval der Kulturen").
    while (len(lines) > len(crumbs) and _CRUMB.match(lines[len(crumbs)].text)
           and lines[len(crumbs)].text.startswith(f"{len(crumbs) + 1}.")):
        crumbs.append(_CRUMB.match(lines[len(crumbs)].text).group(1).strip())  # type: ignore[union-attr]
    if len(crumbs) < 2:
        crumbs = []
    for _ in crumbs:
        found.drop(lines.pop(0).text, "breadcrumb")
    _find_url(lines, found)
    join_split_bylines(lines, found, today)
    lines = drop_captions(lines, found, today)
    start = _read_header(lines, found, today)
    assemble_body([line.text for line in lines[start:]], found, today)
    if not found.body:
        _text_is_the_body(lines, found)
    single_name_shown_again(text.split("\n"), found, today)
    writer_in_a_note(text.split("\n"), found)
    if crumbs:
        found.set("outlet", known_outlet(crumbs[0]), "text-cue")
    found.set("outlet", outlet_in_roles([line.text for line in lines]), "text-cue")
    # the copy's own credits ("© site.de", "(Site.com) - …") may have gone with the captions
    found.set("outlet", outlet_in_lines(text.split("\n")), "text-cue")
    if not found.published or found.published.precision != "day":
        # the HTML cascade's last resort, on the copy's lines: a labelled publication date
        # anywhere ("Erscheinungsdatum: …", "Dieser Beitrag wurde am … veröffentlicht",
        # "Pressemitteilung vom …"); never a free-standing date in running text. A month heading
        # ("Januar 2022") counts only when no day is found so (as in the HTML cascade)
        published, modified = date_from_lines([line.strip() for line in text.split("\n")], today)
        # only a day: a hard-wrapped line may open with "Stand November 2020, …" mid-sentence
        published, modified = (value if value and value.precision == "day" else None for value in (published, modified))
        if published and found.published:
            found.published = None
        found.set("published", published, "text")
        found.set("modified", modified, "text")
    if not found.published and found.modified:
        # "Stand: 26.10.2021" as the only date shown: its last change is the best estimate of
        # its publication, as in the HTML cascade (the update date stays `modified` too)
        found.set("published", found.modified, found.origins.get("modified", "text"))
    return found


def _text_is_the_body(lines: list[_Line], found: TextFindings) -> None:
    """A text with a line of text is an article: when the rules left no body, the teaser is the
    body, and when every line was taken for header, the text itself is."""
    if found.teaser:
        found.body, found.teaser = found.teaser, ""
        found.origins.pop("teaser", None)
    else:
        found.body = "\n\n".join(line.text for line in lines if line.text and line.text != found.title)
    if not found.body and found.title:
        found.body = found.title
    if found.body:
        found.origins["body"] = "text"
        kept = found.body
        found.dropped[:] = [(line, rule) for line, rule in found.dropped if line not in kept]
        found.origins[DROPPED_KEY] = json.dumps(found.dropped, ensure_ascii=False)
        if not found.dropped:
            found.origins.pop(DROPPED_KEY)


def _split_lines(text: str, found: TextFindings, today: dt.date) -> list[_Line]:
    raw = text.split("\n")
    # Some copies start with a "date 2023-08" marker written by the tool that saved them.
    for index, line in enumerate(raw):
        if line.strip():
            match = _DATE_MARKER.match(line)
            if match:
                found.set("published", parse_machine_date(match.group(1), today), "text")
                raw[index] = line[match.end():]
            break
    lines: list[_Line] = []
    block = 0
    for line in raw:
        stripped = line.strip()
        if not stripped:
            block += 1
            continue
        previous = lines[-1] if lines else None
        # Hard-wrapped paragraphs: a line that stops mid-sentence continues in lower case, or
        # stops after a small word or a comma ("…und die beteiligten" / "Unternehmen haben …");
        # not under the first lines, where a headline ending in a verb stands above its teaser.
        if (previous and previous.block == block and not _SENTENCE_END.search(previous.text)
                and len(previous.text) > 40 and not _URL_LINE.match(stripped) and not _URL_LINE.match(previous.text)
                and not _DATE_ROW.match(stripped)
                and (stripped[0].islower() or (len(lines) > 2 and _MID_SENTENCE.search(previous.text)
                                               and not _caption_part(previous.text) and not _caption_part(stripped)))):
            previous.text = f"{previous.text} {stripped}"
            continue
        lines.append(_Line(stripped, block))
    return lines


def _caption_part(text: str) -> bool:
    return boilerplate.is_video_caption(text) or boilerplate.is_image_credit(text)


def _find_url(lines: list[_Line], found: TextFindings) -> None:
    """The page's own address: a URL line at the top, else a lone one at the bottom. A list of
    links closing the text ("hier noch ein paar Links!") is the article's, and stays in it."""
    def lone(index: int) -> bool:
        return bool(_URL_LINE.match(lines[index].text)) and not any(
            _URL_LINE.match(lines[other].text) for other in (index - 1, index + 1) if 0 <= other < len(lines))

    top = [lines[i] for i in range(min(3, len(lines))) if lone(i)]
    bottom = [lines[i] for i in range(max(0, len(lines) - 3), len(lines)) if lone(i)]
    chosen = top[:1] or bottom[-1:]
    for line in chosen:
        match = _URL_LINE.match(line.text)
        found.set("url", match.group(1), "text")  # type: ignore[union-attr]
        found.set("outlet", outlet_from_url(match.group(1)), "domain")  # type: ignore[union-attr]
        found.drop(line.text, "URL line (the page's address)")
        line.text = ""


def _noise(text: str, found: TextFindings) -> bool:
    """True (and recorded) for a line of page furniture."""
    if boilerplate.is_noise(text):
        found.drop(text, "page furniture")
        return True
    return False


def _read_header(lines: list[_Line], found: TextFindings, today: dt.date) -> int:
    """Find title, teaser, bylines and dates above the body; return the index where the body starts."""
    index = 0
    while index < len(lines) and (_noise(lines[index].text, found)
                                  or metadata_line(lines[index].text, found, today, headline_seen=False)):
        index += 1
    if index >= len(lines):
        return index
    first = lines[index].text
    if len(first) > 250 or len(first.split()) > 35 or (
            first.endswith(".") and len(_SENTENCE_SPLIT.split(first)) >= 2):
        # No headline line: the copy starts with the standfirst; its first sentence is the title.
        found.set("title", _SENTENCE_SPLIT.split(first)[0], "text")
        found.set("teaser", first, "text")
        return index + 1
    following = _next_text(lines, index + 1, found, today)
    # A kicker ("Promifaktor") stands right above the headline, in its block; a headline followed
    # by a blank line and text is the headline, however short.
    if (len(first.split()) <= _KICKER_MAX_WORDS and not _SENTENCE_END.search(first) and following is not None
            and lines[following].block == lines[index].block
            and len(lines[following].text) > len(first) and len(lines[following].text) <= 250
            and not _SENTENCE_SPLIT.search(lines[following].text)
            and split_dateline_credit(lines[following].text)[1] is None):  # "Berlin (dpa) – …" opens the text
        for skipped in range(index, following):
            found.drop(lines[skipped].text, "kicker")
        index = following
    found.set("title", lines[index].text, "text")
    index += 1
    # Between headline and body: bylines, dates, sub-headlines, author photos, the teaser.
    scanned = 0
    while index < len(lines) and scanned < 10:
        text = lines[index].text
        scanned += 1
        if _noise(text, found) or metadata_line(text, found, today):
            index += 1
            continue
        if parse_name_line(text) and not found.authors:
            found.add_byline(parse_name_line(text))  # type: ignore[arg-type]
            found.drop(text, "byline")
            index += 1
            continue
        if _sentence_like(text):
            if len(text) <= _TEASER_MAX and not found.teaser:
                found.set("teaser", text, "text")
                index += 1
                break
            return index
        if _text_line(text) or len(text) > _SUBHEAD_MAX:
            return index  # a short paragraph ("Die Regel gilt ab Montag.") opens the text
        opening = find_dates(text, today)[:1]
        if opening and opening[0][0] == 0 and opening[0][1].precision == "day" and len(text) <= 200:
            # "1. Februar 2022 <the headline again>", "28.04.2021 - 07:18 | Quelle: … | Lesedauer":
            # a line under the headline that opens with the day is the header's date line
            found.set("published", opening[0][1], "text")
        found.drop(text, "sub-headline or photo line under the headline")
        index += 1
    # After the teaser: more metadata and captions until the first real paragraph.
    scanned = 0
    probe = index
    captions: list[str] = []
    while probe < len(lines) and scanned < 8:
        text = lines[probe].text
        if _noise(text, found) or metadata_line(text, found, today):
            probe += 1
            scanned += 1
            continue
        if not found.authors and parse_name_line(text) and (
                beside_a_date(lines, probe, today) or name_with_role(lines, probe) or _alone_and_unmentioned(lines, probe)):
            # "Christoph von Ritter" under the teaser, beside the date, over a newsroom role, or
            # alone in its block and never named by the text: the byline without its "Von"; else a
            # short line there is a caption or a navigation item
            found.add_byline(parse_name_line(text))  # type: ignore[arg-type]
            found.drop(text, "byline")
            if name_with_role(lines, probe):
                probe += 1
                found.drop(lines[probe].text, "byline's newsroom role")
            probe += 1
            scanned += 1
            continue
        if len(text) >= _BODY_MIN or boilerplate.ends_article(text):
            for caption in captions:
                found.drop(caption, "caption under the teaser")
            return probe
        if _text_line(text) and not _followed_by_furniture(lines, probe):
            return index  # a short paragraph, not a caption: the body starts after the teaser
        captions.append(text)
        probe += 1
        scanned += 1
    return index


def _alone_and_unmentioned(lines: list[_Line], index: int) -> bool:
    """A name alone in its block under the teaser that the text never names is the byline
    ("Ursula Baatz" between standfirst and text); a pictured or quoted person is named in it."""
    byline = parse_name_line(lines[index].text)
    alone = all(lines[other].block != lines[index].block
                for other in (index - 1, index + 1) if 0 <= other < len(lines))
    return bool(byline) and alone and never_mentioned(byline, [line.text for line in lines[index + 1:]])  # type: ignore[arg-type]


def _text_line(text: str) -> bool:
    """A short line of running text: ends like a sentence and has a few words."""
    # ":" and "," close lines that lead into a quote or a list ("Hier der Auszug:"), never a caption
    return len(text.split()) >= 3 and bool(re.search(r"[.!?…:,]\W?$", text))


def _followed_by_furniture(lines: list[_Line], index: int) -> bool:
    # A photo caption under the teaser stands in its block with an ad marker or credit after it.
    after = index + 1
    return (after < len(lines) and lines[after].block == lines[index].block
            and (boilerplate.is_noise(lines[after].text) or boilerplate.is_image_credit(lines[after].text)))


def _next_text(lines: list[_Line], start: int, found: TextFindings, today: dt.date) -> int | None:
    for index in range(start, min(len(lines), start + 3)):
        text = lines[index].text
        if boilerplate.is_noise(text):
            continue
        if (parse_byline(text) or is_date_line(text, today) or labelled_dates(text, today)[2]
                or read_meta_line(text, today)):
            return None
        return index
    return None


def _sentence_like(text: str) -> bool:
    return len(text) >= 60 and bool(_SENTENCE_END.search(text))
