"""Transcripts as transcription tools write them, one test per tool and output file.

Each sample is written here in the layout the tool's own output code produces (noScribe's
``main.py``/``utils.py``, aTrain's ``outputs.py``, whisperX's ``utils.py`` writers) or, for the
closed tools (Otter, Teams, Zoom), in the layout of their exports; the texts are fictional.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.transcript import ParsedTranscript
from qualcode.importers import whisperx
from qualcode.importers.docx import DocxImporter
from qualcode.importers.registry import choose
from qualcode.importers.subtitles import SubtitleImporter
from qualcode.importers.text import TextImporter
from tests.importers.makers import docx_bytes


def text_file(content: str, source: str = "t.txt") -> ParsedTranscript:
    return TextImporter().parse(content.encode("utf-8"), source=source)


def subtitles(content: str, source: str) -> ParsedTranscript:
    return SubtitleImporter().parse(content.encode("utf-8"), source=source)


def turns(parsed: ParsedTranscript) -> list[tuple[str | None, float | None, str]]:
    return [(t.speaker, t.start, parsed.turn_text(t)) for t in parsed.turns]


FIXTURES = Path(__file__).parent / "fixtures"


def test_noscribe_text_header_gone_time_marks_inside_a_turn_removed() -> None:
    parsed = text_file((FIXTURES / "noscribe-timestamps.txt").read_text(encoding="utf-8"))
    assert turns(parsed) == [
        ("S00", 0.0, "Wie sind Sie zum Vertrieb gekommen?"),
        (
            "S01",
            4.0,
            "Über die Logistik, ehrlich gesagt. (..) Ich war erst im Lager. "
            "Dann kam der Außendienst.",
        ),
        ("S00", 91.0, "Und heute?"),
    ]
    assert parsed.turns[1].end == 91.0
    assert not parsed.warnings


def test_noscribe_text_in_german_without_time_marks() -> None:
    parsed = text_file(
        "Interview_B07\n\nTranskribiert mit noScribe Vers. 0.6.2\nAudiodatei: B07.mp3\n"
        "(Sprache: Deutsch (de) | Sprechererkennung: auto)\n\n\n\n"
        "S00: Wie sind Sie zum Vertrieb gekommen?\n\nS01: Über die Logistik.\n"
    )
    assert turns(parsed) == [
        ("S00", None, "Wie sind Sie zum Vertrieb gekommen?"),
        ("S01", None, "Über die Logistik."),
    ]


def test_noscribe_vtt_title_and_note_gone() -> None:
    parsed = subtitles(
        "WEBVTT Interview_B07\n\nNOTE\nTranscribed with noScribe vers. 0.6.2 Audio file: "
        "B07.mp3 (Language: German (de))\n\n"
        "1\n00:00:00.000 --> 00:00:04.000\n<v S00>Wie sind Sie zum Vertrieb gekommen?\n\n"
        "2\n00:00:04.000 --> 00:00:09.500\n<v S01>Über die Logistik.\n\n"
        "3\n00:00:09.500 --> 00:00:12.000\n<v S01>Ich war erst im Lager.\n\n",
        "B07.vtt",
    )
    assert turns(parsed) == [
        ("S00", 0.0, "Wie sind Sie zum Vertrieb gekommen?"),
        ("S01", 4.0, "Über die Logistik. Ich war erst im Lager."),
    ]
    assert parsed.turns[1].end == 12.0


ATRAIN_TIMESTAMPS = """Transcription for 240523-Interview

SPEAKER_00
[00:00:00] - Wie sind Sie zum Vertrieb gekommen?
[00:00:02] - Erzählen Sie mal.

SPEAKER_01
[00:00:05] - Über die Logistik.

SPEAKER_00
[00:01:03] - Und heute?
"""
ATRAIN_MAXQDA = (
    "Transcription for 240523-Interview\n\nSPEAKER_00\n"
    "[00:00:00] - Wie sind Sie zum Vertrieb gekommen? [00:00:02] - Erzählen Sie mal. "
    "\n\nSPEAKER_01\n[00:00:05] - Über die Logistik. \n\nSPEAKER_00\n[00:01:03] - Und heute? "
)
ATRAIN_NVIVO = ATRAIN_TIMESTAMPS.replace("[", "").replace("]", "")
ATRAIN_EXPECTED = [
    ("SPEAKER_00", 0.0, "Wie sind Sie zum Vertrieb gekommen? Erzählen Sie mal."),
    ("SPEAKER_01", 5.0, "Über die Logistik."),
    ("SPEAKER_00", 63.0, "Und heute?"),
]


@pytest.mark.parametrize(
    "content",
    [ATRAIN_TIMESTAMPS, ATRAIN_MAXQDA, ATRAIN_NVIVO],
    ids=["timestamps", "maxqda", "nvivo"],
)
def test_atrain_speaker_lines_segments_joined_header_gone(content: str) -> None:
    assert turns(text_file(content, "transcription.txt")) == ATRAIN_EXPECTED


def test_atrain_without_time_marks() -> None:
    parsed = text_file(
        "Transcription for 240523-Interview\n\nSPEAKER_00\nWie sind Sie zum Vertrieb gekommen?\n"
        "Erzählen Sie mal.\n\nSPEAKER_01\nÜber die Logistik.\n"
    )
    assert turns(parsed) == [
        ("SPEAKER_00", None, "Wie sind Sie zum Vertrieb gekommen? Erzählen Sie mal."),
        ("SPEAKER_01", None, "Über die Logistik."),
    ]


def test_atrain_without_speakers_one_paragraph_a_segment() -> None:
    parsed = text_file(
        "Transcription for 240523-Interview\n\n\n"
        "[00:00:00] - Wie sind Sie zum Vertrieb gekommen?\n[00:00:05] - Über die Logistik.\n"
    )
    assert turns(parsed) == [
        (None, 0.0, "Wie sind Sie zum Vertrieb gekommen?"),
        (None, 5.0, "Über die Logistik."),
    ]


def test_whisperx_text_bracketed_speakers_joined() -> None:
    parsed = text_file(
        "[SPEAKER_00]: Wie sind Sie zum Vertrieb gekommen?\n[SPEAKER_00]: Erzählen Sie mal.\n"
        "[SPEAKER_01]: Über die Logistik.\n[SPEAKER_00]: Und heute?\n"
    )
    assert turns(parsed) == [
        ("SPEAKER_00", None, "Wie sind Sie zum Vertrieb gekommen? Erzählen Sie mal."),
        ("SPEAKER_01", None, "Über die Logistik."),
        ("SPEAKER_00", None, "Und heute?"),
    ]


WHISPERX_CUES = [
    ("00:00.000", "00:02.500", "[SPEAKER_00]: Wie sind Sie zum Vertrieb gekommen?"),
    ("00:02.500", "00:04.000", "[SPEAKER_00]: Erzählen Sie mal."),
    ("00:05.120", "00:09.000", "[SPEAKER_01]: Über die Logistik."),
]


def test_whisperx_vtt() -> None:
    body = "".join(f"{a} --> {b}\n{text}\n\n" for a, b, text in WHISPERX_CUES)
    parsed = subtitles("WEBVTT\n\n" + body, "a.vtt")
    assert turns(parsed) == [
        ("SPEAKER_00", 0.0, "Wie sind Sie zum Vertrieb gekommen? Erzählen Sie mal."),
        ("SPEAKER_01", 5.12, "Über die Logistik."),
    ]


def test_whisperx_srt() -> None:
    body = "".join(
        f"{i}\n00:{a.replace('.', ',')} --> 00:{b.replace('.', ',')}\n{text}\n\n"
        for i, (a, b, text) in enumerate(WHISPERX_CUES, start=1)
    )
    parsed = subtitles(body, "a.srt")
    assert [(t.speaker, t.start, t.end) for t in parsed.turns] == [
        ("SPEAKER_00", 0.0, 4.0),
        ("SPEAKER_01", 5.12, 9.0),
    ]


OTTER_TXT = """Speaker 1  0:00
Wie sind Sie zum Vertrieb gekommen?

Lena Brandt  0:04
Über die Logistik, ehrlich gesagt.

Lena Brandt  0:41
Ich war erst im Lager.

Speaker 1  1:02:03
Und heute?


Transcribed by https://otter.ai
"""


def test_otter_text_speaker_and_time_above_the_text_trailer_gone() -> None:
    assert turns(text_file(OTTER_TXT)) == [
        ("Speaker 1", 0.0, "Wie sind Sie zum Vertrieb gekommen?"),
        ("Lena Brandt", 4.0, "Über die Logistik, ehrlich gesagt. Ich war erst im Lager."),
        ("Speaker 1", 3723.0, "Und heute?"),
    ]


def test_teams_word_transcript_title_and_date_gone() -> None:
    data = docx_bytes(
        [
            "Interview Brandt-20240523_100312-Besprechungsaufzeichnung",
            "23. Mai 2024, 08:03AM",
            "45 Min. 10 Sek.",
            "Anna Weber hat die Transkription gestartet",
            "Anna Weber   0:03",
            "Wie sind Sie zum Vertrieb gekommen?",
            "Lena Brandt   0:09",
            "Über die Logistik.",
            "Lena Brandt   0:15",
            "Ich war erst im Lager.",
            "Anna Weber   1:02",
            "Und heute?",
            "Anna Weber hat die Transkription beendet",
        ]
    )
    parsed = DocxImporter().parse(data, source="teams.docx")
    assert turns(parsed) == [
        ("Anna Weber", 3.0, "Wie sind Sie zum Vertrieb gekommen?"),
        ("Lena Brandt", 9.0, "Über die Logistik. Ich war erst im Lager."),
        ("Anna Weber", 62.0, "Und heute?"),
    ]


def test_teams_vtt_voice_tags() -> None:
    parsed = subtitles(
        "WEBVTT\n\n"
        "0d9d5c4e-6a1b-4e8f-9a7c-1f2e3d4c5b6a/12-0\n00:00:03.120 --> 00:00:05.480\n"
        "<v Anna Weber>Wie sind Sie zum Vertrieb gekommen?</v>\n\n"
        "0d9d5c4e-6a1b-4e8f-9a7c-1f2e3d4c5b6a/12-1\n00:00:05.480 --> 00:00:07.000\n"
        "<v Anna Weber>Erzählen Sie mal.</v>\n\n"
        "0d9d5c4e-6a1b-4e8f-9a7c-1f2e3d4c5b6a/13-0\n00:00:08.000 --> 00:00:12.000\n"
        "<v Lena Brandt>Über die Logistik.</v>\n\n",
        "teams.vtt",
    )
    assert turns(parsed) == [
        ("Anna Weber", 3.12, "Wie sind Sie zum Vertrieb gekommen? Erzählen Sie mal."),
        ("Lena Brandt", 8.0, "Über die Logistik."),
    ]


def test_zoom_vtt_name_prefix() -> None:
    parsed = subtitles(
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nAnna Weber: Wie sind Sie zum Vertrieb "
        "gekommen?\n\n2\n00:00:04.000 --> 00:00:06.000\nAnna Weber: Erzählen Sie mal.\n\n"
        "3\n00:00:06.500 --> 00:00:09.000\nLena Brandt: Über die Logistik.\n\n",
        "zoom.vtt",
    )
    assert turns(parsed) == [
        ("Anna Weber", 1.0, "Wie sind Sie zum Vertrieb gekommen? Erzählen Sie mal."),
        ("Lena Brandt", 6.5, "Über die Logistik."),
    ]


def test_zoom_saved_transcript_times_of_day_become_times_from_the_first() -> None:
    parsed = text_file(
        "[Anna Weber] 10:15:32\nWie sind Sie zum Vertrieb gekommen?\n\n"
        "[Lena Brandt] 10:15:40\nÜber die Logistik.\n\n"
        "[Lena Brandt] 10:15:51\nIch war erst im Lager.\n\n"
        "[Anna Weber] 10:16:02\nUnd heute?\n"
    )
    assert turns(parsed) == [
        ("Anna Weber", 0.0, "Wie sind Sie zum Vertrieb gekommen?"),
        ("Lena Brandt", 8.0, "Über die Logistik. Ich war erst im Lager."),
        ("Anna Weber", 30.0, "Und heute?"),
    ]


def test_an_ordinary_transcript_is_not_taken_for_a_tool_layout() -> None:
    parsed = text_file("I: Wie sind Sie zum Vertrieb gekommen?\nB: Also: über die Logistik.\n")
    assert turns(parsed) == [
        ("I", None, "Wie sind Sie zum Vertrieb gekommen?"),
        ("B", None, "Also: über die Logistik."),
    ]


def imported(path: Path, data: bytes | None = None) -> ParsedTranscript:
    """A file as the import reads it: the registry chooses the importer."""
    data = path.read_bytes() if data is None else data
    return choose(path, data).parse(data, source=path.name)


def test_whisperx_json_speakers_times_segments_of_one_speaker_joined() -> None:
    parsed = imported(FIXTURES / "whisperx.json")
    assert parsed.format == "whisperx-json"
    assert turns(parsed) == [
        ("SPEAKER_00", 0.031, "Wie sind Sie zum Vertrieb gekommen? Erzählen Sie mal."),
        ("SPEAKER_01", 5.02, "Über die Logistik, ehrlich gesagt. Ich war erst im Lager."),
        (None, 12.4, "Hm."),  # diarisation found no speaker: it stays without one
        ("SPEAKER_00", 63.25, "Und heute?"),
    ]
    assert [t.end for t in parsed.turns] == [4.105, 11.2, 13.0, 64.9]


def test_whisperx_json_without_diarisation_and_without_its_extension() -> None:
    data = (
        '{"segments": [{"start": 0.0, "end": 2.5, "text": " Guten Morgen."}, '
        '{"start": 2.5, "end": 4.0, "text": " Bitte erzählen Sie."}], "language": "de"}'
    ).encode()
    parsed = imported(Path("result"), data)  # recognised by its content
    assert turns(parsed) == [(None, 0.0, "Guten Morgen."), (None, 2.5, "Bitte erzählen Sie.")]


@pytest.mark.parametrize(
    "content",
    ['{"name": "Projekt", "segments": 3}', "[1, 2, 3]", '{"text": "Hallo"}', '"segments"'],
)
def test_json_of_another_shape_refused_in_one_line(content: str) -> None:
    with pytest.raises(InvalidInputError) as err:
        imported(Path("notes.json"), content.encode())
    assert err.value.message == (
        "this is a JSON file, but not a transcript qualcode knows (whisperX)"
    )


def test_whisperx_json_broken_or_with_a_bad_segment_refused() -> None:
    with pytest.raises(InvalidInputError, match="cannot be read") as err:
        imported(Path("r.json"), b'{"segments": [{"start": 0.0,\n "end": }]}')
    assert err.value.line == 2
    with pytest.raises(InvalidInputError, match="segment 2 of this whisperX file"):
        imported(
            Path("r.json"),
            b'{"segments": [{"start": 0, "end": 1, "text": "Ja."}, '
            b'{"start": 5, "end": 1, "text": "Nein."}]}',
        )


def test_whisperx_json_larger_than_the_cap_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whisperx, "MAX_JSON_BYTES", 100)
    data = (FIXTURES / "whisperx.json").read_bytes()
    with pytest.raises(InvalidInputError, match="larger than"):
        imported(FIXTURES / "whisperx.json", data)


def test_whisperx_tsv_rows_without_speakers_times_from_milliseconds() -> None:
    parsed = imported(FIXTURES / "whisperx.tsv")
    assert parsed.format == "whisperx-tsv"
    assert turns(parsed) == [
        (None, 0.031, "Wie sind Sie zum Vertrieb gekommen?"),
        (None, 2.833, "Erzählen Sie mal."),
        (None, 5.02, "Über die Logistik, ehrlich gesagt."),
        (None, 9.6, "Ich war erst im Lager."),
        (None, 12.4, "Hm."),
        (None, 63.25, "Und heute?"),
    ]
    assert parsed.turns[0].end == 2.512


def test_whisperx_tsv_broken_row_refused_with_its_line() -> None:
    with pytest.raises(InvalidInputError, match="not a whisperX segment") as err:
        imported(Path("r.tsv"), b"start\tend\ttext\n0\t2500\tJa.\n00:03\t4000\tNein.\n")
    assert err.value.line == 3


@pytest.mark.parametrize(
    "content",
    ["document\tage\tgender\nB01\t34\tw\n", "start\tend\tspeaker\ttext\n0\t10\tA\tJa.\n"],
    ids=["attribute-table", "other-header"],
)
def test_another_tsv_stays_a_case_attribute_table(content: str) -> None:
    with pytest.raises(InvalidInputError, match="case-attribute table"):
        imported(Path("cases.tsv"), content.encode())


def test_atrain_plain_transcription_header_dropped() -> None:
    parsed = imported(FIXTURES / "atrain-transcription.txt")
    assert turns(parsed) == [
        (None, None, "Wie sind Sie zum Vertrieb gekommen?"),
        (None, None, "Erzählen Sie mal."),
        (None, None, "Über die Logistik, ehrlich gesagt."),
        (None, None, "Ich war erst im Lager."),
        (None, None, "Hm."),
        (None, None, "Und heute?"),
    ]


@pytest.mark.parametrize(
    "content",
    [
        # paragraphs apart: typed, not aTrain's one segment a line
        "Transcription for the Vertrieb study\n\nWir haben zwölf Gespräche geführt.\n\n"
        "Alle wurden aufgezeichnet.\n",
        # speaker labels: typed
        "Transcription for the Vertrieb study\n\nI: Wie sind Sie dazu gekommen?\n"
        "B: Über die Logistik.\n",
        # no blank line after the first line
        "Transcription for the Vertrieb study\nWir haben zwölf Gespräche geführt.\n",
    ],
    ids=["paragraphs", "labels", "no-blank-line"],
)
def test_a_typed_transcript_starting_like_atrain_keeps_its_first_line(content: str) -> None:
    parsed = text_file(content)
    assert parsed.turn_text(parsed.turns[0]).startswith("Transcription for the Vertrieb study")
