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


def test_columns_wide_for_a_header_word_give_way_before_a_code_breaks() -> None:
    """Categories by a case attribute: long group names over counts. The count columns narrow
    (their headers break), the codes and the category names stay whole."""
    groups = ["Chemiehandel", "Elektrotechnik", "IT-Dienstleistungen (SaaS)", "Logistik"]
    groups += ["Maschinenbau", "Unternehmensberatung", "Verpackungsindustrie"]
    frame = pd.DataFrame(
        {
            "Code": ["K1", "K1.1", "K12.3"],
            "Kategorie": ["Akquisitionsprozess", "Leadgenerierung", "Zukunftsperspektiven"],
            **{f"{g} (N = 1)": [0, 1, 0] for g in groups},
            "Fälle (n, N = 7)": [0, 3, 0],
        }
    )
    table = Table(title="Kategorien nach Branche (Fälle)", frame=frame)
    widths = column_widths(table, 24.7)
    assert abs(sum(widths) - 24.7) < 0.01
    code, category, *counts, cases = widths
    assert code >= len("Code") * 1.2 * 0.23 + 0.5  # the code column as wide as it needs
    assert category >= 16 * 0.23 + 0.5  # category names as whole as on a wide page
    assert max(counts) - min(counts) < 0.01  # the group columns alike, none kept wide
    assert cases >= len("Fälle") * 1.2 * 0.23 + 0.5
    # A page too narrow even for that: the widest columns give way first, codes last.
    narrow = column_widths(table, 14.0)
    assert abs(sum(narrow) - 14.0) < 0.01 and narrow[0] >= max(narrow[2:]) - 0.01


def test_a_crowded_guideline_gives_its_width_to_the_running_text() -> None:
    """Eight columns cannot all keep their words whole on a landscape page: the page's width
    goes to the long definitions and anchor examples (the rows' height), the names stay whole."""
    definition = "Aussagen darüber, über welche Kontaktinstrumente neue Interessenten kommen. "
    anchor = (
        "„Die meisten Leads kommen heute über die Website, also Musteranfragen.“ (B01, Pos. 5) "
    )
    frame = pd.DataFrame(
        {
            "Code": ["K1", "K1.1"],
            "Kategorie": ["Leadgenerierung", "Kundenbindungsursachen"],
            "Definition": [definition * 2, definition * 3],
            "Ankerbeispiel": [anchor * 5, anchor * 6],
            "Kodierregel": [definition * 2, definition * 2],
            "Herkunft": [
                "deduktiv (Masterarbeit (2025), Kap. 2.4; Lippold, Akquisitionsgrundlagen)"
            ]
            * 2,
            "Segmente (n)": [0, 2],
            "Fälle (n, N = 7)": [0, 1],
        }
    )
    text = ("Kategorie", "Definition", "Ankerbeispiel", "Kodierregel", "Herkunft")
    table = Table(title="Kodierleitfaden", frame=frame, text_columns=text)
    widths = column_widths(table, 24.7)
    assert abs(sum(widths) - 24.7) < 0.01
    code, name, definition_, anchor_, rule, origin, segments, cases = widths
    assert anchor_ == max(widths) and anchor_ > definition_ > origin
    assert name >= 16 * 0.23 + 0.5  # category names as whole as on a wide page
    assert code >= len("K1.1") * 0.23 and min(segments, cases) >= 5 * 0.23
