"""The retrieval screen's case filter lists attribute values in natural order."""

from __future__ import annotations

from textual.widgets import Select

from qualcode.services.project import Project
from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.retrieval import RetrievalScreen
from qualcode.tui.widgets.codebook_panel import CodebookTree
from tests.tui.conftest import settle


async def test_attribute_values_sort_as_numbers_where_they_are_numbers(
    app: QualcodeApp, tui_project: Project
) -> None:
    tui_project.coding.code("B01", "K2.1", turns=(9, 9))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        tree = app.screen.query_one(CodebookTree)
        tree.focus()
        tree.move_cursor(next(n for n in tree.root.children if n.data == "K2"))
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RetrievalScreen)
        select = app.screen.query_one("#retrieval-attribute", Select)
        shown = [str(prompt) for prompt, _ in select._options if prompt]
    experience = [p for p in shown if p.startswith("Berufserfahrung")]
    assert experience == ["Berufserfahrung: 9", "Berufserfahrung: 12", "Berufserfahrung: 18"]
    sizes = [p for p in shown if p.startswith("Unternehmensgröße")]
    assert sizes == [
        "Unternehmensgröße: 50–249",
        "Unternehmensgröße: 250–999",
        "Unternehmensgröße: ≥1000",
    ]
