"""The workbench says so when the audit trail's append-only triggers are gone."""

from __future__ import annotations

import sqlite3

from qualcode.services.project import Project, open_project
from qualcode.tui.app import QualcodeApp
from tests.tui.conftest import settle


async def test_missing_triggers_show_a_notification(tui_project: Project) -> None:
    raw = sqlite3.connect("project.db")
    raw.execute("DROP TRIGGER audit_events_no_delete")
    raw.commit()
    raw.close()
    project = open_project("project.db", "alice")
    try:
        app = QualcodeApp(project)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            shown = [n for n in app._notifications if n.title == "Audit trail"]
            assert len(shown) == 1 and shown[0].severity == "warning"
            assert "audit_events_no_delete" in shown[0].message
    finally:
        project.close()


async def test_an_intact_trail_shows_none(app: QualcodeApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert not [n for n in app._notifications if n.title == "Audit trail"]
