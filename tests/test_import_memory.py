"""The memory an import with worker processes holds (`archive import --jobs N`): the writer
process loads no analysis data while workers analyse, `--jobs N` starts N − 1 analysis workers,
and workers' analysis caches share one process's limits. Sizes themselves are measured by the
benchmarks (`bench/import_formats.py`, `bench/peak.py`), not asserted here. Real CLI, real
worker processes.
"""

from __future__ import annotations

import doctest
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from archive import heap
from archive.german import decompound, plans, stem_overrides, word_analysis
from archive.index import preanalysed
from archive.index.preanalysed import ParallelAnalysis, analysis_workers
from conftest import DATA, REPO

LIMITS = {"plans": plans, "decompound": decompound, "stems": stem_overrides,
          "words": word_analysis}


def test_one_job_is_the_writer_the_others_analyse() -> None:
    assert [analysis_workers(jobs) for jobs in (1, 2, 3, 8)] == [1, 1, 2, 7]
    assert ParallelAnalysis(2).workers == 1 and ParallelAnalysis(4).workers == 3


def test_the_docstring_examples_hold() -> None:
    for module in (heap, preanalysed):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__


def test_the_writer_process_loads_no_analysis_data_while_workers_analyse(tmp_path: Path) -> None:
    """A `--jobs 2` import indexes every article with the workers' terms: the importer's own
    process never loads the lexicon nor fills a plan cache (a `--jobs 1` import does both)."""
    program = f"""
import json, sys
from click.testing import CliRunner
from archive.cli import cli
from archive.german import lexicon, plans
jobs = sys.argv[1]
result = CliRunner().invoke(cli, ["--home", {str(tmp_path)!r} + "/home-" + jobs, "import",
                                  "-q", "--jobs", jobs, {str(DATA / "formats")!r}])
assert result.exit_code == 0, result.output
print(json.dumps([lexicon.is_loaded(), len(plans.TEXT_CACHE), result.output.strip()]))
"""
    found = {}
    for jobs in ("1", "2"):
        completed = subprocess.run([sys.executable, "-c", program, jobs], capture_output=True,
                                   text=True, cwd=REPO, timeout=300,
                                   env={**os.environ, "ARCHIVE_PARALLEL_MIN": "1"})
        assert completed.returncode == 0, completed.stderr
        found[jobs] = json.loads(completed.stdout.strip().splitlines()[-1])
    assert found["1"][:2] == [True, found["1"][1]] and found["1"][1] > 0
    assert found["2"][:2] == [False, 0]
    assert found["1"][2] == found["2"][2]  # the same summary line


@pytest.mark.parametrize("jobs", [2, 3])
def test_each_worker_gets_its_share_of_the_cache_limits(jobs: int) -> None:
    workers = analysis_workers(jobs)
    with ParallelAnalysis(jobs) as analysis:
        assert analysis._pool is not None
        for name, module in LIMITS.items():
            # Read in a worker: eval is a builtin, so the task pickles as a name.
            expression = f"__import__({module.__name__!r}, fromlist=['_'])._CACHE_LIMIT"
            found = analysis._pool.submit(eval, expression).result()
            assert found == module._CACHE_LIMIT // workers, name


def test_the_run_keeps_its_seen_sources_in_the_store_not_in_memory(tmp_path: Path) -> None:
    """An import run's seen source keys live in a temporary table of the store's connection
    (a million-record file's keys would be over 100 MB as a Python set): the same answers as a
    set, nothing left from an earlier run on the same connection, nothing in the store file."""
    import sqlite3

    from archive.placing import SeenSources
    from archive.store import Store

    keys = ["a.jsonl.gz#line=1", "a.jsonl.gz#line=2", "/b/c.txt", "ü.txt#record=3"]
    with Store.open(tmp_path / "archive.sqlite3", create=True) as store:
        seen, in_memory = SeenSources(store), SeenSources()
        for key in keys[:3] + keys[:1]:
            seen.add(key)
            in_memory.add(key)
        for key in keys + ["a.jsonl.gz#line=3", ""]:
            assert (key in seen) == (key in in_memory) == (key in keys[:3])
        assert seen._keys == set()  # nothing held in the process
        assert "/b/c.txt" not in SeenSources(store)  # a new run starts empty
    with sqlite3.connect(tmp_path / "archive.sqlite3") as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "import_run_seen" not in tables
