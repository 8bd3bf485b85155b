"""Storing memos: a new one, an edit that keeps the version before it, a removal."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from qualcode.storage.db import Transaction, new_id
from qualcode.storage.schema import memo_versions, memos


def insert(
    tx: Transaction,
    *,
    target: str,
    target_id: int | None,
    title: str,
    text: str,
    author_id: int,
    now: datetime,
) -> int:
    column = {"document": "document_id", "category": "category_id", "coding": "coding_id"}
    values: dict[str, object] = {
        "target": target,
        "title": title,
        "text": text,
        "author_id": author_id,
        "created_at": now,
        "updated_at": now,
    }
    if target in column:
        values[column[target]] = target_id
    return new_id(tx.conn.execute(memos.insert().values(**values)))


def edit(
    tx: Transaction, memo_id: int, *, title: str, text: str, author_id: int, now: datetime
) -> None:
    """The memo's new wording; the one before it goes into its history first."""
    old = tx.conn.execute(
        sa.select(memos.c.title, memos.c.text, memos.c.author_id, memos.c.updated_at).where(
            memos.c.id == memo_id
        )
    ).one()
    tx.conn.execute(
        memo_versions.insert().values(
            memo_id=memo_id,
            title=old.title,
            text=old.text,
            author_id=old.author_id,
            saved_at=old.updated_at,
        )
    )
    tx.conn.execute(
        memos.update()
        .where(memos.c.id == memo_id)
        .values(title=title, text=text, author_id=author_id, updated_at=now)
    )


def delete(tx: Transaction, memo_id: int) -> None:
    tx.conn.execute(memos.delete().where(memos.c.id == memo_id))


def coding_memo_id(tx: Transaction, coding_id: int) -> int | None:
    """The id of a coding's memo, if it has one."""
    found = tx.conn.execute(sa.select(memos.c.id).where(memos.c.coding_id == coding_id)).scalar()
    return int(found) if found is not None else None


def set_coding_memo(
    tx: Transaction, coding_id: int, text: str, *, author_id: int, now: datetime
) -> None:
    """Write, change or (empty ``text``) remove the memo of a coding."""
    found = coding_memo_id(tx, coding_id)
    if not text:
        if found is not None:
            delete(tx, found)
        return
    if found is None:
        insert(
            tx,
            target="coding",
            target_id=coding_id,
            title="",
            text=text,
            author_id=author_id,
            now=now,
        )
    else:
        title = tx.conn.execute(sa.select(memos.c.title).where(memos.c.id == found)).scalar()
        edit(tx, found, title=str(title or ""), text=text, author_id=author_id, now=now)


def insert_coding_memos(tx: Transaction, items: list[tuple[int, str, int, datetime]]) -> None:
    """Memos of codings just stored: (coding id, text, author id, time), in one executemany."""
    rows = [
        {
            "target": "coding",
            "coding_id": coding_id,
            "title": "",
            "text": text,
            "author_id": author_id,
            "created_at": at,
            "updated_at": at,
        }
        for coding_id, text, author_id, at in items
        if text
    ]
    if rows:
        tx.conn.execute(memos.insert(), rows)
