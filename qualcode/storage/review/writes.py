"""Storing reviewers' comments."""

from __future__ import annotations

from datetime import datetime

from qualcode.domain.review import ReviewComment
from qualcode.storage.db import Transaction
from qualcode.storage.schema import review_comments


def insert(
    tx: Transaction,
    export_id: str,
    reviewer: str,
    comment: ReviewComment,
    *,
    coder_id: int,
    now: datetime,
) -> int:
    """Store one comment; returns its id."""
    result = tx.conn.execute(
        review_comments.insert().values(
            export_id=export_id,
            comment_key=comment.key,
            reviewer=reviewer,
            target=comment.target,
            coding_id=comment.coding_id,
            document=comment.document,
            position=comment.position,
            position_end=comment.position_end,
            category=comment.category,
            text=comment.text,
            written_at=comment.written,
            imported_by=coder_id,
            imported_at=now,
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def mark_done(tx: Transaction, comment_id: int, now: datetime) -> None:
    """The coder has dealt with the comment: it is no longer open."""
    tx.conn.execute(
        review_comments.update().where(review_comments.c.id == comment_id).values(done_at=now)
    )
