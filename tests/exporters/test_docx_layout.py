"""Word tables a thesis can use as they are: widths follow the content, wide tables go landscape."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT

from qualcode.exporters.docx import column_widths, write
from qualcode.exporters.table import Table


def test_no_word_is_split_and_text_columns_get_the_room(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "Code": ["K1", "K12.3"],
            "Kategorie": ["Akquisitionsprozess und Lead-Management", "Zukunftsperspektiven"],
            "Segmente (n)": [3, 0],
        }
    )
    table = Table(title="T", frame=frame)
    widths = column_widths(table, 16.0)
    assert abs(sum(widths) - 16.0) < 0.01
    assert widths[1] > widths[0] and widths[1] > widths[2]
    assert widths[1] >= len("Akquisitionsprozess") * 0.23  # the longest word fits
    write([table], tmp_path / "t.docx")
    document = Document(str(tmp_path / "t.docx"))
    assert document.sections[0].orientation != WD_ORIENT.LANDSCAPE


def test_the_coding_guideline_goes_landscape(tmp_path: Path) -> None:
    frame = pd.DataFrame({f"Spalte {i}": ["Text"] for i in range(8)})
    write([Table(title="Kodierleitfaden", frame=frame)], tmp_path / "g.docx")
    section = Document(str(tmp_path / "g.docx")).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height


def test_pages_are_a4_and_every_table_fits_its_page(tmp_path: Path) -> None:
    from docx.shared import Cm

    narrow = Table(title="Häufigkeiten", frame=pd.DataFrame({"Code": ["K1"], "n": [1]}))
    write([narrow], tmp_path / "n.docx")
    section = Document(str(tmp_path / "n.docx")).sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    # Eight columns of long words: more than a landscape page holds whole.
    words = "Kundenzufriedenheitsbefragungsergebnisse"
    wide = Table(
        title="Kodierleitfaden", frame=pd.DataFrame({words + str(i): [words] for i in range(8)})
    )
    write([wide], tmp_path / "w.docx")
    document = Document(str(tmp_path / "w.docx"))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (29.7, 21.0)
    room = section.page_width - section.left_margin - section.right_margin
    (grid,) = document.tables
    assert sum(c.width for c in grid.columns) <= room + Cm(0.01)
    assert abs(sum(column_widths(wide, 24.7)) - 24.7) < 0.01
