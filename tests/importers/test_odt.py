"""The OpenDocument importer, on .odt files written by odfdo in the test."""

from __future__ import annotations

import pytest

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.transcript import ParsedTranscript
from qualcode.importers.odt import OdtImporter
from tests.importers.makers import PNG, RANDOM, odt_bytes


def parse(data: bytes, source: str = "interview.odt") -> ParsedTranscript:
    return OdtImporter().parse(data, source=source)


def texts(parsed: ParsedTranscript) -> list[str]:
    return [parsed.turn_text(t) for t in parsed.turns]


def test_headings_paragraphs_line_breaks_lists_and_f4_times() -> None:
    data = odt_bytes(
        [
            ("heading", "Interview B13"),
            None,
            "I: Wie gewinnen Sie neue Kunden? #00:00:05-2#",
            "B: Vor allem über Messen.\nUnd über    Empfehlungen. #00:01:10-0#",
            ("list", ["I: Und online? #00:01:12-5#", "B: LinkedIn. #00:02:05-9#"]),
            "Mehr fällt mir nicht ein.",
        ]
    )
    parsed = parse(data)
    assert parsed.format == "odt"
    assert [t.speaker for t in parsed.turns] == [None, "I", "B", "I", "B", "B"]
    assert texts(parsed) == [
        "Interview B13",
        "Wie gewinnen Sie neue Kunden?",
        "Vor allem über Messen. Und über Empfehlungen.",
        "Und online?",
        "LinkedIn.",
        "Mehr fällt mir nicht ein.",
    ]
    assert [(t.start, t.end) for t in parsed.turns[1:5]] == [
        (0.0, 5.2),
        (5.2, 70.0),
        (70.0, 72.5),
        (72.5, 125.9),
    ]


def test_flat_opendocument_xml() -> None:
    data = odt_bytes(
        ["I: Wie gewinnen Sie Kunden?\nÜber Messen?", "B: Über Empfehlungen."], flat=True
    )
    assert data.startswith(b"<?xml") and OdtImporter().sniff(data)
    parsed = parse(data, source="interview.fodt")
    assert [(t.speaker, parsed.turn_text(t)) for t in parsed.turns] == [
        ("I", "Wie gewinnen Sie Kunden? Über Messen?"),
        ("B", "Über Empfehlungen."),
    ]


def test_a_time_speaker_text_table_between_paragraphs() -> None:
    data = odt_bytes(
        [
            "Transkript (automatisch erstellt)",
            (
                "table",
                [
                    ["Time", "Speaker", "Text"],
                    ["00:00:02", "Interviewer", "Welcome."],
                    ["00:00:06", "Respondent", "Thank you."],
                    ["00:00:09", "Interviewer", "First question."],
                ],
            ),
            "End of recording.",
        ]
    )
    parsed = parse(data)
    assert len(parsed.turns) == 5
    assert [t.speaker for t in parsed.turns] == [
        None,
        "Interviewer",
        "Respondent",
        "Interviewer",
        "Interviewer",
    ]
    assert [t.start for t in parsed.turns[1:4]] == [2.0, 6.0, 9.0]
    assert [t.end for t in parsed.turns[1:3]] == [6.0, 9.0]
    assert texts(parsed)[1] == "Welcome." and texts(parsed)[-1] == "End of recording."


def test_a_speaker_text_table_without_header_and_with_a_moderator() -> None:
    data = odt_bytes([("table", [["I", "Frage eins?"], ["B", "Antwort eins."], ["I", "Danke."]])])
    parsed = parse(data)
    assert [(t.speaker, parsed.turn_text(t)) for t in parsed.turns] == [
        ("I", "Frage eins?"),
        ("B", "Antwort eins."),
        ("I", "Danke."),
    ]


def test_think_aloud_protocol_where_only_the_moderator_is_labelled() -> None:
    lines = [f"Ich klicke jetzt auf Schritt {n}." for n in range(1, 12)]
    data = odt_bytes([lines[0], "MODERATOR: Bitte laut denken.", *lines[1:]])
    parsed = parse(data)
    assert [t.speaker for t in parsed.turns].count("MODERATOR") == 1
    # the participant's unlabelled paragraphs are not the moderator's
    assert parsed.turns[2].speaker is None and parsed.turns[-1].speaker is None
    assert len(parsed.turns) == 12


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"  \n", "empty"),
        (RANDOM, "not an OpenDocument text"),
        (PNG, "PNG image, not an OpenDocument text"),
        (odt_bytes(["I: Hallo.", "B: Hallo."])[:700], "damaged or cut off"),
        (odt_bytes([], kind="spreadsheet"), "is a spreadsheet, not a text document"),
    ],
    ids=["empty", "random bytes", "png", "truncated", "spreadsheet"],
)
def test_bad_files_give_one_readable_line(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message) as info:
        parse(data)
    assert "\n" not in str(info.value)
