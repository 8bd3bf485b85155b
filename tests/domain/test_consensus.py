"""The rule that settles a disagreement: which spans both coders hold afterwards."""

from __future__ import annotations

import pytest

from qualcode.domain.consensus import (
    DECISIONS,
    already_settled,
    decision_wording,
    settled_spans,
)
from qualcode.domain.errors import InvalidInputError

A = [(10, 20), (40, 50)]
B = [(15, 30)]


def test_a_and_b_take_one_coders_spans() -> None:
    assert settled_spans("a", A, B) == A
    assert settled_spans("b", A, B) == B


def test_both_spans_from_the_first_start_to_the_last_end() -> None:
    assert settled_spans("both", A, B) == [(10, 50)]
    assert settled_spans("both", [], B) == [(15, 30)]
    assert settled_spans("both", [], []) == []


def test_neither_leaves_no_span() -> None:
    assert settled_spans("neither", A, B) == []


def test_the_result_is_a_new_list() -> None:
    spans = settled_spans("a", A, B)
    spans.append((0, 1))
    assert A == [(10, 20), (40, 50)]


def test_an_unknown_decision_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="one of a, b, both, neither"):
        settled_spans("maybe", A, B)
    assert DECISIONS == ("a", "b", "both", "neither")


def test_a_coder_already_holding_the_spans_is_left_alone() -> None:
    assert already_settled([(40, 50), (10, 20)], A)
    assert not already_settled(B, A)
    assert already_settled([], [])


def test_the_decision_is_worded_with_the_coders_labels() -> None:
    assert decision_wording("a", "alice", "bob") == "coded as alice did"
    assert decision_wording("b", "alice", "bob (recheck)") == "coded as bob (recheck) did"
    assert decision_wording("neither", "alice", "bob").startswith("neither")


def test_a_decision_is_worded_in_the_language_asked_for() -> None:
    from qualcode.domain.consensus import decision_in

    assert decision_in("en", "coded as bob did") == "coded as bob did"
    assert decision_in("de", "coded as bob did") == "kodiert, wie bob kodiert hat"
    assert decision_in("de", "neither: the category does not apply here") == (
        "keiner: die Kategorie trifft hier nicht zu"
    )
    assert decision_in("de", "something new") == "something new"  # shown as stored
