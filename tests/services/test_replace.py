"""Replacing a transcript after coding started: codings move with their text (both backends)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from qualcode.domain.errors import ConflictError
from qualcode.services.documents import REVIEW_NOTE
from qualcode.services.project import Project
from tests.helpers import SAMPLE_FILES, dump


def test_corrected_transcript_moves_codings_and_flags_the_lost(
    new_project: Project, tmp_path: Path
) -> None:
    b01 = SAMPLE_FILES[0]
    new_project.documents.import_files([b01])
    t = new_project.documents.transcript("B01")
    same = new_project.coding.code("B01", "K2.1", turns=(9, 9))
    part = t.turn_text(t.turn_at(11))
    start = t.turn_at(11).char_start + part.index("Jeder Gebietsverkäufer")
    moved = new_project.coding.code(
        "B01",
        "K2.5",
        chars=(start, start + len("Jeder Gebietsverkäufer macht 120 bis 150 Besuche")),
    )
    lost = new_project.coding.code("B01", "K1", turns=(3, 3))
    lines = b01.read_text(encoding="utf-8").split("\n")
    # a corrected version: one turn inserted at the top, turn 3 rewritten completely
    lines.insert(2, "I: (Nachtrag der Transkription: Begrüßung nicht aufgezeichnet.)\n")
    third = next(i for i, line in enumerate(lines) if t.turn_text(t.turn_at(3)) in line)
    lines[third] = "B: Ganz anders formuliert, damit nichts mehr übereinstimmt."
    corrected = tmp_path / "B01-korrigiert.txt"
    corrected.write_text("\n".join(lines), encoding="utf-8")

    report = new_project.documents.replace("B01", corrected)
    assert (report.turns_before, report.turns_after) == (55, 56)
    assert report.moved == 2 and report.kept == 0
    assert [c.id for c in report.review] == [lost.id]
    after = {c.id: c for c in new_project.coding.query(document="B01")}
    assert len(after) == 3  # none dropped
    assert after[same.id].text == same.text and after[same.id].position == 10
    assert after[moved.id].text == moved.text and after[moved.id].position == 12
    assert after[lost.id].review == REVIEW_NOTE
    t2 = new_project.documents.transcript("B01")
    for c in after.values():
        if c.review is None:
            assert t2.text[c.start : c.end] == c.text
    assert [c.id for c in new_project.coding.query(needs_review=True)] == [lost.id]
    with new_project.database.engine.connect() as conn:
        actions = (
            conn.execute(sa.text("SELECT action FROM audit_events ORDER BY id")).scalars().all()
        )
    assert actions.count("relocate") == 3 and "replace" in actions


def test_replacing_with_the_same_or_another_documents_file_is_refused(
    new_project: Project, project_location: str
) -> None:
    new_project.documents.import_files(SAMPLE_FILES[:2])
    before = dump(project_location)
    with pytest.raises(ConflictError, match="already has"):
        new_project.documents.replace("B01", SAMPLE_FILES[0])
    with pytest.raises(ConflictError, match="imported already, as document 'B02'"):
        new_project.documents.replace("B01", SAMPLE_FILES[1])
    assert dump(project_location) == before
