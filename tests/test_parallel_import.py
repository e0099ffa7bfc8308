"""`archive import --jobs N`: extraction and the index's text analysis in worker processes, the
store and the index written by one process. The same real inputs imported with `--jobs 1`
(everything in one process, the serial path) and `--jobs 2` must give the same store rows and
the same index: every term of every field with its postings (documents, weights, frequencies,
positions), the field lengths, the stored fields, the segment files byte for byte, and the same
search results. Bad inputs fail alone, one line each, in either mode. Real archives on disk,
the real CLI, real worker processes.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive.index.preanalysed import ParallelAnalysis
from archive.index.schema import build_schema, document_for
from archive.index.writer import live_generation, open_index, read_state
from archive.paths import ArchivePaths
from archive.store import Store
from archive.workers import ExtractionAhead
from conftest import DATA, SEEDS, Archive, write_article
from segments import segment_files

QUERIES = ["Flugzeug", "Passagiere OR Fahrwerk", "\"defekten Fahrwerk\"", "Stromnetz",
           "Bundesregierung", "Meldung -Landtag", "year:2020..2024", "*"]
# Store columns that say when a row was written: the runs differ in them and nothing else.
TIMES = {"imported_at", "updated_at", "set_at", "finished_at"}


def _wikinews() -> list[dict[str, str]]:
    lines = (DATA / "formats" / "wikinews-de-6.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def write_inputs(root: Path) -> Path:
    """A JSON Lines file of 40 records (two of them bad) and a folder of .txt and .html
    articles (two of them bad); returns the folder holding both."""
    inputs = root / "inputs"
    inputs.mkdir(parents=True)
    base = _wikinews()
    lines = []
    for number in range(40):
        record = dict(base[number % len(base)])
        record["id"] = f"{record['id']}-{number}"
        record["title"] = f"{record['title']} ({number})"
        record["text"] = (f"Meldung {number}: " + record["text"]
                          + f"\n\nNachtrag {number} zur Lage der Bundesregierung.")
        record["date"] = f"{2019 + number % 5}-0{1 + number % 9}-1{number % 10}"
        lines.append(json.dumps(record, ensure_ascii=False))
    lines[7] = "{not json"
    lines[23] = json.dumps({"id": "leer", "title": "Ohne Text", "text": ""})
    (inputs / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    folder = inputs / "pages"
    for stem in ("stromnetz", "wahlkampf"):
        text = (DATA / "articles" / f"{stem}.txt").read_text(encoding="utf-8")
        for number in range(4):
            write_article(folder, f"{stem}-{number}.txt", text.replace("Bonn", f"Bonn{number}"),
                          authors=["Thomas Müller"], published=f"202{number}-03-15")
    for number in range(4):
        record = base[number]
        paragraphs = "".join(f"<p>{part}</p>" for part in record["text"].split("\n\n"))
        (folder / f"seite-{number}.html").write_text(
            f"<!doctype html><html lang='de'><head><title>{record['title']}</title></head>"
            f"<body><article><h1>{record['title']}</h1>{paragraphs}</article></body></html>",
            encoding="utf-8")
    (folder / "leer.txt").write_bytes(b"")
    (folder / "bild.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(2000))
    return inputs


def store_rows(home: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of the store, in a stable order; left out: the times rows
    were written and the store's random id."""
    connection = sqlite3.connect(home / "archive.sqlite3")
    try:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        rows = {}
        for table in tables:
            cursor = connection.execute(f"SELECT * FROM {table}")
            names = [column[0] for column in cursor.description]
            keep = [index for index, name in enumerate(names) if name not in TIMES]
            rows[table] = sorted((tuple(row[index] for index in keep) for row in cursor
                                  if not (table == "meta" and row[0] == "store_id")), key=repr)
        return rows
    finally:
        connection.close()


def index_contents(home: Path) -> dict[str, object]:
    """Everything the index holds: each term's postings with their values (frequencies,
    positions), each document's stored fields and field lengths, per document number."""
    generation = live_generation(ArchivePaths(home))
    assert generation is not None
    with open_index(generation).reader() as reader:
        postings = {}
        for name, term in reader.all_terms():
            matcher = reader.postings(name, term)
            items = []
            while matcher.is_active():
                items.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            postings[(name, term)] = items
        documents = [dict(fields) for _docnum, fields in reader.iter_docs()]
        lengths = {name: [reader.doc_field_length(docnum, name)
                          for docnum in range(reader.doc_count_all())]
                   for name in reader.indexed_field_names()}
    return {"postings": postings, "documents": documents, "lengths": lengths}


def failure_lines(output: str) -> list[str]:
    return sorted(line for line in output.splitlines() if line.startswith("failed: "))


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Archive, Archive, list[str]]:
    """The same inputs imported serially and with two workers (workers used from the first
    article on), then a second import of changed inputs (an incremental catch-up)."""
    root = tmp_path_factory.mktemp("parallel")
    inputs = write_inputs(root)
    patch = pytest.MonkeyPatch()
    patch.setenv("ARCHIVE_PARALLEL_MIN", "1")
    outputs = []
    archives = []
    try:
        for jobs in ("1", "2"):
            archive = Archive(root / f"home-{jobs}")
            result = archive.run("import", "-q", "--jobs", jobs, str(inputs))
            assert result.exit_code == 1, (result.output, result.exception)  # the bad inputs
            outputs.append(result.output)
            archives.append(archive)
        extra = root / "extra"
        for number in range(3):
            text = (DATA / "articles" / "stromnetz.txt").read_text(encoding="utf-8")
            write_article(extra, f"neu-{number}.txt", text.replace("Bonn", f"Köln{number}"),
                          published="2024-01-0" + str(number + 1))
        for archive, jobs in zip(archives, ("1", "2")):
            archive.ok("import", "-q", "--jobs", jobs, str(extra))
    finally:
        patch.undo()
    assert failure_lines(outputs[0]) == failure_lines(outputs[1])
    assert outputs[0].splitlines()[-1] == outputs[1].splitlines()[-1]
    return archives[0], archives[1], outputs


def test_same_store_rows(pair: tuple[Archive, Archive, list[str]]) -> None:
    serial, parallel, _ = pair
    rows = store_rows(serial.home)
    assert len(rows["articles"]) >= 45  # 38 records, 12 files (3 of them new versions)
    assert store_rows(parallel.home) == rows


def test_same_index(pair: tuple[Archive, Archive, list[str]]) -> None:
    serial, parallel, _ = pair
    expected = index_contents(serial.home)
    found = index_contents(parallel.home)
    stored = len(store_rows(serial.home)["articles"])
    assert len(expected["documents"]) == stored  # type: ignore[arg-type]
    assert any(name == "exact" for name, _term in expected["postings"])  # type: ignore[union-attr]
    assert found["documents"] == expected["documents"]
    assert found["lengths"] == expected["lengths"]
    assert found["postings"] == expected["postings"]
    assert segment_files(parallel.home) == segment_files(serial.home)


@pytest.mark.parametrize("query", QUERIES)
def test_same_search_results(pair: tuple[Archive, Archive, list[str]], query: str) -> None:
    serial, parallel, _ = pair
    expected = serial.search_json(query, "--limit", "100")
    found = parallel.search_json(query, "--limit", "100")
    assert found["total"] == expected["total"]
    assert [(hit["id"], hit.get("score")) for hit in found["hits"]] == \
        [(hit["id"], hit.get("score")) for hit in expected["hits"]]


def test_bad_inputs_fail_alone_one_line_each(pair: tuple[Archive, Archive, list[str]]) -> None:
    _, _, outputs = pair
    for output in outputs:
        failed = failure_lines(output)
        assert len(failed) == 4, output
        assert [line for line in failed if "feed.jsonl: line 8" in line]
        assert [line for line in failed if "feed.jsonl: line 24" in line]
        assert [line for line in failed if "leer.txt" in line]
        assert [line for line in failed if "bild.html" in line]
        assert "Traceback" not in output
        assert output.splitlines()[-1].endswith(", 4 failed")


def test_workers_analyse_what_the_writer_would(tmp_path: Path) -> None:
    """The terms a worker sends for each field are those Whoosh computes in this process."""
    archive = Archive(tmp_path / "home")
    archive.run("import", "-q", "--jobs", "1", str(write_inputs(tmp_path) / "feed.jsonl"))
    with Store.open(archive.home / "archive.sqlite3") as store:
        articles = list(store.articles_after(0))
    schema = build_schema()
    with ParallelAnalysis(jobs=2) as analysis:
        passed = []
        for seq, article in analysis.articles(articles):
            passed.append(seq)
            document = document_for(article)
            analysed = analysis.take(document)
            if analysed is None:
                continue
            for name, terms in analysed.items():
                assert terms == list(schema[name].index(document[name])), (article.id, name)
    assert passed == [seq for seq, _ in articles]
    # The workers analysed every article, the first too: the writer analyses none.
    assert analysis.taken == len(articles) and not analysis.broken


def test_workers_rested_for_a_merge_start_again(tmp_path: Path) -> None:
    """`rest()` (before a commit that merges) stops the workers; the next articles start
    them again, and they analyse every one of them."""
    archive = Archive(tmp_path / "home")
    archive.run("import", "-q", "--jobs", "1", str(write_inputs(tmp_path) / "feed.jsonl"))
    with Store.open(archive.home / "archive.sqlite3") as store:
        articles = list(store.articles_after(0))
    half = len(articles) // 2
    with ParallelAnalysis(jobs=2) as analysis:
        for part in (articles[:half], articles[half:]):
            for _seq, article in analysis.articles(part):
                assert analysis.take(document_for(article)) is not None, article.id
            analysis.rest()
            assert analysis._pool is None  # noqa: SLF001 - the workers are gone
    assert analysis.taken == len(articles) and not analysis.broken


def test_a_merging_import_rests_the_workers(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """An import whose commit merges segments stops its analysis workers first, and indexes
    what a serial import does."""
    from archive.index import preanalysed

    feed = write_inputs(tmp_path) / "feed.jsonl"
    serial, parallel = Archive(tmp_path / "serial"), Archive(tmp_path / "parallel")
    for archive in (serial, parallel):
        archive.ok("import", "-q", "--jobs", "1", str(SEEDS))
    monkeypatch.setattr("archive.index.writer.tier_to_merge",
                        lambda sizes: list(range(len(sizes) - 1)))  # merge every older one
    serial.run("import", "-q", "--jobs", "1", str(feed))
    rested = []
    rest = preanalysed.ParallelAnalysis.rest
    monkeypatch.setattr(preanalysed.ParallelAnalysis, "rest",
                        lambda self: rested.append(True) or rest(self))
    monkeypatch.setenv("ARCHIVE_PARALLEL_MIN", "1")
    parallel.run("import", "-q", "--jobs", "2", str(feed))
    assert rested
    assert len(open_index(live_generation(ArchivePaths(parallel.home)))._segments()) == 1  # noqa: SLF001
    assert index_contents(parallel.home) == index_contents(serial.home)


def test_a_worker_killed_leaves_the_writer_to_analyse(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    feed = write_inputs(tmp_path) / "feed.jsonl"
    serial, parallel = Archive(tmp_path / "serial"), Archive(tmp_path / "parallel")
    serial.run("import", "-q", "--jobs", "1", str(feed))
    monkeypatch.setenv("ARCHIVE_PARALLEL_MIN", "1")
    monkeypatch.setenv("ARCHIVE_FAULT", "analysis-worker:2")  # each worker dies at its 2nd task
    result = parallel.run("import", "-q", "--jobs", "2", str(feed))
    assert result.exit_code == 1 and len(failure_lines(result.output)) == 2, result.output
    assert index_contents(parallel.home) == index_contents(serial.home)


def test_workers_extract_what_the_importer_would(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Each single file's article from a worker is the one this process extracts; a file the
    worker cannot extract is left to this process (which reports it)."""
    from archive.derive import run_extraction
    from archive.errors import InputError

    monkeypatch.setenv("ARCHIVE_PARALLEL_MIN", "1")
    pages = write_inputs(tmp_path) / "pages"
    files = sorted(path for path in pages.iterdir() if not path.name.endswith(".meta.json"))
    with Store.open(tmp_path / "store.sqlite3", create=True) as store, \
            ExtractionAhead(2, files, [True] * len(files), store, 10 * 1048576, None,
                            False) as ahead:
        failing = 0
        for number, path in enumerate(files):
            ahead.advance(number)
            data = path.read_bytes()
            found = ahead.extracted(number, data)
            try:
                expected = run_extraction(path, data, None)
            except InputError:
                failing += 1
                assert found is None
                continue
            assert found == expected, path.name
        assert failing == 2
        assert ahead.taken == len(files) - failing and not ahead.broken


def test_an_extraction_worker_killed_leaves_the_importer_to_extract(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = write_inputs(tmp_path) / "pages"
    serial, parallel = Archive(tmp_path / "serial"), Archive(tmp_path / "parallel")
    expected = serial.run("import", "-q", "--jobs", "1", str(pages))
    monkeypatch.setenv("ARCHIVE_PARALLEL_MIN", "1")
    monkeypatch.setenv("ARCHIVE_FAULT", "extraction-worker:2")  # each worker dies at its 2nd
    found = parallel.run("import", "-q", "--jobs", "2", str(pages))
    assert found.exit_code == expected.exit_code == 1
    assert failure_lines(found.output) == failure_lines(expected.output)
    assert store_rows(parallel.home)["articles"] == store_rows(serial.home)["articles"]
    assert index_contents(parallel.home) == index_contents(serial.home)


def test_jobs_must_be_positive(tmp_path: Path) -> None:
    result = Archive(tmp_path / "home").run("import", "--jobs", "0", str(DATA / "articles"))
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == \
        "Error: Invalid value for '--jobs': 0 is not in the range x>=1."
    assert not (tmp_path / "home").exists()


def _stored_count(home: Path) -> int:
    try:
        with sqlite3.connect(home / "archive.sqlite3") as connection:
            return connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def _indexed_seq(home: Path) -> int:
    generation = live_generation(ArchivePaths(home))
    state = read_state(generation) if generation else None
    return state.seq if state else 0


def _import_forty_articles(folder: Path, home: Path, fault: str) -> subprocess.Popen[str]:
    """Start `import --jobs 2` of 40 short articles (workers from the first one, index batches
    of 10) with the fault `fault` set, as a new process."""
    for number in range(40):
        text = (DATA / "articles" / "stromnetz.txt").read_text(encoding="utf-8")
        write_article(folder, f"meldung-{number:02d}.txt",
                      text.replace("Bonn", f"Ort{number}") + f"\n\nMeldung {number}.\n")
    env = {**os.environ, "ARCHIVE_PARALLEL_MIN": "1", "ARCHIVE_INDEX_BATCH": "10",
           "ARCHIVE_FAULT": fault}
    # Ctrl-C as a terminal sends it: a test runner started in the background (`nohup`, `&`)
    # ignores SIGINT, and a child would inherit that and never see the signal.
    return subprocess.Popen([sys.executable, "-m", "archive", "--home", str(home), "import",
                             "--jobs", "2", str(folder)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


@pytest.mark.parametrize("pause, reached", [("file-start:30", (_stored_count, 29)),
                                            ("index-add:25", (_indexed_seq, 20))])
def test_ctrl_c_stops_the_workers_and_keeps_the_store(tmp_path: Path, pause: str,
                                                      reached: tuple[object, int]) -> None:
    """Ctrl-C while workers extract ahead (storing) or analyse (indexing): the import ends at
    once without its workers, what was stored stays, and the next import finishes the job."""
    folder, home = tmp_path / "files", tmp_path / "home"
    process = _import_forty_articles(folder, home, f"{pause}:pause=60")
    measure, target = reached
    deadline = time.monotonic() + 120
    while measure(home) < target:  # type: ignore[operator]
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    # The output streams close only once every worker is gone too.
    _out, err = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "Traceback" not in err, err
    assert _stored_count(home) >= target
    archive = Archive(home)
    rerun = archive.ok("import", "--jobs", "2", str(folder))
    assert rerun.stdout.strip().endswith("0 failed"), rerun.output
    assert _stored_count(home) == 40
    check = archive.run("check", "--no-sources")
    assert check.exit_code == 0 and "index: 40 articles" in check.stdout, check.output


def test_ctrl_c_does_not_wait_for_a_busy_worker(tmp_path: Path) -> None:
    """Ctrl-C while an analysis worker is in the middle of a long chunk (paused 300 s there):
    the import ends within seconds, not when the worker's chunk is done, and keeps the store."""
    folder, home = tmp_path / "files", tmp_path / "home"
    process = _import_forty_articles(folder, home, "analysis-worker:1:pause=300")
    deadline = time.monotonic() + 180
    while _stored_count(home) < 40:  # every article stored: the index batches have begun
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.1)
    time.sleep(5)  # the first chunk reaches the worker, which pauses on it
    assert _indexed_seq(home) == 0 and process.poll() is None
    interrupted = time.monotonic()
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=120)
    assert time.monotonic() - interrupted < 60, "the import waited for the paused worker"
    assert process.returncode != 0 and "Traceback" not in err, err
    assert "interrupted" in err and _stored_count(home) == 40


def test_an_article_that_cannot_be_analysed_fails_alone_in_both_modes(tmp_path: Path) -> None:
    """An analysis bug on one article's text (fault point `analyse`, raised each time that
    text is analysed): stored, left out of the index, one line; the same with workers."""
    feed = write_inputs(tmp_path) / "feed.jsonl"
    outputs, contents = [], []
    for jobs in ("1", "2"):
        home = tmp_path / f"home-{jobs}"
        env = {**os.environ, "ARCHIVE_PARALLEL_MIN": "1", "ARCHIVE_FAULT": "analyse:5:raise-again"}
        completed = subprocess.run([sys.executable, "-m", "archive", "--home", str(home),
                                    "import", "-q", "--jobs", jobs, str(feed)], env=env,
                                   capture_output=True, text=True, timeout=600)
        assert completed.returncode == 1, completed.stderr
        assert "Traceback" not in completed.stderr
        outputs.append((failure_lines(completed.stderr), completed.stdout))
        contents.append(index_contents(home))
    assert outputs[0] == outputs[1]
    assert len([line for line in outputs[0][0] if "could not be indexed" in line]) == 1
    assert contents[0] == contents[1]
