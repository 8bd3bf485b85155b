"""The workbench's codebook edits carry the version they read: a colleague's change made
meanwhile is not overwritten, and the screen says who made it."""

from __future__ import annotations

import re

from textual.widgets import Input

from qualcode.services.project import Project
from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.forms import AskDialog, EditCategoryDialog
from qualcode.tui.widgets.codebook_panel import CodebookTree
from tests.tui.conftest import settle

CHANGED = re.compile(r"K2\.1 was changed by anna at \d\d:\d\d; reload and try again")


async def test_an_edit_after_a_colleagues_change_is_refused(
    app: QualcodeApp, tui_project: Project
) -> None:
    anna = tui_project.as_coder("anna")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        tree = app.screen.query_one(CodebookTree)
        node = next(n for n in _walk(tree.root) if n.data == "K2.1")
        assert node.parent is not None
        node.parent.expand()
        await pilot.pause()
        tree.move_cursor(node)
        await pilot.pause()
        anna.codebook.edit_category("K2.1", name="Kaltakquise am Telefon", reason="genauer")
        await pilot.press("R")  # rename, on the reading from before anna's change
        assert isinstance(app.screen, AskDialog)
        name, reason = app.screen.query(Input)
        name.value, reason.value = "Telefonakquise", "kürzer"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any(CHANGED.fullmatch(str(n.message)) for n in app._notifications)
        # Reloaded after the refusal, the next edit works on anna's version.
        await pilot.press("e")
        assert isinstance(app.screen, EditCategoryDialog)
        assert app.screen.query_one("#edit-name", Input).value == "Kaltakquise am Telefon"
        app.screen.query_one("#edit-name", Input).value = "Telefonakquise"
        app.screen.query_one("#edit-reason", Input).value = "kürzer"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert tui_project.codebook.resolve("K2.1").name == "Telefonakquise"
    edits = [(e.coder, e.after) for e in tui_project.audit.log() if e.action == "update"]
    assert edits == [
        ("anna", {"name": "Kaltakquise am Telefon"}),
        ("alice", {"name": "Telefonakquise"}),
    ]


def _walk(node):  # type: ignore[no-untyped-def]
    for child in node.children:
        yield child
        yield from _walk(child)
