"""Audit events: stored as before, worded by their own kind, read back from stored rows."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import pytest

from qualcode.domain.audit import (
    AuditEvent,
    CategoryChanged,
    CategoryMoved,
    ChangeEvent,
    CodebookVersionCreated,
    CodingCreated,
    CodingMemoChanged,
    DisagreementResolved,
    DocumentRenamed,
    PassSet,
    kind_of,
)


def _row(event: ChangeEvent, coder: str = "alice", subject: str = "") -> AuditEvent:
    before, after = event.payload()
    return AuditEvent(
        1,
        datetime(2026, 11, 1, tzinfo=UTC),
        coder,
        event.action,
        event.entity,
        event.entity_id,
        before,
        after,
        event.reason,
        subject,
    )


def test_fields_go_under_their_stored_keys() -> None:
    assert PassSet(entity_id=3, old_pass="pilot", coding_pass="main").payload() == (
        {"pass": "pilot"},
        {"pass": "main"},
    )
    moved = CategoryMoved(
        entity_id=7, old_code="K2", old_parent=None, code="K3.1", parent="K3", renamed={}
    )
    assert moved.payload() == (
        {"code": "K2", "parent": None},
        {"code": "K3.1", "parent": "K3", "renamed": {}},
    )


def test_optional_fields_are_left_out_and_an_empty_side_is_none() -> None:
    loaded = CodebookVersionCreated(entity_id=1, label="1.0", title="T", source="cb.yaml")
    assert loaded.payload() == (None, {"label": "1.0", "title": "T", "source": "cb.yaml"})
    opened = CodebookVersionCreated(entity_id=2, previous="1.0", label="1.1")
    assert opened.payload() == ({"label": "1.0"}, {"label": "1.1"})


def test_a_whole_side_field_is_stored_as_it_is() -> None:
    view = {"document": "B01", "category": "K2.1", "text": "ja", "coder": "bob", "pass": "main"}
    assert CodingCreated(entity_id=5, coding=view).payload() == (None, view)


@pytest.mark.parametrize(
    "event",
    [
        PassSet(entity_id=3, old_pass="pilot", coding_pass="main"),
        CodingMemoChanged(entity_id=4, old_memo="", memo="klar"),
        CategoryChanged(entity_id=9, old={"name": "A"}, new={"name": "B"}, reason="knapper"),
        CodebookVersionCreated(entity_id=2, previous="1.0", label="1.1", reason="split"),
        DocumentRenamed(entity_id=6, old_name="B01", name="Interview Müller", reason="zitierbar"),
        DisagreementResolved(
            spans_a=[[1, 5]],
            spans_b=[],
            detail="",
            document="B01",
            category="K2",
            start=1,
            end=5,
            coders="alice / bob",
            decision="coded as alice did",
            codings=[7],
            reason="besprochen",
        ),
    ],
)
def test_a_stored_event_reads_back_as_its_kind(event: ChangeEvent) -> None:
    row = _row(event)
    assert kind_of(event.entity, event.action) is type(event)
    assert row.typed() == event
    assert row.describe() == event.describe(actor="alice")


def test_the_wording_is_the_kinds_own() -> None:
    view: dict[str, Any] = {"document": "B01", "category": "K2.1", "text": "ja", "coder": "bob"}
    created = _row(CodingCreated(entity_id=5, coding=view))
    assert (
        created.describe() == "coded B01 Pos. – as K2.1 for bob: “ja”"
    )  # no Pos. kept, none found
    placed = dataclasses.replace(created, place=(3, 4))  # found in the transcript when read
    assert placed.describe() == "coded B01 Pos. 3–4 as K2.1 for bob: “ja”"
    changed = _row(CategoryChanged(entity_id=9, old={}, new={"name": "B"}), subject="K2")
    assert changed.describe() == "changed K2: name"
    assert _row(PassSet(entity_id=1, old_pass="pilot", coding_pass="main")).describe() == (
        "switched from the pilot pass to the main pass"
    )


def test_old_rows_with_missing_keys_and_unknown_kinds_still_read() -> None:
    at = datetime(2026, 11, 1, tzinfo=UTC)
    partial = AuditEvent(1, at, "alice", "reassign", "coding", 4, None, {"category": "K3"}, "")
    assert partial.describe() == "coding 4: None → K3"
    unknown = AuditEvent(2, at, "alice", "archive", "memo", 8, None, None, "")
    assert unknown.typed() is None
    assert unknown.describe() == "archive memo 8"


def test_counts_in_the_wording_agree_in_number() -> None:
    from qualcode.domain.audit import CategoryMerged, CodingMemoChanged, CodingsAdded
    from qualcode.domain.plurals import counted

    assert counted(1, "coding") == "1 coding" and counted(2, "turn") == "2 turns"
    assert counted(0, "category") == "0 categories"
    one = CategoryMerged(
        code="K2.2", old_status="active", into="K2.1", codings_moved=1, status="retired"
    )
    assert one.describe() == "merged K2.2 into K2.1 (1 coding moved)"
    assert CodingsAdded(count=1).describe() == "added 1 coding in one go"
    # a memo taken back (or cleared) does not read as an empty memo
    cleared = CodingMemoChanged(entity_id=5, old_memo="klarer Fall", memo="")
    assert cleared.describe() == "cleared the memo on coding 5"
