"""The shortcut for plainly labelled transcripts gives the turns every rule gives.

Most transcripts are one labelled line a turn (``I: [00:00:03] ...`` / ``B: ...``); the text
importer reads those with one split a line (:func:`labelled_lines`). Whatever the text, the
result must be the one :func:`by_line_rules` gives (or the same error): generated texts around
that shape, the bundled samples and the reference transcripts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.text import normalise, spaces_kept
from qualcode.importers.decoding import blanks_of, decode, with_warnings
from qualcode.importers.text import (
    _FRONT_MATTER,
    TextImporter,
    by_line_rules,
    labelled_lines,
    plain_turns,
)
from qualcode.importers.text import transcript_from_text as read
from tests.helpers import SAMPLE_FILES, SHARED

LABELS = [
    "I", "B", "B1", "B 1", "IP", "Interviewer", "Interviewerin", "Befragte/r", "SPEAKER_00",
    "int.", "Frau Keller", "Fazit", "I ", " I", "**I**", "I**", "__B__", "B_", "Moderatorin 12",
]  # fmt: skip
TIMES = ["", "[00:00:03] ", "[01:23] ", "(00:01:02) ", "[00:00:07,5] ", "#00:00:09-4# "]
ENDS = ["", " #00:01:10-0#", " #00:00:01-0#", "#00:02:00#", " #1:02:03.25#"]
WORDS = ["Wie", "gewinnen", "Sie", "Kunden?", "über", "Messen.", "ja", "#", "a#b", "noScribe"]
ODD = [
    "", " ", "\t", "Fazit: gut", "---", "# Titel", "Transcription for x.mp3", "SPEAKER_01",
    "Speaker undefined", "Titel (noScribe vers. 0.6)", "Anna Weber   1:02:03", "[00:00:04]",
    "#00:00:05-1#", "- Punkt", "*", "(lacht)", "\u00a0x",
]  # fmt: skip


@st.composite
def lines(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 19))
    if kind == 0 and draw(st.booleans()):
        return draw(st.sampled_from(ODD))
    if kind in (1, 2):
        return " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=4)))  # a continued line
    if kind < 16:  # the common shape, so that most texts take the shortcut
        label, colon = draw(st.sampled_from(["I", "B", "B1", "Interviewer"])), ": "
    else:
        label = draw(st.sampled_from(LABELS))
        colon = draw(st.sampled_from([": ", ":", " : ", ":\t", ":  "]))
    body = " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=5)))
    return f"{label}{colon}{draw(st.sampled_from(TIMES))}{body}{draw(st.sampled_from(ENDS))}"


@st.composite
def transcripts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(lines(), min_size=1, max_size=12))
    gaps = draw(st.lists(st.sampled_from(["\n", "\n\n", "\n\n\n"]), min_size=len(parts)))
    return normalise("".join(line + gap for line, gap in zip(parts, gaps, strict=False)))


def both_ways(text: str, *, markdown: bool = False, first_line: int = 1) -> tuple[object, object]:
    """What the importer gives (the shortcuts where they apply) and what every rule gives,
    each with its word count (which the transcripts' equality leaves out), the one
    ``str.split`` gives."""
    found: list[object] = []
    for reader in (read, lambda text, **kw: by_line_rules(text.split("\n"), **kw)):
        try:
            parsed = reader(
                text, fmt="text", source="t.txt", markdown=markdown, first_line=first_line
            )
        except InvalidInputError as exc:
            found.append(("error", str(exc), exc.line))
            continue
        assert parsed.word_count() == len(parsed.text.split())
        found.append((parsed, parsed.word_count()))
    return found[0], found[1]


@settings(max_examples=400, deadline=None)
@given(transcripts(), st.booleans())
def test_the_shortcut_gives_what_every_rule_gives(text: str, markdown: bool) -> None:
    fast, general = both_ways(text, markdown=markdown)
    assert fast == general


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["I", "B", "B2", "Interviewer"]), st.sampled_from(TIMES)),
        min_size=1,
        max_size=10,
    ),
    st.sampled_from(ENDS),
)
def test_plain_labelled_transcripts_take_the_shortcut(
    turns: list[tuple[str, str]], end: str
) -> None:
    text = "\n\n".join(f"{label}: {mark}Gut, danke.{end}" for label, mark in turns) + "\n"
    assert labelled_lines(text.split("\n"), 1) is not None
    fast, general = both_ways(text)
    assert fast == general


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["I", "B", "B2", "Interviewer", "SPEAKER_01"]),
            st.sampled_from(["", "[00:00:03] ", "[01:23] ", "(00:01:02) ", "[00:00:07,5] ", "["]),
            st.lists(st.sampled_from(["Gut,", "danke.", "über", "(lacht)", "[x]", ""]), max_size=4),
        ),
        min_size=1,
        max_size=10,
    ),
    st.sampled_from(["\n", "\n\n", "\n\n\n"]),
)
def test_the_commonest_shape_is_read_in_one_pass(
    turns: list[tuple[str, str, list[str]]], gap: str
) -> None:
    """A labelled line a turn, perhaps opened by a time mark: :func:`plain_turns` reads it,
    and gives the turns and words every rule gives."""
    text = gap.join(f"{label}: {mark}{' '.join(words)}" for label, mark, words in turns) + "\n"
    text = normalise(text)
    assert plain_turns(text, fmt="text", attributes=None) is not None
    fast, general = both_ways(text)
    assert fast == general


def material() -> list[Path]:
    reference = SHARED / "reference" / "transcripts"
    found = sorted(reference.rglob("*.md")) + sorted(reference.rglob("*.txt"))
    return [*SAMPLE_FILES, *found]


@pytest.mark.parametrize("path", material(), ids=lambda p: p.name)
def test_samples_and_reference_transcripts_read_the_same_both_ways(path: Path) -> None:
    text = normalise(decode(path.read_bytes(), source=path.name).text)
    first_line = 1
    if front := _FRONT_MATTER.match(text):
        first_line += front.group(0).count("\n")
        text = text[front.end() :]
    fast, general = both_ways(text, markdown=path.suffix == ".md", first_line=first_line)
    assert fast == general


def test_the_bundled_samples_take_the_shortcut() -> None:
    """The samples are the common shape; the shortcut must not miss them for a detail."""
    taken = [
        path.name
        for path in SAMPLE_FILES
        if labelled_lines(normalise(path.read_text(encoding="utf-8")).split("\n"), 1) is not None
    ]
    assert taken, "no sample is a plainly labelled transcript"


BLANKS = [" ", "  ", "\t", "\u00a0", "\u200b", " \u200b ", "\u2009", "\x0c", "\x07", "\u3000"]


@st.composite
def files(draw: st.DrawFn) -> bytes:
    """A plainly labelled transcript, perhaps with blanks of every kind, as a file's bytes."""
    lines = []
    blanks = [" "] if draw(st.integers(0, 2)) else BLANKS  # most: words apart by one space
    for _ in range(draw(st.integers(1, 8))):
        label = draw(st.sampled_from(["I", "B", "B 2", "Interviewer"]))
        words = draw(st.lists(st.sampled_from(["Gut,", "über", "(lacht)", "„ja“", ""]), max_size=4))
        glue = draw(st.lists(st.sampled_from(blanks), min_size=len(words)))
        body = "".join(g + w for w, g in zip(words, glue, strict=False)).removeprefix(" ")
        lines.append(f"{label}: {draw(st.sampled_from(TIMES[:5]))}{body}")
    gap = draw(st.sampled_from(["\n", "\n\n", "\r\n\r\n", "\n\n\n"]))
    text = gap.join(lines) + draw(st.sampled_from(["", "\n", " \n"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return text.encode(encoding, "replace")


@settings(max_examples=400, deadline=None)
@given(files())
def test_words_counted_from_the_files_bytes_are_those_of_its_text(data: bytes) -> None:
    """The text importer counts a plain transcript's spaces in its bytes: the transcript and
    its words are those of the text decoded and normalised first, and ``str.split``'s count."""
    try:
        decoded = decode(data, source="t.txt")
    except InvalidInputError:
        return  # (too many control characters)
    expected = read(normalise(decoded.text), fmt="text", source="t.txt")
    parsed = TextImporter().parse(data, source="t.txt")
    assert parsed == with_warnings(expected, decoded.warnings)
    assert parsed.word_count() == len(parsed.text.split())


def test_the_bytes_tell_the_spaces_of_utf8_text_without_control_characters() -> None:
    assert blanks_of("I: Grüße  aus Köln, ja.\n".encode()) == (5, True)
    assert blanks_of(b"a b c") == (2, False) and blanks_of(b"") == (0, False)
    assert blanks_of(b"a \x07b") is None and blanks_of(b"a\x00 b") is None


def test_told_there_are_no_double_spaces_normalise_still_folds_those_it_makes() -> None:
    assert normalise("a \u200b b", doubled_spaces=False) == "a b"
    assert normalise("a \u00a0b", doubled_spaces=False) == "a b"
    assert normalise("a  b", doubled_spaces=False) == "a  b"  # (the caller's word)
    assert spaces_kept("a b\tc") is False and spaces_kept("Grüße aus Köln") is True
