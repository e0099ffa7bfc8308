"""Where a plain-text copy shows its outlet: a dateline credit, a "©" or "Quelle:" credit, a
staff compound, a line that is only the outlet's name, its domain in a short closing line.

Nothing is invented: every cue must name an outlet the registry knows, and a name that merely
appears in running text ("der Spiegel brachte in Erfahrung", "auf Utopia.de fand ich …") is no
cue. Only the positions where sites credit themselves count.
"""

from __future__ import annotations

import collections
import re

from archive.metadata.outlets import known_outlet, outlet_from_url

_CREDIT_LINE_MAX = 90
_NAME_LINE_MAX = 40
# How many lines at the top and the bottom of a copy are its header and footer.
_EDGE = 8
_DOMAIN = r"[\w\-]+(?:\.[\w\-]+)*\.(?:de|com|at|ch|net|org|info|eu|li|lu|it|io|tv|fm)"
# "(Motorsport-Total.com) - Alfa …", "Rom (kath.net/as) Freitag …", "(futurezone) Erstellt am …"
_PAREN_DATELINE = re.compile(r"^(?:[A-ZÄÖÜ][\w.\-]+(?:\s[A-ZÄÖÜ][\w.\-]+){0,2}\s*)?\((?P<credit>[^()]{2,40})\)"
                             r"\s*(?:[-–—:]\s*)?(?=\S)")
# "Motorsport-Magazin.com - Der Start …", "fluter.de: In Südkorea …": a domain opening the text
_DOMAIN_DATELINE = re.compile(r"^(?P<credit>" + _DOMAIN + r")\s*(?:[-–—]\s|:\s)", re.IGNORECASE)
# "© deutsche-handwerks-zeitung.de - Alle Rechte vorbehalten", "Textquelle: © LAOLA1.at", "©5 Minuten"
_COPYRIGHT = re.compile(r"^(?:(?:Text)?[Qq]uelle\s*:\s*)?(?:(?:©|\(c\)|Copyright)\s*)+"
                        r"(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?P<credit>.+)$")
_RIGHTS_FIRST = re.compile(r"^(?:alle rechte vorbehalten|all rights reserved)\W*(?=©)", re.IGNORECASE)
# The publisher's company form and seat after its name: "Süddeutsche Zeitung GmbH, München".
_COMPANY_TAIL = re.compile(r"(?:\s+(?:GmbH|AG|KG|SE|Verlag)(?:\s*(?:&|und)\s*Co\.?\s*KG)?)?"
                           r"(?:,\s*[A-ZÄÖÜ][\w\-]+)?$")
_SOURCE = re.compile(r"^(?:Text)?[Qq]uelle\s*:\s*(?P<credit>.+)$")
_CREDIT_TAIL = re.compile(r"\s*(?:[-–—|,]\s*)?(?:alle rechte vorbehalten.*|all rights reserved.*|\(.*\)"
                          r"|\d{4}(?:\s*[-–]\s*\d{4})?|(?:vom\s+)?\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4})$", re.IGNORECASE)
# Compounds a site forms with its own name: "GIGA-Experte", "TagesWoche-Redaktion", "idw-News App".
_COMPOUND = re.compile(r"^(?P<name>[\w.]{2,30})-(?:Redaktion|Redakteur(?:in)?|Experte|Expertin|Autor(?:in)?|News"
                       r"|Berechnung|Recherche|Umfrage|Analyse|Team)\b")
# Outlets named by a common word: alone on a line they are a caption label ("Bild:"), a weekday
# ("Freitag") or a heading, far more often than the site's name.
_COMMON_WORDS = frozenset("""bild welt zeit freitag stern standard kurier profil blick heute express bunte echo
bote presse falter woche tag merkur spiegel focus news""".split())
_STUDIO_CUE = re.compile(r"\b([\w&.]{2,30})-(?:Studio|Hauptstadtstudio|Landesstudio|Korrespondent(?:in)?)\b")
_ROLE_CUE = re.compile(r"\b(?:Korrespondent(?:in)?|Redakteur(?:in)?|Reporter(?:in)?|Volontär(?:in)?|Autor(?:in)?"
                       r"|Moderator(?:in)?)\s+(?:im|beim|bei|für|der|des|von)\s+(?:dem\s+|der\s+|das\s+)?"
                       r"(?:\w+(?:ressort|redaktion)\s+(?:der|des|von)\s+)?([\w&.\-]{2,30}(?:\s[\w&.\-]{2,20})?)")
# An interview's question under the interviewing outlet's name: "AZ: Herr Sergio, … gerechnet?",
# "SPIEGEL: Frau X, …?" (a common word such as "Bild:" only when it addresses the interviewee).
_INTERVIEWER = re.compile(r"^(?P<name>[\w&.\-]{2,20}(?:\s[\w&.\-]{2,20})?):\s+(?P<address>(?:Herr|Frau)\s)?[^?]{0,300}\?")
# The site's own link box: "Weiterlesen auf Utopia.de:", "Mehr auf spiegel.de".
_READ_MORE = re.compile(r"^(?:Weiterlesen|Mehr|Mehr dazu|Lesen Sie mehr|Lesen Sie weiter)\s+(?:auf|bei)\s+"
                        r"(?P<domain>[\w&.!\-]+(?:\s[\w&.!\-]+){0,2})\s*:?$", re.IGNORECASE)
# The print edition's note on the outlet's site: "Dieser Text erschien in der Printausgabe der SZ."
_PRINT_EDITION = re.compile(r"\b(?:erschien|erschienen|stammt)\s+(?:\w+\s+)?(?:in|aus)\s+der\s+(?:Print|gedruckten\s+)?"
                            r"[Aa]usgabe\s+(?:der|des|von)\s+(?P<name>[\w&.!\-]+(?:\s[\w&.!\-]+){0,2})")
# A header row of department and outlet: "Politik · Süddeutsche Zeitung".
_ROW_SEPARATOR = re.compile(r"\s*[·•|]\s*")
# The site speaking to its reader by its own name: "FOCUS Online gibt Ihnen in diesem Artikel …",
# "Wo Sie … sehen, verrät COMPUTER BILD ebenfalls." A third party is cited ("Wie X berichtet, …")
# or quoted, and it tells someone else ("X gibt den Radfahrern recht"), so neither counts.
_TELLING = r"(?:verrät|verraten|zeigt|zeigen|erklärt|erklären|gibt|geben|sagt|sagen|nennt|nennen|liefert|liefern)"
_READER = re.compile(r"\b(?:Sie|Ihnen|du|dir|Dir|euch)\b")
_NAME_TELLS_READER = re.compile(r"(?P<name>(?:[\w&.!\-]+\s){1,3})" + _TELLING + r"\s+(?:Ihnen|dir|Dir|euch)\b")
_TELLS_NAME = re.compile(r"\b" + _TELLING + r"\s+(?:Ihnen\s+|dir\s+|Dir\s+|euch\s+)?"
                         r"(?P<name>[\w&.!\-]+(?:\s[\w&.!\-]+){0,2})")
_CITATION = re.compile(r"^(?:Wie|Laut|Nach|Zufolge|So)\b|[„“”\"«»]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# A site's disclaimer or promotion names its contents on it: "Meinungen in Beiträgen auf
# Infosperber …", "… ergänzt aktuelle Nachrichten auf die-tagespost.de …" (one article read on a
# site, "den Artikel auf spiegel.de", is no such line).
_SITE_CONTENTS = re.compile(r"\b(?:Beiträgen?|Nachrichten|Artikeln|Inhalten?|Texten|Meldungen|Podcasts|Videos)\s+"
                            r"(?:\w+\s+)?auf\s+(?P<name>[\w&.!\-]+(?:\s[\w&.!\-]+)?)")
# A writer's bio: "Lena Kowalski ist Redakteurin im Ressort Politik der Süddeutschen Zeitung."; only
# there an outlet's inflected name ("der Süddeutschen Zeitung", "des Spiegels") is read.
_BIO_ROLE = re.compile(r"^[A-ZÄÖÜ][\w.\-]+(?:\s[A-ZÄÖÜ][\w.\-]+){1,3}\s+"
                       r"(?:ist|war|arbeitet\s+als|schreibt\s+als)\s+"
                       r"(?:freie[rn]?\s+)?(?:Korrespondent(?:in)?|Redakteur(?:in)?|Reporter(?:in)?|Volontär(?:in)?"
                       r"|Autor(?:in)?|Kolumnist(?:in)?)\b[^.]{0,80}?\b(?:der|des|beim|im|bei|für\s+die|für\s+den)\s+"
                       r"(?P<name>[\w&.\-]+(?:\s[\w&.\-]+){0,2})\s*\.?$")
_PERSON_COMMA = re.compile(r"^[A-ZÄÖÜ][\w.\-]+(?:\s[A-ZÄÖÜ][\w.\-]+){1,3},\s+")


def outlet_in_lines(lines: list[str]) -> str | None:
    """The outlet a copy credits itself with, from its header and footer lines; None without a cue.

    >>> outlet_in_lines(["Titel", "(Motorsport-Total.com) - Alfa Romeo wird sein Auto zeigen."])
    'Motorsport-Total.com'
    >>> outlet_in_lines(["Titel", "Text.", "© deutsche-handwerks-zeitung.de - Alle Rechte vorbehalten"])
    'Deutsche Handwerks Zeitung'
    >>> outlet_in_lines(["Titel", "Wie der Spiegel in Erfahrung brachte, kommt die Regel."]) is None
    True
    """
    texts = [line.strip() for line in lines if line.strip()]
    # an interview asks under its outlet's name more than once ("SPIEGEL: Warum …?"); one such
    # line is as often a cited piece's title ("Deutschlandfunk: Macht Mozart schlau?")
    askers = collections.Counter(match.group("name") for match in map(_INTERVIEWER.match, texts) if match)
    for name, count in askers.most_common():
        if count >= 2 and name.casefold() not in _COMMON_WORDS and known_outlet(name):
            return known_outlet(name)
    for index, text in enumerate(texts):
        # credits stand anywhere (under a table, a photo, a bio); a bare name or a domain only
        # counts in the header and the footer, where sites name themselves
        edge = index < _EDGE or index >= len(texts) - _EDGE
        outlet = line_outlet(text, edge=edge)
        if outlet:
            return outlet
    for text in texts:
        outlet = outlet_addressing_reader(text)
        if outlet:
            return outlet
    for text in texts[-_EDGE:]:
        match = _SITE_CONTENTS.search(text)
        outlet = match and _leading_outlet(match.group("name"))
        if outlet:
            return outlet
    for text in texts:
        match = _BIO_ROLE.match(text) or _PRINT_EDITION.search(text)
        outlet = match and (_leading_outlet(match.group("name")) or _leading_outlet(_uninflected(match.group("name"))))
        if outlet:
            return outlet
    return None


def _uninflected(name: str) -> str:
    """An outlet's name as the registry writes it, from its dative or genitive form.

    >>> _uninflected("Süddeutschen Zeitung"), _uninflected("Spiegels"), _uninflected("Frankfurter Allgemeinen Zeitung")
    ('Süddeutsche Zeitung', 'Spiegel', 'Frankfurter Allgemeine Zeitung')
    """
    words = name.split()
    if len(words) == 1:
        return re.sub(r"(?<=[a-zäöü]{3})s$", "", name)
    return " ".join(re.sub(r"(?<=[a-zäöü]e)n$", "", word) if index < len(words) - 1 else word
                    for index, word in enumerate(words))


def outlet_addressing_reader(text: str) -> str | None:
    """The outlet a sentence of the text names as the one telling its reader something.

    >>> outlet_addressing_reader("Wo Sie parken können, verrät Spiegel Online ebenfalls.")
    'DER SPIEGEL'
    >>> outlet_addressing_reader("Wie Spiegel Online berichtet, sollten Sie warten.") is None
    True
    """
    for sentence in _SENTENCE_END.split(text):
        if not _READER.search(sentence) or _CITATION.search(sentence):
            continue
        for match in _NAME_TELLS_READER.finditer(sentence):
            outlet = _trailing_outlet(match.group("name"))
            if outlet:
                return outlet
        for match in _TELLS_NAME.finditer(sentence):
            outlet = _leading_outlet(match.group("name"))
            if outlet:
                return outlet
    return None


def _leading_outlet(words: str) -> str | None:
    """The known outlet the words start with, longest first ("COMPUTER BILD ebenfalls")."""
    parts = words.split()
    for size in range(len(parts), 0, -1):
        outlet = _named_outlet(" ".join(parts[:size]))
        if outlet:
            return outlet
    return None


def _trailing_outlet(words: str) -> str | None:
    """The known outlet the words end with, longest first ("Tipps? FOCUS Online")."""
    parts = words.split()
    for start in range(len(parts)):
        outlet = _named_outlet(" ".join(parts[start:]))
        if outlet:
            return outlet
    return None


def _named_outlet(name: str) -> str | None:
    """A known outlet by a name that is not a common word, with or without its article."""
    name = name.strip(" .,;:!?")
    bare = re.sub(r"^(?:der|die|das|dem|den)\s+", "", name, flags=re.IGNORECASE)
    if not bare or bare.casefold() in _COMMON_WORDS:
        return None
    return _credited(name)


def line_outlet(text: str, *, edge: bool = True) -> str | None:
    """The outlet one line credits: a dateline credit, a "©"/"Quelle:" credit, a staff compound
    at the line's start or after a name ("Marco Kratzenberg, GIGA-Experte für …"), a domain in a
    short line, or the line itself when it is only a known outlet's name.

    >>> line_outlet("Rom (kath.net/as) Freitag der Woche …"), line_outlet("Textquelle: © LAOLA1.at")
    ('kath.net', 'Laola1')
    >>> line_outlet("Max Muster, GIGA-Experte für Windows.")
    'GIGA'
    """
    for pattern in (_PAREN_DATELINE, _DOMAIN_DATELINE):
        match = pattern.match(text)
        if match:
            outlet = _credited(match.group("credit").split("/")[0])
            if outlet:
                return outlet
    interviewer = _INTERVIEWER.match(text)
    if interviewer and interviewer.group("address"):
        outlet = known_outlet(interviewer.group("name"))
        if outlet:
            return outlet
    read_more = _READ_MORE.match(text)
    if read_more and _named_outlet(read_more.group("domain")):
        return _named_outlet(read_more.group("domain"))
    if len(text) <= _CREDIT_LINE_MAX:
        credit_text = _RIGHTS_FIRST.sub("", text)
        for pattern in (_COPYRIGHT, _SOURCE):
            match = pattern.match(credit_text)
            if match:
                credit = _CREDIT_TAIL.sub("", match.group("credit")).strip(" :")
                outlet = (_credited(credit) or _compound(credit) or _credited(credit.split("/")[0])
                          or _credited(_COMPANY_TAIL.sub("", credit, count=1)))
                if outlet:
                    return outlet
        outlet = _compound(_PERSON_COMMA.sub("", text))
        if outlet:
            return outlet
        for domain in re.findall(_DOMAIN, text, flags=re.IGNORECASE):
            if edge and len(text) <= 60 and outlet_from_url(domain):
                return outlet_from_url(domain)
    if edge and len(text) <= _NAME_LINE_MAX and not text.endswith(":") and text.casefold() not in _COMMON_WORDS:
        outlet = known_outlet(text.strip(" ."))
        if outlet:
            return outlet
    parts = _ROW_SEPARATOR.split(text)
    if edge and len(text) <= 60 and len(parts) == 2 and all(len(part.split()) <= 3 for part in parts):
        return _named_outlet(parts[0]) or _named_outlet(parts[1])
    return None


def _credited(name: str) -> str | None:
    name = name.strip(" .:")
    if not name:
        return None
    return known_outlet(name) or (outlet_from_url(name) if re.fullmatch(_DOMAIN, name, re.IGNORECASE) else None)


def _compound(text: str) -> str | None:
    match = _COMPOUND.match(text)
    return known_outlet(match.group("name")) if match else None


def outlet_in_roles(lines: list[str]) -> str | None:
    """The outlet a staff role names: "ZDF-Studio Brüssel", "Korrespondentin im ARD-Hauptstadtstudio",
    "Redakteur beim Vereinsblatt"; only outlets the registry knows.

    >>> outlet_in_roles(["Titel", "Anna Kleiser ist Korrespondentin beim Spiegel."])
    'DER SPIEGEL'
    """
    for line in lines:
        for pattern in (_STUDIO_CUE, _ROLE_CUE):
            for match in pattern.finditer(line):
                name = match.group(1)
                outlet = known_outlet(name) or known_outlet(name.split()[0])
                if outlet:
                    return outlet
    return None
