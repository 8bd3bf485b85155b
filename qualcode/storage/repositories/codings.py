"""Codings: categories applied to spans of text."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from qualcode.domain.coding import Coding, NewCoding
from qualcode.storage import convert
from qualcode.storage.repositories import new_id
from qualcode.storage.schema import (
    categories,
    codebook_versions,
    coders,
    codings,
    documents,
    turns,
)


def insert(
    conn: Connection,
    new: NewCoding,
    *,
    coder_id: int,
    codebook_version_id: int | None,
    now: datetime,
) -> int:
    result = conn.execute(codings.insert().values(_row(new, coder_id, codebook_version_id, now)))
    return new_id(result)


def insert_many(
    conn: Connection,
    items: list[NewCoding],
    *,
    coder_id: int,
    codebook_version_id: int | None,
    now: datetime,
) -> None:
    """Many codings in one executemany (bulk coding, the bench project)."""
    if items:
        conn.execute(codings.insert(), [_row(n, coder_id, codebook_version_id, now) for n in items])


def _row(
    new: NewCoding, coder_id: int, codebook_version_id: int | None, now: datetime
) -> dict[str, Any]:
    return {
        "document_id": new.document_id,
        "category_id": new.category_id,
        "char_start": new.start,
        "char_end": new.end,
        "text": new.text,
        "coder_id": coder_id,
        "coding_pass": new.coding_pass,
        "codebook_version_id": codebook_version_id,
        "memo": new.memo,
        "created_at": now,
        "updated_at": now,
    }


def _select() -> sa.Select[Any]:
    return (
        sa.select(
            codings,
            documents.c.name.label("document_name"),
            categories.c.code.label("category_code"),
            categories.c.name.label("category_name"),
            coders.c.name.label("coder_name"),
            codebook_versions.c.label.label("codebook_version"),
        )
        .join(documents, documents.c.id == codings.c.document_id)
        .join(categories, categories.c.id == codings.c.category_id)
        .join(coders, coders.c.id == codings.c.coder_id)
        .outerjoin(codebook_versions, codebook_versions.c.id == codings.c.codebook_version_id)
    )


def get(conn: Connection, coding_id: int) -> Coding | None:
    row = conn.execute(_select().where(codings.c.id == coding_id)).mappings().first()
    if row is None:
        return None
    return _with_positions(conn, [convert.coding(row)])[0]


def delete(conn: Connection, coding_id: int) -> None:
    conn.execute(codings.delete().where(codings.c.id == coding_id))


def query(
    conn: Connection,
    *,
    document_id: int | None = None,
    category_ids: list[int] | None = None,
    coder_id: int | None = None,
) -> list[Coding]:
    """Codings in document and text order, with the Pos. range each one covers."""
    stmt = _select()
    if document_id is not None:
        stmt = stmt.where(codings.c.document_id == document_id)
    if category_ids is not None:
        stmt = stmt.where(codings.c.category_id.in_(category_ids))
    if coder_id is not None:
        stmt = stmt.where(codings.c.coder_id == coder_id)
    stmt = stmt.order_by(documents.c.name, codings.c.char_start, codings.c.char_end, codings.c.id)
    found = [convert.coding(r) for r in conn.execute(stmt).mappings()]
    return _with_positions(conn, found)


def _with_positions(conn: Connection, found: list[Coding]) -> list[Coding]:
    """Attach the first and last Pos. of each coding from its document's turn offsets."""
    if not found:
        return found
    doc_ids = sorted({c.document_id for c in found})
    starts: dict[int, list[int]] = defaultdict(list)
    positions: dict[int, list[int]] = defaultdict(list)
    stmt = (
        sa.select(turns.c.document_id, turns.c.char_start, turns.c.position)
        .where(turns.c.document_id.in_(doc_ids))
        .order_by(turns.c.document_id, turns.c.char_start)
    )
    for doc_id, char_start, position in conn.execute(stmt):
        starts[doc_id].append(char_start)
        positions[doc_id].append(position)
    result = []
    for c in found:
        s, p = starts.get(c.document_id), positions.get(c.document_id)
        if not s or not p:
            result.append(c)
            continue
        first = max(bisect_right(s, c.start) - 1, 0)
        last = max(bisect_right(s, c.end - 1) - 1, first)
        result.append(replace(c, position=p[first], position_end=p[last]))
    return result


def count(conn: Connection) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(codings)).scalar_one())


def counts_by_coder(conn: Connection) -> dict[str, int]:
    rows = conn.execute(
        sa.select(coders.c.name, sa.func.count())
        .join(codings, codings.c.coder_id == coders.c.id)
        .group_by(coders.c.name)
        .order_by(coders.c.name)
    )
    return {name: count for name, count in rows}
