"""What the workbench shows first, read before Textual starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.domain.errors import ProjectError
from qualcode.services.project import Project, init_project
from qualcode.services.workbench import Preload, load_listing, load_opening


def test_the_opening_holds_the_documents_codebook_and_first_transcript(
    sample_project: Project,
) -> None:
    sample_project.coding.code("B01", "K2.1", turns=(3, 3))
    sample_project.pins.set_pinned(["K2.1"])
    first = Preload(sample_project).result()  # what the first frame shows
    listing = load_listing(sample_project)  # and what follows it
    assert [d.name for d in listing.documents] == [d.name for d in sample_project.documents.all()]
    assert first.book.get("K2.1") is not None
    assert listing.counts == {"K2.1": 1}
    assert first.pins == ["K2.1"]
    assert first.first is not None
    transcript, codings = first.first
    assert transcript.document.name == listing.documents[0].name == "B01"
    assert [c.category for c in codings] == ["K2.1"]
    opening = load_opening(sample_project)  # both at once, as the screen reads them again
    assert opening.documents == listing.documents and opening.counts == listing.counts
    assert opening.first is not None and opening.first[0].document.name == "B01"
    assert load_opening(sample_project, with_first=False).first is None


def test_the_first_screen_opens_the_first_document_of_the_list(sample_project: Project) -> None:
    """Read without the list, the first document is still the one the list puts first."""
    sample_project.documents.rename("B01", "Zeta")
    names = [d.name for d in sample_project.documents.all()]
    first = Preload(sample_project).result().first
    assert first is not None and first[0].document.name == names[0] != "Zeta"


def test_a_project_without_documents_or_codebook_opens_empty(tmp_path: Path) -> None:
    with init_project(str(tmp_path / "empty.db"), "alice") as project:
        first = Preload(project).result()
        listing = load_listing(project)
    assert listing.documents == [] and first.first is None
    assert len(first.book) == 0


def test_an_error_in_the_thread_is_raised_to_whoever_asks(sample_project: Project) -> None:
    def broken() -> list[object]:
        raise ProjectError("the file went away")

    sample_project.pins.pinned = broken  # type: ignore[method-assign]
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
