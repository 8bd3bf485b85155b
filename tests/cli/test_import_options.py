"""import --replace, --speaker-map, speakers, codings --review from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from qualcode.domain.errors import ExitCode
from tests.cli.conftest import Run
from tests.helpers import SAMPLE_FILES


def test_replace_reports_moves_and_lists_codings_to_check(sample: Run, tmp_path: Path) -> None:
    assert sample("code", "B01", "K2.1", "--turn", "9").exit_code == 0
    assert sample("code", "B01", "K1", "--turn", "3").exit_code == 0
    lines = SAMPLE_FILES[0].read_text(encoding="utf-8").split("\n")
    lines[4] = "B: Diese Antwort wurde bei der Korrektur vollständig neu geschrieben."
    corrected = tmp_path / "B01-neu.txt"
    corrected.write_text("\n".join(lines), encoding="utf-8")
    result = sample("import", "--replace", "B01", str(corrected))
    assert result.exit_code == 0, result.output
    # turn 3 got shorter, so the coding of turn 9 moves with its text; turn 3 itself is flagged
    assert "Codings: 0 in place, 1 moved with their text" in result.output
    assert "1 to check." in result.output
    flagged = json.loads(sample("codings", "--review", "--json").output)
    assert [c["category"] for c in flagged] == ["K1"] and flagged[0]["review"]
    assert "Check:" in sample("codings", "--review").output
    usage = sample("import", "--replace", "B01", str(corrected), str(corrected))
    assert usage.exit_code == ExitCode.USAGE


def test_speaker_map_and_speakers(sample: Run, tmp_path: Path) -> None:
    listing = json.loads(sample("speakers", "--json").output)
    assert {(s["name"], s["role"]) for s in listing} == {
        ("I", "interviewer"),
        ("B", "respondent"),
        ("B1", "respondent"),
        ("B2", "respondent"),
    }
    path = tmp_path / "map.yaml"
    path.write_text("B:\n  role: respondent\n  aliases: [B1, B2]\n", encoding="utf-8")
    result = sample("speakers", "load", str(path))
    assert result.exit_code == 0 and "Renamed B1 -> B in" in result.output
    assert "B1" not in sample("speakers").output.split()
    bad = tmp_path / "bad.yaml"
    bad.write_text("- nur\n- eine Liste\n", encoding="utf-8")
    failed = sample("import", "--speaker-map", str(bad), str(tmp_path / "egal.txt"))
    assert failed.exit_code in (ExitCode.INVALID_INPUT, ExitCode.NOT_FOUND)


def test_remove_a_document(sample: Run, tmp_path: Path) -> None:
    assert sample("code", "B02", "K2.1", "--turn", "5").exit_code == 0
    refused = sample("remove", "B02")
    assert refused.exit_code == ExitCode.CONFLICT and "--force" in refused.stderr
    assert sample("remove", "B03").exit_code == 0
    forced = sample("remove", "B02", "--force", "--reason", "falsche Datei")
    assert forced.exit_code == 0 and "and its 1 coding." in forced.output
    names = [d["name"] for d in json.loads(sample("documents", "--json").output)]
    assert "B02" not in names and "B03" not in names
    assert json.loads(sample("codings", "--json").output) == []


def test_a_csv_given_as_a_transcript_points_to_attributes(sample: Run, tmp_path: Path) -> None:
    table = tmp_path / "faelle.csv"
    table.write_text("document,Alter\nB01,41\n", encoding="utf-8")
    result = sample("import", str(table))
    assert result.exit_code != 0
    assert "looks like a case-attribute table, not a transcript" in result.output
    assert "--attributes" in result.output
    names = [d["name"] for d in json.loads(sample("documents", "--json").output)]
    assert "faelle" not in names
