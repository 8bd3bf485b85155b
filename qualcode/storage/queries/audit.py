"""Reading the audit trail."""

from __future__ import annotations

import json
from typing import Any

from qualcode.domain.audit import AuditEvent
from qualcode.storage import convert
from qualcode.storage.reader import Reader, in_list


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def events(
    reader: Reader,
    *,
    coder_id: int | None = None,
    entity: str | None = None,
    entity_ids: list[int] | None = None,
) -> list[AuditEvent]:
    """Events oldest first, optionally of one coder, one kind of entity, some entities."""
    where: list[str] = []
    params: dict[str, Any] = {}
    if coder_id is not None:
        where.append("e.coder_id = :coder_id")
        params["coder_id"] = coder_id
    if entity is not None:
        where.append("e.entity = :entity")
        params["entity"] = entity
    if entity_ids is not None:
        if not entity_ids:
            return []
        ids, id_params = in_list("e", entity_ids)
        where.append(f"e.entity_id IN {ids}")
        params.update(id_params)
    rows = reader.rows(
        "SELECT e.id, e.at, p.name AS coder, e.action, e.entity, e.entity_id, e.before,"
        " e.after, e.reason, coalesce(c.code, d.name) AS subject"
        " FROM audit_events e JOIN coders p ON p.id = e.coder_id"
        " LEFT JOIN categories c ON e.entity = 'category' AND c.id = e.entity_id"
        " LEFT JOIN documents d ON e.entity = 'document' AND d.id = e.entity_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY e.id",
        params,
    )
    return [
        AuditEvent(
            id=r["id"],
            at=convert.utc(r["at"]),
            coder=r["coder"],
            action=r["action"],
            entity=r["entity"],
            entity_id=r["entity_id"],
            before=_json(r["before"]),
            after=_json(r["after"]),
            reason=r["reason"] or "",
            subject=r["subject"] or "",
        )
        for r in rows
    ]


def coding_ids_of_categories(reader: Reader, category_ids: list[int]) -> list[int]:
    if not category_ids:
        return []
    ids, params = in_list("c", category_ids)
    rows = reader.rows(f"SELECT id FROM codings WHERE category_id IN {ids}", params)
    return [int(r["id"]) for r in rows]
