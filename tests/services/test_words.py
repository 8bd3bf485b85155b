"""Word frequencies, keyness and the project's stop list over a real project (both backends)."""

from __future__ import annotations

import pytest

from qualcode.domain.audit import StopWordsChanged
from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.services.project import Project


def test_frequencies_of_the_whole_project_by_lemma_and_form(sample_project: Project) -> None:
    by_lemma = sample_project.words.frequencies(top=5)
    assert by_lemma.by == "all" and len(by_lemma.rows) == 5
    assert by_lemma.rows[0].word == "Kunde"  # Kunden, Kunde, Kundinnen ... counted as one
    by_form = sample_project.words.frequencies(lemma=False, top=50)
    forms = {r.word: r.count for r in by_form.rows}
    assert "kunden" in forms and by_lemma.rows[0].count > forms["kunden"]


def test_groups_by_document_speaker_attribute_and_category(sample_project: Project) -> None:
    words = sample_project.words
    assert {r.group for r in words.frequencies(by="document", top=1).rows} == {
        f"B0{i}" for i in range(1, 8)
    }
    assert {"interviewer", "respondent"} <= {r.group for r in words.frequencies(by="speaker").rows}
    assert "Maschinenbau" in {r.group for r in words.frequencies(by="attr:Branche", top=1).rows}
    with pytest.raises(NotFoundError):
        words.frequencies(by="category")  # nothing coded yet
    sample_project.coding.code("B01", "K2.2", turns=(7, 7))
    coded = words.frequencies(by="category", top=3)
    assert {r.group for r in coded.rows} == {"K2.2"}
    with pytest.raises(InvalidInputError, match="group words by"):
        words.frequencies(by="colour")


def test_keyness_of_respondents_against_interviewers(sample_project: Project) -> None:
    found = sample_project.words.keyness("interviewer", "respondent", by="speaker")
    assert found.size_a > 0 and found.size_b > found.size_a
    top = found.rows[0]
    assert top.g2 >= 10.83 and top.significance == "p<0.001"
    rest = sample_project.words.keyness("B01", "rest", by="document")
    assert rest.size_b > rest.size_a and rest.rows[0].more_in == "A"
    with pytest.raises(NotFoundError, match="no group"):
        sample_project.words.keyness("nobody", "respondent", by="speaker")


def test_the_stop_list_is_the_projects_and_recorded(sample_project: Project) -> None:
    words = sample_project.words
    assert words.stop_list() == []
    assert words.change_stop_list(add=["Kunde", "ja"]) == ["ja", "kunde"]
    assert "Kunde" not in {r.word for r in words.frequencies(top=20).rows}
    assert words.change_stop_list(remove=["ja"]) == ["kunde"]
    changes = [e.typed() for e in sample_project.audit.log()]
    changes = [e for e in changes if isinstance(e, StopWordsChanged)]
    assert [(e.added, e.removed) for e in changes] == [(["ja", "kunde"], []), ([], ["ja"])]
    with pytest.raises(InvalidInputError):
        words.change_stop_list(add=["zwei Wörter"])
