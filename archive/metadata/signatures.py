"""Names that close an article: a signature with the writer's role under it, a press contact,
a name over its bio.

A copy runs a few short lines past the article ("Kurznachrichtenticker", "Twittern"), so the
writer's name is not always its last line. A bare name counts only with evidence that it signs
the text: a role line under it ("DITIB-Bundesvorsitzender", "Pressesprecher naturstrom AG"), a
contact label over it ("Pressekontakt"), or a bio that starts with it ("Anna Kleiser lehrt …").
"""

from __future__ import annotations

import re

from archive.metadata.authors import Byline, parse_name_line

# A writer's role or function under a signature, as one short line.
_ROLE = re.compile(
    r"(?i)(?:^mitglied\s+der\b|redakteur|redaktion|sprecher|vorsitzende|autor|korrespondent|reporter|leiter"
    r"|präsident|geschäftsführ|chefredakt|journalist|referent|volontär|moderator|pfarrer|bürgermeister"
    r"|bischof|direktor|vorstand|kolumnist)")
_CONTACT = re.compile(r"^(?:presse)?(?:kontakt|ansprechpartner(?:in)?|rückfragen|medienkontakt)\s*:?\s*(?P<rest>.*)$",
                      re.IGNORECASE)
# How a bio goes on after the name; "ist"/"war" only with an occupation ("Abenteuer Astronomie
# ist …" is a magazine's blurb, "Ihr Warenkorb ist leer" a shop's).
_BIO_VERB = re.compile(r"^\s+(?:arbeitet|schreibt|berichtet|lebt|leitet|lehrt|forscht|studierte|studiert"
                       r"|promovierte|unterrichtet)\b")
_IS = re.compile(r"^\s+(?:ist|war)\b")
_OCCUPATION = re.compile(r"(?i)professor|wissenschaftl|histori|gründer|inhaber|fotograf|doktorand|student|lehrer"
                         r"|dozent|ärzt|arzt|anwalt|anwält|berater|trainer|coach|expert|freie[rn]?\b|"
                         + _ROLE.pattern.removeprefix("(?i)"))
_TAIL_MAX = 80
_NAME_THEN_ROLE = re.compile(r"^(?P<name>\S+(?:\s\S+){1,3})\s(?P<role>\S+)$")
_FIRST_NAME = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]{2,}$")
_TAIL_LINES = 4


def role_line(text: str) -> bool:
    """A short line naming a function ("Mitglied der Tonight News-Redaktion"), not a sentence.

    >>> role_line("DITIB-Bundesvorsitzender"), role_line("Pressesprecher naturstrom AG"), role_line("Twittern")
    (True, True, False)
    >>> role_line("Der Sprecher der Polizei bestätigte den Einsatz.")
    False
    """
    return len(text) <= 60 and not re.search(r"[.!?]$", text) and bool(_ROLE.search(text))


def signed_closing(paragraphs: list[str]) -> tuple[Byline, int] | None:
    """The name that signs the text among its last lines, and the index where the signature
    starts (the name, or its contact label); None without evidence.

    >>> signed_closing(["Ein Absatz.", "Kazım Türkmen", "DITIB-Bundesvorsitzender", "Twittern"])
    (Byline(authors=('Kazım Türkmen',), agencies=(), outlet=None), 1)
    >>> signed_closing(["Ein Absatz.", "Kazım Türkmen DITIB-Bundesvorsitzender"])[0].authors
    ('Kazım Türkmen',)
    >>> signed_closing(["Ein Absatz.", "Pressekontakt", "Dr. Tim Loppe", "Tel.: 0211 77900 363"])[1]
    1
    >>> signed_closing(["Ein Absatz.", "Weltweite Strahlkraft", "Twittern"]) is None
    True
    >>> text = "Der Verein hat sein Haus eröffnet, und der Vorstand dankte allen Helfern für die vielen Stunden."
    >>> signed_closing(["Ein Absatz.", text, "Stefan Wasmer", "vor 16 Stunden"])[1]
    2
    >>> signed_closing(["Ein Absatz.", text + " Stefan Wasmer lobte.", "Stefan Wasmer", "vor 16 Stunden"]) is None
    True
    """
    start = max(0, len(paragraphs) - _TAIL_LINES - 1)
    for index in range(len(paragraphs) - 1, start - 1, -1):
        text = paragraphs[index]
        if len(text) > _TAIL_MAX:
            return None  # the article's text: no signature below it
        contact = _CONTACT.match(text)
        if contact and contact.group("rest"):
            byline = parse_name_line(contact.group("rest"))  # "Kontakt: Anna Kleiser"
            if byline:
                return byline, index
        byline = parse_name_line(re.sub(r"^[-–—]\s+", "", text))  # "– Nadja Podbregar"
        name_and_role = _NAME_THEN_ROLE.match(text)
        if not byline and name_and_role and role_line(name_and_role.group("role")) \
                and parse_name_line(name_and_role.group("name")):
            # "Kazım Türkmen DITIB-Bundesvorsitzender": the role's line joined to the name's
            return parse_name_line(name_and_role.group("name")), index  # type: ignore[return-value]
        if not byline:
            continue
        if index > 0 and len(paragraphs[index - 1]) > _TAIL_MAX and not _named_in(byline, paragraphs[:index]):
            # the first short line after the text's last paragraph, a name the text never mentions
            return byline, index
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else ""
        if index > 0 and _CONTACT.match(paragraphs[index - 1]) and not _CONTACT.match(paragraphs[index - 1]).group("rest"):
            return byline, index - 1
        if role_line(following):
            return byline, index
    return None


def _named_in(byline: Byline, paragraphs: list[str]) -> bool:
    words = {word for author in byline.authors for word in author.split() if len(word) > 2}
    return any(word in paragraph for paragraph in paragraphs for word in words)


_SURNAME = re.compile(r"\s+[A-ZÄÖÜ][\w\-]+(?=\s*[-–—,]\s)")


def name_over_bio(text: str, following: str) -> Byline | None:
    """A bare name over a bio that starts with it ("Anna Kleiser" / "Anna Kleiser lehrt …").

    >>> name_over_bio("Anna Kleiser", "Anna Kleiser lehrt Geschichte in Zürich.").authors
    ('Anna Kleiser',)
    >>> name_over_bio("Anna Kleiser", "Anna Kleiser sagte, der Bau sei teuer.") is None
    True
    >>> name_over_bio("Anna Kleiser", "Anna Kleiser ist Fotografin in Wien.").authors
    ('Anna Kleiser',)
    >>> name_over_bio("Abenteuer Astronomie", "Abenteuer Astronomie ist das Magazin für alle.") is None
    True
    >>> name_over_bio("Anna", "Anna Kleiser - Reporterin und Radfahrerin, seit 2002 unterwegs.").authors
    ('Anna Kleiser',)
    >>> name_over_bio("Anna", "Anna Kleiser, eine Nachbarin, fand den Hund.") is None
    True
    """
    byline = parse_name_line(text)
    # the line itself, then a surname: re.escape(text) + _SURNAME without a pattern per line
    opening = text.strip()
    surname = _SURNAME.match(following, len(opening)) if following.startswith(opening) else None
    if _FIRST_NAME.match(opening) and surname and parse_name_line(following[:surname.end()]):
        # "Stefanus" / "Stefanus Stahl - Maschinenbauer, …": the box's full name opens the bio
        full = following[:surname.end()]
        role = following[len(full):].lstrip(" -–—,")
        return parse_name_line(full) if _OCCUPATION.search(re.split(r"[.!?]\s", role)[0]) else None
    if not byline or len(byline.authors) != 1:
        return None
    name = byline.authors[0]
    rest = following[len(name):] if following.startswith(name) else ""
    sentence = re.split(r"(?<=[.!?])\s", rest, maxsplit=1)[0]
    if _BIO_VERB.match(rest) or (_IS.match(rest) and _OCCUPATION.search(sentence)):
        return byline
    return None
