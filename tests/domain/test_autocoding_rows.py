"""Autocoding rules as a project file carries them: written, read back, and what a stranger's
file cannot slip in."""

from __future__ import annotations

from qualcode.domain.autocoding import MAX_PATTERN, Rule, rule_rows, rules_from_rows


def test_rules_read_back_as_they_were_written() -> None:
    rules = [
        Rule("K2.2", "lemmas", "Messe", "sentence", "respondent"),
        Rule("K2.2", "regex", r"\bAnwahlversuch\w*", "match", "any"),
    ]
    assert rules_from_rows("K2.2", rule_rows(rules)) == rules


def test_rows_a_codebook_file_could_not_hold_are_passed_over() -> None:
    rows = [
        ["lemmas", "Messe", "sentence", "any"],
        ["spells", "Messe", "sentence", "any"],  # no such kind
        ["words", "Messe", "paragraph", "any"],  # no such unit
        ["words", "  ", "match", "any"],  # empty
        ["words", "x" * (MAX_PATTERN + 1), "match", "any"],
        ["regex", "(a+)+$", "match", "any"],  # backtracks exponentially
        ["words", "Messe", "match", "y" * 41],
        ["words", "Messe", "match"],
        ["words", 7, "match", "any"],
        "words: Messe",
    ]
    assert rules_from_rows("K1", rows) == [Rule("K1", "lemmas", "Messe", "sentence", "any")]
    assert rules_from_rows("K1", {"kind": "words"}) == []
    assert rules_from_rows("K1", None) == []
