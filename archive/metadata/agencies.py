"""News agencies: their canonical spellings and the credit lines that name them.

A credit names agencies (and sometimes an editor's initials) at the start or end of an article:
"mbö/AFP", "(Mit Material der AFP)", "Quelle: dpa", "(dpa/AFP)", "Berlin (dpa) - …".
Photo credits ("Foto: … / REUTERS", "© dpa") are not article credits; callers remove captions
before asking here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Lower-cased spelling -> canonical name. Regional dpa services (lnw, lby, …) are dpa's.
_AGENCY_SPELLINGS: dict[str, str] = {
    "dpa": "dpa", "deutsche presse-agentur": "dpa", "dpa-infocom": "dpa", "dpa-tmn": "dpa",
    "tmn": "dpa", "lnw": "dpa", "lby": "dpa", "lno": "dpa", "lsw": "dpa", "lhe": "dpa",
    "lrs": "dpa", "lmv": "dpa", "lsa": "dpa", "lbn": "dpa", "lth": "dpa",
    "dpa-afx": "dpa-AFX", "dpa afx": "dpa-AFX", "afx": "dpa-AFX",
    "afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP",
    "reuters": "Reuters", "rtr": "Reuters", "thomson reuters": "Reuters",
    "ap": "AP", "associated press": "AP", "the associated press": "AP",
    "epd": "epd", "evangelischer pressedienst": "epd",
    "kna": "KNA", "katholische nachrichten-agentur": "KNA",
    "sid": "SID", "sport-informations-dienst": "SID",
    "apa": "APA", "austria presse agentur": "APA", "apa-ots": "APA",
    "sda": "SDA", "keystone-sda": "Keystone-SDA", "schweizerische depeschenagentur": "SDA",
    "awp": "AWP", "ddp": "ddp", "dapd": "dapd", "dts": "dts", "dow jones": "Dow Jones",
    "dj": "Dow Jones", "bloomberg": "Bloomberg", "efe": "EFE", "ansa": "ANSA",
    "xinhua": "Xinhua", "tass": "TASS", "interfax": "Interfax", "upi": "UPI", "kap": "Kathpress",
    "kathpress": "Kathpress", "idea": "idea", "pte": "pressetext", "ots": "ots",
}
AGENCY_NAMES: frozenset[str] = frozenset(_AGENCY_SPELLINGS.values())

# Editors' initials in a credit ("mbö/AFP", "jbe/dpa"): two to four lower-case letters.
_INITIALS = re.compile(r"^[a-zäöüß]{2,4}$")
# Staff markers that are neither persons nor agencies.
_STAFF = frozenset({"red", "red.", "redaktion", "ots", "cp", "wn"})
_CREDIT_SPLIT = re.compile(r"\s*(?:/|,|;|&|\+|\bund\b|\bsowie\b)\s*")
_CREDIT_PREFIX = re.compile(
    r"^(?:mit\s+material\s+(?:der|des|von|aus)?(?:\s*(?:nachrichten)?agentur(?:en)?\b)?"
    r"|mit\s+agenturmaterial\s*(?:von|der)?|material\s*:"
    r"|quellen?\s*:|agenturen\s*:|agentur\s*:|text\s*:|mit\s+agenturen\s*:?)\s*", re.IGNORECASE)
# dpa's syndication footer under its texts on news sites: "dpa-infocom, dpa:240422-99-758912/3".
_DPA_INFOCOM = re.compile(r"^(?:©\s*)?dpa-infocom\b[^:]{0,20}(?:dpa:\d{6}-\d{2}-\d+(?:/\d+)?)?$")
_TRAILING_PAREN = re.compile(r"\s*\(([^()]{2,80})\)\s*\.?\s*$")
_LEADING_DATELINE = re.compile(
    r"^(?P<place>[A-ZÄÖÜ][\w.'’\- ]{1,40}?)\s*\((?P<credit>[^()]{2,40})\)\s*[-–—:]\s*")


@dataclass(frozen=True)
class Credit:
    """An agency credit: the agencies it names and any editors' initials."""

    agencies: tuple[str, ...]
    initials: tuple[str, ...] = ()


def canonical_agency(name: str) -> str | None:
    """The canonical spelling of an agency name, or None if it is not one.

    >>> canonical_agency("Agence France-Presse"), canonical_agency("dpa/lnw"), canonical_agency("Anna")
    ('AFP', None, None)
    """
    key = re.sub(r"\s+", " ", name.strip().strip(".:()[]").lower())
    return _AGENCY_SPELLINGS.get(key)


def syndication_footer(text: str) -> bool:
    """Whether a line is dpa's syndication footer, which credits dpa with the text.

    >>> syndication_footer("© dpa-infocom, dpa:240422-99-758912/3"), syndication_footer("© dpa")
    (True, False)
    """
    return bool(_DPA_INFOCOM.match(text.strip()))


def parse_credit(text: str) -> Credit | None:
    """Read a whole line as an agency credit; None when it is anything else.

    >>> parse_credit("mbö/AFP")
    Credit(agencies=('AFP',), initials=('mbö',))
    >>> parse_credit("(mit Material von dpa und Reuters)").agencies
    ('dpa', 'Reuters')
    >>> parse_credit("Foto: STEVE NESIUS / REUTERS") is None
    True
    """
    line = text.strip().rstrip(".").strip()
    if len(line) > 90 or not line:
        return None
    if _DPA_INFOCOM.match(line):
        return Credit(("dpa",))
    if line.startswith("(") and line.endswith(")"):
        line = line[1:-1].strip()
    line = _CREDIT_PREFIX.sub("", line, count=1).strip()
    if not line:
        return None
    agencies: list[str] = []
    initials: list[str] = []
    for token in _CREDIT_SPLIT.split(line):
        token = token.strip(" .()")
        if not token:
            continue
        agency = canonical_agency(token)
        if agency:
            if agency not in agencies:
                agencies.append(agency)
        elif token.lower() in _STAFF:
            continue
        elif _INITIALS.match(token):
            initials.append(token)
        else:
            return None
    if not agencies:
        return None
    return Credit(tuple(agencies), tuple(initials))


def split_trailing_credit(paragraph: str) -> tuple[str, Credit | None]:
    """Split a credit in parentheses off the end of a paragraph.

    >>> split_trailing_credit("Soll ein Deal kommen? (Mit Material der AFP)")
    ('Soll ein Deal kommen?', Credit(agencies=('AFP',), initials=()))
    """
    match = _TRAILING_PAREN.search(paragraph)
    if match:
        credit = parse_credit(match.group(1))
        if credit:
            return paragraph[: match.start()].rstrip(), credit
    return paragraph, None


def split_dateline_credit(paragraph: str) -> tuple[str, Credit | None]:
    """Read an agency dateline at the start of a paragraph; the text stays as it is.

    >>> split_dateline_credit("Berlin (dpa) - Die Regierung hat ...")[1].agencies
    ('dpa',)
    >>> split_dateline_credit("Palo Alto (Kalifornien) – Immer ...")[1] is None
    True
    """
    match = _LEADING_DATELINE.match(paragraph)
    if match:
        credit = parse_credit(match.group("credit"))
        if credit:
            return paragraph, credit
    return paragraph, None


def is_bare_dateline(line: str) -> bool:
    """True for a line that is only an agency dateline, the article text following on the next line.

    >>> is_bare_dateline("Berlin (dpa/AFP) –"), is_bare_dateline("Berlin (dpa) – Die Regierung …")
    (True, False)
    """
    match = _LEADING_DATELINE.match(line.strip())
    return bool(match) and not line.strip()[match.end():] and parse_credit(match.group("credit")) is not None
