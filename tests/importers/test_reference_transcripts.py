"""Real transcripts that nobody on the team wrote, imported as ``qualcode import`` would.

The files live in ``../shared/reference/transcripts`` (see its README and each PROVENANCE file);
the tests skip when they are absent. Every number below was checked by reading the files
themselves: label lines counted with grep, the .docx paragraphs listed with python-docx, the
cues of the .vtt counted, and the .odt paragraphs compared with what the study's own coding in
Taguette quotes.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from qualcode.domain.transcript import ParsedTranscript
from qualcode.importers.registry import choose
from tests.helpers import SHARED

REFERENCE = SHARED / "reference" / "transcripts"
DIVEKIT = "divekit-roadmap_de_expert"
HASKI = "haski-nodegrade_de_students_docx"
ZOOM = "plc-fishbowl_en_zoom_vtt"
SERDIF = "serdif-usability_en_odt_taguette"


def path_of(folder: str, name: str) -> Path:
    path = REFERENCE / folder / name
    if not path.is_file():
        pytest.skip(f"the reference material is not here: {path}")
    return path


def load(folder: str, name: str) -> ParsedTranscript:
    path = path_of(folder, name)
    data = path.read_bytes()
    return choose(path, data).parse(data, source=str(path))


def speakers(parsed: ParsedTranscript) -> Counter[str | None]:
    return Counter(t.speaker for t in parsed.turns)


def text(parsed: ParsedTranscript, position: int) -> str:
    return parsed.turn_text(parsed.turns[position - 1])


# --- divekit: German expert interviews in Markdown, YAML front matter, [hh:mm:ss] start marks


def test_divekit_fkrampe_plain_labels_with_start_marks() -> None:
    parsed = load(DIVEKIT, "fkrampe_transkript.md")
    assert parsed.format == "markdown"
    assert parsed.attributes["acronym"] == "fkrampe_transkript"
    assert parsed.attributes["responsible"] == "hbu, tza"
    # "## Inhalt", then 67 "I: [..]" and 59 "B: [..]" turns (PROVENANCE says the same)
    assert len(parsed.turns) == 127
    assert speakers(parsed) == {None: 1, "I": 67, "B": 59}
    assert text(parsed, 1) == "Inhalt" and parsed.turns[0].speaker is None
    first, second = parsed.turns[1], parsed.turns[2]
    assert (first.speaker, text(parsed, 2), first.start, first.end) == (
        "I",
        "Gut Fabian, bist du bereit?",
        0.0,
        3.0,
    )
    assert (second.speaker, text(parsed, 3), second.start, second.end) == ("B", "Jawoll.", 3.0, 6.0)
    last = parsed.turns[-1]
    assert last.speaker == "B" and last.start == 4011.0 and last.end is None  # [01:06:51]
    assert text(parsed, 127).startswith("Also ich fände es toll, wenn ich da weiter einbezogen")
    assert text(parsed, 127).endswith("aber das dauert in der Regel länger.")


def test_divekit_sbente_minutes_and_seconds_marks() -> None:
    parsed = load(DIVEKIT, "jintveen_MA_sbente_transkript.md")
    assert parsed.attributes["title"] == "Interview Transkript Bente"
    assert len(parsed.turns) == 53
    assert speakers(parsed) == {None: 3, "I": 25, "B": 25}
    assert text(parsed, 1) == "Transkript des Interviews mit Prof. Dr. Stefan Bente"
    assert text(parsed, 3) == "Inhalt"
    first = parsed.turns[3]
    assert (first.speaker, first.start, first.end) == ("I", 1.0, 16.0)  # [00:01] .. [00:16]
    assert text(parsed, 4) == (
        "Was sind deiner Meinung nach die wichtigsten Werkzeuge, die man braucht, "
        "wenn man modernes Coding betreibt?"
    )
    last = parsed.turns[-1]
    assert (last.speaker, last.start) == ("B", 2967.0)  # [49:27]
    assert text(parsed, 53).startswith("Ich bin total angetan davon, wie leichtgängig")


def test_divekit_nnprof4_bold_labels_with_time_and_three_speakers() -> None:
    parsed = load(DIVEKIT, "nnProf4_transkript.md")
    # "**I [00:00:00]** text": 87 I, 84 B and 20 P (Protokollant) label lines
    assert len(parsed.turns) == 195
    counts = speakers(parsed)
    assert set(counts) == {None, "I", "B", "P"}
    assert (counts["I"], counts["P"]) == (87, 20)
    assert sum(1 for t in parsed.turns if t.speaker == "B" and t.start is not None) == 84
    # the legend before the "---" rule is text, not a turn of I, B or P
    assert [text(parsed, n) for n in (1, 2, 3)] == [
        "Transkript nnProf4",
        "Datum 10.05.2021 10 Uhr Ort: BigBlueButton-Meeting",
        "I = Interviewer B = Befragte P = Protokollant",
    ]
    first = parsed.turns[3]
    assert (first.speaker, first.start, first.end) == ("I", 0.0, 5.0)
    assert text(parsed, 4) == (
        "Zu allererst mal die Frage: Möchten Sie mit Du oder mit Sie angesprochen werden?"
    )
    assert "**" not in parsed.text
    # the last turn starts at the interview's duration given in the front matter
    assert parsed.attributes["duration"] == "00:54:22"
    last = parsed.turns[-1]
    assert (last.speaker, last.start, text(parsed, 195)) == (
        "B",
        3262.0,
        "Ja, dann einen schönen Tag. Ciao.",
    )


def test_divekit_nnwma2_one_bold_label_with_a_colon() -> None:
    parsed = load(DIVEKIT, "nnWMA2_transkript.md")
    assert len(parsed.turns) == 61
    assert speakers(parsed) == {None: 1, "I": 26, "B": 32, "P": 2}
    # "**B: [00:28:01]**" is the one label written with a colon
    odd = next(t for t in parsed.turns if t.start == 28 * 60 + 1)
    assert odd.speaker == "B"
    assert parsed.turn_text(odd).startswith("Ja, in PP weiß ich es noch nicht ganz.")
    first = parsed.turns[1]
    assert (first.speaker, first.start, first.end) == ("I", 0.0, 24.0)
    assert text(parsed, 2).startswith("Recording in progress. Ja dann, Hallo zum Interview.")
    last = parsed.turns[-1]
    assert (last.speaker, last.start, text(parsed, 61)) == (
        "P",
        3249.0,
        "Auch von mir herzlichen Dank an dieser Stelle.",
    )


def test_divekit_nnprof_interview_turns() -> None:
    parsed = load(DIVEKIT, "nnProf_transkript.md")
    assert parsed.attributes["author"] == "Mert Barutcu"
    assert set(speakers(parsed)) == {None, "I", "B"}
    timed = [t for t in parsed.turns if t.start is not None]
    # 33 "I: [..]" and 32 "B: [..]" lines
    assert Counter(t.speaker for t in timed) == {"I": 33, "B": 32}
    assert (timed[0].speaker, timed[0].start, timed[0].end) == ("I", 0.0, 12.0)
    assert parsed.turn_text(timed[0]).startswith("Okay, alles klar. Super. Dann können wir")
    assert (timed[-1].speaker, timed[-1].start) == ("I", 4075.0)  # [01:07:55]
    assert parsed.turn_text(timed[-1]).startswith("Okay super, dann möchte ich mich recht herzlich")


# --- HASKI NodeGrade: German paired student interviews as Word documents, I: / S1: .. S6:


@pytest.mark.parametrize(
    ("number", "turns", "counts", "first", "last_speaker", "last_end"),
    [
        (
            1,
            15,
            {None: 2, "I": 4, "S1": 4, "S2": 5},
            "Wie gut fühlt ihr euch in Bezug auf die Klausur vorbereitet? "
            "Angenommen ihr würdet diese morgen schreiben?",
            "S2",
            "selber wirklich das komplette Diagramm zu zeichnen.",
        ),
        (
            2,
            21,
            {None: 2, "I": 4, "S3": 8, "S4": 7},
            "Was wären für euch konkrete Verbesserungen, die man machen könnte?",
            "S3",
            "komplett auf dieses „okay, du hast es jetzt verstanden“.",
        ),
        (
            3,
            23,
            {None: 2, "I": 3, "S5": 10, "S6": 8},
            "Gibt es konkrete Verbesserungen, die euch noch einfallen und ihr euch "
            "wünschen würdet?",
            "S5",
            "irgendwie greifbar sein, was es jetzt konkret von einem will.",
        ),
    ],
)
def test_haski_word_interviews(
    number: int,
    turns: int,
    counts: dict[str | None, int],
    first: str,
    last_speaker: str,
    last_end: str,
) -> None:
    parsed = load(HASKI, f"NodeGrade_paper_ECSEE_qualitative_data_interview{number}_german.docx")
    assert parsed.format == "docx"
    assert len(parsed.turns) == turns
    assert speakers(parsed) == counts
    pair = f"S{2 * number - 1} and S{2 * number}"
    # the title paragraph has a line break (<w:br/>) that stays inside it
    assert text(parsed, 1) == (
        f"Interview with {pair} - Anonymized German transcript of the statements "
        "with reference to NodeGrade"
    )
    assert text(parsed, 2) == "(S = Student; I = Interviewer)"
    assert (parsed.turns[2].speaker, text(parsed, 3)) == ("I", first)
    assert parsed.turns[-1].speaker == last_speaker
    assert text(parsed, turns).endswith(last_end)
    assert all(t.start is None and t.end is None for t in parsed.turns)  # no time marks
    assert "S1:" not in parsed.text and "I:" not in parsed.text


def test_haski_unlabelled_paragraph_keeps_its_speaker() -> None:
    parsed = load(HASKI, "NodeGrade_paper_ECSEE_qualitative_data_interview3_german.docx")
    assert parsed.turns[4].speaker == "S5"
    assert text(parsed, 5).startswith("Bei der Freitextaufgabe sind wir lange hängen geblieben.")


# --- PLC Fishbowl: a Zoom WebVTT recording, "Caleob King: ..." in each of its 264 cues


def test_zoom_vtt_one_speakers_half_hour_becomes_paragraphs() -> None:
    path = path_of(ZOOM, "transcript.vtt")
    assert path.read_text(encoding="utf-8").count(" --> ") == 264
    parsed = load(ZOOM, "transcript.vtt")
    assert parsed.format == "vtt"
    # One speaker throughout: the 264 cues are cut into paragraphs of about a hundred words at
    # sentence ends, not one turn of half an hour (which would be one coding unit, one Pos.).
    assert 10 <= len(parsed.turns) <= 40
    assert {t.speaker for t in parsed.turns} == {"Caleob King"}
    assert all(100 <= t.char_end - t.char_start <= 3_000 for t in parsed.turns[:-1])
    # Every paragraph ends a sentence: a cue that trails off ("If we start out with grams, we
    # want to…", then "start out with a conversion factor") does not end one.
    assert all(text(parsed, t.position)[-1] in ".!?" for t in parsed.turns[:-1])
    first, last = parsed.turns[0], parsed.turns[-1]
    assert (first.start, last.end) == (4.16, 1874.72)  # 00:00:04.160 .. 00:31:14.720
    assert all(a.end <= b.start for a, b in zip(parsed.turns, parsed.turns[1:], strict=False))  # type: ignore[operator]
    assert parsed.text.startswith("Hello, everybody, I hope you're doing all right.")
    assert parsed.text.endswith("It's good to see ya. Yep, bye.")
    assert "Caleob King:" not in parsed.text


# --- SERDIF: English think-aloud sessions as .odt; only the moderator is labelled


@pytest.mark.parametrize(
    ("name", "moderator_at", "second", "last"),
    [
        (
            "P1_GMT20211118.odt",
            [4],
            "Alright, so I have logged in. Let me get the other tasks open.",
            "It is good, yeah, a few little hiccups here and there but it is nice. "
            "This is all I have to say.",
        ),
        (
            "P2_GMT20211119.odt",
            [71, 74, 77, 100, 158, 170, 190],
            "(The participant reads the home tab text)",
            "Overall, that is my final opinion, so I think I can say task completed on number 9.",
        ),
    ],
)
def test_serdif_think_aloud_odt(name: str, moderator_at: list[int], second: str, last: str) -> None:
    parsed = load(SERDIF, name)
    assert parsed.format == "odt"
    # 207 non-empty paragraphs: task prompts, the participant's speech, stage directions
    assert len(parsed.turns) == 207
    assert [t.position for t in parsed.turns if t.speaker] == moderator_at
    assert {t.speaker for t in parsed.turns} == {None, "MODERATOR"}
    assert text(parsed, 1) == "1 Read the ‘Home’ tab information."
    assert text(parsed, 2) == second
    assert text(parsed, 207) == last


def test_serdif_every_quote_the_authors_coded_is_in_the_imported_text() -> None:
    """The study's 269 Taguette quotes from P1 and P2 are all found in what qualcode imports."""
    tags = path_of(SERDIF, "all_tags_20220303.csv")
    with tags.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    checked = 0
    for name in ("P1_GMT20211118.odt", "P2_GMT20211119.odt"):
        parsed = load(SERDIF, name)
        # Taguette kept the "MODERATOR:" label in the text; qualcode keeps it as the speaker
        flat = " ".join(
            " ".join(
                (f"{t.speaker}: " if t.speaker else "") + parsed.turn_text(t) for t in parsed.turns
            ).split()
        )
        quotes = [" ".join(r["content"].split()) for r in rows if r["document"] == name]
        assert quotes
        assert [q for q in quotes if q not in flat] == []
        checked += len(quotes)
    assert checked == 269
