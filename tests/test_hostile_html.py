"""Hostile HTML pages: nested a hundred thousand levels deep, a million tiny elements, hundreds of
megabytes. Each ends in an imported article or in one line naming the file and the limit, and
afterwards `reindex`, `search` and `check` still answer.

The CLI runs in a subprocess with a limited address space and a timeout: the timeout is a hang
guard for CI, not what the tests assert.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

from conftest import SEED_FILES

HANG_GUARD_SECONDS = 60
# The address space, not the resident memory: an interpreter with its libraries maps far more
# than it touches, so 2 GB of address space is about 1 GB of memory.
MEMORY_LIMIT_BYTES = 2 << 30

GOOD = SEED_FILES["004"].read_text(encoding="utf-8")
HEAD = "<html lang='de'><head><title>Bundestag beschließt Gesetz zur Energieversorgung</title></head><body>"
ARTICLE = ("<h1>Bundestag beschließt Gesetz zur Energieversorgung</h1><p>Berlin. Der Bundestag hat am "
           "Donnerstag ein Gesetz beschlossen, das die Energieversorgung sichern soll, wie die Regierung "
           "mitteilte. Die Opposition kritisierte den Entwurf scharf, doch die Mehrheit stimmte zu.</p>"
           "<p>Das Gesetz tritt im kommenden Jahr in Kraft, sagte die Ministerin, und gilt zunächst fünf "
           "Jahre; danach soll der Bundestag erneut beraten.</p>")
TAIL = "</body></html>"


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


def run_cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "archive", "--home", str(home), *args],
                          capture_output=True, text=True, timeout=HANG_GUARD_SECONDS,
                          preexec_fn=_limit_memory)


def still_works(home: Path) -> None:
    """After a hostile page: reindex, search and check answer."""
    for args in (("reindex",), ("search", "Taiwan", "--format", "json"), ("check", "--no-sources")):
        completed = run_cli(home, *args)
        assert completed.returncode == 0, (args, completed.stderr)


def import_beside_a_good_article(tmp_path: Path, name: str, page: str, *options: str) -> subprocess.CompletedProcess:
    """Import the page `name` in a folder with one good article; the good one always imports."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / name).write_text(page, encoding="utf-8")
    home = tmp_path / "home"
    completed = run_cli(home, "import", str(folder), *options)
    assert "Traceback" not in completed.stderr, completed.stderr[-2000:]
    still_works(home)
    return completed


def assert_refused(completed: subprocess.CompletedProcess, name: str, *reason_parts: str) -> None:
    assert completed.returncode == 1, completed.stderr[-2000:]
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("failed: "), completed.stderr[-2000:]
    path, _, reason = lines[0].removeprefix("failed: ").partition(": ")
    assert Path(path).name == name
    for part in reason_parts:
        assert part in reason, reason
    assert completed.stdout.strip() == "1 added, 0 updated, 0 unchanged, 1 failed"


def assert_imported(completed: subprocess.CompletedProcess, home: Path) -> None:
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert completed.stdout.strip() == "2 added, 0 updated, 0 unchanged, 0 failed"
    found = run_cli(home, "search", "Energieversorgung", "--format", "json")
    assert found.returncode == 0 and '"total": 1' in found.stdout, found.stdout[:500]


def test_a_page_nested_a_hundred_thousand_levels_deep_is_one_line(tmp_path: Path) -> None:
    # the page: its 100,000 elements are over the element limit before its depth is seen
    page = HEAD + "<div>" * 100_000 + ARTICLE + "</div>" * 100_000 + TAIL
    completed = import_beside_a_good_article(tmp_path, "deep.html", page)
    assert_refused(completed, "deep.html", "100,00", "the limit is")


def test_a_page_nested_forty_thousand_levels_deep_is_one_line_naming_the_depth(tmp_path: Path) -> None:
    page = HEAD + "<div>" * 40_000 + ARTICLE + "</div>" * 40_000 + TAIL
    completed = import_beside_a_good_article(tmp_path, "deep.html", page)
    assert_refused(completed, "deep.html", "nested 40,00", "levels deep", "the limit is 256")


def test_a_page_nested_within_the_limit_imports(tmp_path: Path) -> None:
    page = HEAD + "<div>" * 250 + ARTICLE + "</div>" * 250 + TAIL
    completed = import_beside_a_good_article(tmp_path, "deep.html", page)
    assert_imported(completed, tmp_path / "home")


def test_a_page_of_a_million_tiny_elements_is_one_line(tmp_path: Path) -> None:
    page = HEAD + ARTICLE + "<span>x</span>" * 1_000_000 + TAIL
    completed = import_beside_a_good_article(tmp_path, "many.html", page, "--max-size", "20")
    assert_refused(completed, "many.html", "1,000,00", "elements", "the limit is 50,000")


def test_a_page_of_many_elements_within_the_limit_imports(tmp_path: Path) -> None:
    page = HEAD + ARTICLE + "<span>x</span>" * 45_000 + TAIL
    completed = import_beside_a_good_article(tmp_path, "many.html", page)
    assert_imported(completed, tmp_path / "home")


def test_a_page_over_the_html_size_cap_is_one_line_naming_max_size(tmp_path: Path) -> None:
    # one long paragraph: few elements, so only the size limit applies
    page = HEAD + ARTICLE + "<p>" + "Ein Satz über die Energiepolitik der Regierung. " * 750_000 + "</p>" + TAIL
    completed = import_beside_a_good_article(tmp_path, "huge.html", page, "--max-size", "250")
    assert_refused(completed, "huge.html", "MB", "--max-size")
