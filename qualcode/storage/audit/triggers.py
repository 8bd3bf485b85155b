"""The audit trail's append-only triggers: what the migrations make, and a check for them.

The triggers make the database itself refuse to change or delete an event. Someone with the
file (or the server) in hand can drop them, so every opening checks they are still there and
whole, in one query (sqlite_master, or pg_trigger), and ``qualcode log --verify`` checks them
with the chain. No SQLAlchemy here: the reads use it.
"""

from __future__ import annotations

from collections.abc import Mapping

from qualcode.storage.reader import Reader

# The triggers and views the migrations create, by name, with their SQL: anything else in a
# file is not qualcode's own (a trigger could rewrite codings behind the user's back), and the
# file is refused (storage/db.py). A test keeps this equal to what the migrations make.
OWN_SQLITE_OBJECTS: dict[tuple[str, str], str] = {
    ("trigger", f"audit_events_no_{verb.lower()}"): (
        f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"
    )
    for verb in ("UPDATE", "DELETE")
}

# SQLite: the two above. PostgreSQL: one row trigger, BEFORE UPDATE OR DELETE (tgtype bits
# ROW 1 + BEFORE 2 + DELETE 8 + UPDATE 16), enabled, running the function whose body raises.
SQLITE_AUDIT_TRIGGERS = tuple(name for kind, name in OWN_SQLITE_OBJECTS if kind == "trigger")
PG_AUDIT_TRIGGER = "audit_events_append_only"
_PG_TRIGGER_TYPE = 1 | 2 | 8 | 16
_PG_FUNCTION_BODY = "BEGIN RAISE EXCEPTION 'audit events are append-only'; END"
_PG_TRIGGERS = (
    "SELECT t.tgname AS name, t.tgenabled AS enabled, t.tgtype AS type, f.prosrc AS body "
    "FROM pg_trigger t JOIN pg_proc f ON f.oid = t.tgfoid "
    "WHERE t.tgrelid = to_regclass('audit_events') AND NOT t.tgisinternal"
)
_SQLITE_TRIGGERS = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"


def squeeze(sql: str) -> str:
    """SQL with its blanks folded, to compare definitions."""
    return " ".join(sql.split())


def missing_audit_triggers(reader: Reader) -> tuple[str, ...]:
    """The append-only triggers the trail lacks: dropped, disabled or changed (one query)."""
    if reader.dialect == "postgresql":
        whole = [
            r
            for r in reader.rows(_PG_TRIGGERS)
            if r["name"] == PG_AUDIT_TRIGGER
            and r["enabled"] not in ("D", b"D")
            and int(r["type"]) & _PG_TRIGGER_TYPE == _PG_TRIGGER_TYPE
            and squeeze(r["body"] or "") == _PG_FUNCTION_BODY
        ]
        return () if whole else (PG_AUDIT_TRIGGER,)
    return missing_sqlite_triggers({r["name"]: r["sql"] for r in reader.rows(_SQLITE_TRIGGERS)})


def missing_sqlite_triggers(found: Mapping[str, str | None]) -> tuple[str, ...]:
    """Of the SQLite triggers by name with their SQL, the audit ones that are absent or changed."""
    return tuple(
        name
        for name in SQLITE_AUDIT_TRIGGERS
        if squeeze(found.get(name) or "") != squeeze(OWN_SQLITE_OBJECTS[("trigger", name)])
    )
