"""The method facts for a thesis appendix: the material, who coded how much in which pass,
the codebook's versions and freeze, and whether the audit trail's chain was checked."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from qualcode import __version__
from qualcode.domain.codebook import Codebook
from qualcode.domain.coding import PASSES, Coding
from qualcode.domain.transcript import DocumentInfo
from qualcode.domain.versions import CodebookVersion
from qualcode.services.review.agreement import agreement_defaults
from qualcode.services.review.histories import when
from qualcode.services.review.view import ChainStatus, MethodFacts

if TYPE_CHECKING:
    from qualcode.analysis.frequencies import Selection
    from qualcode.services.audit import AuditService
    from qualcode.services.exports import ExportRequest

__all__ = ["chain_status", "method_facts"]


def chain_status(audit: AuditService) -> ChainStatus:
    """The audit chain's full check at export time, so the page says whether the trail the
    reviewer reads is the one the project recorded."""
    check = audit.verify()
    return ChainStatus(
        ok=bool(check.ok),
        checked=int(check.checked),
        head=check.head,
        summary=str(check.summary),
    )


def method_facts(
    book: Codebook,
    cases: Sequence[DocumentInfo],
    codings: list[Coding],
    versions: Sequence[CodebookVersion],
    exported: datetime,
    as_of: date,
    chain: ChainStatus,
    selection: Selection,
    request: ExportRequest,
    language: str,
) -> MethodFacts:
    """The facts of the chosen material (``cases``: the documents, ``codings`` theirs)."""
    by_coder: dict[str, int] = defaultdict(int)
    by_pass: dict[str, int] = defaultdict(int)
    for c in codings:
        by_coder[c.coder] += 1
        by_pass[c.coding_pass] += 1
    frozen = [v for v in versions if v.frozen is not None]
    last = frozen[-1] if frozen else None
    chosen = list(selection.describe())
    if request.categories:
        chosen.append("Kategorien " + ", ".join(request.categories))
    return MethodFacts(
        documents=len(cases),
        turns=sum(d.turns for d in cases),
        words=sum(d.words for d in cases),
        codings=len(codings),
        coders=tuple(sorted(by_coder.items())),
        passes=tuple((p, by_pass[p]) for p in PASSES if by_pass.get(p)),
        codebook_title=book.title,
        codebook_version=book.version,
        versions=len(versions),
        frozen=last.label if last else "",
        frozen_share=last.coded_share if last else None,
        exported=when(exported),
        as_of=as_of.isoformat(),
        qualcode_version=__version__,
        chain=chain,
        selection=tuple(chosen),
        agreement_parameters=agreement_defaults(language),
    )
