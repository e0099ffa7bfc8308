"""Hostile sidecars, manifests and folders: each costs one line naming it, never the batch, a
hang or the memory; and a full disk while indexing is exit status 74.

The CLI runs in a subprocess with a timeout wherever a regression could hang (a FIFO, an
endless file): the timeout only guards CI, it is not what the tests assert.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED_FILES, Archive

GOOD = SEED_FILES["004"].read_text(encoding="utf-8")
HANG_GUARD_SECONDS = 60
# "Within 1 GB": the CLI's address space is limited so that an endless read fails the test
# instead of the machine.
MEMORY_LIMIT_BYTES = 1 << 30


def article_text(number: int) -> str:
    """A distinct article per number (its own headline, so its own id)."""
    return f"Folge {number}: " + GOOD + f"\nNachtrag {number}: Die Redaktion ergänzte am Abend."


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


def run_cli(home: Path, *args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, sys.executable, "-m", "archive", "--home", str(home), *args],
                          capture_output=True, text=True, timeout=HANG_GUARD_SECONDS,
                          preexec_fn=_limit_memory)


def failed_lines(completed: subprocess.CompletedProcess) -> dict[str, str]:
    """file name -> reason, requiring every stderr line to be a `failed:` line."""
    found = {}
    for line in completed.stderr.strip().splitlines():
        assert line.startswith("failed: "), completed.stderr
        path, _, reason = line.removeprefix("failed: ").partition(": ")
        found[Path(path).name.split(":")[0]] = reason  # a manifest's line number dropped
    return found


def batch_with(tmp_path: Path, hostile: str, make) -> Path:  # type: ignore[no-untyped-def]
    """A folder of three articles, `a.txt`, `b.txt`, `c.txt`, where `make(folder)` makes the
    hostile file `hostile` (a sidecar of b.txt, or the folder's manifest)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for number, name in enumerate(("a.txt", "b.txt", "c.txt")):
        (folder / name).write_text(article_text(number), encoding="utf-8")
    make(folder / hostile)
    return folder


def still_works(home: Path, *reindex: str) -> None:
    """After a hostile input: reindex (with these options), search and check answer."""
    for args in (("reindex", *reindex), ("search", "Taiwan", "--format", "json"),
                 ("check", "--no-sources")):
        completed = run_cli(home, *args)
        assert completed.returncode == 0, (args, completed.stderr)


def assert_one_sidecar_failure(tmp_path: Path, make, reason_part: str) -> None:  # type: ignore[no-untyped-def]
    folder = batch_with(tmp_path, "b.meta.json", make)
    home = tmp_path / "home"
    completed = run_cli(home, "import", str(folder))
    assert completed.returncode == 1, completed.stderr
    assert "Traceback" not in completed.stderr
    failed = failed_lines(completed)
    assert list(failed) == ["b.meta.json"], completed.stderr
    assert reason_part in failed["b.meta.json"], failed
    assert completed.stdout.strip() == "2 added, 0 updated, 0 unchanged, 1 failed"
    still_works(home)


def test_a_fifo_sidecar_fails_its_article_alone(tmp_path: Path) -> None:
    assert_one_sidecar_failure(tmp_path, os.mkfifo, "not a regular file")


def test_a_sidecar_linked_to_an_endless_device(tmp_path: Path) -> None:
    assert_one_sidecar_failure(tmp_path, lambda path: os.symlink("/dev/zero", path),
                               "not a regular file")


def test_a_sidecar_over_the_size_limit(tmp_path: Path) -> None:
    from archive.handgiven import MAX_METADATA_BYTES

    def make(path: Path) -> None:
        path.write_text('{"title": "' + "x" * MAX_METADATA_BYTES + '"}', encoding="utf-8")

    assert_one_sidecar_failure(tmp_path, make, "over the limit")


def test_a_sidecar_with_a_lone_surrogate(tmp_path: Path) -> None:
    assert_one_sidecar_failure(
        tmp_path, lambda path: path.write_text('{"title": "\\ud800 x"}', encoding="ascii"),
        "surrogate")


def test_a_sidecar_nested_a_hundred_thousand_deep(tmp_path: Path) -> None:
    def make(path: Path) -> None:
        path.write_text('{"title": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="ascii")

    assert_one_sidecar_failure(tmp_path, make, "nested")


def test_a_sidecar_with_a_number_of_five_thousand_digits(tmp_path: Path) -> None:
    assert_one_sidecar_failure(
        tmp_path, lambda path: path.write_text('{"title": ' + "7" * 5000 + "}", encoding="ascii"),
        "not valid JSON")


def test_a_sidecar_with_raw_surrogate_bytes(tmp_path: Path) -> None:
    # UTF-8 of U+D800 (ED A0 80) is not UTF-8: refused as such.
    assert_one_sidecar_failure(
        tmp_path, lambda path: path.write_bytes(b'{"title": "\xed\xa0\x80 x"}'), "UTF-8")


def assert_one_manifest_failure(tmp_path: Path, make, reason_part: str) -> None:  # type: ignore[no-untyped-def]
    """A bad manifest is one line naming it; the folder's articles are imported without it."""
    folder = batch_with(tmp_path, "manifest.csv", make)
    home = tmp_path / "home"
    completed = run_cli(home, "import", str(folder))
    assert completed.returncode == 1, completed.stderr
    failed = failed_lines(completed)
    assert list(failed) == ["manifest.csv"], completed.stderr
    assert reason_part in failed["manifest.csv"], failed
    assert completed.stdout.strip() == "3 added, 0 updated, 0 unchanged, 1 failed"
    still_works(home)


def test_a_fifo_manifest_fails_alone(tmp_path: Path) -> None:
    assert_one_manifest_failure(tmp_path, os.mkfifo, "not a regular file")


def test_a_manifest_linked_to_an_endless_device(tmp_path: Path) -> None:
    assert_one_manifest_failure(tmp_path, lambda path: os.symlink("/dev/zero", path),
                                "not a regular file")


def test_a_manifest_with_a_bad_date_fails_alone(tmp_path: Path) -> None:
    def make(path: Path) -> None:
        path.write_text("path,published\nb.txt,2021-13-45\n", encoding="utf-8")

    assert_one_manifest_failure(tmp_path, make, "published")


def test_a_folder_of_files_sharing_a_fifo_manifest_reads_it_once(tmp_path: Path) -> None:
    """Many files in the folder of a FIFO manifest: still one line, at once."""
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(20):
        (folder / f"{number:02d}.txt").write_text(article_text(number), encoding="utf-8")
    os.mkfifo(folder / "manifest.csv")
    completed = run_cli(tmp_path / "home", "import", str(folder))
    assert completed.returncode == 1
    assert list(failed_lines(completed)) == ["manifest.csv"]
    assert completed.stdout.strip() == "20 added, 0 updated, 0 unchanged, 1 failed"


def test_a_good_sidecar_still_applies(tmp_path: Path) -> None:
    folder = batch_with(tmp_path, "b.meta.json", lambda path: path.write_text(
        json.dumps({"outlet": "Testblatt", "title": "Ein Titel mit Ümlaut"}), encoding="utf-8"))
    archive = Archive(tmp_path / "home")
    archive.ok("import", str(folder))
    titles = {hit["title"] for hit in archive.search_json("Taiwan", "--limit", "5")["hits"]}
    assert "Ein Titel mit Ümlaut" in titles


def unreadable_prefix(path: Path) -> tuple[str, ...]:
    """Make `path` unreadable to the CLI about to run, and the command prefix that runs it.

    As root, permissions are not enforced; in a user namespace (`unshare -r`) root is mapped to
    the real root and cannot read a folder of an unmapped owner whose mode is 000."""
    path.chmod(0)
    if os.geteuid() != 0:
        return ()
    if not shutil.which("unshare") or subprocess.run(["unshare", "-r", "true"]).returncode:
        pytest.skip("running as root without a working 'unshare -r': permissions not enforced")
    os.chown(path, 12345, 12345)
    return ("unshare", "-r")


def test_an_unreadable_subfolder_is_a_failure_not_silence(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "secret").mkdir(parents=True)
    (folder / "secret" / "hidden.txt").write_text(article_text(1), encoding="utf-8")
    (folder / "open.txt").write_text(article_text(2), encoding="utf-8")
    (folder / "z-after.txt").write_text(article_text(3), encoding="utf-8")
    prefix = unreadable_prefix(folder / "secret")
    try:
        completed = run_cli(tmp_path / "home", "import", str(folder), prefix=prefix)
    finally:
        (folder / "secret").chmod(0o755)
    assert completed.returncode == 1, completed.stderr
    assert completed.stderr.strip() == (f"failed: {folder / 'secret'}: cannot read the folder: "
                                        "Permission denied")
    assert completed.stdout.strip() == "2 added, 0 updated, 0 unchanged, 1 failed"


def test_the_folder_failure_reporting_with_a_real_error(tmp_path: Path) -> None:
    """The reporting of a folder that cannot be listed, from a real OSError (a folder that
    vanished between being found and being listed)."""
    from archive.importer import ImportReport, _discover

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(article_text(1), encoding="utf-8")
    report = ImportReport()
    found = []
    for path in _discover([folder], report):
        found.append(path.name)
    assert found == ["a.txt"] and report.failures == []
    (folder / "sub").mkdir()
    (folder / "sub" / "b.txt").write_text(article_text(2), encoding="utf-8")
    report = ImportReport()
    walker = _discover([folder], report)
    assert next(walker).name == "a.txt"
    # The walk found `sub` and lists it next; it vanishes first: os.scandir raises.
    shutil.rmtree(folder / "sub")
    assert list(walker) == []
    assert report.failures == [(str(folder / "sub"),
                                "cannot read the folder: No such file or directory")]


def test_a_full_disk_while_indexing_is_74(tmp_path: Path) -> None:
    """The store has room, the index does not (a tiny tmpfs mounted over the index folder in
    a private mount namespace): exit 74 with one line; the store keeps every article."""
    if not shutil.which("unshare") or subprocess.run(
            ["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {tmp_path}"]
    ).returncode:
        pytest.skip("no private mount namespace to make a small filesystem in")
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(40):
        (folder / f"{number:02d}.txt").write_text(article_text(number) * 3, encoding="utf-8")
    home = tmp_path / "home"
    (home / "whoosh").mkdir(parents=True)
    script = (f'mount -t tmpfs -o size=96k tmpfs "{home / "whoosh"}" && '
              f'exec "{sys.executable}" -m archive --home "{home}" import "{folder}"')
    completed = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True,
                               text=True, timeout=HANG_GUARD_SECONDS)
    assert completed.returncode == 74, completed.stderr
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in completed.stderr, completed.stderr
    assert "intact" in lines[0] or "stored" in lines[0]
    # Outside the namespace the index folder is the empty real one: the store has everything.
    reindexed = run_cli(home, "reindex")
    assert reindexed.returncode == 0, reindexed.stderr
    assert json.loads(run_cli(home, "search", "Nachtrag", "--format", "json",
                              "--limit", "0").stdout)["total"] == 40
    still_works(home)


@pytest.mark.parametrize("hostile", ["CURRENT", "state.json"])
def test_index_bookkeeping_files_that_are_not_regular_files(tmp_path: Path, hostile: str) -> None:
    """A home from someone else, whose index pointer or state is a FIFO or an endless device:
    a search answers with one line at once; `reindex` rebuilds the index from the store."""
    home = tmp_path / "home"
    assert run_cli(home, "import", str(SEED_FILES["004"])).returncode == 0
    root = home / "whoosh"
    target = root / "CURRENT" if hostile == "CURRENT" else \
        root / (root / "CURRENT").read_text(encoding="ascii").strip() / "state.json"
    target.unlink()
    if hostile == "CURRENT":
        os.mkfifo(target)
    else:
        os.symlink("/dev/zero", target)
    completed = run_cli(home, "search", "Taiwan")
    assert completed.returncode == 4, completed.stderr
    assert len(completed.stderr.strip().splitlines()) == 1 and "reindex" in completed.stderr  # the line names the command that rebuilds
    # A generation without a readable state is one an earlier version calls unfinished: the
    # line names `reindex --full`, which replaces it.
    still_works(home, *(() if hostile == "CURRENT" else ("--full",)))


@pytest.mark.parametrize("kind", ["fifo", "endless"])
def test_a_users_outlet_file_that_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    """`<home>/outlets.csv` as a FIFO or a link to /dev/zero: import stops at once with one
    line naming it (it is the home's configuration); reindex says so in one note and keeps the
    earlier alias table; both work again once it is a real file."""
    home = tmp_path / "home"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(article_text(1), encoding="utf-8")
    assert run_cli(home, "import", str(folder)).returncode == 0
    outlets = home / "outlets.csv"
    if kind == "fifo":
        os.mkfifo(outlets)
    else:
        outlets.symlink_to("/dev/zero")
    for command, status in ((("import", str(folder)), 1), (("reindex",), 0)):
        completed = run_cli(home, *command)
        lines = completed.stderr.strip().splitlines()
        assert completed.returncode == status and len(lines) == 1, completed.stderr
        assert "outlets.csv" in lines[0] and "not a regular file" in lines[0], lines
    outlets.unlink()
    outlets.write_text("name,country,domains,aliases\nTestblatt,DE,testblatt.de,TB\n",
                       encoding="utf-8")
    assert run_cli(home, "reindex").returncode == 0
    assert run_cli(home, "search", "Nachtrag").returncode == 0
