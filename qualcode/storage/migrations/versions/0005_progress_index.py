"""An index that answers progress per document, coder and pass without reading the codings.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_codings_progress",
        "codings",
        ["document_id", "coder_id", "coding_pass", "char_end", "review"],
    )


def downgrade() -> None:
    op.drop_index("ix_codings_progress", table_name="codings")
