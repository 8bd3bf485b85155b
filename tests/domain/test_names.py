"""Default document names from long file names, and numbering a name that is taken."""

from __future__ import annotations

import pytest

from qualcode.domain.names import SHORT_NAME, numbered, short_name


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("B01", "B01"),
        ("Interview_Müller_final_v3", "Interview_Müller_final_v3"),  # fits: left as it is
        (
            "Interview_2024-03-12_Geschäftsführer_Müller_GmbH_final_v3_transkribiert",
            "Interview Geschäftsführer Müller GmbH",
        ),
        (
            "Transcript 12.03.2024 Vertriebsleiterin Schmidt Logistik AG korrigiert",
            "Vertriebsleiterin Schmidt Logistik AG",
        ),
        (
            "20240312_Interview mit der Geschäftsführerin eines mittelständischen Betriebs",
            "Interview mit der Geschäftsführerin",
        ),
        (
            "Interview_B07_Gruppe_Version2_Endfassung_TRANSKRIPTION_überarbeitet",
            "Interview B07 Gruppe",
        ),
        # nothing but noise: the words stay, cut at a word
        (
            "transkript_final_v2_2024-01-01_korrigiert_draft_entwurf_kopie",
            "transkript final v2 2024-01-01",
        ),
        ("x" * 60, "x" * SHORT_NAME),  # one long word is cut
    ],
)
def test_long_names_are_shortened_at_words(name: str, short: str) -> None:
    assert short_name(name) == short
    assert len(short_name(name)) <= SHORT_NAME


def test_a_taken_name_gets_the_next_free_number() -> None:
    assert numbered("Interview", set()) == "Interview"
    assert numbered("Interview", {"Interview"}) == "Interview (2)"
    assert numbered("Interview", {"Interview", "Interview (2)", "Interview (3)"}) == "Interview (4)"
