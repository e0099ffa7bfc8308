"""Citations of stored articles as newspaper-article entries: BibTeX (biblatex), RIS and
CSL-JSON, the three formats Zotero and the usual reference managers import.

Each entry carries the title, the outlet as the container, the authors (family and given
names; an agency stands in as a corporate author when no person is named), the publication
date at its precision (a month-only date is never printed as a day), the URL, the language and
the date the archive imported the article as the access date.

BibTeX: written for biblatex (biber), UTF-8 as it is, umlauts included (`Müller`, not
`M{\\"u}ller`); the LaTeX specials `& % $ # _ { } ~ ^ \\` are escaped in text fields, control
characters dropped; `entrysubtype = {newspaper}`; `langid` names the language so styles do not
case-change German titles. Keys are ASCII, stable across runs (made from the article alone:
first author or outlet, year, first title word, the id's first 8 characters) and unique
within one output (a clash of id prefixes falls back to the whole id).
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import TYPE_CHECKING, Iterable

from archive.model import Article, Published

if TYPE_CHECKING:
    from archive.paths import ArchivePaths
    from archive.search import SearchRequest
    from archive.selection import Selection

FORMATS = ("bibtex", "ris", "csl-json")
# Lower-case words that belong to a German, Dutch, French or Italian family name.
_PARTICLES = frozenset({"von", "van", "de", "der", "den", "du", "zu", "zum", "zur", "vom",
                        "da", "di", "del", "della", "la", "le", "ten", "ter", "y"})
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LATEX_SPECIAL = re.compile(r"[&%$#_{}~^\\]")
_LATEX_ESCAPES = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
                  "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
                  "\\": r"\textbackslash{}"}
_LANGIDS = {"de": "ngerman", "en": "english", "fr": "french", "it": "italian", "nl": "dutch",
            "es": "spanish", "pl": "polish", "tr": "turkish"}
_ASCII_FOLDS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae",
                              "Ö": "Oe", "Ü": "Ue"})


def split_name(name: str) -> tuple[str, str] | None:
    """(family, given) of a person's name, or None for a name of one word (an agency, a
    pseudonym), which is cited as written.

    >>> split_name("Anna Kleiser"), split_name("Ursula von der Leyen"), split_name("dpa")
    (('Kleiser', 'Anna'), ('von der Leyen', 'Ursula'), None)
    >>> split_name("Kleiser, Anna")
    ('Kleiser', 'Anna')
    """
    if "," in name:
        family, _, given = name.partition(",")
        family, given = " ".join(family.split()), " ".join(given.split())
        return (family, given) if family and given else None
    words = name.split()
    if len(words) < 2:
        return None
    start = len(words) - 1
    while start > 1 and words[start - 1] in _PARTICLES:
        start -= 1
    return " ".join(words[start:]), " ".join(words[:start])


def creators(article: Article) -> list[tuple[str, str] | str]:
    """The people to cite as authors, (family, given) each, or a name as written; the agencies
    when the article names no person."""
    names = article.authors or article.agencies
    return [split_name(name) or " ".join(name.split()) for name in names if name.strip()]


def date_parts(published: Published) -> list[int]:
    """A date as CSL date parts, as precise as it is known.

    >>> date_parts(Published.parse("2023-08")), date_parts(Published.parse("2021"))
    ([2023, 8], [2021])
    """
    parts = [published.date.year, published.date.month, published.date.day]
    return parts[:{"year": 1, "month": 2, "day": 3}[published.precision]]


def access_date(article: Article) -> Published | None:
    """The day the archive imported the article (its access date), or None if unknown."""
    try:
        return Published.parse(article.imported_at[:10])
    except ValueError:
        return None


def _clean(text: str | None) -> str:
    """Text on one line without control characters."""
    return " ".join(_CONTROL.sub(" ", text or "").split())


# BibTeX ---------------------------------------------------------------------------------------


def latex_escape(text: str) -> str:
    """Text as a BibTeX field value: LaTeX specials escaped, UTF-8 letters kept.

    >>> print(latex_escape("Müller & Söhne: 100% {neu}_#1"))
    Müller \\& Söhne: 100\\% \\{neu\\}\\_\\#1
    >>> print(latex_escape("~ a^2 \\\\ $5"))
    \\textasciitilde{} a\\textasciicircum{}2 \\textbackslash{} \\$5
    """
    return _LATEX_SPECIAL.sub(lambda match: _LATEX_ESCAPES[match.group(0)], _clean(text))


def _url_value(url: str) -> str:
    # biber reads url verbatim: only what would unbalance the braces or break the line is
    # percent-encoded.
    return "".join({"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"}.get(char, char)
                   for char in _clean(url))


def _key_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.translate(_ASCII_FOLDS))
    return re.sub(r"[^a-z0-9]", "", folded.encode("ascii", "ignore").decode().lower())


def citation_key(article: Article, id_length: int = 8) -> str:
    """A stable key: first author's family name (or the outlet), year, first title word and
    the start of the id, ASCII only.

    >>> from archive.model import Article
    >>> citation_key(Article("4f06297c9634e2e7", "Spricht Elon Musk?", "", "",
    ...     Published.parse("2024-10-25"), None, "ZDF", ("Anna Kleiser",), (), None, "de",
    ...     "a.txt", "", "", 3))
    'kleiser2024spricht-4f06297c'
    """
    people = creators(article)
    first = people[0] if people else (article.outlet or "")
    name = _key_word(first[0] if isinstance(first, tuple) else first)[:20] or "anon"
    year = str(article.published.date.year) if article.published else "nd"
    words = [_key_word(word) for word in article.title.split()]
    title_word = next((word for word in words if len(word) > 3), next(
        (word for word in words if word), ""))[:20]
    return f"{name}{year}{title_word}-{article.id[:id_length]}"


def unique_keys(articles: list[Article]) -> dict[str, str]:
    """Each article's key (by id), unique within the list: an id prefix shared by two
    articles gives both their whole id."""
    keys = {article.id: citation_key(article) for article in articles}
    counts: dict[str, int] = {}
    for key in keys.values():
        counts[key] = counts.get(key, 0) + 1
    return {article.id: citation_key(article, 16) if counts[keys[article.id]] > 1
            else keys[article.id] for article in articles}


def bibtex_entry(article: Article, key: str) -> str:
    """One biblatex entry (`@article`, `entrysubtype = {newspaper}`)."""
    fields: list[tuple[str, str]] = [("entrysubtype", "newspaper"),
                                     ("title", latex_escape(article.title))]
    people = creators(article)
    if people:
        fields.append(("author", " and ".join(
            f"{latex_escape(person[0])}, {latex_escape(person[1])}" if isinstance(person, tuple)
            else "{" + latex_escape(person) + "}" for person in people)))
    if article.outlet:
        fields.append(("journal", latex_escape(article.outlet)))
    if article.published:
        fields.append(("date", str(article.published)))
    if article.url:
        fields.append(("url", _url_value(article.url)))
    accessed = access_date(article)
    if accessed and article.url:
        fields.append(("urldate", str(accessed)))
    if article.language:
        fields.append(("langid", _LANGIDS.get(article.language, latex_escape(article.language))))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@article{{{key},\n{body}\n}}\n"


def bibtex(articles: Iterable[Article]) -> str:
    """A .bib file of the articles, UTF-8, one blank line between entries."""
    chosen = list(articles)
    keys = unique_keys(chosen)
    return "\n".join(bibtex_entry(article, keys[article.id]) for article in chosen)


# RIS ------------------------------------------------------------------------------------------


def _ris_date(published: Published) -> str:
    """RIS `DA`: YYYY/MM/DD/ with the unknown parts left empty.

    >>> _ris_date(Published.parse("2023-08")), _ris_date(Published.parse("2021"))
    ('2023/08//', '2021///')
    """
    parts = [f"{part:02d}" if index else f"{part:04d}"
             for index, part in enumerate(date_parts(published))]
    return "/".join(parts + [""] * (3 - len(parts))) + "/"


def ris_entry(article: Article, key: str) -> str:
    """One RIS record of type NEWS (a newspaper article)."""
    lines = [("TY", "NEWS"), ("ID", key), ("TI", _clean(article.title))]
    for person in creators(article):
        lines.append(("AU", f"{person[0]}, {person[1]}" if isinstance(person, tuple)
                      else person))
    if article.outlet:
        lines.append(("T2", _clean(article.outlet)))
    if article.published:
        lines.append(("PY", f"{article.published.date.year:04d}"))
        lines.append(("DA", _ris_date(article.published)))
    if article.url:
        lines.append(("UR", _clean(article.url)))
    accessed = access_date(article)
    if accessed:
        lines.append(("Y2", _ris_date(accessed)))
    if article.teaser:
        lines.append(("AB", _clean(article.teaser)))
    if article.language:
        lines.append(("LA", _clean(article.language)))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\n" for tag, value in lines)


def ris(articles: Iterable[Article]) -> str:
    """A .ris file of the articles, UTF-8, records separated by a blank line."""
    chosen = list(articles)
    keys = unique_keys(chosen)
    return "\n".join(ris_entry(article, keys[article.id]) for article in chosen)


# CSL-JSON -------------------------------------------------------------------------------------


def csl_item(article: Article, key: str) -> dict[str, object]:
    """One CSL-JSON item of type `article-newspaper`."""
    item: dict[str, object] = {"id": key, "type": "article-newspaper",
                               "title": _clean(article.title)}
    people = creators(article)
    if people:
        item["author"] = [{"family": person[0], "given": person[1]} if isinstance(person, tuple)
                          else {"literal": person} for person in people]
    if article.outlet:
        item["container-title"] = _clean(article.outlet)
    if article.published:
        item["issued"] = {"date-parts": [date_parts(article.published)]}
    if article.url:
        item["URL"] = _clean(article.url)
    accessed = access_date(article)
    if accessed:
        item["accessed"] = {"date-parts": [date_parts(accessed)]}
    if article.teaser:
        item["abstract"] = _clean(article.teaser)
    if article.language:
        item["language"] = _clean(article.language)
    return item


def csl_json(articles: Iterable[Article]) -> str:
    """A CSL-JSON array of the articles (UTF-8, indented)."""
    chosen = list(articles)
    keys = unique_keys(chosen)
    return json.dumps([csl_item(article, keys[article.id]) for article in chosen],
                      ensure_ascii=False, indent=2) + "\n"


def cite(articles: Iterable[Article], citation_format: str) -> str:
    """The articles as citations in `citation_format` (one of FORMATS)."""
    return {"bibtex": bibtex, "ris": ris, "csl-json": csl_json}[citation_format](articles)


def citations(archive: "ArchivePaths", words: tuple[str, ...], request: "SearchRequest",
              citation_format: str) -> tuple[str, "Selection"]:
    """The citations of the articles named by ids or matching a query (see
    archive/selection.py), and the selection they came from."""
    from archive.errors import UsageError
    from archive.selection import select_articles

    if citation_format not in FORMATS:
        raise UsageError(f"unknown citation format {citation_format!r} "
                         f"(choose {', '.join(FORMATS)})")
    selection = select_articles(archive, words, request)
    return cite(selection.articles, citation_format), selection
