"""Reading codings, with the Pos. range each one covers."""

from __future__ import annotations

from typing import Any

from qualcode.domain.coding import Coding
from qualcode.storage import convert
from qualcode.storage.reader import Reader, Row
from qualcode.storage.sql import expand, sql


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
        sql(reader, "codings.same_as"),
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
    rows = reader.rows(sql(reader, "codings.get"), {"id": coding_id})
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
    rows = query_rows(
        reader,
        document_id=document_id,
        category_ids=category_ids,
        coder_id=coder_id,
        needs_review=needs_review,
        coding_pass=coding_pass,
    )
    return [convert.coding(r) for r in rows]


def query_rows(
    reader: Reader,
    *,
    document_id: int | None = None,
    category_ids: list[int] | None = None,
    coder_id: int | None = None,
    needs_review: bool = False,
    coding_pass: str | None = None,
) -> list[Row]:
    """The rows :func:`query` converts (see :func:`qualcode.storage.convert.coding`)."""
    if category_ids is not None and not category_ids:
        return []
    params: dict[str, Any] = {
        "document_id": document_id,
        "coder_id": coder_id,
        "coding_pass": coding_pass,
    }
    chosen = {
        "document": document_id is not None,
        "categories": category_ids is not None,
        "coder": coder_id is not None,
        "pass": coding_pass is not None,
        "needs_review": needs_review,
    }
    text = sql(reader, "codings.query", [name for name, wanted in chosen.items() if wanted])
    if category_ids is not None:
        text, id_params = expand(text, "c", category_ids)
        params.update(id_params)
    # One document's codings are what the workbench waits on (rows_at_once); a large listing
    # (an export's 100,000 quotes) comes faster row by row than packed.
    read = reader.rows_at_once if document_id is not None else reader.rows
    return read(text, params)


def texts(reader: Reader) -> list[Row]:
    """Every coding's ``category_code``, ``document_name``, ``char_start``, ``char_end`` and
    ``text``: what word frequencies and suggestions count, without the rest of a coding (a
    tenth of the time of :func:`query` on 100,000 codings)."""
    return reader.rows(sql(reader, "codings.texts"))


def count(reader: Reader) -> int:
    return int(reader.scalar(sql(reader, "codings.count")))


def count_needing_review(reader: Reader) -> int:
    """Codings flagged for another look: moved by a replace, or their category revised since."""
    from qualcode.storage.reports.progress import revised_categories

    flagged = int(reader.scalar(sql(reader, "codings.count_flagged")))
    revised = revised_categories(reader)
    if not revised:
        return flagged
    return flagged + int(reader.scalar(*expand(sql(reader, "codings.count_stale"), "rc", revised)))


def counts_by_coder(reader: Reader) -> dict[str, int]:
    rows = reader.rows(sql(reader, "codings.counts_by_coder"))
    return {r["name"]: int(r["n"]) for r in rows}


def counts_by_category(
    reader: Reader, *, coder_id: int | None = None, coding_pass: str | None = None
) -> dict[str, int]:
    """Codings per category code (not rolled up), optionally of one coder and pass."""
    chosen = {"coder": coder_id is not None, "pass": coding_pass is not None}
    rows = reader.rows_at_once(
        sql(reader, "codings.counts_by_category", [name for name, on in chosen.items() if on]),
        {"coder_id": coder_id, "coding_pass": coding_pass},
    )
    return {r["code"]: int(r["n"]) for r in rows}


def spans(reader: Reader, *, coder_id: int, coding_pass: str | None = None) -> list[Row]:
    """One coder's codings as bare spans (id, document, code, start, end): agreement's input."""
    filters = ["coder"] if coding_pass is None else ["coder", "pass"]
    return reader.rows(
        sql(reader, "codings.spans", filters), {"coder_id": coder_id, "coding_pass": coding_pass}
    )
