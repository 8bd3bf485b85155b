from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from qualcode.services.project import Project, init_project
from qualcode.tui.app import QualcodeApp
from tests.helpers import CODEBOOK, SAMPLE_FILES, TRANSCRIPTS


@pytest.fixture
def tui_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Project]:
    """A project file (named relatively, so screens show the same path every run)."""
    monkeypatch.chdir(tmp_path)
    project = init_project("project.db", "alice", CODEBOOK)
    project.documents.import_files(SAMPLE_FILES[:3], attributes_file=TRANSCRIPTS / "cases.csv")
    yield project
    project.close()


@pytest.fixture
def app(tui_project: Project) -> QualcodeApp:
    return QualcodeApp(tui_project)


async def settle(pilot: Pilot[None]) -> None:
    """Wait for every worker and for what their results started (no sleeping)."""
    for _ in range(4):
        # DirectoryTree's "_loader" worker runs for as long as the tree exists.
        # (An empty list would mean "all workers" to wait_for_complete.)
        # The coding screen's "live" worker follows other coders' changes until it closes.
        ours = [w for w in pilot.app.workers if w.group not in ("_loader", "live")]
        if ours:
            with suppress(WorkerCancelled):  # an exclusive worker replaced by a newer one
                await pilot.app.workers.wait_for_complete(ours)
        await pilot.pause()
