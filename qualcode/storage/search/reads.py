"""Reading the search index."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qualcode.storage.reader import Reader, Row
from qualcode.storage.sql import expand, sql


def documents(reader: Reader) -> list[Row]:
    """Every document (id, name, sha256, word_count) with the text and rule version its index
    rows were built from (``indexed_sha256``, ``version``; None when it has none)."""
    return reader.rows_at_once(sql(reader, "search.documents"))


def terms(reader: Reader) -> list[Row]:
    """Every word form of the project with its id and matching key."""
    return reader.rows_at_once(sql(reader, "search.terms"))


def last_term(reader: Reader) -> int:
    return int(reader.scalar(sql(reader, "search.last_term")) or 0)


def postings(reader: Reader, term_ids: Sequence[int]) -> list[Row]:
    """Where the forms ``term_ids`` stand: (term_id, document_id, packed starts)."""
    if not term_ids:
        return []
    return reader.rows(*expand(sql(reader, "search.postings"), "t", list(term_ids)))


def sentences(reader: Reader, document_ids: Sequence[int]) -> list[Row]:
    """The stored sentences of these documents, with the text and rule they came from."""
    if not document_ids:
        return []
    return reader.rows(*expand(sql(reader, "search.sentences"), "d", list(document_ids)))


def codings(
    reader: Reader,
    document_ids: Sequence[int],
    *,
    coder: str | None = None,
    coding_pass: str | None = None,
) -> list[Row]:
    """The codings of these documents (document_id, char_start, char_end, code), only a
    ``coder``'s (of one ``coding_pass``) when given, as a blind coder sees them."""
    if not document_ids:
        return []
    chosen = [name for name, on in (("coder", coder), ("pass", coding_pass)) if on is not None]
    text, params = expand(sql(reader, "search.codings", chosen), "d", list(document_ids))
    extra: dict[str, Any] = {"coder": coder, "coding_pass": coding_pass}
    return reader.rows(text, {**params, **{k: v for k, v in extra.items() if v is not None}})
