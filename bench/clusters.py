"""Syndication clusters on real news: pairs found, their quality by eye, and the cost.

    # pairs: cluster the corpus in memory with the archive's rules; report the pairs found
    # (cross-outlet ones apart), near misses, and a seeded sample of each for eyeballing
    python bench/clusters.py pairs [--corpus ../shared/corpora/fang-covid-20k.jsonl.gz] [--docs N]

    # import: import N corpus articles through the real importer, timing the signature and
    # cluster step against the rest of the import (same run); then 10 more, incrementally
    python bench/clusters.py import --docs 2000 --workdir DIR

    # grow: the same, folder by folder (1,000 articles each) into one archive, so the cost of
    # the cluster step is seen as the archive grows; the JSON is rewritten after each folder
    python bench/clusters.py grow --docs 20000 --workdir DIR --out DIR/grow.json

    # variants: every usable Wikinews report as syndicated copies with random local intros,
    # cut endings, outlet furniture of several sizes and light edits, among all other reports
    # as distractors; pairwise precision and recall of the archive's rules, in memory
    python bench/clusters.py variants [--wikinews ../shared/corpora/wikinews-de-998.jsonl]

    # scale: the cluster step of an import of 10 real articles into a store of N articles
    # (default 100,000) whose other signatures are random (no text is read for them): the
    # part of the step that grows with the archive, without building a 100k archive; the
    # first of the --batches builds the signature cache, the others append to it
    python bench/clusters.py scale [--size 100000] [--batches 5]

    # search: warm searches in one process on an archive (from `import`): plain, --collapse,
    # and --facets with --count articles and clusters; medians (the first search of each
    # variant fills the group arrays of --count clusters, as after an import)
    python bench/clusters.py search --home DIR/home [--queries 100]

Benchmark data only: the corpus is never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO / ".." / "shared" / "corpora" / "fang-covid-20k.jsonl.gz"


def pairs(options: argparse.Namespace) -> dict[str, object]:
    """Cluster the corpus in memory; report pairs, clusters, near misses and samples."""
    import numpy as np

    from archive.research.clusters import BandIndex, UnionFind, is_copy
    from archive.research.signatures import containment, shingles, signature

    articles = corpus.read_corpus(options.corpus)[:options.docs or None]
    by_id = {article.id: article for article in articles}
    started = time.perf_counter()
    sets = {article.id: shingles(article.body) for article in articles}
    shingled = time.perf_counter()
    sigs = {article_id: signature(found) for article_id, found in sets.items()}
    signed = time.perf_counter()
    ids = [article_id for article_id, sig in sigs.items() if sig is not None]
    matrix = np.stack([sigs[article_id].values for article_id in ids])
    index = BandIndex(matrix)
    built = time.perf_counter()
    found, near, candidates = [], [], 0
    groups = UnionFind()
    for row, (article_id, rows) in enumerate(zip(ids, index.candidates_of(matrix))):
        for other in rows:
            if other <= row:
                continue
            candidates += 1
            first, second = sets[article_id], sets[ids[other]]
            contained, covered = containment(first, second)
            pair = (article_id, ids[other], round(contained, 3), round(covered, 3))
            if is_copy(first, second):
                found.append(pair)
                groups.union(article_id, ids[other])
            elif contained >= 0.4:
                near.append(pair)
    checked = time.perf_counter()
    sizes = Counter(Counter(groups.find(article_id) for article_id in ids).values())
    cross = [pair for pair in found if by_id[pair[0]].outlet != by_id[pair[1]].outlet]
    rng = random.Random(corpus.SEED)

    def shown(sample: list[tuple[str, str, float, float]]) -> list[dict[str, object]]:
        return [{"containment": c, "coverage": v,
                 "a": f"{by_id[a].outlet} {by_id[a].date} {by_id[a].title}",
                 "b": f"{by_id[b].outlet} {by_id[b].date} {by_id[b].title}"}
                for a, b, c, v in sample]

    count = len(articles)
    return {
        "corpus": str(options.corpus), "articles": count,
        "too_short": count - len(ids),
        "shingles_ms_per_article": round((shingled - started) / count * 1000, 3),
        "minhash_ms_per_article": round((signed - shingled) / count * 1000, 3),
        "band_index_s": round(built - signed, 2),
        "candidates_and_checks_s": round(checked - built, 2),
        "candidate_pairs": candidates, "copy_pairs": len(found),
        "cross_outlet_copy_pairs": len(cross),
        "clusters_by_size": {str(size): number for size, number in sorted(sizes.items())
                             if size > 1},
        "sample_cross_outlet_copies": shown(rng.sample(cross, min(25, len(cross)))),
        "sample_same_outlet_copies": shown(rng.sample(
            [p for p in found if p not in cross], min(10, len(found) - len(cross)))),
        "sample_near_misses": shown(rng.sample(near, min(20, len(near)))),
    }


FURNITURE = [
    "Anzeige", "Jetzt den Newsletter abonnieren: die wichtigsten Nachrichten des Tages, jeden "
    "Morgen kostenlos in Ihrem Postfach.", "Lesen Sie auch:", "Mehr zum Thema",
    "Teilen Sie diesen Artikel auf Facebook, Twitter oder per E-Mail.",
    "Alle Rechte vorbehalten. Vervielfältigung nur mit Genehmigung des Verlags.",
    "Fehler gefunden? Schreiben Sie uns.", "Unsere Redaktion empfiehlt: die besten Reportagen "
    "der Woche, ausgewählt von unseren Korrespondenten im In- und Ausland.",
    "Sie haben Fragen oder Anregungen zu diesem Thema? Kontaktieren Sie unsere Redaktion über "
    "das Formular am Ende der Seite oder rufen Sie uns werktags zwischen 9 und 17 Uhr an.",
    "Hinweis: Dieser Artikel wird laufend aktualisiert.", "Foto: Archiv",
    "Wer regelmäßig informiert sein will, folgt uns in den sozialen Netzwerken und lädt unsere "
    "App herunter, die es für alle gängigen Geräte kostenlos gibt.",
]
INTRO_SENTENCES = [
    "Auch in unserer Region wird die Entwicklung aufmerksam verfolgt.",
    "Der Landrat kündigte an, die Lage am Abend mit den Bürgermeistern zu besprechen.",
    "Unsere Redaktion hat bei der Stadtverwaltung nachgefragt.",
    "Eine Antwort stand bis zum Redaktionsschluss noch aus.",
    "Viele Leser haben sich bei uns gemeldet und wollten wissen, wie es weitergeht.",
    "Vor Ort zeigten sich die Menschen am Morgen überrascht.",
    "Die Nachricht sorgte in der Innenstadt für Gesprächsstoff.",
]
EDITS = {"sagte": "erklärte", "erklärte": "sagte", "jedoch": "aber", "sowie": "und",
         "rund": "etwa", "etwa": "rund", "bereits": "schon", "Montag": "Wochenbeginn"}


def variants(options: argparse.Namespace) -> dict[str, object]:
    """Pairwise precision and recall on synthetic copies of real reports, in memory."""
    import re

    from archive.research.clusters import cluster_texts

    rng = random.Random(corpus.SEED)
    records = [json.loads(line) for line in
               options.wikinews.read_text(encoding="utf-8").splitlines()]
    texts: list[tuple[str, str]] = []
    truth: dict[str, str] = {}
    copied = 0
    for record in records:
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", record["text"])
                      if p.strip()]
        if len(paragraphs) >= 4 and len(record["text"].split()) >= 120:
            copied += 1
            for number in range(rng.randint(2, 5)):
                body = list(paragraphs)
                if rng.random() < 0.6:  # a cut ending: one or two paragraphs
                    body = body[:len(body) - rng.randint(1, min(2, len(body) - 2))]
                if rng.random() < 0.5:  # a local intro of one to three sentences
                    body.insert(0, " ".join(rng.sample(INTRO_SENTENCES, rng.randint(1, 3))))
                if rng.random() < 0.6:  # outlet furniture, 20 to 120 words, before and after
                    furniture = rng.sample(FURNITURE, rng.randint(2, 7))
                    split = rng.randint(0, len(furniture))
                    body = furniture[:split] + body + furniture[split:]
                if rng.random() < 0.5:  # light edits by the outlet's editor
                    body = [" ".join(EDITS.get(word, word) if rng.random() < 0.5 else word
                                     for word in paragraph.split()) for paragraph in body]
                article_id = f"{record['id']}#{number}"
                texts.append((article_id, "\n\n".join(body)))
                truth[article_id] = record["id"]
        else:
            texts.append((record["id"], record["text"]))
            truth[record["id"]] = record["id"]
    found = cluster_texts(texts)

    def pair_set(groups: dict[str, str]) -> set[tuple[str, str]]:
        members: dict[str, list[str]] = {}
        for item, group in groups.items():
            members.setdefault(group, []).append(item)
        return {(a, b) for items in members.values() for i, a in enumerate(sorted(items))
                for b in sorted(items)[i + 1:]}

    true_pairs, found_pairs = pair_set(truth), pair_set(found)
    right = len(true_pairs & found_pairs)
    missed = sorted(true_pairs - found_pairs)[:10]
    return {"reports": len(records), "copied_reports": copied, "articles": len(texts),
            "true_pairs": len(true_pairs), "found_pairs": len(found_pairs),
            "precision": round(right / len(found_pairs), 4) if found_pairs else None,
            "recall": round(right / len(true_pairs), 4) if true_pairs else None,
            "missed_sample": missed, "wrong_sample": sorted(found_pairs - true_pairs)[:10]}


def scale(options: argparse.Namespace) -> dict[str, object]:
    """CPU and wall time of `update_clusters` for 10 new articles in a store of `size`."""
    import numpy as np

    from archive.research.clusters import update_clusters
    from archive.research.signatures import NUM_PERM, SIGNATURE_VERSION, Signature
    from archive.store import Store

    work = options.workdir or Path(tempfile.mkdtemp(prefix="clusters-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    path = work / "scale.sqlite3"
    path.unlink(missing_ok=True)
    rng = np.random.default_rng(corpus.SEED)
    batches = options.batches
    articles = corpus.read_corpus(options.corpus)[:10 * batches]
    columns = ("id, seq, title, teaser, body, language, source_path, source_sha256, "
               "imported_at, updated_at, word_count, origins, extracted, authors, agencies")
    result: dict[str, object] = {"size": options.size}
    with Store.open(path, create=True) as store:
        def article_row(number: int, body: str) -> tuple[object, ...]:
            return (f"{number:016x}", number, "t", "", body, "de", "x", "x", "x", "x", 1, "{}",
                    "{}", "[]", "[]")
        with store.transaction():
            store.connection.executemany(
                f"INSERT INTO articles ({columns}) VALUES ({','.join('?' * 15)})",
                (article_row(number, "") for number in range(options.size)))
            store.connection.executemany(
                "INSERT INTO signatures VALUES (?, ?, ?, ?)",
                ((f"{number:016x}", Signature(rng.integers(0, 2**32, NUM_PERM, dtype=np.uint32),
                                              500).to_blob(),
                  f"{number:016x}", f"{SIGNATURE_VERSION}:random") for number in range(options.size)))
            store.connection.execute("INSERT OR REPLACE INTO meta VALUES ('signature_version', ?)",
                                      (str(SIGNATURE_VERSION),))
        runs = []
        for batch in range(batches):
            chosen = articles[batch * 10:batch * 10 + 10]
            ids = [f"{options.size + batch * 10 + number:016x}" for number in range(10)]
            with store.transaction():
                store.connection.executemany(
                    f"INSERT INTO articles ({columns}) VALUES ({','.join('?' * 15)})",
                    (article_row(options.size + batch * 10 + number, article.body)
                     for number, article in enumerate(chosen)))
            started, cpu = time.perf_counter(), time.process_time()
            update = update_clusters(store, ids)
            runs.append((time.perf_counter() - started, time.process_time() - cpu))
            assert update.signed == 10, update
        # What the first `--count clusters` after an import pays when the code has group
        # arrays (archive.index.groups): every segment's numbers, from the store's rows.
        try:
            from archive.research.cluster_store import group_numbers
        except ImportError:
            pass
        else:
            every = np.array([f"{number:016x}".encode() for number in range(options.size)])
            started, cpu = time.perf_counter(), time.process_time()
            _stamp, numbers_of = group_numbers(store)
            numbered = numbers_of(every)
            result["group_numbers_all_cpu_s"] = round(time.process_time() - cpu, 3)
            result["group_numbers_all_wall_s"] = round(time.perf_counter() - started, 3)
            assert (numbered >= 0).all()
        result["cluster_step_10_new_wall_s"] = [round(wall, 3) for wall, _cpu in runs]
        result["cluster_step_10_new_cpu_s"] = [round(cpu, 3) for _wall, cpu in runs]
        # The first run builds the signature cache (when the code has one); the others use it.
        result["cpu_median_after_first_s"] = round(statistics.median(
            cpu for _wall, cpu in runs[1:]), 4) if len(runs) > 1 else None
    path.unlink(missing_ok=True)
    shutil.rmtree(path.with_name(path.stem + "-signatures"), ignore_errors=True)
    return result


def import_run(options: argparse.Namespace) -> dict[str, object]:
    """Import through the real importer with the cluster step timed apart."""
    import archive.importer as importer
    from archive.paths import ArchivePaths

    work = options.workdir or Path(tempfile.mkdtemp(prefix="clusters-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    articles = corpus.read_corpus(options.corpus)
    folders = -(-options.docs // 1000)
    chosen, fresh = corpus.split(articles, options.docs, 10 * folders)
    files, more = work / "files", work / "more"
    if not files.exists():
        corpus.write_import_files(chosen, files)
        corpus.write_import_files(fresh, more, per_folder=10)
    timings: list[tuple[float, float]] = []
    original = importer.update_in_batches

    def timed_update(store, ids):  # type: ignore[no-untyped-def]
        started, cpu = time.perf_counter(), time.process_time()
        try:
            return original(store, ids)
        finally:
            timings.append((time.perf_counter() - started, time.process_time() - cpu))

    importer.update_in_batches = timed_update  # type: ignore[assignment]
    home = ArchivePaths.resolve(str(work / "home"))
    result: dict[str, object] = {"docs": options.docs, "workdir": str(work)}
    steps = [("bulk", files), ("incremental_10", sorted(more.iterdir())[0])]
    if options.what == "grow":  # each folder of 1,000, then 10 new articles
        steps = []
        for sub, extra in zip(sorted(files.iterdir()), sorted(more.iterdir())):
            steps += [(f"folder_{sub.name}", sub), (f"then_10_more_{extra.name}", extra)]
    for label, folder in steps:
        started, cpu = time.perf_counter(), time.process_time()
        report = importer.import_paths([folder], home)
        total, total_cpu = time.perf_counter() - started, time.process_time() - cpu
        step, step_cpu = timings[-1]
        # CPU time of this process too: on a shared machine wall times carry others' load.
        result[label] = {"added": report.added, "import_s": round(total, 2),
                         "cluster_step_s": round(step, 3),
                         "cluster_step_vs_rest": round(step / (total - step), 4),
                         "import_cpu_s": round(total_cpu, 2),
                         "cluster_step_cpu_s": round(step_cpu, 3),
                         "cluster_step_vs_rest_cpu": round(step_cpu / (total_cpu - step_cpu), 4)}
        if options.out:
            options.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return result


def search_run(options: argparse.Namespace) -> dict[str, object]:
    """Warm searches in one process: medians in ms per variant."""
    from archive.paths import ArchivePaths
    from archive.search import SearchRequest, search
    from archive.store import Store

    home = ArchivePaths.resolve(str(options.home))
    with Store.open(home.store_file) as store:
        size = store.count()
    queries = corpus.draw_queries(corpus.read_corpus(options.corpus), options.queries)
    variants = {
        "plain": {}, "collapse": {"collapse": True},
        "facets": {"facets": True}, "facets_count_clusters": {"facets": True, "count": "clusters"},
    }
    result: dict[str, object] = {"archive_articles": size, "queries": len(queries)}
    search(home, SearchRequest(queries[0]))  # opens files, loads code
    for name, extra in variants.items():
        times, cpu_times = [], []
        for query in queries:
            started, cpu = time.perf_counter(), time.process_time()
            search(home, SearchRequest(query, **extra))  # type: ignore[arg-type]
            times.append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.process_time() - cpu) * 1000)
        times.sort()
        cpu_times.sort()
        # CPU time too: on a shared machine wall times carry others' load.
        result[name] = {"median_ms": round(statistics.median(times), 1),
                        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
                        "cpu_median_ms": round(statistics.median(cpu_times), 1),
                        "cpu_p95_ms": round(cpu_times[int(0.95 * (len(cpu_times) - 1))], 1)}
    # The broad word of bench/run.py: facets over most of the archive.
    for name, extra in (("broad_facets", {}), ("broad_facets_count_clusters",
                                               {"count": "clusters"})):
        times, cpu_times = [], []
        for _repeat in range(3):
            started, cpu = time.perf_counter(), time.process_time()
            found = search(home, SearchRequest("corona", facets=True, **extra))  # type: ignore[arg-type]
            times.append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.process_time() - cpu) * 1000)
        result[name] = {"hits": found.total, "clusters": found.clusters_total,
                        "median_ms": round(statistics.median(times), 1),
                        "cpu_median_ms": round(statistics.median(cpu_times), 1)}
    return result


def main() -> None:
    """Parse the command line, run one measurement, print JSON (and write it with --out)."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["pairs", "variants", "scale", "import", "grow",
                                         "search"])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--batches", type=int, default=5, help="scale: imports of 10 to time")
    parser.add_argument("--wikinews", type=Path,
                        default=REPO / ".." / "shared" / "corpora" / "wikinews-de-998.jsonl")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--docs", type=int, default=0, help="articles (0: all; import: 2000)")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--home", type=Path)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    options = parser.parse_args()
    if options.what == "pairs":
        result = pairs(options)
    elif options.what == "variants":
        result = variants(options)
    elif options.what == "scale":
        result = scale(options)
    elif options.what in ("import", "grow"):
        options.docs = options.docs or 2000
        result = import_run(options)
    else:
        if options.home is None:
            parser.error("search needs --home")
        result = search_run(options)
    text = json.dumps(result, ensure_ascii=False, indent=1)
    if options.out:
        options.out.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
