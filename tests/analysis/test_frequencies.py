"""Frequencies, matrices, attribute groups and co-occurrence on hand-made domain objects."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from qualcode.analysis import frequencies as freq
from qualcode.domain.codebook import Category, Codebook
from qualcode.domain.coding import Coding
from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.domain.transcript import DocumentInfo

WHEN = datetime(2026, 1, 5, tzinfo=UTC)


def category(code: str, parent: str | None = None, origin: str = "deductive") -> Category:
    return Category(
        code=code,
        name=f"Name {code}",
        definition="d",
        coding_rule="r",
        origin=origin,
        parent=parent,
    )


BOOK = Codebook(
    title="Test",
    version="2.1",
    categories=(
        category("K1"),
        category("K1.1", "K1"),
        category("K1.1.1", "K1.1"),
        category("K1.2", "K1"),
        category("K2"),
        category("K2.1", "K2", "inductive"),
    ),
)


def doc(name: str, number: int, **attributes: str) -> DocumentInfo:
    return DocumentInfo(
        id=number,
        name=name,
        source_name=f"{name}.txt",
        format="txt",
        sha256="0" * 64,
        imported_by="alice",
        imported_at=WHEN,
        turns=10,
        words=100,
        attributes=attributes,
    )


DOCS = [
    doc("B01", 1, Branche="Logistik", Größe="250–999"),
    doc("B02", 2, Branche="Chemie", Größe="10–49"),
    doc("B03", 3, Branche="Logistik", Größe="≥1000"),
    doc("B04", 4, Größe="50–249"),
]

_ids = iter(range(1, 1000))


def coding(
    document: str,
    code: str,
    start: int,
    end: int,
    *,
    coder: str = "alice",
    coding_pass: str = "main",
    position: int | None = None,
    position_end: int | None = None,
) -> Coding:
    return Coding(
        id=next(_ids),
        document=document,
        document_id=int(document[1:]),
        category=code,
        category_name=f"Name {code}",
        start=start,
        end=end,
        text="x" * (end - start),
        coder=coder,
        memo="",
        created=WHEN,
        updated=WHEN,
        coding_pass=coding_pass,
        codebook_version="2.1",
        position=position,
        position_end=position if position_end is None else position_end,
    )


CODINGS = [
    coding("B01", "K1.1", 0, 10, position=1),
    coding("B01", "K1.2", 5, 15, position=1, position_end=2),
    coding("B01", "K1.1", 40, 50, position=4),
    coding("B02", "K1.1.1", 0, 10, position=1, coder="bob"),
    coding("B02", "K2.1", 20, 30, position=2, coding_pass="pilot"),
    coding("B03", "K2", 0, 10, position=1),
    coding("B03", "K1", 8, 20, position=1, position_end=2),
]


def matrix(rollup: bool, categories: tuple[str, ...] = (), codings: list[Coding] = CODINGS):
    return freq.count_matrix(
        freq.count_codings(codings), BOOK, DOCS, rollup=rollup, categories=categories
    )


def test_without_roll_up_every_category_counts_only_its_own_segments() -> None:
    m = matrix(rollup=False)
    assert list(m.index) == ["K1", "K1.1", "K1.1.1", "K1.2", "K2", "K2.1"]
    assert list(m.columns) == ["B01", "B02", "B03", "B04"]
    assert m.loc["K1.1"].tolist() == [2, 0, 0, 0]
    assert m.loc["K1"].tolist() == [0, 0, 1, 0]
    assert m.loc["K1.1.1", "B02"] == 1


def test_roll_up_counts_segments_for_the_main_category_and_a_case_once() -> None:
    m = matrix(rollup=True)
    assert list(m.index) == ["K1", "K2"]
    # B01: K1.1 twice and K1.2 once -> 3 segments for K1, but one case
    assert m.loc["K1"].tolist() == [3, 1, 1, 0]
    assert m.loc["K2"].tolist() == [0, 1, 1, 0]
    table = freq.frequencies(m, BOOK)
    assert table.loc["K1", "segments"] == 5
    assert table.loc["K1", "cases"] == 3
    assert table.loc["K1", "N"] == 4
    assert table.loc["K1", "case_share"] == 75.0
    assert table.loc["K2", "cases"] == 2


def test_chosen_categories_list_their_subtree_or_roll_it_up() -> None:
    assert list(matrix(rollup=False, categories=("K1.1",)).index) == ["K1.1", "K1.1.1"]
    rolled = matrix(rollup=True, categories=("K1.1", "K2"))
    assert list(rolled.index) == ["K1.1", "K2"]
    assert rolled.loc["K1.1"].tolist() == [2, 1, 0, 0]  # K1.1.1 counts for K1.1
    by_name = matrix(rollup=True, categories=("Name K2",))
    assert list(by_name.index) == ["K2"]
    with pytest.raises(NotFoundError):
        matrix(rollup=False, categories=("K9",))


def test_selection_chooses_cases_and_codings() -> None:
    only_logistics = freq.Selection(attributes=(("Branche", "Logistik"),))
    assert [d.name for d in only_logistics.cases(DOCS)] == ["B01", "B03"]
    assert [d.name for d in freq.Selection(documents=("B02", "B04")).cases(DOCS)] == ["B02", "B04"]
    bob = freq.Selection(coders=("bob",))
    assert freq.count_codings(CODINGS, bob) == [freq.CodeCount("B02", "K1.1.1", 1)]
    pilot = freq.count_codings(CODINGS, freq.Selection(passes=("pilot",)))
    assert pilot == [freq.CodeCount("B02", "K2.1", 1)]
    assert only_logistics.describe() == ("Branche = Logistik",)
    assert freq.Selection(coders=("bob",), passes=("main",)).describe() == (
        "Kodierer bob",
        "Durchgang main",
    )
    # N follows the cases: two of four documents
    m = freq.count_matrix(
        freq.count_codings(CODINGS), BOOK, only_logistics.cases(DOCS), rollup=True
    )
    assert freq.frequencies(m, BOOK).loc["K1", "N"] == 2


def test_frequency_table_has_both_bases_or_one() -> None:
    table = freq.frequency_table(freq.frequencies(matrix(rollup=True), BOOK))
    assert list(table.columns) == [
        "Code",
        "Kategorie",
        "Segmente (n)",
        "Fälle (n, N = 4)",
        "Anteil Fälle (%)",
    ]
    assert table.iloc[0].tolist() == ["K1", "Name K1", 5, 3, 75.0]
    cases_only = freq.frequency_table(freq.frequencies(matrix(rollup=True), BOOK), unit="cases")
    assert "Segmente (n)" not in cases_only.columns
    segments_only = freq.frequency_table(
        freq.frequencies(matrix(rollup=True), BOOK), unit="segments"
    )
    assert list(segments_only.columns) == ["Code", "Kategorie", "Segmente (n)"]
    with pytest.raises(InvalidInputError):
        freq.frequency_table(freq.frequencies(matrix(rollup=True), BOOK), unit="words")


def test_document_table_counts_or_marks_with_a_sum() -> None:
    counts = freq.document_table(matrix(rollup=True), BOOK)
    assert list(counts.columns) == ["Code", "Kategorie", "B01", "B02", "B03", "B04", "Summe"]
    assert counts.iloc[0].tolist() == ["K1", "Name K1", 3, 1, 1, 0, 5]
    marks = freq.document_table(matrix(rollup=True), BOOK, unit="cases")
    assert marks.iloc[0].tolist() == ["K1", "Name K1", "✓", "✓", "✓", "–", 3]
    assert marks.columns[-1] == "Fälle (n, N = 4)"


def test_attribute_groups_in_natural_order_with_missing_values_last() -> None:
    sizes = freq.attribute_groups(DOCS, "Größe")
    assert list(sizes) == ["10–49", "50–249", "250–999", "≥1000"]
    industries = freq.attribute_groups(DOCS, "Branche")
    assert industries == {
        "Chemie": ["B02"],
        "Logistik": ["B01", "B03"],
        "(ohne Angabe)": ["B04"],
    }
    with pytest.raises(NotFoundError, match="Branche, Größe"):
        freq.attribute_groups(DOCS, "Rolle")


def test_attribute_table_counts_cases_per_group_with_its_n() -> None:
    groups = freq.attribute_groups(DOCS, "Branche")
    cases = freq.attribute_table(matrix(rollup=True), BOOK, groups)
    assert list(cases.columns) == [
        "Code",
        "Kategorie",
        "Chemie (N = 1)",
        "Logistik (N = 2)",
        "(ohne Angabe) (N = 1)",
        "Fälle (n, N = 4)",
    ]
    assert cases.iloc[0].tolist() == ["K1", "Name K1", 1, 2, 0, 3]
    segments = freq.attribute_table(matrix(rollup=True), BOOK, groups, unit="segments")
    assert segments.iloc[0].tolist() == ["K1", "Name K1", 1, 4, 0, 5]
    assert segments.columns[-1] == "Summe"


def test_cooccurrence_of_overlapping_segments() -> None:
    m = freq.cooccurrence(CODINGS, BOOK, level="segment")
    assert m.loc["K1.1", "K1.2"] == 1 and m.loc["K1.2", "K1.1"] == 1  # B01 0-10 and 5-15
    assert m.loc["K2", "K1"] == 1  # B03 0-10 and 8-20
    assert m.loc["K1.1", "K1.1"] == 2  # the diagonal: its segments
    assert m.loc["K1.1", "K2.1"] == 0
    rolled = freq.cooccurrence(CODINGS, BOOK, level="segment", rollup=True)
    assert list(rolled.index) == ["K1", "K2"]
    assert rolled.loc["K1", "K2"] == 1  # B03 only: K1.1 and K1.2 are the same category here
    assert rolled.loc["K1", "K1"] == 5


def test_cooccurrence_in_one_turn_and_one_document() -> None:
    turns = freq.cooccurrence(CODINGS, BOOK, level="turn", rollup=True)
    # B01 turn 1 (K1), B02 turns 1 (K1) and 2 (K2), B03 turn 1 (K1, K2) and 2 (K1)
    assert turns.loc["K1", "K2"] == 1
    assert turns.loc["K1", "K1"] == 6  # B01 turns 1, 2, 4; B02 turn 1; B03 turns 1, 2
    documents = freq.cooccurrence(CODINGS, BOOK, level="document", rollup=True)
    assert documents.loc["K1", "K2"] == 2  # B02 and B03
    assert documents.loc["K2", "K2"] == 2
    table = freq.cooccurrence_table(documents, BOOK)
    assert list(table.columns) == ["Code", "Kategorie", "K1", "K2"]
    with pytest.raises(InvalidInputError):
        freq.cooccurrence(CODINGS, BOOK, level="sentence")


def test_empty_input_gives_zero_tables() -> None:
    m = matrix(rollup=False, codings=[])
    assert int(m.to_numpy().sum()) == 0
    table = freq.frequency_table(freq.frequencies(m, BOOK))
    assert table["Segmente (n)"].sum() == 0
    nobody = freq.count_matrix([], BOOK, [], rollup=True)
    assert freq.frequencies(nobody, BOOK)["case_share"].tolist() == [0.0, 0.0]
