"""Broken and hostile input: one line per bad file naming it and the reason, the rest imported,
exit status 1, and nothing stored before is lost."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import SEED_FILES, Archive

GOOD = SEED_FILES["004"].read_text(encoding="utf-8")
# A short German article whose text survives every 8-bit encoding used below.
UMLAUT_TEXT = ("Bürgerschaft berät über Straßenbahn\n\n"
               "Die Hamburger Bürgerschaft hat am Mittwoch über den Ausbau der Straßenbahn "
               "beraten. Die Grünen forderten eine zügige Planung, die Opposition äußerte "
               "Zweifel an den Kosten. Eine Entscheidung soll im Frühjahr fallen, nachdem "
               "Gutachter die Trassen geprüft haben. Anwohner befürchten jahrelange Baustellen "
               "in ihren Straßen und fordern eine frühe Beteiligung an der Planung.\n")


def failures(result) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """file name -> reason, from the `failed: PATH: reason` lines."""
    found = {}
    for line in result.stderr.strip().splitlines():
        assert line.startswith("failed: "), line
        path, _, reason = line.removeprefix("failed: ").partition(": ")
        found[Path(path).name] = reason
    return found


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "cp1252.txt").write_bytes(UMLAUT_TEXT.replace("Hamburger", "Kölner")
                                        .encode("cp1252") + "€ 5".encode("cp1252"))
    (folder / "latin1.txt").write_bytes(UMLAUT_TEXT.replace("Hamburger", "Bremer").encode("latin-1"))
    (folder / "utf16.txt").write_bytes(UMLAUT_TEXT.replace("Hamburger", "Berliner").encode("utf-16"))
    (folder / "bad-utf8.txt").write_bytes(
        UMLAUT_TEXT.replace("Hamburger", "Mainzer").encode("utf-8") + b"\xff\xfe\xc3(")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(2000))
    (folder / "paper.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nstream\n"
                                       + bytes(range(256)) * 8)
    with zipfile.ZipFile(folder / "bundle.txt", "w") as archive:
        archive.writestr("a.txt", GOOD)
    (folder / "truncated.html").write_text(
        "<html><head><title>Bürgerschaft berät</title></head><body><article><h1>Bürgerschaft "
        "berät über Straßenbahn</h1><p>" + UMLAUT_TEXT.split("\n\n")[1] + "</p><p>Weitere",
        encoding="utf-8")
    (folder / "no-article.html").write_text(
        "<html><head><title>Impressum</title></head><body><nav><a href='/'>Start</a></nav>"
        "<footer>© 2024</footer></body></html>", encoding="utf-8")
    (folder / "garbage.html").write_bytes(b"<<<>>><html<<body>>>\x00\x01\x02</p></div>" * 50)
    (folder / "big.txt").write_bytes(b"Wort " * (11 * 1024 * 1024 // 5))
    (folder / "a-folder.txt").mkdir()  # a folder with a file-like name is just walked into
    os.mkfifo(folder / "fifo.txt")
    os.symlink("nowhere.txt", folder / "dangling.txt")
    os.symlink("loop-b.txt", folder / "loop-a.txt")
    os.symlink("loop-a.txt", folder / "loop-b.txt")
    (folder / os.fsdecode(b"name-\xff-bytes.txt")).write_text(
        UMLAUT_TEXT.replace("Hamburger", "Kieler"), encoding="utf-8")
    (folder / "new\nline.txt").write_text(UMLAUT_TEXT.replace("Hamburger", "Lübecker"),
                                          encoding="utf-8")
    return folder


def test_a_batch_of_bad_files(batch: Path, tmp_path: Path) -> None:
    archive = Archive(tmp_path / "home")
    result = archive.run("import", str(batch))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    failed = failures(result)
    assert set(failed) == {"empty.txt", "image.html", "paper.txt", "bundle.txt",
                           "no-article.html", "garbage.html", "big.txt", "fifo.txt",
                           "dangling.txt", "loop-a.txt", "loop-b.txt"}, failed
    assert "over the limit of 10 MB" in failed["big.txt"] and "--max-size" in failed["big.txt"]
    assert failed["dangling.txt"] == "dangling symbolic link"
    assert failed["loop-a.txt"] == "cannot read: symbolic link loop"
    assert failed["fifo.txt"] == "not a regular file"
    assert result.stdout.strip() == "8 added, 0 updated, 0 unchanged, 11 failed"
    for city in ("Kölner", "Bremer", "Berliner", "Mainzer", "Kieler", "Lübecker"):
        assert len(archive.search_json(f'"{city} Bürgerschaft"')["hits"]) == 1, city
    assert archive.search_json("Straßenbahn Bürgerschaft", "--limit", "50")["total"] == 7
    names = {Path(hit["source"]).name for hit in
             archive.search_json("Straßenbahn", "--limit", "50")["hits"]}
    assert "name-\\xff-bytes.txt" in names and "new\\x0aline.txt" in names


def test_the_size_limit_can_be_raised(tmp_path: Path) -> None:
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "long.txt").write_text("Langer Bericht über Haushaltsberatungen\n\n"
                                     + ("Der Haushalt wurde beraten. " * 450_000), encoding="utf-8")
    archive = Archive(tmp_path / "home")
    assert archive.run("import", str(folder)).exit_code == 1
    result = archive.run("import", str(folder), "--max-size", "20")
    assert result.exit_code == 0, result.output


def test_a_folder_of_ten_thousand_files(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(10_000):
        (folder / f"{number:05d}.txt").write_bytes(b"")
    (folder / "real.txt").write_text(GOOD, encoding="utf-8")
    archive = Archive(tmp_path / "home")
    result = archive.run("import", str(folder))
    assert result.exit_code == 1
    assert result.stdout.strip() == "1 added, 0 updated, 0 unchanged, 10000 failed"
    assert len(result.stderr.splitlines()) == 10_000


def run_limited(home: Path, *args: str, preexec) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    return subprocess.run([sys.executable, "-m", "archive", "--home", str(home), *args],
                          capture_output=True, text=True, timeout=120, preexec_fn=preexec)


def test_a_full_disk_during_import(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "home")
    archive.ok("import", str(SEED_FILES["000"]))
    with sqlite3.connect(archive.home / "archive.sqlite3") as connection:
        before = {row[0] for row in connection.execute("SELECT id FROM articles")}
    folder = tmp_path / "more"
    folder.mkdir()
    for number in range(60):
        (folder / f"{number}.txt").write_text(GOOD + f"\nNachtrag {number}.", encoding="utf-8")
    limit = (archive.home / "archive.sqlite3").stat().st_size + 200_000

    def small_disk() -> None:  # every file the child writes stops growing at `limit` bytes
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    completed = run_limited(archive.home, "import", str(folder), preexec=small_disk)
    assert completed.returncode == 74, completed.stderr
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in completed.stderr
    assert "nothing" in lines[0] or "safe" in lines[0] or "intact" in lines[0]
    with sqlite3.connect(archive.home / "archive.sqlite3") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        after = {row[0] for row in connection.execute("SELECT id FROM articles")}
    assert before <= after
    archive.ok("import", str(folder))  # with room again, the import completes
    assert archive.ok("check", "--no-sources").exit_code == 0


def set_read_only(home: Path, read_only: bool) -> None:
    """Make the home read-only; root ignores permissions, so as root use the immutable flag."""
    paths = [home, *home.rglob("*")]
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i" if read_only else "-i", *map(str, paths)], check=True)
    else:
        for path in paths:
            os.chmod(path, (0o555 if path.is_dir() else 0o444) if read_only
                     else (0o755 if path.is_dir() else 0o644))


def test_a_read_only_home(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "home")
    archive.ok("import", str(SEED_FILES["000"]))
    extra = tmp_path / "extra.txt"
    extra.write_text(GOOD, encoding="utf-8")
    set_read_only(archive.home, True)
    try:
        result = archive.run("import", str(extra))
        assert result.exit_code == 74, result.output
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
        assert "read-only" in result.stderr or "cannot" in result.stderr
    finally:
        set_read_only(archive.home, False)
    assert archive.search_json("Clubhouse")["total"] == 1
    assert archive.ok("check", "--no-sources").exit_code == 0


def test_an_unreadable_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    secret = folder / "secret.txt"
    secret.write_text(GOOD, encoding="utf-8")
    (folder / "open.txt").write_text(UMLAUT_TEXT, encoding="utf-8")
    secret.chmod(0)
    prefix: list[str] = []
    if os.geteuid() == 0:
        # Root reads anything; in a user namespace it cannot read a file of an unmapped owner.
        if not shutil.which("unshare"):
            pytest.skip("root without unshare cannot make a file unreadable")
        os.chown(secret, 12345, 12345)
        prefix = ["unshare", "-r"]
    completed = subprocess.run([*prefix, sys.executable, "-m", "archive", "--home",
                                str(tmp_path / "home"), "import", str(folder)],
                               capture_output=True, text=True, timeout=120)
    assert completed.returncode == 1, completed.stderr
    assert completed.stderr.strip() == f"failed: {secret}: cannot read: Permission denied"
    assert completed.stdout.strip() == "1 added, 0 updated, 0 unchanged, 1 failed"
