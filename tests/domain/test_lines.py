"""The appendix's line breaking: fixed width, labels and indents, numbers shared with citations."""

from __future__ import annotations

from datetime import UTC, datetime

from qualcode.domain.lines import lay_out, lines_of
from qualcode.domain.transcript import DocumentInfo, Transcript, Turn


def _transcript(turns: list[tuple[str, str]]) -> Transcript:
    text = "\n".join(t for _, t in turns)
    found, at = [], 0
    for number, (speaker, body) in enumerate(turns, start=1):
        found.append(Turn(number, speaker, at, at + len(body), start=float(number * 10)))
        at += len(body) + 1
    info = DocumentInfo(1, "B1", "b1.txt", "text", "", "alice", datetime.now(UTC), len(turns), 0)
    return Transcript(info, text, tuple(found))


def test_lines_keep_their_width_and_cover_the_text_in_order() -> None:
    long = " ".join(f"Wort{i}" for i in range(60))
    transcript = _transcript([("I", "Kurze Frage?"), ("B", long), ("I", "Danke.")])
    lines = lay_out(transcript, width=40)
    assert all(len(line.text) <= 40 for line in lines)
    assert [line.number for line in lines] == list(range(1, len(lines) + 1))
    assert lines[0].text == "I: Kurze Frage?" and lines[0].seconds == 10.0
    assert lines[1].text.startswith("B: Wort0") and lines[2].text.startswith("   Wort")
    assert lines[2].seconds is None
    # The words of the lines, in order, are the words of the text.
    words = [w for line in lines for w in line.text.split() if not w.endswith(":")]
    assert words == transcript.text.split()
    for line in lines:
        assert transcript.text[line.start : line.end] == line.text.split(": ", 1)[-1].strip()


def test_a_passage_is_cited_by_the_lines_that_show_it() -> None:
    long = " ".join(f"Wort{i}" for i in range(60))
    transcript = _transcript([("I", "Kurze Frage?"), ("B", long)])
    lines = lay_out(transcript, width=40)
    start = transcript.text.index("Wort20")
    end = transcript.text.index("Wort31") + len("Wort31")
    first, last = lines_of(lines, start, end) or (0, 0)
    assert "Wort20" in lines[first - 1].text and "Wort31" in lines[last - 1].text
    assert lines_of(lines, 0, 5) == (1, 1)


def test_a_word_wider_than_a_line_is_cut() -> None:
    transcript = _transcript([("B", "x" * 50)])
    lines = lay_out(transcript, width=20)
    assert "".join(line.text.split(": ")[-1].strip() for line in lines) == "x" * 50
