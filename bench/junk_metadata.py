"""Count junk in extracted metadata: authors that are no persons, outlets that are no names.

    python bench/junk_metadata.py [--corpus FILE] [--limit 2000] [--every 1] [--show 15]

Reads news articles from a JSON Lines corpus (optionally gzipped; fields `header`, `article`,
`source`), writes each as the plain-text copy "header\\n\\narticle", and extracts it through the
library (`archive.sources.read_source` + `archive.metadata.extract`), as `archive import` does.
The default corpus is FANG-COVID (`../shared/corpora/fang-covid-20k.jsonl.gz`); its file order
groups the outlets, so `--every 10` spreads 2,000 records over all 13 of them.

It prints how many articles carry a junk author or a junk outlet, per kind, the most frequent
authors and outlets, and the detected languages. Junk is judged here by lists written by hand
(the issue's examples and their kind), not by the library's own rules:

  authors - an outlet's or a desk's initials ("rt" on RT DE, "red"), page words ("publisher",
            "Aktuelles Bildrechte"), organisations ("Deutsches Rotes Kreuz", anything with
            "e.V.", "GmbH", "Verband", …), anything with a digit, "@" or a domain;
  outlets - a JSON-LD @id left unresolved ("#organization", "/#organization", "#publisher"),
            a section name ("News", "Aktuelles", "Startseite"), a value without two letters.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import gzip
import json
import pathlib
import re
import sys
import time

from archive.errors import InputError
from archive.metadata import extract
from archive.sources import read_source

DEFAULT_CORPUS = pathlib.Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "fang-covid-20k.jsonl.gz"

JUNK_AUTHORS = frozenset({"rt", "red", "red.", "publisher", "aktuelles bildrechte", "deutsches rotes kreuz",
                          "redaktion", "admin", "bildrechte", "aktuelles", "tsp", "sz", "zeit online", "dpa"})
ORGANISATION_WORDS = re.compile(r"\b(?:e\.\s?V\.|GmbH|AG|Verband|Verein|Kreuz|Stiftung|Institut|Ministerium"
                                r"|Partei|Redaktion|Team|Presse|Bildrechte|Aktuelles)\b", re.IGNORECASE)
JUNK_OUTLETS = frozenset({"news", "aktuelles", "startseite", "home", "nachrichten", "blog", "organization",
                          "publisher"})


def author_junk(name: str) -> str | None:
    """The kind of junk an author value is, or None for a plausible person ("rt" -> "listed")."""
    if name.casefold() in JUNK_AUTHORS:
        return "listed"
    if ORGANISATION_WORDS.search(name):
        return "organisation"
    if re.search(r"\d|@|\.(?:de|com|net|org)\b", name):
        return "digit, @ or domain"
    return None


def outlet_junk(name: str) -> str | None:
    """The kind of junk an outlet value is, or None ("#organization" -> "@id")."""
    if name.startswith(("#", "/")) or "#" in name:
        return "@id"
    if name.casefold() in JUNK_OUTLETS:
        return "section name"
    if sum(character.isalpha() for character in name) < 2:
        return "no letters"
    return None


def records(corpus: pathlib.Path, limit: int, every: int):
    opener = gzip.open if corpus.suffix == ".gz" else open
    taken = 0
    with opener(corpus, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if number % every:
                continue
            yield json.loads(line)
            taken += 1
            if taken >= limit:
                return


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=pathlib.Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=2000, help="records to extract (default 2000)")
    parser.add_argument("--every", type=int, default=1, help="take every n-th record (default 1: the first ones)")
    parser.add_argument("--show", type=int, default=15, help="most frequent values to list")
    args = parser.parse_args(argv)
    today = dt.date(2030, 1, 1)
    authors: collections.Counter[str] = collections.Counter()
    outlets: collections.Counter[str] = collections.Counter()
    languages: collections.Counter[str] = collections.Counter()
    junk_articles: collections.Counter[str] = collections.Counter()
    junk_values: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    sources: collections.Counter[str] = collections.Counter()
    total = failed = 0
    started = time.perf_counter()
    for record in records(args.corpus, args.limit, args.every):
        total += 1
        sources[record.get("source", "?")] += 1
        text = f"{record.get('header', '').strip()}\n\n{record.get('article', '').strip()}\n"
        try:
            found = extract(read_source(pathlib.Path(f"{total}.txt"), text.encode("utf-8")), today)
        except InputError:
            failed += 1
            continue
        authors.update(found.authors)
        languages[found.language] += 1
        if found.outlet:
            outlets[found.outlet] += 1
        kinds = {kind for kind in map(author_junk, found.authors) if kind}
        for name in found.authors:
            if author_junk(name):
                junk_values["author"][name] += 1
        if kinds:
            junk_articles["any junk author"] += 1
        for kind in kinds:
            junk_articles[f"author: {kind}"] += 1
        outlet_kind = outlet_junk(found.outlet) if found.outlet else None
        if outlet_kind:
            junk_articles["any junk outlet"] += 1
            junk_articles[f"outlet: {outlet_kind}"] += 1
            junk_values["outlet"][found.outlet] += 1
    seconds = time.perf_counter() - started
    print(f"{total} records of {args.corpus.name} (limit {args.limit}, every {args.every}), {failed} rejected, "
          f"{seconds:.1f} s")
    print("sources: " + ", ".join(f"{name} {count}" for name, count in sources.most_common()))
    print("\narticles with junk")
    for kind in ("any junk author", "any junk outlet"):
        print(f"  {kind:<34} {junk_articles[kind]:>6}")
    for kind, count in sorted(junk_articles.items()):
        if not kind.startswith("any"):
            print(f"    {kind:<32} {count:>6}")
    for field, values in junk_values.items():
        print(f"\njunk {field} values: " + ", ".join(f"{name!r} {count}" for name, count in values.most_common(args.show)))
    print("\nmost frequent authors: " + ", ".join(f"{name!r} {count}" for name, count in authors.most_common(args.show)))
    print("most frequent outlets: " + ", ".join(f"{name!r} {count}" for name, count in outlets.most_common(args.show)))
    print("languages: " + ", ".join(f"{name} {count}" for name, count in languages.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
