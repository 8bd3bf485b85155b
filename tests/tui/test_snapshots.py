"""SVG snapshots of the main screens at 80x24 and 160x48 (Textual pinned exactly).

Regenerate on purpose only: pytest tests/tui/test_snapshots.py --snapshot-update, then look at
the SVGs in the diff.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from qualcode.tui.app import QualcodeApp
from tests.tui.conftest import settle

SIZES = [(80, 24), (160, 48)]


async def _ready(pilot: Pilot[None]) -> None:
    await settle(pilot)
    for field in pilot.app.query(Input):
        field.cursor_blink = False


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_coding_screen(app: QualcodeApp, snap_compare: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("down", "down", "c", *"K2.5", "enter")
        await _ready(pilot)
        # The "Coded with K2.5" pop-up lasts two seconds, which a busy machine can outlast
        # before the picture is taken: the coding is checked here and the pop-up dismissed, so
        # that every picture is the same.
        assert isinstance(pilot.app, QualcodeApp)
        assert [c.category for c in pilot.app.project.coding.query(category="K2.5")]
        pilot.app.clear_notifications()
        await pilot.press("down", "shift+down")
        await _ready(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_category_picker(app: QualcodeApp, snap_compare: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("c", *"kunden")
        await _ready(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_help_screen(app: QualcodeApp, snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("question_mark")
        await _ready(pilot)

    assert snap_compare(app, terminal_size=(100, 40), run_before=run_before)


def test_disagreement_screen(app: QualcodeApp, snap_compare: Any) -> None:
    project = app.project
    project.coding.code("B01", "K2.2", turns=(7, 7))
    project.as_coder("bob").coding.code("B01", "K2.3", turns=(7, 7))

    async def run_before(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("d")
        await _ready(pilot)
        await pilot.press("ctrl+s")
        await _ready(pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)
