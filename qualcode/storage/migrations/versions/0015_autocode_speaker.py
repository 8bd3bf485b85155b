"""Autocoding by speaker and per coder: a rule's speaker (whose turns it searches; rules stored
before search every turn, as they did), and proposals kept per coder who made them and the pass
they were made in, so that in blind coding each coder has their own (and in the re-check pass
those of that pass).

Revision ID: 0015
Revises: 0012
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("autocode_rules") as batch:
        batch.add_column(sa.Column("speaker", sa.String(40), nullable=False, server_default="any"))
    with op.batch_alter_table("proposals") as batch:
        batch.add_column(sa.Column("coding_pass", sa.String(20), nullable=True))
        batch.drop_constraint("uq_proposals_passage", type_="unique")
        batch.create_unique_constraint(
            "uq_proposals_passage_coder",
            ["document_id", "category_id", "char_start", "char_end", "created_by", "coding_pass"],
        )


def downgrade() -> None:
    with op.batch_alter_table("proposals") as batch:
        batch.drop_constraint("uq_proposals_passage_coder", type_="unique")
        batch.create_unique_constraint(
            "uq_proposals_passage", ["document_id", "category_id", "char_start", "char_end"]
        )
        batch.drop_column("coding_pass")
    with op.batch_alter_table("autocode_rules") as batch:
        batch.drop_column("speaker")
