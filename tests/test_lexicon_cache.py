"""The packed lexicon cache answers every lookup as the lexicon parsed from the shipped text
(the independent truth: archive.german.lexicon.load_source, the loader before the cache)."""

from __future__ import annotations

import bisect
import json
import sys
from pathlib import Path

import pytest

from archive.german import lexicon as lexicon_module
from archive.german import lexicon_cache
from archive.german.lexicon import Lexicon, load_source


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Lexicon, Lexicon]:
    """(parsed from the text, opened from a freshly written cache file)."""
    folder = tmp_path_factory.mktemp("lexicon-cache")
    source = load_source()
    written = lexicon_cache.write_cache(load_source(), folder, "lexicon-de-v1-test.bin")
    return source, lexicon_cache.open_packed(written)


def test_every_entry_answers_the_same(both: tuple[Lexicon, Lexicon]) -> None:
    source, packed = both
    words = list(source._words)
    assert len(packed) == len(source) == len(words) > 200_000
    assert list(packed._words) == words
    for word in words:
        assert packed.zipf(word) == source.zipf(word), word
        assert packed.split_code(word) == source.split_code(word), word
    assert packed.first_names == source.first_names and packed.names == source.names
    assert packed.splits_fingerprint == source.splits_fingerprint


def test_unknown_words_and_neighbours_answer_the_same(both: tuple[Lexicon, Lexicon]) -> None:
    source, packed = both
    words = list(source._words)
    probes = ["", "a", "zzzzzz", "ä", "straße", "\U0001f600", "satellitensystemx"]
    probes += [word[:-1] for word in words[::97]] + [word + "x" for word in words[::89]]
    for word in probes:
        assert packed.zipf(word) == source.zipf(word), word
        assert packed.split_code(word) == source.split_code(word), word
        assert packed.is_name(word) == source.is_name(word)
        assert packed.is_first_name(word) == source.is_first_name(word)
        assert bisect.bisect_left(packed._words, word) == bisect.bisect_left(words, word)


def test_bulk_mode_and_prefixes_answer_the_same(both: tuple[Lexicon, Lexicon],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    source, packed = both
    assert packed.prefixes4() == source.prefixes4()
    monkeypatch.setattr(lexicon_module, "_DICT_AFTER_LOOKUPS", 0)
    for word in list(source._words)[::53] + ["unbekanntwort", "haus"]:
        assert packed.zipf(word) == source.zipf(word)
        assert packed.split_code(word) == source.split_code(word)


def test_a_damaged_or_stale_cache_is_rebuilt(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(lexicon_cache.CACHE_ENV, str(tmp_path))
    source_file = lexicon_module._source_path()
    name = lexicon_cache.cache_name(source_file)
    (tmp_path / "lexicon-de-v0-old.bin").write_bytes(b"old")
    (tmp_path / name).write_bytes(b"ARCLEX01 damaged")
    loaded = lexicon_cache.load_or_build(source_file, load_source)
    assert loaded.zipf("haus") == load_source().zipf("haus") > 0
    assert sorted(path.name for path in tmp_path.iterdir()) == [name]
    assert lexicon_cache.open_packed(tmp_path / name).split_code("satellitensystems") == \
        load_source().split_code("satellitensystems")


def test_an_unwritable_cache_falls_back_to_the_text(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(lexicon_cache.CACHE_ENV, str(blocker / "cache"))
    loaded = lexicon_cache.load_or_build(lexicon_module._source_path(), load_source)
    assert loaded.zipf("haus") == load_source().zipf("haus")


def test_lookups_read_the_table_without_decoding_the_word_list(tmp_path: Path) -> None:
    # A new process's lookups go through the file's hash table; the sorted list of 227k words
    # (~15-25 ms to decode) is built only by what needs every word.
    written = lexicon_cache.write_cache(load_source(), tmp_path, "lexicon-de-v3-test.bin")
    packed = lexicon_cache.open_packed(written)
    source = load_source()
    for word in ["haus", "satellitensystems", "maskenpflicht", "xyzzy", "", "Haus", "straße"]:
        assert packed.zipf(word) == source.zipf(word)
        assert packed.split_code(word) == source.split_code(word)
    assert packed._columns is None
    assert len(packed) == len(source)
    # the decompounder's prefix filter comes from its own section (format 4), still without the
    # word list (building it from every word cost a process 60–150 ms)
    assert packed.prefixes4() == source.prefixes4() and packed._columns is None
    assert list(packed._words) == list(source._words) and packed._columns is not None


def test_a_damaged_table_is_refused_or_answers_bounded(tmp_path: Path) -> None:
    written = lexicon_cache.write_cache(load_source(), tmp_path, "lexicon-de-v3-test.bin")
    data = bytearray(written.read_bytes())
    truncated = tmp_path / "truncated.bin"
    truncated.write_bytes(bytes(data[:len(data) // 2]))
    empty = tmp_path / "empty.bin"
    empty.write_bytes(b"")
    for damaged in (truncated, empty):
        with pytest.raises(ValueError):
            lexicon_cache.open_packed(damaged)
    # Every slot pointing at the first record: no empty slot ends a probe, the longest run
    # recorded at build does, so a lookup still ends (a wrong answer, as from any damaged data;
    # the file is never changed in place: its name changes with the data file and the format).
    body = 12 + int.from_bytes(data[8:12], sys.byteorder)
    offset, size = json.loads(bytes(data[12:body]))["sections"]["slots"]
    data[body + offset:body + offset + size] = (1).to_bytes(4, sys.byteorder) * (size // 4)
    full = tmp_path / "full.bin"
    full.write_bytes(bytes(data))
    assert lexicon_cache.open_packed(full).zipf("nichtimlexikon") == 0.0
    # Every slot pointing past the end of the file: unknown words, not an IndexError.
    data[body + offset:body + offset + size] = (2 ** 32 - 1).to_bytes(4, sys.byteorder) * \
        (size // 4)
    beyond = tmp_path / "beyond.bin"
    beyond.write_bytes(bytes(data))
    packed = lexicon_cache.open_packed(beyond)
    assert packed.zipf("haus") == 0.0 and packed.split_code("haus") is None


def test_the_prefix_filter_changes_no_split(monkeypatch: pytest.MonkeyPatch) -> None:
    # The packed prefixes let the decompounder skip impossible part starts from a process's
    # first word (before, only after 500 words): a filter, never a different answer. The truth
    # is the search over every start, on the seeds' words of six letters or more.
    import re

    from archive.german import decompound
    from archive.german.lexicon import lexicon

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    words = sorted({word.lower() for path in seeds.glob("*.txt")
                    for word in re.findall(r"[^\W\d_]{6,}", path.read_text(encoding="utf-8"))})
    words += ["satellitensystems", "bundesverfassungsgerichts", "maskenpflichtverstöße", "staatsanleihen"]
    words = [word for word in words if word.isalpha()]
    assert len(words) > 300
    monkeypatch.setattr(decompound, "_BULK_AFTER", 0)  # the filter, however the lexicon was loaded
    assert decompound._possible_starts("maskenpflicht") is not None
    filtered = [decompound.compute_split(word, lexicon().zipf(word)) for word in words]
    monkeypatch.setattr(decompound, "_possible_starts", lambda key: None)
    assert [decompound.compute_split(word, lexicon().zipf(word)) for word in words] == filtered
