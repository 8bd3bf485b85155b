"""Storing and removing codings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from qualcode.domain.coding import NewCoding
from qualcode.storage.db import Transaction, new_id
from qualcode.storage.memos import writes as memos_repo
from qualcode.storage.schema import codings


def insert(
    tx: Transaction,
    new: NewCoding,
    *,
    coder_id: int,
    codebook_version_id: int | None,
    now: datetime,
) -> int:
    coding_id = new_id(
        tx.conn.execute(codings.insert().values(_row(new, coder_id, codebook_version_id, now)))
    )
    if new.memo:
        memos_repo.insert_coding_memos(tx, [(coding_id, new.memo, coder_id, now)])
    return coding_id


def insert_many(
    tx: Transaction,
    items: list[NewCoding],
    *,
    coder_id: int,
    codebook_version_id: int | None,
    now: datetime,
) -> None:
    """Many codings in one executemany (bulk coding, the bench project)."""
    if not items:
        return
    before = last_id(tx) if any(n.memo for n in items) else None
    tx.conn.execute(codings.insert(), [_row(n, coder_id, codebook_version_id, now) for n in items])
    if before is not None:
        stored = zip(ids_after(tx, before), items, strict=True)
        memos_repo.insert_coding_memos(tx, [(i, n.memo, coder_id, now) for i, n in stored])


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
        "created_at": now,
        "updated_at": now,
    }


def delete(tx: Transaction, coding_id: int) -> None:
    tx.conn.execute(codings.delete().where(codings.c.id == coding_id))


def move(
    tx: Transaction,
    coding_id: int,
    *,
    start: int,
    end: int,
    text: str | None,
    review: str | None,
    now: datetime,
) -> None:
    """New offsets (and quoted text, when the passage was found) and an optional review note."""
    values: dict[str, Any] = {"char_start": start, "char_end": end, "review": review}
    if text is not None:
        values["text"] = text
    values["updated_at"] = now
    tx.conn.execute(codings.update().where(codings.c.id == coding_id).values(**values))


def set_memo(tx: Transaction, coding_id: int, memo: str, *, author_id: int, now: datetime) -> None:
    """The coding's memo (kept in the memo store) written, changed or cleared."""
    memos_repo.set_coding_memo(tx, coding_id, memo, author_id=author_id, now=now)
    tx.conn.execute(codings.update().where(codings.c.id == coding_id).values(updated_at=now))


def reassign(tx: Transaction, *, from_category: int, to_category: int, now: datetime) -> int:
    """Move every coding of one category to another (a merge); returns how many moved."""
    result = tx.conn.execute(
        codings.update()
        .where(codings.c.category_id == from_category)
        .values(category_id=to_category, updated_at=now)
    )
    return int(result.rowcount or 0)


def set_category(tx: Transaction, coding_id: int, category_id: int, *, now: datetime) -> None:
    tx.conn.execute(
        codings.update()
        .where(codings.c.id == coding_id)
        .values(category_id=category_id, updated_at=now)
    )


def confirm(tx: Transaction, coding_id: int, *, version_id: int | None, now: datetime) -> None:
    """A coder checked this coding again: it now stands under ``version_id``, with no note."""
    tx.conn.execute(
        codings.update()
        .where(codings.c.id == coding_id)
        .values(codebook_version_id=version_id, review=None, updated_at=now)
    )


def insert_rows(tx: Transaction, rows: list[dict[str, Any]]) -> None:
    """Codings as whole rows (a project import keeps each coding's coder, times and pass);
    a row's ``memo`` goes into the memo store, by the coding's coder at its last change."""
    if not rows:
        return
    before = last_id(tx)
    tx.conn.execute(codings.insert(), [{k: v for k, v in r.items() if k != "memo"} for r in rows])
    memos = [
        (coding_id, str(r.get("memo") or ""), r["coder_id"], r["updated_at"])
        for coding_id, r in zip(ids_after(tx, before), rows, strict=True)
    ]
    memos_repo.insert_coding_memos(tx, memos)


def last_id(tx: Transaction) -> int:
    """The highest coding id so far (0: none), to find the rows an import adds."""
    return int(tx.conn.execute(sa.select(sa.func.max(codings.c.id))).scalar() or 0)


def ids_after(tx: Transaction, after: int) -> list[int]:
    """The ids of the codings added after ``after``, in the order they were stored."""
    rows = tx.conn.execute(
        sa.select(codings.c.id).where(codings.c.id > after).order_by(codings.c.id)
    )
    return [int(r[0]) for r in rows]
