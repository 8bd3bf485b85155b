"""Case summaries, the theme matrix's cell summaries, and the summarising technique's units.

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_summaries",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.Column("category_id", sa.Integer),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("written_by", sa.Integer, nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_case_summaries"),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_case_summaries_document_id_documents",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name="fk_case_summaries_category_id_categories",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["written_by"], ["coders.id"], name="fk_case_summaries_written_by_coders"
        ),
    )
    op.create_index(
        "ix_case_summaries_document", "case_summaries", ["document_id", "category_id", "id"]
    )
    op.create_table(
        "summary_units",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("coding_id", sa.Integer, nullable=False),
        sa.Column("paraphrase", sa.Text, nullable=False),
        sa.Column("generalisation", sa.Text, nullable=False),
        sa.Column("reduction", sa.Text, nullable=False),
        sa.Column("promoted_to", sa.Integer),
        sa.Column("updated_by", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_summary_units"),
        sa.ForeignKeyConstraint(
            ["coding_id"],
            ["codings.id"],
            name="fk_summary_units_coding_id_codings",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["promoted_to"],
            ["categories.id"],
            name="fk_summary_units_promoted_to_categories",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["coders.id"], name="fk_summary_units_updated_by_coders"
        ),
        sa.UniqueConstraint("coding_id", name="uq_summary_units_coding_id"),
    )


def downgrade() -> None:
    op.drop_table("summary_units")
    op.drop_index("ix_case_summaries_document", table_name="case_summaries")
    op.drop_table("case_summaries")
