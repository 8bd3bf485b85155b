"""Reading case summaries, cell summaries and the summarising technique's units."""

from __future__ import annotations

from typing import Any

from qualcode.domain.summaries import Summary
from qualcode.storage import convert
from qualcode.storage.reader import Reader, Row
from qualcode.storage.sql import sql


def _summary(row: Row) -> Summary:
    return Summary(
        id=row["id"],
        document=row["document"],
        document_id=row["document_id"],
        category=row["category"],
        text=row["text"],
        author=row["author"],
        written=convert.utc(row["written_at"]),
    )


def current(reader: Reader, *, document_id: int | None = None) -> list[Summary]:
    """The newest version of every summary (of one document's, with ``document_id``)."""
    if document_id is None:
        return [_summary(r) for r in reader.rows(sql(reader, "summaries.current"))]
    text = sql(reader, "summaries.current", ["document"])
    return [_summary(r) for r in reader.rows(text, {"document_id": document_id})]


def history(reader: Reader, document_id: int, category_id: int | None) -> list[Summary]:
    """Every version of the case summary (``category_id`` None) or of one cell, oldest first."""
    params: dict[str, Any] = {"document_id": document_id}
    if category_id is None:
        text = sql(reader, "summaries.history", ["case"])
    else:
        text = sql(reader, "summaries.history", ["cell"])
        params["category_id"] = category_id
    return [_summary(r) for r in reader.rows(text, params)]


def units(reader: Reader) -> dict[int, Row]:
    """What was written about each coded passage, by coding id (those written about only)."""
    return {row["coding_id"]: row for row in reader.rows(sql(reader, "summaries.units"))}
