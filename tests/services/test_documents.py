"""Importing documents: one transaction, honest refusals, attributes (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.domain.errors import ConflictError, InvalidInputError, NotFoundError
from qualcode.services.project import Project
from tests.helpers import SAMPLE_FILES, TRANSCRIPTS, dump


def test_samples_import_with_turns_speakers_times_and_attributes(sample_project: Project) -> None:
    docs = {d.name: d for d in sample_project.documents.all()}
    assert sorted(docs) == ["B01", "B02", "B03", "B04", "B05", "B06", "B07"]
    assert docs["B03"].attributes["Branche"] == "Logistik"
    assert docs["B05"].format == "markdown"
    b07 = sample_project.documents.transcript("B07")
    assert {t.speaker for t in b07.turns} == {None, "I", "B1", "B2"}
    assert b07.turns[0].speaker is None and b07.turn_text(b07.turns[0]).startswith(
        "Fiktives Interview"
    )
    b02 = sample_project.documents.transcript("B02")
    timed = [t for t in b02.turns if t.end is not None]
    assert len(timed) == len(b02.turns) - 1  # every turn but the notice
    assert all(a.end <= b.start for a, b in zip(timed, timed[1:], strict=False))  # type: ignore[operator]
    assert "#00:" not in b02.text
    # document by id works like by name
    assert sample_project.documents.get(str(docs["B02"].id)).name == "B02"


def test_a_bad_file_stops_the_whole_import_and_changes_nothing(
    new_project: Project, project_location: str, tmp_path: Path
) -> None:
    bad = tmp_path / "kaputt.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    before = dump(project_location)
    with pytest.raises(InvalidInputError, match="kaputt.txt: this is a PNG image"):
        new_project.documents.import_files([SAMPLE_FILES[0], bad])
    assert dump(project_location) == before
    with pytest.raises(NotFoundError, match="fehlt.txt: there is no such file"):
        new_project.documents.import_files([SAMPLE_FILES[0], tmp_path / "fehlt.txt"])
    assert dump(project_location) == before


def test_skip_bad_imports_the_rest_and_lists_what_was_skipped(
    new_project: Project, tmp_path: Path
) -> None:
    empty = tmp_path / "leer.txt"
    empty.write_text("")
    report = new_project.documents.import_files([empty, SAMPLE_FILES[0]], skip_bad=True)
    assert [d.name for d in report.imported] == ["B01"]
    assert report.skipped == [f"{empty}: the file is empty: there is no text to import"]


def test_the_same_file_twice_is_refused(new_project: Project, tmp_path: Path) -> None:
    new_project.documents.import_files([SAMPLE_FILES[0]])
    copy = tmp_path / "kopie.txt"
    copy.write_bytes(SAMPLE_FILES[0].read_bytes())
    with pytest.raises(ConflictError, match="imported already, as document 'B01'"):
        new_project.documents.import_files([copy])
    other = tmp_path / "B01.txt"
    other.write_text("I: Andere Frage?\nB: Andere Antwort.\n")
    with pytest.raises(ConflictError, match="named 'B01' exists already"):
        new_project.documents.import_files([other])


def test_attribute_table_and_attr_options(new_project: Project, tmp_path: Path) -> None:
    table = tmp_path / "faelle.csv"
    table.write_text("document;Branche\nB01;Maschinenbau\nB99;Niemand\n", encoding="utf-8")
    report = new_project.documents.import_files(
        SAMPLE_FILES[:2], attributes_file=table, attributes={"Welle": "1"}
    )
    assert report.attributes_set == 1
    assert any("B99" in w for w in report.warnings)
    docs = {d.name: d for d in new_project.documents.all()}
    assert docs["B01"].attributes == {"Branche": "Maschinenbau", "Welle": "1"}
    assert docs["B02"].attributes == {"Welle": "1"}
    # attributes alone, for documents already in the project
    new_project.documents.import_files([], attributes_file=TRANSCRIPTS / "cases.csv")
    assert new_project.documents.get("B02").attributes["Rolle"] == "Head of Marketing"
