"""Best match after all words, and the search options of issue 10 (facets, --limit 0, '-word'),
each checked against the words and metadata the test articles were given.

Each article's body is built from chosen marker words (distinct nouns the analysis does not
confuse) in neutral filler, so which query words an article holds is known without the product.
"""

from __future__ import annotations

import csv
import io
import itertools
import json

import pytest

from conftest import Archive, write_article

MARKERS = ("Gletscher", "Pinguin", "Trompete", "Zeppelin")
FILLER = ("Die Sitzung des Ausschusses dauerte bis in den Abend, und die Beteiligten äußerten "
          "sich danach nur knapp zu den Ergebnissen. ")
OUTLETS = ("Testblatt", "Abendpost", "Morgenecho")


def _articles() -> dict[str, tuple[str, ...]]:
    """name -> the marker words its body holds: every subset of the markers, some twice."""
    articles: dict[str, tuple[str, ...]] = {}
    for size in range(len(MARKERS) + 1):
        for number, subset in enumerate(itertools.combinations(MARKERS, size)):
            articles[f"s{size}n{number}"] = subset
            if size in (2, 4):
                articles[f"s{size}n{number}b"] = subset
    return articles


ARTICLES = _articles()


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    root = tmp_path_factory.mktemp("marked")
    folder = root / "articles"
    for number, (name, words) in enumerate(sorted(ARTICLES.items())):
        body = FILLER * 2 + " ".join(f"Der {word} stand im Mittelpunkt." for word in words) + FILLER
        sidecar = {"title": f"Bericht {name}", "outlet": OUTLETS[number % 3]}
        if number % 4:
            sidecar["published"] = f"20{10 + number % 7}-0{1 + number % 9}"
        write_article(folder, f"{name}.txt", f"Bericht {name}\n\n{body}\n", **sidecar)
    archive = Archive(root / "home")
    archive.ok("import", str(folder))
    return archive


def _name(hit: dict) -> str:
    return hit["title"].split()[-1]


@pytest.mark.parametrize("query", [("Gletscher", "Pinguin"), ("Gletscher", "Pinguin", "Zeppelin"),
                                   MARKERS])
def test_best_match_orders_by_words_held_and_names_the_missing(marked: Archive,
                                                               query: tuple[str, ...]) -> None:
    document = marked.search_json(" ".join(query), "--limit", "200")
    held = {name: set(query) & set(words) for name, words in ARTICLES.items()}
    complete = {name for name, words in held.items() if len(words) == len(query)}
    partial = {name for name, words in held.items() if 0 < len(words) < len(query)}
    assert document["total"] == len(complete)
    assert document["partial_total"] == len(partial)
    hits = document["hits"]
    assert {_name(hit) for hit in hits} == complete | partial
    counts = [len(held[_name(hit)]) for hit in hits]
    assert counts == sorted(counts, reverse=True), "more words first"
    for hit in hits:
        name = _name(hit)
        assert hit["matched"] == ("all" if name in complete else "partial")
        assert set(hit["missing"]) == set(query) - held[name]


def test_all_words_keeps_strict_and(marked: Archive) -> None:
    document = marked.search_json("Gletscher Pinguin", "--all-words", "--limit", "200")
    expected = {name for name, words in ARTICLES.items() if {"Gletscher", "Pinguin"} <= set(words)}
    assert {_name(hit) for hit in document["hits"]} == expected
    assert all(hit["matched"] == "all" for hit in document["hits"])


def test_best_match_pages_continue_across_the_boundary(marked: Archive) -> None:
    query = "Gletscher Pinguin Zeppelin"
    whole = [_name(hit) for hit in marked.search_json(query, "--limit", "200")["hits"]]
    paged = []
    for offset in range(0, len(whole), 3):
        paged += [_name(hit) for hit in marked.search_json(query, "--limit", "3", "--offset",
                                                           str(offset))["hits"]]
    assert paged == whole


def test_required_conditions_hold_for_partial_hits(marked: Archive) -> None:
    hits = marked.search_json("Gletscher Pinguin -Zeppelin outlet:Abendpost",
                              "--limit", "200")["hits"]
    assert hits
    for hit in hits:
        assert "Zeppelin" not in ARTICLES[_name(hit)]
        assert hit["outlet"] == "Abendpost"


def test_text_output_separates_partial_hits(marked: Archive) -> None:
    output = marked.ok("search", "Gletscher", "Pinguin", "Zeppelin", "Trompete",
                       "--limit", "40").output
    assert "articles with some of the words" in output
    assert "missing: " in output


def test_minus_word_after_a_query_word_is_a_query_word(marked: Archive) -> None:
    unquoted = marked.search_json("Gletscher", "-Pinguin", "--limit", "200", "--all-words")
    expected = {name for name, words in ARTICLES.items()
                if "Gletscher" in words and "Pinguin" not in words}
    assert {_name(hit) for hit in unquoted["hits"]} == expected
    # A word starting with a known option's letter is still a word, not that option.
    assert marked.search_json("Gletscher", "-heute", "--limit", "1")["total"] >= 0
    assert marked.run("search", "-x", "Gletscher").exit_code == 2  # before any word: an option


def test_limit_zero_gives_counts_and_facets_only(marked: Archive) -> None:
    document = marked.search_json("Gletscher", "--limit", "0", "--facets", "--facet-limit", "all")
    expected = [name for name, words in ARTICLES.items() if "Gletscher" in words]
    assert document["hits"] == []
    assert document["total"] == len(expected)
    assert sum(item["count"] for item in document["facets"]["outlet"]) == len(expected)
    assert sum(item["count"] for item in document["facets"]["year"]) == len(expected)


def test_years_in_time_order_and_facet_limit(marked: Archive) -> None:
    document = marked.search_json("Bericht", "--limit", "0", "--facets", "--facet-limit", "all")
    years = [item["value"] for item in document["facets"]["year"]]
    assert None in years and years[-1] is None
    assert years[:-1] == sorted(years[:-1], key=int)
    limited = marked.search_json("Bericht", "--limit", "0", "--facets", "--facet-limit", "2")
    assert all(len(values) <= 2 for values in limited["facets"].values())
    assert marked.run("search", "Bericht", "--facets", "--facet-limit", "zwei").exit_code == 2


def test_facets_in_jsonl_and_csv(marked: Archive) -> None:
    lines = [json.loads(line) for line in
             marked.ok("search", "Gletscher", "--facets", "--format", "jsonl").stdout.splitlines()]
    facet_rows = [row for row in lines if "facet" in row]
    assert {row["facet"] for row in facet_rows} >= {"outlet", "year"}
    total = marked.search_json("Gletscher", "--limit", "0")["total"]
    assert sum(row["count"] for row in facet_rows if row["facet"] == "outlet") == total
    table = marked.ok("search", "Gletscher", "--facets", "--limit", "0", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(table)))
    assert sum(int(row["count"]) for row in rows if row["facet"] == "year") == total
