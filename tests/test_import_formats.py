"""Files of many articles: news-please files, trafilatura JSON lines, German spreadsheets, WARC
and WACZ written with warcio, gzip variants and standard input, each imported through the real
CLI into a real archive and compared field by field with the fixture's own values."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.paths import ArchivePaths
from archive.store import Store
from conftest import DATA, Archive

ARTICLES = [json.loads(line) for line in
            (DATA / "formats" / "wikinews-de-6.jsonl").read_text(encoding="utf-8").splitlines()]
AUTHORS = [["Anna Kleiser"], ["Bernd Bauer", "Clara Weiß"], [], ["Dora Özdemir"], [], ["Emil Groß"]]


def url_of(article: dict) -> str:
    return f"https://de.wikinews.org/wiki/{article['id']}"


def stored(archive: Archive) -> dict[str, object]:
    """The stored articles by URL."""
    with Store.open(ArchivePaths(archive.home).store_file) as store:
        return {article.url: article for article in store.iter_articles()}


def check_all(archive: Archive, authors: bool = True) -> None:
    """Every fixture article is stored with its own title, date, text, URL and authors."""
    found = stored(archive)
    assert len(found) == len(ARTICLES)
    for number, article in enumerate(ARTICLES):
        record = found[url_of(article)]
        assert record.title == article["title"]
        assert str(record.published) == article["date"] and record.published.precision == "day"
        assert " ".join(record.body.split()) == " ".join(article["text"].split())
        if authors:
            assert list(record.authors) == AUTHORS[number]


def news_please(article: dict, number: int) -> dict:
    return {"title": article["title"], "maintext": article["text"],
            "date_publish": f"{article['date']} 10:35:00", "date_modify": None,
            "authors": AUTHORS[number], "source_domain": "de.wikinews.org",
            "url": url_of(article), "language": "de", "description": None,
            "image_url": None, "filename": f"{article['id']}.json"}


def trafilatura(article: dict, number: int) -> dict:
    return {"title": article["title"], "author": "; ".join(AUTHORS[number]) or None,
            "hostname": "de.wikinews.org", "date": article["date"], "text": article["text"],
            "source": url_of(article), "source-hostname": "Wikinews", "excerpt": None,
            "categories": "", "tags": "", "fingerprint": "x", "id": None, "license": None}


def test_news_please_files_one_per_article(tmp_path: Path) -> None:
    folder = tmp_path / "crawl"
    folder.mkdir()
    for number, article in enumerate(ARTICLES):
        (folder / f"{article['id']}.json").write_text(
            json.dumps(news_please(article, number), ensure_ascii=False, indent=2), "utf-8")
    archive = Archive(tmp_path / "home")
    result = archive.ok("import", str(folder))
    assert result.stdout.startswith("6 read: 6 added,")
    check_all(archive)
    record = next(iter(stored(archive).values()))
    assert record.origins["title"] == "record" and record.language == "de"
    assert archive.ok("import", str(folder)).stdout.startswith("6 read: 0 added, 0 updated, 6 unchanged")


@pytest.mark.parametrize("compressed", [False, True])
def test_trafilatura_json_lines(tmp_path: Path, compressed: bool) -> None:
    lines = "".join(json.dumps(trafilatura(article, number), ensure_ascii=False) + "\n"
                    for number, article in enumerate(ARTICLES)).encode("utf-8")
    path = tmp_path / ("crawl.jsonl.gz" if compressed else "crawl.jsonl")
    path.write_bytes(gzip.compress(lines) if compressed else lines)
    archive = Archive(tmp_path / "home")
    assert archive.ok("import", str(path)).stdout.startswith("6 read: 6 added,")
    check_all(archive)
    explained = archive.ok("show", next(iter(stored(archive).values())).id, "--explain").stdout
    assert f"{path.name}#line=1" in explained and "format: jsonl" in explained


def test_a_json_array(tmp_path: Path) -> None:
    path = tmp_path / "all.json"
    path.write_text(json.dumps([news_please(article, number)
                                for number, article in enumerate(ARTICLES)]), "utf-8")
    archive = Archive(tmp_path / "home")
    archive.ok("import", str(path))
    check_all(archive)


def test_bad_json_lines_fail_alone_naming_the_line(tmp_path: Path) -> None:
    good = [json.dumps(trafilatura(article, number)) for number, article in enumerate(ARTICLES)]
    lines = good[:2] + ['{"title": "kaputt", "text": '] + good[2:4] + ["[1, 2]"] + \
        ['{"title": "Nur ein Titel"}'] + good[4:]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    archive = Archive(tmp_path / "home")
    result = archive.run("import", str(path))
    assert result.exit_code == 1
    assert result.stdout.strip() == \
        "9 read: 6 added, 0 updated, 0 unchanged, 0 duplicates of stored articles, 3 failed"
    failures = result.stderr.strip().splitlines()
    assert len(failures) == 3
    assert failures[0].startswith("failed: ") and "mixed.jsonl: line 3: not valid JSON" in failures[0]
    assert "mixed.jsonl: line 6: not a JSON object but an array" in failures[1]
    assert "mixed.jsonl: line 7: no article text" in failures[2]
    check_all(archive)


def german_sheet(articles: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(["Überschrift", "Datum", "Medium", "Autor", "Link", "Inhalt", "Code"])
    for number, article in enumerate(articles):
        day = dt.date.fromisoformat(article["date"])
        written = f"{day.day:02d}.{day.month:02d}.{day.year}" if number % 2 else \
            f"{day.day}. {['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'][day.month - 1]} {day.year}"
        writer.writerow([article["title"], written, "Wikinews", "; ".join(AUTHORS[number]),
                         url_of(article), article["text"], str(number)])
    return buffer.getvalue().encode("cp1252", errors="replace")


def test_a_german_spreadsheet_in_cp1252_with_semicolons(tmp_path: Path) -> None:
    articles = [article for article in ARTICLES
                if article["text"] == article["text"].encode("cp1252", "replace").decode("cp1252")]
    path = tmp_path / "Nexis-Export.csv"
    path.write_bytes(german_sheet(articles))
    archive = Archive(tmp_path / "home")
    assert archive.ok("import", str(path)).stdout.startswith(f"{len(articles)} read: {len(articles)} added")
    found = stored(archive)
    for article in articles:
        record = found[url_of(article)]
        assert record.title == article["title"] and str(record.published) == article["date"]
        assert " ".join(record.body.split()) == " ".join(article["text"].split())
        assert record.outlet == "Wikinews"


def test_a_gzipped_tsv_and_a_utf8_bom(tmp_path: Path) -> None:
    rows = ["title\tdate\ttext\turl"] + [
        f"{a['title']}\t{a['date']}\t{' '.join(a['text'].split())}\t{url_of(a)}" for a in ARTICLES]
    path = tmp_path / "sheet.tsv.gz"
    path.write_bytes(gzip.compress(("\ufeff" + "\n".join(rows) + "\n").encode("utf-8")))
    archive = Archive(tmp_path / "home")
    archive.ok("import", str(path))
    check_all(archive, authors=False)


def test_an_unknown_layout_names_its_columns_and_the_map(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    text = "Kennung;Schlagzeile2;Volltext2\n" + "".join(
        f"{n};{a['title']};\"{a['text']}\"\n" for n, a in enumerate(ARTICLES))
    path.write_text(text, "utf-8")
    archive = Archive(tmp_path / "home")
    result = archive.run("import", str(path))
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1
    assert "'Kennung', 'Schlagzeile2', 'Volltext2'" in message
    assert "--map body=Volltext2" in message
    archive.ok("import", str(path), "--map", "body=Volltext2", "--map", "title=Schlagzeile2")
    with Store.open(ArchivePaths(archive.home).store_file) as store:
        titles = sorted(article.title for article in store.iter_articles())
    assert titles == sorted(article["title"] for article in ARTICLES)


def warc_bytes(with_noise: bool = True) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for number, article in enumerate(ARTICLES):
        paragraphs = "".join(f"<p>{part}</p>" for part in article["text"].split("\n") if part.strip())
        page = (f'<html lang="de"><head><meta charset="utf-8"><title>{article["title"]}</title>'
                f'<meta name="author" content="{", ".join(AUTHORS[number])}">'
                f'</head><body><article><h1>{article["title"]}</h1>'
                f'<time datetime="{article["date"]}">{article["date"]}</time>'
                f"{paragraphs}</article></body></html>").encode("utf-8")
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url_of(article), "response",
                                                      payload=io.BytesIO(page), http_headers=http))
        if with_noise:
            image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url_of(article) + ".png", "response",
                                                          payload=io.BytesIO(b"\x89PNG"),
                                                          http_headers=image))
            moved = StatusAndHeaders("301 Moved", [("Location", url_of(article))], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url_of(article) + "?x", "response",
                                                          payload=io.BytesIO(b""), http_headers=moved))
    return buffer.getvalue()


def check_pages(archive: Archive) -> None:
    found = stored(archive)
    assert len(found) == len(ARTICLES)
    for article in ARTICLES:
        record = found[url_of(article)]
        assert record.title == article["title"] and str(record.published) == article["date"]
        assert " ".join(record.body.split()) == " ".join(article["text"].split())
        assert record.origins["url"] == "warc"


def test_a_warc_imports_its_html_responses_and_skips_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes())
    archive = Archive(tmp_path / "home")
    result = archive.ok("import", str(path))
    assert result.stdout.strip() == ("6 read: 6 added, 0 updated, 0 unchanged, 0 duplicates of "
                                     "stored articles, 0 failed (12 records that are no article "
                                     "skipped)")
    check_pages(archive)
    record = next(iter(stored(archive).values()))
    explained = archive.ok("show", record.id, "--explain").stdout
    assert "#offset=" in explained and "captured: " in explained and "format: warc" in explained
    # reextract reads the kept record again: nothing changes
    assert archive.ok("reextract").stdout.strip().endswith("0 changed, 6 unchanged, 0 failed")


def test_an_uncompressed_warc_and_a_wacz(tmp_path: Path) -> None:
    plain = tmp_path / "crawl.warc"
    plain.write_bytes(gzip.decompress(warc_bytes(with_noise=False)))
    archive = Archive(tmp_path / "plain")
    archive.ok("import", str(plain))
    check_pages(archive)
    package = tmp_path / "crawl.wacz"
    with zipfile.ZipFile(package, "w") as wacz:
        wacz.writestr("archive/data.warc.gz", warc_bytes())
        wacz.writestr("datapackage.json", "{}")
    archive = Archive(tmp_path / "wacz")
    archive.ok("import", str(package))
    check_pages(archive)


def test_a_broken_warc_names_the_offset_and_keeps_what_came_before(tmp_path: Path) -> None:
    data = warc_bytes(with_noise=False)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nabc")
    archive = Archive(tmp_path / "home")
    result = archive.run("import", str(path))
    assert result.exit_code == 1
    assert "cut.warc.gz: after offset" in result.stderr and len(result.stderr.splitlines()) == 1
    assert len(stored(archive)) == len(ARTICLES)


def test_standard_input_with_format(tmp_path: Path) -> None:
    lines = "".join(json.dumps(trafilatura(article, number), ensure_ascii=False) + "\n"
                    for number, article in enumerate(ARTICLES))
    archive = Archive(tmp_path / "home")
    result = archive.run("import", "-", "--format", "jsonl", input=lines)
    assert result.exit_code == 0, result.output
    check_all(archive)
    # another stream's first line is another article, not a new version of the first one
    other = json.dumps({"title": "Ein anderer Artikel", "text": "Ganz anderer Text.",
                        "url": "https://example.org/anders"}) + "\n"
    again = archive.run("import", "-", "--format", "jsonl", input=other)
    assert again.exit_code == 0 and again.stdout.startswith("1 read: 1 added")
    assert len(stored(archive)) == len(ARTICLES) + 1
    refused = Archive(tmp_path / "other").run("import", "-", input=lines)
    assert refused.exit_code == 2 and "--format" in refused.stderr


def test_title_and_url_are_refused_for_a_file_of_many_articles(tmp_path: Path) -> None:
    path = tmp_path / "crawl.jsonl"
    path.write_text(json.dumps(trafilatura(ARTICLES[0], 0)) + "\n", "utf-8")
    result = Archive(tmp_path / "home").run("import", str(path), "--title", "Ein Titel")
    assert result.exit_code == 2 and "holds many articles" in result.stderr


def test_export_imports_back_with_every_record_and_hand_given_value(tmp_path: Path) -> None:
    source = tmp_path / "crawl.jsonl"
    source.write_text("".join(json.dumps(news_please(article, number)) + "\n"
                              for number, article in enumerate(ARTICLES)), "utf-8")
    first = Archive(tmp_path / "first")
    first.ok("import", str(source))
    some = next(iter(stored(first).values()))
    first.ok("edit", some.id, "--outlet", "Wikinews Deutschland", "--author", "Fritz Mayer")
    with Store.open(ArchivePaths(first.home).store_file) as store, store.transaction():
        store.connection.execute("INSERT INTO tags VALUES (?, 'wichtig', '2024-01-01T00:00:00+00:00')",
                                 (some.id,))
        store.connection.execute("INSERT INTO notes (article_id, text, set_at) VALUES "
                                 "(?, 'Zitat prüfen', '2024-01-02T00:00:00+00:00')", (some.id,))
    exported = tmp_path / "backup.jsonl"
    first.ok("export", "--format", "jsonl", "-o", str(exported))
    second = Archive(tmp_path / "second")
    second.ok("import", str(exported))
    again = tmp_path / "again.jsonl"
    second.ok("export", "--format", "jsonl", "-o", str(again))

    def lines(path: Path) -> dict[str, dict]:
        documents = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
        kept = ("source", "source_sha256", "extracted")
        return {doc["id"]: {key: value for key, value in doc.items() if key not in kept}
                for doc in documents}

    assert lines(again) == lines(exported)
    with Store.open(ArchivePaths(second.home).store_file) as store:
        article = store.get(some.id)
        assert article.outlet == "Wikinews Deutschland" and article.origins["outlet"] == "edit"
        assert store.overrides(some.id)["authors"].value == ["Fritz Mayer"]
    # the edit survives a reextract in the new archive, as in the first
    second.ok("reextract")
    assert stored(second)[some.url].authors == ("Fritz Mayer",)


def test_duplicates_and_a_moved_folder(tmp_path: Path) -> None:
    folder = tmp_path / "crawl"
    folder.mkdir()
    lines = "".join(json.dumps(trafilatura(article, number)) + "\n"
                    for number, article in enumerate(ARTICLES))
    (folder / "a.jsonl").write_text(lines, "utf-8")
    (folder / "copy.jsonl").write_text(lines.split("\n", 2)[0] + "\n" + lines.split("\n")[1] + "\n", "utf-8")
    archive = Archive(tmp_path / "home")
    assert archive.ok("import", str(folder)).stdout.strip() == \
        "8 read: 6 added, 0 updated, 0 unchanged, 2 duplicates of stored articles, 0 failed"
    moved = tmp_path / "moved"
    folder.rename(moved)
    result = archive.ok("import", str(moved / "a.jsonl"))
    assert result.stdout.strip().startswith("6 read: 0 added, 0 updated, 6 unchanged") \
        and "6 moved" in result.stdout
    assert all(str(moved) in article.source_path for article in stored(archive).values())
    with Store.open(ArchivePaths(archive.home).store_file) as store:
        assert not [path for path, _id, _sha in store.sources() if str(folder / "a.jsonl") in path]


def test_a_record_repeated_under_another_record_id_is_a_duplicate(tmp_path: Path) -> None:
    """FANG-COVID holds the same article twice, every field equal but the corpus's own record
    id: the same article, so a duplicate of the stored one (as the same text in two files is),
    not a new version of it."""
    rows = [{"id": "a1", "header": ARTICLES[0]["title"], "article": ARTICLES[0]["text"],
             "date": ARTICLES[0]["date"], "url": url_of(ARTICLES[0]), "source": "zeit"},
            {"id": "a2", "header": ARTICLES[1]["title"], "article": ARTICLES[1]["text"],
             "date": ARTICLES[1]["date"], "url": url_of(ARTICLES[1]), "source": "zeit"}]
    repeated = {**rows[0], "id": "a3"}
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in [*rows, repeated]), "utf-8")
    archive = Archive(tmp_path / "home")
    assert archive.ok("import", str(path)).stdout.strip() == \
        "3 read: 2 added, 0 updated, 0 unchanged, 1 duplicate of stored articles, 0 failed"
    # The first record stays the article's provenance.
    first = next(a for a in stored(archive).values() if a.title == ARTICLES[0]["title"])
    assert first.source_path.endswith("corpus.jsonl#line=1")
    # A record whose text changed at its own line is a new version, as before.
    changed = {**rows[1], "article": rows[1]["article"] + "\n\nEin neuer Absatz."}
    path.write_text("".join(json.dumps(row) + "\n" for row in [rows[0], changed, repeated]),
                    "utf-8")
    assert archive.ok("import", str(path)).stdout.strip() == \
        "3 read: 0 added, 1 updated, 1 unchanged, 1 duplicate of stored articles, 0 failed"


def test_bad_rows_and_a_cut_gzip_name_their_line(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    rows = ["sep=;", "Titel;Datum;Text;URL"] + [
        f"{a['title']};{a['date']};\"{a['text']}\";{url_of(a)}" for a in ARTICLES[:3]] + \
        ["Nur ein Titel;2024-01-01;;https://example.org/x"] + [
        f"{a['title']};{a['date']};\"{a['text']}\";{url_of(a)}" for a in ARTICLES[3:]]
    sheet.write_text("\r\n".join(rows) + "\r\n", "utf-8")
    archive = Archive(tmp_path / "sheet")
    result = archive.run("import", str(sheet))
    assert result.exit_code == 1
    line = 3 + sum(a["text"].count("\n") + 1 for a in ARTICLES[:3])
    assert result.stderr.strip() == f"failed: {sheet}: line {line}: the text column is empty"
    check_all(archive, authors=False)

    lines = "".join(json.dumps(trafilatura(article, number)) + "\n"
                    for number, article in enumerate(ARTICLES)).encode("utf-8")
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(lines)[:-200])
    archive = Archive(tmp_path / "cut")
    result = archive.run("import", str(cut))
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and message.startswith(f"failed: {cut}: line ")
    assert "cannot read on" in message and "the lines before it were read" in message
    assert 0 < len(stored(archive)) < len(ARTICLES)


def test_a_page_over_the_size_limit_is_one_line_naming_its_offset(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes(with_noise=False))
    archive = Archive(tmp_path / "home")
    result = archive.run("import", str(path), "--max-size", "0.001")
    assert result.exit_code == 1
    failures = result.stderr.strip().splitlines()
    assert failures and all(f"{path}: offset " in line and "a page over" in line
                            for line in failures)
    assert len(failures) + len(stored(archive)) == len(ARTICLES)


@pytest.mark.parametrize("module", ["archive.sources.records", "archive.sources.jsonrecords",
                                    "archive.sources.csvrecords", "archive.sources.webarchive",
                                    "archive.metadata.recordfields", "archive.recordextract"])
def test_the_readers_docstring_examples_hold(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


def test_a_moved_folder_of_article_files_updates_the_recorded_paths(tmp_path: Path) -> None:
    import shutil

    from conftest import SEEDS

    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    archive = Archive(tmp_path / "home")
    archive.ok("import", str(folder))
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    result = archive.ok("import", str(copy))
    assert result.stdout.strip() == \
        "5 read: 0 added, 0 updated, 0 unchanged, 5 duplicates of stored articles, 0 failed"
    shutil.rmtree(copy)
    moved = tmp_path / "moved"
    folder.rename(moved)
    result = archive.ok("import", str(moved))
    assert result.stdout.strip() == \
        "0 added, 0 updated, 5 unchanged, 0 failed (5 moved: their recorded paths updated)"
    # Moved articles are written again with their new paths and indexed: that is this run's
    # work, not an earlier run's gap.
    assert "lacked" not in result.stderr
    with Store.open(ArchivePaths(archive.home).store_file) as store:
        articles = list(store.iter_articles())
        paths = [path for path, _id, _sha in store.sources()]
    assert len(articles) == 5
    assert all(article.source_path.startswith(str(moved) + "/") for article in articles)
    assert not [path for path in paths if path.startswith(str(folder) + "/")]
    assert archive.ok("import", str(moved)).stdout.strip() == "0 added, 0 updated, 5 unchanged, 0 failed"


def test_json_lines_of_an_unknown_schema_are_one_line_and_map_imports_them(tmp_path: Path) -> None:
    path = tmp_path / "eigen.jsonl"
    rows = [{"kopf": a["title"], "rumpf": a["text"], "tag": a["date"], "adresse": url_of(a)}
            for a in ARTICLES] * 2
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), "utf-8")
    archive = Archive(tmp_path / "home")
    result = archive.run("import", str(path))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"failed: {path}: no text field in its first 10 records (fields: adresse, kopf, rumpf, "
        "tag); name the field that holds the text with --map body=FIELD")
    result = archive.ok("import", str(path), "--map", "body=rumpf", "--map", "title=kopf",
                        "--map", "date=tag", "--map", "url=adresse")
    assert result.stdout.startswith("12 read: 6 added, 0 updated, 0 unchanged, 6 duplicates")
    check_all(archive, authors=False)


def _one_page_warc(path: Path, captured: str, canonical: str | None) -> None:
    """A WARC of one real-shaped article page captured at `captured`, naming `canonical`."""
    article = ARTICLES[0]
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    paragraphs = "".join(f"<p>{part}</p>" for part in article["text"].split("\n") if part.strip())
    page = (f'<html lang="de"><head><meta charset="utf-8"><title>{article["title"]}</title>{link}'
            f'</head><body><article><h1>{article["title"]}</h1>'
            f'<time datetime="{article["date"]}">{article["date"]}</time>{paragraphs}'
            "</article></body></html>").encode("utf-8")
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(captured, "response",
                                                      payload=io.BytesIO(page), http_headers=http))


def test_a_target_address_with_a_space_is_read_without_a_warning(tmp_path: Path) -> None:
    """warcio logs a warning for a space in WARC-Target-URI; no logging is set up, so Python
    printed it to stderr as a stray line of its own."""
    path = tmp_path / "crawl.warc.gz"
    _one_page_warc(path, "https://schwimmverband.at/news-artikel tx_news=2236", None)
    archive = Archive(tmp_path / "home")
    # A new process, as a user runs it: pytest's own log capture would hide the stray line.
    result = subprocess.run([sys.executable, "-m", "archive", "--home", str(archive.home),
                             "import", "-q", str(path)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    (record,) = stored(archive).values()
    assert record.url == "https://schwimmverband.at/news-artikel%20tx_news=2236"


@pytest.mark.parametrize("captured, canonical, expected", [
    # the page's own address on its own site: the captured one's session id and tracking gone
    ("https://www.bafa.de/meldung.html;jsessionid=B01BDCE4?utm_source=x",
     "https://www.bafa.de/meldung.html", "https://www.bafa.de/meldung.html"),
    ("https://kath.net/news/76785", "https://www.kath.net/news/76785",
     "https://www.kath.net/news/76785"),
    # a bare site root names no article: the captured address is the better one
    ("https://www.piratenpartei.at/volksbegehren-bge/", "https://www.piratenpartei.at",
     "https://www.piratenpartei.at/volksbegehren-bge/"),
    # another site's address (a syndicated copy's original): the page was read here
    ("https://www.monsterdealz.de/deals/rewe-produkttest", "https://www.dealdoktor.de/deals/x",
     "https://www.monsterdealz.de/deals/rewe-produkttest"),
])
def test_a_web_archive_page_keeps_its_own_address_on_its_site(
        tmp_path: Path, captured: str, canonical: str, expected: str) -> None:
    """As the same page saved as a file: the address the page names for itself on the site it
    was captured from; the captured address stays in the provenance."""
    path = tmp_path / "crawl.warc.gz"
    _one_page_warc(path, captured, canonical)
    archive = Archive(tmp_path / "home")
    archive.ok("import", str(path))
    (record,) = stored(archive).values()
    assert record.url == expected
    explained = archive.ok("show", record.id, "--explain").stdout
    assert f"url: {captured}" in explained
