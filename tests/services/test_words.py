"""Word frequencies, keyness and the project's stop list over a real project (both backends)."""

from __future__ import annotations

from pathlib import Path

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


@pytest.mark.parametrize("by", ["all", "document", "speaker", "attr:Branche", "category"])
def test_every_grouping_counts_what_a_count_token_by_token_finds(
    sample_project: Project, by: str
) -> None:
    """The counts (chunk by chunk) are those of tokenizing every passage word by word."""
    from collections import Counter

    from qualcode.analysis.word_frequencies import counted_words
    from qualcode.analysis.words import Lemmatizer, stop_words
    from qualcode.services.words import _passages

    sample_project.coding.code("B01", "K2.2", turns=(7, 9))
    sample_project.coding.code("B02", "K1.1", turns=(3, 4))
    sample_project.words.change_stop_list(add=["Messe", "gut"])
    lemmas = Lemmatizer("de")
    stop = stop_words("de") | {"messe", "gut"}
    for lemma in (True, False):
        expected: dict[str, Counter[str]] = {}
        with sample_project.words.database.reading() as reader:
            for group, _document, text in _passages(reader, by):
                expected.setdefault(group, Counter()).update(
                    counted_words(text, lemma=lemma, stop=stop, lemmatizer=lemmas)
                )
        table = sample_project.words.frequencies(by=by, lemma=lemma, top=None)
        found: dict[str, Counter[str]] = {}
        for row in table.rows:
            found.setdefault(row.group, Counter())[row.word] = row.count
        assert found == {g: c for g, c in expected.items() if c}
        assert table.sizes == {g: sum(c.values()) for g, c in expected.items()}


def test_transcription_notes_are_not_among_the_top_words(tmp_path: Path) -> None:
    """A transcript full of (lacht) and [Pause]: the notes are not counted as words."""
    from qualcode.services.project import init_project

    transcript = tmp_path / "B01.txt"
    transcript.write_text(
        "I: Wie war die Messe?\n\n"
        + "B: (lacht) Die Messe war gut (lachen). (unv.) Kunden [Pause] kamen (lacht) "
        "[Firma A] (lacht) zur Messe. ((lachen))\n\n" * 5,
        encoding="utf-8",
    )
    project = init_project(str(tmp_path / "p.qualcode"), "anna")
    try:
        project.documents.import_files([transcript])
        found = {r.word: r.count for r in project.words.frequencies(top=None).rows}
        assert found["Messe"] == 11 and found["Kunde"] == 5
        assert not {"lachen", "lacht", "unv", "Pause", "Firma"} & set(found)
        by_speaker = project.words.frequencies(by="speaker", top=None)
        assert "lachen" not in {r.word for r in by_speaker.rows}
    finally:
        project.close()


def test_the_stop_word_note_names_the_projects_list_only_when_it_has_words(
    sample_project: Project,
) -> None:
    from qualcode.services.exports import ExportRequest, ExportService
    from qualcode.services.words import word_table

    service = ExportService(sample_project.database, sample_project.coder)
    notes = word_table(service, ExportRequest()).notes
    assert "Ohne Stoppwörter (spaCy-Liste „de“)." in notes
    sample_project.words.change_stop_list(add=["halt"])
    notes = word_table(service, ExportRequest()).notes
    assert "Ohne Stoppwörter (spaCy-Liste „de“ und 1 Wort der Projekt-Stoppliste)." in notes
