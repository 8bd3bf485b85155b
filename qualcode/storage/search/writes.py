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


def replace_documents(tx: Transaction, rows: Sequence[Mapping[str, object]]) -> None:
    """The index rows of whole documents, in place of whatever they had: ``rows`` hold
    ``document_id``, ``sha256``, ``version``, ``words``, ``sentences`` and ``postings``
    (term id -> packed starts)."""
    if not rows:
        return
    ids = [row["document_id"] for row in rows]
    tx.conn.execute(search_postings.delete().where(search_postings.c.document_id.in_(ids)))
    tx.conn.execute(search_documents.delete().where(search_documents.c.document_id.in_(ids)))
    tx.conn.execute(
        search_documents.insert(),
        [
            {key: row[key] for key in ("document_id", "sha256", "version", "words", "sentences")}
            for row in rows
        ],
    )
    postings = [
        {"term_id": term_id, "document_id": row["document_id"], "starts": starts}
        for row in rows
        for term_id, starts in row["postings"].items()  # type: ignore[attr-defined]
    ]
    if postings:
        tx.conn.execute(search_postings.insert(), postings)
