"""Reading how far each coder has got in each document, for `qualcode status`."""

from __future__ import annotations

from qualcode.storage.reader import Reader, Row
from qualcode.storage.sql import expand, sql


def revised_categories(reader: Reader) -> list[int]:
    """Categories changed after a freeze: only their codings can need a re-check for it."""
    return [int(r["id"]) for r in reader.rows(sql(reader, "progress.revised_categories"))]


def by_document_coder_pass(reader: Reader) -> list[Row]:
    """Codings per document, coder and pass, with the last Pos. each coder has reached.

    ``stale`` counts the codings to check again: those flagged, and those of a category revised
    since they were made (named, so the database starts from the revised categories' index).
    The counts come from ix_codings_progress alone, so 100,000 codings take a few hundredths of
    a second.
    """
    rows = reader.rows(sql(reader, "progress.by_document_coder_pass"))
    stale: dict[tuple[int, int, str], int] = {}
    revised = revised_categories(reader)
    if revised:
        text, params = expand(sql(reader, "progress.stale_by_document_coder_pass"), "rc", revised)
        for r in reader.rows(text, params):
            stale[(r["document_id"], r["coder_id"], r["coding_pass"])] = int(r["n"])
    return [
        {
            **r,
            "stale": int(r["reviewed"] or 0)
            + stale.get((r["document_id"], r["coder_id"], r["coding_pass"]), 0),
        }
        for r in rows
    ]
