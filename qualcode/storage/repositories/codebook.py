"""The category tree (an adjacency list with a sibling order) and codebook versions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from qualcode.domain.codebook import Category, Codebook
from qualcode.storage import convert
from qualcode.storage.repositories import new_id
from qualcode.storage.schema import categories, codebook_versions


@dataclass(frozen=True, slots=True)
class VersionRow:
    id: int
    label: str
    title: str
    language: str
    description: str
    source: str


def current_version(conn: Connection) -> VersionRow | None:
    row = (
        conn.execute(sa.select(codebook_versions).order_by(codebook_versions.c.id.desc()).limit(1))
        .mappings()
        .first()
    )
    if row is None:
        return None
    return VersionRow(
        id=row["id"],
        label=row["label"],
        title=row["title"],
        language=row["language"],
        description=row["description"],
        source=row["source"],
    )


def insert_version(
    conn: Connection, codebook: Codebook, *, coder_id: int, now: datetime, reason: str
) -> int:
    result = conn.execute(
        codebook_versions.insert().values(
            label=codebook.version,
            title=codebook.title,
            language=codebook.language,
            description=codebook.description,
            source=codebook.source,
            created_by=coder_id,
            created_at=now,
            reason=reason,
        )
    )
    return new_id(result)


def _tree_order(rows: Sequence[Mapping[Any, Any]]) -> list[tuple[Mapping[Any, Any], str | None]]:
    """Rows depth-first, siblings by their position: the order a reader expects."""
    by_parent: dict[int | None, list[Mapping[Any, Any]]] = defaultdict(list)
    for row in rows:
        by_parent[row["parent_id"]].append(row)
    for siblings in by_parent.values():
        siblings.sort(key=lambda r: (r["position"], r["id"]))
    ordered: list[tuple[Mapping[Any, Any], str | None]] = []
    stack: list[tuple[Mapping[Any, Any], str | None]] = [
        (r, None) for r in reversed(by_parent[None])
    ]
    while stack:
        row, parent_code = stack.pop()
        ordered.append((row, parent_code))
        stack.extend((child, row["code"]) for child in reversed(by_parent[row["id"]]))
    return ordered


def load(conn: Connection) -> Codebook | None:
    """The project's current category system, or None when it has none yet."""
    version = current_version(conn)
    rows = list(conn.execute(sa.select(categories)).mappings())
    if version is None and not rows:
        return None
    cats = tuple(convert.category(row, parent) for row, parent in _tree_order(rows))
    return Codebook(
        title=version.title if version else "",
        version=version.label if version else "",
        language=version.language if version else "de",
        description=version.description if version else "",
        source=version.source if version else "",
        categories=cats,
    )


def ids_by_code(conn: Connection) -> dict[str, int]:
    rows = conn.execute(sa.select(categories.c.code, categories.c.id))
    return {code: category_id for code, category_id in rows}


def insert_categories(
    conn: Connection, items: list[Category], *, now: datetime, existing: dict[str, int]
) -> dict[str, int]:
    """Insert categories given parent-first; returns every code's id (old and new)."""
    ids = dict(existing)
    next_position: dict[int | None, int] = defaultdict(int)
    for _code, position, parent_id in conn.execute(
        sa.select(categories.c.code, categories.c.position, categories.c.parent_id)
    ):
        next_position[parent_id] = max(next_position[parent_id], position + 1)
    for item in items:
        parent_id = ids[item.parent] if item.parent else None
        position = next_position[parent_id]
        next_position[parent_id] += 1
        result = conn.execute(
            categories.insert().values(
                parent_id=parent_id,
                position=position,
                code=item.code,
                name=item.name,
                definition=item.definition,
                coding_rule=item.coding_rule,
                anchors=convert.anchors_to_json(item.anchors),
                origin=item.origin,
                reference=item.reference,
                colour=item.colour,
                status=item.status,
                created_at=now,
                updated_at=now,
            )
        )
        ids[item.code] = new_id(result)
    return ids


def update_category(conn: Connection, category_id: int, item: Category, *, now: datetime) -> None:
    """Overwrite a category's guideline fields (not its place in the tree)."""
    conn.execute(
        categories.update()
        .where(categories.c.id == category_id)
        .values(
            name=item.name,
            definition=item.definition,
            coding_rule=item.coding_rule,
            anchors=convert.anchors_to_json(item.anchors),
            origin=item.origin,
            reference=item.reference,
            colour=item.colour,
            status=item.status,
            updated_at=now,
        )
    )


def count(conn: Connection) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(categories)).scalar_one())
