"""The page's agreement part: each pair of coders compared with the defaults of ``qualcode
agreement``, who is in no pair and why, and the parameters named in the page's language."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qualcode.domain.coding import Coding
from qualcode.domain.errors import QualcodeError
from qualcode.services.review.view import AgreementPair, AgreementRow

if TYPE_CHECKING:
    from qualcode.services.exports import ExportRequest
    from qualcode.storage.db import Database

__all__ = ["Pairs", "agreement_defaults", "compare_pairs"]


@dataclass(frozen=True, slots=True)
class Pairs:
    """The pairs compared, and who is in none (see ReviewPage.rules_only and .apart)."""

    compared: list[AgreementPair]
    rules_only: tuple[str, ...]
    apart: tuple[tuple[str, str], ...]


def compare_pairs(
    database: Database,
    coder: str,
    request: ExportRequest,
    documents: tuple[str, ...],
    codings: list[Coding],
    from_rules: set[int],
    language: str,
) -> Pairs:
    """Each pair of coders compared with the defaults of ``qualcode agreement``, on the
    page's documents (``documents``: the chosen ones; empty: all) and categories; with one
    pass chosen, each coder's codings of that pass.

    A pair is two coders who each coded some of the same documents themselves: agreement
    asks whether two people applying the guideline independently mark the same passages.
    Codings from accepted autocoding proposals (``from_rules``) are their coder's and count
    in the comparison, but the rules chose those passages: a coder with nothing else here
    (someone who only reviewed the proposals) is in no pair, and the page says so.

    The notes are in the page's language, worded as ``qualcode agreement -o`` words them."""
    from qualcode.exporters.agreement_wording import german_notes
    from qualcode.services.agreement import AgreementRequest, AgreementService

    coders = sorted({c.coder for c in codings})
    by_hand: dict[str, set[str]] = defaultdict(set)
    for c in codings:
        if c.id not in from_rules:
            by_hand[c.coder].add(c.document)
    rules_only = tuple(c for c in coders if not by_hand[c])
    coders = [c for c in coders if by_hand[c]]
    apart: list[tuple[str, str]] = []
    suffix = f"@{request.passes[0]}" if len(set(request.passes)) == 1 else ""
    service = AgreementService(database, coder)
    pairs = []
    for i, a in enumerate(coders):
        for b in coders[i + 1 :]:
            if not by_hand[a] & by_hand[b]:
                apart.append((a, b))
                continue
            try:
                result = service.compare(
                    AgreementRequest(
                        coders=(a + suffix, b + suffix),
                        documents=documents,
                        categories=request.categories,
                    ),
                    passages=False,
                )
            except QualcodeError as error:
                pairs.append(AgreementPair(coders=(a, b), error=str(error)))
                continue
            report = result.report

            def row(r: Any, names: dict[str, str] = result.names) -> AgreementRow:
                return AgreementRow(
                    r.code,
                    names.get(r.code, ""),
                    r.agreements,
                    r.disagreements,
                    r.total,
                    r.percent,
                )

            pairs.append(
                AgreementPair(
                    coders=(a, b),
                    level=report.level,
                    parameters=tuple((str(k), _parameter(v)) for k, v in result.parameters.items()),
                    rows=tuple(row(r) for r in report.categories),
                    overall=row(report.overall),
                    kappa_bp=report.kappa_bp,
                    chance=report.chance,
                    notes=tuple(german_notes(result)) if language == "de" else result.notes,
                    open_disagreements=len(report.disagreements),
                )
            )
    return Pairs(pairs, rules_only, tuple(apart))


def agreement_defaults(language: str) -> str:
    """The parameters each pair is compared with: those of a plain ``qualcode agreement``,
    named in the page's language as ``qualcode agreement -o`` names them."""
    from qualcode.exporters.agreement_wording import wording
    from qualcode.services.agreement import AgreementRequest

    d = AgreementRequest(("a", "b"))
    w = wording(language)
    chosen = {
        "level": d.level,
        "threshold": d.threshold,
        "denominator": d.denominator,
        "counting": d.counting,
    }
    named = "; ".join(f"{w.parameter(k)}: {w.value(k, v)}" for k, v in chosen.items())
    return f"{named} (qualcode agreement --coders A B)"


def _parameter(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)
