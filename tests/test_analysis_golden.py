"""Golden output of the German chain: any change to index or query terms shows up here.

The fixture tests/data/german/golden_tokens.tsv.xz pins, for a fixed sample of German text,
the exact tokens (term, position, character offsets, stop flag) that GermanAnalyzer and
ExactAnalyzer emit, and for every distinct word its query alternatives, its word analysis
(stems, compound parts, groups, guard), the splitter's raw segmentation, the head used for
elliptical conjuncts and its exact-field terms. Speed work on the analysis must leave all of it
unchanged; a deliberate change of terms bumps ANALYSIS_VERSION and regenerates the fixture:

    python tests/test_analysis_golden.py --write

The sample is built from the repository's own text only: the seed articles, the sentences of
the search table, lexicon words (every word with Zipf >= WORD_ZIPF, a regular sample of rarer
ones), and compounds, feminine forms, umlaut-less spellings and sentences formed from them
with a fixed random seed. The words and texts themselves are stored in the fixture, so a
rebuilt lexicon data file cannot silently change the sample.

Fixture format (xz-compressed UTF-8 text, tab-separated; fields with several values use "|"
between alternatives and " " between terms):

    T <tab> text (with \\t, \\n and \\\\ escaped)
    G <tab> GermanAnalyzer tokens: "pos,start,end,stopped,term" joined by " "
    E <tab> ExactAnalyzer tokens, the same format
    W <tab> word <tab> query <tab> stems <tab> parts <tab> part_words <tab> groups <tab>
        guard <tab> split surfaces <tab> split parts <tab> split groups <tab> head <tab> exact
        ("=" stands for a value equal to an earlier field, see word_record)
"""

from __future__ import annotations

import lzma
import random
import re
import sys
from pathlib import Path
from typing import Iterator

import pytest

from archive.german import decompound, plans, word_analysis
from archive.german.folding import fold_german
from archive.german.query_terms import exact_query_terms, text_query_terms
from archive.index.analysis import ExactAnalyzer, GermanAnalyzer
from archive.german.german_tokens import TOKEN_RE, split_chain, visible
from archive.german.lexicon import lexicon

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "german" / "golden_tokens.tsv.xz"
# Every lexicon word at least this frequent is in the word sample; rarer ones are sampled.
WORD_ZIPF = 3.5
RARE_EVERY = 20
COMPOUNDS = 5000
SENTENCES = 1200
SEED = 20240611


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n"}.get(m.group(1), m.group(1)), text)


def clear_all_caches() -> None:
    """Start from empty caches, as a fresh import process does."""
    plans.TEXT_CACHE.clear()
    plans.EXACT_CACHE.clear()
    plans.UNSPLIT_CACHE.clear()
    plans.ELLIPSIS_CACHE.clear()
    word_analysis.clear_caches()


def token_line(analyzer: object, text: str) -> str:
    """Every token of `text` with removestops=False (stop words come back marked)."""
    return " ".join(f"{t.pos},{t.startchar},{t.endchar},{int(t.stopped)},{t.text}"
                    for t in analyzer(text, positions=True, chars=True,  # type: ignore
                                      removestops=False))


def _alts(alternatives: list[tuple[str, ...]]) -> str:
    return "|".join(" ".join(alternative) for alternative in alternatives)


def _same(value: str, reference: str) -> str:
    # "=" for a field equal to an earlier one keeps the fixture small.
    return "=" if value and value == reference else value


def word_record(word: str) -> list[str]:
    """The pinned fields of one word (see the module docstring; "=" repeats a field)."""
    terms = word_analysis.analyse_word(word, noun=True)
    key = decompound.lexicon_key(terms.normalised)
    found = decompound.split(key)
    head = decompound.head_of(key) if key.isalpha() else None
    parts, part_words = " ".join(terms.parts), " ".join(terms.part_words)
    surfaces = " ".join(found.surfaces) if found else ""
    split_parts = " ".join(found.parts) if found else ""
    split_groups = " ".join(found.groups) if found else ""
    last_surface = found.surfaces[-1] if found else ""
    exact = " ".join(exact_query_terms(word))
    query = text_query_terms(word)
    # Usually the query's first alternatives are the stems alone and its last the parts.
    singles = " ".join(alternative[0] for alternative in query[:len(terms.stems)]
                       if len(alternative) == 1)
    last_alternative = " ".join(query[-1]) if query else ""
    return [word, _alts(query), _same(" ".join(terms.stems), singles),
            _same(parts, last_alternative),
            _same(part_words, parts), _same(" ".join(terms.groups), parts), terms.guard or "",
            _same(surfaces, part_words), _same(split_parts, part_words),
            _same(split_groups, split_parts), _same(head or "", last_surface),
            _same(exact, fold_german(word))]


def records(texts: list[str], words: list[str]) -> Iterator[list[str]]:
    """The fixture's records for a sample, computed with the current code."""
    german, exact = GermanAnalyzer(), ExactAnalyzer()
    for text in texts:
        yield ["T", _escape(text)]
        yield ["G", token_line(german, text)]
        yield ["E", token_line(exact, text)]
    for word in words:
        yield ["W"] + word_record(word)


def read_fixture() -> tuple[list[str], list[str], list[str]]:
    """(texts, words, expected lines) from the fixture."""
    texts: list[str] = []
    words: list[str] = []
    lines = lzma.decompress(FIXTURE.read_bytes()).decode("utf-8").split("\n")
    expected = [line for line in lines if line]
    for line in expected:
        kind, _, rest = line.partition("\t")
        if kind == "T":
            texts.append(_unescape(rest))
        elif kind == "W":
            words.append(rest.split("\t", 1)[0])
    return texts, words, expected


# --- building the sample (only with --write) ---------------------------------------------------

def _repo_texts() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]
    table = ROOT / "tests" / "data" / "german" / "search_table.tsv"
    for line in table.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            category, query, _expected, sentence = line.split("\t")
            texts.append(re.sub(r"\\u([0-9a-fA-F]{4})",
                                lambda m: chr(int(m.group(1), 16)), sentence))
            texts.append(query)
    return texts


def _lexicon_words() -> tuple[list[str], list[str]]:
    """(sampled lexicon words, candidate compound parts), in a fixed order."""
    loaded = lexicon()
    frequent: list[str] = []
    rare: list[str] = []
    parts: list[str] = []
    for index, (word, code) in enumerate(zip(loaded._words, loaded._codes)):
        zipf = (ord(code) - 32) / 10
        if zipf >= WORD_ZIPF:
            frequent.append(word)
        elif index % RARE_EVERY == 0:
            rare.append(word)
        if 2.5 <= zipf < 5.0 and 4 <= len(word) <= 9:
            parts.append(word)
    return frequent + rare, parts


def _formed_words(parts: list[str], rng: random.Random) -> list[str]:
    """Compounds of lexicon words with and without linking elements, feminine and plural
    forms, umlaut-less spellings and ß."""
    links = ["", "", "", "s", "en", "n", "es", "e", "er"]
    formed: list[str] = []
    for _ in range(COMPOUNDS):
        count = rng.choice((2, 2, 2, 3, 3, 4))
        pieces = [rng.choice(parts) for _ in range(count)]
        word = "".join(piece + rng.choice(links) for piece in pieces[:-1]) + pieces[-1]
        roll = rng.random()
        if roll < 0.08:
            word += "innen" if roll < 0.04 else "in"
        elif roll < 0.14:
            word += "s"
        elif roll < 0.20:
            word = word.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
        elif roll < 0.24:
            word = word.replace("ss", "ß", 1)
        formed.append(word)
    return formed


def _sentences(words: list[str], rng: random.Random) -> list[str]:
    """Sentences that drive the context paths: first names, ellipses, chains, gender forms."""
    templates = [
        "Die {A} und der {B} sprachen über {C}.",
        "Klaus {A} traf Annalena {B} im {C}.",
        "Die {M}- und {B} wurden am 25.10.2021 mit 178.000 Euro und 1,5 Prozent bedacht.",
        "Der {A}-{B} kritisierte die {C}:innen und {D}Innen.",
        "{A}s {B}-Chef nannte die {c} {d} »{C}«.",
        "Im {A}\u00ad{b} blieben {C}* innen und {D}/-innen.",
        "Sie {c} das {A} oder {M}- sowie {B}.",
    ]
    sentences: list[str] = []
    for _ in range(SENTENCES):
        pick = {name: rng.choice(words) for name in "ABCD"}
        found = decompound.split(decompound.lexicon_key(pick["B"].lower()))
        modifier = found.surfaces[0] if found else pick["A"].lower()
        values = {name: value.capitalize() for name, value in pick.items()}
        values.update({name.lower(): value.lower() for name, value in pick.items()})
        values["M"] = modifier.capitalize()
        sentences.append(rng.choice(templates).format(**values))
    return sentences


def build_sample() -> tuple[list[str], list[str]]:
    """(texts, words) of the golden sample; deterministic for a given lexicon and repo."""
    rng = random.Random(SEED)
    sampled, parts = _lexicon_words()
    formed = _formed_words(parts, rng)
    texts = _repo_texts()
    texts += _sentences(sampled[:: 7] + formed, rng)
    words: dict[str, None] = {}
    for text in texts:
        for match in TOKEN_RE.finditer(text):
            if match.lastgroup == "chain":
                for piece in split_chain(match.group()).pieces:
                    words[visible(piece.text)] = None
                words[match.group()] = None
    for word in sampled + formed:
        words[word.capitalize()] = None
    return texts, list(words)


def write_fixture() -> None:
    texts, words = build_sample()
    clear_all_caches()
    body = "\n".join("\t".join(record) for record in records(texts, words)) + "\n"
    FIXTURE.write_bytes(lzma.compress(body.encode("utf-8"), preset=9 | lzma.PRESET_EXTREME))
    print(f"{len(texts)} texts, {len(words)} words -> {FIXTURE} "
          f"({FIXTURE.stat().st_size / 1000:.0f} kB)")


# --- the test ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def golden() -> tuple[list[str], list[str], list[str]]:
    return read_fixture()


def _compare(actual: list[str], expected: list[str]) -> None:
    assert len(actual) == len(expected)
    differing = [(want, got) for want, got in zip(expected, actual) if want != got]
    shown = "\n".join(f"- {want}\n+ {got}" for want, got in differing[:10])
    assert not differing, f"{len(differing)} records differ:\n{shown}"


@pytest.mark.parametrize("caches", ["cold", "warm"])
def test_analysis_matches_the_golden_output(golden: tuple[list[str], list[str], list[str]],
                                            caches: str) -> None:
    texts, words, expected = golden
    if caches == "cold":
        clear_all_caches()
    actual = ["\t".join(record) for record in records(texts, words)]
    _compare(actual, expected)


def test_the_shipped_splits_were_made_by_this_splitter() -> None:
    # A splitter change without `python tools/build_lexicon.py --splits-only` would leave the
    # data file's precomputed splits unused (correct, but a bulk import would be slower).
    assert lexicon().splits_fingerprint == decompound.splitter_fingerprint()


def test_precomputed_splits_equal_computed_ones() -> None:
    loaded = lexicon()
    for word in loaded._words[::41]:
        code = loaded.split_code(word)
        assert code is not None
        whole = loaded.zipf(word)
        computed = (decompound.compute_split(word, whole)
                    if len(word) >= decompound.MIN_WORD and whole < decompound.MAX_WHOLE_ZIPF
                    else None)
        assert decompound._decode(word, code) == computed, word


def test_the_golden_sample_is_large_enough(golden: tuple[list[str], list[str], list[str]]) -> None:
    texts, words, _expected = golden
    splits = sum(1 for line in golden[2] if line.startswith("W") and line.split("\t")[8])
    assert len(texts) > 1200 and len(words) > 30_000 and splits > 8_000


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write_fixture()
    else:
        print(__doc__)
