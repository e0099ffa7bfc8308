"""Relevance of the archive's search on judged German news queries: recall@10 and MRR.

    python bench/relevance.py                      # the default corpus, every query
    python bench/relevance.py --all-words          # strict AND, if the product offers it
    python bench/relevance.py --baseline           # also a naive Whoosh index on the same articles
    python bench/relevance.py --worst 20           # list the 20 worst queries of each kind

The corpus is every Wikinews article, every 10kGNAD test article and the first --fang usable
FANG-COVID articles from ../shared/corpora (relative to the repository root; --corpora to
override). It is imported through the product's importer into an archive home under the system's
temporary folder, keyed by the corpus selection and a digest of the product's sources, and
reused by later runs with the same key (so a re-run takes seconds; a changed product imports
again, or pass --reuse to search an older import). The judged queries are
bench/data/relevance-queries.tsv (made by bench/data/make_queries.py; see bench/README.md).

Definitions, per query with relevant set R and the top 10 hits:
- recall@10 = |R ∩ top 10| / min(10, |R|)  (1.0 when every slot that could hold a relevant
  article does);
- reciprocal rank = 1 / rank of the first relevant hit in the top 10, 0 if none there;
averaged over the queries (MRR is the mean reciprocal rank), overall and per kind.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
DEFAULT_QUERIES = Path(__file__).resolve().parent / "data" / "relevance-queries.tsv"
WIKINEWS = "wikinews-de-998.jsonl"
GNAD = "10kGNAD-test.csv"
FANG = "fang-covid-20k.jsonl.gz"
DEFAULT_FANG = 3000
CUTOFF = 10


@dataclass(frozen=True)
class Doc:
    """One corpus article under its stable key: wikinews-de-<n>, 10kgnad-<row>, fang-<id>."""

    key: str
    title: str
    body: str
    date: str  # YYYY-MM-DD or ""
    outlet: str
    url: str = ""

    @property
    def text(self) -> str:
        """Headline and body, as judged."""
        return f"{self.title}\n{self.body}"


# ---------------------------------------------------------------- the corpus


def read_wikinews(path: Path) -> list[Doc]:
    """Every Wikinews record (key = its id field)."""
    docs = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            docs.append(Doc(str(record["id"]), " ".join(str(record["title"]).split()),
                            str(record["text"]).strip(), str(record.get("date") or "")[:10],
                            "Wikinews"))
    return docs


_GNAD_TITLE = re.compile(r"^(.{15,200}?[.?!])\s+(?=\S)")


def read_gnad(path: Path) -> list[Doc]:
    """Every 10kGNAD test row (key = 10kgnad-<row number from 1>). The rows have no headline;
    the first sentence (the article's lead-in) becomes the title, the rest the body."""
    csv.field_size_limit(10**9)
    docs = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter=";", quotechar="'"), start=1):
            if len(row) < 2:
                continue
            text = " ".join(row[1].split())
            match = _GNAD_TITLE.match(text)
            title, body = (match.group(1), text[match.end():]) if match else (text[:80], text)
            docs.append(Doc(f"10kgnad-{number:04d}", title, body, "", "derstandard.at"))
    return docs


def read_fang(path: Path, count: int) -> list[Doc]:
    """The first `count` usable FANG-COVID records in file order (key = fang-<id>): a date, a
    headline and a body of at least 200 characters, as bench/corpus.py requires."""
    docs = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if len(docs) >= count:
                break
            record = json.loads(line)
            date = str(record.get("date") or "")[:10]
            title = " ".join(str(record.get("header") or "").split())
            body = str(record.get("article") or "").strip()
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) or not title or len(body) < 200:
                continue
            docs.append(Doc(f"fang-{record['id']}", title, body, date,
                            str(record.get("source") or ""), str(record.get("url") or "")))
    return docs


def load_corpus(corpora: Path, fang: int) -> list[Doc]:
    """The bench corpus: Wikinews, 10kGNAD, the first `fang` FANG articles; an article whose
    URL or text repeats an earlier one is dropped (the archive would merge them)."""
    docs = read_wikinews(corpora / WIKINEWS) + read_gnad(corpora / GNAD)
    if fang:
        docs += read_fang(corpora / FANG, fang)
    seen: set[str] = set()
    unique = []
    for doc in docs:
        marks = {"text:" + " ".join(doc.text.split())} | ({"url:" + doc.url} if doc.url else set())
        if marks & seen:
            continue
        seen |= marks
        unique.append(doc)
    return unique


# ---------------------------------------------------------------- the archive


def write_files(docs: Iterable[Doc], folder: Path) -> int:
    """Each article as <key>.txt (headline, blank line, paragraphs) with a <key>.meta.json
    sidecar (title, outlet, published, url when known), as bench/corpus.py writes them."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for count, doc in enumerate(docs, start=1):
        paragraphs = [line.strip() for line in doc.body.split("\n") if line.strip()]
        (folder / f"{doc.key}.txt").write_text(doc.title + "\n\n" + "\n\n".join(paragraphs) + "\n",
                                               encoding="utf-8")
        sidecar: dict[str, str] = {"title": doc.title, "outlet": doc.outlet}
        if doc.date:
            sidecar["published"] = doc.date
        if doc.url:
            sidecar["url"] = doc.url
        (folder / f"{doc.key}.meta.json").write_text(json.dumps(sidecar, ensure_ascii=False),
                                                     encoding="utf-8")
    return count


def code_digest() -> str:
    """A short digest of the product package's files (names and bytes)."""
    import archive

    package = Path(archive.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def corpus_key(corpora: Path, fang: int) -> str:
    """The corpus selection: file names and sizes and the FANG count."""
    parts = [f"{name}:{(corpora / name).stat().st_size}" for name in (WIKINEWS, GNAD, FANG)]
    return hashlib.sha256(f"{'|'.join(parts)}|fang={fang}".encode()).hexdigest()[:10]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def archive_home(docs: Sequence[Doc], cache: Path, selection: str, reuse: bool,
                 rebuild: bool) -> tuple[Path, dict[str, object]]:
    """An archive home holding `docs`, imported through the product's importer; cached under
    `cache` by corpus selection and product digest. Returns the home and facts about it."""
    from archive.importer import import_paths
    from archive.paths import ArchivePaths

    digest = code_digest()
    home = cache / f"archive-{selection}-{digest}"
    if reuse and not home.exists():
        older = sorted(cache.glob(f"archive-{selection}-*/done.json"),
                       key=lambda path: path.stat().st_mtime)
        if older:
            home = older[-1].parent
    done = home / "done.json"
    if rebuild and home.exists():
        shutil.rmtree(home)
    if done.exists():
        facts = json.loads(done.read_text())
        log(f"reusing the archive in {home} (imported in {facts['import_seconds']} s)")
        return home / "home", facts | {"cached": True}
    if home.exists():
        shutil.rmtree(home)
    files = home / "files"
    write_files(docs, files)
    log(f"importing {len(docs)} articles into {home} ...")
    start = time.perf_counter()
    report = import_paths([files], ArchivePaths(home / "home"))
    seconds = round(time.perf_counter() - start, 1)
    shutil.rmtree(files)
    if report.failures or report.index_problem:
        log(f"import problems: {report.failures[:5]} {report.index_problem}")
    facts = {"articles": len(docs), "import_seconds": seconds, "summary": report.summary(),
             "product_digest": digest}
    log(f"imported: {report.summary()} in {seconds} s")
    done.write_text(json.dumps(facts))
    return home / "home", facts | {"cached": False}


def archived_keys(home: Path) -> set[str]:
    """The keys of the articles the archive holds (from the store's source paths)."""
    import sqlite3

    connection = sqlite3.connect(f"file:{home / 'archive.sqlite3'}?mode=ro", uri=True)
    try:
        rows = connection.execute("SELECT source_path FROM articles").fetchall()
    finally:
        connection.close()
    return {Path(path).name.removesuffix(".txt") for (path,) in rows}


def archive_searcher(home: Path, all_words: bool) -> Callable[[str], list[str]]:
    """A function from a query to the keys of the archive's top 10 (library search)."""
    from archive.paths import ArchivePaths
    from archive.search import SearchRequest, search

    paths = ArchivePaths(home)
    options: dict[str, object] = {}
    if all_words:
        if "all_words" not in SearchRequest.__dataclass_fields__:
            raise SystemExit("--all-words: this version's SearchRequest has no all_words")
        options["all_words"] = True

    def top(query: str) -> list[str]:
        result = search(paths, SearchRequest(query, limit=CUTOFF, **options))  # type: ignore[arg-type]
        return [Path(hit.article.source_path).name.removesuffix(".txt") for hit in result.hits]

    return top


# ---------------------------------------------------------------- the naive Whoosh baseline


def whoosh_searcher(docs: Sequence[Doc], cache: Path, selection: str) -> Callable[[str], list[str]]:
    """The naive baseline of bench/engines.py (LanguageAnalyzer("de"), BM25F over title and
    body, AND of the words), built once per corpus selection."""
    from whoosh import index as windex
    from whoosh.analysis import LanguageAnalyzer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import AndGroup, MultifieldParser

    folder = cache / f"whoosh-{selection}"
    if not (folder / "done").exists():
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        analyzer = LanguageAnalyzer("de")
        ix = windex.create_in(str(folder), Schema(id=ID(unique=True, stored=True),
                                                  title=TEXT(analyzer=analyzer),
                                                  body=TEXT(analyzer=analyzer)))
        log(f"building the naive Whoosh index in {folder} ...")
        writer = ix.writer()
        for doc in docs:
            writer.add_document(id=doc.key, title=doc.title, body=doc.body)
        writer.commit()
        (folder / "done").write_text("")
    ix = windex.open_dir(str(folder))
    searcher = ix.searcher()
    parser = MultifieldParser(["title", "body"], ix.schema, group=AndGroup)

    def top(query: str) -> list[str]:
        return [hit["id"] for hit in searcher.search(parser.parse(query), limit=CUTOFF)]

    return top


# ---------------------------------------------------------------- judging


@dataclass(frozen=True)
class Judged:
    """One judged query: its kind, text, relevant keys, the article it was made from, a note."""

    kind: str
    query: str
    relevant: tuple[str, ...]
    source: str
    note: str


def read_queries(path: Path) -> list[Judged]:
    """The judged queries (tab-separated: kind, query, relevant keys, source key, note)."""
    queries = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#") or line.startswith("kind\t"):
                continue
            kind, query, relevant, source, note = (line.rstrip("\n").split("\t") + [""] * 5)[:5]
            queries.append(Judged(kind, query, tuple(relevant.split()), source, note))
    return queries


def score(relevant: Sequence[str], top: Sequence[str]) -> tuple[float, float]:
    """(recall@10, reciprocal rank) of one ranked top list."""
    wanted = set(relevant)
    found = sum(1 for key in top[:CUTOFF] if key in wanted)
    recall = found / min(CUTOFF, len(wanted)) if wanted else 0.0
    rank = next((number for number, key in enumerate(top[:CUTOFF], start=1) if key in wanted), 0)
    return recall, (1 / rank if rank else 0.0)


def evaluate(queries: Sequence[Judged], top: Callable[[str], list[str]]) -> list[dict[str, object]]:
    """Every query's top 10 and scores."""
    rows = []
    for judged in queries:
        hits = top(judged.query)
        recall, reciprocal = score(judged.relevant, hits)
        rows.append({"kind": judged.kind, "query": judged.query, "recall": recall,
                     "rr": reciprocal, "relevant": len(judged.relevant), "hits": hits,
                     "missed": [key for key in judged.relevant if key not in hits][:3],
                     "note": judged.note})
    return rows


def summarise(rows: Sequence[dict[str, object]]) -> dict[str, tuple[int, float, float]]:
    """Per kind and overall: (queries, mean recall@10, MRR)."""
    groups: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in rows:
        groups[str(row["kind"])].append(row)
    groups["all"] = list(rows)
    return {kind: (len(group), sum(float(r["recall"]) for r in group) / len(group),
                   sum(float(r["rr"]) for r in group) / len(group))
            for kind, group in groups.items() if group}


def print_table(title: str, engines: dict[str, dict[str, tuple[int, float, float]]]) -> None:
    print(f"\n{title}")
    names = list(engines)
    print("| kind | queries | " + " | ".join(f"{name} recall@10 | {name} MRR" for name in names)
          + " |")
    print("|---|---:|" + "---:|---:|" * len(names))
    first = engines[names[0]]
    for kind in sorted(first, key=lambda k: (k == "all", k)):
        cells = []
        for name in names:
            _, recall, mrr = engines[name][kind]
            cells += [f"{recall:.3f}", f"{mrr:.3f}"]
        label = f"**{kind}**" if kind == "all" else kind
        print(f"| {label} | {first[kind][0]} | " + " | ".join(cells) + " |")


def print_worst(rows: Sequence[dict[str, object]], count: int, per_kind: bool) -> None:
    ordered = sorted(rows, key=lambda r: (float(r["recall"]) + float(r["rr"]), str(r["query"])))
    groups: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in ordered:
        groups[str(row["kind"]) if per_kind else "all"].append(row)
    for kind in sorted(groups):
        print(f"\nWorst {kind} queries (recall@10, RR, |relevant|, query, first missed, note):")
        for row in groups[kind][:count]:
            if float(row["recall"]) >= 1 and float(row["rr"]) >= 1:
                break
            print(f"  {float(row['recall']):.2f} {float(row['rr']):.2f} {row['relevant']:>3}  "
                  f"{row['query']}  [{' '.join(row['missed'])}]  {row['note']}")


def parse_options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA,
                        help="folder with the corpus files (default: ../shared/corpora)")
    parser.add_argument("--fang", type=int, default=DEFAULT_FANG,
                        help=f"first usable FANG-COVID articles to include ({DEFAULT_FANG})")
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--cache", type=Path,
                        default=Path(tempfile.gettempdir()) / "archive-relevance-bench",
                        help="where built archives are kept between runs")
    parser.add_argument("--reuse", action="store_true",
                        help="search the newest cached import of this corpus even if the "
                             "product changed since (index-time changes then do not show)")
    parser.add_argument("--rebuild", action="store_true", help="import again even if cached")
    parser.add_argument("--all-words", action="store_true",
                        help="strict AND (SearchRequest(all_words=True)), if available")
    parser.add_argument("--baseline", action="store_true", help="also the naive Whoosh index")
    parser.add_argument("--kind", action="append", help="only queries of this kind (repeatable)")
    parser.add_argument("--worst", type=int, default=20,
                        help="list this many worst queries per kind (0: none)")
    parser.add_argument("--json", type=Path, help="write every query's result here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    options = parse_options(argv)
    queries = read_queries(options.queries)
    if options.kind:
        queries = [judged for judged in queries if judged.kind in options.kind]
    docs = load_corpus(options.corpora, options.fang)
    keys = {doc.key for doc in docs}
    unknown = sorted({key for judged in queries for key in judged.relevant} - keys)
    if unknown:
        raise SystemExit(f"{len(unknown)} judged keys are not in this corpus selection "
                         f"(e.g. {unknown[:3]}): the queries were made for --fang {DEFAULT_FANG}")
    options.cache.mkdir(parents=True, exist_ok=True)
    selection = corpus_key(options.corpora, options.fang)
    home, facts = archive_home(docs, options.cache, selection, options.reuse, options.rebuild)
    absent = keys - archived_keys(home)
    if absent:
        hit = [judged for judged in queries if set(judged.relevant) & absent]
        log(f"{len(absent)} articles of the corpus are not in the archive (the import refused "
            f"them; e.g. {sorted(absent)[:3]}); {len(hit)} queries judge some of them relevant, "
            "and they count as misses")
    name = "archive (all words)" if options.all_words else "archive"
    start = time.perf_counter()
    rows = evaluate(queries, archive_searcher(home, options.all_words))
    seconds = time.perf_counter() - start
    engines = {name: summarise(rows)}
    results: dict[str, object] = {"corpus": {"articles": len(docs), "fang": options.fang},
                                  "archive": facts, "rows": {name: rows}}
    if options.baseline:
        baseline_rows = evaluate(queries, whoosh_searcher(docs, options.cache, selection))
        engines["naive Whoosh"] = summarise(baseline_rows)
        results["rows"]["naive Whoosh"] = baseline_rows  # type: ignore[index]
    print(f"{len(queries)} judged queries over {len(docs)} articles "
          f"({options.fang} FANG); archive import {facts['import_seconds']} s "
          f"({'cached' if facts['cached'] else 'now'}), {len(queries)} searches in {seconds:.1f} s")
    print_table("recall@10 = |relevant in top 10| / min(10, |relevant|); MRR = mean 1/rank of "
                "the first relevant hit (0 if none in the top 10)", engines)
    if options.worst:
        print_worst(rows, options.worst, per_kind=True)
    if options.json:
        options.json.write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
