"""The same pages as HTML files and as one web archive: does a WARC import store the same
articles as importing the pages one file each?

    python bench/warc_equivalence.py [--sample DIR] [--workdir DIR] [--show FIELD]

Every HTML page of the sample (`../shared/html-sample`, its `metadata.jsonl` giving each
page's URL) is written, in the same run, as a response record of one `pages.warc.gz` (warcio,
`WARC-Target-URI` the page's URL, an HTTP header `Content-Type: text/html` without a charset,
as a file gives none) and as a copy in `files/`. Each is imported with the real command
(`archive --home NEW import -q PATH`) into a new archive. The script reports:

- how many pages each import stored, and its summary line;
- per field (title, teaser, body, published with its precision, modified, authors, agencies,
  outlet, url, language), how many pages' stored values differ between the two archives;
- title and published day against the sample's records, for each import (the same rule as
  `bench/bench_extraction.py`'s exact rows: whitespace-normalised, case-folded equality).

A field that differs because the web archive names the page's address (a page whose markup
names none: its URL, and an outlet or a date found from the address) is listed apart from the
others; `--show FIELD` prints each page that differs in FIELD.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from measure import archive_command  # noqa: E402

DEFAULT_SAMPLE = BENCH_DIR.parent.parent / "shared" / "html-sample"
FIELDS = ("title", "teaser", "body", "published", "modified", "authors", "agencies", "outlet",
          "url", "language")
# Fields that may take their value from the page's address, which only the web archive gives.
FROM_ADDRESS = ("url", "outlet", "published", "modified")


def write_inputs(sample: Path, work: Path) -> tuple[Path, Path, dict[int, str], list[dict]]:
    """`pages.warc.gz` and `files/` with every HTML page of the sample; the offset of each
    page's record in the WARC, mapped to the page's file name; the sample's records."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    records = [json.loads(line) for line in (sample / "metadata.jsonl").read_text("utf-8")
               .splitlines() if line.strip()]
    records = [record for record in records
               if Path(record["file"]).suffix.lower() in (".html", ".htm")]
    files = work / "files"
    files.mkdir(parents=True)
    warc = work / "pages.warc.gz"
    offsets: dict[int, str] = {}
    with warc.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for record in records:
            data = (sample / record["file"]).read_bytes()
            shutil.copyfile(sample / record["file"], files / record["file"])
            url = record.get("url") or f"https://sample.invalid/{record['file']}"
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                    protocol="HTTP/1.1")
            offsets[stream.tell()] = record["file"]
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(data), http_headers=http))
    return warc, files, offsets, records


def import_into(home: Path, source: Path) -> str:
    """Import `source` into a new archive `home`; its summary line."""
    completed = subprocess.run([*archive_command(), "--home", str(home), "import", "-q",
                                str(source)], capture_output=True, text=True,
                               env={**os.environ, "ARCHIVE_DEBUG": ""})
    return (completed.stdout.strip().splitlines() or [""])[-1] + \
        (f" (exit {completed.returncode}: {completed.stderr.strip()[:300]})"
         if completed.returncode else "")


def stored_by_page(home: Path, page_of: "callable") -> dict[str, object]:
    """The stored articles of `home`, keyed by the sample file they came from."""
    from archive.paths import ArchivePaths
    from archive.store import Store

    with Store.open(ArchivePaths(home).store_file) as store:
        return {page_of(article.source_path): article for article in store.iter_articles()}


def value(article: object, name: str) -> object:
    """A field's value in comparable form."""
    found = getattr(article, name)
    if name in ("published", "modified") and found is not None:
        return str(found), getattr(found, "precision", None)
    return found


def normalised(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def main() -> int:
    """Write the inputs, import both, compare field by field and against the records."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--show", choices=FIELDS, default=None)
    options = parser.parse_args()
    work = options.workdir or Path(tempfile.mkdtemp(prefix="warc-equivalence-"))
    warc, files, offsets, records = write_inputs(options.sample, work)
    print(f"{len(records)} HTML pages of {options.sample.name}; work in {work}")
    summaries = {"files": import_into(work / "home-files", files),
                 "warc": import_into(work / "home-warc", warc)}
    by_files = stored_by_page(work / "home-files", lambda source: Path(source).name)
    by_warc = stored_by_page(work / "home-warc",
                             lambda source: offsets.get(int(source.rsplit("offset=", 1)[1]),
                                                        source))
    for name, summary in summaries.items():
        stored = len(by_files if name == "files" else by_warc)
        print(f"{name:6} {stored} stored: {summary}")
    both = sorted(set(by_files) & set(by_warc))
    print(f"pages stored by both: {len(both)}; only as files: "
          f"{sorted(set(by_files) - set(by_warc))}; only from the WARC: "
          f"{sorted(set(by_warc) - set(by_files))}")
    print("\nfield       differ  of them: the file import has no address")
    for name in FIELDS:
        differing = [page for page in both
                     if value(by_files[page], name) != value(by_warc[page], name)]
        no_address = [page for page in differing
                      if name in FROM_ADDRESS and by_files[page].url is None]
        print(f"{name:11} {len(differing):6}  {len(no_address)}")
        if options.show == name:
            for page in differing:
                print(f"    {page}: files {value(by_files[page], name)!r:.120}"
                      f"\n    {' ' * len(page)}  warc  {value(by_warc[page], name)!r:.120}")
    truth = {record["file"]: record for record in records}
    print("\nagainst the sample's records (exact, normalised): title / published day")
    for name, stored in (("files", by_files), ("warc", by_warc)):
        titled = [page for page in stored if truth[page].get("title")]
        dated = [page for page in stored if truth[page].get("date")]
        titles = sum(normalised(stored[page].title) == normalised(truth[page]["title"])
                     for page in titled)
        dates = sum(stored[page].published is not None
                    and str(stored[page].published)[:10] == truth[page]["date"][:10]
                    for page in dated)
        print(f"{name:6} title {titles}/{len(titled)} ({100 * titles / max(1, len(titled)):.1f} %)"
              f"  date {dates}/{len(dated)} ({100 * dates / max(1, len(dated)):.1f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
