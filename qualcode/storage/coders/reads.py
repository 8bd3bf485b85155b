"""Reading coders."""

from __future__ import annotations

from qualcode.storage.reader import Reader
from qualcode.storage.sql import sql


def find(reader: Reader, name: str) -> int | None:
    found = reader.scalar(sql(reader, "coders.find"), {"name": name})
    return None if found is None else int(found)


def names(reader: Reader) -> list[str]:
    return [r["name"] for r in reader.rows(sql(reader, "coders.names"))]
