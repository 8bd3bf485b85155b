"""Reading the audit trail."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from qualcode.domain.audit_chain import ChainEntry
from qualcode.storage import convert
from qualcode.storage.audit import triggers
from qualcode.storage.reader import Reader, Row
from qualcode.storage.sql import expand, sql

if TYPE_CHECKING:
    from qualcode.domain.audit import AuditEvent


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
    from qualcode.domain.audit import AuditEvent  # the events' wording: only when read

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
            seq=r["seq"],
            hash=r["hash"],
        )
        for r in rows
    ]


def coding_ids_of_categories(reader: Reader, category_ids: list[int]) -> list[int]:
    if not category_ids:
        return []
    text, params = expand(sql(reader, "audit.coding_ids_of_categories"), "c", category_ids)
    rows = reader.rows(text, params)
    return [int(r["id"]) for r in rows]


def _entry(r: Row) -> ChainEntry:
    return ChainEntry(
        id=int(r["id"]),
        seq=r["seq"],
        at=r["at"],
        coder=r["coder"] or "",
        action=r["action"],
        entity=r["entity"],
        entity_id=r["entity_id"],
        before=_text_json(r["before"]),
        after=_text_json(r["after"]),
        reason=r["reason"] or "",
        prev_hash=r["prev_hash"],
        hash=r["hash"],
    )


def _text_json(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def chain(reader: Reader) -> Iterator[ChainEntry]:
    """Every event with its chain columns, in chain order (seq), as the check reads them."""
    for r in reader.rows(sql(reader, "audit.chain")):
        yield _entry(r)


def chain_last(reader: Reader) -> ChainEntry | None:
    """The newest event of the chain (the highest seq)."""
    rows = reader.rows(sql(reader, "audit.chain_last"))
    return _entry(rows[0]) if rows else None


def chain_head(reader: Reader) -> tuple[int, str] | None:
    """(seq, hash) of the last event as the chain-head row records it; None when it is gone."""
    rows = reader.rows(sql(reader, "audit.chain_head"))
    return (int(rows[0]["seq"]), str(rows[0]["hash"])) if rows else None


def changes_since(reader: Reader, seq: int) -> list[Row]:
    """The events after ``seq`` in chain order: seq, entity, action, coder and, for a coding
    that still exists, its document."""
    return reader.rows(sql(reader, "audit.changes_since"), {"seq": seq})


def count(reader: Reader) -> int:
    return int(reader.scalar(sql(reader, "audit.count")) or 0)


def missing_triggers(reader: Reader) -> tuple[str, ...]:
    """The append-only triggers the trail lacks (dropped, disabled or changed)."""
    return triggers.missing_audit_triggers(reader)
