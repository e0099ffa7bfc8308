"""Search results against a brute-force oracle (property-based, with Hypothesis).

Archives of a few hundred small generated articles are imported through the real CLI. Each
article has a date at day, month or year precision (or none), an outlet from the registry (or an
unknown one), authors, and planted marker words from a small vocabulary whose inflected forms,
umlaut spellings and compounds the German analysis is known to treat as one word. Hypothesis then
generates requests (queries with words, phrases, prefixes, fields, dates, years, outlets and
authors in boolean combinations; the options --outlet/--author/--year/--since/--until; sorts,
limits, offsets, facet limits) and every total, hit, date order and facet count is compared with
a plain Python evaluation of the same request over the stored records.

The evaluation is written independently of the product: dates with `datetime` and the
documented overlap rule (an article dated 2021-02 stands for 2021-02-01..2021-02-28; a range
A..B covers the first day of A to the last day of B; undated articles match no date or year
range), words through the vocabulary planted here, outlet aliases from the registry file read
with `csv`. Hypothesis runs derandomized with a bounded number of examples.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.model import Article
from archive.paths import ArchivePaths
from archive.search import SearchRequest, search
from archive.store import Store
from conftest import REPO, Archive, write_article

# ---------------------------------------------------------------------------------------------
# The planted vocabulary: concept -> surface forms the analysis treats as one word.

CONCEPTS = {
    "gespraech": ("Gespräch", "Gespräche", "Gesprächen"),
    "hafen": ("Hafen", "Häfen"),
    "bruecke": ("Brücke", "Brücken"),
    "wahl": ("Wahl", "Wahlen"),
    "strasse": ("Straße", "Straßen"),
    "loewe": ("Löwe", "Löwen"),
    "schuld": ("Schulden",),
}
# Compounds: surface form -> the concepts of its parts (a compound stands for its parts).
COMPOUNDS = {"Hafenbrücke": ("hafen", "bruecke"), "Bürgerwahl": ("buerger", "wahl")}
# Spellings a reader may type for a planted form (umlaut and ß transcriptions).
VARIANTS = {"Gespraech": "gespraech", "Bruecke": "bruecke", "Strasse": "strasse",
            "Loewen": "loewe", "Haefen": "hafen"}
# Word starts for `prefix*` queries; no filler word and no compound's second part starts so.
PREFIXES = ("Gespr", "Löw", "Hafen", "Schul")

FORM_CONCEPTS: dict[str, frozenset[str]] = {}
for _concept, _forms in CONCEPTS.items():
    for _form in _forms:
        FORM_CONCEPTS[_form] = frozenset({_concept})
for _form, _parts in COMPOUNDS.items():
    FORM_CONCEPTS[_form] = frozenset(_parts)
PLAIN_FORMS = [form for forms in CONCEPTS.values() for form in forms]
ALL_FORMS = PLAIN_FORMS + list(COMPOUNDS)
# Title words: none is a part of a compound that may stand in the body (a compound's parts
# count only near each other in one field, so a part in the title and one in the body would
# make the expected result depend on that rule).
TITLE_FORMS = [form for form in ALL_FORMS if not FORM_CONCEPTS[form] & {"hafen", "bruecke"}]

# Filler sentences: none of their words shares a stem or a start with the vocabulary above.
FILLERS = (
    "Der Bericht erschien am Morgen in der gedruckten Ausgabe.",
    "Nach Angaben der Verwaltung soll eine Entscheidung im Herbst fallen.",
    "Die Redaktion hat mehrere Beteiligte um eine Stellungnahme gebeten.",
    "Bis zum Abend gab es keine weiteren Informationen dazu.",
    "Ein Sprecher verwies auf eine Sitzung in der kommenden Woche.",
)

OUTLETS = ("DER SPIEGEL", "Süddeutsche Zeitung", "Die Zeit", "Frankfurter Allgemeine Zeitung",
           "Der Tagesspiegel", "taz", "Testblatt Nord")
# What a user may type for an outlet: names, registry aliases and domains, words of names.
OUTLET_REQUESTS = ("DER SPIEGEL", "Süddeutsche Zeitung", "SZ", "spiegel.de", "Spiegel Online",
                   "spiegel", "Sueddeutsche", "FAZ", "ZEIT ONLINE", "Die Zeit", "Tagesspiegel",
                   "Zeitung", "Testblatt", "Testblatt Nord", "die tageszeitung", "Nirgendblatt")
# The same inside queries (outlet:...), where only the words of the name are promised.
OUTLET_WORDS = ("spiegel", "Süddeutsche Zeitung", "Sueddeutsche", "Zeitung", "Testblatt",
                "taz", "Tagesspiegel", "Die Zeit")
AUTHORS = ("Anna Müller", "Karl Müller", "Jörg Weiß", "Lena Herrmann", "Peter Schulz",
           "Sabine Groß", "Thomas Becker")
AUTHOR_REQUESTS = ("Anna Müller", "Müller", "Mueller", "Anna Mueller", "Weiss", "Jörg Weiß",
                   "Groß", "Gross", "Herrmann", "Lena", "Peter Schulz", "Becker", "Niemand")
YEARS = tuple(range(2015, 2025))


# ---------------------------------------------------------------------------------------------
# Independent helpers: folding, dates, the outlet registry.

def fold(text: str) -> str:
    """Case and German spelling folded: ä/ae -> a, ö/oe -> o, ü/ue -> u, ß -> ss."""
    text = text.casefold().replace("ß", "ss")
    for umlaut, base in (("ä", "a"), ("ö", "o"), ("ü", "u"), ("ae", "a"), ("oe", "o"),
                         ("ue", "u")):
        text = text.replace(umlaut, base)
    return text


def words_of(text: str) -> list[str]:
    return [fold(word) for word in re.findall(r"\w+", text)]


def period(text: str) -> tuple[dt.date, dt.date]:
    """The first and last day a date written at year, month or day precision stands for."""
    parts = [int(part) for part in text.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], last)
    day = dt.date(*parts)
    return day, day


def alias_key(name: str) -> str:
    return "".join(char for char in name.casefold() if char.isalnum())


def _registry() -> dict[str, str]:
    """alias key -> canonical outlet name, read from the registry file as documented."""
    path = REPO / "archive" / "metadata" / "data" / "outlets.csv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    table: dict[str, str] = {}
    for row in csv.DictReader(lines):
        names = [row["name"], *row["aliases"].split("|"), *row["domains"].split("|")]
        for name in names:
            if name.strip():
                table[alias_key(name)] = row["name"]
    return table


REGISTRY = _registry()


def name_matches(request: str, name: str | None) -> bool:
    """A name request matches a name when the request's words are consecutive words of it."""
    if not name:
        return False
    wanted, have = words_of(request), words_of(name)
    return any(have[start:start + len(wanted)] == wanted
               for start in range(len(have) - len(wanted) + 1))


def outlet_matches(request: str, outlet: str | None) -> bool:
    """--outlet: a registry alias or domain names its outlet; otherwise the words of the name."""
    if outlet is None:
        return False
    canonical = REGISTRY.get(alias_key(request))
    return canonical == outlet or name_matches(request, outlet)


# ---------------------------------------------------------------------------------------------
# Generated record sets, written as .txt files with sidecars and imported through the CLI.

@dataclass
class Planted:
    name: str
    title_words: list[str]
    markers: list[str]
    published: str | None
    outlet: str
    authors: list[str]


def _random_date(rng: random.Random) -> str | None:
    if rng.random() < 0.15:
        return None
    day = dt.date(rng.choice(YEARS), rng.randint(1, 12), 1)
    day = day.replace(day=rng.randint(1, calendar.monthrange(day.year, day.month)[1]))
    precision = rng.choice(("day", "day", "month", "year"))
    return {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[precision]


def generate(seed: int, count: int) -> list[Planted]:
    rng = random.Random(seed)
    records = []
    for number in range(count):
        markers = rng.sample(PLAIN_FORMS, rng.randint(0, 4))
        if rng.random() < 0.2:
            markers.insert(rng.randint(0, len(markers)), rng.choice(list(COMPOUNDS)))
        title_words = rng.sample(TITLE_FORMS, 1) if rng.random() < 0.3 else []
        records.append(Planted(
            name=f"m{seed}x{number:04d}", title_words=title_words, markers=markers,
            published=_random_date(rng), outlet=rng.choice(OUTLETS),
            authors=rng.sample(AUTHORS, rng.choice((0, 1, 1, 1, 2, 3)))))
    return records


def write_folder(folder: Path, records: list[Planted], rng: random.Random) -> None:
    for record in records:
        title = " ".join([f"Meldung {record.name[-4:]}", *record.title_words])
        # One paragraph over the importer's minimum body length, markers in the middle.
        markers = " ".join(record.markers) + "." if record.markers else ""
        body = " ".join([*rng.choices(FILLERS, k=3), markers, *rng.choices(FILLERS, k=2)])
        sidecar: dict[str, object] = {"title": title, "outlet": record.outlet,
                                      "authors": record.authors}
        if record.published:
            sidecar["published"] = record.published
        write_article(folder, f"{record.name}.txt", f"{title}\n\n{body}\n", **sidecar)


@dataclass
class Stored:
    """One stored article and what the oracle needs of it."""

    article: Article
    concepts: frozenset[str]
    title_concepts: frozenset[str]
    surface: list[str]  # folded surface words of title, teaser and body, in order
    start: dt.date | None = None
    end: dt.date | None = None


def _concepts(text: str) -> frozenset[str]:
    found: set[str] = set()
    folded = {fold(form): concepts for form, concepts in FORM_CONCEPTS.items()}
    for word in words_of(text):
        found |= folded.get(word, frozenset())
    return frozenset(found)


def stored_records(home: Path) -> list[Stored]:
    with Store.open(ArchivePaths(home).store_file) as store:
        articles = list(store.iter_articles())
    records = []
    for article in articles:
        text = "\n".join((article.title, article.teaser, article.body))
        record = Stored(article, _concepts(text), _concepts(article.title), words_of(text))
        if article.published is not None:
            record.start, record.end = period(str(article.published))
        records.append(record)
    return records


@dataclass
class Built:
    archive: Archive
    planted: list[Planted] = field(repr=False)
    records: list[Stored] = field(default_factory=list, repr=False)

    def __repr__(self) -> str:  # Hypothesis prints its arguments: keep failures readable
        return f"Built({self.archive.home}, {len(self.records)} articles)"


RECORD_SETS = {"a": (11, 240), "b": (23, 160)}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    archives = {}
    for key, (seed, count) in RECORD_SETS.items():
        root = tmp_path_factory.mktemp(f"oracle-{key}")
        planted = generate(seed, count)
        write_folder(root / "articles", planted, random.Random(seed))
        archive = Archive(root / "home")
        result = archive.ok("import", str(root / "articles"))
        assert f"{count} added" in result.output, result.output
        archives[key] = Built(archive, planted, stored_records(archive.home))
    return archives


# ---------------------------------------------------------------------------------------------
# Queries as small trees: rendered to the query language, evaluated by brute force.

def render(node: tuple) -> str:
    kind = node[0]
    if kind == "word":
        return node[1]
    if kind == "exact":
        return f"={node[1]}"
    if kind == "prefix":
        return f"{node[1]}*"
    if kind == "phrase":
        return f'"{node[1]} {node[2]}"'
    if kind == "title":
        return f"title:{node[1]}"
    if kind in ("outlet", "author"):
        return f'{kind}:"{node[1]}"'
    if kind in ("year", "date"):
        return f"{kind}:{span(node[1], node[2])}"
    if kind == "not":
        return f"NOT {render(node[1])}"
    joiner = " OR " if kind == "or" else " "
    return "(" + joiner.join(render(item) for item in node[1]) + ")"


def span(low: object, high: object) -> str:
    if low is not None and low == high:
        return str(low)
    return f"{low if low is not None else ''}..{high if high is not None else ''}"


def evaluate(node: tuple, record: Stored) -> bool:
    kind = node[0]
    article = record.article
    if kind == "word":
        return FORM_CONCEPTS[node[1]] <= record.concepts if node[1] in FORM_CONCEPTS \
            else frozenset({VARIANTS[node[1]]}) <= record.concepts
    if kind == "exact":
        return fold(node[1]) in record.surface
    if kind == "prefix":
        start = fold(node[1])
        return any(word.startswith(start) for word in record.surface)
    if kind == "phrase":
        first, second = fold(node[1]), fold(node[2])
        return any(record.surface[i] == first and record.surface[i + 1] == second
                   for i in range(len(record.surface) - 1))
    if kind == "title":
        return FORM_CONCEPTS[node[1]] <= record.title_concepts
    if kind == "outlet":
        return name_matches(node[1], article.outlet)
    if kind == "author":
        return any(name_matches(node[1], author) for author in article.authors)
    if kind == "year":
        return year_matches(record, node[1], node[2])
    if kind == "date":
        return date_matches(record, node[1], node[2])
    if kind == "not":
        return not evaluate(node[1], record)
    if kind == "and":
        return all(evaluate(item, record) for item in node[1])
    return any(evaluate(item, record) for item in node[1])


def year_matches(record: Stored, low: int | None, high: int | None) -> bool:
    if record.start is None:
        return False
    year = record.start.year
    return (low is None or year >= low) and (high is None or year <= high)


def date_matches(record: Stored, low: str | None, high: str | None) -> bool:
    """The overlap rule: the article's period overlaps [first day of low, last day of high]."""
    if record.start is None or record.end is None:
        return False
    first = period(low)[0] if low else dt.date.min
    last = period(high)[1] if high else dt.date.max
    return record.start <= last and record.end >= first


def matches(request: SearchRequest, node: tuple | None, record: Stored) -> bool:
    article = record.article
    if node is not None and not evaluate(node, record):
        return False
    if request.outlets and not any(outlet_matches(o, article.outlet) for o in request.outlets):
        return False
    if request.authors and not any(name_matches(a, author) for a in request.authors
                                   for author in article.authors):
        return False
    if request.years:
        low, _, high = request.years.partition("..") if ".." in request.years \
            else (request.years, "", request.years)
        if not year_matches(record, int(low) if low else None, int(high) if high else None):
            return False
    if (request.since or request.until) and not date_matches(record, request.since,
                                                             request.until):
        return False
    return True


# ---------------------------------------------------------------------------------------------
# Strategies.

def date_text(precision: str) -> st.SearchStrategy[str]:
    def build(year: int, month: int, day: int) -> str:
        day = min(day, calendar.monthrange(year, month)[1])
        full = dt.date(year, month, day).isoformat()
        return {"year": full[:4], "month": full[:7], "day": full}[precision]
    return st.builds(build, st.integers(2014, 2025), st.integers(1, 12), st.integers(1, 31))


any_date = st.sampled_from(("year", "month", "day")).flatmap(date_text)


@st.composite
def ordered_dates(draw: st.DrawFn) -> tuple[str | None, str | None]:
    """Two date bounds (either may be open) with the first period not after the second."""
    low = draw(st.none() | any_date)
    high = draw(st.none() | any_date)
    if low and high and period(low)[0] > period(high)[1]:
        low, high = high, low
        if period(low)[0] > period(high)[1]:  # e.g. 2020-05 and 2020: keep one end
            high = None
    return low, high


@st.composite
def ordered_years(draw: st.DrawFn) -> tuple[int | None, int | None]:
    low = draw(st.none() | st.integers(2014, 2025))
    high = draw(st.none() | st.integers(2014, 2025))
    if low is not None and high is not None and low > high:
        low, high = high, low
    if low is None and high is None:
        low = high = draw(st.integers(2014, 2025))
    return low, high


def _leaf(phrase_pairs: list[tuple[str, str]]) -> st.SearchStrategy[tuple]:
    return st.one_of(
        st.tuples(st.just("word"), st.sampled_from(ALL_FORMS + list(VARIANTS))),
        st.tuples(st.just("exact"), st.sampled_from(PLAIN_FORMS)),
        st.tuples(st.just("prefix"), st.sampled_from(PREFIXES)),
        st.tuples(st.just("phrase"), *map(st.just, ("Hafen", "Wahl")))
        | st.sampled_from(phrase_pairs).map(lambda pair: ("phrase", *pair)),
        st.tuples(st.just("title"), st.sampled_from(ALL_FORMS)),
        st.tuples(st.just("outlet"), st.sampled_from(OUTLET_WORDS)),
        st.tuples(st.just("author"), st.sampled_from(AUTHOR_REQUESTS)),
        ordered_years().map(lambda span_: ("year", *span_)),
        ordered_dates().filter(lambda span_: span_ != (None, None))
        .map(lambda span_: ("date", *span_)),
    )


def queries(phrase_pairs: list[tuple[str, str]]) -> st.SearchStrategy[tuple]:
    leaf = _leaf(phrase_pairs)
    positive = st.recursive(
        leaf,
        lambda inner: st.tuples(st.sampled_from(("and", "or")),
                                st.lists(inner, min_size=2, max_size=3).map(tuple)),
        max_leaves=5)
    with_not = st.tuples(positive, positive).map(
        lambda pair: ("and", (pair[0], ("not", pair[1]))))
    return st.one_of(positive, positive, with_not)


@st.composite
def requests(draw: st.DrawFn, phrase_pairs: list[tuple[str, str]],
             with_query: bool) -> tuple[SearchRequest, tuple | None]:
    node = draw(queries(phrase_pairs)) if with_query else None
    since = until = years = None
    if draw(st.booleans()):
        since, until = draw(ordered_dates())
    if draw(st.integers(0, 3)) == 0:
        low, high = draw(ordered_years())
        years = span(low, high)
    request = SearchRequest(
        query=render(node) if node else "",
        outlets=tuple(draw(st.lists(st.sampled_from(OUTLET_REQUESTS), max_size=2))),
        authors=tuple(draw(st.lists(st.sampled_from(AUTHOR_REQUESTS), max_size=2))),
        years=years, since=since, until=until,
        sort=draw(st.sampled_from(("relevance", "newest", "oldest"))),
        limit=draw(st.sampled_from((0, 1, 3, 10, 50, 1000))),
        offset=draw(st.sampled_from((0, 0, 1, 7, 40, 150))),
        facets=True,
        facet_limit=draw(st.sampled_from((None, None, 1, 2, 5))),
        all_words=True)
    return request, node


def phrase_pairs_of(planted: list[Planted]) -> list[tuple[str, str]]:
    pairs = {(a, b) for record in planted for a, b in zip(record.markers, record.markers[1:])}
    return sorted(pairs)[:40]


# ---------------------------------------------------------------------------------------------
# The comparison.

def date_key(record_or_article: Article) -> tuple[int, dt.date]:
    """Undated last; the sort key of a dated article is its first possible day."""
    published = record_or_article.published
    return (1, dt.date.max) if published is None else (0, period(str(published))[0])


def compare(built: Built, request: SearchRequest, node: tuple | None) -> None:
    expected = [record for record in built.records if matches(request, node, record)]
    result = search(ArchivePaths(built.archive.home), request)
    where = f"request {request!r}"
    total = result.total
    assert total == len(expected), (where, "total", total, len(expected))

    hits = [hit for hit in result.hits if getattr(hit, "matched", "all") == "all"]
    expected_ids = {record.article.id for record in expected}
    ids = [hit.article.id for hit in hits]
    assert len(ids) == len(set(ids)), where
    assert set(ids) <= expected_ids, (where, set(ids) - expected_ids)
    assert len(hits) == max(0, min(request.limit, len(expected) - request.offset)), where
    if request.offset == 0 and request.limit >= len(expected):
        assert set(ids) == expected_ids, where
    if request.sort == "relevance":
        scores = [hit.score for hit in hits]
        assert scores == sorted(scores, reverse=True), (where, scores)
    else:
        keys = sorted((date_key(record.article) for record in expected),
                      key=lambda key: (key[0], -key[1].toordinal() if request.sort == "newest"
                                       else key[1].toordinal()))
        got = [date_key(hit.article) for hit in hits]
        assert got == keys[request.offset:request.offset + request.limit], (where, got)

    compare_facets(result.facets, expected, request, where)


def compare_facets(facets: dict | None, expected: list[Stored], request: SearchRequest,
                   where: str) -> None:
    assert facets is not None, where
    truth = {
        "outlet": Counter(record.article.outlet for record in expected
                          if record.article.outlet),
        "year": Counter(str(record.start.year) if record.start else None
                        for record in expected),
        "author": Counter(author for record in expected
                          for author in dict.fromkeys(record.article.authors)),
    }
    limit = request.facet_limit
    for name, counter in truth.items():
        listed = [(item.value, item.count) for item in facets[name]]
        values = [value for value, _ in listed]
        assert len(values) == len(set(values)), (where, name, listed)
        for value, count in listed:
            assert counter[value] == count, (where, name, value, count, counter[value])
        wanted = len(counter) if limit is None else min(limit, len(counter))
        assert len(listed) == wanted, (where, name, listed, dict(counter))
        if name == "year":
            years = [int(value) for value in values if value is not None]
            assert years == sorted(years), (where, "years in time order", values)
            assert "4294967295" not in values, where
        else:
            counts = [count for _, count in listed]
            assert counts == sorted(counter.values(), reverse=True)[:wanted], \
                (where, name, listed, dict(counter))


SETTINGS = settings(derandomize=True, max_examples=60, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("key", sorted(RECORD_SETS))
@SETTINGS
@given(data=st.data())
def test_filters_hits_totals_and_facets_equal_brute_force(built: dict[str, Built], key: str,
                                                          data: st.DataObject) -> None:
    """Options only (no query words): --outlet, --author, --year, --since/--until."""
    request, node = data.draw(requests([("Hafen", "Wahl")], with_query=False))
    compare(built[key], request, node)


@pytest.mark.parametrize("key", sorted(RECORD_SETS))
@SETTINGS
@given(data=st.data())
def test_queries_equal_brute_force(built: dict[str, Built], key: str,
                                   data: st.DataObject) -> None:
    """Queries in the query language, with options, sorts, pages and facet limits."""
    pairs = phrase_pairs_of(built[key].planted)
    request, node = data.draw(requests(pairs, with_query=True))
    compare(built[key], request, node)


# ---------------------------------------------------------------------------------------------
# Fixed cases: each bug class once by name, so a failure reads plainly.

def test_stored_records_are_the_planted_ones(built: dict[str, Built]) -> None:
    for item in built.values():
        planted = {f"Meldung {record.name[-4:]}": record for record in item.planted}
        assert len(item.records) == len(planted)
        for record in item.records:
            source = planted[" ".join(record.article.title.split()[:2])]
            assert record.article.outlet == source.outlet
            assert list(record.article.authors) == source.authors
            assert (str(record.article.published) if record.article.published else None) \
                == source.published
            assert record.concepts >= frozenset().union(
                *(FORM_CONCEPTS[form] for form in source.markers + source.title_words))


def _one(built: Built, node: tuple | None = None, **fields: object) -> None:
    defaults: dict[str, object] = {"query": render(node) if node else "", "limit": 1000,
                                   "facets": True, "facet_limit": None, "all_words": True}
    compare(built, SearchRequest(**{**defaults, **fields}), node)


@pytest.mark.parametrize("form", ALL_FORMS + list(VARIANTS))
def test_each_word_form(built: dict[str, Built], form: str) -> None:
    for item in built.values():
        request = SearchRequest(query=form, limit=1000, facets=True, facet_limit=None,
                                all_words=True)
        compare(item, request, ("word", form))


@pytest.mark.parametrize("outlet", ["SZ", "spiegel.de", "Spiegel Online", "FAZ", "ZEIT ONLINE",
                                    "Tagesspiegel", "Sueddeutsche"])
def test_outlet_aliases_from_the_registry(built: dict[str, Built], outlet: str) -> None:
    item = built["a"]
    assert any(outlet_matches(outlet, record.article.outlet) for record in item.records)
    _one(item, outlets=(outlet,))


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_undated_last_in_date_sorts(built: dict[str, Built], sort: str) -> None:
    item = built["a"]
    assert any(record.start is None for record in item.records)
    _one(item, sort=sort)


@pytest.mark.parametrize(("since", "until"), [("2018-03", "2018-03"), ("2019", "2019"),
                                              (None, "2016-02-29"), ("2023-12-31", None),
                                              ("2017-06-15", "2020-02")])
def test_since_until_upper_and_lower_bounds(built: dict[str, Built], since: str | None,
                                            until: str | None) -> None:
    _one(built["a"], since=since, until=until)


def test_counts_only_and_facet_limit(built: dict[str, Built]) -> None:
    item = built["a"]
    _one(item, ("word", "Hafen"), limit=0)
    _one(item, ("word", "Hafen"), limit=0, facet_limit=2)


@pytest.mark.parametrize("output", ["json", "jsonl", "csv"])
def test_facets_in_machine_output(built: dict[str, Built], output: str) -> None:
    """`--limit 0 --facets --facet-limit all`: the output holds every facet value and count."""
    item = built["a"]
    result = item.archive.ok("search", "Wahl", "--facets", "--limit", "0",
                             "--facet-limit", "all", "--format", output)
    expected = [record for record in item.records if evaluate(("word", "Wahl"), record)]
    outlets = Counter(record.article.outlet for record in expected)
    if output == "json":
        document = json.loads(result.stdout)
        assert document["total"] == len(expected)
        assert document["hits"] == []
        assert {entry["value"]: entry["count"] for entry in document["facets"]["outlet"]} \
            == dict(outlets)
        years = {entry["value"]: entry["count"] for entry in document["facets"]["year"]}
        assert years.get(None) == sum(1 for record in expected if record.start is None)
    else:
        for outlet in outlets:  # no hits are printed, so the names can only come from facets
            assert outlet in result.stdout, (output, outlet, result.stdout[:500])
