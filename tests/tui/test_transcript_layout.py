"""Wrapping a transcript into visual lines: by cells, so wide characters (CJK, emoji) fit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rich.cells import cell_len

from qualcode.domain.transcript import DocumentInfo, Transcript, Turn
from qualcode.tui.widgets.transcript_layout import column_to_offset, layout


def transcript(*texts: str) -> Transcript:
    turns, offset = [], 0
    for i, text in enumerate(texts):
        turns.append(Turn(i + 1, "B", offset, offset + len(text)))
        offset += len(text) + 1
    info = DocumentInfo(1, "T", "t.txt", "text", "x", "tester", datetime.now(UTC), len(texts), 0)
    return Transcript(info, "\n".join(texts), tuple(turns))


TEXTS = [
    "Über persönliche Betreuung und Schulungen, und das seit vielen Jahren.",
    "我们是一家机械制造公司，主要客户在德国和中国。客户关系对我们非常重要。",
    "Gemischt: 客户关系 und Kundenbindung 😀 mit Emoji 🏭🔧 und Text.",
]


@pytest.mark.parametrize("width", [8, 13, 20, 37])
def test_every_line_fits_and_nothing_is_lost(width: int) -> None:
    shown = transcript(*TEXTS)
    lines, first = layout(shown, width)
    assert first[0] == 0 and len(first) == len(TEXTS)
    for turn_index, text in enumerate(TEXTS):
        pieces = [
            shown.text[start:end]
            for t, start, end in (lines[i] for i in range(len(lines)))
            if t == turn_index
        ]
        assert all(cell_len(piece) <= width for piece in pieces)
        # Lines break at spaces (which they leave out) or inside a word.
        assert "".join(pieces).replace(" ", "") == text.replace(" ", "")


def test_a_click_lands_on_the_character_under_it() -> None:
    text = "ab客户cd"
    assert [column_to_offset(text, 0, len(text), c) for c in range(8)] == [0, 1, 2, 2, 3, 3, 4, 5]
    assert column_to_offset(text, 0, len(text), 50) == len(text)
    assert column_to_offset("Kunde", 0, 5, 3) == 3


def test_which_text_counts_as_one_cell_a_character() -> None:
    from qualcode.tui.widgets.transcript_layout import plainly_narrow, single_cells

    assert plainly_narrow("Kunde") and plainly_narrow("„Über“ – Straße …")
    assert not plainly_narrow("Łódź") and single_cells("Łódź")  # not Windows-1252, still narrow
    assert not single_cells("客户") and not single_cells("Kunde 😀")
