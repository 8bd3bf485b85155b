"""Categories remember the codebook version that last revised them (after a freeze).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain column (no foreign key): SQLite adds it in place, without rebuilding the table
    # that codings point at. Versions are never deleted, so the reference cannot dangle.
    op.add_column("categories", sa.Column("revised_in", sa.Integer, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("categories") as batch:
        batch.drop_column("revised_in")
