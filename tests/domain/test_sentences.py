"""The one rule for a sentence: a table of hard cases in German and English."""

from __future__ import annotations

import pytest

from qualcode.domain.sentences import ends_sentence, sentence_spans


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # plain ends
        ("Das war gut. Dann kam der Neue.", ["Das war gut.", "Dann kam der Neue."]),
        ("Wirklich? Ja! Genau.", ["Wirklich?", "Ja!", "Genau."]),
        (
            "Er sagte: „Das geht nicht.“ Dann ging er.",
            ["Er sagte: „Das geht nicht.“", "Dann ging er."],
        ),
        ("Das war 2019. Dann kam Corona.", ["Das war 2019.", "Dann kam Corona."]),
        # German abbreviations
        ("Wir nutzen z. B. Messen. Das hilft.", ["Wir nutzen z. B. Messen.", "Das hilft."]),
        (
            "Wir nutzen z.B. Messen und d. h. auch Events.",
            ["Wir nutzen z.B. Messen und d. h. auch Events."],
        ),
        ("Das sind ca. 20 Kunden.", ["Das sind ca. 20 Kunden."]),
        ("Vertrag Nr. 5 lief aus. Dann neu.", ["Vertrag Nr. 5 lief aus.", "Dann neu."]),
        ("Dr. Müller kam dazu.", ["Dr. Müller kam dazu."]),
        ("Kunden bzw. Partner. Beide.", ["Kunden bzw. Partner.", "Beide."]),
        ("Messen, Events usw. Das alles zählt.", ["Messen, Events usw. Das alles zählt."]),
        ("Siehe S. 12 oder vgl. Kap. 3.", ["Siehe S. 12 oder vgl. Kap. 3."]),
        # ordinals and times
        ("Das war am 3. Mai. Danach nicht mehr.", ["Das war am 3. Mai.", "Danach nicht mehr."]),
        ("Der 2. Termin lief besser.", ["Der 2. Termin lief besser."]),
        ("Bis zum 15. Oktober war Zeit.", ["Bis zum 15. Oktober war Zeit."]),
        (
            "Wir treffen uns um 10.30 Uhr. Passt das?",
            ["Wir treffen uns um 10.30 Uhr.", "Passt das?"],
        ),
        ("Um 9:15 Uhr. Dann Pause.", ["Um 9:15 Uhr.", "Dann Pause."]),
        # f4's marks
        ("Das war gut. #00:01:10-0# Und dann?", ["Das war gut. #00:01:10-0#", "Und dann?"]),
        ("Das war gut. #00:01:10-0#", ["Das war gut. #00:01:10-0#"]),
        ("Ich weiß nicht (.) Also gut.", ["Ich weiß nicht (.) Also gut."]),
        ("Ich weiß nicht (...) Vielleicht.", ["Ich weiß nicht (...) Vielleicht."]),
        ("Also (4 Sek.) Gut. Weiter.", ["Also (4 Sek.) Gut.", "Weiter."]),
        # ellipses
        ("Das war so... Ich meine, gut.", ["Das war so... Ich meine, gut."]),
        ("Wir hatten damals … Na ja. Egal.", ["Wir hatten damals … Na ja.", "Egal."]),
        # lowercase after a stop
        ("Warum? weil es passte.", ["Warum? weil es passte."]),
        # English
        (
            "We use fairs, e.g. trade shows. It works.",
            ["We use fairs, e.g. trade shows.", "It works."],
        ),
        ("Mr. Smith came. He stayed.", ["Mr. Smith came.", "He stayed."]),
        (
            "It was approx. 20 people, i.e. most. Good.",
            ["It was approx. 20 people, i.e. most.", "Good."],
        ),
        ("Wait... What? No.", ["Wait... What?", "No."]),
        # blanks
        ("  Eins.   Zwei.  ", ["Eins.", "Zwei."]),
        ("", []),
        ("   ", []),
        ("Ohne Punkt am Ende", ["Ohne Punkt am Ende"]),
    ],
)
def test_hard_cases(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_spans_are_offsets_into_the_text() -> None:
    text = "Erstens. Zweitens!"
    assert sentence_spans(text) == [(0, 8), (9, 18)]


@pytest.mark.parametrize(
    ("cue", "following", "ends"),
    [
        ("Das war gut.", "Dann kam er.", True),
        ("Das war gut.", "und dann", False),
        ("Wir hatten damals …", "Dann", False),
        ("Wir nutzen z. B.", "Messen", False),
        ("Das war am 3.", "Mai", False),
        ("Das war gut", "Dann", False),
        ("Ende.", "", True),
    ],
)
def test_a_cue_ends_a_sentence_by_the_same_rule(cue: str, following: str, ends: bool) -> None:
    assert ends_sentence(cue, following) is ends
