"""Storing documents, their turns and case attributes (an import into a SQLite project takes
the plain-SQL form of insert and set_attributes, in ``plain_writes.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from qualcode.domain.transcript import ParsedTranscript, TurnRow, turn_rows
from qualcode.storage.db import Transaction, new_id
from qualcode.storage.documents.plain_writes import TURN_COLUMNS
from qualcode.storage.schema import attributes, documents, turns


def insert(
    tx: Transaction,
    *,
    name: str,
    source_name: str,
    sha256: str,
    fmt: str,
    text: str,
    turns: Sequence[TurnRow],
    words: int,
    coder_id: int,
    now: datetime,
) -> int:
    """Store a transcript with its turns (as :func:`turn_rows` gives them); returns its id.

    An import hands over plain values rather than a ParsedTranscript: its turns come from the
    parsing processes as tuples, and building Turn objects only to take them apart again here
    would cost more than writing them.
    """
    # One statement with bound values, compiled once for the whole import (values() would
    # compile a new statement for every document).
    document_id = new_id(
        tx.conn.execute(
            documents.insert(),
            {
                "name": name,
                "source_name": source_name,
                "format": fmt,
                "sha256": sha256,
                "text": text,
                "word_count": words,
                "turn_count": len(turns),
                "imported_by": coder_id,
                "imported_at": now,
            },
        )
    )
    _insert_turns(tx, document_id, turns)
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
            word_count=parsed.word_count(),
            turn_count=len(parsed.turns),
        )
    )
    tx.conn.execute(turns.delete().where(turns.c.document_id == document_id))
    _insert_turns(tx, document_id, turn_rows(parsed.turns))


_TURN_COLUMNS = TURN_COLUMNS  # document_id, then TurnRow's order
# The drivers' positional placeholders: sqlite3 (qmark) and psycopg (format, pyformat).
_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def _insert_turns(tx: Transaction, document_id: int, rows: Sequence[TurnRow]) -> None:
    """All turns of a document in one executemany of plain tuples.

    An import writes about 100 turns per document and 50,000 in all; SQLAlchemy's executemany
    of dictionaries builds and processes the parameters row by row, which took longer than the
    driver's own executemany of tuples does for the whole insert. The columns need no type
    conversion (integers, text, floats), so the driver gets the rows as they are.
    """
    if not rows:
        return
    params = [(document_id, *row) for row in rows]
    placeholder = _PLACEHOLDERS.get(tx.conn.dialect.paramstyle)
    if placeholder is None:  # another driver: SQLAlchemy knows its parameters
        tx.conn.execute(
            turns.insert(), [dict(zip(_TURN_COLUMNS, row, strict=True)) for row in params]
        )
        return
    tx.conn.exec_driver_sql(
        f"INSERT INTO {turns.name} ({', '.join(_TURN_COLUMNS)}) "
        f"VALUES ({', '.join([placeholder] * len(_TURN_COLUMNS))})",
        params,
    )


def rename(tx: Transaction, document_id: int, name: str) -> None:
    """Give a document another name (its codings, turns and attributes stay with its id)."""
    tx.conn.execute(documents.update().where(documents.c.id == document_id).values(name=name))


def delete(tx: Transaction, document_id: int) -> None:
    """Remove a document; its turns, attributes and codings go with it (ON DELETE CASCADE)."""
    tx.conn.execute(documents.delete().where(documents.c.id == document_id))
