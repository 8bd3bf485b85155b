"""Reading reviewers' comments."""

from __future__ import annotations

from qualcode.domain.review import StoredComment
from qualcode.storage import convert
from qualcode.storage.reader import Reader
from qualcode.storage.sql import sql


def comments(reader: Reader, *, open_only: bool = False) -> list[StoredComment]:
    """Every comment brought in, oldest first (``open_only``: those not marked done)."""
    text = sql(reader, "review.comments", ["open"] if open_only else [])
    return [
        StoredComment(
            id=row["id"],
            export_id=row["export_id"],
            key=row["comment_key"],
            reviewer=row["reviewer"],
            target=row["target"],
            coding_id=row["coding_id"],
            document=row["document"],
            position=row["position"],
            position_end=row["position_end"],
            category=row["category"],
            text=row["text"],
            written=convert.utc(row["written_at"]),
            imported_by=row["imported_by"],
            imported=convert.utc(row["imported_at"]),
            done=convert.utc(row["done_at"]) if row["done_at"] is not None else None,
        )
        for row in reader.rows(text)
    ]


def keys(reader: Reader, export_id: str) -> set[str]:
    """The comments of one exported page already brought in."""
    return {
        row["comment_key"]
        for row in reader.rows(sql(reader, "review.keys"), {"export_id": export_id})
    }
