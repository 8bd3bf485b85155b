"""Reading autocoding rules and proposals."""

from __future__ import annotations

from typing import Any

from qualcode.domain.autocoding import Proposal, ProposalRecord, Rule
from qualcode.storage import convert
from qualcode.storage.reader import Reader
from qualcode.storage.sql import expand, sql


def proposals(
    reader: Reader,
    *,
    status: str | None = None,
    category_ids: list[int] | None = None,
    document_id: int | None = None,
    ids: list[int] | None = None,
    creator: int | None = None,
    coding_pass: str | None = None,
) -> list[Proposal]:
    """Proposals in document and text order, filtered (``creator``: only those this coder's
    runs made, ``coding_pass``: in this pass, as a blind coder sees them)."""
    if (category_ids is not None and not category_ids) or (ids is not None and not ids):
        return []
    chosen = {
        "status": status is not None,
        "categories": category_ids is not None,
        "document": document_id is not None,
        "ids": ids is not None,
        "creator": creator is not None,
        "pass": coding_pass is not None,
    }
    text = sql(reader, "proposals.list", [name for name, on in chosen.items() if on])
    params: dict[str, Any] = {"status": status, "document_id": document_id}
    if creator is not None:
        params["created_by"] = creator
    if coding_pass is not None:
        params["coding_pass"] = coding_pass
    if category_ids is not None:
        text, more = expand(text, "c", category_ids)
        params.update(more)
    if ids is not None:
        text, more = expand(text, "i", ids)
        params.update(more)
    return [
        Proposal(
            id=int(row["id"]),
            document=row["document"],
            category=row["category"],
            start=int(row["char_start"]),
            end=int(row["char_end"]),
            text=row["text"],
            rule=row["rule"],
            status=row["status"],
            position=int(row["position"]),
            decided_by=row["decided_by"],
            coding_id=row["coding_id"],
        )
        for row in reader.rows(text, params)
    ]


def known(
    reader: Reader,
    *,
    document_id: int | None = None,
    creator: int | None = None,
    coding_pass: str | None = None,
) -> set[tuple[int, int, int, int]]:
    """(document, category, start, end) of every passage proposed before, whatever its status
    (``creator``: proposed by this coder's runs; ``coding_pass``: in this pass)."""
    given = (("document", document_id), ("creator", creator), ("pass", coding_pass))
    chosen = [name for name, on in given if on is not None]
    text = sql(reader, "proposals.known", chosen)
    params = {"document_id": document_id, "created_by": creator, "coding_pass": coding_pass}
    return {
        (int(r["document_id"]), int(r["category_id"]), int(r["char_start"]), int(r["char_end"]))
        for r in reader.rows(text, params)
    }


def rules(reader: Reader) -> list[Rule]:
    """Every category's search rules, by category code and their order in the file."""
    return [
        Rule(
            category=r["category"],
            kind=r["kind"],
            pattern=r["pattern"],
            unit=r["unit"],
            speaker=r["speaker"],
        )
        for r in reader.rows(sql(reader, "proposals.rules"))
    ]


def records(reader: Reader) -> list[ProposalRecord]:
    """Every proposal with its whole record, oldest first (a project export carries them)."""
    return [
        ProposalRecord(
            id=int(r["id"]),
            document=r["document"],
            category=r["category"],
            start=int(r["char_start"]),
            end=int(r["char_end"]),
            text=r["text"],
            rule=r["rule"],
            status=r["status"],
            created_by=r["created_by"],
            created_at=convert.utc(r["created_at"]),
            decided_by=r["decided_by"],
            decided_at=convert.utc(r["decided_at"]) if r["decided_at"] is not None else None,
            coding_id=r["coding_id"],
            coding_pass=r["coding_pass"],
        )
        for r in reader.rows(sql(reader, "proposals.records"))
    ]
