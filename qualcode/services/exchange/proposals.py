"""Autocoding proposals brought in with a project qualcode exported, stored with the decisions
made on them.

Each decided one is also recorded in the trail as it came (:class:`ProposalImported`: the rule,
who decided and when in the project it came from, the coding it became here), so that
``qualcode log --coding ID`` names the proposal and rule a coding came from. A proposal whose
passage no longer holds its text is left out and listed, never moved.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from qualcode.domain.audit import ProposalImported
from qualcode.domain.plurals import counted
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.documents import reads as documents_query
from qualcode.storage.proposals import reads as proposals_query

if TYPE_CHECKING:
    from qualcode.domain.exchange import ExProposal
    from qualcode.services.exchange.store import Store

__all__ = ["store_proposals"]


def store_proposals(store: Store, documents: dict[str, int]) -> None:
    """Store the file's proposals whose document and category came in (``documents``: the
    file's document names -> their ids here); on a merge, a passage this project has proposed
    already keeps what it has."""
    project, report, tx, uow = store.project, store.report, store.tx, store.uow
    if not project.proposals:
        return
    from qualcode.storage.proposals import writes as proposals_repo

    texts = {d.name: d.text for d in project.documents}
    category_ids = codebook_query.ids_by_code(tx)
    names = {i: n for n, i in documents_query.id_by_name(tx).items()}
    known = proposals_query.known(tx) if store.merge else set()
    taken: set[tuple[Any, ...]] = set()
    rows: list[dict[str, Any]] = []
    kept: list[ExProposal] = []
    misfits = 0
    for proposal in project.proposals:
        document_id = documents.get(proposal.document)
        code = store.code_map.get(proposal.category)
        if document_id is None or code is None:
            continue  # its document or code was left out, and listed
        text = texts.get(proposal.document, "")
        if not 0 <= proposal.start < proposal.end <= len(text) or (
            text[proposal.start : proposal.end] != proposal.text
        ):
            misfits += 1
            continue
        passage = (document_id, category_ids[code], proposal.start, proposal.end)
        creator = store.coder(proposal.created_by)
        key = (*passage, creator, proposal.coding_pass)
        if passage in known or key in taken:
            continue
        taken.add(key)
        decided = proposal.status != "proposed"
        rows.append(
            {
                "document_id": document_id,
                "category_id": category_ids[code],
                "char_start": proposal.start,
                "char_end": proposal.end,
                "text": proposal.text,
                "rule": proposal.rule,
                "status": proposal.status,
                "created_by": creator,
                "created_at": proposal.created_at or uow.now,
                "decided_by": store.coder(proposal.decided_by) if decided else None,
                "decided_at": (proposal.decided_at or uow.now) if decided else None,
                "coding_id": store.coding_ids.get(proposal.coding)
                if proposal.status == "accepted" and proposal.coding
                else None,
                "coding_pass": proposal.coding_pass,
            }
        )
        kept.append(proposal)
    ids = proposals_repo.insert_records(tx, rows)
    for proposal_id, proposal, row in zip(ids, kept, rows, strict=True):
        store.keep("proposal", proposal_id, proposal.guid)
        if proposal.status == "proposed":
            continue
        uow.record(
            ProposalImported(
                entity_id=proposal_id,
                source=report.source,
                rule=proposal.rule,
                document=names.get(row["document_id"], proposal.document),
                category=store.code_map[proposal.category],
                start=proposal.start,
                end=proposal.end,
                status=proposal.status,
                decided_by=proposal.decided_by or None,
                decided_at=proposal.decided_at.isoformat() if proposal.decided_at else None,
                coding_id=row["coding_id"],
                text=proposal.text,
            )
        )
    report.proposals = dict(Counter(p.status for p in kept))
    if misfits:
        report.left_out.append(
            f"{counted(misfits, 'autocoding proposal', thousands=True)} whose passage no longer "
            "holds its text"
        )
