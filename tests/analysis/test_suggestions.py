"""Category suggestions by BM25 over lemma keys, kept current one passage at a time."""

from __future__ import annotations

from qualcode.analysis.suggestions import SuggestionIndex


def _index() -> SuggestionIndex:
    index = SuggestionIndex("de")
    index.add("K1", "Messen und Events: Gespräche am Messestand mit Besuchern")
    index.add("K2", "Kaltakquise am Telefon: Unternehmen anrufen, Termine vereinbaren")
    index.add("K3", "Preise und Rabatte in Verhandlungen")
    return index


def test_the_passage_ranks_its_category_first_through_inflected_forms() -> None:
    ranked = _index().rank("Wir haben viele Firmen angerufen und Termine vereinbart.")
    assert ranked[0].category == "K2" and ranked[0].score > ranked[1].score


def test_adding_and_removing_a_coded_passage_updates_the_ranking() -> None:
    index = _index()
    text = "Der Newsletter bringt jeden Monat neue Anfragen."
    assert index.rank(text)[0].score == 0.0
    index.add("K3", text)
    assert index.rank(text)[0].category == "K3"
    index.remove("K3", text)
    assert index.rank(text)[0].score == 0.0
    fresh = _index()
    assert [s.category for s in index.rank("Messe Telefon")] == [
        s.category for s in fresh.rank("Messe Telefon")
    ]


def test_transcription_notes_are_no_keys() -> None:
    index = SuggestionIndex("de")
    keys = index.keys("(lacht) Die Messe (unv.) war [Pause] gut ((lachen)) [Firma A].")
    assert keys == index.keys("Die Messe war gut.")
    index.add("K1", "(lacht) (lacht) (lacht) Messe")
    index.add("K2", "Preis")
    assert index.rank("(lacht) Preis")[0].category == "K2"
