"""Notes: `archive note`, `archive notes`, `note:` in queries, and that notes survive reindex and
are exported.

The truth for `note:` is written here, not computed by the product's folding: notes are made
of words drawn from groups of spellings a reader must find as one (Müller, Mueller, MÜLLER),
and a query for any spelling of a group must find exactly the articles whose notes hold some
spelling of it; hand-written cases pin the whole-word, prefix and phrase rules.
"""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pytest

from conftest import Archive
from research_corpus import MARKERS, Planted, build, copy_home, search_ids, stored_notes

# Spellings that must match each other (case and umlaut folding); no group's spelling is a
# word of another group.
GROUPS = {
    "mueller": ("Müller", "Mueller", "MÜLLER", "müller"),
    "groesse": ("Größe", "Groesse", "GRÖSSE", "größe"),
    "quelle": ("Quelle", "QUELLE", "quelle"),
    "pruefen": ("prüfen", "pruefen", "Prüfen"),
    "strasse": ("Straße", "Strasse", "STRASSE"),
}
FILL = ("bitte", "nochmal", "siehe", "Seite", "dazu")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Planted]]:
    base = tmp_path_factory.mktemp("notes-corpus")
    home = base / "home"
    return home, build(base / "files", home, count=24, seed=3)


@pytest.fixture
def noted(corpus: tuple[Path, dict[str, Planted]], tmp_path: Path
          ) -> tuple[Archive, dict[str, set[str]], dict[str, Planted]]:
    """Random notes on random articles through the CLI; returns group -> ids holding it."""
    home, planted = corpus
    archive = copy_home(home, tmp_path / "home")
    rng = random.Random(11)
    holding: dict[str, set[str]] = {group: set() for group in GROUPS}
    for article_id in rng.sample(sorted(planted), 16):
        for _ in range(rng.randint(1, 2)):
            groups = rng.sample(sorted(GROUPS), rng.randint(1, 2))
            words = [rng.choice(GROUPS[group]) for group in groups] + rng.sample(FILL, 2)
            rng.shuffle(words)
            archive.ok("note", article_id[:8], " ".join(words) + ".")
            for group in groups:
                holding[group].add(article_id)
    return archive, holding, planted


def test_note_queries_fold_case_and_umlauts(
        noted: tuple[Archive, dict[str, set[str]], dict[str, Planted]]) -> None:
    archive, holding, planted = noted
    assert all(holding.values()) and set.union(*holding.values()) != set(planted)
    for group, spellings in GROUPS.items():
        for spelling in spellings:
            assert search_ids(archive, f"note:{spelling}") == holding[group], spelling
        for marker in MARKERS:
            words = {i for i, record in planted.items() if marker in record.markers}
            assert search_ids(archive, f"note:{spellings[0]} {marker}") == holding[group] & words
            assert search_ids(archive, f"{marker} NOT note:{spellings[0]}") \
                == words - holding[group]
    assert search_ids(archive, "note:Müller OR note:Quelle") \
        == holding["mueller"] | holding["quelle"]
    assert search_ids(archive, "note:nirgends") == set()


def test_note_words_prefixes_and_phrases(seeded: Archive) -> None:
    seeded.ok("note", "4f06", "Zitat prüfen: zweite Quelle bei Kreml-Chef Peskow")
    seeded.ok("note", "28e5", "Quellen fehlen; Zweite Meinung einholen")
    first, second = "4f06297c9634e2e7", "28e5d3c084e120a7"
    cases = {
        "note:Quelle": {first},             # whole words: not "Quellen"
        "note:Quell*": {first, second},
        "note:quellen": {second},
        'note:"zweite Quelle"': {first},    # side by side
        'note:"Quelle zweite"': set(),
        "note:zweite": {first, second},
        "note:Kreml-Chef": {first},
        'note:"kreml chef"': {first},
        "note:Chef": {first},
        "note:PRUEFEN": {first},
        "note:Zit": set(),
        "note:Zit*": {first},
    }
    for query, expected in cases.items():
        assert search_ids(seeded, query) == expected, query


def test_notes_list_formats_and_delete(
        noted: tuple[Archive, dict[str, set[str]], dict[str, Planted]]) -> None:
    archive, _holding, _planted = noted
    stored = stored_notes(archive.home)
    expected = {(article_id, text, set_at) for article_id, items in stored.items()
                for text, set_at in items}
    document = json.loads(archive.ok("notes", "--format", "json").stdout)
    assert document["format"] == "archive-notes" and document["format_version"] == 1
    rows = document["notes"]
    assert {(row["article_id"], row["text"], row["set_at"]) for row in rows} == expected
    csv_rows = list(csv.DictReader(io.StringIO(archive.ok("notes", "--format", "csv").stdout)))
    assert {(row["article_id"], row["text"], row["set_at"]) for row in csv_rows} == expected
    jsonl = [json.loads(line) for line in archive.ok("notes", "--format", "jsonl").stdout.splitlines()]
    assert jsonl == rows
    one = rows[0]["article_id"]
    mine = json.loads(archive.ok("notes", one[:6], "--format", "json").stdout)["notes"]
    assert [row["text"] for row in mine] == [text for text, _ in stored[one]]
    archive.ok("note", "--delete", str(rows[0]["id"]))
    after = json.loads(archive.ok("notes", "--format", "json").stdout)["notes"]
    assert after == rows[1:]
    missing = archive.run("note", "--delete", str(rows[0]["id"]))
    assert missing.exit_code == 2 and len(missing.stderr.splitlines()) == 1


def test_note_refusals(seeded: Archive) -> None:
    for args, status in ((("ffffffffff", "Text"), 3), (("4f06", "   "), 2), (("4f06",), 2),
                         (("4f06", "x" * 10_001), 2), (("--delete", "1", "4f06"), 2)):
        result = seeded.run("note", *args)
        assert result.exit_code == status, (args, result.output)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert stored_notes(seeded.home) == {}
    empty = seeded.run("search", "note:*")
    assert empty.exit_code == 2 and "needs a value" in empty.stderr


def test_notes_survive_reindex_and_are_exported(
        noted: tuple[Archive, dict[str, set[str]], dict[str, Planted]]) -> None:
    archive, holding, planted = noted
    before = stored_notes(archive.home)
    archive.ok("reindex", "--full")
    archive.ok("reextract", "-q")
    assert stored_notes(archive.home) == before
    assert search_ids(archive, "note:Mueller") == holding["mueller"]
    lines = archive.ok("export").stdout.splitlines()
    exported = {json.loads(line)["id"]: json.loads(line)["notes"] for line in lines}
    assert exported == {article_id: [{"text": text, "set_at": set_at}
                                     for text, set_at in before.get(article_id, [])]
                        for article_id in planted}
    rows = list(csv.DictReader(io.StringIO(archive.ok("export", "--format", "csv").stdout)))
    for row in rows:
        assert json.loads(row["notes"] or "[]") == exported[row["id"]]
    first = next(iter(before))
    shown = json.loads(archive.ok("show", first, "--format", "json").stdout)
    assert shown["notes"] == exported[first]
    text = archive.ok("show", first).stdout
    assert all(note_text in text for note_text, _ in before[first])
