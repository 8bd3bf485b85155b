"""`qualcode log --verify`, `status` and every opening, on a trail tampered with by hand."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from qualcode.domain.errors import ExitCode
from tests.cli.conftest import Run


def _tamper(path: Path, *statements: str) -> None:
    raw = sqlite3.connect(path)
    raw.execute("DROP TRIGGER audit_events_no_update")
    raw.execute("DROP TRIGGER audit_events_no_delete")
    for statement in statements:
        raw.execute(statement)
    raw.commit()
    raw.close()


def test_an_intact_trail_verifies_and_shows_its_head(sample: Run) -> None:
    result = sample("log", "--verify")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Audit trail: intact (") and lines[0].endswith(" events)")
    head = lines[1].removeprefix("Head: ")
    assert len(head) == 64
    assert sample("code", "B01", "K2.1", "--turn", "3").exit_code == 0
    pinned = sample("log", "--verify", "--head", head[:16])
    assert pinned.exit_code == 0 and "still holds the pinned head" in pinned.output
    data = json.loads(sample("log", "--verify", "--json").output)
    assert data["ok"] is True and data["head"] != head and data["problem"] is None
    status = sample("status")
    assert f"Audit trail: intact ({data['checked']} events)" in status.output
    assert json.loads(sample("status", "--json").output)["audit_trail"]["ok"] is True
    logged = json.loads(sample("log", "--json").output)
    assert logged[-1]["hash"] == data["head"] and logged[-1]["seq"] == data["checked"]


def test_a_deleted_event_is_named_and_every_opening_warns(sample: Run, tmp_path: Path) -> None:
    path = tmp_path / "project.db"
    _tamper(path, "DELETE FROM audit_events WHERE seq = 4")
    result = sample("log", "--verify")
    assert result.exit_code == int(ExitCode.AUDIT_BROKEN) == 9
    first = result.stdout.splitlines()[0]
    assert first.startswith("Audit trail: BROKEN at event ") and "(no. 4 missing)" in first
    assert "Head:" not in result.output
    warning = "qualcode: warning: the audit trail is not protected"
    assert warning in result.stderr and result.stderr.count("\n") == 1
    status = sample("status")
    assert status.exit_code == 0 and warning in status.stderr
    assert "Audit trail: BROKEN at event " in status.stdout
    listed = sample("documents")
    assert listed.exit_code == 0 and warning in listed.stderr  # reading still works


def test_a_pinned_head_no_longer_in_the_trail_fails(sample: Run, tmp_path: Path) -> None:
    head = sample("log", "--verify").output.splitlines()[1].removeprefix("Head: ")
    path = tmp_path / "project.db"
    last = "(SELECT max(seq) FROM audit_events)"
    # Rewritten from the pinned event on: here, the last event and the head taken away.
    _tamper(
        path,
        f"DELETE FROM audit_events WHERE seq = {last}",
        "UPDATE audit_chain SET seq = (SELECT max(seq) FROM audit_events), "
        "hash = (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1)",
        "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
        "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
    )
    assert sample("log", "--verify").exit_code == 0  # a chain rewritten whole holds...
    result = sample("log", "--verify", "--head", head)
    assert result.exit_code == ExitCode.AUDIT_BROKEN  # ...but no longer holds the pinned head
    assert f"the pinned head {head[:16]} is not in the trail" in result.output


def test_status_checks_a_long_trail_at_its_end_only(
    sample: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qualcode.services import audit

    monkeypatch.setattr(audit, "FULL_CHECK_UP_TO", 10)  # the sample's trail counts as long
    status = sample("status")
    assert "Audit trail: intact at its end (" in status.stdout
    assert "'qualcode log --verify' checks every link" in status.stdout
    assert json.loads(sample("status", "--json").output)["audit_trail"]["every_link_checked"] is (
        False
    )
    _tamper(tmp_path / "project.db", "DELETE FROM audit_events WHERE seq = 4")
    broken = sample("status").stdout
    assert "Audit trail: BROKEN: " in broken and "names the first broken link" in broken
