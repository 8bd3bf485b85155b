"""Reading how far each coder has got in each document, for `qualcode status`."""

from __future__ import annotations

from qualcode.storage.queries.codings import STALE
from qualcode.storage.reader import Reader, Row


def by_document_coder_pass(reader: Reader) -> list[Row]:
    """Codings per document, coder and pass, with the last Pos. each coder has reached."""
    return reader.rows(
        "SELECT g.document, g.coder, g.coding_pass, g.n, g.stale,"
        " (SELECT max(t.position) FROM turns t"
        "  WHERE t.document_id = g.document_id AND t.char_start < g.reach) AS reached"
        " FROM (SELECT k.document_id, d.name AS document, p.name AS coder, k.coding_pass,"
        "   count(*) AS n, max(k.char_end) AS reach,"
        f"   sum(CASE WHEN k.review IS NOT NULL OR {STALE} THEN 1 ELSE 0 END) AS stale"
        "   FROM codings k JOIN documents d ON d.id = k.document_id"
        "   JOIN coders p ON p.id = k.coder_id JOIN categories c ON c.id = k.category_id"
        "   GROUP BY k.document_id, d.name, p.name, k.coding_pass) g"
        " ORDER BY g.document, g.coder, g.coding_pass"
    )
