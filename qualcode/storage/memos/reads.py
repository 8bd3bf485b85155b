"""Reading memos and their earlier versions."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from qualcode.storage import convert
from qualcode.storage.reader import Reader, Row
from qualcode.storage.sql import sql

# The memo types are loaded by the reads that make memos: a document listing reads only the
# documents' memo texts (document_memos).
if TYPE_CHECKING:
    from qualcode.domain.memos import Memo, MemoVersion


def memos(reader: Reader, *, memo_id: int | None = None, target: str | None = None) -> list[Memo]:
    """Every memo (or the one with ``memo_id``, or those on one kind of target), oldest first,
    each with its earlier versions."""
    conditions: list[str] = []
    params: dict[str, object] = {}
    if memo_id is not None:
        conditions.append("id")
        params["id"] = memo_id
    if target is not None:
        conditions.append("target")
        params["target"] = target
    rows = reader.rows(sql(reader, "memos.list", conditions), params)
    history = versions(reader, memo_id=memo_id if memo_id is not None else None)
    return [_memo(row, tuple(history.get(row["id"], ()))) for row in rows]


def versions(reader: Reader, *, memo_id: int | None = None) -> dict[int, list[MemoVersion]]:
    """The versions before each memo's current one, oldest first, by memo id."""
    from qualcode.domain.memos import MemoVersion

    conditions = ["memo"] if memo_id is not None else []
    params = {"id": memo_id} if memo_id is not None else {}
    found: dict[int, list[MemoVersion]] = defaultdict(list)
    for row in reader.rows(sql(reader, "memos.versions", conditions), params):
        found[row["memo_id"]].append(
            MemoVersion(
                title=row["title"],
                text=row["text"],
                author=row["author"],
                saved=convert.utc(row["saved_at"]),
            )
        )
    return found


def document_memos(reader: Reader) -> dict[int, str]:
    """Each document's memos as one text (blank lines between), by document id: how another
    program's project file carries a document's notes."""
    found: dict[int, list[str]] = defaultdict(list)
    for row in reader.rows(sql(reader, "memos.of_documents")):
        found[row["document_id"]].append(row["text"])
    return {document: "\n\n".join(texts) for document, texts in found.items()}


def _memo(row: Row, history: tuple[MemoVersion, ...]) -> Memo:
    from qualcode.domain.memos import Memo

    target = row["target"]
    target_id = {
        "project": None,
        "document": row["document_id"],
        "category": row["category_id"],
        "coding": row["coding_id"],
    }[target]
    return Memo(
        id=row["id"],
        target=target,
        target_id=target_id,
        about=_about(row),
        title=row["title"],
        text=row["text"],
        author=row["author"],
        created=convert.utc(row["created_at"]),
        updated=convert.utc(row["updated_at"]),
        history=history,
    )


def _about(row: Row) -> str:
    match row["target"]:
        case "document":
            return str(row["document_name"])
        case "category":
            return f"{row['category_code']} {row['category_name']}"
        case "coding":
            return (
                f"{row['coding_document']}, Pos. {row['coding_position']}, "
                f"{row['coding_category']} (#{row['coding_id']})"
            )
    return "Projekt"
