"""The word frequencies screen, the proposals screen and the picker's suggestions, driven as a
coder would, asserting what the screens show and what the database holds."""

from __future__ import annotations

import asyncio

import pytest

from qualcode.domain.audit import ProposalAccepted, ProposalRejected
from qualcode.services.project import Project
from qualcode.tui.app import QualcodeApp
from tests.tui.conftest import settle

SIZE = (80, 24)


async def test_word_frequencies_group_keyness_and_stop_word(
    app: QualcodeApp, tui_project: Project
) -> None:
    from qualcode.tui.screens.words import WordsScreen
    from qualcode.tui.widgets.row_list import RowList

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("W")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WordsScreen)
        grid = screen.query_one(RowList)
        assert grid.row_count == 30 and grid.row_at(0)[:2] == ("all", "Kunde")
        await pilot.press("g")  # per document
        await settle(pilot)
        assert {grid.row_at(i)[0] for i in range(grid.row_count)} == {"B01", "B02", "B03"}
        await pilot.press("k")  # B01 against the other two
        await settle(pilot)
        assert grid.headings[:4] == ("Word", "A", "B", "G2") and screen.keyness is not None
        assert screen.keyness.group_a == "B01" and screen.keyness.group_b == "rest"
        await pilot.press("k", "l")  # back, then word forms
        await settle(pilot)
        assert screen.table is not None and not screen.table.lemma
        word = screen.table.rows[grid.cursor_row].word
        await pilot.press("s")  # the highlighted word becomes a stop word
        await settle(pilot)
        assert tui_project.words.stop_list() == [word]
        assert word not in {r.word for r in screen.table.rows}
        await pilot.press("escape")
        assert not isinstance(app.screen, WordsScreen)


async def test_proposals_accept_two_reject_one_in_context(
    app: QualcodeApp, tui_project: Project
) -> None:
    from qualcode.tui.screens.proposals import ProposalsScreen
    from qualcode.tui.widgets.row_list import RowList
    from qualcode.tui.widgets.transcript_view import TranscriptView

    tui_project.autocoding.autocode(category="K2.2", document="B01")
    waiting = tui_project.autocoding.proposals()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProposalsScreen)
        assert screen.query_one(RowList).row_count == len(waiting)
        context = str(screen.query_one("#proposals-context").render())
        assert " ".join(waiting[0].text.split())[:30] in " ".join(context.split())
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert screen.query_one(RowList).row_count == len(waiting) - 3
        told = [str(n.message) for n in app._notifications]  # as the command line says it
        first, third = waiting[0], waiting[2]
        assert f"Accepted proposal {first.id}: {first.document} Pos. {first.position}" in told[0]
        assert told[-1] == (
            f"Rejected proposal {third.id} ({third.document} Pos. {third.position} as K2.2); "
            "it will not be proposed again"
        )
        await pilot.press("enter")  # to the next waiting proposal in its transcript
        await settle(pilot)
        assert not isinstance(app.screen, ProposalsScreen)
        view = app.screen.query_one(TranscriptView)
        assert view.selection is not None
        assert view.selection[0] <= waiting[3].start < waiting[3].end <= view.selection[1]
    decided = {p.id: p.status for p in tui_project.autocoding.proposals(status=None)}
    assert [decided[p.id] for p in waiting[:3]] == ["accepted", "accepted", "rejected"]
    codings = tui_project.coding.query(category="K2.2")
    assert sorted((c.start, c.end) for c in codings) == sorted(
        (p.start, p.end) for p in waiting[:2]
    )
    trail = [e.typed() for e in tui_project.audit.log()]
    assert sum(isinstance(e, ProposalAccepted) for e in trail) == 2
    assert sum(isinstance(e, ProposalRejected) for e in trail) == 1


async def test_the_picker_puts_suggested_categories_first(
    app: QualcodeApp, tui_project: Project
) -> None:
    from textual.widgets import OptionList

    from qualcode.tui.screens.category_picker import CategoryPicker
    from qualcode.tui.screens.coding import CodingScreen
    from qualcode.tui.widgets.transcript_view import TranscriptView

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        view = screen.query_one(TranscriptView)
        text = view.transcript.text if view.transcript else ""
        start = text.index("Messe")  # B01 talks about trade fairs early on
        view.select_span(start, start + 80)
        screen.suggester.warm()
        assert screen.suggester.wait(60)
        await pilot.press("c")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, CategoryPicker) and picker.suggested
        assert view.selection is not None
        chosen = text[view.selection[0] : view.selection[1]]
        ranked = tui_project.suggestions.rank(chosen)
        assert list(picker.suggested) == [s.category for s in ranked[:3]]
        options = picker.query_one(OptionList)
        first = options.get_option_at_index(0)
        assert first.id == picker.suggested[0] and str(first.prompt).startswith("* ")
        await pilot.press(*"K2.2", "enter")
        await settle(pilot)
    assert [c.category for c in tui_project.coding.query()] == ["K2.2"]


async def test_the_suggestions_are_worked_out_in_a_helper_that_ends_with_the_workbench(
    app: QualcodeApp,
) -> None:
    """Building the index takes seconds on a large project: in the workbench's own process it
    would slow every frame drawn meanwhile."""
    import os

    from qualcode.tui.screens.coding import CodingScreen

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        screen.suggester.warm()
        assert screen.suggester.wait(60)
        helper = screen.suggester.pid
        assert helper is not None and helper != os.getpid()
        assert screen.suggester.top("Messe Kunden Vertrieb", ["K2.2", "K1.1"]) != []
    for _ in range(100):  # ended with the screen, and reaped
        try:
            os.kill(helper, 0)
        except ProcessLookupError:
            break
        await asyncio.sleep(0.05)
    with pytest.raises(ProcessLookupError):
        os.kill(helper, 0)
