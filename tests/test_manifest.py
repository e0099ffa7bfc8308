"""Export manifests and `archive verify`: the manifest is read as plain JSON, its hashes are
recomputed here from the exported records by the definition docs/guide.md states, and verify
runs against a real archive that is then edited, deleted from and re-extracted."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import pytest

import archive
from conftest import SEEDS, Archive

HASHED = ("id", "title", "teaser", "body", "published", "modified", "outlet", "authors",
          "agencies", "url", "language")


def documented_hash(record: dict[str, object]) -> str:
    """The content hash as docs/guide.md defines it, from an exported JSON Lines record."""
    values = {name: record[name] for name in HASHED}
    text = json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.fixture
def seeded_copy(tmp_path: Path) -> Archive:
    """The seeds imported from a copy (reextract needs no originals, but edits are local)."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    home = Archive(tmp_path / "home")
    home.ok("import", str(tmp_path / "seeds"))
    return home


def test_export_writes_a_manifest_beside_its_output(seeded_copy: Archive, tmp_path: Path) -> None:
    output = tmp_path / "musk.jsonl"
    result = seeded_copy.ok("export", "Musk", "--year", "2021..2024", "-o", str(output))
    manifest_file = tmp_path / "musk.jsonl.manifest.json"
    assert "manifest.json" in result.stderr
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert records
    assert manifest["format"] == "archive-export-manifest"
    assert manifest["query"] == "Musk" and manifest["filters"]["years"] == "2021..2024"
    assert manifest["archive_version"] == archive.__version__
    assert manifest["analysis_version"] and manifest["index_schema"]
    assert manifest["export"] == {"format": "jsonl", "raw": False, "file": "musk.jsonl",
                                  "sha256": hashlib.sha256(output.read_bytes()).hexdigest()}
    assert manifest["count"] == len(records)
    assert manifest["articles"] == [{"id": record["id"], "content_hash": documented_hash(record)}
                                    for record in records]
    assert seeded_copy.ok("verify", str(manifest_file)).stdout.strip().endswith(
        f"{len(records)} unchanged, 0 changed, 0 missing")


def test_a_csv_export_and_its_manifest(seeded_copy: Archive, tmp_path: Path) -> None:
    output = tmp_path / "alle.csv"
    seeded_copy.ok("export", "--format", "csv", "-o", str(output))
    with output.open(encoding="utf-8", newline="") as handle:
        ids = [row["id"] for row in csv.DictReader(handle)]
    manifest = json.loads((tmp_path / "alle.csv.manifest.json").read_text(encoding="utf-8"))
    assert [entry["id"] for entry in manifest["articles"]] == ids and len(ids) == 5


def test_standard_output_gets_a_manifest_only_when_asked(seeded_copy: Archive,
                                                         tmp_path: Path) -> None:
    before = set(tmp_path.rglob("*.manifest.json"))
    plain = seeded_copy.ok("export", "Musk")
    assert set(tmp_path.rglob("*.manifest.json")) == before
    named = tmp_path / "studie.json"
    result = seeded_copy.ok("export", "Musk", "--manifest", str(named))
    assert result.stdout == plain.stdout  # the manifest never mixes into the data
    manifest = json.loads(named.read_text(encoding="utf-8"))
    assert manifest["export"]["file"] is None and manifest["export"]["sha256"] is None
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [entry["content_hash"] for entry in manifest["articles"]] == \
        [documented_hash(record) for record in records]


def test_verify_reports_missing_changed_and_unchanged(seeded_copy: Archive,
                                                      tmp_path: Path) -> None:
    output = tmp_path / "alle.jsonl"
    seeded_copy.ok("export", "-o", str(output))
    manifest_file = tmp_path / "alle.jsonl.manifest.json"
    ids = [entry["id"] for entry in json.loads(manifest_file.read_text())["articles"]]
    # An unchanged re-extraction (provenance only) keeps every hash.
    seeded_copy.ok("reextract")
    assert seeded_copy.run("verify", str(manifest_file)).exit_code == 0
    seeded_copy.ok("edit", ids[0], "--outlet", "Eine andere Zeitung")
    seeded_copy.ok("delete", ids[1], "--yes")
    result = seeded_copy.run("verify", str(manifest_file), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["articles"] == {ids[0]: "changed", ids[1]: "missing",
                                  **{article_id: "unchanged" for article_id in ids[2:]}}
    assert report["counts"] == {"unchanged": 3, "changed": 1, "missing": 1}
    assert report["matched"] is False and report["export_status"] == "unchanged"
    text = seeded_copy.run("verify", str(manifest_file))
    assert f"changed  {ids[0]}" in text.stdout and f"missing  {ids[1]}" in text.stdout
    # Going back to the extracted outlet restores the exact content.
    seeded_copy.ok("edit", ids[0], "--reset", "outlet")
    report = json.loads(seeded_copy.run("verify", str(manifest_file), "--format", "json").stdout)
    assert report["articles"][ids[0]] == "unchanged"
    output.write_text("verändert\n", encoding="utf-8")
    report = json.loads(seeded_copy.run("verify", str(manifest_file), "--format", "json").stdout)
    assert report["export_status"] == "changed"


@pytest.mark.parametrize("content", [b"", b"{]", b"[]", b'{"format": "x"}', b"\xff\xfe",
                                     b'{"format": "archive-export-manifest", "format_version": 1,'
                                     b' "content_hash": {"definition": "archive-content-1"},'
                                     b' "articles": [{"id": 5}]}'])
def test_a_file_that_is_not_a_manifest_is_one_line(seeded_copy: Archive, tmp_path: Path,
                                                   content: bytes) -> None:
    bad = tmp_path / "kaputt.manifest.json"
    bad.write_bytes(content)
    result = seeded_copy.run("verify", str(bad))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "kaputt.manifest.json" in result.stderr
    assert seeded_copy.run("verify", str(tmp_path / "fehlt.json")).exit_code == 2
