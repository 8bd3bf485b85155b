"""Walking through disagreements and reading histories in the workbench, through Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, Input, Static

from qualcode.services.project import Project
from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.screens.disagreements import DisagreementScreen, FirstSettlementDialog
from qualcode.tui.screens.forms import AskDialog
from qualcode.tui.screens.history import HistoryScreen
from tests.tui.conftest import settle

SIZE = (160, 48)


def _title(app: QualcodeApp) -> str:
    return str(app.screen.query_one("#disagreement-title", Static).render())


async def test_walk_through_and_settle_disagreements(
    app: QualcodeApp, tui_project: Project
) -> None:
    alice, bob = tui_project, tui_project.as_coder("bob")
    alice.coding.code("B01", "K2.1", turns=(9, 9))
    alice.coding.code("B01", "K2.2", turns=(7, 7))
    bob.coding.code("B01", "K2.1", turns=(9, 9))
    bob.coding.code("B01", "K2.3", turns=(7, 7))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, AskDialog)
        assert [i.value for i in app.screen.query(Input)] == ["alice", "bob"]  # prefilled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DisagreementScreen)
        assert "Disagreement 1 of 2" in _title(app) and "K2.2" in _title(app)
        side_b = str(app.screen.query_one("#side-b", Static).render())
        assert "not coded here" in side_b and "Also coded here: K2.3" in side_b
        await pilot.press("n")
        await settle(pilot)
        assert "Disagreement 2 of 2" in _title(app) and "K2.3" in _title(app)
        await pilot.press("p", "a")  # back to K2.2, settle it as alice coded it
        await settle(pilot)
        assert isinstance(app.screen, FirstSettlementDialog)  # the agreement will change
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, AskDialog)
        await pilot.press(*"Messe klar genannt", "enter")
        await settle(pilot)
        assert "Disagreement 1 of 1" in _title(app)
        await pilot.press("x")  # K2.3: neither
        await settle(pilot)
        await pilot.press(*"kein Beleg", "enter")
        await settle(pilot)
        assert "No disagreements left" in _title(app) and "100.0 %" in _title(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
    bob_codings = sorted((c.category, c.position) for c in tui_project.coding.query(coder="bob"))
    assert bob_codings == [("K2.1", 9), ("K2.2", 7)]
    decisions = [e for e in tui_project.audit.log() if e.action == "resolve"]
    assert [(e.reason, e.after["category"]) for e in decisions] == [
        ("Messe klar genannt", "K2.2"),
        ("kein Beleg", "K2.3"),
    ]


async def test_first_settlement_warns_and_saves_the_report(
    app: QualcodeApp, tui_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    tui_project.coding.code("B01", "K2.1", turns=(9, 9))
    tui_project.coding.code("B01", "K2.2", turns=(7, 7))
    tui_project.as_coder("bob").coding.code("B01", "K2.1", turns=(9, 9))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d", "ctrl+s")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FirstSettlementDialog)
        text = str(dialog.query_one("#first-settlement-text", Static).render())
        assert "first settled disagreement" in text and "66.7 %" in text
        from tests.tui.test_dialogs import in_view

        for button in dialog.query(Button):  # every button whole on screen at 80x24
            assert in_view(dialog, button), button.id
        await pilot.press("escape")  # cancel: nothing settled
        await settle(pilot)
        assert isinstance(app.screen, DisagreementScreen)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        others = [w for w in app.workers if w.group != "live"]  # "live" runs until the end
        if others:
            await app.workers.wait_for_complete(others)
        assert isinstance(app.screen, AskDialog)
        await pilot.press(*"Messe", "enter")
        await settle(pilot)
        assert "No disagreements left" in _title(app)
        await pilot.press("a")  # nothing left to settle: no second warning
        await settle(pilot)
        assert isinstance(app.screen, DisagreementScreen)
    saved = tmp_path / "exports" / "agreement-before-consensus.docx"
    assert saved.exists()
    from docx import Document

    document = Document(str(saved))
    body = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "noch keine Nichtübereinstimmung geklärt" in body  # the report says which codings
    assert "66,7 %" in cells
    assert [e.reason for e in tui_project.audit.log() if e.action == "resolve"] == ["Messe"]


async def test_a_reason_is_required(app: QualcodeApp, tui_project: Project) -> None:
    tui_project.coding.code("B01", "K2.2", turns=(7, 7))
    tui_project.as_coder("bob").coding.code("B01", "K2.1", turns=(9, 9))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d", "ctrl+s")
        await settle(pilot)
        await pilot.press("b", "c", "ctrl+s")  # past the first warning; no reason given
        await settle(pilot)
        assert isinstance(app.screen, AskDialog)  # still asking
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DisagreementScreen)
    assert [e for e in tui_project.audit.log() if e.action == "resolve"] == []


async def test_history_of_a_coding_and_a_category(app: QualcodeApp, tui_project: Project) -> None:
    coding = tui_project.coding.code("B01", "K2.1", turns=(2, 2))
    tui_project.coding.set_memo(coding.id, "klarer Fall")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "h")  # the cursor is on Pos. 2, which is coded
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        shown = str(app.screen.query_one("#history-events", Static).render())
        assert "coded B01 Pos. 2 as K2.1" in shown and "memo on coding" in shown
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)


async def test_blind_coding_shows_only_ones_own(tui_project: Project) -> None:
    from qualcode.tui.widgets.transcript_view import TranscriptView

    tui_project.coding.code("B01", "K2.1", turns=(2, 2))
    tui_project.as_coder("bob").coding.code("B01", "K2.2", turns=(3, 3))
    app = QualcodeApp(tui_project.as_coder("bob", blind=True))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.screen.query_one(TranscriptView)
        assert {c.coder for c in view.codings} == {"bob"}
        assert "blind: only bob's codings shown" in str(
            app.screen.query_one("#status", Static).render()
        )


async def test_a_new_category_after_the_freeze_needs_a_reason(
    app: QualcodeApp, tui_project: Project
) -> None:
    from qualcode.tui.screens.forms import NewCategoryDialog

    tui_project.versions.freeze()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "n")
        assert isinstance(app.screen, NewCategoryDialog)
        await pilot.press(*"Servicetechniker", "ctrl+s")  # no reason: refused, nothing stored
        await settle(pilot)
        assert tui_project.codebook.get().resolve("Servicetechniker") is None
        await pilot.press("n")
        assert isinstance(app.screen, NewCategoryDialog)
        await pilot.press(*"Servicetechniker")
        app.screen.query_one("#new-reason", Input).value = "neu im Hauptdurchlauf"
        await pilot.press("ctrl+s")
        await settle(pilot)
    created = tui_project.codebook.get().resolve("Servicetechniker")
    assert created is not None
    assert [v.label for v in tui_project.versions.all()] == ["1.0", "1.1"]
    (event,) = [e for e in tui_project.audit.log(category=created.code) if e.entity == "category"]
    assert event.reason == "neu im Hauptdurchlauf"
