"""Reading the anonymisation table."""

from __future__ import annotations

from qualcode.domain.anonymisation import Rule
from qualcode.storage.reader import Reader, Row
from qualcode.storage.sql import sql


def rows(reader: Reader) -> list[Row]:
    """Every rule with who added it and when, in the order they were added."""
    return reader.rows(sql(reader, "anonymisation.rules"))


def rules(reader: Reader) -> list[Rule]:
    """The table as rules to apply."""
    return [
        Rule(r["term"], r["replacement"], bool(r["regex"]), bool(r["ignore_case"]))
        for r in rows(reader)
    ]
