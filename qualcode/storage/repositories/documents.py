"""Documents, their turns and case attributes."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from qualcode.domain.text import word_count
from qualcode.domain.transcript import DocumentInfo, ParsedTranscript, Transcript
from qualcode.storage import convert
from qualcode.storage.repositories import new_id
from qualcode.storage.schema import attributes, coders, codings, documents, turns


def insert(
    conn: Connection,
    *,
    name: str,
    source_name: str,
    sha256: str,
    parsed: ParsedTranscript,
    coder_id: int,
    now: datetime,
) -> int:
    """Store a parsed transcript with its turns; returns the new document id."""
    result = conn.execute(
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
    document_id = new_id(result)
    if parsed.turns:
        conn.execute(
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


def set_attributes(conn: Connection, document_id: int, values: dict[str, str]) -> None:
    """Set (insert or overwrite) case attributes of one document."""
    if not values:
        return
    conn.execute(
        attributes.delete().where(
            attributes.c.document_id == document_id, attributes.c.key.in_(list(values))
        )
    )
    conn.execute(
        attributes.insert(),
        [{"document_id": document_id, "key": k, "value": v} for k, v in values.items()],
    )


def attributes_of(conn: Connection, document_id: int) -> dict[str, str]:
    rows = conn.execute(
        sa.select(attributes.c.key, attributes.c.value)
        .where(attributes.c.document_id == document_id)
        .order_by(attributes.c.key)
    )
    return {k: v for k, v in rows}


def _document_columns() -> list[sa.ColumnElement[object]]:
    return [
        documents.c.id,
        documents.c.name,
        documents.c.source_name,
        documents.c.format,
        documents.c.sha256,
        documents.c.word_count,
        documents.c.turn_count,
        documents.c.imported_at,
        coders.c.name.label("imported_by_name"),
    ]


def list_all(conn: Connection) -> list[DocumentInfo]:
    """Every document with its attributes and number of codings, in name order."""
    counts = {
        doc_id: n
        for doc_id, n in conn.execute(
            sa.select(codings.c.document_id, sa.func.count()).group_by(codings.c.document_id)
        )
    }
    attrs: dict[int, dict[str, str]] = defaultdict(dict)
    for doc_id, key, value in conn.execute(
        sa.select(attributes.c.document_id, attributes.c.key, attributes.c.value).order_by(
            attributes.c.document_id, attributes.c.key
        )
    ):
        attrs[doc_id][key] = value
    rows = conn.execute(
        sa.select(*_document_columns())
        .join(coders, coders.c.id == documents.c.imported_by)
        .order_by(documents.c.name)
    ).mappings()
    return [convert.document(r, attrs.get(r["id"], {}), counts.get(r["id"], 0)) for r in rows]


def get(conn: Connection, document_id: int) -> DocumentInfo | None:
    row = (
        conn.execute(
            sa.select(*_document_columns())
            .join(coders, coders.c.id == documents.c.imported_by)
            .where(documents.c.id == document_id)
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    count = conn.execute(
        sa.select(sa.func.count()).where(codings.c.document_id == document_id)
    ).scalar_one()
    return convert.document(row, attributes_of(conn, document_id), count)


def find_id(conn: Connection, ref: str) -> int | None:
    """A document by name, or by id when ``ref`` is a number that is not also a name."""
    found = conn.execute(sa.select(documents.c.id).where(documents.c.name == ref)).scalar()
    if found is not None:
        return int(found)
    if ref.isdigit():
        found = conn.execute(sa.select(documents.c.id).where(documents.c.id == int(ref))).scalar()
        if found is not None:
            return int(found)
    return None


def id_by_name(conn: Connection) -> dict[str, int]:
    return {
        name: doc_id for name, doc_id in conn.execute(sa.select(documents.c.name, documents.c.id))
    }


def find_by_sha256(conn: Connection, sha256: str) -> str | None:
    return conn.execute(
        sa.select(documents.c.name).where(documents.c.sha256 == sha256).limit(1)
    ).scalar()


def transcript(conn: Connection, document_id: int) -> Transcript | None:
    info = get(conn, document_id)
    if info is None:
        return None
    text = conn.execute(
        sa.select(documents.c.text).where(documents.c.id == document_id)
    ).scalar_one()
    rows = conn.execute(
        sa.select(turns).where(turns.c.document_id == document_id).order_by(turns.c.position)
    ).mappings()
    return Transcript(document=info, text=text, turns=tuple(convert.turn(r) for r in rows))


def texts(conn: Connection, document_ids: list[int]) -> dict[int, str]:
    rows = conn.execute(
        sa.select(documents.c.id, documents.c.text).where(documents.c.id.in_(document_ids))
    )
    return {name: count for name, count in rows}


def count(conn: Connection) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(documents)).scalar_one())


def totals(conn: Connection) -> tuple[int, int, int]:
    """Documents, turns and words in the project."""
    row = conn.execute(
        sa.select(
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(documents.c.turn_count), 0),
            sa.func.coalesce(sa.func.sum(documents.c.word_count), 0),
        )
    ).one()
    return int(row[0]), int(row[1]), int(row[2])
