"""The search index: each document's sentences, the project's word forms with their matching
keys, and where each form stands (per segment of documents indexed together).

Revision ID: 0013
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_documents",
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("words", sa.Integer, nullable=False),
        sa.Column("segment", sa.Integer, nullable=False),
        sa.Column("sentences", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("document_id", name="pk_search_documents"),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_search_documents_document_id_documents",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_search_documents_segment", "search_documents", ["segment"])
    op.create_table(
        "search_terms",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("form", sa.String(100), nullable=False),
        sa.Column("key", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_search_terms"),
        sa.UniqueConstraint("form", name="uq_search_terms_form"),
    )
    op.create_index("ix_search_terms_key", "search_terms", ["key"])
    op.create_table(
        "search_postings",
        sa.Column("term_id", sa.Integer, nullable=False),
        sa.Column("segment", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("term_id", "segment", name="pk_search_postings"),
        sa.ForeignKeyConstraint(
            ["term_id"],
            ["search_terms.id"],
            name="fk_search_postings_term_id_search_terms",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_search_postings_segment", "search_postings", ["segment"])
    # The codes at each search hit, read from the index alone: the codings' rows hold the text.
    op.create_index(
        "ix_codings_spans",
        "codings",
        ["document_id", "char_start", "char_end", "category_id", "coder_id", "coding_pass"],
    )


def downgrade() -> None:
    op.drop_index("ix_codings_spans", "codings")
    op.drop_table("search_postings")
    op.drop_table("search_terms")
    op.drop_table("search_documents")
