"""The audit trail as a reviewer reads it: which codings an event belongs to."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from qualcode.domain.audit import AuditEvent
from qualcode.services.review.histories import coding_ids


def _event(entity: str, action: str, entity_id: int | None, before: Any, after: Any) -> AuditEvent:
    return AuditEvent(
        1, datetime(2026, 12, 1, tzinfo=UTC), "alice", action, entity, entity_id, before, after, ""
    )


def test_an_event_belongs_to_the_codings_it_names() -> None:
    assert coding_ids(_event("coding", "create", 4, None, {"category": "K1"})) == [4]
    settled = _event("disagreement", "resolve", 2, {"a": []}, {"codings": [7, 8]})
    assert coding_ids(settled) == [7, 8]
    accepted = _event("proposal", "accept", 3, None, {"coding_id": 11, "rule": "Messe"})
    assert coding_ids(accepted) == [11]
    assert coding_ids(_event("category", "update", 5, {}, {"name": "x"})) == []
