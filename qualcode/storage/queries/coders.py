"""Reading coders."""

from __future__ import annotations

from qualcode.storage.reader import Reader


def find(reader: Reader, name: str) -> int | None:
    found = reader.scalar("SELECT id FROM coders WHERE name = :name", {"name": name})
    return None if found is None else int(found)


def names(reader: Reader) -> list[str]:
    return [r["name"] for r in reader.rows("SELECT name FROM coders ORDER BY name")]
