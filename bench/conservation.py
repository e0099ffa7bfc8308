"""Conservation check: does plain-text extraction keep every sentence of the source?

For each corpus record, the text a user would import as a `.txt` file is built ("headline",
blank line, body for FANG-COVID and Wikinews; the text as is for 10kGNAD), read through
`archive.sources.read_source` and `archive.metadata.extract`, and every sentence of the source
is looked up in title, teaser and body (whitespace normalised). A sentence that is not there
must lie in a line extraction recorded as dropped, with the rule that dropped it; otherwise it
is lost.

The sentence split is this script's own simple rule (line ends, then ". ! ?" followed by a
space and a capital or an opening quote), independent of the product's rules.

    python bench/conservation.py                       # all three corpora, summary per corpus
    python bench/conservation.py --corpus wikinews --worst 10
    python bench/conservation.py --corpora-dir /elsewhere/corpora --limit 2000
    python bench/conservation.py --html-sample             # ledes of the HTML sample (bench/ledes.py)

Corpora are read from ../shared/corpora relative to the repository root unless --corpora-dir
says otherwise. Never copy them into the repository.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import json
import multiprocessing
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
CORPORA = {
    "wikinews": "wikinews-de-998.jsonl",
    "fang": "fang-covid-20k.jsonl.gz",
    "10kgnad": "10kGNAD-test.csv",
}
TODAY = dt.date(2026, 1, 1)
_METADATA_RULES = {"byline", "dateline", "date line", "labelled date line"}
_METADATA_LINE_MAX = 200

_SPACE = re.compile(r"\s+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"»])")


def normalise(text: str) -> str:
    """Collapse every run of whitespace (and the odd spaces copies carry) to one space.

    >>> normalise(" Ein\\u00a0Satz.\\n\\nZwei ")
    'Ein Satz. Zwei'
    """
    text = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", text)
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def sentences(text: str) -> list[str]:
    """The source's sentences by this script's own rule: split at line ends, then after . ! ?
    followed by whitespace and a capital letter or an opening quote.

    >>> sentences("Titel\\n\\nEin Satz. Noch einer! und weiter.")
    ['Titel', 'Ein Satz.', 'Noch einer! und weiter.']
    """
    found = []
    for line in text.split("\n"):
        for part in _SENTENCE.split(line):
            part = normalise(part)
            if part:
                found.append(part)
    return found


@dataclass
class Outcome:
    """One article's result."""

    key: str
    chars: int
    kept_chars: int = 0
    refused: str = ""
    lost: list[str] = field(default_factory=list)
    explained: int = 0
    rules: Counter = field(default_factory=Counter)


def check_text(key: str, text: str, name: str = "article.txt") -> Outcome:
    """Extract a text as the importer would and compare it with its sentences."""
    from archive.errors import InputError
    from archive.metadata import extract
    from archive.metadata.findings import dropped_lines
    from archive.sources import read_source

    parts = sentences(text)
    outcome = Outcome(key, sum(len(part) for part in parts))
    try:
        extracted = extract(read_source(Path(name), text.encode("utf-8")), TODAY)
    except InputError as error:
        outcome.refused = str(getattr(error, "reason", "") or error).split(": ")[-1]
        return outcome
    kept = " ".join(normalise(value) for value in (extracted.title, extracted.teaser, extracted.body))
    # A metadata rule (byline, date line) taking a long line is the bug this check is for: such
    # a line does not explain its sentences.
    dropped = [(normalise(line), rule) for line, rule in dropped_lines(extracted.origins)
               if not (len(line) > _METADATA_LINE_MAX and rule in _METADATA_RULES)]
    for part in parts:
        if part in kept:
            outcome.kept_chars += len(part)
            continue
        rule = next((rule for line, rule in dropped
                     if part in line or (len(line) > 3 and line in part and _rest_kept(part, line, kept))), None)
        if rule:
            outcome.explained += 1
            outcome.rules[rule.split(" '")[0]] += 1
        else:
            outcome.lost.append(part)
    return outcome


def _rest_kept(sentence: str, dropped: str, kept: str) -> bool:
    """A line cut in part (a closing credit): what is left of the sentence must be kept."""
    rest = normalise(sentence.replace(dropped, " "))
    return not rest or rest in kept


def _check(item: tuple[str, str]) -> Outcome:
    return check_text(*item)


def records(corpus: str, folder: Path, limit: int | None) -> Iterator[tuple[str, str]]:
    """(key, text as a user would import it) for each record of a corpus."""
    path = folder / CORPORA[corpus]
    count = 0
    if corpus == "10kgnad":
        with path.open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.reader(handle, delimiter=";", quotechar="'")):
                if len(row) < 2:
                    continue
                yield f"10kgnad-{number}", row[1]
                count += 1
                if limit and count >= limit:
                    return
        return
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        for line in handle:
            record = json.loads(line)
            if corpus == "fang":
                title, body = record.get("header") or "", record.get("article") or ""
            else:
                title, body = record.get("title") or "", record.get("text") or ""
            yield f"{corpus}-{record['id']}", f"{title}\n\n{body}"
            count += 1
            if limit and count >= limit:
                return


def run(corpus: str, folder: Path, limit: int | None, workers: int) -> list[Outcome]:
    """Check every record of a corpus, in `workers` processes."""
    items = list(records(corpus, folder, limit))
    if workers <= 1:
        return [_check(item) for item in items]
    with multiprocessing.Pool(workers) as pool:
        return list(pool.imap(_check, items, chunksize=50))


def summary(corpus: str, outcomes: list[Outcome]) -> str:
    """One corpus's figures as a short text block."""
    refused = [o for o in outcomes if o.refused]
    losing = [o for o in outcomes if o.lost]
    total = sum(o.chars for o in outcomes)
    kept = sum(o.kept_chars for o in outcomes)
    accepted_total = sum(o.chars for o in outcomes if not o.refused)
    reasons = Counter(o.refused for o in refused)
    lines = [f"{corpus}: {len(outcomes)} articles",
             f"  refused: {len(refused)} ({100 * len(refused) / max(1, len(outcomes)):.2f} %)"
             + "".join(f"\n    {count} × {reason}" for reason, count in reasons.most_common()),
             f"  losing a non-boilerplate sentence: {len(losing)} "
             f"({sum(len(o.lost) for o in losing)} sentences)",
             f"  sentences dropped by a named rule (explained): {sum(o.explained for o in outcomes)}"
             + "".join(f"\n    {count} × {rule}" for rule, count in
                       sum((o.rules for o in outcomes), Counter()).most_common(12)),
             f"  text kept: {100 * kept / max(1, total):.2f} % of all characters, "
             f"{100 * kept / max(1, accepted_total):.2f} % of imported articles' characters"]
    return "\n".join(lines)


def worst(outcomes: list[Outcome], count: int) -> str:
    """The articles losing the most characters, with the lost sentences."""
    ranked = sorted((o for o in outcomes if o.lost or o.refused),
                    key=lambda o: -(o.chars if o.refused else sum(len(s) for s in o.lost)))
    lines = []
    for outcome in ranked[:count]:
        if outcome.refused:
            lines.append(f"- {outcome.key}: refused ({outcome.refused}), {outcome.chars} characters")
            continue
        lines.append(f"- {outcome.key}: {len(outcome.lost)} sentences lost")
        lines += [f"    | {sentence[:160]}" for sentence in outcome.lost[:5]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), action="append",
                        help="corpus to check (repeatable; default: all)")
    parser.add_argument("--corpora-dir", type=Path, default=DEFAULT_CORPORA,
                        help="folder holding the corpora (default: ../shared/corpora from the repository)")
    parser.add_argument("--limit", type=int, default=None, help="at most this many records per corpus")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worst", type=int, default=0, help="list this many worst cases per corpus")
    parser.add_argument("--html-sample", nargs="?", type=Path, const=REPO.parent / "shared" / "html-sample",
                        help="check the ledes of saved HTML pages (default folder: ../shared/html-sample); "
                             "the corpora are checked only when --corpus is given too")
    args = parser.parse_args(argv)
    if args.html_sample:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from ledes import check_sample
        from ledes import summary as lede_summary

        print(lede_summary(check_sample(args.html_sample)))
        if not args.corpus:
            return 0
    for corpus in args.corpus or ["wikinews", "fang", "10kgnad"]:
        outcomes = run(corpus, args.corpora_dir, args.limit, args.workers)
        print(summary(corpus, outcomes))
        if args.worst:
            print(worst(outcomes, args.worst))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
