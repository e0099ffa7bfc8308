"""The fields of a structured record (a JSON object, a CSV row) as an extraction result.

A crawler's record already names its title, text, date, outlet and authors; those values are
the source's own and rank above anything the archive would re-derive. They still pass the same
checks as every other value: dates through the archive's date reading (ISO stamps, German
forms), outlets through the outlet registry, agency credits read from the body's first and last
paragraphs as the text cascade reads them, the language detected from the text.

Known schemas are recognised by their field names (see `FIELD_NAMES`): news-please
(`title`, `maintext`, `date_publish`, `date_modify`, `authors`, `source_domain`, `url`,
`language`, `description`), trafilatura's JSON (`title`, `text`/`raw_text`, `author` with
names separated by ';', `date`, `hostname`/`sitename`, `source`/`url`, `excerpt`), the
archive's own export, and spreadsheet columns in German and English.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Mapping

from archive.model import Extracted, Published

# Canonical field -> the names a record may give it, strongest first. Keys are compared after
# `field_key` (lower case, umlauts kept, spaces, '-' and '_' removed).
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title", "titel", "überschrift", "ueberschrift", "headline", "header", "heading",
              "schlagzeile"),
    "teaser": ("teaser", "description", "excerpt", "summary", "lead", "lede", "vorspann",
               "zusammenfassung", "abstract", "anreißer", "unterzeile"),
    "body": ("body", "maintext", "text", "rawtext", "inhalt", "article", "artikel",
             "artikeltext", "content", "fulltext", "volltext"),
    "html": ("html", "rawhtml", "contenthtml", "htmlcontent"),
    "published": ("published", "datepublish", "datepublished", "publishdate", "publicationdate",
                  "pubdate", "publishedat", "date", "datum", "veröffentlicht",
                  "erscheinungsdatum", "veröffentlichungsdatum", "erschienen", "datetime"),
    "modified": ("modified", "datemodify", "datemodified", "updated", "aktualisiert",
                 "lastmodified"),
    "outlet": ("outlet", "medium", "quelle", "sitename", "publisher", "zeitung", "publication",
               "sourcename", "newspaper", "medienname", "titelzeitung"),
    "domain": ("sourcedomain", "hostname", "domain", "source", "site"),
    "authors": ("authors", "author", "autor", "autoren", "autorin", "byline", "verfasser"),
    "agencies": ("agencies", "agency", "agentur", "agenturen"),
    "url": ("url", "link", "sourceurl", "uri", "permalink", "articleurl", "webadresse"),
    "language": ("language", "lang", "sprache"),
    "id": ("id", "recordid", "guid", "uuid", "articleid", "docid"),
}
# The archive's own export carries these; a record with them all is read as one.
EXPORT_MARKERS = ("id", "source_sha256", "origins", "date_precision", "body")
_KEY_DROP = re.compile(r"[\s_\-.]+")
_HEX_ID = re.compile(r"^[0-9a-f]{16}$")
_YEAR_FIRST_SLASHED = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})\b")
_YEAR_ONLY = re.compile(r"^\d{4}$")


def field_key(name: str) -> str:
    """A column or key name as compared with `FIELD_NAMES`.

    >>> field_key(" Date_Publish "), field_key("Über-schrift")
    ('datepublish', 'überschrift')
    """
    return _KEY_DROP.sub("", unicodedata.normalize("NFC", name).strip().lower())


_NAME_TO_FIELD = {name: canonical for canonical, names in FIELD_NAMES.items() for name in names}


def canonical_field(name: str) -> str | None:
    """The canonical field a key or column name stands for, or None.

    >>> canonical_field("Überschrift"), canonical_field("maintext"), canonical_field("Farbe")
    ('title', 'body', None)
    """
    return _NAME_TO_FIELD.get(field_key(name))


def is_archive_export(record: Mapping[str, object]) -> bool:
    """True for a line of the archive's own `export --format jsonl`."""
    return all(marker in record for marker in EXPORT_MARKERS)


def pick_fields(record: Mapping[str, object]) -> dict[str, object]:
    """The record's values under canonical names: for each field the first named key (in
    `FIELD_NAMES` order) with a value. A `source` holding a web address is the URL (trafilatura
    writes the page's address there); otherwise it is the outlet's domain.

    >>> pick_fields({"header": "T", "article": "B", "source": "zeit.de", "label": "x"})
    {'title': 'T', 'body': 'B', 'domain': 'zeit.de'}
    >>> pick_fields({"title": "T", "text": "B", "source": "https://www.zeit.de/a"})["url"]
    'https://www.zeit.de/a'
    """
    by_key: dict[str, object] = {}
    for key, value in record.items():
        if isinstance(key, str) and _has_value(value):
            by_key.setdefault(field_key(key), value)
    picked: dict[str, object] = {}
    for canonical, names in FIELD_NAMES.items():
        for name in names:
            if name in by_key:
                value = by_key[name]
                if canonical == "domain" and _is_address(value):
                    continue
                picked[canonical] = value
                break
    if "url" not in picked:
        for name in FIELD_NAMES["domain"]:
            if name in by_key and _is_address(by_key[name]):
                picked["url"] = by_key[name]
                break
    return picked


def _is_address(value: object) -> bool:
    return isinstance(value, str) and value.strip().lower().startswith(("http://", "https://"))


def _has_value(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple, dict)):
        return bool(value)
    return True


def record_date(value: object, today: dt.date) -> Published | None:
    """A record's date as the archive reads dates: ISO stamps (with time and zone), German and
    English written dates; None for anything else or a date after `today`.

    >>> today = dt.date(2025, 1, 1)
    >>> [str(record_date(v, today)) for v in ("2024-09-12", "12.09.2024", "12. September 2024",
    ...                                       "2021-02-15 10:35:00", "2023-08")]
    ['2024-09-12', '2024-09-12', '2024-09-12', '2021-02-15', '2023-08']
    >>> [str(record_date(v, today)) for v in ("2024/09/12", "2024", "12/09/2024", "bald")]
    ['2024-09-12', '2024', '2024-09-12', 'None']
    """
    from archive.metadata.dates import parse_machine_date

    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1e9 < value < 1e11:
        return Published(dt.datetime.fromtimestamp(value, dt.timezone.utc).date())
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()[:80]
    slashed = _YEAR_FIRST_SLASHED.match(text)
    if slashed:
        text = "-".join(slashed.groups())
    found = parse_machine_date(text, today)
    if found is None and _YEAR_ONLY.match(text):
        found = Published.parse(text)  # a spreadsheet's bare year: year precision
        if found.date > today or found.date.year < 1900:
            return None
    return found


def record_names(value: object) -> tuple[str, ...]:
    """Names from a list, or a text with names separated by ';' (trafilatura), or by ',' when
    every part is a whole name of several words ("Kleiser, Anna" is one name).

    >>> record_names("Anna Kleiser; Bernd Bauer"), record_names(["Anna Kleiser", " "])
    (('Anna Kleiser', 'Bernd Bauer'), ('Anna Kleiser',))
    >>> record_names("Anna Kleiser, Bernd Bauer"), record_names("Kleiser, Anna")
    (('Anna Kleiser', 'Bernd Bauer'), ('Kleiser, Anna',))
    """
    if isinstance(value, str):
        parts = value.split(";")
        if len(parts) == 1 and all(" " in part.strip() for part in value.split(",")):
            parts = value.split(",")  # "Anna Kleiser, Bernd Bauer"; "Kleiser, Anna" stays whole
    elif isinstance(value, (list, tuple)):
        parts = [item if isinstance(item, str) else str(item.get("name", ""))
                 if isinstance(item, dict) else "" for item in value]
    else:
        return ()
    names: list[str] = []
    for part in parts:
        name = " ".join(part.split())
        if name and name not in names:
            names.append(name)
    return tuple(names)


def record_text(value: object) -> str:
    """A text value with normalised line ends and no surrounding space; lists of paragraphs are
    joined with blank lines.

    >>> record_text(["Erster Absatz.", "Zweiter."])
    'Erster Absatz.\\n\\nZweiter.'
    """
    if isinstance(value, (list, tuple)):
        value = "\n\n".join(str(item) for item in value if isinstance(item, str))
    if not isinstance(value, str):
        value = "" if value is None else str(value)
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def body_credits(body: str) -> tuple[str, tuple[str, ...], str]:
    """Agency credits in a body as the text cascade reads them: a dateline credit at the start
    ("Berlin (dpa) - …"), a credit line or a credit in parentheses at the end; a closing credit
    line is taken out of the text. Returns (body, agencies, where they were found).

    >>> body_credits("Berlin (dpa) - Die Regierung hat entschieden.\\n\\nmbö/AFP")
    ('Berlin (dpa) - Die Regierung hat entschieden.', ('dpa', 'AFP'), 'dateline')
    """
    from archive.metadata.agencies import parse_credit, split_dateline_credit, split_trailing_credit

    paragraphs = [part for part in re.split(r"\n", body)]
    agencies: list[str] = []
    origin = ""
    if paragraphs:
        _, credit = split_dateline_credit(paragraphs[0].strip())
        if credit:
            agencies.extend(credit.agencies)
            origin = "dateline"
    while paragraphs and not paragraphs[-1].strip():
        paragraphs.pop()
    if len(paragraphs) > 1:
        last = paragraphs[-1].strip()
        credit = parse_credit(last)
        if credit:
            paragraphs.pop()
        else:
            kept, credit = split_trailing_credit(last)
            if credit:
                paragraphs[-1] = kept
        if credit:
            agencies.extend(name for name in credit.agencies if name not in agencies)
            origin = origin or "credit-line"
    return "\n".join(paragraphs).strip(), tuple(agencies), origin


def extract_record(record: Mapping[str, object], today: dt.date,
                   base: Extracted | None = None) -> Extracted:
    """The article a record describes. `base` is what HTML extraction found in the record's
    markup (a record with `html` and no text); the record's own fields rank above it.

    >>> found = extract_record({"title": "Streik bei der Bahn", "maintext": "Berlin (dpa) - "
    ...     "Die Lokführer streiken.", "date_publish": "2024-03-07 08:00:00",
    ...     "source_domain": "spiegel.de", "authors": ["Anna Kleiser"]}, dt.date(2025, 1, 1))
    >>> found.title, str(found.published), found.outlet, found.authors, found.agencies
    ('Streik bei der Bahn', '2024-03-07', 'DER SPIEGEL', ('Anna Kleiser',), ('dpa',))
    """
    from archive.metadata.language import detect_language
    from archive.metadata.outlets import canonical_outlet, outlet_from_url

    fields = pick_fields(record)
    values: dict[str, object] = {}
    origins: dict[str, str] = dict(base.origins) if base else {}
    if base is not None:
        values.update({name: getattr(base, name) for name in
                       ("title", "teaser", "body", "published", "modified", "outlet", "authors",
                        "agencies", "url", "language")})

    def give(name: str, value: object) -> None:
        if value not in (None, "", ()):
            values[name] = value
            origins[name] = "record"

    give("title", " ".join(record_text(fields.get("title")).split()))
    give("teaser", record_text(fields.get("teaser")))
    body = record_text(fields.get("body"))
    body, agencies, credit_origin = body_credits(body) if body else ("", (), "")
    give("body", body)
    give("published", record_date(fields.get("published"), today))
    give("modified", record_date(fields.get("modified"), today))
    url = fields.get("url")
    give("url", url.strip() if isinstance(url, str) else None)
    give("authors", record_names(fields.get("authors")))
    given_agencies = record_names(fields.get("agencies"))
    if given_agencies:
        give("agencies", given_agencies)
    elif agencies:
        values["agencies"], origins["agencies"] = agencies, credit_origin
    outlet = fields.get("outlet")
    domain = fields.get("domain")
    if isinstance(outlet, str) and outlet.strip():
        give("outlet", canonical_outlet(outlet))
    elif isinstance(domain, str) and domain.strip():
        give("outlet", outlet_from_url(domain.strip()) or domain.strip().lower()
             .removeprefix("www."))
    elif values.get("url") and not values.get("outlet"):
        found = outlet_from_url(str(values["url"]))
        if found:
            values["outlet"], origins["outlet"] = found, "domain"
    language = fields.get("language")
    title = str(values.get("title") or "")
    text = str(values.get("body") or "")
    if isinstance(language, str) and re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z]{2})?",
                                                  language.strip()):
        give("language", language.strip()[:2].lower())
    elif text and "language" not in values:
        values["language"] = detect_language(f"{title}\n\n{values.get('teaser') or ''}\n\n{text}")
    if not text and values.get("teaser"):
        values["body"], values["teaser"] = values["teaser"], ""
        origins["body"] = origins.pop("teaser", "record")
        text = str(values["body"])
    if not title:
        first = text.split("\n", 1)[0]
        values["title"] = first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + " …"
        origins["title"] = "text"
    if values.get("modified") and values.get("published") and \
            values["modified"] < values["published"]:  # type: ignore[operator]
        values.pop("modified")
        origins.pop("modified", None)
    return Extracted(
        title=str(values.get("title") or ""), body=str(values.get("body") or ""),
        teaser=str(values.get("teaser") or ""),
        published=values.get("published"), modified=values.get("modified"),  # type: ignore[arg-type]
        outlet=values.get("outlet"), authors=tuple(values.get("authors") or ()),  # type: ignore[arg-type]
        agencies=tuple(values.get("agencies") or ()),  # type: ignore[arg-type]
        url=values.get("url"), language=str(values.get("language") or "de"),  # type: ignore[arg-type]
        origins={name: origin for name, origin in origins.items() if values.get(name)})


def export_article_id(record: Mapping[str, object]) -> str | None:
    """The id an exported article had, when the record is the archive's export.

    >>> export_article_id({"id": "4f06297c9634e2e7"}), export_article_id({"id": "7"})
    ('4f06297c9634e2e7', None)
    """
    value = record.get("id")
    return value if isinstance(value, str) and _HEX_ID.match(value) else None
