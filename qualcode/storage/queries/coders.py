"""Reading coders."""

from __future__ import annotations

from qualcode.storage.queries.sql import sql
from qualcode.storage.reader import Reader


def find(reader: Reader, name: str) -> int | None:
    found = reader.scalar(sql(reader, "coders.find"), {"name": name})
    return None if found is None else int(found)


def names(reader: Reader) -> list[str]:
    return [r["name"] for r in reader.rows(sql(reader, "coders.names"))]
