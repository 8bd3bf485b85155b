"""What autocode rules find: words, lemmas, phrases and regular expressions, per unit."""

from __future__ import annotations

import pytest

from qualcode.analysis.autocoding import TurnText, find
from qualcode.domain.autocoding import Rule, pattern_problem
from qualcode.domain.errors import InvalidInputError

TURN = "Wir waren auf der Messe. Dort haben wir z. B. zwei Kunden gewonnen. Am Stand war viel los."
OFFSET = 100  # where the turn starts in its document


def _find(*rules: Rule) -> list[tuple[str, str, str]]:
    turn = TurnText(OFFSET, OFFSET + len(TURN), TURN)
    return [
        (f.category, TURN[f.start - OFFSET : f.end - OFFSET], f.rule) for f in find([turn], rules)
    ]


def test_a_lemma_finds_every_form_and_codes_its_sentence() -> None:
    found = _find(Rule("K1", "lemmas", "gewinnen", "sentence"))
    assert found == [
        ("K1", "Dort haben wir z. B. zwei Kunden gewonnen.", "lemmas: gewinnen -> sentence")
    ]


def test_a_word_finds_only_its_own_form_in_any_case() -> None:
    assert _find(Rule("K1", "words", "kunde", "match")) == []
    assert [f[1] for f in _find(Rule("K1", "words", "KUNDEN", "match"))] == ["Kunden"]


def test_a_phrase_finds_its_words_in_a_row() -> None:
    assert [f[1] for f in _find(Rule("K2", "phrases", "am Stand", "match"))] == ["Am Stand"]
    assert _find(Rule("K2", "phrases", "Stand am", "match")) == []


def test_a_regex_and_the_turn_unit() -> None:
    found = _find(Rule("K3", "regex", r"Mess\w+", "turn"))
    assert [f[1] for f in found] == [TURN]


def test_one_passage_is_proposed_once_per_category() -> None:
    found = _find(
        Rule("K1", "lemmas", "Messe", "turn"),
        Rule("K1", "lemmas", "Kunde", "turn"),
        Rule("K2", "lemmas", "Kunde", "turn"),
    )
    assert [f[0] for f in found] == ["K1", "K2"]


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("(a+)+$", "repeat inside a repeat"),
        (r"(\w)\1", "back-references"),
        ("Kunde(?=n)", "look-arounds"),
        ("x" * 201, "longer than"),
        ("(", "not a valid"),
    ],
)
def test_dangerous_regular_expressions_are_refused(pattern: str, problem: str) -> None:
    assert problem in (pattern_problem(pattern) or "")
    with pytest.raises(InvalidInputError):
        _find(Rule("K1", "regex", pattern, "match"))


def test_safe_regular_expressions_pass() -> None:
    for pattern in (r"\bAkquise\w*", "(?i)messe|stand", "(?:Neu)?[Kk]unden?", "a{1,3}b"):
        assert pattern_problem(pattern) is None


def test_a_lemma_does_not_find_a_word_that_only_shares_its_stem() -> None:
    turn = "Wie messen Sie den Erfolg? Auf den Messen treffen wir Kunden."
    found = find([TurnText(0, len(turn), turn)], [Rule("K2", "lemmas", "Messe", "match")])
    assert [turn[f.start : f.end] for f in found] == ["Messen"]
    kunde = find([TurnText(0, len(turn), turn)], [Rule("K3", "lemmas", "Kunde", "match")])
    assert [turn[f.start : f.end] for f in kunde] == ["Kunden"]  # "Kunde" lacks in the table
