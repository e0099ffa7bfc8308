"""Derive the compact German lexicon that the decompounder ships with (dev-only; run once).

The product never imports this script or the packages it reads. Run it in a throw-away virtual
environment that has the two well-kept word lists installed from PyPI:

    python -m venv /tmp/lexicon-venv
    /tmp/lexicon-venv/bin/pip install wordfreq==3.1.1 german-nouns==1.2.5
    /tmp/lexicon-venv/bin/python tools/build_lexicon.py

It writes archive/german/data/lexicon-de.txt.gz, a gzip'd text file read by
archive/german/lexicon.py:

    # comment lines
    words w1 w2 w3 ...        every word, sorted (the loader bisects this list: no dict to build)
    zipf ABC...               one character per word: chr(32 + round(10 * Zipf frequency))
    first n1 n2 ...           first names (a word right after one is not decompounded)
    name n1 n2 ...            surnames, place names, proper names (never decompounded)
    splitsum XXXXXXXX         the splitter fingerprint the split codes were computed with
    split c1 c2 ...           one code per word: the decompounder's answer for it ("-": no
                              split; see Lexicon.split_code), so that a bulk import only runs
                              the splitter for words the lexicon does not know

The split codes are derived from the lexicon itself by the project's own splitter. After a change
to the splitter (archive/german/decompound.py) refresh them without rebuilding the word lists:

    python tools/build_lexicon.py --splits-only

It also writes archive/german/data/agent-nouns-de.txt (see agent_nouns), derived from the lexicon
alone; `--agents-only` refreshes just that list.

Words are lowercased with ß written ss, umlauts kept; only alphabetic words of 3+ letters.
Sources (both CC BY-SA 4.0, see archive/german/data/LICENSE-lexicon.md):
  * wordfreq 3.1.1, German "large" list: every word with Zipf >= MIN_ZIPF;
  * german-nouns 1.2.5 (Wiktionary): the inflected forms of its nouns of at most
    NOUN_MAX_LENGTH letters, so that short, rare simple nouns are known as compound parts; a form
    missing from wordfreq gets NOUN_FLOOR_ZIPF. (Longer rare forms are mostly compounds
    themselves, which the splitter handles.) Its Vorname / Nachname / Toponym / Eigenname lemmas
    become the name lists.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import math
import re
import sys
from pathlib import Path

MIN_ZIPF = 2.0
NOUN_FLOOR_ZIPF = 2.0
NOUN_MAX_LENGTH = 10
MIN_LENGTH = 3
_ALPHA = re.compile(r"^[a-zäöüß]+$")
_OUT = Path(__file__).resolve().parent.parent / "archive" / "german" / "data" / "lexicon-de.txt.gz"


def key(word: str) -> str:
    """The lexicon key of a word: lowercase, ß as ss, umlauts kept ("Straße" -> "strasse")."""
    return word.lower().replace("ß", "ss")


def frequency_words() -> dict[str, float]:
    """wordfreq's German words with their Zipf frequency (the highest of merged spellings)."""
    import wordfreq

    words: dict[str, float] = {}
    for word, frequency in wordfreq.get_frequency_dict("de", "large").items():
        if not _ALPHA.match(word) or len(word) < MIN_LENGTH:
            continue
        zipf = math.log10(frequency * 1e9)
        if zipf < MIN_ZIPF:
            continue
        k = key(word)
        words[k] = max(words.get(k, 0.0), zipf)
    return words


def noun_forms_and_names() -> tuple[set[str], set[str], set[str]]:
    """Every inflected noun form, the first names, and the other proper names of german-nouns."""
    import german_nouns

    path = Path(german_nouns.__path__[0]) / "nouns.csv"
    forms: set[str] = set()
    first: set[str] = set()
    names: set[str] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            pos = set(row["pos"].split(","))
            lemma = row["lemma"]
            if pos & {"Vorname"} and _ALPHA.match(lemma.lower()):
                first.add(key(lemma))
            if pos & {"Nachname", "Toponym", "Eigenname"} and _ALPHA.match(lemma.lower()):
                names.add(key(lemma))
            if pos & {"Abkürzung", "Buchstabe", "Symbol", "Affix", "Suffix", "Gebundenes Lexem"}:
                continue
            for column, value in row.items():
                if column in ("lemma", "pos") or column.startswith("genus") or not value:
                    continue
                form = value.lower()
                if _ALPHA.match(form) and MIN_LENGTH <= len(form) <= NOUN_MAX_LENGTH:
                    forms.add(key(form))
    return forms, first, names


def split_lines(lines: list[str]) -> list[str]:
    """The splitsum and split lines for a data file's other lines, computed by the project's
    splitter over every word (a few seconds)."""
    sys.path.insert(0, str(_OUT.parent.parent.parent.parent))
    from archive.german import decompound
    from archive.german import lexicon as lexicon_module

    loaded = lexicon_module.parse("\n".join(lines) + "\n")  # no split section: all computed
    lexicon_module._LEXICON = loaded  # the splitter reads the process-wide lexicon
    decompound.clear_caches()
    computed = [decompound.split(word) for word in loaded._words]
    codes = [_encode(found) for found in computed]
    lines = lines + ["splitsum " + decompound.splitter_fingerprint(), "split " + " ".join(codes)]
    # Check the round trip: every decoded code is the computed split.
    reloaded = lexicon_module.parse("\n".join(lines) + "\n")
    lexicon_module._LEXICON = reloaded
    for word, found in zip(reloaded._words, computed):
        code = reloaded.split_code(word)
        if code is None or decompound._decode(word, code) != found:
            raise SystemExit(f"split code of {word!r} does not round-trip: {code!r}")
    print(f"{sum(code != '-' for code in codes)} of {len(codes)} lexicon words split")
    return lines


def _encode(found: object) -> str:
    """A Split as a code (see archive.german.lexicon.Lexicon.split_code): "-" for none, else
    each non-final part as its surface length, then "+" for an elided -e (schul -> schule) or
    "-N" for a linking element of N letters (satelliten -> satellit: "10-2")."""
    if found is None:
        return "-"
    items = []
    for part, surface in zip(found.parts[:-1], found.surfaces[:-1]):  # type: ignore[attr-defined]
        if part == surface:
            items.append(str(len(surface)))
        elif part == surface + "e":
            items.append(f"{len(surface)}+")
        else:
            items.append(f"{len(surface)}-{len(surface) - len(part)}")
    return ".".join(items)


def write(lines: list[str], out: Path) -> None:
    """Write the data file (gzip level 9, no timestamp, so rebuilds are byte-identical)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    out.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"-> {out} ({out.stat().st_size / 1e6:.2f} MB)")


# -er nouns that are not agent nouns although they pass the test in agent_nouns (plurals with
# a stray genitive in the frequency list, adjectives, names; Burger, the food, would meet
# Bürger).
_NOT_AGENT = frozenset("alber anger berner burger herder kommer lander manner matter scheuer "
                       "sonder summer völker wilder".split())


def agent_nouns(lexicon_text: str) -> list[str]:
    """-er nouns (Wähler, Lehrer, Computer) whose -er is part of the word, not a plural or an
    adjective ending: the word has a genitive in -s (Wählers; a plural such as Kinder or Häuser
    has none, an adjective such as neuer neither) and a dative plural in -n, and no form in -e
    (sichere, weitere). Snowball strips their -er (Wähler -> wahl, the stem of Wahl); the
    analyzer keeps it (archive.german.stem_overrides)."""
    sys.path.insert(0, str(_OUT.parent.parent.parent.parent))
    from archive.german.lexicon import parse

    lexicon = parse(lexicon_text)
    found = []
    for word in lexicon._words:
        # Names are not excluded: many are agent nouns too (Richter, Fischer, Schneider), and
        # Fischer is better apart from Fisch as a name as well.
        if len(word) < 5 or not word.endswith("er") or word in _NOT_AGENT:
            continue
        genitive = lexicon.zipf(word + "s")
        if (genitive >= 2.1 and lexicon.zipf(word) - genitive <= 2.5
                and lexicon.zipf(word + "n") >= 2.0 and lexicon.zipf(word + "e") < 2.1):
            found.append(word)
    return found


def write_agent_nouns(lexicon_file: Path) -> None:
    """Write data/agent-nouns-de.txt next to the lexicon, derived from it."""
    words = agent_nouns(gzip.decompress(lexicon_file.read_bytes()).decode("utf-8"))
    out = lexicon_file.parent / "agent-nouns-de.txt"
    out.write_text("# -er nouns whose -er is kept by the stemmer (Wähler is not Wahl); derived "
                   "from lexicon-de.txt.gz\n# by tools/build_lexicon.py --agents-only. CC BY-SA "
                   "4.0, see LICENSE-lexicon.md.\n" + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} agent nouns -> {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=_OUT)
    parser.add_argument("--splits-only", action="store_true",
                        help="recompute only the split codes of the existing data file")
    parser.add_argument("--agents-only", action="store_true",
                        help="derive only the agent-noun list from the existing data file")
    args = parser.parse_args()

    if args.agents_only:
        write_agent_nouns(args.out)
        return

    if args.splits_only:
        text = gzip.decompress(args.out.read_bytes()).decode("utf-8")
        kept = [line for line in text.split("\n")
                if line and not line.startswith(("split ", "splitsum "))]
        write(split_lines(kept), args.out)
        return

    words = frequency_words()
    forms, first, names = noun_forms_and_names()
    for form in forms:
        words.setdefault(form, NOUN_FLOOR_ZIPF)

    ordered = sorted(words)
    lines = [
        "# German lexicon for archive's decompounder. Derived from wordfreq 3.1.1 (German 'large'",
        "# list, Zipf >= %.1f) and german-nouns 1.2.5 (Wiktionary noun forms and names)." % MIN_ZIPF,
        "# Licence: CC BY-SA 4.0, see LICENSE-lexicon.md. Built by tools/build_lexicon.py.",
    ]
    lines.append("words " + " ".join(ordered))
    lines.append("zipf " + "".join(chr(32 + round(words[word] * 10)) for word in ordered))
    lines.append("first " + " ".join(sorted(first)))
    lines.append("name " + " ".join(sorted(names)))
    print(f"{len(words)} words, {len(first)} first names, {len(names)} names")
    write(split_lines(lines), args.out)
    write_agent_nouns(args.out)


if __name__ == "__main__":
    main()
