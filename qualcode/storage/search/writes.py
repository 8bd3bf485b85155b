"""Storing the search index, one batch of documents per unit of work."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from qualcode.storage.db import Transaction
from qualcode.storage.schema import search_documents, search_postings, search_terms


def add_terms(tx: Transaction, first_id: int, forms: Mapping[str, str]) -> dict[str, int]:
    """Store new word forms with their keys, numbered from ``first_id``; returns their ids."""
    ids = {form: first_id + number for number, form in enumerate(forms)}
    if ids:
        tx.conn.execute(
            search_terms.insert(),
            [{"id": ids[form], "form": form, "key": key} for form, key in forms.items()],
        )
    return ids


def replace_documents(
    tx: Transaction, rows: Sequence[Mapping[str, object]], segment: int, data: Mapping[int, bytes]
) -> None:
    """The index rows of whole documents, in place of whatever they had, with the postings of
    their new ``segment`` (term id -> packed data); ``rows`` hold ``document_id``, ``sha256``,
    ``version``, ``words`` and ``sentences``. A segment left without documents is deleted."""
    if not rows:
        return
    from qualcode.storage.search import reads

    ids = [int(row["document_id"]) for row in rows]  # type: ignore[call-overload]
    before = set(reads.segments_of(tx, ids).values())
    tx.conn.execute(search_documents.delete().where(search_documents.c.document_id.in_(ids)))
    tx.conn.execute(
        search_documents.insert(),
        [{**row, "segment": segment} for row in rows],
    )
    if data:
        tx.conn.execute(
            search_postings.insert(),
            [
                {"term_id": term, "segment": segment, "data": packed}
                for term, packed in data.items()
            ],
        )
    for old in sorted(before):
        if not reads.segment_used(tx, old):
            tx.conn.execute(search_postings.delete().where(search_postings.c.segment == old))
