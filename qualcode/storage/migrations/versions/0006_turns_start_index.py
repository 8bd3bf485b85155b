"""An index that finds the turn holding a character offset, so codings get their Pos. in SQL.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_turns_document_start", "turns", ["document_id", "char_start", "position"])


def downgrade() -> None:
    op.drop_index("ix_turns_document_start", table_name="turns")
