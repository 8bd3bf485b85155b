"""The replacement rules: whole words with their forms, the longest term first, exact case by
default, regular expressions; offsets mapped through a rewrite; the candidates of the check."""

from __future__ import annotations

from qualcode.domain.anonymisation import Anonymiser, Rule, candidates, lexicon


def test_terms_are_replaced_with_their_forms_longest_first() -> None:
    anonymiser = Anonymiser(
        [Rule("Müller", "[Herr M.]"), Rule("Müller GmbH", "[Firma A]"), Rule("Hans", "[B.]")]
    )
    text = "Die Müller GmbH, Müllers Werk und Hans' Idee; Müllerin und Hansen bleiben."
    assert anonymiser(text) == (
        "Die [Firma A], [Herr M.] Werk und [B.] Idee; Müllerin und Hansen bleiben."
    )
    assert anonymiser.replacements == 3


def test_case_matters_unless_asked_and_blanks_may_vary() -> None:
    assert Anonymiser([Rule("Berg", "[Ort]")])("der berg und Berg") == "der berg und [Ort]"
    loose = Anonymiser([Rule("Berg", "[Ort]", ignore_case=True)])
    assert loose("der berg und BERG") == "der [Ort] und [Ort]"
    assert Anonymiser([Rule("Müller GmbH", "[F]")])("Müller \n GmbH") == "[F]"


def test_regular_expressions_and_literal_terms_together() -> None:
    anonymiser = Anonymiser(
        [Rule(r"\+49[\d /-]+\d", "[Telefon]", regex=True), Rule("Anna", "[Frau A.]")]
    )
    assert anonymiser("Anna: +49 7121 123456.") == "[Frau A.]: [Telefon]."


def test_offsets_move_with_the_text() -> None:
    anonymiser = Anonymiser([Rule("Reutlingen", "[Ort]")])
    text = "In Reutlingen wohnen wir."
    rewrite = anonymiser.rewrite(text)
    assert rewrite.text == "In [Ort] wohnen wir."
    start, end = text.index("wohnen"), text.index("wohnen") + 6
    assert rewrite.text[rewrite.offset(start) : rewrite.offset(end, end=True)] == "wohnen"
    inside = text.index("tlingen")  # a coding that began inside the name covers its placeholder
    assert rewrite.text[rewrite.offset(inside) : rewrite.offset(end, end=True)] == "[Ort] wohnen"
    assert rewrite.offset(0) == 0 and rewrite.offset(len(text)) == len(rewrite.text)


def test_candidates_are_addresses_numbers_firms_and_unknown_names() -> None:
    known = lexicon(
        ["Messe", "Kunde", "Kunden", "Leiter", "Herr", "Herrn"], ["wir", "und", "die"], ["lead"]
    )
    text = (
        "Wir trafen Herrn Kunde und Kowalski auf der Messe. Die Leads kamen von "
        "info@firma.de, 0711 / 123 45 67 und https://firma.de/x. Die Brandt GmbH zahlt. "
        "Vertriebsleiter und [Firma A] bleiben."
    )
    found = {(c.kind, c.text) for c in candidates(text, known)}
    assert found == {
        ("name", "Kunde"),  # after Herrn: a name, though the lexicon knows the noun
        ("name", "Kowalski"),
        ("e-mail", "info@firma.de"),
        ("phone", "0711 / 123 45 67"),
        ("url", "https://firma.de/x"),
        ("company", "Brandt GmbH"),
    }
