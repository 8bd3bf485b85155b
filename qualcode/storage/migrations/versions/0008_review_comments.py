"""Reviewers' comments brought in from the reviewer's page (qualcode import-review).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_comments",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("export_id", sa.String(64), nullable=False),
        sa.Column("comment_key", sa.String(100), nullable=False),
        sa.Column("reviewer", sa.String(200), nullable=False),
        sa.Column("target", sa.String(20), nullable=False),
        sa.Column("coding_id", sa.Integer),
        sa.Column("document", sa.String(300)),
        sa.Column("position", sa.Integer),
        sa.Column("category", sa.String(50)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.Integer, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("id", name="pk_review_comments"),
        sa.ForeignKeyConstraint(
            ["imported_by"], ["coders.id"], name="fk_review_comments_imported_by_coders"
        ),
        sa.UniqueConstraint("export_id", "comment_key", name="uq_review_comments_export_id"),
        sa.CheckConstraint(
            "target IN ('coding', 'turn', 'category')", name="ck_review_comments_target"
        ),
    )


def downgrade() -> None:
    op.drop_table("review_comments")
