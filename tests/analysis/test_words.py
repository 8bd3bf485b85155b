"""Words, lemmas and matching keys: the inflected forms a researcher expects to find together."""

from __future__ import annotations

import pytest

from qualcode.analysis.words import Lemmatizer, stop_words, words


@pytest.mark.parametrize(
    ("forms", "lemma"),
    [
        (["gewonnen", "gewinnt", "gewann"], "gewinnen"),
        (["Messen"], "Messe"),
        (["Kunden"], "Kunde"),
        (["ging", "gegangen"], "gehen"),
    ],
)
def test_german_forms_have_their_dictionary_lemma(forms: list[str], lemma: str) -> None:
    lemmas = Lemmatizer("de")
    assert [lemmas.lemma(form) for form in forms] == [lemma] * len(forms)


def test_a_word_the_table_lacks_meets_its_forms_through_the_stem() -> None:
    lemmas = Lemmatizer("de")
    assert lemmas.lemma("Kunde") == "Kunde"  # not in the table: kept as it is
    assert lemmas.key("Kunde") == lemmas.key("Kunden") == lemmas.key("KUNDEN")
    assert lemmas.key("Kunde") != lemmas.key("Kundenbindung")


def test_words_keep_offsets_and_leave_out_punctuation_and_numbers() -> None:
    text = "Wir haben die Kunden auf Messen gewonnen, z. B. am 3. Mai."
    found = words(text)
    assert [w.text for w in found] == [
        "Wir", "haben", "die", "Kunden", "auf", "Messen", "gewonnen", "am", "Mai",
    ]  # fmt: skip
    assert all(text[w.start : w.end] == w.text for w in found)
    assert [w.text for w in found if not w.stop] == ["Kunden", "Messen", "gewonnen", "Mai"]


def test_english_words_have_lemmas_too() -> None:
    found = words("The customers were won at fairs.", "en")
    assert [w.lemma for w in found if not w.stop] == ["customer", "win", "fair"]


def test_stop_words_are_casefolded() -> None:
    assert {"und", "der", "die"} <= stop_words("de")
    assert "kunde" not in stop_words("de")
