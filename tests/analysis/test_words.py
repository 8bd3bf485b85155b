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


# Real German forms: each group shares a key, and no two groups do. A verb's forms stay apart
# from the nouns made from it (Gewinnung, Gewinner, Käufer, Kauf), which Snowball's stem alone
# would join to it; Kundin is a word of its own beside Kunde.
GROUPS = [
    ["gewinnen", "gewann", "gewonnen", "gewinnt", "gewinne", "Gewann"],
    ["Gewinnung", "Gewinnungen"],
    ["Gewinner", "Gewinners", "Gewinnern"],
    ["Gewinn", "Gewinne", "Gewinns"],
    ["kaufen", "kaufte", "gekauft", "kauft", "kauften"],
    ["Käufer", "Käufern", "Käufers"],
    ["Kauf", "Käufe", "Kaufs"],
    ["Kunde", "Kunden", "KUNDEN"],
    ["Kundin", "Kundinnen"],
    ["Kundenbindung", "Kundenbindungen"],
    ["Messe", "Messen"],
    ["messen", "maß", "gemessen"],
    ["beraten", "berät", "beriet"],
    ["Beratung", "Beratungen"],
    ["Berater", "Beratern"],
    ["schön", "schöner", "schönen", "schönste"],
    ["Schönheit", "Schönheiten"],
    ["freundlich", "freundliche", "freundlichen"],
    ["Freund", "Freunde"],
]


def test_real_german_forms_meet_their_own_word_and_no_other() -> None:
    lemmas = Lemmatizer("de")
    keys = [{lemmas.key(form) for form in group} for group in GROUPS]
    for group, found in zip(GROUPS, keys, strict=True):
        assert len(found) == 1, (group, found)
    assert len(set().union(*keys)) == len(GROUPS), list(zip(GROUPS, keys, strict=True))


def test_a_text_in_small_letters_still_tells_the_noun_from_the_verb() -> None:
    lemmas = Lemmatizer("de")
    assert lemmas.key("kunden") == lemmas.key("kunde") == lemmas.key("Kunde")
    assert lemmas.key("gewinnung") == lemmas.key("Gewinnung")
    assert lemmas.key("gewinne") == lemmas.key("gewinnen") != lemmas.key("Gewinne")
    assert lemmas.key("Gekauft") == lemmas.key("kaufen")


def test_the_keys_say_noun_and_derivation_in_german_alone() -> None:
    lemmas = Lemmatizer("de")
    assert lemmas.key("gewinnt") == "gewinn"
    assert lemmas.key("Gewinnungen") == "Gewinn+ung"
    assert lemmas.key("Käufer") == "Kauf+er"
    english = Lemmatizer("en")
    assert english.key("Winners") == english.key("winner") == "winner"
    assert english.key("won") == english.key("win")


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
