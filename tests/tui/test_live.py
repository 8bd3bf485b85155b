"""The workbench shows other coders' changes by itself, within seconds, without moving the
cursor, the selection or the scroll; blind mode keeps hiding their codings."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.pilot import Pilot

from qualcode.services.project import Project, init_project, open_project
from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.widgets.codebook_panel import CodebookPanel
from qualcode.tui.widgets.document_list import DocumentList
from qualcode.tui.widgets.transcript_view import TranscriptView
from tests.conftest import _fresh_pg_database
from tests.helpers import CODEBOOK, SAMPLE_FILES, TRANSCRIPTS
from tests.tui.conftest import settle

SIZE = (120, 40)

# Another coder, in a process of their own, codes B01 Pos. 4 and says which coding it made.
BOB = """
import sys
from qualcode.services.project import open_project
with open_project(sys.argv[1], "bob") as project:
    print(project.coding.code("B01", "K2.1", turns=(4, 4)).id)
"""


async def wait_until(pilot: Pilot[None], done: object, seconds: float = 10.0) -> None:
    """Let the app run (no key pressed) until ``done()`` holds."""
    assert callable(done)
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "not shown in time"
        await pilot.pause(0.1)


def coding_screen(app: QualcodeApp) -> CodingScreen:
    screen = app.screen
    assert isinstance(screen, CodingScreen)
    return screen


async def _another_coder_appears(app: QualcodeApp, location: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = coding_screen(app)
        view = screen.query_one(TranscriptView)
        assert screen.document == "B01" and view.codings == []
        await pilot.press("down", "down", "shift+down")  # a passage selected, lower down
        await settle(pilot)
        before = (view.selection, view.cursor_turn, view.scroll_y)
        assert before[0] is not None

        made = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-c", BOB, location],
            capture_output=True,
            text=True,
            check=True,
        )
        coding_id = int(made.stdout)
        await wait_until(pilot, lambda: coding_id in {c.id for c in view.codings})

        assert (view.selection, view.cursor_turn, view.scroll_y) == before
        assert screen.focused is view
        assert screen.counts["K2.1"] == 1 and screen.counts["K2"] == 1
        assert screen.query_one(DocumentList).documents[0].codings == 1
        tree = screen.query_one(CodebookPanel)
        assert tree.counts["K2.1"] == 1
        assert screen.others_changes == 1


async def test_another_coders_coding_appears_without_a_key_press(
    app: QualcodeApp, tui_project: Project
) -> None:
    await _another_coder_appears(app, str(Path(tui_project.location).resolve()))


@pytest.mark.postgres
async def test_another_coders_coding_appears_on_postgresql(
    postgres_server: str, tmp_path: Path
) -> None:
    location = _fresh_pg_database(postgres_server)
    with init_project(location, "alice", CODEBOOK) as project:
        project.documents.import_files(SAMPLE_FILES[:3], attributes_file=TRANSCRIPTS / "cases.csv")
    with open_project(location, "alice") as project:
        await _another_coder_appears(QualcodeApp(project), location)


async def test_ones_own_coding_is_not_drawn_twice(app: QualcodeApp, tui_project: Project) -> None:
    tui_project.pins.set_pinned(["K2.1"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = coding_screen(app)
        await pilot.press("down", "1")
        await settle(pilot)
        assert [c.category for c in screen.query_one(TranscriptView).codings] == ["K2.1"]
        await pilot.pause(2.5)  # the file's version changed: the watcher looked
        assert screen.others_changes == 0


async def test_blind_mode_keeps_other_coders_codings_hidden(tui_project: Project) -> None:
    blind = tui_project.as_coder("alice", blind=True)
    app = QualcodeApp(blind)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = coding_screen(app)
        view = screen.query_one(TranscriptView)
        with open_project(tui_project.location, "bob") as bob:
            bob.coding.code("B01", "K2.1", turns=(4, 4))
            await pilot.pause(2.5)
            assert view.codings == [] and screen.others_changes == 0
            bob.codebook.create_category(name="Preisdruck", parent="K2", definition="d")
        # The codebook is not hidden: the new category shows, the coding still does not.
        await wait_until(
            pilot, lambda: screen.book is not None and "Preisdruck" in {c.name for c in screen.book}
        )
        assert view.codings == []
        assert not screen.counts.get("K2.1")
        assert screen.query_one(DocumentList).documents[0].codings == 0
