"""The workbench's plan screen (P) and memos screen (M), driven through the real app."""

from __future__ import annotations

from textual.widgets import Input, Static

from qualcode.domain.plan import FIELDS
from qualcode.services.project import Project
from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.memos import MemosScreen
from qualcode.tui.screens.plan import PlanScreen
from qualcode.tui.widgets.row_list import RowList
from qualcode.tui.widgets.transcript_view import TranscriptView
from tests.tui.conftest import settle


async def test_the_plan_screen_edits_a_field_at_80x24(
    app: QualcodeApp, tui_project: Project
) -> None:
    tui_project.plan.set("techniques", ["deduktiv"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        fields = app.screen.query_one(RowList)
        assert fields.row_count == len(FIELDS)
        assert fields.row_at(3) == ("Analysetechnik", "deduktive Kategorienanwendung")
        status = str(app.screen.query_one("#plan-status", Static).render())
        assert status.startswith("1 of 13 fields filled in")
        for _ in range(5):  # to the coding unit
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"Ein Satz.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert fields.row_at(5) == ("Kodiereinheit", "Ein Satz.")
        # The bottom line and the key bar are on screen at 80x24.
        assert app.screen.query_one("#plan-status").region.bottom <= 23
        await pilot.press("escape")
        await settle(pilot)
    assert tui_project.plan.get().coding_unit == "Ein Satz."


async def test_a_technique_the_plan_does_not_know_keeps_the_dialog_open(
    app: QualcodeApp, tui_project: Project
) -> None:
    """The error is said while the typed text is still there to be put right."""
    from textual.widgets import TextArea

    from qualcode.tui.screens.forms import MemoDialog

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        for _ in range(3):  # to Analysetechnik
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"quatsch", "ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, MemoDialog)
        assert dialog.query_one(TextArea).text == "quatsch"
        assert any("quatsch" in n.message for n in app._notifications)
        await pilot.press(*["backspace"] * len("quatsch"), *"induktiv", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
    assert tui_project.plan.get().techniques == ("induktive Kategorienbildung",)


async def test_the_memos_screen_searches_and_goes_to_the_coding(
    app: QualcodeApp, tui_project: Project
) -> None:
    coding = tui_project.coding.code("B02", "K2.1", turns=(9, 9), memo="Telefon ohne Vorkontakt")
    tui_project.memos.add("document", "B03", "Im Auto geführt")
    tui_project.memos.add("project", None, "Bindung getrennt auswerten")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        assert isinstance(app.screen, MemosScreen)
        table = app.screen.query_one(RowList)
        assert table.row_count == 3
        rows = [table.row_at(i) for i in range(3)]
        assert ("project", "the project") in [row[:2] for row in rows]  # not "Projekt"
        await pilot.press("slash", *"telefon")
        await settle(pilot)
        assert app.screen.query_one(Input).value == "telefon"
        assert table.row_count == 1 and table.row_at(0)[0] == "coding"
        await pilot.press("enter")  # leaves the search field for the list
        await pilot.press("enter")  # goes to the passage
        await settle(pilot)
        assert not isinstance(app.screen, MemosScreen)
        assert app.screen.document == "B02"  # type: ignore[attr-defined]
        view = app.screen.query_one(TranscriptView)
        assert view.selection == (coding.start, coding.end)
        await pilot.press("M")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("end", *" (B02)")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MemosScreen)
    memo = tui_project.memos.list(target="coding")[0]
    assert memo.text == "Telefon ohne Vorkontakt (B02)"
    assert [v.text for v in memo.history] == ["Telefon ohne Vorkontakt"]


async def test_slash_then_fast_typing_searches_the_memos(
    app: QualcodeApp, tui_project: Project
) -> None:
    """Keys typed straight after "/" go into the search field, not to the list's bindings (the
    "e" of "Messen" opened the edit dialog); "/" in the empty field is not typed into it."""
    from textual import events

    tui_project.memos.add("project", None, "Messen getrennt auswerten")
    tui_project.memos.add("project", None, "Empfehlungen zählen")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MemosScreen)
        for key in ("slash", *"Messen"):  # all queued at once, as a fast typist sends them
            character = "/" if key == "slash" else key
            app.post_message(events.Key(key, character))
        await settle(pilot)
        assert app.screen is screen
        field = screen.query_one(Input)
        assert field.value == "Messen"
        assert screen.query_one(RowList).row_count == 1
        await pilot.press("enter", "e")  # to the list, then a dialog
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        field.value = ""
        screen.set_focus(field)
        await pilot.press("slash", *"zählen")
        await settle(pilot)
        assert field.value == "zählen"
        await pilot.press("slash")  # with text in the field, "/" is part of the search
        assert field.value == "zählen/"


async def test_a_long_dialog_title_wraps_at_80x24(app: QualcodeApp) -> None:
    """The technique field's title names its choices: at 80 columns it takes two lines rather
    than being cut off after "zusammenfassende"."""
    from textual.widgets import Label

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        for _ in range(3):  # to Analysetechnik
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        title = app.screen.query_one(".dialog-title", Label)
        assert str(title.render()).endswith("zusammenfassende …)")
        assert title.size.height >= 2 and title.size.width >= 40
