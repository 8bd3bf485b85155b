"""The project search screen: hits as you type, switches, a jump, coding one hit or all."""

from __future__ import annotations

import sqlalchemy as sa
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from qualcode.analysis.sentences import turn_sentences
from qualcode.services.project import Project
from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.category_picker import CategoryPicker
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.screens.confirm import ConfirmDialog
from qualcode.tui.screens.help import HelpScreen
from qualcode.tui.screens.search import SearchScreen
from qualcode.tui.widgets.key_bar import KeyBar
from qualcode.tui.widgets.row_list import RowList
from qualcode.tui.widgets.transcript_view import TranscriptView
from tests.tui.conftest import settle

SMALL = (80, 24)


def codings(project: Project) -> set[tuple[str, str, int, int]]:
    with project.database.engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT c.code, d.name, k.char_start, k.char_end FROM codings k "
                "JOIN categories c ON c.id = k.category_id JOIN documents d ON d.id = k.document_id"
            )
        )
        return {tuple(row) for row in rows}  # type: ignore[misc]


async def open_search(pilot: Pilot[None], app: QualcodeApp) -> SearchScreen:
    """The project search screen, opened with S once the workbench has settled."""
    await settle(pilot)
    await pilot.press("S")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    return screen


async def test_search_lists_hits_and_jumps_to_one(app: QualcodeApp) -> None:
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_search(pilot, app)
        await pilot.press(*"Kunde")
        await settle(pilot)
        plain = len(screen.hits)
        assert plain and all("kunde" in hit.match.casefold() for hit in screen.hits)
        await pilot.press("ctrl+o")  # whole words only
        await settle(pilot)
        assert {hit.match for hit in screen.hits} == {"Kunde"}
        await pilot.press("ctrl+o", "ctrl+l")  # every form
        await settle(pilot)
        assert {"Kunde", "Kunden"} <= {hit.match for hit in screen.hits}
        assert len(screen.hits) < plain
        await pilot.press("enter", "down", "down")
        hit = screen.hits[screen.query_one(RowList).cursor_row]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        view = app.screen.query_one(TranscriptView)
        assert view.transcript is not None and view.transcript.document.name == hit.document
        assert view.selection == (hit.start, hit.end)


async def test_filters_narrow_the_hits(app: QualcodeApp) -> None:
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_search(pilot, app)
        await pilot.press(*"Kunden")
        await settle(pilot)
        everywhere = {hit.document for hit in screen.hits}
        screen.query_one("#search-filters", Input).value = "doc=B02"
        await settle(pilot)
        assert len(everywhere) > 1 and {hit.document for hit in screen.hits} == {"B02"}


async def test_a_hit_and_then_all_hits_are_coded(app: QualcodeApp, tui_project: Project) -> None:
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_search(pilot, app)
        await pilot.press(*"Kundenbindung", "ctrl+o")
        await settle(pilot)
        hits = list(screen.hits)
        assert len(hits) >= 2
        await pilot.press("enter", "c")
        await settle(pilot)
        assert isinstance(app.screen, CategoryPicker)
        await pilot.press(*"K3", "enter")
        await settle(pilot)
        assert app.screen is screen  # still on the hit list
        assert codings(tui_project) == {("K3", hits[0].document, hits[0].start, hits[0].end)}
        assert screen.hits[0].categories == ("K3",)
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert f"{len(hits)} hits" in app.screen.question
        await pilot.press("y")
        await settle(pilot)
        await pilot.press(*"K3", "enter")
        await settle(pilot)
        assert codings(tui_project) == {("K3", h.document, h.start, h.end) for h in hits}
        assert all(hit.categories == ("K3",) for hit in screen.hits)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)


async def test_down_from_the_query_leads_into_the_hits(
    app: QualcodeApp, tui_project: Project
) -> None:
    """↓ in the query moves into the hits, so c codes a hit instead of being typed; the key bar
    says so while a field has the focus, and shows the hit keys once the list has it."""
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_search(pilot, app)
        await pilot.press(*"Kundenbindung")
        await settle(pilot)
        bar = screen.query_one(KeyBar)
        assert "To the hits" in {description for _k, _l, description, _e in bar._keys}
        await pilot.press("down", "down")  # into the list, then its second hit
        await settle(pilot)
        assert screen.query_one("#search-query", Input).value == "Kundenbindung"
        assert screen.query_one(RowList).has_focus
        assert screen.query_one(RowList).cursor_row == 1
        shown = {description for _k, _l, description, _e in bar._keys}
        assert {"Go to hit", "Code hit", "Code all"} <= shown and "To the hits" not in shown
        hit = screen.hits[1]
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CategoryPicker)
        await pilot.press(*"K3", "enter")
        await settle(pilot)
        assert codings(tui_project) == {("K3", hit.document, hit.start, hit.end)}


async def test_sentence_mode_steps_over_the_units_agreement_compares(
    app: QualcodeApp, tui_project: Project
) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        view = app.screen.query_one(TranscriptView)
        await pilot.press("v")
        transcript = view.transcript
        assert transcript is not None
        units = view._units
        shown = list(zip(units.start, units.end, strict=True))
        spans = [(t.char_start, t.char_end) for t in transcript.turns]
        expected = [(a, b) for _turn, a, b in turn_sentences(transcript.text, spans)]
        assert shown == expected
        stored = tui_project.search.sentences(transcript.document.name)
        assert [(s.start, s.end) for s in stored] == expected


async def test_the_keys_stay_reachable_while_the_query_has_the_focus(app: QualcodeApp) -> None:
    """In the query ? is typed like any letter, so the bar offers f1 for the keys instead."""
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_search(pilot, app)
        await pilot.press(*"Kunde?")
        await settle(pilot)
        assert screen.query_one("#search-query", Input).value == "Kunde?"
        bar = screen.query_one(KeyBar)
        assert ("f1", "Keys") in {(label, description) for _k, label, description, _e in bar._right}
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert ["Everywhere", "?, f1", "Keys"] in rows
        assert not [row for row in rows if row[0] == "RowList"]  # no class names
        await pilot.press("f1")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("backspace", "down")  # in the hits, ? is the key again
        await settle(pilot)
        assert screen.query_one(RowList).has_focus
        await pilot.press("question_mark")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert ["List", "↓", "Next row"] in rows and ["Search", "c", "Code hit"] in rows
        await pilot.press("escape")
        await settle(pilot)
        await settle(pilot)
        assert ("?", "Keys") in {(label, description) for _k, label, description, _e in bar._right}
