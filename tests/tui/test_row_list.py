"""Cells of the workbench's lists: padded or cut to their column, in terminal cells."""

from __future__ import annotations

from rich.cells import cell_len

from qualcode.tui.widgets.row_list import fit


def test_short_text_is_padded_and_long_text_cut_with_an_ellipsis() -> None:
    assert fit("B01", 6) == "B01   "
    assert fit("Müller-Lüdenscheidt", 8) == "Müller-…"
    assert fit("", 3) == "   "


def test_wide_characters_are_counted_as_two_cells() -> None:
    for width in range(2, 9):
        assert cell_len(fit("客户关系很重要", width)) == width
