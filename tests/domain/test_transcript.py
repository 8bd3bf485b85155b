from __future__ import annotations

from datetime import UTC, datetime

from qualcode.domain.transcript import DocumentInfo, Transcript, Turn


def transcript() -> Transcript:
    text = "Hallo.\nErste Antwort.\nZweite Antwort."
    turns = (Turn(1, "I", 0, 6), Turn(2, "B", 7, 21), Turn(3, "B", 22, 37))
    info = DocumentInfo(1, "B1", "B1.txt", "text", "x", "a", datetime.now(UTC), 3, 5)
    return Transcript(info, text, turns)


def test_turns_for_span_finds_every_touched_turn() -> None:
    t = transcript()
    assert [x.position for x in t.turns_for_span(8, 12)] == [2]
    assert [x.position for x in t.turns_for_span(3, 25)] == [1, 2, 3]
    assert [x.position for x in t.turns_for_span(7, 21)] == [2]
    assert t.turn_text(t.turn_at(3)) == "Zweite Antwort."
