"""Reading the category tree and codebook versions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from qualcode.domain.codebook import Codebook
from qualcode.storage import convert
from qualcode.storage.reader import Reader
from qualcode.storage.sql import sql

# The versions' types are loaded by the reads that make them: loading the codebook needs none.
if TYPE_CHECKING:
    from qualcode.domain.versions import CodebookVersion, CodedShare


@dataclass(frozen=True, slots=True)
class VersionRow:
    id: int
    label: str
    title: str
    language: str
    description: str
    source: str


def current_version(reader: Reader) -> VersionRow | None:
    rows = reader.rows(sql(reader, "codebook.current_version"))
    if not rows:
        return None
    r = rows[0]
    return VersionRow(r["id"], r["label"], r["title"], r["language"], r["description"], r["source"])


def _tree_order(rows: Sequence[Mapping[str, Any]]) -> list[tuple[Mapping[str, Any], str | None]]:
    """Rows depth-first, siblings by their position: the order a reader expects."""
    by_parent: dict[int | None, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        by_parent[row["parent_id"]].append(row)
    for siblings in by_parent.values():
        siblings.sort(key=lambda r: (r["position"], r["id"]))
    ordered: list[tuple[Mapping[str, Any], str | None]] = []
    stack: list[tuple[Mapping[str, Any], str | None]] = [
        (r, None) for r in reversed(by_parent[None])
    ]
    while stack:
        row, parent_code = stack.pop()
        ordered.append((row, parent_code))
        stack.extend((child, row["code"]) for child in reversed(by_parent[row["id"]]))
    return ordered


def load(reader: Reader) -> Codebook | None:
    """The project's current category system, or None when it has none yet."""
    version = current_version(reader)
    rows = reader.rows_at_once(sql(reader, "codebook.categories"))
    if version is None and not rows:
        return None
    return Codebook(
        title=version.title if version else "",
        version=version.label if version else "",
        language=version.language if version else "de",
        description=version.description if version else "",
        source=version.source if version else "",
        categories=tuple(convert.category(row, parent) for row, parent in _tree_order(rows)),
    )


def ids_by_code(reader: Reader) -> dict[str, int]:
    return {r["code"]: r["id"] for r in reader.rows(sql(reader, "codebook.ids_by_code"))}


def next_positions(reader: Reader) -> dict[int | None, int]:
    """The next free sibling position under each parent."""
    rows = reader.rows(sql(reader, "codebook.next_positions"))
    return {r["parent_id"]: int(r["top"]) + 1 for r in rows}


def versions(reader: Reader) -> list[CodebookVersion]:
    """Every codebook version, oldest first, with who made it, why, and whether it is frozen."""
    from qualcode.domain.versions import CodebookVersion

    rows = reader.rows(sql(reader, "codebook.versions"))
    return [
        CodebookVersion(
            id=r["id"],
            label=r["label"],
            created=convert.utc(r["created_at"]),
            created_by=r["created_by"],
            reason=r["reason"],
            frozen=convert.utc(r["frozen_at"]) if r["frozen_at"] is not None else None,
            coded_share=r["coded_share"],
        )
        for r in rows
    ]


def coded_share(reader: Reader) -> CodedShare:
    """How much of the material carries at least one coding (by documents and by words)."""
    from qualcode.domain.versions import CodedShare

    row = reader.rows(sql(reader, "codebook.coded_share"))[0]
    return CodedShare(
        documents=int(row["docs"]),
        documents_coded=int(row["docs_coded"]),
        words=int(row["words"]),
        words_coded=int(row["words_coded"]),
    )


def last_change(reader: Reader, category_id: int) -> tuple[str, datetime] | None:
    """Who changed a category last and when (from the audit trail), if anyone did."""
    rows = reader.rows(sql(reader, "codebook.last_change"), {"id": category_id})
    if not rows:
        return None
    return str(rows[0]["coder"]), convert.utc(rows[0]["at"])
