"""Settling the disagreements an agreement report lists, each with a reason.

Mayring's feedback loop: the coders discuss a passage and decide how it is coded. The decision
changes both coders' codings there so that they agree, in one transaction, and the audit trail
keeps it with who made it and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qualcode.domain.audit import CodingCreated, CodingRemoved, DisagreementResolved
from qualcode.domain.coding import NewCoding
from qualcode.domain.consensus import (
    DECISIONS,
    already_settled,
    decision_wording,
    settled_spans,
)
from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.domain.roles import Permission
from qualcode.services._base import Service
from qualcode.services.agreement import CoderRef, DisagreementView
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.codings import reads as codings_query
from qualcode.storage.documents import reads as documents_query

__all__ = ["DECISIONS", "DisagreementService", "Resolution"]


@dataclass(frozen=True, slots=True)
class Resolution:
    decision: str
    removed: int
    added: int


class DisagreementService(Service):
    def resolve(
        self,
        coders: tuple[str, str],
        view: DisagreementView,
        decision: str,
        *,
        reason: str,
    ) -> Resolution:
        """Settle one disagreement so both coders' codings agree there; the reason is required.

        ``a``: the passage is coded as coder A did (B's codings of this category there are
        replaced by copies of A's); ``b`` the other way round; ``both``: both were partly
        right, so both get one coding spanning what either marked; ``neither``: both codings
        go. Every change is an audit event, and so is the decision with its reason.
        """
        from qualcode.storage.coders import writes as coders_repo
        from qualcode.storage.codings import writes as codings_repo

        if decision not in DECISIONS:
            raise InvalidInputError(f"the decision must be one of {', '.join(DECISIONS)}")
        if not reason.strip():
            raise InvalidInputError("say why: the reason goes into the audit trail")
        d = view.disagreement
        if d.start is None or d.end is None:
            raise InvalidInputError(
                "a disagreement on a whole document cannot be settled at one passage: "
                "walk through the disagreements at the segment or unit level"
            )
        sides = tuple(CoderRef.parse(c) for c in coders)
        with self.unit_of_work(needs=Permission.SETTLE) as uow:
            tx = uow.tx
            doc_id = documents_query.find_id(tx, d.document)
            category_ids = codebook_query.ids_by_code(tx)
            if doc_id is None or d.code not in category_ids:
                raise NotFoundError("the document or category of this disagreement is gone")
            text = documents_query.texts(tx, [doc_id])[doc_id]
            version = codebook_query.current_version(tx)
            current: list[list[Any]] = []
            for side in sides:
                coder_id = coders_repo.ensure(tx, side.name)
                found = [
                    c
                    for c in codings_query.query(
                        tx,
                        document_id=doc_id,
                        category_ids=[category_ids[d.code]],
                        coder_id=coder_id,
                        coding_pass=side.coding_pass,
                    )
                    if c.start < d.end and d.start < c.end
                ]
                current.append([coder_id, side, found])
            spans_a = [(c.start, c.end) for c in current[0][2]]
            spans_b = [(c.start, c.end) for c in current[1][2]]
            target = settled_spans(decision, spans_a, spans_b)
            removed = added = 0
            touched: list[int] = []
            why = f"resolving a disagreement: {reason.strip()}"
            for coder_id, side, found in current:
                if already_settled([(c.start, c.end) for c in found], target):
                    continue
                for coding in found:
                    codings_repo.delete(tx, coding.id)
                    removed += 1
                    touched.append(coding.id)
                    uow.record(CodingRemoved.of(coding, reason=why, memo=False))
                coding_pass = side.coding_pass or (found[0].coding_pass if found else "main")
                for start, end in target:
                    new_id = codings_repo.insert(
                        tx,
                        NewCoding(
                            doc_id,
                            category_ids[d.code],
                            start,
                            end,
                            text[start:end],
                            "",
                            coding_pass,
                        ),
                        coder_id=coder_id,
                        codebook_version_id=version.id if version else None,
                        now=uow.now,
                    )
                    added += 1
                    touched.append(new_id)
                    created = codings_query.get(tx, new_id)
                    assert created is not None
                    uow.record(CodingCreated.of(created, reason=why, memo=False))
            uow.record(
                DisagreementResolved(
                    spans_a=[list(s) for s in spans_a],
                    spans_b=[list(s) for s in spans_b],
                    detail=d.detail,
                    document=d.document,
                    category=d.code,
                    start=d.start,
                    end=d.end,
                    coders=f"{sides[0]} / {sides[1]}",
                    decision=decision_wording(decision, sides[0].label, sides[1].label),
                    codings=touched,
                    reason=reason.strip(),
                )
            )
        return Resolution(decision, removed, added)
