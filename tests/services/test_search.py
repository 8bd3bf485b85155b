"""Searching the project: the index, plain, lemma and compound searches, filters, the hit's
context and codes, coding hits, and one notion of a sentence (both backends)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.search import SearchQuery
from qualcode.domain.sentences import sentence_spans
from qualcode.services.agreement import AgreementRequest
from qualcode.services.project import Project


def forms(project: Project, query: SearchQuery) -> set[str]:
    return {hit.match for hit in project.search.search(query)}


@pytest.fixture
def indexed(sample_project: Project) -> Project:
    assert sample_project.search.index_state().pending == 7
    seen: list[tuple[int, int]] = []
    assert sample_project.search.build_index(lambda done, total: seen.append((done, total))) == 7
    assert seen and seen[-1][0] == seen[-1][1]
    assert sample_project.search.index_state().current
    return sample_project


def test_a_plain_search_finds_the_letters_anywhere(indexed: Project) -> None:
    found = forms(indexed, SearchQuery("kunde"))
    assert {"Kunde"} == {f.capitalize() for f in found}
    hits = list(indexed.search.search(SearchQuery("Kunde")))
    # inside longer words too: "Neukunden" holds "kunde"
    assert any(hit.left.endswith("Neu") or hit.left.endswith("neu") for hit in hits)
    assert len(hits) == len(list(indexed.search.search(SearchQuery("Kunde", regex=True))))


def test_whole_words_and_lemmas(indexed: Project) -> None:
    assert forms(indexed, SearchQuery("Kunde", whole_word=True)) == {"Kunde"}
    lemma = forms(indexed, SearchQuery("Kunde", lemma=True))
    assert {"Kunde", "Kunden"} <= lemma
    assert "Neukunden" not in lemma and "Sekunden" not in lemma
    # an inflected verb finds its other forms
    assert len(forms(indexed, SearchQuery("gewinnen", lemma=True))) >= 2


def test_compounds_by_their_parts(indexed: Project) -> None:
    found = forms(indexed, SearchQuery("Kunden", parts=True))
    assert {"Neukunden", "Kundenbindung", "Bestandskunden"} <= found
    assert "Sekunden" not in found
    with_lemma = forms(indexed, SearchQuery("Kunde", lemma=True, parts=True))
    assert {"Kunde", "Kunden", "Neukunde", "Neukunden", "Kundenbindung"} <= with_lemma


def test_a_hit_has_its_place_context_and_codes(indexed: Project) -> None:
    hit = next(iter(indexed.search.search(SearchQuery("Kunde", whole_word=True))))
    transcript = indexed.documents.transcript(hit.document)
    assert transcript.text[hit.start : hit.end] == hit.match == "Kunde"
    turn = next(t for t in transcript.turns if t.char_start <= hit.start < t.char_end)
    assert hit.position == turn.position
    assert transcript.text[: hit.start].replace("\n", " ").endswith(hit.left.replace("  ", " "))
    assert hit.categories == ()
    indexed.coding.code(hit.document, "K1", chars=(turn.char_start, turn.char_end))
    again = next(iter(indexed.search.search(SearchQuery("Kunde", whole_word=True))))
    assert again.categories == ("K1",)
    coded = list(indexed.search.search(SearchQuery("Kunde", whole_word=True, category="K1")))
    assert (hit.document, hit.start) in {(h.document, h.start) for h in coded}
    assert all(turn.char_start <= h.start < turn.char_end for h in coded)
    uncoded = list(indexed.search.search(SearchQuery("Kunde", whole_word=True, uncoded=True)))
    assert (hit.document, hit.start) not in {(h.document, h.start) for h in uncoded}


def test_filters_by_document_attribute_and_speaker(indexed: Project) -> None:
    query = SearchQuery("Kunden", whole_word=True, documents=("B01",))
    assert {hit.document for hit in indexed.search.search(query)} == {"B01"}
    everyone = list(indexed.search.search(SearchQuery("Kunden", whole_word=True)))
    answers = list(
        indexed.search.search(SearchQuery("Kunden", whole_word=True, speaker="respondent"))
    )
    assert 0 < len(answers) < len(everyone)
    info = indexed.documents.get("B02")
    key, value = next(iter(info.attributes.items()))
    chosen = SearchQuery("Kunden", whole_word=True, attributes=((key, value),))
    assert "B02" in {hit.document for hit in indexed.search.search(chosen)}


def test_phrases_and_patterns(indexed: Project) -> None:
    phrase = list(indexed.search.search(SearchQuery("die Kunden")))
    assert phrase and all(h.match.casefold() == "die kunden" for h in phrase)
    lemma_phrase = list(indexed.search.search(SearchQuery("der Kunde", lemma=True)))
    assert lemma_phrase
    pattern = list(indexed.search.search(SearchQuery(r"Kunden\w+", regex=True)))
    assert pattern and all(h.match.lower().startswith("kunden") for h in pattern)
    with pytest.raises(InvalidInputError):
        list(indexed.search.search(SearchQuery("(", regex=True)))


def test_a_lemma_search_builds_a_missing_index_first(sample_project: Project) -> None:
    assert forms(sample_project, SearchQuery("Kunde", lemma=True)) >= {"Kunde", "Kunden"}
    assert sample_project.search.index_state().current


def test_a_replaced_or_removed_document_leaves_the_index(indexed: Project, tmp_path: Path) -> None:
    new = tmp_path / "B01.txt"
    new.write_text("I: Frage?\n\nB: Unsere Stammkundschaft wächst.\n", encoding="utf-8")
    indexed.documents.replace("B01", new)
    assert indexed.search.index_state().pending == 1
    indexed.search.build_index()
    assert forms(indexed, SearchQuery("Stammkundschaft", whole_word=True)) == {"Stammkundschaft"}
    indexed.documents.remove("B02", force=True)
    assert "B02" not in {h.document for h in indexed.search.search(SearchQuery("Kunden"))}
    indexed.search.build_index()
    with indexed.database.engine.connect() as conn:
        left = conn.execute(
            sa.text(
                "SELECT count(*) FROM search_documents WHERE document_id NOT IN "
                "(SELECT id FROM documents)"
            )
        ).scalar_one()
        segments = conn.execute(
            sa.text(
                "SELECT count(DISTINCT segment) FROM search_postings WHERE segment NOT IN "
                "(SELECT segment FROM search_documents)"
            )
        ).scalar_one()
    assert left == 0
    assert segments <= 1  # the first batch still holds B03-B07; B01's old entries are skipped
    in_b01 = SearchQuery("Unsere", whole_word=True, documents=("B01",))
    assert len(list(indexed.search.search(in_b01))) == 1  # the old text's entries are skipped


def test_coding_hits_goes_through_the_coding_service(indexed: Project) -> None:
    hits = list(indexed.search.search(SearchQuery("Kundenbindung", whole_word=True)))
    assert len(hits) >= 2
    assert indexed.search.code_hits(hits, "K1") == len(hits)
    assert indexed.search.code_hits(hits[:1], "K1") == 0  # coded already
    codings = indexed.coding.query(category="K1")
    assert {(c.document, c.start, c.end) for c in codings} >= {
        (h.document, h.start, h.end) for h in hits
    }
    events = [e for e in indexed.audit.log() if e.action == "create" and e.entity == "coding"]
    assert len(events) >= len(hits)


def test_agreement_by_sentence_compares_the_stored_sentences(indexed: Project) -> None:
    stored = indexed.search.sentences("B01")
    transcript = indexed.documents.transcript("B01")
    expected = [
        (turn.char_start + a, turn.char_start + b)
        for turn in transcript.turns
        for a, b in sentence_spans(transcript.text[turn.char_start : turn.char_end])
    ]
    assert [(s.start, s.end) for s in stored] == expected
    bob = indexed.as_coder("bob")
    for project in (indexed, bob):
        project.coding.code("B01", "K1", turns=(2, 2))
    report = indexed.agreement.compare(
        AgreementRequest(
            coders=("alice", "bob"),
            documents=("B01",),
            level="unit",
            unit="sentence",
            interviewer_turns=True,
        )
    )
    assert any(f"Coding units: {len(stored)} sentences" in note for note in report.notes)


def test_a_query_needs_something_to_find() -> None:
    with pytest.raises(InvalidInputError):
        SearchQuery("  ")
    with pytest.raises(InvalidInputError):
        SearchQuery("x", regex=True, lemma=True)


def test_coding_all_hits_is_one_step_to_undo(indexed: Project) -> None:
    hits = list(indexed.search.search(SearchQuery("Kundenbindung", whole_word=True)))
    assert indexed.search.code_hits(hits, "K1") == len(hits)
    indexed.history.undo()
    assert indexed.coding.query(category="K1") == []
