"""Team access: a role per project member, and a version per category for concurrent edits.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain columns: SQLite adds them in place, without rebuilding the tables that codings and
    # the audit trail point at. The roles are checked in domain/roles.py before a write.
    # NULL: not a member (in a project without members everyone may do everything).
    op.add_column("coders", sa.Column("role", sa.String(20), nullable=True))
    # Raised by every change to the row: an editor who read an older one is refused.
    op.add_column(
        "categories",
        sa.Column("version", sa.Integer, nullable=False, server_default=sa.text("1")),
    )


def downgrade() -> None:
    with op.batch_alter_table("categories") as batch:
        batch.drop_column("version")
    with op.batch_alter_table("coders") as batch:
        batch.drop_column("role")
