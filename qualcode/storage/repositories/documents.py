"""Storing documents, their turns and case attributes."""

from __future__ import annotations

from datetime import datetime

from qualcode.domain.text import word_count
from qualcode.domain.transcript import ParsedTranscript
from qualcode.storage.db import Transaction
from qualcode.storage.repositories import new_id
from qualcode.storage.schema import attributes, documents, turns


def insert(
    tx: Transaction,
    *,
    name: str,
    source_name: str,
    sha256: str,
    parsed: ParsedTranscript,
    coder_id: int,
    now: datetime,
) -> int:
    """Store a parsed transcript with its turns; returns the new document id."""
    document_id = new_id(
        tx.conn.execute(
            documents.insert().values(
                name=name,
                source_name=source_name,
                format=parsed.format,
                sha256=sha256,
                text=parsed.text,
                word_count=word_count(parsed.text),
                turn_count=len(parsed.turns),
                imported_by=coder_id,
                imported_at=now,
            )
        )
    )
    if parsed.turns:
        tx.conn.execute(
            turns.insert(),
            [
                {
                    "document_id": document_id,
                    "position": t.position,
                    "speaker": t.speaker,
                    "start_seconds": t.start,
                    "end_seconds": t.end,
                    "char_start": t.char_start,
                    "char_end": t.char_end,
                }
                for t in parsed.turns
            ],
        )
    return document_id


def set_attributes(tx: Transaction, document_id: int, values: dict[str, str]) -> None:
    """Set (insert or overwrite) case attributes of one document."""
    if not values:
        return
    tx.conn.execute(
        attributes.delete().where(
            attributes.c.document_id == document_id, attributes.c.key.in_(list(values))
        )
    )
    tx.conn.execute(
        attributes.insert(),
        [{"document_id": document_id, "key": k, "value": v} for k, v in values.items()],
    )
