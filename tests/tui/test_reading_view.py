"""What the user sees while coding: the passage in view, the transcript's width, the guideline
beside the picker, ranges as ranges, and the focus and the keys where the eyes are.

At 80x24 (a terminal over SSH) and 120x40, driven through Pilot on a real project file.
"""

from __future__ import annotations

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static

from qualcode.services.project import Project
from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.category_picker import CategoryPicker
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.screens.help import HelpScreen
from qualcode.tui.widgets.codebook_panel import CodebookTree, GuidelinePanel
from qualcode.tui.widgets.key_bar import KeyBar
from qualcode.tui.widgets.row_list import RowList
from qualcode.tui.widgets.search_bar import SearchBar
from qualcode.tui.widgets.transcript_view import TranscriptView
from tests.tui.conftest import settle

SIZES = [(80, 24), (120, 40)]
IDS = ["80x24", "120x40"]


def transcript(app: QualcodeApp) -> TranscriptView:
    return app.screen.query_one(TranscriptView)


def shown_rows(view: TranscriptView) -> range:
    """The visual lines the transcript shows now."""
    top = int(view.scroll_y)
    return range(top, top + view.scrollable_content_region.height)


def status(app: QualcodeApp) -> str:
    return str(app.screen.query_one("#status", Static).render())


def key_bar(app: QualcodeApp) -> str:
    shown = app.screen.query_one(KeyBar).render()
    assert isinstance(shown, Content)
    return shown.plain


@pytest.mark.parametrize("size", SIZES, ids=IDS)
async def test_moving_through_a_document_shows_each_whole_turn_with_context(
    app: QualcodeApp, size: tuple[int, int]
) -> None:
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        view = transcript(app)
        assert view.transcript is not None
        turns = len(view.transcript.turns)
        longest = 0
        for _ in range(turns - 1):
            await pilot.press("down")
            await pilot.pause()
            span = view.selection
            assert span is not None
            first, last = view.visual_lines(*span)
            longest = max(longest, last - first + 1)
            rows = shown_rows(view)
            if last - first + 1 <= len(rows):
                assert first in rows and last in rows, (view.cursor_turn, first, last, rows)
            else:  # taller than the view: as much as fits, from its start
                assert first == rows.start
        assert longest > 4  # the turns were long enough to need scrolling at all
        for _ in range(turns - 1):  # and back up: the line before each turn is in view too
            await pilot.press("up")
            await pilot.pause()
            span = view.selection
            assert span is not None
            first, last = view.visual_lines(*span)
            rows = shown_rows(view)
            if last - first + 2 <= len(rows) and first > 0:
                assert first - 1 in rows and last in rows


@pytest.mark.parametrize("size", SIZES, ids=IDS)
async def test_the_current_search_hit_is_never_under_the_search_field(
    app: QualcodeApp, size: tuple[int, int]
) -> None:
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        view = transcript(app)
        await pilot.press("slash", *"die")
        search = app.screen.query_one(SearchBar)
        await pilot.pause()
        assert view.region.bottom <= search.region.y  # the field is below the text, not on it
        for _ in range(25):
            await pilot.press("enter")
            await pilot.pause()
            span = view.selection
            assert span is not None
            first, last = view.visual_lines(*span)
            assert first in shown_rows(view) and last in shown_rows(view)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
async def test_the_picker_leaves_the_passage_in_view_and_shows_the_guideline(
    app: QualcodeApp, tui_project: Project, size: tuple[int, int]
) -> None:
    book = tui_project.codebook.get()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press(*"jjjjjj")  # Pos. 7, a long answer
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CategoryPicker)
        view = app.screen_stack[-2].query_one(TranscriptView)
        picker = app.screen.query_one("#picker")
        span = view.selection
        assert span is not None
        first, _ = view.visual_lines(*span)
        top_row = view.content_region.y + first - int(view.scroll_y)
        assert view.content_region.y <= top_row < picker.region.y  # its start is above the picker
        assert picker.region.y - view.content_region.y >= 6  # with several of its lines

        def guideline() -> str:
            return str(app.screen.query_one("#picker-guideline-text", Static).render())

        await pilot.press(*"kalt")
        await pilot.pause()
        shown = book.get("K2.1")
        assert shown is not None
        words = " ".join(guideline().split())
        assert shown.definition[:60] in words and shown.coding_rule[:60] in words
        await pilot.press("backspace", "backspace", "backspace", "backspace", "down")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.highlighted == 1
        second = book.get(str(options.get_option_at_index(1).id))
        assert second is not None and second.definition[:40] in " ".join(guideline().split())
        await pilot.press("enter")
        await settle(pilot)
    assert [c.category for c in tui_project.coding.query()] == [second.code]


async def test_the_guideline_panel_follows_the_coding_under_the_cursor(
    app: QualcodeApp, tui_project: Project
) -> None:
    tui_project.coding.code("B01", "K2.1", turns=(3, 3))
    tui_project.coding.code("B01", "K3.2", turns=(5, 5))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)

        def guideline() -> str:
            panel = app.screen.query_one(GuidelinePanel)
            return str(panel.query_one("#guideline", Static).render())

        await pilot.press("j", "j")
        assert guideline().startswith("■ K2.1")
        await pilot.press("j", "j")
        assert guideline().startswith("■ K3.2")
        await pilot.press("j", "c", *"K1.1", "enter")  # a new coding: the panel shows it
        await settle(pilot)
        assert guideline().startswith("■ K1.1")


async def test_at_120_columns_the_transcript_has_most_of_the_width(
    app: QualcodeApp,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        documents, codebook = screen.query_one("#documents"), screen.query_one("#codebook-column")
        assert transcript(app).size.width >= 0.6 * 120
        assert documents.display and codebook.display
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert not documents.display and transcript(app).size.width >= 0.7 * 120
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert documents.display


async def test_at_80_columns_the_side_panels_start_hidden_and_toggle(app: QualcodeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        documents, codebook = screen.query_one("#documents"), screen.query_one("#codebook-column")
        assert not documents.display and not codebook.display
        assert transcript(app).size.width == 80
        assert "[ Documents" in key_bar(app)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert codebook.display and transcript(app).size.width >= 50
        screen.query_one(CodebookTree).focus()
        await pilot.press("right_square_bracket")  # hiding the focused panel: back to the text
        await pilot.pause()
        assert not codebook.display and isinstance(app.focused, TranscriptView)


async def test_a_two_turn_selection_is_a_range_in_status_bar_and_retrieval(
    app: QualcodeApp, tui_project: Project
) -> None:
    from qualcode.tui.screens.retrieval import RetrievalScreen

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"j" * 8)
        assert "Pos. 9 │" in status(app)
        await pilot.press("shift+down")
        assert "Pos. 9–10 │" in status(app)
        await pilot.press("c", *"K2.1", "enter")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RetrievalScreen)
        assert app.screen.query_one(RowList).row_at(0)[:2] == ("B01", "9–10")


@pytest.mark.parametrize("other_document", [False, True], ids=["same", "other"])
async def test_after_a_retrieval_jump_the_transcript_has_the_focus(
    app: QualcodeApp, tui_project: Project, other_document: bool
) -> None:
    tui_project.coding.code("B02" if other_document else "B01", "K2.1", turns=(5, 6))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        tree = app.screen.query_one(CodebookTree)
        tree.focus()
        tree.move_cursor(next(n for n in tree.root.children if n.data == "K2"))
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        assert isinstance(app.focused, TranscriptView)
        assert "Pos. 5–6" in status(app)
        span = transcript(app).selection
        assert span is not None
        first, last = transcript(app).visual_lines(*span)
        assert first in shown_rows(transcript(app))


async def test_the_codebook_editor_opens_on_the_current_category_and_keeps_its_cursor(
    app: QualcodeApp, tui_project: Project
) -> None:
    from qualcode.tui.screens.codebook_editor import CodebookEditorScreen
    from qualcode.tui.screens.forms import AskDialog

    tui_project.coding.code("B01", "K2.3", turns=(3, 3))

    async def answer(pilot: Pilot[None], *values: str) -> None:
        assert isinstance(app.screen, AskDialog)
        for field, value in zip(app.screen.query(Input), values, strict=False):
            field.value = value
        await pilot.press("ctrl+s")
        await settle(pilot)

    def cursor() -> str | None:
        node = app.screen.query_one(CodebookTree).cursor_node
        return node.data if node is not None else None

    def guideline() -> str:
        return str(app.screen.query_one("#guideline", Static).render())

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")  # onto the coding of K2.3
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, CodebookEditorScreen)
        assert cursor() == "K2.3" and guideline().startswith("■ K2.3")
        await pilot.press("R")
        await answer(pilot, "Empfehlungen", "kürzer")
        assert cursor() == "K2.3"
        await pilot.press("S")
        await answer(pilot, "Referenzbesuche", "zu breit")
        assert cursor() == "K2.3"
        await pilot.press("M", *"K4", "enter")
        await answer(pilot, "indirekt")
        moved = cursor()
        assert moved is not None and moved.startswith("K4.")
        book = tui_project.codebook.get()
        assert book.get(moved) is not None and book.get(moved).name == "Empfehlungen"  # type: ignore[union-attr]
        await pilot.press("G", *"K4.1", "enter")
        await answer(pilot, "gehört zusammen")
        assert cursor() == "K4.1"
        tree = app.screen.query_one(CodebookTree)
        assert tree.cursor_node is not None and tree.cursor_node.parent is not None
        assert tree.cursor_node.parent.is_expanded  # the branch stayed open


async def test_help_lists_moving_first_pins_as_one_row_and_scrolls_at_once(
    app: QualcodeApp,
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert [r[2] for r in rows[:2]] == ["Previous", "Next"]
        assert rows[0][0] == "Transcript"
        pins = [r for r in rows if "pin" in r[2] and r[0] == "Coding"]
        assert pins == [["Coding", "1–9", "Code with pin 1–9"]]
        assert app.focused is table
        assert table.scroll_y == 0
        await pilot.press("down")
        await pilot.wait_for_scheduled_animations()
        assert table.scroll_y == 1
        await pilot.press("pagedown")
        await pilot.wait_for_scheduled_animations()
        assert table.scroll_y > 5
        await pilot.press("question_mark")
        assert isinstance(app.screen, CodingScreen)


async def test_every_screen_keeps_the_keys_key_in_view_at_80_columns(
    app: QualcodeApp, tui_project: Project
) -> None:
    tui_project.coding.code("B01", "K2.2", turns=(7, 7))
    tui_project.as_coder("bob").coding.code("B01", "K2.3", turns=(7, 7))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        seen = []
        for key, back in [
            ("", ""),
            ("r", "escape"),
            ("b", "escape"),
            ("f", "escape"),
        ]:
            if key:
                await pilot.press("home", *"jjjjjj", key)
                await settle(pilot)
            seen.append(type(app.screen).__name__)
            assert "? Keys" in key_bar(app), type(app.screen).__name__
            await pilot.press("question_mark")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await settle(pilot)
            if back:
                await pilot.press(back)
                await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        seen.append(type(app.screen).__name__)
        assert "? Keys" in key_bar(app)
    assert seen == [
        "CodingScreen",
        "RetrievalScreen",
        "CodebookEditorScreen",
        "FrequenciesScreen",
        "DisagreementScreen",
    ]
