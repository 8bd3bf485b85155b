"""The anonymisation table: terms and their replacements.

Revision ID: 0012
Revises: 0013
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "anonymisation_rules",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("term", sa.String(1000), nullable=False),
        sa.Column("replacement", sa.String(1000), nullable=False),
        sa.Column("regex", sa.Boolean, nullable=False),
        sa.Column("ignore_case", sa.Boolean, nullable=False),
        sa.Column("added_by", sa.Integer, nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_anonymisation_rules"),
        sa.ForeignKeyConstraint(
            ["added_by"], ["coders.id"], name="fk_anonymisation_rules_added_by_coders"
        ),
        sa.UniqueConstraint("term", name="uq_anonymisation_rules_term"),
    )


def downgrade() -> None:
    op.drop_table("anonymisation_rules")
