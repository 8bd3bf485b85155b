"""The search index keeps each document's turns (where each starts, and its Pos.) beside its
sentences: a search listing every hit of a common word reads them with the index rather than
aggregating the turns table. The documents indexed already get theirs now.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from __future__ import annotations

import sys
from array import array
from itertools import groupby

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def _packed(starts: list[int], positions: list[int]) -> bytes:
    """The starts, then the Pos., as little-endian unsigned 32-bit integers (schema.py)."""
    packed = array("I", starts + positions)
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


def upgrade() -> None:
    with op.batch_alter_table("search_documents") as batch:
        batch.add_column(sa.Column("turns", sa.LargeBinary, nullable=True))
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT t.document_id, t.char_start, t.position FROM turns AS t"
            " JOIN search_documents AS sd ON sd.document_id = t.document_id"
            " ORDER BY t.document_id, t.char_start, t.position"
        )
    ).all()
    found = {
        document_id: [(int(start), int(position)) for _d, start, position in turns]
        for document_id, turns in groupby(rows, key=lambda row: row[0])
    }
    indexed = [row[0] for row in conn.execute(sa.text("SELECT document_id FROM search_documents"))]
    values = [
        {
            "d": document_id,
            "t": _packed(
                [start for start, _ in found[document_id]],
                [position for _, position in found[document_id]],
            )
            if found.get(document_id)
            else _packed([0], [1]),  # no turns: all of it counts as the first
        }
        for document_id in indexed
    ]
    if values:
        conn.execute(
            sa.text("UPDATE search_documents SET turns = :t WHERE document_id = :d"), values
        )


def downgrade() -> None:
    with op.batch_alter_table("search_documents") as batch:
        batch.drop_column("turns")
