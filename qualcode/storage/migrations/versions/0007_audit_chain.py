"""The audit trail becomes a hash chain: seq, prev_hash and hash on every event, and its head.

Events already in the project are chained here, in the order they were recorded (by id), so an
upgraded project starts with a chain that verifies. Their hashes prove nothing about the time
before the upgrade: they were "chained at upgrade" (docs/audit-trail.md).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from qualcode.domain.audit_chain import GENESIS, event_hash

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_TRIGGER_SQL = (
    "CREATE TRIGGER audit_events_no_{verb_lower} BEFORE {verb} ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"
)


def _json(value: Any) -> Any:
    return None if value is None else json.loads(value)


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    # Plain nullable columns: SQLite adds them in place, without rebuilding the table.
    op.add_column("audit_events", sa.Column("seq", sa.Integer, nullable=True))
    op.add_column("audit_events", sa.Column("prev_hash", sa.String(64), nullable=True))
    op.add_column("audit_events", sa.Column("hash", sa.String(64), nullable=True))
    op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_chain"),
    )
    text_of = "CAST(e.{0} AS TEXT)" if dialect == "postgresql" else "e.{0}"
    rows = bind.execute(
        sa.text(
            "SELECT e.id, e.at, p.name AS coder, e.action, e.entity, e.entity_id, "
            f"{text_of.format('before')} AS before, {text_of.format('after')} AS after, e.reason "
            "FROM audit_events e JOIN coders p ON p.id = e.coder_id ORDER BY e.id"
        )
    ).mappings()
    updates: list[dict[str, Any]] = []
    prev = GENESIS
    for seq, row in enumerate(rows, start=1):
        digest = event_hash(
            seq=seq,
            at=row["at"],
            coder=row["coder"],
            action=row["action"],
            entity=row["entity"],
            entity_id=row["entity_id"],
            before=_json(row["before"]),
            after=_json(row["after"]),
            reason=row["reason"],
            prev_hash=prev,
        )
        updates.append({"i": row["id"], "s": seq, "p": prev, "h": digest})
        prev = digest
    if updates:
        # The append-only triggers refuse this one update: lifted for it, then made again as
        # 0001 made them (also where someone had dropped them: opening has warned of that).
        if dialect == "sqlite":
            for verb in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS audit_events_no_{verb}")
        elif dialect == "postgresql":
            op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
        bind.execute(
            sa.text("UPDATE audit_events SET seq = :s, prev_hash = :p, hash = :h WHERE id = :i"),
            updates,
        )
        if dialect == "sqlite":
            for verb in ("UPDATE", "DELETE"):
                op.execute(_TRIGGER_SQL.format(verb=verb, verb_lower=verb.lower()))
        elif dialect == "postgresql":
            op.execute(
                "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger "
                "LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'audit events are append-only'; END $$"
            )
            op.execute(
                "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
                "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
            )
    op.create_index("ix_audit_events_seq", "audit_events", ["seq"], unique=True)
    bind.execute(
        sa.text("INSERT INTO audit_chain (id, seq, hash) VALUES (1, :s, :h)"),
        {"s": len(updates), "h": prev},
    )


def downgrade() -> None:
    op.drop_table("audit_chain")
    op.drop_index("ix_audit_events_seq", table_name="audit_events")
    with op.batch_alter_table("audit_events") as batch:
        for column in ("hash", "prev_hash", "seq"):
            batch.drop_column(column)
