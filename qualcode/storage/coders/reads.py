"""Reading coders and the project's members."""

from __future__ import annotations

from qualcode.storage.reader import Reader
from qualcode.storage.sql import sql


def find(reader: Reader, name: str) -> int | None:
    found = reader.scalar(sql(reader, "coders.find"), {"name": name})
    return None if found is None else int(found)


def names(reader: Reader) -> list[str]:
    return [r["name"] for r in reader.rows(sql(reader, "coders.names"))]


def members(reader: Reader) -> list[tuple[str, str]]:
    """(name, role) of every member, by name."""
    return [(r["name"], r["role"]) for r in reader.rows(sql(reader, "coders.members"))]


def access(reader: Reader, name: str) -> tuple[str | None, bool]:
    """The coder's role (None: not a member) and whether the project has members at all."""
    row = reader.rows(sql(reader, "coders.access"), {"name": name})[0]
    return row["role"], bool(row["has_members"])
