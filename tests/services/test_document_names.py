"""Names a thesis can cite: --name on import, long file names shortened, and renaming
(SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.domain.errors import ConflictError, InvalidInputError, NotFoundError
from qualcode.services.exports import ExportRequest, ExportService
from qualcode.services.project import Project
from tests.helpers import SAMPLE_FILES, dump

LONG = "Interview_2024-03-12_Geschäftsführer_Müller_GmbH_final_v3_transkribiert"


def _transcript(folder: Path, stem: str, text: str, suffix: str = ".txt") -> Path:
    path = folder / f"{stem}{suffix}"
    path.write_text(f"I: {text}\nB: Gern, ich erzähle davon.\n", encoding="utf-8")
    return path


def test_a_long_file_name_gives_a_short_name_and_keeps_the_file_name(
    new_project: Project, tmp_path: Path
) -> None:
    path = _transcript(tmp_path, LONG, "Wie gewinnen Sie Kunden?", ".md")
    report = new_project.documents.import_files([path])
    [doc] = report.imported
    assert doc.name == "Interview Geschäftsführer Müller GmbH"
    assert doc.source_name == f"{LONG}.md"


def test_shortened_names_never_clash(new_project: Project, tmp_path: Path) -> None:
    """Two files (and a third one later) that shorten alike get numbered names."""
    first = _transcript(tmp_path, LONG, "Erste Frage?")
    second = _transcript(tmp_path, LONG.replace("v3", "v4"), "Zweite Frage?")
    new_project.documents.import_files([first, second])
    third = _transcript(tmp_path, LONG.replace("final", "korrigiert"), "Dritte Frage?")
    new_project.documents.import_files([third])
    names = [d.name for d in new_project.documents.all()]
    base = "Interview Geschäftsführer Müller GmbH"
    assert sorted(names) == [base, f"{base} (2)", f"{base} (3)"]


@pytest.mark.parametrize("order", [(3, 1, 2), (1, 2, 3)])
def test_interviews_named_alike_but_for_their_number_keep_it(
    new_project: Project, tmp_path: Path, order: tuple[int, ...]
) -> None:
    """The reference interviews' file names: the number is what tells them apart, and the names
    do not depend on the order of the command line."""
    paths = [
        _transcript(
            tmp_path, f"NodeGrade_paper_ECSEE_qualitative_data_interview{n}_german", f"{n}?"
        )
        for n in order
    ]
    new_project.documents.import_files(paths)
    names = {d.source_name: d.name for d in new_project.documents.all()}
    assert names == {
        f"NodeGrade_paper_ECSEE_qualitative_data_interview{n}_german.txt": (
            f"NodeGrade paper ECSEE interview{n}"
        )
        for n in (1, 2, 3)
    }


def test_numbers_follow_the_file_names_not_the_command_line(
    new_project: Project, tmp_path: Path
) -> None:
    paths = [_transcript(tmp_path, LONG.replace("v3", f"v{n}"), f"{n}?") for n in (4, 3)]
    new_project.documents.import_files(paths)
    names = {d.source_name: d.name for d in new_project.documents.all()}
    base = "Interview Geschäftsführer Müller GmbH"
    assert names == {f"{LONG}.txt": base, f"{LONG.replace('v3', 'v4')}.txt": f"{base} (2)"}


def test_a_short_file_name_that_is_taken_is_still_refused(
    new_project: Project, tmp_path: Path
) -> None:
    new_project.documents.import_files([SAMPLE_FILES[0]])
    other = _transcript(tmp_path, "B01", "Ein anderes Interview?")
    with pytest.raises(ConflictError, match="'B01' exists already \\(rename the file\\)"):
        new_project.documents.import_files([other])


def test_name_gives_one_file_its_name(new_project: Project, tmp_path: Path) -> None:
    path = _transcript(tmp_path, LONG, "Wie gewinnen Sie Kunden?")
    [doc] = new_project.documents.import_files([path], name="  Interview\t1 ").imported
    assert doc.name == "Interview 1"  # cleaned as a file name is
    again = _transcript(tmp_path, "anderes", "Noch eins?")
    with pytest.raises(ConflictError, match="'Interview 1' exists already \\(choose another"):
        new_project.documents.import_files([again], name="Interview 1")
    with pytest.raises(InvalidInputError, match="a name is for one file, and 2 files"):
        new_project.documents.import_files([again, SAMPLE_FILES[0]], name="X")
    with pytest.raises(InvalidInputError, match="needs a name"):
        new_project.documents.import_files([again], name=" \n ")
    with pytest.raises(InvalidInputError, match="the document name is 301 characters long"):
        new_project.documents.import_files([again], name="x" * 301)


def test_rename_is_used_by_citations_and_kept_in_the_trail(
    sample_project: Project, project_location: str
) -> None:
    coding = sample_project.coding.code("B01", "K2.1", turns=(9, 9))
    renamed = sample_project.documents.rename("B01", "Interview Müller", reason="für die Arbeit")
    assert (renamed.old, renamed.new) == ("B01", "Interview Müller")
    assert sample_project.documents.get("Interview Müller").id == renamed.id
    with pytest.raises(NotFoundError):
        sample_project.documents.get("B01")
    # codings, retrieval and citations read the new name
    [now] = sample_project.coding.query(document="Interview Müller")
    assert now.id == coding.id and now.document == "Interview Müller"
    quotes = ExportService(sample_project.database, "alice").quotes(ExportRequest())
    assert "(Interview Müller, Pos. 9)" in quotes.frame["Beleg"].tolist()
    # the trail: the rename with both names; the coding's own entry keeps the old name
    events = sample_project.audit.log()
    last = events[-1]
    assert (last.entity, last.action, last.entity_id) == ("document", "rename", renamed.id)
    assert last.before == {"name": "B01"} and last.after == {"name": "Interview Müller"}
    assert last.reason == "für die Arbeit"
    assert last.describe() == "renamed the document B01 to Interview Müller"
    coded = next(e for e in events if e.entity == "coding")
    assert coded.after["document"] == "B01"
    assert coded.describe().startswith("coded B01 Pos. 9 as K2.1")
    assert sample_project.audit.log(coding=coding.id)[0].id == coded.id
    # the import's entry names the file's name; the document's later entries its name today
    imported = next(e for e in events if e.action == "import" and e.entity_id == renamed.id)
    assert imported.describe() == "imported B01"
    assert imported.subject == "Interview Müller"


def test_rename_refusals_change_nothing(sample_project: Project, project_location: str) -> None:
    before = dump(project_location)
    with pytest.raises(ConflictError, match="a document named 'B02' exists already"):
        sample_project.documents.rename("B01", "B02")
    with pytest.raises(InvalidInputError, match="has that name already"):
        sample_project.documents.rename("B01", " B01 ")
    with pytest.raises(InvalidInputError, match="needs a name"):
        sample_project.documents.rename("B01", "\t")
    with pytest.raises(InvalidInputError, match="at most 300 are allowed"):
        sample_project.documents.rename("B01", "y" * 301)
    with pytest.raises(NotFoundError, match="there is no document 'B99'"):
        sample_project.documents.rename("B99", "Neu")
    assert dump(project_location) == before


def test_rename_by_id_and_back(sample_project: Project) -> None:
    doc = sample_project.documents.get("B03")
    sample_project.documents.rename(str(doc.id), "Logistik 1")
    sample_project.documents.rename("Logistik 1", "B03")
    assert sample_project.documents.get("B03").id == doc.id
