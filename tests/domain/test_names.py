"""Default document names from long file names, and numbering a name that is taken."""

from __future__ import annotations

import pytest

from qualcode.domain.names import SHORT_NAME, numbered, short_name, short_names


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
        # the word with the interview's number stays, though the words before it are cut
        (
            "NodeGrade_paper_ECSEE_qualitative_data_interview1_german",
            "NodeGrade paper ECSEE interview1",
        ),
    ],
)
def test_long_names_are_shortened_at_words(name: str, short: str) -> None:
    assert short_name(name) == short
    assert len(short_name(name)) <= SHORT_NAME


def test_a_taken_name_gets_the_next_free_number() -> None:
    assert numbered("Interview", set()) == "Interview"
    assert numbered("Interview", {"Interview"}) == "Interview (2)"
    assert numbered("Interview", {"Interview", "Interview (2)", "Interview (3)"}) == "Interview (4)"


NODEGRADE = [f"NodeGrade_paper_ECSEE_qualitative_data_interview{n}_german" for n in (3, 1, 2)]


def test_files_imported_together_keep_what_tells_them_apart() -> None:
    names = short_names(NODEGRADE)
    assert [names[stem] for stem in NODEGRADE] == [
        "NodeGrade paper ECSEE interview3",
        "NodeGrade paper ECSEE interview1",
        "NodeGrade paper ECSEE interview2",
    ]
    # Without a number, the words that differ stay: here the interviewees' names.
    stems = [
        f"Projekt_Vertrieb_Experteninterview_Geschaeftsfuehrer_{who}_final"
        for who in ("Schmidt", "Mueller")
    ]
    assert sorted(short_names(stems).values()) == [
        "Projekt Vertrieb Mueller",
        "Projekt Vertrieb Schmidt",
    ]


def test_names_that_still_coincide_are_numbered_in_file_name_order() -> None:
    """Not in the order the files were given: the same files give the same names."""
    long = "Interview_2024-03-12_Geschäftsführer_Müller_GmbH_final_v{}_transkribiert"
    stems = [long.format(n) for n in (10, 2, 3)]
    base = "Interview Geschäftsführer Müller GmbH"
    for order in (stems, stems[::-1]):
        names = short_names(order)
        assert [names[stem] for stem in stems] == [f"{base} (3)", base, f"{base} (2)"]
    # Past the project's names; a short name of the file's own is never numbered.
    taken = short_names([stems[0], "B01"], taken={base, "B01"})
    assert taken == {stems[0]: f"{base} (2)", "B01": "B01"}
