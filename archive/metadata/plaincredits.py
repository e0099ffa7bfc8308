"""Names a plain copy shows without a byline's label, and the evidence that they name the writer.

A bare name in a copy's header is as often a caption (the person pictured), an interviewee or a
menu item as the author, so it counts only with evidence: a date beside it, a newsroom role under
it ("Mitglied der Vereinsblatt-Redaktion"), standing alone under the teaser while the text never
mentions it, or - for a single first name beside the date ("Tine 2. Februar 2020") - the copy
showing that name again on a line of its own (the post's signature or author box).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Sequence

from archive.metadata.authors import Byline, parse_name_line
from archive.metadata.dates import find_dates, labelled_dates
from archive.metadata.findings import TextFindings
from archive.metadata.metalines import read_meta_line

# A newsroom's role under a byline; a pictured person's office ("Bürgermeister der Stadt") is none.
_NEWSROOM_ROLE = re.compile(r"(?i)redakt|autor|korrespondent|reporter|journalist|volontär|kolumnist|moderator")
_ROLE_MAX = 60
# A single name shown alone must stand apart, not in a run of tags or menu items.
_SHORT_NEIGHBOUR_WORDS = 3
_NAME = r"(?P<name>[A-ZÄÖÜ][\w.'\-]+(?:\s(?:[A-ZÄÖÜ][\w.'\-]+|von|van|de|zu)){1,3})"
# A blog's syndication note: "X • Dieser Beitrag … erschien zuerst im Blog …".
_SYNDICATION_NOTE = re.compile(r"^" + _NAME + r"\s*[•·|–—-]\s*Diese[rs]?\s+(?:Beitrag|Artikel|Text|Post)\b"
                               r".{0,200}?\bzuerst\b")
# The teaser presenting the writer: "In diesem Bericht verrät Dir X, wie er …".
_PIECE_INTRO = re.compile(r"\bIn diesem (?:Bericht|Beitrag|Artikel|Text|Post|Blogpost|Ratgeber|Video)\s+"
                          r"(?:verrät|erklärt|zeigt|beschreibt|schildert|erzählt)\s+(?:dir|Dir|Ihnen|euch)\s+"
                          + _NAME + r"\s*,")
# An author box: "Über den Autor" / "Zur Autorin: X ist …", its name alone or opening the bio.
_AUTHOR_BOX = re.compile(r"^(?:Über\s+(?:den\s+Autor|die\s+Autorin)|Zum\s+Autor|Zur\s+Autorin|Der\s+Autor"
                         r"|Die\s+Autorin)\s*(?::\s*(?P<rest>.*))?$")
_BIO_OPENING = re.compile(r"^" + _NAME.replace("{1,3})", "{1,3}?)")
                          + r"\s+(?:ist|war|arbeitet|lebt|schreibt|studierte|berichtet|leitet)\b")
# A press release's sender with the press office's department: "Dr. X Abteilung Öffentlichkeitsarbeit".
_SENDER = re.compile(r"^" + _NAME.replace("{1,3})", "{1,3}?)")  # the shortest name: "X Abteilung" is none
                     + r"\s+(?:(?:Abteilung|Referat|Stabsstelle|Bereich)\s+)?(?:Presse-\s+und\s+)?"
                     r"(?:Öffentlichkeitsarbeit|Pressestelle|Kommunikation|Hochschulkommunikation"
                     r"|Unternehmenskommunikation|Pressesprecher(?:in)?)$")


def beside_a_date(lines: Sequence[Any], index: int, today: dt.date, reach: int = 1) -> bool:
    """True when one of the `reach` non-empty lines before or after `lines[index]` (objects with a
    `text`) is a short line with a date ("16.02.2021", "Veröffentlicht am …")."""
    near = [i for i in range(index - 1, -1, -1) if lines[i].text][:reach] + [
        i for i in range(index + 1, len(lines)) if lines[i].text][:reach]
    for other in near:
        if 0 <= other < len(lines) and len(lines[other].text) <= 120 and (
                find_dates(lines[other].text, today) or labelled_dates(lines[other].text, today)[2]):
            return True
    return False


def newsroom_role(text: str) -> bool:
    """A short line naming the writer's place in a newsroom, not a sentence.

    >>> newsroom_role("Mitglied der Tonight News-Redaktion"), newsroom_role("Bürgermeister der Stadt")
    (True, False)
    """
    return len(text) <= _ROLE_MAX and not re.search(r"[.!?]$", text) and bool(_NEWSROOM_ROLE.search(text))


def name_with_role(lines: Sequence[Any], index: int) -> Byline | None:
    """The byline of a bare name with a newsroom role on the next line of its block.

    >>> class L:
    ...     def __init__(self, text, block=0): self.text, self.block = text, block
    >>> name_with_role([L("Lena Kowalski"), L("Mitglied der Vereinsblatt-Redaktion")], 0).authors
    ('Lena Kowalski',)
    """
    if index + 1 >= len(lines) or lines[index + 1].block != lines[index].block:
        return None
    byline = parse_name_line(lines[index].text)
    if byline and len(byline.authors) == 1 and newsroom_role(lines[index + 1].text):
        return byline
    return None


def never_mentioned(byline: Byline, texts: Sequence[str]) -> bool:
    """True when no surname of the byline occurs in the texts (a writer's name, not a quoted
    person's or a pictured one's).

    >>> never_mentioned(Byline(("Lena Kowalski",)), ["Kowalski sagt, der Bau habe gedauert."])
    False
    """
    surnames = {author.split()[-1] for author in byline.authors if " " in author}
    return bool(surnames) and not any(name in text for name in surnames for text in texts)


def single_name_shown_again(raw_lines: Sequence[str], found: TextFindings, today: dt.date) -> None:
    """A single first name or handle opening the header's meta line ("Tine 2. Februar 2020
    Radtouren") is the author when the copy shows it again alone on a line (the post's signature,
    the author box); that line leaves the body. A place before a date ("Hemer 18.10.2019") is not
    repeated so.

    >>> found = TextFindings(body="Ein Absatz über die Radtour.\\n\\nTine")
    >>> found.drop("Tine 2. Februar 2020 Radtouren", "meta line (date, credits, category)")
    >>> single_name_shown_again(["Titel", "Tine 2. Februar 2020 Radtouren", "", "Tine"], found, dt.date(2024, 1, 1))
    >>> found.authors, found.body
    (['Tine'], 'Ein Absatz über die Radtour.')
    """
    if found.authors:
        return
    for line, rule in list(found.dropped):
        if not rule.startswith(("meta line", "labelled date line", "byline")):
            continue
        meta = read_meta_line(line, today)
        name = meta.single_name if meta else None
        if name and _shown_alone(name, raw_lines):
            found.add_byline(Byline((name,)))
            paragraphs = found.body.split("\n\n")
            if name in paragraphs and any(paragraph != name for paragraph in paragraphs):
                # (a text that is only the name keeps it: a line of text is an article)
                found.body = "\n\n".join(paragraph for paragraph in paragraphs if paragraph != name)
                found.drop(name, "signature (the name beside the header's date)")
            return


def writer_in_a_note(raw_lines: Sequence[str], found: TextFindings) -> None:
    """The writer a sentence about the piece names, when no byline did: a syndication note
    ("Lena Kowalski • Dieser Beitrag … erschien zuerst im Blog …"), the teaser presenting the
    writer to the reader ("In diesem Bericht verrät Dir Lena Kowalski, wie …"), a press release's
    sender line ("Dr. Lena Kowalski Abteilung Öffentlichkeitsarbeit"), or an author box ("Über
    den Autor" over "Lena Kowalski ist freie Journalistin …" or over the bare name).

    >>> found = TextFindings()
    >>> writer_in_a_note(["Titel", "In diesem Bericht verrät Dir Lena Kowalski, wie sie angelt."], found)
    >>> found.authors
    ['Lena Kowalski']
    """
    if found.authors:
        return
    texts = [line.strip() for line in raw_lines if line.strip()]
    for index, text in enumerate(texts):
        box = _AUTHOR_BOX.match(text)
        if box:
            # the name on the label's line, else alone or opening the bio on the next line
            after = box.group("rest") or (texts[index + 1] if index + 1 < len(texts) else "")
            bio = _BIO_OPENING.match(after)
            byline = parse_name_line(bio.group("name") if bio else after)
            if byline and len(byline.authors) == 1 and " " in byline.authors[0]:
                found.add_byline(Byline(byline.authors))
                return
        match = _SYNDICATION_NOTE.match(text) or _PIECE_INTRO.search(text) or _SENDER.match(text)
        byline = parse_name_line(match.group("name")) if match else None
        if byline and len(byline.authors) == 1 and " " in byline.authors[0]:
            found.add_byline(Byline(byline.authors))
            return


def _shown_alone(name: str, raw_lines: Sequence[str]) -> bool:
    lines = [line.strip() for line in raw_lines]
    for index, line in enumerate(lines):
        if re.sub(r"^[-–—]\s*", "", line) != name:
            continue
        neighbours = [lines[other] for other in (index - 1, index + 1) if 0 <= other < len(lines)]
        if not any(neighbour and len(neighbour.split()) <= _SHORT_NEIGHBOUR_WORDS for neighbour in neighbours):
            return True
    return False
