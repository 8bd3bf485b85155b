"""The settled disagreements as the page shows them: the Pos. and text of both codings, the
decision in the page's language, only those of the chosen documents and categories."""

from __future__ import annotations

from datetime import UTC, datetime

from qualcode.domain.audit import AuditEvent, DisagreementResolved
from qualcode.domain.transcript import DocumentInfo, Transcript, Turn
from qualcode.importers.codebook_yaml import load_codebook
from qualcode.services.review.settlements import settlements
from tests.helpers import CODEBOOK

_TEXT = "I: Wie kommen Sie an Kunden?\nB: Über die Messe, fast immer."


def _transcript() -> Transcript:
    at = datetime(2026, 11, 1, tzinfo=UTC)
    info = DocumentInfo(1, "B02", "B02.txt", "text", "0" * 64, "alice", at, 2, 11)
    return Transcript(info, _TEXT, (Turn(1, "I", 0, 28), Turn(2, "B", 29, len(_TEXT))))


def _settled(decision: str, document: str = "B02") -> AuditEvent:
    start = _TEXT.index("Messe")
    event = DisagreementResolved(
        entity_id=1,
        spans_a=[[start, start + 5]],
        spans_b=[],
        detail="",
        document=document,
        category="K2.1",
        start=start,
        end=start + 5,
        coders="alice / bob",
        decision=decision,
        codings=[3],
        reason="Messe klar genannt",
    )
    before, after = event.payload()
    at = datetime(2026, 11, 2, tzinfo=UTC)
    return AuditEvent(7, at, "alice", "resolve", "disagreement", 1, before, after, event.reason)


def test_a_settlement_shows_both_codings_and_the_decision_in_the_pages_language() -> None:
    book = load_codebook(CODEBOOK)
    events = [_settled("coded as alice did"), _settled("neither: x", document="B05")]
    (shown,) = settlements(events, ("B02",), None, book, {"B02": _transcript()}, "de")
    assert (shown.document, shown.category, shown.position) == ("B02", "K2.1", "Pos. 2")
    assert shown.coding_a == ("Pos. 2: „Messe“",) and shown.coding_b == ()
    assert shown.decision == "kodiert, wie alice kodiert hat"
    assert shown.reason == "Messe klar genannt" and shown.category_name
    (english,) = settlements(events[:1], (), None, book, {}, "en")
    assert english.decision == "coded as alice did"
    assert settlements(events, (), {"K1.1"}, book, {}, "de") == []  # another category chosen
