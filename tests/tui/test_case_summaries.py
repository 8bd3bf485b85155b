"""The case summary, the theme matrix and the summarising screen, driven with Pilot at 80x24
and 120x40: what is typed lands in the database, and the grid moves with the arrow keys."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from qualcode.services.project import Project
from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.case_summaries import (
    CaseSummaryScreen,
    MatrixGrid,
    SummaryDialog,
    ThemeMatrixScreen,
)
from qualcode.tui.screens.forms import AskDialog
from qualcode.tui.screens.summarising import SummarisingScreen
from tests.tui.conftest import settle


def _text(widget: Static) -> str:
    return str(widget.render())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_case_summary_and_theme_matrix_are_written_in_place(
    tui_project: Project, size: tuple[int, int]
) -> None:
    tui_project.coding.code("B01", "K2.1", turns=(9, 9))
    tui_project.coding.code("B02", "K3.1", turns=(5, 5))
    app = QualcodeApp(tui_project)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, CaseSummaryScreen)
        await pilot.press("e")
        assert isinstance(app.screen, SummaryDialog)
        await pilot.press(*"Vertriebsleiter", "ctrl+s")
        await settle(pilot)
        summary = tui_project.summaries.case_summary("B01")
        assert summary is not None and summary.text == "Vertriebsleiter"
        await pilot.press("escape", "T")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ThemeMatrixScreen)
        grid = screen.query_one(MatrixGrid)
        assert grid.region.right <= size[0] and grid.region.bottom <= size[1]
        assert screen.here() == ("B01", "K1")
        await pilot.press("right")
        assert screen.here() == ("B01", "K2")
        cell = _text(screen.query_one("#matrix-cell", Static))
        assert "Pos. 9" in cell and "Vertriebsleiter" in cell
        await pilot.press("e")
        assert isinstance(app.screen, SummaryDialog)
        await pilot.press(*"Telefon", "ctrl+s")
        await settle(pilot)
        written = tui_project.summaries.cell_summary("B01", "K2")
        assert written is not None and written.text == "Telefon"
        await pilot.press("down", "right")
        assert screen.here() == ("B02", "K3")
        assert "Pos. 5" in _text(screen.query_one("#matrix-cell", Static))
        assert "✎" in _text(grid)
        assert _text(grid).startswith("Case ")  # the workbench's English, not "Fall"


async def test_the_summarising_screen_edits_beside_the_passage_and_promotes(
    tui_project: Project,
) -> None:
    first = tui_project.coding.code("B01", "K2.1", turns=(9, 9))
    tui_project.coding.code("B01", "K3.1", turns=(11, 11))
    app = QualcodeApp(tui_project)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("Z")
        await settle(pilot)
        assert isinstance(app.screen, SummarisingScreen)
        assert "Pos. 9" in _text(app.screen.query_one("#summarising-unit", Static))
        await pilot.press("e")
        assert isinstance(app.screen, AskDialog)
        await pilot.press(*"Anrufe", "tab", *"Telefonakquise", "tab", *"Kaltakquise", "ctrl+s")
        await settle(pilot)
        (unit,) = tui_project.summarising.units(written_only=True)
        assert (unit.coding_id, unit.paraphrase, unit.generalisation, unit.reduction) == (
            first.id,
            "Anrufe",
            "Telefonakquise",
            "Kaltakquise",
        )
        # t: the passages of the category under the cursor (K2.1) in every case.
        tui_project.coding.code("B02", "K2.1", turns=(5, 5))
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SummarisingScreen)
        assert [(u.document, u.category) for u in screen.units] == [
            ("B01", "K2.1"),
            ("B02", "K2.1"),
        ]
        await pilot.press("t")
        await settle(pilot)
        assert [u.category for u in screen.units] == ["K2.1", "K3.1"]
        await pilot.press("P")
        assert isinstance(app.screen, AskDialog)
        await pilot.press(*"K2", "ctrl+s")
        await settle(pilot)
        made = tui_project.codebook.get().resolve("Kaltakquise")
        assert made is not None and made.parent == "K2"
        assert [c.document for c in tui_project.coding.query(category=made.code)] == ["B01"]
