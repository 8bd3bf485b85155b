"""Coders: the people whose work the audit trail records."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from qualcode.storage.repositories import new_id
from qualcode.storage.schema import coders


def ensure(conn: Connection, name: str) -> int:
    """The coder's id, creating the coder on first use."""
    found = conn.execute(sa.select(coders.c.id).where(coders.c.name == name)).scalar()
    if found is not None:
        return int(found)
    result = conn.execute(coders.insert().values(name=name, created_at=datetime.now(UTC)))
    return new_id(result)


def find(conn: Connection, name: str) -> int | None:
    found = conn.execute(sa.select(coders.c.id).where(coders.c.name == name)).scalar()
    return None if found is None else int(found)


def names(conn: Connection) -> list[str]:
    return list(conn.execute(sa.select(coders.c.name).order_by(coders.c.name)).scalars())
