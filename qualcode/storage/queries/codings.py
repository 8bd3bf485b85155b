"""Reading codings, with the Pos. range each one covers."""

from __future__ import annotations

from typing import Any

from qualcode.domain.coding import Coding
from qualcode.storage import convert
from qualcode.storage.reader import Reader, Row, in_list

# A coding made under an older codebook version than the one that last revised its category.
STALE = (
    "(c.revised_in IS NOT NULL"
    " AND (k.codebook_version_id IS NULL OR k.codebook_version_id < c.revised_in))"
)

# The Pos. of the turn holding an offset of the coding: one seek in ix_turns_document_start
# (the first turn's, should the coding start before any turn).
_TURN_AT = (
    "COALESCE((SELECT t.position FROM turns t WHERE t.document_id = k.document_id"
    " AND t.char_start <= {offset} ORDER BY t.char_start DESC LIMIT 1),"
    " (SELECT min(t.position) FROM turns t WHERE t.document_id = k.document_id))"
)

_SELECT = (
    """
    SELECT k.id, k.document_id, k.char_start, k.char_end, k.text, k.memo, k.coding_pass,
           k.created_at, k.updated_at, d.name AS document_name, c.code AS category_code,
           c.name AS category_name, p.name AS coder_name, v.label AS codebook_version,
           CASE WHEN k.review IS NOT NULL THEN k.review
                WHEN """
    + STALE
    + """ THEN 'the category changed in codebook version '
                     || rv.label || ' after this coding was made: check it again'
           END AS review,
           """
    + _TURN_AT.format(offset="k.char_start")
    + """ AS position,
           """
    + _TURN_AT.format(offset="k.char_end - 1")
    + """ AS position_end
    FROM codings k
    JOIN documents d ON d.id = k.document_id
    JOIN categories c ON c.id = k.category_id
    JOIN coders p ON p.id = k.coder_id
    LEFT JOIN codebook_versions v ON v.id = k.codebook_version_id
    LEFT JOIN codebook_versions rv ON rv.id = c.revised_in
"""
)


def same_as(
    reader: Reader,
    *,
    document_id: int,
    category_id: int,
    coder_id: int,
    coding_pass: str,
    start: int,
    end: int,
) -> int | None:
    """The id of the coder's coding of exactly this passage with this category in this pass."""
    found = reader.scalar(
        "SELECT min(id) FROM codings WHERE document_id = :d AND category_id = :c"
        " AND coder_id = :p AND coding_pass = :pass AND char_start = :s AND char_end = :e",
        {
            "d": document_id,
            "c": category_id,
            "p": coder_id,
            "pass": coding_pass,
            "s": start,
            "e": end,
        },
    )
    return None if found is None else int(found)


def get(reader: Reader, coding_id: int) -> Coding | None:
    rows = reader.rows(_SELECT + " WHERE k.id = :id", {"id": coding_id})
    return convert.coding(rows[0]) if rows else None


def query(
    reader: Reader,
    *,
    document_id: int | None = None,
    category_ids: list[int] | None = None,
    coder_id: int | None = None,
    needs_review: bool = False,
    coding_pass: str | None = None,
) -> list[Coding]:
    """Codings in document and text order."""
    where: list[str] = []
    params: dict[str, Any] = {}
    if document_id is not None:
        where.append("k.document_id = :document_id")
        params["document_id"] = document_id
    if category_ids is not None:
        if not category_ids:
            return []
        ids, id_params = in_list("c", category_ids)
        where.append(f"k.category_id IN {ids}")
        params.update(id_params)
    if coder_id is not None:
        where.append("k.coder_id = :coder_id")
        params["coder_id"] = coder_id
    if coding_pass is not None:
        where.append("k.coding_pass = :coding_pass")
        params["coding_pass"] = coding_pass
    if needs_review:
        where.append(f"(k.review IS NOT NULL OR {STALE})")
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY d.name, k.char_start, k.char_end, k.id"
    # One document's codings are what the workbench waits on (rows_at_once); a large listing
    # (an export's 100,000 quotes) comes faster row by row than packed.
    read = reader.rows_at_once if document_id is not None else reader.rows
    return [convert.coding(r) for r in read(sql, params)]


def count(reader: Reader) -> int:
    return int(reader.scalar("SELECT count(*) FROM codings"))


def count_needing_review(reader: Reader) -> int:
    """Codings flagged for another look: moved by a replace, or their category revised since."""
    from qualcode.storage.queries.progress import revised_categories, stale_where

    flagged = int(reader.scalar("SELECT count(*) FROM codings WHERE review IS NOT NULL"))
    revised = revised_categories(reader)
    if not revised:
        return flagged
    where, params = stale_where(revised)
    return flagged + int(
        reader.scalar(
            "SELECT count(*) FROM codings k JOIN categories c ON c.id = k.category_id"
            f" WHERE {where}",
            params,
        )
    )


def counts_by_coder(reader: Reader) -> dict[str, int]:
    rows = reader.rows(
        "SELECT p.name AS name, count(*) AS n FROM codings k JOIN coders p ON p.id = k.coder_id"
        " GROUP BY p.name ORDER BY p.name"
    )
    return {r["name"]: int(r["n"]) for r in rows}


def counts_by_category(
    reader: Reader, *, coder_id: int | None = None, coding_pass: str | None = None
) -> dict[str, int]:
    """Codings per category code (not rolled up), optionally of one coder and pass."""
    where, params = [], {"coder_id": coder_id, "coding_pass": coding_pass}
    if coder_id is not None:
        where.append("k.coder_id = :coder_id")
    if coding_pass is not None:
        where.append("k.coding_pass = :coding_pass")
    rows = reader.rows_at_once(
        "SELECT c.code AS code, count(*) AS n FROM codings k"
        " JOIN categories c ON c.id = k.category_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " GROUP BY c.code",
        params,
    )
    return {r["code"]: int(r["n"]) for r in rows}


def spans(reader: Reader, *, coder_id: int, coding_pass: str | None = None) -> list[Row]:
    """One coder's codings as bare spans (id, document, code, start, end): agreement's input."""
    sql = (
        "SELECT k.id, d.name AS document, c.code AS code, k.char_start, k.char_end"
        " FROM codings k JOIN documents d ON d.id = k.document_id"
        " JOIN categories c ON c.id = k.category_id WHERE k.coder_id = :coder_id"
    )
    params: dict[str, Any] = {"coder_id": coder_id}
    if coding_pass is not None:
        sql += " AND k.coding_pass = :coding_pass"
        params["coding_pass"] = coding_pass
    return reader.rows(sql + " ORDER BY d.name, k.char_start, k.id", params)
