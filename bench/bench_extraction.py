"""Benchmark metadata extraction on a sample of saved German web pages, against trafilatura.

    python bench/bench_extraction.py [--sample DIR] [--no-trafilatura] [--show FIELD]

The sample directory holds HTML files and a `metadata.jsonl` with one record per file (`file`,
`url`, `title`, `authors_raw`, `date`, `sitename`) as two public test suites recorded them; the
records are unverified, so "agrees" measures agreement with the suites, not truth.

Per field the table shows, for each tool:
  found  - share of the pages with a reference value where the tool returned a value at all;
  agree  - share of those same pages where the value agrees with the reference (not found = no).

What "agrees" means:
  title   - equal after normalising case, spaces, quotes and dashes, or one contains the other;
  date    - the published date is the same calendar day (a month-precision date never agrees
            with a day);
  date*   - the reference is the same day as either date the tool returned (published or
            modified). The suites are not consistent: the htmldate suite ("hd__*" files) is
            said to record a page's latest date (htmldate's default, original_date=False), but
            of its 8 pages where archive's published and modified dates are different days, it
            records the later on 3 and the publication on 5; the trafilatura suite sometimes
            records the update date too. So neither "latest" nor "published" is the suites'
            sense throughout, and this row is the lenient one. trafilatura returns one date only;
  authors - token-set F1 between the names (the column shows the mean F1, in %), against every
            record;
  authors/p - the same against the records that name persons only. archive returns persons only
            (its rule); the suites record "Redaktion", "Greenpeace", "Eurosport", outlet names for
            about a third of the pages. A record is a person when archive's own name parser finds
            a person in it (archive.metadata.authors.parse_names), corrected by two short lists
            below (NOT_PERSONS, PERSONS); the excluded records are printed under the table;
  outlet  - the canonical name (through archive's outlet registry, aliases applied) equals the
            reference; the suites record no site names, so the reference is the registry's
            outlet for the recorded URL's domain (pages on domains outside the registry are
            not counted), or the recorded sitename where there is one;
  url     - equal after dropping scheme, "www.", query, fragment and a trailing slash;
A date is compared by its calendar day as the record writes it ("2022-01.26" is read as
2022-01-26); a title after normalising also the space after a colon ("Betriebsversammlung:Es").

Reviewed rows: the records are unverified, and some disagree with what the page itself shows (a
date the page names nowhere, day and month swapped, a photographer recorded as the author, the
modification day recorded as publication). bench/data/html-truth-review.json corrects those
records, each with its evidence from the page (JSON-LD, meta tags, the printed dateline), never
from a tool's output; the table is printed a second time against the reviewed records, both
tools scored alike. Both figures are reported.
  url/own - the same, against only the pages whose markup names an address of their own at all
            (canonical link, og:url/twitter:url/al:web:url, JSON-LD url/mainEntityOfPage/@id, a
            <base href>, a shortlink, or a repetition of its own address: share buttons, the
            alternate in its own language, its comment feed, a JSON-LD breadcrumb); the table
            also counts the pages that name none, where no tool can find the address honestly
            (only guess it from links to other pages).

Body rows (bench/bench_body.py): must-contain and must-not-contain strings from trafilatura's
evaluation data for the pages listed in bench/data/html-expectations.json, checked in the tool's
main text (archive: teaser + body; trafilatura: its text), as trafilatura's own evaluation checks
its text; and for archive, the pages where a paragraph
of the element the page marks as its article (JSON-LD articleBody, itemprop=articleBody, a
single <article>) is lost.

trafilatura is a dependency of this benchmark only (pip install trafilatura), never of archive.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import re
import sys
import time
import unicodedata
import warnings
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlsplit

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from bench_body import BodyTally, load_expectations, marked_paragraphs  # noqa: E402

from archive.errors import InputError
from archive.metadata import extract
from archive.metadata.authors import parse_names
from archive.metadata.outlets import alias_key, canonical_outlet, outlet_from_url
from archive.sources import read_source

REPO = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_SAMPLE = REPO.parent / "shared" / "html-sample"
FIELDS = ("title", "date", "date*", "authors", "authors/p", "outlet", "url", "url/own")
TRUTH_REVIEW = pathlib.Path(__file__).resolve().parent / "data" / "html-truth-review.json"
_REVIEWED_FIELDS = {"title": "title", "date": "date", "authors": "authors_raw"}
# Records the suites give as "authors" that are not persons, though archive's name parser lets a
# single word through (blogs sign with handles, so it must): organisations, sites, brands.
NOT_PERSONS = {"greenpeace", "ørsted", "bbaw", "peta-team", "hausinfo", "mitundvoneinander", "mywakenews",
               "uncut-news.ch", "deutscher tennis bund"}
# Persons the parser does not recognise (a department appended to the name): they count as
# persons, and archive missing them counts against archive.
PERSONS = {"dr. karin j. schmitz abteilung öffentlichkeitsarbeit"}
_TOKEN = re.compile(r"\w+")
# Labels and academic titles are not name tokens: archive stores "Tim Loppe" for "Dr. Tim Loppe"
# (its rule), and a record "Dr. Tim Loppe" names the same person.
_NOT_NAME_TOKENS = {"von", "by", "und", "and", "text", "autor", "autorin", "dr", "prof", "med", "dipl", "ing", "mag"}


_ATTRIBUTE = {"date*": "dates", "authors/p": "authors", "url/own": "url"}


@dataclass
class Result:
    """One tool's answer for one page, already normalised to comparable strings."""

    title: str | None = None
    date: str | None = None
    dates: str | None = None  # published and modified, ";"-separated
    authors: str | None = None
    outlet: str | None = None
    url: str | None = None
    body_chars: int = 0
    text: str | None = None  # the main text (archive: teaser and body), for the body checks


@dataclass
class Tally:
    """Counts for one tool."""

    seconds: float = 0.0
    cpu_seconds: float = 0.0  # user + system time of this process: steadier than the clock on a shared machine
    pages: int = 0
    rejected: int = 0
    tracebacks: list[str] = field(default_factory=list)
    found: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})
    agree: dict[str, float] = field(default_factory=lambda: {f: 0.0 for f in FIELDS})
    with_body: int = 0


def run_archive(path: pathlib.Path, data: bytes, today: dt.date) -> Result:
    extracted = extract(read_source(path, data), today=today)
    published = extracted.published
    return Result(
        title=extracted.title or None,
        date=str(published) if published else None,
        dates=";".join(str(d) for d in (published, extracted.modified) if d) or None,
        authors="; ".join(extracted.authors) or None,
        outlet=extracted.outlet,
        url=extracted.url,
        body_chars=len(extracted.body),
        text="\n".join((extracted.teaser, extracted.body)),
    )


def run_trafilatura(path: pathlib.Path, data: bytes, today: dt.date) -> Result:
    import trafilatura

    document = trafilatura.bare_extraction(data, with_metadata=True)
    if document is None:
        return Result()
    return Result(
        title=document.title or None,
        date=document.date or None,
        dates=document.date or None,
        authors=document.author or None,
        outlet=document.sitename or None,
        url=document.url or None,
        body_chars=len(document.text or ""),
        text=document.text or "",
    )


def normalise_title(text: str) -> str:
    # Soft hyphens are invisible; some records keep them, some pages print them.
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").casefold()
    text = re.sub(r"[\"'„“”‚‘’«»]", "", text)
    text = re.sub(r"[–—‐-]", "-", text)
    text = re.sub(r"\s*:\s*", ": ", text)  # "Betriebsversammlung:Es" as a record may write it
    return re.sub(r"\s+", " ", text).strip(" .:-|")


def title_agrees(found: str, reference: str) -> bool:
    a, b = normalise_title(found), normalise_title(reference)
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    return a == b or (len(short) >= 10 and short in long_)


def same_day(found: str, reference: str) -> bool:
    return len(found) >= 10 and found[:10] == re.sub(r"^(\d{4})[-./](\d\d)[-./](\d\d)", r"\1-\2-\3", reference)[:10]


def name_tokens(text: str) -> set[str]:
    return {t for t in _TOKEN.findall(text.casefold()) if t not in _NOT_NAME_TOKENS}


def author_f1(found: str, reference: str) -> float:
    a, b = name_tokens(found), name_tokens(reference)
    if not a or not b:
        return 0.0
    common = len(a & b)
    if not common:
        return 0.0
    precision, recall = common / len(a), common / len(b)
    return 2 * precision * recall / (precision + recall)


def normalise_url(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path}".rstrip("/").casefold()


def outlet_agrees(found: str, reference: str) -> bool:
    return alias_key(canonical_outlet(found)) == alias_key(canonical_outlet(reference))


def names_persons(record: str) -> bool:
    """Whether a recorded author names persons, by archive's own rule plus the two lists above.

    >>> names_persons("Redaktion"), names_persons("Greenpeace"), names_persons("Anna Kleiser")
    (False, False, True)
    """
    key = record.strip().casefold()
    if key in PERSONS:
        return True
    return key not in NOT_PERSONS and bool(parse_names(record, allow_single=True).authors)


def names_own_address(path: pathlib.Path, data: bytes) -> bool:
    """Whether the page's markup names an address for itself anywhere (not: a link to it)."""
    try:
        hints = read_source(path, data).html
    except InputError:
        return False
    if hints is None:
        return False
    if hints.canonical_href or hints.og_url_href or urlsplit(hints.base_href).path.strip("/"):
        return True  # a <base href> counts when it names a page, not the site's root
    if any(hints.meta.get(key) for key in ("og:url", "twitter:url", "al:web:url")):
        return True
    if any("shortlink" in rel for rel, _ in hints.link_urls):
        return True
    if any(urlsplit(url).path.strip("/") or urlsplit(url).query for _, url in hints.self_links):
        return True  # share buttons, its own-language alternate, its comment feed
    for item in hints.json_ld:
        for key in ("url", "mainEntityOfPage", "@id"):
            value = item.get(key)
            value = value.get("@id") if isinstance(value, dict) else value
            if isinstance(value, str) and value.startswith("http"):
                return True
        if str(item.get("@type", "")).lower() == "breadcrumblist" and item.get("itemListElement"):
            return True  # the breadcrumb's last item is the page
    return False


def reviewed_records(records: list[dict]) -> tuple[list[dict], int]:
    """The records with the corrections of `TRUTH_REVIEW` in place, and how many were corrected."""
    review = json.loads(TRUTH_REVIEW.read_text("utf-8")) if TRUTH_REVIEW.is_file() else {}
    out = []
    for record in records:
        fix = review.get(record["file"], {})
        out.append({**record, **{_REVIEWED_FIELDS[key]: value for key, value in fix.items() if key in _REVIEWED_FIELDS}})
    return out, sum(1 for record in records if record["file"] in review)


def reference_values(record: dict, own_address: bool = True) -> dict[str, str | None]:
    outlet = record.get("sitename") or (outlet_from_url(record["url"]) if record.get("url") else None)
    authors = record.get("authors_raw")
    return {"title": record.get("title"), "date": record.get("date"), "date*": record.get("date"),
            "authors": authors, "authors/p": authors if authors and names_persons(authors) else None,
            "outlet": outlet, "url": record.get("url"), "url/own": record.get("url") if own_address else None}


CHECKS: dict[str, Callable[[str, str], float]] = {
    "title": title_agrees, "date": same_day,
    "date*": lambda found, expected: any(same_day(one, expected) for one in found.split(";")),
    "authors": author_f1, "authors/p": author_f1, "outlet": outlet_agrees,
    "url": lambda a, b: normalise_url(a) == normalise_url(b),
    "url/own": lambda a, b: normalise_url(a) == normalise_url(b)}


def score(tally: Tally, result: Result, reference: dict[str, str | None]) -> None:
    tally.with_body += result.body_chars >= 200
    for name in FIELDS:
        expected, value = reference[name], getattr(result, _ATTRIBUTE.get(name, name))
        if not expected or not value:
            continue
        tally.found[name] += 1
        tally.agree[name] += float(CHECKS[name](value, expected))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=pathlib.Path, default=DEFAULT_SAMPLE,
                        help="directory with the pages and metadata.jsonl (default: %(default)s)")
    parser.add_argument("--no-trafilatura", action="store_true", help="measure archive only")
    parser.add_argument("--show", choices=FIELDS, help="print archive's disagreements for one field")
    parser.add_argument("--show-body", action="store_true", help="print archive's body misses")
    parser.add_argument("--reviewed", action="store_true",
                        help="--show the disagreements with the reviewed records (bench/data/html-truth-review.json)")
    args = parser.parse_args(argv)
    records_file = args.sample / "metadata.jsonl"
    if not records_file.is_file():
        print(f"no metadata.jsonl in {args.sample}", file=sys.stderr)
        return 2
    records = [json.loads(line) for line in records_file.read_text("utf-8").splitlines() if line.strip()]
    today = dt.date.today()
    tools: dict[str, Callable[[pathlib.Path, bytes, dt.date], Result]] = {"archive": run_archive}
    if not args.no_trafilatura:
        try:
            import trafilatura  # noqa: F401
        except ImportError:
            print("trafilatura is not installed: measuring archive only", file=sys.stderr)
        else:
            tools["trafilatura"] = run_trafilatura
    warnings.filterwarnings("ignore")
    tallies = {name: Tally() for name in tools}
    tallies_reviewed = {name: Tally() for name in tools}
    bodies = {name: BodyTally() for name in tools}
    expectations = load_expectations()
    pages = [(args.sample / record["file"], (args.sample / record["file"]).read_bytes()) for record in records]
    own = [names_own_address(path, data) if path.suffix.lower() in (".html", ".htm") else True
           for path, data in pages]
    references = [reference_values(record, own_address) for record, own_address in zip(records, own)]
    with_reference = {name: sum(1 for ref in references if ref[name]) for name in FIELDS}
    corrected, reviewed_count = reviewed_records(records)
    references_reviewed = [reference_values(record, own_address) for record, own_address in zip(corrected, own)]
    with_reviewed = {name: sum(1 for ref in references_reviewed if ref[name]) for name in FIELDS}
    marked = [marked_paragraphs(data) if path.suffix.lower() in (".html", ".htm") else [] for path, data in pages]
    for name, tool in tools.items():
        tally = tallies[name]
        texts: list[tuple[str | None, str]] = []
        start, cpu_start = time.perf_counter(), time.process_time()
        for (path, data), reference, reviewed, paragraphs in zip(pages, references, references_reviewed, marked):
            tally.pages += 1
            try:
                result = tool(path, data, today)
            except InputError:
                tally.rejected += 1
                result = Result()
            except Exception as error:  # a traceback is a defect: count it, name the page
                tally.tracebacks.append(f"{path.name}: {type(error).__name__}: {error}")
                result = Result()
            if args.show and name == "archive":
                _show(args.show, path.name, result, reviewed if args.reviewed else reference)
            score(tally, result, reference)
            score(tallies_reviewed[name], result, reviewed)
            texts.append((result.text, result.title or ""))
        tally.seconds = time.perf_counter() - start
        tally.cpu_seconds = time.process_time() - cpu_start
        # scored after the clock stops: the checks are the benchmark's work, not the tool's
        for (path, _), paragraphs, (text, title) in zip(pages, marked, texts):
            bodies[name].add(path.name, text, expectations.get(path.name), paragraphs if name == "archive" else None,
                             title)
    _print_table(tallies, with_reference, len(records))
    print(f"\nagainst the reviewed records ({reviewed_count} records corrected with evidence from their page,"
          f" {TRUTH_REVIEW.relative_to(REPO)}):")
    _print_fields(tallies_reviewed, with_reviewed, ("title", "date", "date*", "authors", "authors/p"))
    rows = {name: body.rows() for name, body in bodies.items()}
    print(f"\nbody checks on {len(expectations)} pages with expectations, {bodies['archive'].with_total} must-contain"
          f" and {bodies['archive'].without_total} must-not strings; marked paragraphs on"
          f" {bodies['archive'].marked_pages} pages (archive only)")
    for row in rows["archive"]:
        print(f"{row:22}" + "".join(f"{rows[name][row] if row in rows[name] and (name == 'archive' or 'marked' not in row) else '-':>24}"
                                    for name in bodies))
    if args.show_body:
        print("\n".join(bodies["archive"].misses))
    print(f"\npages naming no address of their own: {own.count(False)} of {len(own)}"
          f" (url/own counts the other {with_reference['url/own']})")
    excluded = sorted({r["authors_raw"] for r in records if r.get("authors_raw") and not names_persons(r["authors_raw"])})
    print(f"\nauthors/p leaves out {sum(1 for r in records if r.get('authors_raw')) - with_reference['authors/p']}"
          f" records that name no person: " + "; ".join(excluded))
    return 1 if tallies["archive"].tracebacks else 0


def _print_fields(tallies: dict[str, Tally], with_reference: dict[str, int], fields: tuple[str, ...]) -> None:
    print(f"{'field (pages)':22}" + "".join(f"{'found %':>12}{'agree %':>12}" for _ in tallies))
    for name in fields:
        denominator = with_reference[name] or 1
        cells = "".join(f"{100 * t.found[name] / denominator:>12.1f}{100 * t.agree[name] / denominator:>12.1f}"
                        for t in tallies.values())
        print(f"{f'{name} ({with_reference[name]})':22}{cells}")


def _show(field_name: str, page: str, result: Result, reference: dict[str, str | None]) -> None:
    expected, value = reference[field_name], getattr(result, _ATTRIBUTE.get(field_name, field_name))
    # the same check the score uses: a partial agreement (authors F1 < 1) is shown too
    if expected and (not value or CHECKS[field_name](value, expected) < 1):
        print(f"{page}\n    expected: {expected!r}\n    found:    {value!r}")


def _print_table(tallies: dict[str, Tally], with_reference: dict[str, int], total: int) -> None:
    names = list(tallies)
    print(f"\n{total} pages; reference values per field: "
          + ", ".join(f"{f} {with_reference[f]}" for f in FIELDS))
    header = f"{'':22}" + "".join(f"{n:>24}" for n in names)
    print(header)
    print(f"{'pages/s':22}" + "".join(f"{t.pages / t.seconds:>24.1f}" for t in tallies.values()))
    print(f"{'pages/CPU s':22}" + "".join(f"{t.pages / t.cpu_seconds:>24.1f}" for t in tallies.values()))
    print(f"{'rejected (not article)':22}" + "".join(f"{t.rejected:>24}" for t in tallies.values()))
    print(f"{'tracebacks':22}" + "".join(f"{len(t.tracebacks):>24}" for t in tallies.values()))
    print(f"{'body >= 200 chars':22}" + "".join(f"{100 * t.with_body / total:>23.1f}%" for t in tallies.values()))
    _print_fields(tallies, with_reference, FIELDS)
    for name, tally in tallies.items():
        for line in tally.tracebacks[:20]:
            print(f"[{name}] traceback: {line}")


if __name__ == "__main__":
    sys.exit(main())
