"""`qualcode tui` starts the quick way: the first screen is composed with its data."""

from __future__ import annotations

import gc

import pytest

from qualcode.cli.context import Settings
from qualcode.cli.tui_command import open_workbench
from qualcode.services.project import Project
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.widgets.document_list import DocumentList
from qualcode.tui.widgets.transcript_view import TranscriptView
from tests.tui.conftest import settle


async def test_the_first_screen_has_its_data_without_a_worker(
    tui_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_round_trip(_: CodingScreen) -> None:
        pytest.fail("the preloaded data should have been used")

    monkeypatch.setattr(CodingScreen, "load_first", no_round_trip)
    settings = Settings(project="project.db", coder="alice")
    try:
        app = open_workbench(settings)
        assert not gc.isenabled()  # until the user is reading
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            view = app.screen.query_one(TranscriptView)
            assert view.transcript is not None and view.transcript.document.name == "B01"
            assert app.screen.focused is view
            assert app.screen.query_one(DocumentList).row_count == 3
            app.warm_up()
            assert gc.isenabled()
    finally:
        gc.unfreeze()  # warm_up froze this test process's objects
        gc.enable()
        settings.close()


async def test_full_collector_passes_wait_for_a_pause_in_the_input(tui_project: Project) -> None:
    """Once the workbench started the quick way is warmed up, full garbage-collector passes run
    while the user reads, not at a key press; the collector's settings come back on exit."""
    from qualcode.tui.app import FULL_PASS_EVERY, IDLE_BEFORE_FULL_PASS

    settings = Settings(project="project.db", coder="alice")
    before = gc.get_threshold()
    full_passes: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            full_passes.append(1)

    try:
        app = open_workbench(settings)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            app.warm_up()
            assert gc.get_threshold()[2] == FULL_PASS_EVERY
            await pilot.press("down")
            gc.callbacks.append(count)
            for _ in range(3):  # second-generation passes, as drawing makes them
                gc.collect(1)
            await pilot.pause(IDLE_BEFORE_FULL_PASS / 4)
            assert not full_passes  # the user has just pressed a key
            await pilot.pause(IDLE_BEFORE_FULL_PASS * 1.5)
            assert full_passes
        assert gc.get_threshold() == before
    finally:
        if count in gc.callbacks:
            gc.callbacks.remove(count)
        gc.set_threshold(*before)
        gc.unfreeze()
        gc.enable()
        settings.close()
