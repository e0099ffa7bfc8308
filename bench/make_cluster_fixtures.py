"""Build tests/data/clusters/: syndicated variants of real Wikinews texts (CC BY 2.5), and
distinct Wikinews reports on the same subject, with the truth in the file names.

    python bench/make_cluster_fixtures.py [--corpus ../shared/corpora/wikinews-de-998.jsonl]

`gNN-<variant>.txt` are copies of one report (group NN): the original with an agency credit,
another headline, a local intro, a cut ending, outlet boilerplate around it, and all of these
at once. `sNN<a|b>.txt` are two distinct Wikinews reports sharing the most content words of
any pair (the same subject or event, written apart): each is a group of its own. The
boilerplate is the same text for every copy of one outlet, as on a real site, so distinct
reports carrying it must still stay apart. `manifest.csv` gives outlet, date, agency and URL (each copy its own, as on the web).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "tests" / "data" / "clusters"
GROUPS = 8
DISTINCT_PAIRS = 6
_WORD = re.compile(r"[^\W\d_]{5,}")

INTROS = [
    "Auch in unserer Region wird die Entwicklung aufmerksam verfolgt. Der Landrat kündigte am "
    "Vormittag an, die Lage am Abend mit den Bürgermeistern des Kreises zu besprechen.",
    "Was das für die Menschen hier bedeutet, ist noch offen. Unsere Redaktion hat bei der "
    "Stadtverwaltung nachgefragt, eine Antwort stand bis zum Redaktionsschluss aus.",
    "Die Nachricht sorgte am Morgen auch in der Innenstadt für Gesprächsstoff. Viele Leser "
    "haben sich bei uns gemeldet und wollten wissen, wie es nun weitergeht.",
]
BOILER_TOP = ("Anzeige\nJetzt unseren Newsletter abonnieren und keine Nachricht mehr verpassen: "
              "Jeden Morgen die wichtigsten Meldungen des Tages direkt in Ihr Postfach.")
BOILER_BOTTOM = (
    "Lesen Sie auch: Die wichtigsten Entwicklungen des Tages im Überblick\n"
    "Mehr zum Thema finden Sie in unserem Dossier. Teilen Sie diesen Artikel auf Facebook, "
    "Twitter oder per E-Mail mit Ihren Freunden.\n"
    "© Nachrichtenagentur. Alle Rechte vorbehalten. Die Weiterverbreitung ist nur mit "
    "schriftlicher Genehmigung gestattet. Fehler gefunden? Schreiben Sie uns an die Redaktion.")
OUTLETS = {"orig": "Nordkurier", "headline": "Südwest Presse", "intro": "Weser-Kurier",
           "cut": "Rheinpfalz", "boiler": "Stadtanzeiger Online", "mixed": "Main-Post"}
AGENCIES = ["dpa", "AFP", "epd", "KNA", "Reuters", "dpa", "AFP", "dpa"]


def main() -> None:
    """Write the fixture files and manifest."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path,
                        default=REPO / ".." / "shared" / "corpora" / "wikinews-de-998.jsonl")
    args = parser.parse_args()
    records = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines()]
    records.sort(key=lambda record: record["id"])
    usable = [r for r in records if len(_paragraphs(r["text"])) >= 5
              and 220 <= len(r["text"].split()) <= 600]
    bases = usable[::max(1, len(usable) // GROUPS)][:GROUPS]
    OUT.mkdir(parents=True, exist_ok=True)
    for stale in OUT.glob("*.txt"):
        stale.unlink()
    rows = []
    for number, record in enumerate(bases, start=1):
        agency = AGENCIES[number - 1]
        for variant, (title, body) in _variants(record, number, agency).items():
            name = f"g{number:02d}-{variant}.txt"
            (OUT / name).write_text(f"{title}\n\n{body}\n", encoding="utf-8")
            day = int(record["date"][8:10])
            published = f"{record['date'][:8]}{min(28, day + list(OUTLETS).index(variant)):02d}"
            url = f"https://{variant}.example/{record['date'][:4]}/g{number:02d}-{variant}.html"
            rows.append([name, OUTLETS[variant], published, agency, url, record["id"]])
    used = {record["id"] for record in bases}
    for number, (first, second) in enumerate(_same_subject(records, used), start=1):
        for suffix, record in (("a", first), ("b", second)):
            name = f"s{number:02d}{suffix}.txt"
            body = "\n\n".join(_paragraphs(record["text"]))
            (OUT / name).write_text(f"{record['title']}\n\n{body}\n", encoding="utf-8")
            url = f"https://de.wikinews.org/wiki/{record['id']}"
            rows.append([name, "Wikinews", record["date"], "", url, record["id"]])
    with (OUT / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["path", "outlet", "published", "agencies", "url"])
        writer.writerows(row[:5] for row in rows)
    sources = {row[0]: row[5] for row in rows}
    # Beside the folder, not in it: the folder is imported whole, and a .json file is an input.
    (OUT.parent / "clusters-sources.json").write_text(json.dumps(sources, indent=1) + "\n",
                                                     encoding="utf-8")


def _paragraphs(text: str) -> list[str]:
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text) if part.strip()]


def _variants(record: dict, number: int, agency: str) -> dict[str, tuple[str, str]]:
    paragraphs = _paragraphs(record["text"])
    credit = f"({agency}) "
    title = record["title"]
    # Cut: the last paragraphs go, at most a third of the words.
    words = sum(len(p.split()) for p in paragraphs)
    kept = list(paragraphs)
    while len(kept) > 3 and sum(len(p.split()) for p in kept[:-1]) >= 0.67 * words:
        kept.pop()
    if kept == paragraphs:
        kept = paragraphs[:-1]
    intro = INTROS[number % len(INTROS)]
    first = credit + paragraphs[0]
    return {
        "orig": (title, "\n\n".join([first, *paragraphs[1:]])),
        "headline": (f"{title.split(' ')[0]} – was bisher bekannt ist",
                     "\n\n".join([first, *paragraphs[1:]])),
        "intro": (title, "\n\n".join([intro, first, *paragraphs[1:]])),
        "cut": (title, "\n\n".join([first, *kept[1:]])),
        "boiler": (title, "\n\n".join([BOILER_TOP, first, *paragraphs[1:], BOILER_BOTTOM])),
        "mixed": (f"Aktuell: {title}", "\n\n".join([BOILER_TOP, intro, first, *kept[1:],
                                                    BOILER_BOTTOM])),
    }


def _same_subject(records: list[dict], used: set[str]) -> list[tuple[dict, dict]]:
    """The pairs of distinct reports sharing the most content words (each report once)."""
    bags = {r["id"]: Counter(_WORD.findall((r["title"] + " " + r["text"]).lower()))
            for r in records if r["id"] not in used and 150 <= len(r["text"].split()) <= 700}
    by_id = {r["id"]: r for r in records}
    scored = []
    ids = sorted(bags)
    for i, first in enumerate(ids):
        for second in ids[i + 1:]:
            shared = sum((bags[first] & bags[second]).values())
            total = min(sum(bags[first].values()), sum(bags[second].values()))
            scored.append((shared / total, first, second))
    scored.sort(reverse=True)
    pairs, taken = [], set()
    for _score, first, second in scored:
        if first in taken or second in taken:
            continue
        pairs.append((by_id[first], by_id[second]))
        taken.update((first, second))
        if len(pairs) == DISTINCT_PAIRS:
            break
    return pairs


if __name__ == "__main__":
    main()
