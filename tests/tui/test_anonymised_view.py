"""The workbench's anonymised view (A): the document as the exports show it, codings on the
same words, at 80x24 and 120x40; A again goes back to coding."""

from __future__ import annotations

import pytest
from textual.widgets import Label

from qualcode.services.project import Project
from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.anonymised import AnonymisedScreen
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.widgets.transcript_view import TranscriptView
from tests.tui.conftest import settle


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_anonymised_view_shows_placeholders(
    tui_project: Project, size: tuple[int, int]
) -> None:
    coding = tui_project.coding.code("B01", "K2.1", turns=(3, 3))
    tui_project.anonymisation.add("Vertriebsleiter", "[Funktion]")
    app = QualcodeApp(tui_project)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AnonymisedScreen)
        view = screen.query_one(TranscriptView)
        assert view.transcript is not None
        assert "[Funktion]" in view.transcript.text
        assert "Vertriebsleiter" not in view.transcript.text
        (shown,) = [c for c in view.codings if c.id == coding.id]
        assert view.transcript.text[shown.start : shown.end] == shown.text
        assert "[Funktion]" in shown.text
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
    # The stored text is untouched.
    assert "Vertriebsleiter" in tui_project.documents.transcript("B01").text


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_escape_and_q_go_back_although_the_transcript_has_the_focus(
    tui_project: Project, key: str
) -> None:
    """The transcript binds Escape itself (clear the selection); the view's way back wins."""
    tui_project.anonymisation.add("Vertriebsleiter", "[Funktion]")
    app = QualcodeApp(tui_project)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AnonymisedScreen)
        assert isinstance(app.focused, TranscriptView)
        status = str(screen.query_one("#anonymised-status", Label).render())
        assert status.startswith("a, q or Escape: back to coding.")  # before 80 columns cut it
        await pilot.press("down", "shift+down", key)
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
