"""What the workbench does in its own time: the transcript's first frame before the lists beside
it, the category picker composed ahead while the coder reads, and suggestions asked for as the
selection moves. Keys must work the same whichever of these has happened yet."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from textual import events
from textual.widgets import Input, OptionList

from qualcode.cli.context import Settings
from qualcode.cli.tui_command import open_workbench
from qualcode.services.project import Project
from qualcode.tui import app as app_module
from qualcode.tui import screens
from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.category_picker import CategoryPicker
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.widgets.codebook_panel import CodebookTree
from qualcode.tui.widgets.document_list import DocumentList
from qualcode.tui.widgets.transcript_view import TranscriptView
from tests.tui.conftest import settle

SIZE = (160, 48)


def coding_screen(app: QualcodeApp) -> CodingScreen:
    screen = app.screen
    assert isinstance(screen, CodingScreen)
    return screen


def shown(app: QualcodeApp) -> object:
    """The screen on top (as an object: the assertions compare it with several screens)."""
    return app.screen


async def picker_prepared(pilot: Any, screen: CodingScreen) -> CategoryPicker:
    """Wait (a bounded number of idle turns) until the picker has been composed ahead."""
    for _ in range(200):
        if screen.picker is not None and screen.picker.ready:
            return screen.picker
        await pilot.pause(0.02)
    pytest.fail("the picker was not composed ahead")


@pytest.fixture
def soon(monkeypatch: pytest.MonkeyPatch) -> None:
    """The picker composed ahead a moment after the first frame, not half a second."""
    monkeypatch.setattr(screens.coding, "PICKER_AFTER", 0.05)


async def test_the_first_frame_shows_the_transcript_and_the_lists_follow(app: QualcodeApp) -> None:
    frames: list[tuple[bool, int, int]] = []
    display = app._display

    def watching(screen: Any, renderable: Any) -> None:
        views = list(screen.query(TranscriptView)) if isinstance(screen, CodingScreen) else []
        if renderable is not None and views:
            trees = list(screen.query(CodebookTree))
            rows = screen.query_one(DocumentList).row_count
            categories = len(trees[0].root.children) if trees else 0
            frames.append((views[0].transcript is not None, rows, categories))
        display(screen, renderable)

    app._display = watching  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = coding_screen(app)
        assert screen.query_one(DocumentList).row_count == 3
        assert screen.query_one(DocumentList).cursor_row == 0  # on B01, the one shown
    first = next(frame for frame in frames if frame[0])
    assert first == (True, 0, 0)  # the transcript alone: nothing else held it back
    assert any(rows == 3 and categories > 0 for _, rows, categories in frames)


async def test_keys_pressed_before_the_lists_are_filled_still_work(
    app: QualcodeApp, tui_project: Project
) -> None:
    """A coder who starts moving at once: the keys reach the transcript, the lists fill in
    behind them with the cursor on the document shown."""
    async with app.run_test(size=SIZE) as pilot:
        for key in ("down", "down", "shift+down"):  # queued before the screen has opened
            app.post_message(events.Key(key, None))
        await settle(pilot)
        screen = coding_screen(app)
        view = screen.query_one(TranscriptView)
        assert view.cursor_turn == 4 and view.selection is not None
        documents = screen.query_one(DocumentList)
        assert documents.row_count == 3 and documents.documents[documents.cursor_row].name == "B01"
        assert screen.query_one(CodebookTree).root.children
        await pilot.press("c", *"K1.1", "enter")
        await settle(pilot)
    assert [(c.category, c.position, c.position_end) for c in tui_project.coding.query()] == [
        ("K1.1", 3, 4)
    ]


async def test_c_before_the_picker_is_composed_ahead_opens_one_at_once(
    app: QualcodeApp, tui_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(screens.coding, "PICKER_AFTER", 60)  # not yet, however slow the test
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = coding_screen(app)
        assert screen.picker is None
        await pilot.press("down", "c")
        assert isinstance(app.screen, CategoryPicker) and app.screen is not screen.picker
        await pilot.press(*"K2.1", "enter")
        await settle(pilot)
    assert [c.category for c in tui_project.coding.query()] == ["K2.1"]


@pytest.mark.usefixtures("soon")
async def test_the_picker_composed_ahead_opens_fresh_each_time(
    app: QualcodeApp, tui_project: Project
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = coding_screen(app)
        picker = await picker_prepared(pilot, screen)
        assert shown(app) is screen  # composed, not shown
        await pilot.press("down", "c")
        assert shown(app) is picker
        await pilot.press(*"kalt", "down")  # typed and moved, then given up
        assert picker.query_one(Input).value == "kalt"
        await pilot.press("escape")
        await settle(pilot)
        assert shown(app) is screen and picker.is_running  # kept for the next time
        await pilot.press("c")
        assert shown(app) is picker
        assert picker.query_one(Input).value == ""
        options = picker.query_one(OptionList)
        assert options.highlighted == 0 and options.option_count == len(
            [c for c in tui_project.codebook.get() if c.status != "retired"]
        )
        await pilot.press(*"K2.1", "enter")
        await settle(pilot)
        assert shown(app) is screen
        await pilot.press("down", "c", *"K1.1", "enter")
        await settle(pilot)
    assert sorted((c.category, c.position) for c in tui_project.coding.query()) == [
        ("K1.1", 3),
        ("K2.1", 2),
    ]


@pytest.mark.usefixtures("soon")
async def test_keys_typed_ahead_into_the_picker_composed_ahead_are_not_lost(
    app: QualcodeApp, tui_project: Project
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await picker_prepared(pilot, coding_screen(app))
        burst = [("down", None), ("c", "c"), ("K", "K"), ("2", "2"), ("full_stop", ".")]
        burst += [("5", "5"), ("enter", "\r")]
        for key, character in burst:
            app.post_message(events.Key(key, character))
        await settle(pilot)
    assert [(c.category, c.position) for c in tui_project.coding.query()] == [("K2.5", 2)]


@pytest.mark.usefixtures("soon")
async def test_the_picker_shows_the_suggestions_when_the_helper_answers(
    app: QualcodeApp, tui_project: Project
) -> None:
    """The picker never waits for them: asked as the selection moves, shown when they come
    (at once if they came before "c", a moment later if not)."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = coding_screen(app)
        picker = await picker_prepared(pilot, screen)
        screen.suggester.warm()
        assert screen.suggester.wait(60)
        view = screen.query_one(TranscriptView)
        text = view.transcript.text if view.transcript else ""
        start = text.index("Messe")
        view.select_span(start, start + 80)
        await pilot.press("c")  # straight after the selection: the answer may not be there
        assert shown(app) is picker
        for _ in range(200):
            if picker.suggested:
                break
            await pilot.pause(0.02)
        assert view.selection is not None
        chosen = text[view.selection[0] : view.selection[1]]
        ranked = tui_project.suggestions.rank(chosen)
        assert list(picker.suggested) == [s.category for s in ranked[:3]]
        first = picker.query_one(OptionList).get_option_at_index(0)
        assert first.id == picker.suggested[0] and str(first.prompt).startswith("* ")
        await pilot.press("escape")
        await settle(pilot)
        view.select_span(start, start + 80)
        await pilot.press("c")  # the same passage again: known already, shown at once
        assert shown(app) is picker
        assert list(picker.suggested) == [s.category for s in ranked[:3]]
        await pilot.press("escape")
        await settle(pilot)


@pytest.mark.usefixtures("soon")
async def test_late_suggestions_do_not_move_the_highlight_under_the_coder(
    app: QualcodeApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        picker = await picker_prepared(pilot, coding_screen(app))
        await pilot.press("down", "c", "down")
        options = picker.query_one(OptionList)
        assert options.highlighted == 1
        picker.suggest(["K2.2"])
        await pilot.pause()
        assert options.highlighted == 1 and picker.suggested == ()
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("c")
        picker.suggest(["K2.2"])  # nothing typed or moved yet: shown at the top
        await pilot.pause()
        first = options.get_option_at_index(0)
        assert first.id == "K2.2" and str(first.prompt).startswith("* ")
        assert options.highlighted == 0


async def test_the_first_documents_memo_shows_once_the_guideline_is_there(
    tui_project: Project,
) -> None:
    """The guideline panel comes after the first frame: the memo of the document shown then
    is in it all the same."""
    from textual.widgets import Static

    tui_project.memos.add("document", "B01", "Interview im Werk, laut.")
    app = QualcodeApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("h", "b"):  # keys that read the tree (not there yet): they must not fail
            app.post_message(events.Key(key, key))
        await settle(pilot)
        while not isinstance(app.screen, CodingScreen):
            app.pop_screen()
            await settle(pilot)
        panel = app.screen.query_one("#guideline", Static)
        assert "Interview im Werk" in str(panel.render())


@pytest.mark.usefixtures("soon")
async def test_the_start_up_ends_with_the_write_path_warmed_once_the_picker_is_drawn(
    tui_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The start-up's work after the first frame runs one thing after another (the lists, the
    history, the picker), then the write path is imported and the collector turned back on,
    without waiting for the app's fallback timer."""
    monkeypatch.setattr(app_module, "WARM_UP_AT_THE_LATEST", 60)
    settings = Settings(project="project.db", coder="alice")
    try:
        workbench = open_workbench(settings)
        assert not gc.isenabled()
        async with workbench.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = coding_screen(workbench)
            assert screen.query_one(DocumentList).row_count == 3
            await picker_prepared(pilot, screen)
            for _ in range(200):
                if gc.isenabled():
                    break
                await pilot.pause(0.02)
            assert gc.isenabled()
            await settle(pilot)  # the warm-up is a worker: waited for like the others
            assert not [w for w in workbench.workers if w.group == "warm-up"]
    finally:
        gc.unfreeze()  # the warm-up froze this test process's objects
        gc.enable()
        settings.close()
