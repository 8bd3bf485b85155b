"""Reading the anonymisation table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcode.storage.reader import Reader, Row
from qualcode.storage.sql import sql

if TYPE_CHECKING:  # loaded when the rules are applied: an export first asks for rows()
    from qualcode.domain.anonymisation import Rule


def rows(reader: Reader) -> list[Row]:
    """Every rule with who added it and when, in the order they were added."""
    return reader.rows(sql(reader, "anonymisation.rules"))


def rules(reader: Reader) -> list[Rule]:
    """The table as rules to apply."""
    from qualcode.domain.anonymisation import Rule

    return [
        Rule(r["term"], r["replacement"], bool(r["regex"]), bool(r["ignore_case"]))
        for r in rows(reader)
    ]
