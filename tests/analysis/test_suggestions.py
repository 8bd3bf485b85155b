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


def test_notes_in_brackets_stay_keys_here() -> None:
    """Observations in brackets tell categories apart (unlike in word frequencies)."""
    index = SuggestionIndex("de")
    index.add("K1", "Messe")
    index.add("K2", "(liest die Aufgabe noch einmal) Preis")
    assert index.rank("(liest die Aufgabe)")[0].category == "K2"
