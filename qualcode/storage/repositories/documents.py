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
    _insert_turns(tx, document_id, parsed)
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


def replace_text(
    tx: Transaction,
    document_id: int,
    *,
    source_name: str,
    sha256: str,
    parsed: ParsedTranscript,
    now: datetime,
) -> None:
    """Give a document a corrected text and its new turns (codings are moved by the caller)."""
    tx.conn.execute(
        documents.update()
        .where(documents.c.id == document_id)
        .values(
            source_name=source_name,
            format=parsed.format,
            sha256=sha256,
            text=parsed.text,
            word_count=word_count(parsed.text),
            turn_count=len(parsed.turns),
        )
    )
    tx.conn.execute(turns.delete().where(turns.c.document_id == document_id))
    _insert_turns(tx, document_id, parsed)


def _insert_turns(tx: Transaction, document_id: int, parsed: ParsedTranscript) -> None:
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


def delete(tx: Transaction, document_id: int) -> None:
    """Remove a document; its turns, attributes and codings go with it (ON DELETE CASCADE)."""
    tx.conn.execute(documents.delete().where(documents.c.id == document_id))
