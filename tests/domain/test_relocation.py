from __future__ import annotations

from qualcode.domain.relocation import CHANGED, KEPT, MOVED, REVIEW, relocate

OLD = "Fiktiv.\nWie gewinnen Sie Kunden?\nVor allem über Messen und Empfehlungen.\nDanke."


def span(text: str, passage: str) -> tuple[int, int, str]:
    start = text.index(passage)
    return start, start + len(passage), passage


def test_unchanged_passages_stay_and_shifted_ones_move_with_their_text() -> None:
    new = OLD.replace("Fiktiv.\n", "Fiktiv.\nEin neuer Absatz davor.\n")
    kept = (0, 7, "Fiktiv.")
    moved = span(OLD, "über Messen")
    placements = relocate(OLD, new, [kept, moved])
    assert placements[0].status == KEPT
    assert placements[1].status == MOVED
    assert new[placements[1].start : placements[1].end] == "über Messen"


def test_the_nearest_occurrence_wins_when_a_passage_repeats() -> None:
    old = "Ja.\nA: Ja.\nB: Nein.\nA: Ja."
    new = "Neu.\nJa.\nA: Ja.\nB: Nein.\nA: Ja."
    last = (old.rindex("Ja."), old.rindex("Ja.") + 3, "Ja.")
    (placement,) = relocate(old, new, [last])
    assert placement.start == new.rindex("Ja.")


def test_slightly_corrected_passages_move_and_lost_ones_are_flagged() -> None:
    new = "Fiktiv.\nWie gewinnen Sie Kunden?\nVor allem über Fachmessen und Empfehlungen.\nDanke."
    changed = span(OLD, "Vor allem über Messen und Empfehlungen.")
    gone = span(OLD, "Danke.")
    newer = new.replace("Danke.", "Auf Wiedersehen und vielen herzlichen Dank für das Gespräch.")
    placements = relocate(OLD, newer, [changed, gone])
    assert placements[0].status == CHANGED
    assert newer[placements[0].start : placements[0].end].startswith("Vor allem über Fachmessen")
    assert placements[1].status == REVIEW
    assert 0 <= placements[1].start < placements[1].end <= len(newer)
