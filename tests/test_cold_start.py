"""A new `archive search` process loads only what a search needs: not bs4, lxml or the
parsers (tests/test_boundaries.py), not urllib.request or asyncio, which Whoosh would import
for features the archive never uses (archive/index/light_imports.py), not the modules of the
other commands (COMMAND_MODULES in archive/cli/app.py), and not the lexicon's text."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import Archive, REPO, run_python

PROGRAM = """
import json, sys
from archive.cli import cli
try:
    cli(["--home", {home!r}, "search", "Musk", "--facets", "--format", "json"])
except SystemExit as exit:
    assert not exit.code, exit.code
print(json.dumps(sorted(sys.modules)))
"""


def _modules(home: str) -> set[str]:
    completed = subprocess.run([sys.executable, "-c", PROGRAM.format(home=home)],
                               capture_output=True, text=True, cwd=REPO, timeout=120)
    assert completed.returncode == 0, completed.stderr
    return set(json.loads(completed.stdout.strip().splitlines()[-1]))


def test_search_loads_no_network_asyncio_or_parsers(seeded: Archive) -> None:
    loaded = _modules(str(seeded.home))
    assert "whoosh.compat" in loaded and "archive.index.engine" in loaded
    unwanted = sorted(name for name in loaded if name.split(".")[0] in ("bs4", "lxml", "asyncio")
                      or name in ("urllib.request", "whoosh.lang.morph_en", "logging",
                                  "numpy._core._add_newdocs", "numpy._core._add_newdocs_scalars")
                      or name.startswith(("archive.sources", "archive.metadata",
                                          "archive.importer")))
    assert unwanted == []


def test_the_stand_ins_leave_the_real_modules_importable() -> None:
    program = ("import archive.index.searcher, sys\n"
               "assert 'urllib.request' not in sys.modules and 'asyncio' not in sys.modules\n"
               "import urllib.request, asyncio, whoosh.compat, cached_property\n"
               "assert urllib.request.urlopen and asyncio.run\n"
               "async def coroutine(): pass\n"
               "assert cached_property.asyncio.iscoroutinefunction(coroutine)\n"
               "assert not cached_property.asyncio.iscoroutinefunction(print)\n"
               # Whoosh's English variations: the stand-in loads the real table when called.
               "assert 'whoosh.lang.morph_en' not in sys.modules\n"
               "from whoosh.query.terms import variations\n"
               "from whoosh.query import Variations\n"
               "assert {'runs', 'running'} <= set(variations('run'))\n"
               "import whoosh.lang.morph_en as morph_en\n"
               "assert morph_en.__file__ and set(morph_en.variations('run')) == set(variations('run'))\n"
               # numpy without its docstrings, which an explicit import still attaches.
               "import numpy\n"
               "assert 'numpy._core._add_newdocs' not in sys.modules and numpy.ndarray.__doc__ is None\n"
               "assert numpy.unique(numpy.array([3, 1, 3])).tolist() == [1, 3]\n"
               "import numpy._core._add_newdocs, numpy._core._add_newdocs_scalars\n"
               "assert numpy.ndarray.__doc__.startswith('ndarray(')\n")
    run_python(program)


def test_search_imports_only_its_own_command_module(seeded: Archive) -> None:
    loaded = _modules(str(seeded.home))
    commands = sorted(name for name in loaded if name.startswith("archive.cli."))
    assert commands == ["archive.cli.app", "archive.cli.reading"]
    # Nor the index writer and its batching (with Whoosh's writing modules).
    writing = sorted(name for name in loaded if name in (
        "archive.index.writer", "archive.index.committing", "archive.index.codec",
        "whoosh.writing"))
    assert writing == []


def test_a_plain_search_imports_no_research_module(seeded: Archive) -> None:
    # The tag, note and saved-query modules serve queries that name them (and the tag facet).
    program = ("import json, sys\nfrom archive.cli import cli\n"
               f"try: cli(['--home', {str(seeded.home)!r}, 'search', 'Musk Tesla', '--limit', '3'])\n"
               "except SystemExit as exit: assert not exit.code, exit.code\n"
               "print(json.dumps(sorted(sys.modules)))\n")
    completed = run_python(program)
    loaded = json.loads(completed.stdout.strip().splitlines()[-1])
    assert "archive.search" in loaded
    assert [name for name in loaded if name.startswith("archive.research")] == []
    # The lexicon comes from the packed cache, never from the gzip'ed text.
    assert "archive.german.lexicon_cache" in loaded and "gzip" not in loaded


def test_the_command_table_names_every_command_where_it_is_defined() -> None:
    # An independent truth: import each command module alone in a new process and ask click
    # which commands its functions registered.
    program = ("import importlib, json, sys\n"
               "from archive.cli.app import cli\n"
               "module = importlib.import_module('archive.cli.' + sys.argv[1])\n"
               "print(json.dumps(sorted(name for name, command in cli.commands.items()\n"
               "                        if command.callback.__module__ == module.__name__)))\n")
    from archive.cli.app import COMMAND_MODULES

    for module, names in COMMAND_MODULES.items():
        completed = subprocess.run([sys.executable, "-c", program, module], capture_output=True,
                                   text=True, cwd=REPO, timeout=120)
        assert completed.returncode == 0, completed.stderr
        assert json.loads(completed.stdout) == sorted(names), module


def test_help_lists_every_command_and_each_runs() -> None:
    from click.testing import CliRunner

    from archive.cli import cli
    from archive.cli.app import COMMAND_MODULES

    listed = CliRunner().invoke(cli, ["--help"])
    assert listed.exit_code == 0
    names = sorted(name for names in COMMAND_MODULES.values() for name in names)
    shown = [line.split()[0] for line in listed.stdout.split("Commands:")[1].splitlines()
             if line.startswith("  ")]
    assert shown == names
    for name in names:
        assert CliRunner().invoke(cli, [name, "--help"]).exit_code == 0, name
    unknown = CliRunner().invoke(cli, ["nosuch"])
    assert unknown.exit_code == 2 and "No such command" in unknown.output


def test_search_does_not_load_numpys_masked_arrays(seeded: Archive) -> None:
    # numpy.unique imports numpy.ma on its first call (numpy >= 2.3): ~30 ms of a cold search.
    program = ("import json, sys\nfrom archive.cli import cli\n"
               "for query in ('Musk Tesla', '\"Elon Musk\"', 'Musk OR Taiwan', 'Satelliteninternet'):\n"
               f"    try: cli(['--home', {str(seeded.home)!r}, 'search', query, '--facets'])\n"
               "    except SystemExit as exit: assert not exit.code, exit.code\n"
               "print(json.dumps('numpy.ma' in sys.modules))\n")
    completed = run_python(program)
    assert completed.stdout.strip().splitlines()[-1] == "false"


def test_the_search_knows_which_queries_name_store_data() -> None:
    # archive.search decides without importing archive.research.resolve whether a query names
    # tags, notes or saved queries (archive.query.ast.names_store_data).
    from archive.query.ast import names_store_data
    from archive.query.parser import parse

    queries = ["Musk", "tag:lesen", "Musk -note:quelle", "(a OR query:meine) b", "\"tag:x\"",
               "outlet:ZDF year:2020..2021", "a -(b OR tag:pro*)", "note:x*", "id:abc tag:y"]
    assert [names_store_data(parse(query)) for query in queries] == \
        [False, True, True, True, False, False, True, True, True]


def test_the_index_package_alone_loads_neither_numpy_nor_whoosh_query() -> None:
    # The analysis workers of `import --jobs` import archive.index (the analyzers) and need
    # neither: the stand-ins for numpy's and Whoosh's imports are placed only when those are
    # first imported, not by importing them early.
    program = ("import sys, archive.index.analysis, archive.index.preanalysed\n"
               "assert 'numpy' not in sys.modules and 'whoosh.query' not in sys.modules\n"
               "import numpy, whoosh.query\n"
               "assert 'numpy._core._add_newdocs' not in sys.modules\n"
               "assert 'whoosh.lang.morph_en' not in sys.modules\n"
               "assert not any(type(finder).__name__ == '_StandInFinder'\n"
               "               for finder in sys.meta_path)\n")
    run_python(program)
