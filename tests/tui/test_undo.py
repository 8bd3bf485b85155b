"""Undo (u) and redo (ctrl+y) in the workbench: the day's steps, named in the status bar,
kept across a restart, each in the audit trail."""

from __future__ import annotations

import json

import sqlalchemy as sa
from textual.widgets import Input, Static

from qualcode.services.project import Project, open_project
from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.forms import EditCategoryDialog, MemoDialog, NewCategoryDialog
from qualcode.tui.widgets.codebook_panel import CodebookTree
from tests.tui.conftest import settle

SMALL = (80, 24)


def status(app: QualcodeApp) -> str:
    return str(app.screen.query_one("#status", Static).render())


def marks(project: Project) -> list[tuple[str, str]]:
    """The undo and redo records in the trail: (action, the step's name)."""
    with project.database.engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT action, after FROM audit_events WHERE entity='change' ORDER BY id")
        ).all()
    return [(action, json.loads(after)["step"]) for action, after in rows]


async def test_undo_and_redo_codings_memos_and_new_categories(
    app: QualcodeApp, tui_project: Project
) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("down", "c", *"K2.1", "enter")  # B01 Pos. 2
        await settle(pilot)
        assert "Undo: coding K2.1 in B01 Pos. 2" in status(app)
        await pilot.press("m")
        assert isinstance(app.screen, MemoDialog)
        await pilot.press(*"klarer Fall", "ctrl+s")
        await settle(pilot)
        assert "Undo: memo on K2.1 in B01 Pos. 2" in status(app)
        await pilot.press("x")
        await settle(pilot)
        assert "Undo: removal of K2.1 in B01 Pos. 2" in status(app)
        await pilot.press("down", "n")
        assert isinstance(app.screen, NewCategoryDialog)
        await pilot.press(*"Versehen", "ctrl+s")
        await settle(pilot)
        created = tui_project.codebook.get().resolve("Versehen")
        assert created is not None
        assert f"Undo: new category {created.code} Versehen" in status(app)

        await pilot.press("u")  # the category and its coding go together
        await settle(pilot)
        assert tui_project.codebook.get().resolve("Versehen") is None
        assert tui_project.coding.query() == []
        assert f"Redo (ctrl+y): new category {created.code} Versehen" in status(app)
        assert "Undo: removal of K2.1 in B01 Pos. 2" in status(app)
        await pilot.press("u")
        await settle(pilot)
        (back,) = tui_project.coding.query()
        assert (back.category, back.position, back.memo) == ("K2.1", 2, "klarer Fall")
        await pilot.press("u")  # the memo
        await settle(pilot)
        assert tui_project.coding.query()[0].memo == ""
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert tui_project.coding.query()[0].memo == "klarer Fall"
        assert "Undo: memo on K2.1 in B01 Pos. 2" in status(app)
    assert marks(tui_project) == [
        ("undo", f"new category {created.code} Versehen"),
        ("undo", "removal of K2.1 in B01 Pos. 2"),
        ("undo", "memo on K2.1 in B01 Pos. 2"),
        ("redo", "memo on K2.1 in B01 Pos. 2"),
    ]


async def test_codebook_edits_undo_and_the_history_survives_a_restart(
    app: QualcodeApp, tui_project: Project
) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        tree = app.screen.query_one(CodebookTree)
        tree.focus()
        tree.move_cursor(next(n for n in tree.root.children if n.data == "K2"))
        await pilot.press("e")
        assert isinstance(app.screen, EditCategoryDialog)
        app.screen.query_one("#edit-name", Input).value = "Akquiseinstrumente (direkt)"
        app.screen.query_one("#edit-reason", Input).value = "Name angeglichen"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Undo: edit of K2 (name)" in status(app)

    # a new workbench on the same project file: the day's history is still there
    location = tui_project.location
    with open_project(location, "alice") as again:
        second = QualcodeApp(again)
        async with second.run_test(size=SMALL) as pilot:
            await settle(pilot)
            assert "Undo: edit of K2 (name)" in status(second)
            await pilot.press("u")
            await settle(pilot)
            assert again.codebook.resolve("K2").name != "Akquiseinstrumente (direkt)"
            assert "Redo (ctrl+y): edit of K2 (name)" in status(second)
            await pilot.press("u")
            await settle(pilot)  # nothing left today: said, and nothing changes
            await pilot.press("ctrl+y")
            await settle(pilot)
            assert again.codebook.resolve("K2").name == "Akquiseinstrumente (direkt)"
    assert marks(tui_project) == [("undo", "edit of K2 (name)"), ("redo", "edit of K2 (name)")]


async def test_a_step_that_cannot_be_undone_says_so(app: QualcodeApp, tui_project: Project) -> None:
    tui_project.codebook.merge("K2.2", "K2.1", reason="zu ähnlich")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert "merge of K2.2 into K2.1 cannot be undone" in status(app)
        await pilot.press("u")
        await settle(pilot)
    assert marks(tui_project) == []
