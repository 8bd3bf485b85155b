"""A plain search listed in full: the forms it reads, the codes at the edges of codings, the
turns at the ends of a document, on a project of its own (both backends)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qualcode.domain.search import SearchQuery
from qualcode.services.project import Project

TEXT = (
    "I: Der KUNDE kam, die kunden auch.\n\n"
    "B: Neukunde, Kundenbindung und der \u212aunde mit Kelvin; KİRA, Kira, kira.\n\n"
    "I: Bäcker, BÄCKER und bäckerei: Kunde Kunde Kunde.\n\n"
    "B: Zuletzt der Kunde"
)


@pytest.fixture
def listed(new_project: Project, tmp_path: Path) -> Project:
    path = tmp_path / "T01.txt"
    path.write_text(TEXT, encoding="utf-8")
    new_project.documents.import_files([path])
    new_project.search.build_index()
    return new_project


def rows(project: Project, query: SearchQuery) -> list[tuple[object, ...]]:
    return list(project.search.rows(query))


@pytest.mark.parametrize("word", ["Kunde", "KUNDE", "unde", "und", "bäcker", "ÄCK", "ik", "ß"])
def test_the_index_finds_what_the_text_holds(listed: Project, word: str) -> None:
    """Through the index and through the text itself, the same lines (the index reads only the
    forms that can hold the word)."""
    text = rows(listed, SearchQuery(re.escape(word), regex=True))
    assert rows(listed, SearchQuery(word)) == text
    whole = rows(listed, SearchQuery(rf"(?<!\w){re.escape(word)}(?!\w)", regex=True))
    assert rows(listed, SearchQuery(word, whole_word=True)) == whole


def test_a_dotted_capital_i_is_found_as_python_lowercases_it(listed: Project) -> None:
    """A dotted capital I lowercases to i and a dot, so that KİRA is not Kira (the index
    compares forms letter for letter); the Kelvin sign became a K on import."""
    matches = [row[4] for row in rows(listed, SearchQuery("kunde", whole_word=True))]
    assert matches == ["KUNDE", *["Kunde"] * 5]
    assert [row[4] for row in rows(listed, SearchQuery("Kira"))] == ["Kira", "kira"]
    assert [row[4] for row in rows(listed, SearchQuery("ira"))] == ["ira", "ira"]


def test_the_codes_at_a_hit_meet_the_codings_edges(listed: Project) -> None:
    """A coding reaches a hit when it starts before the hit ends and ends after it starts:
    one that ends where the hit starts, or starts where it ends, does not; overlapping codings
    show each code once, in the codings' order."""
    hits = rows(listed, SearchQuery("Kunde", whole_word=True))
    first, second, third = [row for row in hits if row[4] == "Kunde"][:3]
    start, end = int(first[2]), int(first[3])  # type: ignore[call-overload]
    listed.coding.code("T01", "K9", chars=(start - 5, start))  # ends where the hit starts
    listed.coding.code("T01", "K10", chars=(end, end + 6))  # starts where the hit ends
    listed.coding.code("T01", "K11", chars=(start, end))  # exactly the hit
    listed.coding.code("T01", "K12", chars=(end - 1, int(third[3]) + 1))  # over three hits
    listed.coding.code("T01", "K1", chars=(start - 1, int(second[3])))  # over two
    found = {row[2]: row[7] for row in rows(listed, SearchQuery("Kunde", whole_word=True))}
    assert found[first[2]] == ("K1", "K11", "K12")
    assert found[second[2]] == ("K1", "K12")
    assert found[third[2]] == ("K12",)
    inside = rows(listed, SearchQuery("Kunde", whole_word=True, category="K11"))
    assert [row[2] for row in inside] == [first[2]]  # inside: from its start to its end
    partly = rows(listed, SearchQuery("Kunde", whole_word=True, category="K12"))
    assert [row[2] for row in partly] == [second[2], third[2]]  # the first sticks out
    uncoded = rows(listed, SearchQuery("Kunde", whole_word=True, uncoded=True))
    assert first[2] not in {row[2] for row in uncoded}
    assert {row[7] for row in uncoded} == {()}


def test_hits_in_the_first_and_the_last_turn(listed: Project) -> None:
    text = listed.documents.transcript("T01").text
    hits = rows(listed, SearchQuery("kunde"))
    assert hits[0][1] == 1 and hits[0][5] == text[: text.index("KUNDE")]  # its first words
    assert hits[-1][1] == 4 and hits[-1][6] == ""  # its very last word
    assert hits[-1][4] == "Kunde" and hits[-1][3] == len(text.rstrip())
    respondents = rows(listed, SearchQuery("kunde", speaker="B"))
    assert {row[1] for row in respondents} == {2, 4}
