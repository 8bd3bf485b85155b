"""The document list read from an index alone: every column the listing shows, in name order.

A document's row holds its whole text, and the columns after it (words, turns, who imported it
and when) sit behind that text's overflow pages, so listing 200 documents of 6,000 words read
some 8 MB; the covering index holds the listed columns alone (a few kilobytes).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

COLUMNS = [
    "name",
    "source_name",
    "format",
    "sha256",
    "word_count",
    "turn_count",
    "imported_at",
    "imported_by",
]


def upgrade() -> None:
    op.create_index("ix_documents_listing", "documents", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_documents_listing", "documents")
