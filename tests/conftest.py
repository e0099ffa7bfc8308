"""Shared fixtures: real archives on disk, built through the real CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archive.cli import cli
from archive.model import Extracted

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
DATA = Path(__file__).resolve().parent / "data"

# The seeds by their number, as the issue names them.
SEED_FILES = {number: next(SEEDS.glob(f"{number}_*.txt")) for number in
              ("000", "001", "002", "003", "004")}


@dataclass
class Archive:
    """An archive home and a way to run the CLI against it."""

    home: Path

    def run(self, *args: str, input: str | None = None) -> Result:
        """Run `archive --home HOME ARGS...` in-process."""
        return CliRunner().invoke(cli, ["--home", str(self.home), *args], input=input)

    def ok(self, *args: str) -> Result:
        """Run and require exit status 0, showing the output if not."""
        result = self.run(*args)
        assert result.exit_code == 0, (result.output, result.exception)
        return result

    def search_json(self, *args: str) -> dict:
        """Run `search ... --format json` and parse the document."""
        return json.loads(self.ok("search", *args, "--format", "json").stdout)

    def hit_sources(self, *args: str) -> list[str]:
        """The seed numbers (or file stems) of the hits of a search, in rank order."""
        return [Path(hit["source"]).name[:3] for hit in self.search_json(*args)["hits"]]


@pytest.fixture(scope="session", autouse=True)
def _private_index_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    # The key that signs indexes is the user's (~/.config/archive/index-key); the tests use
    # one of their own, so they never create or read the real one.
    previous = os.environ.get("ARCHIVE_KEY_FILE")
    os.environ["ARCHIVE_KEY_FILE"] = str(tmp_path_factory.mktemp("key") / "index-key")
    yield
    if previous is None:
        os.environ.pop("ARCHIVE_KEY_FILE", None)
    else:
        os.environ["ARCHIVE_KEY_FILE"] = previous


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    # The packed lexicon is cached per user (~/.cache/archive); the tests write their own.
    previous = os.environ.get("ARCHIVE_CACHE_DIR")
    os.environ["ARCHIVE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        os.environ.pop("ARCHIVE_CACHE_DIR", None)
    else:
        os.environ["ARCHIVE_CACHE_DIR"] = previous


@pytest.fixture(autouse=True)
def _fresh_decoded_postings() -> None:
    # Copies of one template home share their segment ids, and the decoded posting lists are
    # cached per process by segment id (archive.index.postings): a test that damages its copy
    # must read its own files, not the lists an earlier test's copy left in the cache.
    from archive.index import posting_files, postings

    postings.clear_cache()
    posting_files.forget()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # No test may touch the repository's own index/ by accident.
    monkeypatch.setenv("ARCHIVE_HOME", str(tmp_path / "default-home"))
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive with the five seeds imported once per test session (do not write to it)."""
    home = tmp_path_factory.mktemp("seeded") / "home"
    result = Archive(home).run("import", str(SEEDS))
    assert result.exit_code == 0, result.output
    return home


@pytest.fixture
def seeded(seeded_template: Path, tmp_path: Path) -> Archive:
    """A private copy of the seeded archive, free to change."""
    home = tmp_path / "home"
    shutil.copytree(seeded_template, home)
    return Archive(home)


@pytest.fixture
def empty(tmp_path: Path) -> Archive:
    """An archive home that does not exist yet."""
    return Archive(tmp_path / "empty-home")


@pytest.fixture(scope="session")
def research_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seeds, the test articles and the Wikinews fixtures, imported in three runs."""
    home = tmp_path_factory.mktemp("research") / "home"
    for path in (SEEDS, DATA / "articles", DATA / "wikinews"):
        result = Archive(home).run("import", "-q", str(path))
        assert result.exit_code == 0, result.output
    return home


@pytest.fixture
def research(research_template: Path, tmp_path: Path) -> Archive:
    """A private copy of the research archive, free to change."""
    home = tmp_path / "home"
    shutil.copytree(research_template, home)
    return Archive(home)


def exported(archive: Archive, *args: str) -> list[dict]:
    """The stored records of the articles matching a query and options (`archive export`)."""
    output = archive.ok("export", *args, "--format", "jsonl").stdout
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def write_article(folder: Path, name: str, text: str, **sidecar: object) -> Path:
    """Write a plain-text article (and a sidecar when metadata is given)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    if sidecar:
        (folder / (path.stem + ".meta.json")).write_text(json.dumps(sidecar), encoding="utf-8")
    return path


def assert_body(extracted: Extracted, with_: list[str], without: list[str]) -> None:
    """The with/without check of golden extraction tests: sentences that must be in the body,
    strings that must not."""
    for sentence in with_:
        assert sentence in extracted.body, f"missing from body: {sentence!r}"
    for text in without:
        assert text not in extracted.body, f"must not be in body: {text!r}"


def heavy_modules_loaded(home: Path, *arguments: str) -> list[str]:
    """The extraction-side modules (bs4, lxml, the readers, the metadata cascade, the importer)
    that `archive --home HOME ARGUMENTS...` loads, run in a new process: a search must load
    none of them."""
    program = f"""
import json, sys
from click.testing import CliRunner
from archive.cli import cli
result = CliRunner().invoke(cli, ["--home", {str(home)!r}, *{list(arguments)!r}])
assert result.exit_code == 0, result.output
heavy = sorted(name for name in sys.modules if name.split(".")[0] in ("bs4", "lxml")
               or name.startswith(("archive.sources", "archive.metadata", "archive.importer")))
print(json.dumps(heavy))
"""
    completed = run_python(program)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def run_python(program: str) -> subprocess.CompletedProcess[str]:
    """Run `program` in a new interpreter from the repository (what a user's fresh process
    imports, unaffected by this test process's modules); it must succeed."""
    completed = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                               cwd=REPO, timeout=120)
    assert completed.returncode == 0, completed.stderr
    return completed
