"""Document names from the command line: rename, import --name, long file names, and coding
part of a turn with the offsets show --json gives (the README's recipe)."""

from __future__ import annotations

import json
from pathlib import Path

from qualcode.domain.errors import ExitCode
from tests.cli.conftest import Run
from tests.helpers import CODEBOOK, SAMPLE_FILES


def test_rename_a_document_and_cite_it_by_the_new_name(sample: Run) -> None:
    assert sample("code", "B01", "K2.1", "--turn", "9").exit_code == 0
    result = sample("rename", "B01", "Interview Müller", "--reason", "für die Arbeit")
    assert result.exit_code == 0, result.output
    assert result.output == "Renamed document B01 to Interview Müller.\n"
    [coding] = json.loads(sample("codings", "--json").output)
    assert coding["document"] == "Interview Müller"
    assert "Interview Müller: 55 turns" in sample("show", "Interview Müller").output
    log = sample("log").output
    assert "coded B01 Pos. 9 as K2.1" in log  # what was recorded then
    assert "renamed the document B01 to Interview Müller" in log
    assert "Why: für die Arbeit" in log
    taken = sample("rename", "Interview Müller", "B02")
    assert taken.exit_code == ExitCode.CONFLICT
    assert taken.output == "qualcode: a document named 'B02' exists already\n"


def test_import_with_a_name_for_one_file(run: Run, tmp_path: Path) -> None:
    assert run("init").exit_code == 0
    result = run("import", str(SAMPLE_FILES[0]), "--name", "Interview 1")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Imported Interview 1: 55 turns")
    [doc] = json.loads(run("documents", "--json").output)
    assert (doc["name"], doc["source"]) == ("Interview 1", "B01.txt")
    several = run("import", *map(str, SAMPLE_FILES[1:3]), "--name", "X")
    assert several.exit_code == ExitCode.USAGE
    assert "--name NAME names one new document: give exactly one FILE" in several.output
    assert len(several.output.strip().splitlines()) == 1


def test_a_long_file_name_is_shortened_and_shown_whole(run: Run, tmp_path: Path) -> None:
    assert run("init").exit_code == 0
    stem = "Interview_2024-03-12_Geschäftsführer_Müller_GmbH_final_v3_transkribiert"
    for version in ("v3", "v4"):
        path = tmp_path / f"{stem.replace('v3', version)}.txt"
        path.write_text(f"I: Frage {version}?\nB: Antwort.\n", encoding="utf-8")
    result = run("import", *sorted(map(str, tmp_path.glob("Interview*.txt"))))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Imported Interview Geschäftsführer Müller GmbH: 2 turns, 3 words.",
        "Imported Interview Geschäftsführer Müller GmbH (2): 2 turns, 3 words.",
    ]
    listed = json.loads(run("documents", "--json").output)
    assert [d["source"] for d in listed] == [f"{stem}.txt", f"{stem.replace('v3', 'v4')}.txt"]


def test_code_part_of_a_turn_with_the_offsets_show_gives(sample: Run) -> None:
    """The README's way: a turn's char_start plus where the passage begins in its text."""
    shown = json.loads(sample("show", "B01", "--json").output)
    turn = next(t for t in shown["turns"] if t["position"] == 9)
    assert turn["char_end"] - turn["char_start"] == len(turn["text"])
    assert isinstance(turn["start"], float | None)  # start and end stay seconds
    phrase = "und zwar bewusst"
    start = turn["char_start"] + turn["text"].index(phrase)
    result = sample("code", "B01", "K2.2", "--chars", f"{start}:{start + len(phrase)}")
    assert result.exit_code == 0, result.output
    assert "Pos. 9" in result.output
    [coding] = json.loads(sample("codings", "--json").output)
    assert coding["text"] == phrase
    assert (coding["start"], coding["end"]) == (start, start + len(phrase))


def test_messages_count_one_in_the_singular(run: Run, tmp_path: Path) -> None:
    assert run("init", "--codebook", str(CODEBOOK)).exit_code == 0
    short = tmp_path / "Kurz.txt"
    short.write_text("I: Hallo.\n", encoding="utf-8")
    imported = run("import", str(short))
    assert imported.output == "Imported Kurz: 1 turn, 1 word.\n"
    assert "Kurz: 1 turn, 1 word" in run("show", "Kurz").output
    assert run("code", "Kurz", "K1", "--turn", "1").exit_code == 0
    assert run("codings").output.endswith("1 coding.\n")
    refused = run("remove", "Kurz")
    assert "document 'Kurz' has 1 coding; remove it" in refused.output
    assert run("log").output.endswith(" changes.\n")
    assert run("log", "--coding", "1").output.endswith("1 change.\n")
