"""Memos in one store: on the project, documents, categories and codings, with their history.

Coding memos leave the coding row, and the memos other programs' projects brought in for
documents and for the project leave the settings; all become rows of ``memos``, written by
whoever made the coding or imported the document, at the time it last changed (project notes:
by the project's first coder, now).

Revision ID: 0010
Revises: 0014
Create Date: 2026-12-07
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0014"
branch_labels = None
depends_on = None

_DOCUMENT_MEMOS = "document-memos"  # the settings keys they were kept under
_NOTES = "exchange:notes"
_GUIDS = "exchange:guids"
# The two tables as this migration writes them (the types convert times and JSON per server).
_MEMOS = sa.table(
    "memos",
    sa.column("id", sa.Integer),
    sa.column("target", sa.String),
    sa.column("title", sa.String),
    sa.column("text", sa.Text),
    sa.column("author_id", sa.Integer),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
_SETTINGS = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.JSON))


def upgrade() -> None:
    op.create_table(
        "memos",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("target", sa.String(20), nullable=False),
        sa.Column("document_id", sa.Integer),
        sa.Column("category_id", sa.Integer),
        sa.Column("coding_id", sa.Integer),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author_id", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_memos"),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_memos_document_id_documents",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name="fk_memos_category_id_categories",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["coding_id"], ["codings.id"], name="fk_memos_coding_id_codings", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["author_id"], ["coders.id"], name="fk_memos_author_id_coders"),
        sa.UniqueConstraint("coding_id", name="uq_memos_coding_id"),
        sa.CheckConstraint(
            "target IN ('project', 'document', 'category', 'coding')", name="ck_memos_target"
        ),
    )
    op.create_index("ix_memos_document", "memos", ["document_id"])
    op.create_index("ix_memos_category", "memos", ["category_id"])
    op.create_table(
        "memo_versions",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("memo_id", sa.Integer, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author_id", sa.Integer, nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_memo_versions"),
        sa.ForeignKeyConstraint(
            ["memo_id"], ["memos.id"], name="fk_memo_versions_memo_id_memos", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["coders.id"], name="fk_memo_versions_author_id_coders"
        ),
    )
    op.create_index("ix_memo_versions_memo", "memo_versions", ["memo_id"])
    conn = op.get_bind()
    conn.execute(
        sa.text(
            "INSERT INTO memos (target, coding_id, title, text, author_id, created_at, updated_at)"
            " SELECT 'coding', id, '', memo, coder_id, updated_at, updated_at FROM codings"
            " WHERE memo <> '' ORDER BY id"
        )
    )
    _document_memos(conn)
    _project_notes(conn)
    # SQLite 3.35 and PostgreSQL drop a column in place (no copy of the table).
    op.execute("ALTER TABLE codings DROP COLUMN memo")


def _document_memos(conn: sa.Connection) -> None:
    stored = conn.execute(
        sa.text("SELECT value FROM settings WHERE key = :key"), {"key": _DOCUMENT_MEMOS}
    ).scalar()
    if stored is None:
        return
    memos = json.loads(stored) if isinstance(stored, str) else stored
    for document_id, text in sorted((memos or {}).items(), key=lambda item: int(item[0])):
        row = conn.execute(
            sa.text("SELECT imported_by, imported_at FROM documents WHERE id = :id"),
            {"id": int(document_id)},
        ).first()
        if row is None or not str(text).strip():
            continue
        conn.execute(
            sa.text(
                "INSERT INTO memos (target, document_id, title, text, author_id, created_at,"
                " updated_at) VALUES ('document', :d, '', :text, :author, :at, :at)"
            ),
            {"d": int(document_id), "text": str(text), "author": row[0], "at": row[1]},
        )
    conn.execute(sa.text("DELETE FROM settings WHERE key = :key"), {"key": _DOCUMENT_MEMOS})


def _project_notes(conn: sa.Connection) -> None:
    """Another program's project notes, kept in the settings, become project memos; their
    GUIDs stay with them, so a re-export gives the other program the notes it knows."""
    stored = conn.execute(
        sa.text("SELECT value FROM settings WHERE key = :key"), {"key": _NOTES}
    ).scalar()
    if stored is None:
        return
    notes = json.loads(stored) if isinstance(stored, str) else stored
    author = conn.execute(sa.text("SELECT min(id) FROM coders")).scalar()
    kept = conn.execute(
        sa.text("SELECT value FROM settings WHERE key = :key"), {"key": _GUIDS}
    ).scalar()
    guids = (json.loads(kept) if isinstance(kept, str) else kept) or {}
    for note in notes or []:
        text = str(note.get("text") or "").strip() or str(note.get("name") or "").strip()
        if author is None or not text:
            continue
        now = datetime.now(UTC)
        memo_id = conn.execute(
            _MEMOS.insert()
            .values(
                target="project",
                title=" ".join(str(note.get("name") or "").split())[:200],
                text=text,
                author_id=author,
                created_at=now,
                updated_at=now,
            )
            .returning(_MEMOS.c.id)
        ).scalar()
        if note.get("guid"):
            guids.setdefault("project-memo", {})[str(memo_id)] = note["guid"]
    conn.execute(sa.text("DELETE FROM settings WHERE key = :key"), {"key": _NOTES})
    if guids:
        conn.execute(sa.text("DELETE FROM settings WHERE key = :key"), {"key": _GUIDS})
        conn.execute(_SETTINGS.insert().values(key=_GUIDS, value=guids))


def downgrade() -> None:
    op.add_column("codings", sa.Column("memo", sa.Text, nullable=False, server_default=""))
    op.execute(
        "UPDATE codings SET memo = (SELECT m.text FROM memos m WHERE m.coding_id = codings.id)"
        " WHERE id IN (SELECT coding_id FROM memos WHERE coding_id IS NOT NULL)"
    )
    op.drop_table("memo_versions")
    op.drop_table("memos")
