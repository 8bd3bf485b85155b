"""The first schema: documents, turns, attributes, coders, codebook, codings, audit trail.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "coders",
        sa.Column("id", sa.Integer),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_coders"),
        sa.UniqueConstraint("name", name="uq_coders_name"),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("source_name", sa.String(1000), nullable=False),
        sa.Column("format", sa.String(20), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("word_count", sa.Integer, nullable=False),
        sa.Column("turn_count", sa.Integer, nullable=False),
        sa.Column("imported_by", sa.Integer, nullable=False),
        sa.Column("imported_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.UniqueConstraint("name", name="uq_documents_name"),
        sa.ForeignKeyConstraint(
            ["imported_by"], ["coders.id"], name="fk_documents_imported_by_coders"
        ),
    )
    op.create_index("ix_documents_sha256", "documents", ["sha256"])
    op.create_table(
        "turns",
        sa.Column("id", sa.Integer),
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("speaker", sa.String(200)),
        sa.Column("start_seconds", sa.Float),
        sa.Column("end_seconds", sa.Float),
        sa.Column("char_start", sa.Integer, nullable=False),
        sa.Column("char_end", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_turns"),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_turns_document_id_documents",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("document_id", "position", name="uq_turns_document_position"),
    )
    op.create_table(
        "attributes",
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("document_id", "key", name="pk_attributes"),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_attributes_document_id_documents",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "codebook_versions",
        sa.Column("id", sa.Integer),
        sa.Column("label", sa.String(50), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("language", sa.String(10), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("created_by", sa.Integer, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("frozen_at", TS),
        sa.Column("coded_share", sa.Float),
        sa.PrimaryKeyConstraint("id", name="pk_codebook_versions"),
        sa.ForeignKeyConstraint(
            ["created_by"], ["coders.id"], name="fk_codebook_versions_created_by_coders"
        ),
    )
    op.create_table(
        "categories",
        sa.Column("id", sa.Integer),
        sa.Column("parent_id", sa.Integer),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("code", sa.String(50), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("definition", sa.Text, nullable=False),
        sa.Column("coding_rule", sa.Text, nullable=False),
        sa.Column("anchors", sa.JSON, nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("reference", sa.Text, nullable=False),
        sa.Column("colour", sa.String(7)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_categories"),
        sa.UniqueConstraint("code", name="uq_categories_code"),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["categories.id"],
            name="fk_categories_parent_id_categories",
            ondelete="RESTRICT",
        ),
        sa.CheckConstraint("origin IN ('deductive', 'inductive')", name="ck_categories_origin"),
        sa.CheckConstraint("status IN ('active', 'draft', 'retired')", name="ck_categories_status"),
    )
    op.create_table(
        "codings",
        sa.Column("id", sa.Integer),
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.Column("category_id", sa.Integer, nullable=False),
        sa.Column("char_start", sa.Integer, nullable=False),
        sa.Column("char_end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("coder_id", sa.Integer, nullable=False),
        sa.Column("coding_pass", sa.String(20), nullable=False),
        sa.Column("codebook_version_id", sa.Integer),
        sa.Column("memo", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_codings"),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_codings_document_id_documents",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["category_id"], ["categories.id"], name="fk_codings_category_id_categories"
        ),
        sa.ForeignKeyConstraint(["coder_id"], ["coders.id"], name="fk_codings_coder_id_coders"),
        sa.ForeignKeyConstraint(
            ["codebook_version_id"],
            ["codebook_versions.id"],
            name="fk_codings_codebook_version_id_codebook_versions",
        ),
        sa.CheckConstraint("char_end > char_start", name="ck_codings_span"),
    )
    op.create_index("ix_codings_document_start", "codings", ["document_id", "char_start"])
    op.create_index("ix_codings_category", "codings", ["category_id"])
    op.create_index("ix_codings_coder", "codings", ["coder_id"])
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer),
        sa.Column("at", TS, nullable=False),
        sa.Column("coder_id", sa.Integer, nullable=False),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("entity", sa.String(50), nullable=False),
        sa.Column("entity_id", sa.Integer),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
        sa.Column("reason", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_events"),
        sa.ForeignKeyConstraint(
            ["coder_id"], ["coders.id"], name="fk_audit_events_coder_id_coders"
        ),
    )
    op.create_index("ix_audit_events_entity", "audit_events", ["entity", "entity_id"])
    op.create_index("ix_audit_events_at", "audit_events", ["at"])
    _make_audit_append_only()


def _make_audit_append_only() -> None:
    """The audit trail is evidence: the database itself refuses to change or delete an event."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
                "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit events are append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
            "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    for table in (
        "audit_events",
        "codings",
        "categories",
        "codebook_versions",
        "attributes",
        "turns",
        "documents",
        "coders",
    ):
        op.drop_table(table)
