"""Article text with escape sequences and control characters is printed inert."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Archive, write_article

HOSTILE = ("Kreml prüft Anfrage\n\nDer Sprecher \x1b[31mantwortete\x1b[0m am Montag. "
           "Fenster\x1b]0;gekapert\x07 und Cursor\x1b[2J\x1b[H weg. Rück\u202eläufig.\n\n"
           "Von Max Beispiel\n\nDie Anfrage werde geprüft, hieß es aus Moskau. Eine Antwort "
           "solle bald folgen. Der Sprecher verwies auf laufende Gespräche mit mehreren "
           "Ministerien und bat um Geduld. Beobachter rechnen nicht vor dem Wochenende mit "
           "einer Entscheidung, zumal der Präsident bis Freitag auf Reisen ist.\n")


def test_text_output_contains_no_control_characters(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "home")
    write_article(tmp_path / "in", "hostile.txt", HOSTILE, outlet="Test\x1b[5mOutlet",
                  published="2021-02-15")
    archive.ok("import", str(tmp_path / "in"))
    hit = archive.search_json("antwortete")["hits"][0]
    for command in (("search", "antwortete"), ("search", "Sprecher", "--facets"),
                    ("show", hit["id"]), ("show", hit["id"], "--explain"), ("stats",)):
        output = archive.ok(*command).stdout
        assert "\x1b" not in output and "\x07" not in output and "\u202e" not in output, command
    assert "\\x1b[31mantwortete" in archive.ok("show", hit["id"]).stdout


def test_json_escapes_control_characters(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "home")
    write_article(tmp_path / "in", "hostile.txt", HOSTILE, published="2021-02-15")
    archive.ok("import", str(tmp_path / "in"))
    raw = archive.ok("search", "antwortete", "--format", "json").stdout
    assert "\x1b" not in raw
    hit = json.loads(raw)["hits"][0]
    # The hostile paragraph (here the teaser) in a machine format: escaped, never raw.
    shown = archive.ok("show", hit["id"], "--format", "json").stdout
    assert "\x1b" not in shown and "\\u001b" in shown
    assert "\x1b[31m" in json.loads(shown)["teaser"] + json.loads(shown)["body"]
