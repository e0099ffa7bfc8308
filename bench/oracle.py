"""Search results against brute force on a real corpus: run after every change to the index or
query code. Target: 0 differences.

    python bench/oracle.py                       # 20k FANG-COVID articles, 300 requests
    python bench/oracle.py --articles 2000 --requests 100
    python bench/oracle.py --home /tmp/oracle-home --reuse   # keep and reuse the import

The corpus articles are written as text files with sidecars and imported with the real CLI.
Sidecars vary what the corpus lacks, reproducibly: a fifth of the dates cut to month or year
precision, a tenth undated, zero to two authors from a small pool. Then random requests
(filters --outlet with registry aliases, --author, --year, --since/--until; `=word` queries
alone and in AND/OR/NOT; every sort; offsets; facets) are run through `archive.search.search`
and compared with a plain evaluation over the records as stored (read with `Store`): total,
hits, date order, every facet count. Words are compared as folded surface words (`=word`), so
the brute force needs no stemmer.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import json
import random
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from archive.paths import ArchivePaths  # noqa: E402
from archive.search import SearchRequest, search  # noqa: E402
from archive.store import Store  # noqa: E402
from bench.corpus import read_corpus  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpora" / "fang-covid-20k.jsonl.gz"
AUTHORS = ("Anna Müller", "Karl Müller", "Jörg Weiß", "Lena Herrmann", "Sabine Groß")
AUTHOR_REQUESTS = ("Müller", "Mueller", "Anna Müller", "Weiss", "Groß", "Lena Herrmann")
_LETTERS = re.compile(r"[^\W\d_]+")


def fold(text: str) -> str:
    """Case and German spelling folded: ä/ae -> a, ö/oe -> o, ü/ue -> u, ß -> ss.

    ae/oe/ue stand for an umlaut only where a person would write one for it: not after a vowel
    or q ("Feuer", "Quelle", "bedauerlich" keep their "ue"), and only in the typed text, not in
    the letters an umlaut leaves behind ("Mitteleuropäer" is "mitteleuropaer", whose "ae" comes
    from "ä" + "e").
    """
    text = text.casefold().replace("ß", "ss")
    text = re.sub(r"(?<![aeiouyäöüq])(ae|oe|ue)", lambda match: match.group(1)[0], text)
    for umlaut, base in (("ä", "a"), ("ö", "o"), ("ü", "u")):
        text = text.replace(umlaut, base)
    # Other diacritics go (Nicolás = Nicolas), and an apostrophe inside a word joins it
    # (Clinton's = Clintons), as the documented folding of exact words does.
    text = "".join(char for char in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(char))
    return re.sub(r"(?<=\w)['’](?=\w)", "", text)


def period(text: str) -> tuple[dt.date, dt.date]:
    parts = [int(part) for part in text.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        return (dt.date(parts[0], parts[1], 1),
                dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1]))
    day = dt.date(*parts)
    return day, day


def alias_key(name: str) -> str:
    return "".join(char for char in name.casefold() if char.isalnum())


def registry() -> tuple[dict[str, str], dict[str, list[str]]]:
    """alias key -> outlet, and outlet -> its aliases and domains, from the registry file."""
    path = REPO / "archive" / "metadata" / "data" / "outlets.csv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    table: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    for row in csv.DictReader(lines):
        names = [name for name in [*row["aliases"].split("|"), *row["domains"].split("|")]
                 if name.strip()]
        aliases[row["name"]] = names
        for name in [row["name"], *names]:
            table[alias_key(name)] = row["name"]
    return table, aliases


REGISTRY, ALIASES = registry()


def name_words(text: str) -> list[str]:
    return [fold(word) for word in re.findall(r"\w+", text)]


def name_matches(request: str, name: str | None) -> bool:
    if not name:
        return False
    wanted, have = name_words(request), name_words(name)
    return any(have[i:i + len(wanted)] == wanted for i in range(len(have) - len(wanted) + 1))


def outlet_matches(request: str, outlet: str | None) -> bool:
    return outlet is not None and (REGISTRY.get(alias_key(request)) == outlet
                                   or name_matches(request, outlet))


# ---------------------------------------------------------------------------------------------

def write_inputs(corpus: Path, folder: Path, count: int, rng: random.Random) -> int:
    """The first `count` corpus articles as .txt + .meta.json, dates and authors varied."""
    articles = read_corpus(corpus)[:count]
    for number, article in enumerate(articles):
        sub = folder / f"{number // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        sidecar: dict[str, object] = {"title": article.title, "outlet": article.outlet,
                                      "url": article.url,
                                      "authors": rng.sample(AUTHORS, rng.choice((0, 0, 1, 2)))}
        roll = rng.random()
        if roll >= 0.1:
            sidecar["published"] = article.date[:4] if roll < 0.2 else \
                article.date[:7] if roll < 0.3 else article.date
        paragraphs = [line.strip() for line in article.body.split("\n") if line.strip()]
        (sub / f"{number:06d}.txt").write_text(
            article.title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        (sub / f"{number:06d}.meta.json").write_text(json.dumps(sidecar, ensure_ascii=False),
                                                      encoding="utf-8")
    return len(articles)


class Records:
    """The stored articles and a word index of their folded surface words."""

    def __init__(self, home: Path) -> None:
        with Store.open(ArchivePaths(home).store_file) as store:
            self.articles = list(store.iter_articles())
        self.periods = [period(str(a.published)) if a.published else None
                        for a in self.articles]
        self.words: dict[str, set[int]] = defaultdict(set)
        for number, article in enumerate(self.articles):
            text = fold(" ".join((article.title, article.teaser, article.body)))
            for word in set(_LETTERS.findall(text)):
                self.words[word].add(number)
        self.everything = set(range(len(self.articles)))

    def word(self, word: str) -> set[int]:
        return self.words.get(fold(word), set())


def evaluate(node: tuple, records: Records) -> set[int]:
    kind = node[0]
    if kind == "word":
        return records.word(node[1])
    if kind == "and":
        return evaluate(node[1], records) & evaluate(node[2], records)
    if kind == "or":
        return evaluate(node[1], records) | evaluate(node[2], records)
    return evaluate(node[1], records) - evaluate(node[2], records)  # "andnot"


def render(node: tuple) -> str:
    kind = node[0]
    if kind == "word":
        return f"={node[1]}"
    if kind == "and":
        return f"({render(node[1])} {render(node[2])})"
    if kind == "or":
        return f"({render(node[1])} OR {render(node[2])})"
    return f"({render(node[1])} NOT {render(node[2])})"


def filters_match(request: SearchRequest, records: Records, number: int) -> bool:
    article, span = records.articles[number], records.periods[number]
    if request.outlets and not any(outlet_matches(o, article.outlet) for o in request.outlets):
        return False
    if request.authors and not any(name_matches(a, author) for a in request.authors
                                   for author in article.authors):
        return False
    if request.years:
        low, _, high = request.years.partition("..") if ".." in request.years \
            else (request.years, "", request.years)
        if span is None or (low and span[0].year < int(low)) or \
                (high and span[0].year > int(high)):
            return False
    if request.since or request.until:
        first = period(request.since)[0] if request.since else dt.date.min
        last = period(request.until)[1] if request.until else dt.date.max
        if span is None or span[0] > last or span[1] < first:
            return False
    return True


def random_request(rng: random.Random, records: Records, vocabulary: list[str],
                   outlets: list[str]) -> tuple[SearchRequest, tuple | None]:
    node = None
    if rng.random() < 0.7:
        node = ("word", rng.choice(vocabulary))
        for _ in range(rng.choice((0, 0, 1, 2))):
            node = (rng.choice(("and", "or", "andnot")), node, ("word", rng.choice(vocabulary)))
    chosen_outlets: list[str] = []
    for _ in range(rng.choice((0, 0, 1, 2))):
        outlet = rng.choice(outlets)
        chosen_outlets.append(rng.choice([outlet, *ALIASES.get(outlet, [])]))
    dates = []
    for _ in range(2):
        day = dt.date(rng.randint(2019, 2021), rng.randint(1, 12), rng.randint(1, 28))
        dates.append(rng.choice((day.isoformat(), day.isoformat()[:7], str(day.year), None)))
    since, until = dates if rng.random() < 0.4 else (None, None)
    if since and until and period(since)[0] > period(until)[1]:
        since, until = until, since
        if period(since)[0] > period(until)[1]:
            until = None
    years = None
    if rng.random() < 0.25:
        low, high = sorted(rng.sample(range(2018, 2023), 2))
        years = rng.choice((str(low), f"{low}..{high}", f"..{high}", f"{low}.."))
    request = SearchRequest(
        query=render(node) if node else "", outlets=tuple(chosen_outlets),
        authors=tuple(rng.sample(AUTHOR_REQUESTS, rng.choice((0, 0, 0, 1)))),
        years=years, since=since, until=until,
        sort=rng.choice(("relevance", "newest", "oldest")),
        limit=rng.choice((0, 10, 50)), offset=rng.choice((0, 0, 5, 100)),
        facets=True, facet_limit=None, all_words=True)
    return request, node


def date_key(article: object) -> tuple[int, dt.date]:
    published = article.published  # type: ignore[attr-defined]
    return (1, dt.date.max) if published is None else (0, period(str(published))[0])


def differences(request: SearchRequest, node: tuple | None, records: Records,
                home: Path) -> list[str]:
    """What differs between the search and the brute force (empty: nothing)."""
    candidates = evaluate(node, records) if node else records.everything
    expected = [n for n in candidates if filters_match(request, records, n)]
    result = search(ArchivePaths(home), request)
    problems = []
    if result.total != len(expected):
        problems.append(f"total {result.total}, expected {len(expected)}")
    ids = {records.articles[n].id for n in expected}
    hits = [hit for hit in result.hits if hit.matched == "all"]
    stray = [hit.article.id for hit in hits if hit.article.id not in ids]
    if stray:
        problems.append(f"{len(stray)} hits that do not match, e.g. {stray[0]}")
    wanted = max(0, min(request.limit, len(expected) - request.offset))
    if len(hits) != wanted:
        problems.append(f"{len(hits)} hits on the page, expected {wanted}")
    if request.sort != "relevance":
        keys = sorted((date_key(records.articles[n]) for n in expected),
                      key=lambda key: (key[0], -key[1].toordinal() if request.sort == "newest"
                                       else key[1].toordinal()))
        if [date_key(hit.article) for hit in hits] != \
                keys[request.offset:request.offset + request.limit]:
            problems.append(f"date order differs ({request.sort})")
    truth = {"outlet": Counter(records.articles[n].outlet for n in expected
                               if records.articles[n].outlet),
             "year": Counter(str(records.periods[n][0].year) if records.periods[n] else None
                             for n in expected),
             "author": Counter(a for n in expected
                               for a in dict.fromkeys(records.articles[n].authors))}
    for name, counter in truth.items():
        got = {item.value: item.count for item in (result.facets or {}).get(name, [])}
        if got != dict(counter):
            wrong = sorted(set(got.items()) ^ set(counter.items()), key=str)[:3]
            problems.append(f"facet {name} differs: {wrong}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument("--home", type=Path, help="archive home (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true",
                        help="the home was imported before: only rebuild the index and compare")
    parser.add_argument("--show", type=int, default=10, help="differences to print")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as scratch:
        home = args.home or Path(scratch) / "home"
        started = time.perf_counter()
        if args.reuse:
            command = ["reindex", "--full"]
        else:
            count = write_inputs(args.corpus, Path(scratch) / "input", args.articles, rng)
            print(f"wrote {count} articles as files", flush=True)
            command = ["import", str(Path(scratch) / "input")]
        completed = subprocess.run([sys.executable, "-m", "archive", "--home", str(home),
                                    *command], capture_output=True, text=True)
        summary = (completed.stdout.strip().splitlines() or [""])[-1]
        print(f"{' '.join(command[:1])}: {summary} ({time.perf_counter() - started:.0f} s)",
              flush=True)
        records = Records(home)
        vocabulary = sorted(word for word, found in records.words.items()
                            if 5 <= len(word) and 3 <= len(found) <= len(records.articles) // 3
                            and not {"ae", "oe", "ue", "ss"} & {word[i:i + 2]
                                                                 for i in range(len(word))})
        outlets = sorted({a.outlet for a in records.articles if a.outlet})
        started = time.perf_counter()
        failures = 0
        for number in range(args.requests):
            request, node = random_request(rng, records, vocabulary, outlets)
            try:
                problems = differences(request, node, records, home)
            except Exception as error:  # a crash is a difference too; keep counting
                problems = [f"{type(error).__name__}: {error}"]
            if problems:
                failures += 1
                if failures <= args.show:
                    print(f"DIFF {request}\n     " + "\n     ".join(problems))
        elapsed = time.perf_counter() - started
        print(f"{len(records.articles)} articles, {args.requests} requests, "
              f"{failures} with differences, {elapsed:.1f} s "
              f"({elapsed / max(1, args.requests) * 1000:.0f} ms per request)")
        sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
