"""Codings can be flagged for review (after a transcript was replaced, or a codebook revised).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("codings") as batch:
        batch.add_column(sa.Column("review", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("codings") as batch:
        batch.drop_column("review")
