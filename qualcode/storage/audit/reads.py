"""Reading the audit trail."""

from __future__ import annotations

import json
from typing import Any

from qualcode.domain.audit import AuditEvent
from qualcode.storage import convert
from qualcode.storage.reader import Reader
from qualcode.storage.sql import expand, sql


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
    filters: list[str] = []
    params: dict[str, Any] = {"coder_id": coder_id, "entity": entity}
    if coder_id is not None:
        filters.append("coder")
    if entity is not None:
        filters.append("entity")
    if entity_ids is not None:
        if not entity_ids:
            return []
        filters.append("entity_ids")
    text = sql(reader, "audit.events", filters)
    if entity_ids is not None:
        text, id_params = expand(text, "e", entity_ids)
        params.update(id_params)
    rows = reader.rows(text, params)
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
    text, params = expand(sql(reader, "audit.coding_ids_of_categories"), "c", category_ids)
    rows = reader.rows(text, params)
    return [int(r["id"]) for r in rows]
