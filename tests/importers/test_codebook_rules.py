"""Autocode rules in the codebook file: read strictly, every problem named with its line."""

from __future__ import annotations

import textwrap

import pytest

from qualcode.domain.autocoding import Rule
from qualcode.domain.errors import CodebookError
from qualcode.importers.codebook_yaml import parse_codebook

HEAD = textwrap.dedent(
    """\
    format: qualcode-codebook/1
    title: Test
    version: "1"
    categories:
      - code: K1
        name: Messen
        origin: inductive
        definition: Messen.
        coding_rule: Nur Messen.
        anchors:
          - {text: "Auf der Messe.", document: B01, position: 4}
    """
)


def _book(rules: str) -> str:
    return HEAD + textwrap.indent(textwrap.dedent(rules), "    ")


def test_rules_of_every_kind_with_their_unit() -> None:
    book = parse_codebook(
        _book(
            """\
            autocode:
              - lemmas: [Messe, Messestand]
              - words: Fachmesse
                unit: match
              - phrases: ["am Stand"]
                unit: turn
              - regex: '\\bEMO\\b'
                unit: sentence
                speaker: any
              - words: Stand
                speaker: interviewer
            """
        )
    )
    # Without 'speaker' a rule searches the respondents' turns (domain/autocoding.py).
    assert book.rules == (
        Rule("K1", "lemmas", "Messe", "sentence", "respondent"),
        Rule("K1", "lemmas", "Messestand", "sentence", "respondent"),
        Rule("K1", "words", "Fachmesse", "match", "respondent"),
        Rule("K1", "phrases", "am Stand", "turn", "respondent"),
        Rule("K1", "regex", r"\bEMO\b", "sentence", "any"),
        Rule("K1", "words", "Stand", "sentence", "interviewer"),
    )
    assert book.rules[0].describe() == "lemmas: Messe -> sentence (respondent)"
    assert book.rules[4].describe() == "regex: \\bEMO\\b -> sentence"


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ("autocode: Messe\n", "must be a list of rules"),
        ("autocode:\n  - lemmas: [Messe]\n    words: [Messe]\n", "exactly one of"),
        ("autocode:\n  - lemmas: [Messe]\n    unit: paragraph\n", "unit of a rule"),
        ("autocode:\n  - lemmas: [Messe]\n    weight: 2\n", "unknown key 'weight'"),
        ("autocode:\n  - regex: '(a+)+$'\n", "repeat inside a repeat"),
        ("autocode:\n  - regex: '(x'\n", "not a valid regular expression"),
        ("autocode:\n  - words: ['']\n", "is empty"),
        ("autocode:\n  - words: [[Messe]]\n", "must be text"),
        (f"autocode:\n  - regex: '{'a' * 201}'\n", "longer than 200"),
    ],
)
def test_bad_rules_are_refused_naming_the_line(rules: str, message: str) -> None:
    with pytest.raises(CodebookError) as caught:
        parse_codebook(_book(rules))
    problems = caught.value.problems
    assert any(message in text and line is not None and line > 10 for line, text in problems), (
        problems
    )


def test_too_many_texts_in_one_category_are_refused_once() -> None:
    many = ", ".join(f"w{i}" for i in range(1001))
    with pytest.raises(CodebookError) as caught:
        parse_codebook(_book(f"autocode:\n  - words: [{many}]\n"))
    assert [text for _, text in caught.value.problems] == [
        "category K1 has more than 1000 autocode texts"
    ]
