"""Every dialog at 80x24: each field and button in view when reached by tab, ctrl+s named in
the key bar; the import dialog picks files like a file manager."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.errors import NoWidget
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from qualcode.services.project import Project
from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.exports import ExportDialog
from qualcode.tui.screens.forms import (
    AskDialog,
    EditCategoryDialog,
    Field,
    MemoDialog,
    NewCategory,
    NewCategoryDialog,
)
from qualcode.tui.screens.import_files import ImportScreen, TranscriptTree
from qualcode.tui.widgets.key_bar import KeyBar
from tests.helpers import TRANSCRIPTS
from tests.tui.conftest import settle

SMALL = (80, 24)


def in_view(screen: Screen[object], widget: Widget) -> bool:
    """Whether the whole widget is drawn on the screen (not scrolled away, not cut off)."""
    try:
        geometry = screen.find_widget(widget)
    except NoWidget:
        return False
    region = geometry.region
    return (
        region.area > 0
        and geometry.clip.contains_region(region)
        and screen.region.contains_region(region)
    )


def key_bar_text(screen: Screen[object]) -> str:
    return str(screen.query_one(KeyBar).render())


def _dialogs(project: Project) -> dict[str, tuple[Callable[[], Screen[object]], list[str]]]:
    """Each dialog, and the fields and buttons it must offer."""
    book = project.codebook.get()
    category = book.get("K2")
    assert category is not None
    return {
        "memo": (lambda: MemoDialog("", "K2.1 Messen (Pos. 3)"), ["memo-text", "save", "cancel"]),
        "new category": (
            lambda: NewCategoryDialog(book, "Gerne. Ich bin seit knapp sieben Jahren. " * 8, None),
            ["new-name", "new-parent", "new-definition", "new-rule", "new-reason", "save"],
        ),
        "edit": (
            lambda: EditCategoryDialog(category),
            ["edit-name", "edit-definition", "edit-anchors", "edit-rule", "edit-reason", "save"],
        ),
        "ask": (
            lambda: AskDialog("Two coders", [Field("a", "Coder A"), Field("b", "Coder B")]),
            ["ask-a", "ask-b", "save", "cancel"],
        ),
        "export": (
            lambda: ExportDialog(project),
            ["export-kind", "export-format", "export-path", "export-go"],
        ),
        "import": (
            lambda: ImportScreen(project.documents, TRANSCRIPTS),
            ["import-path", "import-tree", "import-attributes", "import-go", "import-up"],
        ),
    }


@pytest.mark.parametrize("name", ["memo", "new category", "edit", "ask", "export", "import"])
async def test_every_field_and_button_is_in_view_at_80x24(
    app: QualcodeApp, tui_project: Project, name: str
) -> None:
    make, wanted = _dialogs(tui_project)[name]
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await app.push_screen(make())
        await settle(pilot)
        dialog = app.screen
        for button in dialog.query(Button):
            assert in_view(dialog, button), f"{name}: button {button.id} is not in view"
        assert "ctrl+s" in key_bar_text(dialog), f"{name}: the key bar does not name ctrl+s"
        reached: list[str] = []
        for _ in range(len(dialog.focus_chain) + 1):
            focused = dialog.focused
            assert focused is not None
            await pilot.pause()
            assert in_view(dialog, focused), f"{name}: {focused.id} is focused but not in view"
            reached.append(focused.id or "")
            await pilot.press("tab")
        missing = set(wanted) - set(reached)
        assert not missing, f"{name}: tab never reaches {missing}"


async def test_the_new_category_dialog_asks_for_the_coding_rule(
    app: QualcodeApp, tui_project: Project
) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "n")
        dialog = app.screen
        assert isinstance(dialog, NewCategoryDialog)
        await pilot.press(*"Technikervertrieb")
        from textual.widgets import TextArea

        dialog.query_one("#new-rule", TextArea).text = "Nur wenn Techniker verkaufen."
        dialog.query_one("#new-reason", Input).value = "am Material gebildet"
        await pilot.press("ctrl+s")
        await settle(pilot)
    created = tui_project.codebook.get().resolve("Technikervertrieb")
    assert created is not None and created.coding_rule == "Nur wenn Techniker verkaufen."
    assert NewCategory("a", None, "b").coding_rule == ""


async def test_the_import_dialog_goes_up_and_takes_a_typed_path(
    app: QualcodeApp, tmp_path: Path
) -> None:
    start = tmp_path / "interviews" / "round-1"
    start.mkdir(parents=True)
    (tmp_path / "interviews" / "B08.txt").write_text("I: Frage?\nB: Antwort.\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "cases.csv").write_text("document;Alter\nB08;41\n", "utf-8")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        dialog = ImportScreen(app.project.documents, start)
        await app.push_screen(dialog)
        await settle(pilot)
        assert dialog.query_one(TranscriptTree).path == start
        await pilot.press("backspace")  # up a folder, from the tree
        await settle(pilot)
        assert Path(dialog.query_one(TranscriptTree).path) == start.parent
        assert dialog.query_one("#import-path", Input).value == str(start.parent)
        path = dialog.query_one("#import-path", Input)
        path.focus()
        path.value = "B08.txt"  # relative to the folder shown
        await pilot.press("enter")
        assert dialog.chosen == [start.parent / "B08.txt"]
        path.value = str(tmp_path / "elsewhere")
        await pilot.press("enter")
        await settle(pilot)
        assert Path(dialog.query_one(TranscriptTree).path) == tmp_path / "elsewhere"
        path.value = "cases.csv"  # a table is never a transcript: it is the case table
        await pilot.press("enter")
        assert dialog.chosen == [start.parent / "B08.txt"]
        attributes = dialog.query_one("#import-attributes", Input).value
        assert attributes == str(tmp_path / "elsewhere" / "cases.csv")
        hint = str(dialog.query_one("#import-error", Static).render())
        assert "cases.csv looks like a case-attribute table, not a transcript" in hint
        path.value = "nowhere"
        await pilot.press("enter")
        assert "There is no file or folder" in str(dialog.query_one("#import-error").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
    (document,) = [d for d in app.project.documents.all() if d.name == "B08"]
    assert document.attributes == {"Alter": "41"}


@pytest.mark.parametrize("size", [SMALL, (120, 40)])
async def test_the_frequencies_show_names_and_decimal_commas(
    app: QualcodeApp, tui_project: Project, size: tuple[int, int]
) -> None:
    from qualcode.tui.screens.exports import FrequenciesScreen
    from qualcode.tui.widgets.row_list import RowList

    tui_project.coding.code("B01", "K1", turns=(3, 3))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FrequenciesScreen)
        grid = screen.query_one(RowList)
        lines = [grid.render_line(y).text for y in range(3)]
        assert lines[0].split() == [
            "Code",
            "Segmente",
            "Fälle",
            "Anteil",
            "Fälle",
            "%",
            "Kategorie",
        ]
        k1 = lines[1]
        assert k1.split()[:4] == ["K1", "1", "1", "33,3"]  # one of three cases, as the exports
        assert "Akquisitionsprozess und" in k1  # the name, not only the code
