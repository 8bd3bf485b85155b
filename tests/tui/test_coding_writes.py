"""Coding keystrokes that come faster than the writes: every one lands, in order, once."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing

from qualcode.services.project import Project
from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.widgets.transcript_view import TranscriptView
from tests.tui.conftest import settle

SIZE = (160, 48)


async def test_two_keystrokes_during_a_slow_write_both_land_in_order(
    tui_project: Project,
) -> None:
    tui_project.pins.set_pinned(["K2.1", "K3"])
    app = QualcodeApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down")  # a turn selected
        # Another connection holds the project's write lock: the first write waits for it
        # (SQLite's busy timeout) while the second keystroke comes in.
        with closing(sqlite3.connect(tui_project.database.location.path, timeout=10)) as other:
            other.execute("BEGIN IMMEDIATE")
            await pilot.press("1", "2")
            for _ in range(100):
                if sum(w.group == "write" for w in app.workers) == 2:
                    break
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.2)
            assert other.execute("SELECT count(*) FROM codings").fetchone() == (0,)
            other.commit()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        shown = screen.query_one(TranscriptView).codings
        assert sorted(c.category for c in shown) == ["K2.1", "K3"]
        assert screen.steps.undo is not None  # the later keystroke is the step undone first
        assert screen.steps.undo.name.startswith("coding K3 in B01 Pos.")
    codings = sorted(tui_project.coding.query(), key=lambda c: c.id)
    assert [c.category for c in codings] == ["K2.1", "K3"]
    events = [e for e in tui_project.audit.log() if e.entity == "coding"]
    assert [(e.action, e.after["category"]) for e in events] == [
        ("create", "K2.1"),
        ("create", "K3"),
    ]


async def test_a_coding_and_its_undo_redraw_from_the_write_alone(
    app: QualcodeApp, tui_project: Project
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        await pilot.press("down", "c", *"K2.1", "enter")
        await settle(pilot)
        assert screen.pins == ["K2.1"]  # pinned by its first use, in the same write
        assert screen.counts["K2.1"] == 1 and screen.counts["K2"] == 1
        assert [c.category for c in screen.query_one(TranscriptView).codings] == ["K2.1"]
        await pilot.press("u")
        await settle(pilot)
        assert screen.query_one(TranscriptView).codings == []
        assert screen.counts.get("K2.1", 0) == 0
    assert tui_project.coding.query() == []
    assert [e.action for e in tui_project.audit.log() if e.entity == "coding"] == [
        "create",
        "delete",
    ]
