"""Authors: persons only. Bylines are split into persons, agencies and outlet cues.

"Von Anna Kleiser, Washington D.C." -> persons ("Anna Kleiser",), the place dropped;
"Text: W&V Redaktion" -> no person, outlet cue "W&V"; "mbö/AFP" -> the initials "mbö", agency AFP.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.metadata.agencies import canonical_agency
from archive.metadata.namewords import (ADJECTIVE, DESK_WORDS, DOMAIN, HANDLE, NAME_TOKEN, NOT_FIRST_WORDS,
                                        NOT_HANDLES, NOT_NAME_WORDS, ORGANISATION_ENDING, ORGANISATION_OPENING,
                                        PARTICLES, VERB_TOKEN)
from archive.metadata.outlets import canonical_outlet, known_outlet

# Academic and professional titles printed before a name ("Dr. Tim Loppe", "Prof. Dr. med. Anna
# Kleiser", "Dipl.-Ing. Max Muster", Austrian "Mag." and "DI"). They are not part of the name: citation
# styles (APA, Chicago, DIN ISO 690) drop them, and the same person must be one author facet
# whether an outlet prints the title or not. Particles ("von", "v.", "zu") are part of the name.
_TITLES = re.compile(
    r"^(?:(?:Prof|Dr|PD|Priv\.-Doz|Dipl\.-[A-ZÄÖÜ][\w.]*?|Mag|DI|Ing|Dr\.-Ing|Dr\.\s?h\.\s?c|Dres"
    r"|Rechtsanw(?:alt|ältin)|Fachanw(?:alt|ältin))\.?"
    r"(?:\s+(?:med|phil|jur|rer\.\s?nat|rer\.\s?pol|oec|theol|vet|dent|habil|h\.\s?c)\.)*\s+)+"
    r"(?=[A-ZÄÖÜ])")
_NAME_PREFIX = re.compile(r"^(?:(?:author|autor|autorin|written by|posted by|verfasst von|geschrieben von|by|von|"
                          r"text|foto|fotos)\s*:?\s+)+", re.IGNORECASE)
_PARENTHESES = re.compile(r"\s*[(\[][^)\]]*[)\]]")
# A staff role glued to the outlet's name before the person: "SZ-Korrespondentin Lena Kowalski".
_STAFF_ROLE = re.compile(r"^[\w.&]+-(?:Autor|Korrespondent|Redakteur|Reporter|Chefreporter|Kolumnist)(?:in)?"
                         r"\s+(?=[A-ZÄÖÜ])")
_SPLIT = re.compile(r"\s*(?:,|;|/|\+)\s*|\s+(?:&|und|and|sowie)\s+")
_PLACE_TWO_WORDS = frozenset({"new york", "tel aviv", "los angeles", "san francisco", "hong kong",
                              "buenos aires", "rio de", "kuala lumpur", "sao paulo", "st. gallen",
                              "frankfurt am", "halle (saale)", "den haag", "new delhi", "abu dhabi",
                              "washington d.c."})

_BYLINE_PATTERNS = (
    # "Von unserem Korrespondenten X", "Von unserer Redakteurin X": the role goes
    re.compile(r"^(?:von|vom|by)\s*:?\s+(?:unsere[mr]\s+[\w-]+\s+)?(?P<names>.+)$", re.IGNORECASE),
    # CMS footers and headers: "Erstellt von X am …", "Gespeichert von X am …", "Posted by X at …"
    # "Artikel von X"; a copy may glue the name to its label ("Geschrieben vonElisa Marvena").
    re.compile(r"^(?:erstellt|gespeichert|verfasst|geschrieben|veröffentlicht|eingestellt|publiziert|posted|written"
               r"|published|text|texte|worte)\s+(?:von|by)(?:\s*:?\s+|(?=[A-ZÄÖÜ]))(?P<names>.+)$", re.IGNORECASE),
    re.compile(r"^(?i:artikel|beitrag)\s+(?i:von|by)\s*:?\s+(?P<names>[A-ZÄÖÜ].+)$"),  # not "Artikel von gestern"
    re.compile(r"^(?:autor|autorin|autoren|autorinnen|author|authors|verfasst von|geschrieben von"
               r"|texte?|text und fotos?|text & fotos?|text/fotos?|recherche|interview|redakteur|redakteurin"
               r"|reporter|reporterin)\s*:\s*(?P<names>.+)$", re.IGNORECASE),
    # Labels that also head other things ("Redaktion: Vereinsblatt", "Kommentar von gestern"): only
    # full names of persons count. "Interview mit X" names the interviewee, no writer.
    re.compile(r"^(?i:redaktion|gastautor|gastautorin|analyse|kommentar)\s*:\s*(?P<names>[A-ZÄÖÜ].+)$"),
    re.compile(r"^(?i:analyse|kommentar|gastbeitrag|gastkommentar|essay|kolumne|reportage|glosse|rezension"
               r"|leitartikel)\s+(?i:von)\s+(?P<names>[A-ZÄÖÜ].+)$"),
    re.compile(r"^(?:ein|eine|der|die|das)\s+(?:\w+\s+)?(?:analyse|kommentar|gastbeitrag|gastkommentar|essay"
               r"|kolumne|interview|reportage|bericht|beitrag|glosse|meinungsbeitrag|porträt|portrait"
               r"|rezension|kritik|leitartikel|feature|text|report|hintergrund|einordnung|gespräch)"
               r"\s+(?:von|mit)\s+(?P<names>.+)$", re.IGNORECASE),
)
# the patterns above whose labels also head other things: full names only
_FULL_NAMES_ONLY = frozenset({4, 5})
_TRAILING_NOISE = re.compile(r"\s*(?:\||•|·|—|–\s|-\s).*$")
# What follows the names in a byline with its date or other credits: "X am 24. Juli 2017",
# "X am Dienstag 6. Mai", "X 18.10.2019 16:06", "X at 18:52", "X Illustration von Y".
_WEEKDAYS = r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Mo|Di|Mi|Do|Fr|Sa|So)\b"
_TRAILING_DATE = re.compile(
    r"\s*,?\s+(?:(?i:am|um|at|on|vom)\s+(?=\d|" + _WEEKDAYS + r")|(?=\d{1,2}\.\s?\d{1,2}\.\d{0,4}|\d{4}-\d\d-\d\d"
    r"|\d{1,2}:\d\d|\d{1,2}\.\s+[A-ZÄÖÜ][a-zä]+\s+\d{4})"
    r"|(?:Illustrations?|Fotos?|Bilder?|Grafiken?|Zeichnungen?|Videos?|Kamera|Schnitt)(?:\s+von\b|\s*:)"
    # the next label of a header row: "Von X Kategorien: Mode 6. November 2023"
    r"|(?:Kategorien?|Rubriken?|Themen?|Tags?|Schlagworte?|Lesezeit|Categor(?:y|ies))\s*:"
    r"|(?:Twitter|Facebook|Instagram|LinkedIn|Xing|Mastodon)\b).*$")  # "von X Twitter Account von X"
_ROLE_SUFFIX = re.compile(r"\s*\((?:text|fotos?|bilder|video|grafik|red\.?|[a-zäöü]{2,4})\)\s*$", re.IGNORECASE)
_PHOTO_ROLE = re.compile(r"\((?:fotos?|bilder?|video|grafik|illustrations?|kamera|zeichnungen?)\)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Byline:
    """What a byline says: the persons, the agencies and an outlet it names (e.g. "W&V Redaktion")."""

    authors: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    outlet: str | None = None

    def __bool__(self) -> bool:
        return bool(self.authors or self.agencies or self.outlet)


def strip_titles(name: str) -> str:
    """A name without the academic titles printed before it; the name itself stays as printed.

    >>> strip_titles("Dr. Tim Loppe"), strip_titles("Prof. Dr. med. Anna Kleiser")
    ('Tim Loppe', 'Anna Kleiser')
    >>> strip_titles("Dipl.-Ing. Max Muster"), strip_titles("Dr.-Ing. Eva Beispiel"), strip_titles("Drago Mutz")
    ('Max Muster', 'Eva Beispiel', 'Drago Mutz')
    """
    return _TITLES.sub("", name.strip())


def is_person_name(text: str, *, allow_single: bool = False) -> bool:
    """True for something that reads as a person's name: two to five capitalised words (particles
    such as "von", "v." allowed), no digits, no team or organisation words, not a known outlet.
    Academic titles in front are allowed (and dropped by `tidy_name`).

    >>> is_person_name("Anna Kleiser"), is_person_name("Washington D.C."), is_person_name("W&V Redaktion")
    (True, False, False)
    >>> is_person_name("Alexa von Heyden"), is_person_name("Dmitri Peskow wies den Bericht")
    (True, False)
    >>> is_person_name("Dr. Tim Loppe"), is_person_name("John v. Berenberg-Consbruch"), is_person_name("Dr. Loppe")
    (True, True, False)
    """
    text = strip_titles(text)
    tokens = text.split()
    if not tokens or len(tokens) > 5 or (len(tokens) == 1 and not allow_single):
        return False
    if len(tokens) == 1:
        # Blogs sign with a first name or a handle ("Benni", "uriebe", "Herr_Rein").
        lowered = text.casefold()
        # "KB_Redaktion", "JuraForum.de-Redaktion", "finanztreff.de" are desks and sites, not persons.
        parts = set(re.split(r"[._\-]", lowered))
        if parts & NOT_NAME_WORDS or DOMAIN.search(lowered) or ORGANISATION_ENDING.search(lowered):
            return False
        return (bool(HANDLE.match(text)) and lowered not in NOT_NAME_WORDS and lowered.strip(".") not in NOT_HANDLES
                and not canonical_agency(text) and not known_outlet(text))
    if text.casefold() in _PLACE_TWO_WORDS or any(ch.isdigit() for ch in text):
        return False
    if (ORGANISATION_OPENING.match(tokens[0].casefold()) or tokens[0].casefold() in NOT_FIRST_WORDS
            or ADJECTIVE.search(tokens[0].casefold())):
        return False
    capitalised = 0
    for position, token in enumerate(tokens):
        lowered = token.casefold()
        if lowered in NOT_NAME_WORDS or set(lowered.split("-")) & DESK_WORDS or DOMAIN.search(lowered) \
                or lowered.count("-") > 2 or "gmbh" in lowered.split("-") \
                or ORGANISATION_ENDING.search(lowered) or VERB_TOKEN.search(lowered):
            return False
        if lowered in PARTICLES and 0 < position < len(tokens) - 1:
            continue
        if not NAME_TOKEN.match(token):
            return False
        capitalised += 1
    last = tokens[-1]
    if last.endswith(".") or (last.isupper() and len(last) <= 3 and len(tokens) > 1):
        return False
    if canonical_agency(text) or known_outlet(text):
        return False
    return capitalised >= (1 if allow_single else 2)


def tidy_name(name: str) -> str:
    """A name as a facet shows it: prefixes and roles gone, handles and capitals made readable.

    >>> tidy_name("Author Andreas Kalt"), tidy_name("JULIA ESDAR"), tidy_name("christian.stadtfeld")
    ('Andreas Kalt', 'Julia Esdar', 'Christian Stadtfeld')
    >>> tidy_name("Von Prof. Dr. Tim Loppe")
    'Tim Loppe'
    """
    text = _STAFF_ROLE.sub("", strip_titles(_NAME_PREFIX.sub("", _PARENTHESES.sub("", name)).strip(" ,;:|")))
    if re.fullmatch(r"[a-zäöüß]+[._][a-zäöüß]+", text) and not DOMAIN.search(text):
        text = " ".join(part.capitalize() for part in re.split(r"[._]", text))
    if text.isupper() and " " in text and len(text) > 4:
        text = " ".join(part.capitalize() if not re.fullmatch(r"[A-Z]\.", part) else part for part in text.split())
    return text


def split_names(text: str) -> list[str]:
    """Split a list of names on ",", ";", "/", "&", "und", "and", "sowie".

    >>> split_names("Anna Kleiser, Max Muster und Eva Beispiel")
    ['Anna Kleiser', 'Max Muster', 'Eva Beispiel']
    """
    return [part.strip(" .:") for part in _SPLIT.split(text) if part.strip(" .:")]


def parse_names(text: str, *, allow_single: bool = False) -> Byline:
    """Sort the parts of a name list into persons, agencies and an outlet; places and roles go.

    >>> parse_names("Anna Kleiser, Washington D.C.")
    Byline(authors=('Anna Kleiser',), agencies=(), outlet=None)
    >>> parse_names("W&V Redaktion").outlet
    'W&V'
    """
    authors: list[str] = []
    agencies: list[str] = []
    outlet: str | None = None
    # "Von X und Y (Text) und Z (Foto)": the photographer is credited beside the writers, not as one
    text = ", ".join(part for part in split_names(text) if not _PHOTO_ROLE.search(part))
    # "Von X (dpa)", "Von X (mit dpa)": the agency in parentheses is credited beside the person
    agencies.extend(dict.fromkeys(agency for agency in map(canonical_agency, re.findall(
        r"\((?:mit\s+(?:material\s+(?:von|der)\s+)?)?([^()]{2,20})\)", text, flags=re.IGNORECASE)) if agency))
    parts = [tidy_name(part) for part in split_names(_ROLE_SUFFIX.sub("", _PARENTHESES.sub("", text)))]
    parts = [part for part in parts if part]
    for part in parts:
        part = _ROLE_SUFFIX.sub("", part).strip()
        agency = canonical_agency(part)
        if agency:
            agencies.append(agency) if agency not in agencies else None
            continue
        named_outlet = _outlet_of_staff_credit(part)
        if named_outlet:
            outlet = outlet or named_outlet
            continue
        if not is_person_name(part, allow_single=allow_single and len(parts) == 1):
            part = _name_before_organisation(part)
        if part and part not in authors:
            authors.append(part)
    return Byline(tuple(authors), tuple(agencies), outlet)


# The words that close an outlet's or desk's name after a byline's person ("… Reiterrevue
# International"); a company's ("Glory Global Solutions Germany") is no person's byline at all.
_OUTLET_TAIL = frozenset({"international", "magazin", "online", "redaktion", "zeitung", "news", "team"})


def _name_before_organisation(part: str) -> str:
    """The person of "Sarah Schnieder Reiterrevue International": a name, then words no name has
    (the outlet or team the byline adds without a separator); "" when there is none.

    >>> _name_before_organisation("Sarah Schnieder Reiterrevue International"), _name_before_organisation("Zur Liste")
    ('Sarah Schnieder', '')
    """
    words = part.split()
    size = 3 if len(words) > 3 and (words[1].casefold() in PARTICLES or re.fullmatch(r"[A-ZÄÖÜ]\.", words[1])) else 2
    head, tail = " ".join(words[:size]), " ".join(words[size:])
    if (len(words) > size and is_person_name(head)
            and (known_outlet(tail) or words[-1].casefold() in _OUTLET_TAIL)):
        return head
    return ""


_STAFF_CREDIT = re.compile(r"^(?:(?P<a>.+?)[\s-]+(?:redaktion|online-redaktion|newsdesk|team|staff)"
                           r"|(?:redaktion|team)\s+(?:von\s+|der\s+|des\s+)?(?P<b>.+))$", re.IGNORECASE)


def _outlet_of_staff_credit(part: str) -> str | None:
    match = _STAFF_CREDIT.match(part)
    if match:
        name = match.group("a") or match.group("b")
        return known_outlet(name)
    return known_outlet(part)


def parse_byline(line: str) -> Byline | None:
    """Read a line as a byline ("Von: X", "Autor: X", "Eine Analyse von X", …); None if it is not.

    Text after a "|" or a dash (dates, places) is ignored.

    >>> parse_byline("von Anna Kleiser, Washington D.C.").authors
    ('Anna Kleiser',)
    >>> parse_byline("Von Roland Brockmann und Sebastian Drescher").authors
    ('Roland Brockmann', 'Sebastian Drescher')
    >>> parse_byline("Von der Leyen will mehr Geld") is None
    True
    >>> parse_byline("Gespeichert von rasos am 24. Juli 2017 - 18:55").authors
    ('rasos',)
    >>> parse_byline("Text von Christian Seiler Illustration von Markus Roost").authors
    ('Christian Seiler',)
    >>> parse_byline("Autoren Jelko Djuren und Jutta Klaukien").authors
    ('Jelko Djuren', 'Jutta Klaukien')
    """
    text = line.strip()
    if len(text) > 160:
        return None
    unlabelled = _LABEL_NO_COLON.match(text)
    if unlabelled:
        # "Autoren Jelko Djuren und Jutta Klaukien": without a colon only a clean list of persons counts.
        return parse_name_line(unlabelled.group("names").strip(" ,;"))
    for number, pattern in enumerate(_BYLINE_PATTERNS):
        match = pattern.match(text)
        if match:
            names = _TRAILING_NOISE.sub("", _TRAILING_DATE.sub("", match.group("names"))).strip()
            byline = parse_names(names, allow_single=number not in _FULL_NAMES_ONLY)
            if not byline or (number in _FULL_NAMES_ONLY and any(" " not in author for author in byline.authors)):
                return None
            # "Von der Leyen will …": a sentence, not a byline. Every part must have been used.
            leftovers = [p for p in split_names(_ROLE_SUFFIX.sub("", names))
                         if not _used(p, byline)]
            if leftovers and not byline.authors and not byline.agencies:
                return None
            if number == 0 and leftovers and any(len(p.split()) > 3 for p in leftovers):
                return None
            return byline
    return None


# "Autor Nikolai Huke": a label without a colon, as author boxes print it over or before the name.
_LABEL_NO_COLON = re.compile(r"^(?:Autor|Autorin|Autoren|Autorinnen|Verfasser|Verfasserin)\s+(?P<names>[A-ZÄÖÜ][^:]{2,100})$")
_LABEL_NO_COLON_INSIDE = re.compile(r"(?:^|\s)(?:Autor|Autorin|Autoren|Autorinnen|Verfasser|Verfasserin)\s+"
                                    r"(?P<names>[A-ZÄÖÜ][^:|•\n]{2,100})$")
_LABELLED = re.compile(r"(?:^|\s|\|)(?:Autor(?:in|en|innen)?|Verfasser(?:in)?|Redaktion|Text|Texte|Von|von|VON)\s*:\s*"
                       r"(?P<names>[^|•\n]{3,100})|(?:Ein|Eine)\s+(?:Artikel|Beitrag|Text|Bericht)\s+von\s+"
                       r"(?P<names2>[^|•\n]{3,100})"
                       # "06.11.2023 13:30 von Olga": "von" right after the date or time
                       r"|(?:\d{1,2}\.\d{1,2}\.\d{2,4}|\d{1,2}:\d\d)(?:\s*Uhr)?,?\s+von\s+(?P<names3>[^|•\n]{3,100})")
_ONE_NAME = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]+$")
# Where the names of a labelled byline end: the next label, a date, a photo credit.
_NAMES_END = re.compile(r"\s+(?:\w+\s*:|\d{1,2}\.\d{1,2}\.|am\s+\d|(?:Symbolbild|Foto|Fotos|Bild|Quelle)\b)")


def find_labelled_byline(line: str) -> Byline | None:
    """Find a labelled byline inside a longer line ("Datum: 03.11.2021 Autor: Peter Maahn/SP-X").

    >>> find_labelled_byline("Datum: 03.11.2021 Autor: Peter Maahn/SP-X").authors
    ('Peter Maahn',)
    >>> find_labelled_byline("Ein Artikel von Pamela Sladky | 27.01.2022 - 12:45").authors
    ('Pamela Sladky',)
    >>> find_labelled_byline("Information Autor Nikolai Huke ,").authors
    ('Nikolai Huke',)
    >>> find_labelled_byline("Stars 06.11.2023 13:30 von Olga Symbolbild imago").authors
    ('Olga',)
    """
    if len(line) > 300:
        return None
    for match in _LABELLED.finditer(line):
        names = match.group("names") or match.group("names2") or match.group("names3")
        names = _NAMES_END.split(names)[0]
        if match.group("names3"):
            # "Seit 14:00 Uhr von Polizei gesperrt" is a sentence: after a bare "von" only a clean
            # list of persons, or one capitalised name, up to the end or a photo credit
            names = names.strip(" ,;")
            byline = parse_name_line(names) or (Byline((names,)) if _ONE_NAME.match(names) else None)
            if byline:
                return byline
            continue
        byline = parse_names(names, allow_single=True)
        if byline.authors:
            return byline
    unlabelled = _LABEL_NO_COLON_INSIDE.search(line)
    if unlabelled:
        return parse_name_line(unlabelled.group("names").strip(" ,;"))
    return None


def _used(part: str, byline: Byline) -> bool:
    part = _ROLE_SUFFIX.sub("", part).strip()
    if (part in byline.authors or tidy_name(part) in byline.authors or canonical_agency(part)
            or _name_before_organisation(tidy_name(part)) in byline.authors):
        return True
    if byline.outlet and _outlet_of_staff_credit(part):
        return True
    # a place after a comma ("Washington D.C.", "Berlin") is allowed
    return len(part.split()) <= 2 and not part[:1].islower()


def parse_name_line(line: str) -> Byline | None:
    """A bare list of persons ("Anna Kleiser und Max Muster"), as shown under headlines.

    >>> parse_name_line("Anna Kleiser, Max Muster und Eva Beispiel").authors
    ('Anna Kleiser', 'Max Muster', 'Eva Beispiel')
    >>> parse_name_line("Robert Benson, Experte für nationale Sicherheit") is None
    True
    >>> parse_name_line("Anna Kleiser, dpa")
    Byline(authors=('Anna Kleiser',), agencies=('dpa',), outlet=None)
    """
    text = line.strip()
    if len(text) > 120 or text.endswith((".", "?", "!", ":")):
        return None
    parts = split_names(text)
    # "Lena Kowalski, dpa": the agency a bare byline credits beside its persons
    agencies = tuple(dict.fromkeys(agency for agency in map(canonical_agency, parts) if agency))
    persons = [part for part in parts if not canonical_agency(part)]
    if not persons or not all(is_person_name(part) for part in persons):
        return None
    return Byline(tuple(strip_titles(part) for part in persons), agencies)


# Initials in an agency credit that are no editor's: an outlet's own desk credit ("rt/dpa" on RT DE,
# "(tsp)" in Der Tagesspiegel), which names the outlet, and staff markers that name no one. A table,
# not the registry's aliases: "fr" or "sz" in "fr/dpa" are as often an editor's initials.
_DESK_CREDITS: dict[str, str | None] = {"rt": "RT DE", "tsp": "Der Tagesspiegel", "red": None, "zvg": None}


def credit_initials(initials: tuple[str, ...] | list[str]) -> Byline:
    """The initials of an agency credit as a byline: editors' initials are its authors (the only
    author credit some outlets print); an outlet's desk credit gives the outlet instead.

    >>> credit_initials(("mbö",))
    Byline(authors=('mbö',), agencies=(), outlet=None)
    >>> credit_initials(("rt",))
    Byline(authors=(), agencies=(), outlet='RT DE')
    """
    authors: list[str] = []
    outlet: str | None = None
    for item in initials:
        key = item.strip(" .").casefold()
        if key in _DESK_CREDITS:
            named = _DESK_CREDITS[key]
            outlet = outlet or (canonical_outlet(named) if named else None)
        elif item not in authors:
            authors.append(item)
    return Byline(tuple(authors), (), outlet)
