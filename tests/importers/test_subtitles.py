"""The subtitle importer: WebVTT and SubRip, speakers, merged cues and broken timings."""

from __future__ import annotations

import pytest

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.transcript import ParsedTranscript
from qualcode.importers.subtitles import SubtitleImporter
from tests.importers.makers import PNG, SRT, VTT


def parse(text: str | bytes, source: str = "interview.vtt", **kw: str) -> ParsedTranscript:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return SubtitleImporter().parse(data, source=source, **kw)


def texts(parsed: ParsedTranscript) -> list[str]:
    return [parsed.turn_text(t) for t in parsed.turns]


def test_webvtt_voices_merge_consecutive_cues_of_one_speaker() -> None:
    parsed = parse(VTT)
    assert parsed.format == "vtt"
    assert [t.speaker for t in parsed.turns] == ["Interviewerin", "Herr Braun", "Interviewerin"]
    assert texts(parsed) == [
        "Wie gewinnen Sie neue Kunden?",  # <i> and </v> are markup, not text
        "Über Messen & Empfehlungen. Kaltakquise kaum noch.",  # two cues, one turn; &amp;
        "Danke.",
    ]
    assert [(t.start, t.end) for t in parsed.turns] == [(1.0, 4.5), (5.0, 12.0), (12.5, 63.25)]


def test_zoom_names_in_the_cue_text() -> None:
    zoom = (
        "WEBVTT\n\n1\n00:00:04.160 --> 00:00:15.370\nDr. Anna Maier: Hallo zusammen.\n\n"
        "2\n00:00:15.560 --> 00:00:18.550\nDr. Anna Maier: Wir nehmen auf.\n\n"
        "3\n00:00:19.000 --> 00:00:21.000\nBen Ott: Okay.\n\n"
        "4\n01:02:03.000 --> 01:02:05.500\nDr. Anna Maier: Danke: bis bald.\n"
    )
    parsed = parse(zoom)
    assert [t.speaker for t in parsed.turns] == ["Dr. Anna Maier", "Ben Ott", "Dr. Anna Maier"]
    assert texts(parsed) == ["Hallo zusammen. Wir nehmen auf.", "Okay.", "Danke: bis bald."]
    assert [(t.start, t.end) for t in parsed.turns] == [
        (4.16, 18.55),
        (19.0, 21.0),
        (3723.0, 3725.5),
    ]


def test_a_long_run_of_one_speaker_becomes_paragraphs_at_sentence_ends() -> None:
    sentence = "Wir besuchen jeden Kunden zweimal im Jahr und sprechen über seine Pläne."  # 72
    cues, at = [], 0.0
    for n in range(40):  # 40 cues of one sentence each, 0.2 s apart, a 2 s pause every tenth
        gap = 2.0 if n % 10 == 9 else 0.2
        cues.append(f"{n + 1}\n{_vtt_time(at)} --> {_vtt_time(at + 4)}\nAnna: {sentence}\n")
        at += 4 + gap
    cues.append(f"41\n{_vtt_time(at)} --> {_vtt_time(at + 2)}\nBen: Danke.\n")
    parsed = parse("WEBVTT\n\n" + "\n".join(cues))
    turns = parsed.turns
    assert [t.speaker for t in turns] == ["Anna"] * (len(turns) - 1) + ["Ben"]
    lengths = [t.char_end - t.char_start for t in turns[:-1]]
    assert len(turns) - 1 >= 3 and all(600 <= n <= 1_300 for n in lengths[:-1])
    assert "".join(texts(parsed)[:-1]).count(sentence) == 40  # nothing lost
    assert all(
        a.end is not None and b.start is not None and a.end <= b.start
        for a, b in zip(turns, turns[1:], strict=False)
    )


@pytest.mark.parametrize(
    ("ending", "next_cue"),
    [
        ("und dann haben wir …", "also erst mal die Bestandskunden angerufen."),
        ("und dann haben wir...", "also erst mal die Bestandskunden angerufen."),
        ("und dann haben wir … äh", "… also erst mal die Bestandskunden angerufen."),
        ("wir waren auf Fachmessen, z. B.", "Messen in Hannover und Köln."),
        ("das hat uns Dr.", "Keller von der IHK empfohlen."),
        ("das war so. und", "dann kam der nächste Auftrag."),  # lower case goes on
        ("Das war im Jahr 2019.", "und dann kam Corona."),
    ],
)
def test_a_cue_that_stops_mid_sentence_does_not_end_the_paragraph(
    ending: str, next_cue: str
) -> None:
    """Whisper cuts cues mid-sentence and marks hesitations with an ellipsis; after a long
    answer and a pause, the paragraph still runs on to the sentence's end."""
    parsed = parse(_long_answer(ending, next_cue))
    [turn] = parsed.turns  # one paragraph: the sentence did not end at the pause
    assert parsed.turn_text(turn).endswith(f"{ending} {next_cue}")


def _long_answer(ending: str, next_cue: str) -> str:
    """Anna's answer of ten cues (720 characters), a cue, a pause of 2.5 s, and the next cue."""
    sentence = "Wir besuchen jeden Kunden zweimal im Jahr und sprechen über seine Pläne."
    lines = [(n * 4.2, n * 4.2 + 4, sentence) for n in range(10)]
    lines += [(42.0, 45.0, ending), (47.5, 50.0, next_cue)]
    cues = [
        f"{n}\n{_vtt_time(start)} --> {_vtt_time(end)}\n<v Anna>{text}\n"
        for n, (start, end, text) in enumerate(lines, start=1)
    ]
    return "WEBVTT\n\n" + "\n".join(cues)


def test_a_full_stop_before_a_pause_still_ends_a_long_paragraph() -> None:
    parsed = parse(_long_answer("Das war es.", "Dann kam Corona."))
    assert [t.speaker for t in parsed.turns] == ["Anna", "Anna"]
    assert texts(parsed)[1] == "Dann kam Corona."


def _vtt_time(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"00:{int(minutes):02d}:{rest:06.3f}"


def test_srt_with_name_labels_and_an_unlabelled_cue() -> None:
    parsed = parse(SRT, source="interview.srt")
    assert parsed.format == "srt"
    assert [t.speaker for t in parsed.turns] == ["Anna Maier", "Jonas Weber", "Anna Maier"]
    assert texts(parsed) == [
        "Wie gewinnen Sie neue Kunden?",
        "Über Messen. Und über Empfehlungen.",  # the cue without a name continues the turn
        "Danke.",
    ]
    assert [(t.start, t.end) for t in parsed.turns] == [(1.0, 4.5), (5.0, 12.0), (12.5, 14.0)]


def test_srt_without_speakers_keeps_every_cue_and_warns() -> None:
    srt = "1\n00:00:01,000 --> 00:00:02,000\nErster Satz.\n\n2\n00:00:03,000 --> 00:00:04,000\n"
    srt += "Zweiter Satz,\nzwei Zeilen.\n"
    parsed = parse(srt.encode("cp1252"), source="clip.srt", encoding="cp1252")
    assert texts(parsed) == ["Erster Satz.", "Zweiter Satz, zwei Zeilen."]
    assert [t.speaker for t in parsed.turns] == [None, None]
    assert [(t.start, t.end) for t in parsed.turns] == [(1.0, 2.0), (3.0, 4.0)]
    assert "no speaker labels" in parsed.warnings[0]


@pytest.mark.parametrize(
    ("text", "source", "line", "message"),
    [
        (VTT.replace("00:00:09.000\n", "00:00:04.000\n"), "a.vtt", 8, "ends before it starts"),
        (
            VTT.replace("00:00:05.000 -->", "00:00:05.000 ->"),
            "a.vtt",
            8,
            "cannot read the cue times",
        ),
        (VTT.replace("00:00:05.000", "00:00:05,000"), "a.vtt", 8, "cannot read the cue times"),
        (VTT.replace("00:00:05.000", "00:00:75.000"), "a.vtt", 8, "more than 59"),
        (
            SRT.replace("00:00:09,200 --> 00:00:12,000", "00:00:12,000 --> 00:00:09,200"),
            "b.srt",
            10,
            "ends before it starts",
        ),
        (
            SRT.replace("00:00:05,000 --> ", "00:00:05,000 - "),
            "b.srt",
            6,
            "cannot read the cue times",
        ),
        (SRT.replace("00:00:05,000 --> ", "00:00:05 --> "), "b.srt", 6, "cannot read the cue"),
        (VTT.replace("WEBVTT", "WEBVTX"), "a.vtt", 1, "must start with the line WEBVTT"),
        (SRT.replace("Über Messen.", "Über Messen.\n\nNoch was."), "b.srt", 9, "not part of a cue"),
    ],
    ids=[
        "vtt end before start",
        "vtt arrow broken",
        "vtt comma",
        "vtt 75 seconds",
        "srt end before start",
        "srt arrow broken",
        "srt no milliseconds",
        "vtt no header",
        "srt text outside a cue",
    ],
)
def test_broken_timing_names_the_line(text: str, source: str, line: int, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message) as info:
        parse(text, source=source)
    assert info.value.line == line
    assert str(info.value).startswith(f"{source}:{line}: ")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "empty"), (PNG, "PNG image"), (b"WEBVTT\n\nNOTE nur eine Notiz\n", "no cues")],
    ids=["empty", "png", "no cues"],
)
def test_bad_files_give_one_readable_line(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message) as info:
        parse(data)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("timing", "hours"),
    [
        ("99999999999:00:00.000 --> 99999999999:00:05.000", "99999999999"),
        ("00:00:01.000 --> 1000:00:05.000", "1000"),
        ("9" * 5000 + ":00:00.000 --> 00:00:05.000", "9" * 20 + "..."),  # beyond int()'s limit
    ],
)
def test_an_absurd_time_mark_names_its_line(timing: str, hours: str) -> None:
    for fmt, text in (
        ("vtt", f"WEBVTT\n\n{timing}\nI: Hallo.\n"),
        (
            "srt",
            "1\n00:00:00,000 --> 00:00:01,000\nI: Ja.\n\n"
            f"2\n{timing.replace('.', ',')}\nB: Hallo.\n",
        ),
    ):
        with pytest.raises(InvalidInputError) as info:
            SubtitleImporter().parse(text.encode(), source=f"x.{fmt}")
        line = 3 if fmt == "vtt" else 6
        assert str(info.value) == (
            f"x.{fmt}:{line}: the time mark of {hours} hours is beyond any recording "
            "(at most 999 hours)"
        )


def test_a_long_but_possible_recording_is_read() -> None:
    text = "WEBVTT\n\n999:59:58.000 --> 999:59:59.500\nI: Hallo.\n"
    (turn,) = SubtitleImporter().parse(text.encode(), source="x.vtt").turns
    assert (turn.start, turn.end) == (3599998.0, 3599999.5)
