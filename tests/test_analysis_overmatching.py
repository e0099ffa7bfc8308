"""Over-matching and word families, through the real CLI on a small real archive.

Each article below is written for one question: does a query word find it, and must it not?
The truth is the article text itself (which words it contains), written down here by hand, not
the analysis chain's idea of it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.cli import cli

# Neutral sentences that mention none of the searched words; they keep the bodies above the
# importer's minimum length and put distance between words that must not meet.
FILLER = ("Weitere Einzelheiten nannte die Sprecherin zunächst nicht. Eine ausführliche "
          "Stellungnahme wurde für die kommenden Tage angekündigt. Beobachter rechnen mit einer "
          "längeren Debatte über die Folgen, die sich noch nicht absehen lassen.")

ARTICLES = {
    "wahl": "Die Wahl in Hessen wurde auf den Herbst verschoben.",
    "waehler": "Die Wähler in Hessen sind mit der Landesregierung unzufrieden.",
    "wahlkampf": "Der US-Wahlkampf geht in die entscheidende Phase.",
    "waermepumpe": "Die Wärmepumpe im Keller läuft seit drei Jahren ohne Störung.",
    "warm_pumper": f"Im Studio war es ungewöhnlich warm. {FILLER} Die Profi-Pumpern "
                   "trainierten trotzdem bis in den Abend.",
    "pumpspeicher": f"Der Sommer war warm und trocken. {FILLER} Die Pumpspeicherwerke in den "
                    "Alpen liefen auf Hochtouren.",
    "pumpe_warm_apart": f"Die Pumpe des Brunnens ist defekt. {FILLER} Am Nachmittag wurde es "
                        "warm.",
    "waerme_pumpe_near": "Die Pumpe liefert die Wärme für das ganze Haus.",
    "telefonat": "Das Telefonat zwischen den beiden Präsidenten dauerte eine Stunde.",
    "telefonierte": "Der Kanzler telefonierte am Abend mit dem Präsidenten.",
    "gekuendigt": "Dem Betriebsrat wurde fristlos gekündigt.",
    "kuendigung": "Die Kündigung kam für die Belegschaft überraschend.",
    "eingeladen": "Die Ministerin hatte die Verbände zu einem Gipfel eingeladen.",
    "explodierte": "In der Fabrik explodierte am Morgen ein Kessel.",
    "explosion": "Die Explosion war kilometerweit zu hören.",
    "dementierte": "Der Sprecher dementierte den Bericht am Abend.",
    "abgeschaltet": "Das letzte Kraftwerk wurde am Samstag abgeschaltet.",
    "angekuendigt": "Die Kanzlerin kündigte am Abend neue Maßnahmen an.",
    "einladung": "Die Einladung zum Gipfel kam sehr kurzfristig.",
    "dementi": "Das Dementi des Ministeriums kam prompt.",
    "abschaltung": "Die Abschaltung der Kraftwerke ist beschlossen.",
    "uebernahme": "Die Übernahme des Konkurrenten ist genehmigt.",
    "uebernommen": "Der Konzern hat die kleinere Firma übernommen.",
    "entlassung": "Die Entlassung des Trainers kam überraschend.",
    "entlassen": "Der Trainer wurde nach der Niederlage entlassen.",
    "eroeffnung": "Die Eröffnung des Flughafens wurde gefeiert.",
    "eroeffnet": "Der neue Flughafen wurde im Herbst eröffnet.",
    "rate": "Die Rate für den Kredit steigt im Frühjahr.",
    "rat": "Der Rat der Stadt tagte am Montag.",
    "lager": "Das Lager wurde in der Nacht geräumt.",
    "lage": "Die Lage im Krisengebiet ist unübersichtlich.",
}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("overmatching")
    folder = root / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        body = text if FILLER in text else f"{text} {FILLER}"
        (folder / f"{name}.txt").write_text(f"Eine kurze Notiz\n\n{body}\n", encoding="utf-8")
        (folder / f"{name}.meta.json").write_text(json.dumps({"title": "Eine kurze Notiz"}),
                                                  encoding="utf-8")
    archive_home = root / "home"
    result = CliRunner().invoke(cli, ["--home", str(archive_home), "import", str(folder)])
    assert result.exit_code == 0, (result.output, result.exception)
    assert f"{len(ARTICLES)} added" in result.output, result.output
    return archive_home


def _search(home: Path, query: str) -> list[str]:
    result = CliRunner().invoke(cli, ["--home", str(home), "search", query, "--format", "json",
                                      "--limit", "100"])
    assert result.exit_code == 0, (result.output, result.exception)
    return [Path(hit["source"]).stem for hit in json.loads(result.stdout)["hits"]]


@pytest.mark.parametrize("query, found, not_found", [
    # An -er agent noun is not its base word, in either direction.
    ("Wähler", {"waehler"}, {"wahl", "wahlkampf"}),
    ("Wähler:innen", {"waehler"}, {"wahl", "wahlkampf"}),
    ("Wahl", {"wahl", "wahlkampf"}, {"waehler"}),
    # A compound's parts meet only near each other, not scattered over the article.
    ("Wärmepumpe", {"waermepumpe", "waerme_pumpe_near"},
     {"warm_pumper", "pumpspeicher", "pumpe_warm_apart"}),
])
def test_query_finds_its_articles_and_no_unrelated_ones(home: Path, query: str, found: set[str],
                                                         not_found: set[str]) -> None:
    hits = set(_search(home, query))
    assert found <= hits, (query, found - hits)
    assert not hits & not_found, (query, hits & not_found)


@pytest.mark.parametrize("query, family", [
    ("Telefonat", "telefonierte"),
    ("telefonieren", "telefonat"),
    ("Kündigung", "gekuendigt"),
    ("gekündigt", "kuendigung"),
    ("Einladung", "eingeladen"),
    ("Explosion", "explodierte"),
    ("explodieren", "explosion"),
    ("Dementi", "dementierte"),
    ("Abschaltung", "abgeschaltet"),
    ("eingeladen", "einladung"),
    ("dementieren", "dementi"),
    ("abschalten", "abschaltung"),
    ("Übernahme", "uebernommen"), ("übernehmen", "uebernahme"),
    ("Entlassung", "entlassen"), ("entlassen", "entlassung"),
    ("Eröffnung", "eroeffnet"), ("eröffnen", "eroeffnung"),
    # Plurals and genitives of the derived noun have the same family.
    ("Kündigungen", "gekuendigt"), ("Telefonate", "telefonierte"), ("Telefonats", "telefonierte"),
])
def test_word_family_is_found(home: Path, query: str, family: str) -> None:
    assert family in _search(home, query)


@pytest.mark.parametrize("query, own, family", [
    ("Telefonat", "telefonat", "telefonierte"),
    ("Explosion", "explosion", "explodierte"),
    ("Kündigung", "kuendigung", "gekuendigt"),
])
def test_family_member_ranks_below_the_word_itself(home: Path, query: str, own: str,
                                                    family: str) -> None:
    hits = _search(home, query)
    assert own in hits and family in hits, hits
    assert hits.index(own) < hits.index(family), hits


@pytest.mark.parametrize("query, not_found", [
    ("Rat", {"rate"}), ("Rate", {"rat"}), ("Lage", {"lager"}), ("Lager", {"lage"}),
    ("Telefonat", {"rat", "rate"}),
    # "kündigte ... an" is ankündigen with its prefix split off, not kündigen.
    ("Kündigung", {"angekuendigt"}), ("gekündigt", {"angekuendigt"}),
])
def test_family_traps_hold(home: Path, query: str, not_found: set[str]) -> None:
    assert not set(_search(home, query)) & not_found


def test_explain_shows_the_family() -> None:
    result = CliRunner().invoke(cli, ["explain", "Telefonat", "--format", "json"])
    assert result.exit_code == 0, (result.output, result.exception)
    word = json.loads(result.stdout)["words"][0]
    assert "telefonieren" in word["family"], word
    assert "telefoniert" in word["family_terms"], word
