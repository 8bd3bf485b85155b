"""Reading the search index."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from qualcode.storage.reader import Reader, Row
from qualcode.storage.sql import expand, sql


def documents(reader: Reader) -> list[Row]:
    """Every document (id, name, sha256, word_count) with the text and rule version its index
    rows were built from and their segment (``indexed_sha256``, ``version``, ``segment``; None
    when it has none)."""
    return reader.rows_at_once(sql(reader, "search.documents"))


def terms(reader: Reader) -> list[Row]:
    """Every word form of the project with its id and matching key."""
    return reader.rows_at_once(sql(reader, "search.terms"))


def terms_like(reader: Reader, pattern: str) -> list[Row]:
    """The word forms matching a LIKE ``pattern``, upper or lower case alike (in a-z), with
    their ids and keys."""
    return reader.rows_at_once(sql(reader, "search.terms_like"), {"pattern": pattern})


def last_term(reader: Reader) -> int:
    return int(reader.scalar(sql(reader, "search.last_term")) or 0)


def last_segment(reader: Reader) -> int:
    return int(reader.scalar(sql(reader, "search.last_segment")) or 0)


def segments_of(reader: Reader, document_ids: Sequence[int]) -> dict[int, int]:
    """The segment each of these documents' index rows is in (those that have rows)."""
    if not document_ids:
        return {}
    rows = reader.rows(*expand(sql(reader, "search.segments_of"), "d", list(document_ids)))
    return {int(row["document_id"]): int(row["segment"]) for row in rows}


def segment_used(reader: Reader, segment: int) -> bool:
    return bool(reader.scalar(sql(reader, "search.segment_used"), {"segment": segment}))


def postings(reader: Reader, term_ids: Sequence[int]) -> list[Row]:
    """Where the forms ``term_ids`` stand: (term_id, segment, packed data; see schema.py)."""
    if not term_ids:
        return []
    return reader.rows(*expand(sql(reader, "search.postings"), "t", list(term_ids)))


def sentences(reader: Reader, document_ids: Sequence[int]) -> list[Row]:
    """The stored sentences of these documents, with the text and rule they came from."""
    if not document_ids:
        return []
    return reader.rows(*expand(sql(reader, "search.sentences"), "d", list(document_ids)))


def coded_spans(
    reader: Reader,
    document_ids: Sequence[int],
    *,
    coder: str | None = None,
    coding_pass: str | None = None,
) -> dict[int, tuple[list[int], list[int], list[int]]]:
    """Per document, its codings as three lists: starts, ends and category ids (in no
    particular order, each coding at the same index), only a ``coder``'s (of one
    ``coding_pass``) when given."""
    if not document_ids:
        return {}
    chosen = [name for name, on in (("coder", coder), ("pass", coding_pass)) if on is not None]
    text, params = expand(sql(reader, "search.coded_spans", chosen), "d", list(document_ids))
    extra: dict[str, Any] = {"coder": coder, "coding_pass": coding_pass}
    rows = reader.rows(text, {**params, **{k: v for k, v in extra.items() if v is not None}})
    return {
        int(row["document_id"]): (
            _numbers(row["starts"]),
            _numbers(row["ends"]),
            _numbers(row["categories"]),
        )
        for row in rows
    }


def turn_starts(
    reader: Reader, document_ids: Sequence[int]
) -> dict[int, tuple[list[int], list[int]]]:
    """Per document, its turns as two lists: their Pos. and where they start (in no
    particular order, each turn at the same index)."""
    if not document_ids:
        return {}
    rows = reader.rows(*expand(sql(reader, "search.turn_starts"), "d", list(document_ids)))
    return {
        int(row["document_id"]): (_numbers(row["positions"]), _numbers(row["starts"]))
        for row in rows
    }


def stored_turns(reader: Reader, document_ids: Sequence[int]) -> dict[int, bytes]:
    """Per document, the turns its index row keeps (packed; see schema.py), for those that
    keep them."""
    if not document_ids:
        return {}
    rows = reader.rows(*expand(sql(reader, "search.stored_turns"), "d", list(document_ids)))
    return {int(row["document_id"]): bytes(row["turns"]) for row in rows}


def _numbers(packed: str | list[int]) -> list[int]:
    """A JSON array of integers, as the database packed it (parsed in C)."""
    return packed if isinstance(packed, list) else json.loads(packed)
