"""Fuzzing the multi-record readers and the record extraction: random bytes and mutated real
records as JSON Lines, JSON, CSV and WARC end in records, per-record problems or one InputError
naming the file — never another exception."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.errors import InputError
from archive.recordextract import extract_record_bytes
from archive.sources.records import RawRecord, RecordCounts, RecordLimits, iter_records
from conftest import DATA

TODAY = dt.date(2025, 1, 1)
LINES = (DATA / "formats" / "wikinews-de-6.jsonl").read_bytes()
SHEET = ("Titel;Datum;Inhalt\n" + "".join(
    f"{d['title']};{d['date']};\"{d['text']}\"\n"
    for d in map(json.loads, LINES.decode("utf-8").splitlines()))).encode("utf-8")
FUZZ = settings(max_examples=60, deadline=5000, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])


def run(name: str, data: bytes, fmt: str) -> None:
    """Read every record and extract it; only InputError may stop either."""
    path = Path(name)
    stream = io.BufferedReader(io.BytesIO(data))  # type: ignore[arg-type]
    try:
        for item in iter_records(path, stream, fmt, RecordLimits(max_record_bytes=65536),
                                 RecordCounts()):
            if isinstance(item, RawRecord):
                try:
                    found = extract_record_bytes(Path(f"{name}#{item.anchor}"), item.payload,
                                                 TODAY).extracted
                except InputError:
                    continue
                assert found.body and found.title
                assert found.published is None or found.published.date <= TODAY
    except InputError as error:
        assert error.reason


def mutate(data: bytes, cuts: list[tuple[int, bytes]]) -> bytes:
    for position, insert in cuts:
        point = position % (len(data) + 1)
        data = data[:point] + insert + data[point + len(insert) // 2:]
    return data


MUTATIONS = st.lists(st.tuples(st.integers(0, 10**6),
                               st.sampled_from([b"\n", b"{", b"}", b'"', b";", b"\xff\xfe",
                                                b"\x00", b"[", b"\\u0000", b"\\ud800", b"'",
                                                b"\r", b"9" * 400, b'"date": "31.02.2024"'])),
                     max_size=6)


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(["jsonl", "json", "csv", "tsv", "warc", "wacz", "gz"]))
def test_random_bytes(data: bytes, fmt: str) -> None:
    run(f"x.{fmt}", data, fmt)


@FUZZ
@given(MUTATIONS, st.booleans())
def test_mutated_json_lines(cuts: list[tuple[int, bytes]], compressed: bool) -> None:
    data = mutate(LINES, cuts)
    run("x.jsonl", gzip.compress(data) if compressed else data, "jsonl")


@FUZZ
@given(MUTATIONS)
def test_mutated_spreadsheets(cuts: list[tuple[int, bytes]]) -> None:
    run("x.csv", mutate(SHEET, cuts), "csv")
