"""Reading how far each coder has got in each document, for `qualcode status`."""

from __future__ import annotations

from typing import Any

from qualcode.storage.reader import Reader, Row, in_list


def revised_categories(reader: Reader) -> list[int]:
    """Categories changed after a freeze: only their codings can need a re-check for it."""
    return [
        int(r["id"]) for r in reader.rows("SELECT id FROM categories WHERE revised_in IS NOT NULL")
    ]


def stale_where(category_ids: list[int]) -> tuple[str, dict[str, Any]]:
    """Codings of these categories made under an older version, without a review note.

    Naming the categories lets the database start from their index instead of every coding.
    """
    ids, params = in_list("rc", category_ids)
    return (
        f"k.category_id IN {ids} AND k.review IS NULL"
        " AND (k.codebook_version_id IS NULL OR k.codebook_version_id < c.revised_in)",
        params,
    )


def by_document_coder_pass(reader: Reader) -> list[Row]:
    """Codings per document, coder and pass, with the last Pos. each coder has reached.

    ``stale`` counts the codings to check again. The counts come from ix_codings_progress alone,
    so 100,000 codings take a few hundredths of a second.
    """
    rows = reader.rows(
        "SELECT d.name AS document, p.name AS coder, g.document_id, g.coder_id, g.coding_pass,"
        " g.n, g.reviewed,"
        " (SELECT max(t.position) FROM turns t"
        "  WHERE t.document_id = g.document_id AND t.char_start < g.reach) AS reached"
        " FROM (SELECT document_id, coder_id, coding_pass, count(*) AS n,"
        "   max(char_end) AS reach,"
        "   sum(CASE WHEN review IS NOT NULL THEN 1 ELSE 0 END) AS reviewed"
        "   FROM codings GROUP BY document_id, coder_id, coding_pass) g"
        " JOIN documents d ON d.id = g.document_id JOIN coders p ON p.id = g.coder_id"
        " ORDER BY d.name, p.name, g.coding_pass"
    )
    stale: dict[tuple[int, int, str], int] = {}
    revised = revised_categories(reader)
    if revised:
        where, params = stale_where(revised)
        for r in reader.rows(
            "SELECT k.document_id, k.coder_id, k.coding_pass, count(*) AS n FROM codings k"
            f" JOIN categories c ON c.id = k.category_id WHERE {where}"
            " GROUP BY k.document_id, k.coder_id, k.coding_pass",
            params,
        ):
            stale[(r["document_id"], r["coder_id"], r["coding_pass"])] = int(r["n"])
    return [
        {
            **r,
            "stale": int(r["reviewed"] or 0)
            + stale.get((r["document_id"], r["coder_id"], r["coding_pass"]), 0),
        }
        for r in rows
    ]
