"""Which Pos. a span of a transcript covers: one rule for listings, exports and agreement."""

from __future__ import annotations

from qualcode.domain.transcript import positions_of

STARTS = [0, 10, 25, 40]  # turns starting at these offsets
POSITIONS = [1, 2, 3, 4]


def test_a_span_is_cited_by_the_turns_of_its_first_and_last_character() -> None:
    assert positions_of(STARTS, POSITIONS, 0, 5) == (1, 1)
    assert positions_of(STARTS, POSITIONS, 12, 25) == (2, 2)  # ends where turn 3 begins
    assert positions_of(STARTS, POSITIONS, 12, 26) == (2, 3)
    assert positions_of(STARTS, POSITIONS, 9, 60) == (1, 4)


def test_a_span_before_the_first_turn_counts_as_in_it() -> None:
    assert positions_of([5, 20], [1, 2], 0, 3) == (1, 1)
