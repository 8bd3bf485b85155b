"""Dictionary autocoding: categories' search rules and the proposals the coder reviews.

Revision ID: 0014
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "autocode_rules",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("category_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("pattern", sa.Text, nullable=False),
        sa.Column("unit", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_autocode_rules"),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name="fk_autocode_rules_category_id_categories",
            ondelete="CASCADE",
        ),
        sa.CheckConstraint(
            "kind IN ('words', 'lemmas', 'phrases', 'regex')", name="ck_autocode_rules_kind"
        ),
        sa.CheckConstraint("unit IN ('match', 'sentence', 'turn')", name="ck_autocode_rules_unit"),
    )
    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.Column("category_id", sa.Integer, nullable=False),
        sa.Column("char_start", sa.Integer, nullable=False),
        sa.Column("char_end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("rule", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_by", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.Integer),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
        sa.Column("coding_id", sa.Integer),
        sa.PrimaryKeyConstraint("id", name="pk_proposals"),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_proposals_document_id_documents",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name="fk_proposals_category_id_categories",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["coders.id"], name="fk_proposals_created_by_coders"
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["coders.id"], name="fk_proposals_decided_by_coders"
        ),
        sa.UniqueConstraint(
            "document_id", "category_id", "char_start", "char_end", name="uq_proposals_passage"
        ),
        sa.CheckConstraint(
            "status IN ('proposed', 'accepted', 'rejected')", name="ck_proposals_status"
        ),
        sa.CheckConstraint("char_end > char_start", name="ck_proposals_span"),
    )
    op.create_index("ix_proposals_status", "proposals", ["status", "category_id"])


def downgrade() -> None:
    op.drop_index("ix_proposals_status", table_name="proposals")
    op.drop_table("proposals")
    op.drop_table("autocode_rules")
