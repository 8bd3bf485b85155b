"""Reading codings, with the Pos. range each one covers."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import replace
from typing import Any

from qualcode.domain.coding import Coding
from qualcode.storage import convert
from qualcode.storage.reader import Reader, in_list

_SELECT = """
    SELECT k.id, k.document_id, k.char_start, k.char_end, k.text, k.memo, k.coding_pass,
           k.created_at, k.updated_at, k.review, d.name AS document_name, c.code AS category_code,
           c.name AS category_name, p.name AS coder_name, v.label AS codebook_version
    FROM codings k
    JOIN documents d ON d.id = k.document_id
    JOIN categories c ON c.id = k.category_id
    JOIN coders p ON p.id = k.coder_id
    LEFT JOIN codebook_versions v ON v.id = k.codebook_version_id
"""


def get(reader: Reader, coding_id: int) -> Coding | None:
    rows = reader.rows(_SELECT + " WHERE k.id = :id", {"id": coding_id})
    return _with_positions(reader, [convert.coding(rows[0])])[0] if rows else None


def query(
    reader: Reader,
    *,
    document_id: int | None = None,
    category_ids: list[int] | None = None,
    coder_id: int | None = None,
    needs_review: bool = False,
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
    if needs_review:
        where.append("k.review IS NOT NULL")
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY d.name, k.char_start, k.char_end, k.id"
    found = [convert.coding(r) for r in reader.rows(sql, params)]
    return _with_positions(reader, found, document_id)


def _with_positions(
    reader: Reader, found: list[Coding], document_id: int | None = None
) -> list[Coding]:
    """Attach the first and last Pos. of each coding from its document's turn offsets."""
    if not found:
        return found
    if document_id is not None or len({c.document_id for c in found}) == 1:
        sql = "SELECT document_id, char_start, position FROM turns WHERE document_id = :d"
        params: dict[str, Any] = {"d": found[0].document_id}
    else:
        sql = "SELECT document_id, char_start, position FROM turns"
        params = {}
    starts: dict[int, list[int]] = defaultdict(list)
    positions: dict[int, list[int]] = defaultdict(list)
    for row in reader.rows(sql + " ORDER BY document_id, char_start", params):
        starts[row["document_id"]].append(row["char_start"])
        positions[row["document_id"]].append(row["position"])
    result = []
    for c in found:
        s, p = starts.get(c.document_id), positions.get(c.document_id)
        if not s or not p:
            result.append(c)
            continue
        first = max(bisect_right(s, c.start) - 1, 0)
        last = max(bisect_right(s, c.end - 1) - 1, first)
        result.append(replace(c, position=p[first], position_end=p[last]))
    return result


def count(reader: Reader) -> int:
    return int(reader.scalar("SELECT count(*) FROM codings"))


def counts_by_coder(reader: Reader) -> dict[str, int]:
    rows = reader.rows(
        "SELECT p.name AS name, count(*) AS n FROM codings k JOIN coders p ON p.id = k.coder_id"
        " GROUP BY p.name ORDER BY p.name"
    )
    return {r["name"]: int(r["n"]) for r in rows}


def counts_by_category(reader: Reader) -> dict[str, int]:
    """Codings per category code (not rolled up)."""
    rows = reader.rows(
        "SELECT c.code AS code, count(*) AS n FROM codings k"
        " JOIN categories c ON c.id = k.category_id GROUP BY c.code"
    )
    return {r["code"]: int(r["n"]) for r in rows}
