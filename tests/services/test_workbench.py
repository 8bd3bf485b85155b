"""What the workbench shows first, read before Textual starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.domain.errors import ProjectError
from qualcode.services.project import Project, init_project
from qualcode.services.workbench import Preload, load_opening


def test_the_opening_holds_the_documents_codebook_and_first_transcript(
    sample_project: Project,
) -> None:
    sample_project.coding.code("B01", "K2.1", turns=(3, 3))
    sample_project.pins.set_pinned(["K2.1"])
    opening = Preload(sample_project).result()
    assert [d.name for d in opening.documents] == [d.name for d in sample_project.documents.all()]
    assert opening.book.get("K2.1") is not None
    assert opening.counts == {"K2.1": 1}
    assert opening.pins == ["K2.1"]
    assert opening.first is not None
    transcript, codings = opening.first
    assert transcript.document.name == opening.documents[0].name == "B01"
    assert [c.category for c in codings] == ["K2.1"]
    assert load_opening(sample_project, with_first=False).first is None


def test_a_project_without_documents_or_codebook_opens_empty(tmp_path: Path) -> None:
    with init_project(str(tmp_path / "empty.db"), "alice") as project:
        opening = Preload(project).result()
    assert opening.documents == [] and opening.first is None
    assert len(opening.book) == 0


def test_an_error_in_the_thread_is_raised_to_whoever_asks(sample_project: Project) -> None:
    def broken() -> list[object]:
        raise ProjectError("the file went away")

    sample_project.documents.all = broken  # type: ignore[method-assign]
    preload = Preload(sample_project)
    assert preload.wait(10)
    with pytest.raises(ProjectError, match="went away"):
        preload.result()


def test_the_import_dialog_offers_every_transcript_format_and_case_tables() -> None:
    from qualcode.importers.registry import supported_extensions
    from qualcode.services.workbench import importable_extensions

    offered = importable_extensions()
    assert set(supported_extensions()) <= offered
    assert {".txt", ".docx", ".csv"} <= offered


def test_warming_up_loads_the_write_path() -> None:
    import subprocess
    import sys

    probe = (
        "import sys\nfrom qualcode.services.workbench import warm_up_writes\n"
        "name = 'qualcode.storage.codings.writes'\n"
        "assert name not in sys.modules\nwarm_up_writes()\nassert name in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", probe], check=True)
