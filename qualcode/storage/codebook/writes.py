"""Storing the category tree (an adjacency list with a sibling order) and codebook versions."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from qualcode.domain.codebook import Category, Codebook
from qualcode.storage import convert
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.db import Transaction, new_id
from qualcode.storage.schema import categories, codebook_versions

# Every change to a category's row raises its version (see CodebookService.edit_category).
_NEXT_VERSION = categories.c.version + 1


def _insert_version(tx: Transaction, **values: object) -> int:
    """The one writer of a codebook version row (new, continued, or imported)."""
    return new_id(tx.conn.execute(codebook_versions.insert().values(**values)))


def insert_version(
    tx: Transaction, codebook: Codebook, *, coder_id: int, now: datetime, reason: str
) -> int:
    return insert_version_row(
        tx,
        codebook,
        label=codebook.version,
        coder_id=coder_id,
        created_at=now,
        reason=reason,
        frozen_at=None,
        coded_share=None,
    )


def insert_categories(
    tx: Transaction, items: list[Category], *, now: datetime, existing: dict[str, int]
) -> dict[str, int]:
    """Insert categories given parent-first, each after its siblings; returns every code's id."""
    ids = dict(existing)
    next_position = codebook_query.next_positions(tx)
    for item in items:
        parent_id = ids[item.parent] if item.parent else None
        position = next_position.get(parent_id, 0)
        next_position[parent_id] = position + 1
        ids[item.code] = new_id(
            tx.conn.execute(
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
        )
    return ids


def update_category(tx: Transaction, category_id: int, item: Category, *, now: datetime) -> None:
    """Overwrite a category's guideline fields (not its place in the tree)."""
    tx.conn.execute(
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
            version=_NEXT_VERSION,
        )
    )


def recode(
    tx: Transaction,
    category_id: int,
    *,
    code: str,
    parent_id: int | None,
    position: int,
    now: datetime,
) -> None:
    """Give a category a new code and place in the tree (a move)."""
    tx.conn.execute(
        categories.update()
        .where(categories.c.id == category_id)
        .values(
            code=code, parent_id=parent_id, position=position, updated_at=now, version=_NEXT_VERSION
        )
    )


def set_status(tx: Transaction, category_id: int, status: str, *, now: datetime) -> None:
    tx.conn.execute(
        categories.update()
        .where(categories.c.id == category_id)
        .values(status=status, updated_at=now, version=_NEXT_VERSION)
    )


def freeze_version(tx: Transaction, version_id: int, *, now: datetime, coded_share: float) -> None:
    tx.conn.execute(
        codebook_versions.update()
        .where(codebook_versions.c.id == version_id)
        .values(frozen_at=now, coded_share=coded_share)
    )


def open_version(
    tx: Transaction, after: int, *, label: str, coder_id: int, now: datetime, reason: str
) -> int:
    """A new, unfrozen version that continues version ``after`` (same title and language)."""
    row = tx.conn.execute(
        sa.select(
            codebook_versions.c.title,
            codebook_versions.c.language,
            codebook_versions.c.description,
            codebook_versions.c.source,
        ).where(codebook_versions.c.id == after)
    ).one()
    return _insert_version(
        tx,
        label=label,
        title=row.title,
        language=row.language,
        description=row.description,
        source=row.source,
        created_by=coder_id,
        created_at=now,
        reason=reason,
    )


def mark_revised(tx: Transaction, category_ids: list[int], version_id: int) -> None:
    """These categories changed in ``version_id``: their older codings are due for a re-check."""
    if category_ids:
        tx.conn.execute(
            categories.update()
            .where(categories.c.id.in_(category_ids))
            .values(revised_in=version_id)
        )


def delete_category(tx: Transaction, category_id: int) -> None:
    """Remove a category row; the caller makes sure no coding or subcategory points at it."""
    tx.conn.execute(categories.delete().where(categories.c.id == category_id))


def insert_version_row(
    tx: Transaction,
    codebook: Codebook,
    *,
    label: str,
    coder_id: int,
    created_at: datetime,
    reason: str,
    frozen_at: datetime | None,
    coded_share: float | None,
) -> int:
    """A codebook version of ``codebook``'s title and language (a project import keeps the
    other project's history: its times, freeze and coded share)."""
    return _insert_version(
        tx,
        label=label,
        title=codebook.title,
        language=codebook.language,
        description=codebook.description,
        source=codebook.source,
        created_by=coder_id,
        created_at=created_at,
        reason=reason,
        frozen_at=frozen_at,
        coded_share=coded_share,
    )
