"""A reviewer's comment on a coding over several turns keeps its last Pos. (Pos. 5–6).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("review_comments") as batch:
        batch.add_column(sa.Column("position_end", sa.Integer, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("review_comments") as batch:
        batch.drop_column("position_end")
