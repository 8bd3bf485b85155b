"""Speaker maps: one speaker however labelled, and a role for each (both backends)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.domain.errors import InvalidInputError
from qualcode.services.project import Project
from tests.helpers import dump

MAP = """\
I:
  role: interviewer
  aliases: [Interviewer, Int.]
B:
  role: respondent
  aliases: [Befragte/r]
"""


def test_a_speaker_map_folds_labels_on_import_and_later(
    new_project: Project, tmp_path: Path
) -> None:
    one = tmp_path / "eins.txt"
    one.write_text(
        "Interviewer: Frage?\n\nBefragte/r: Antwort.\n\nInt. Nachfrage?\n", encoding="utf-8"
    )
    two = tmp_path / "zwei.txt"
    two.write_text(
        "Int.: Frage?\n\nFrau Keller: Antwort.\n\nFrau Keller: Noch eine.\n", encoding="utf-8"
    )
    new_project.documents.import_files([two])
    assert {s.name for s in new_project.speakers.list()} == {"Int.", "Frau Keller"}
    path = tmp_path / "sprecher.yaml"
    path.write_text(MAP, encoding="utf-8")
    new_project.documents.import_files([one], speaker_map=path)
    speakers = {s.name: s for s in new_project.speakers.list()}
    # eins: "Int. Nachfrage?" has no colon, so it continues the answer before it
    assert speakers["I"].turns == 1 and speakers["I"].role == "interviewer"
    assert speakers["B"].turns == 2
    assert speakers["B"].aliases == ("Befragte/r",)
    assert speakers["Frau Keller"].role == "respondent"
    # the map is kept in the project and applied to documents imported before it
    report = new_project.speakers.load(path)
    assert report.renamed == {"Int. -> I": 1}
    assert {s.name for s in new_project.speakers.list()} == {"I", "B", "Frau Keller"}


def test_a_broken_speaker_map_changes_nothing(
    new_project: Project, project_location: str, tmp_path: Path
) -> None:
    path = tmp_path / "map.yaml"
    path.write_text("I:\n  role: fragt\n", encoding="utf-8")
    before = dump(project_location)
    with pytest.raises(InvalidInputError, match="role of 'I' must be one of"):
        new_project.speakers.load(path)
    assert dump(project_location) == before
