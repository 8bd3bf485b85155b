"""Text that a spreadsheet would read as a formula stays text in CSV and XLSX; numbers stay numbers.

Every string a table can carry (title, header, rows, notes) starts in turn with each dangerous
character; qualcode's own negative numbers must come out as numbers all the same.
"""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from qualcode.exporters import write
from qualcode.exporters.formulas import Figure, as_text, looks_like_formula, needs_quotes
from qualcode.exporters.table import Table
from tests.exporters.formula_checks import (
    HOSTILE,
    assert_csv_has_no_formula,
    assert_xlsx_has_no_formula,
    csv_cells,
)


def hostile_table(text: str) -> Table:
    """``text`` in the title, a column name, a text and a wrapped column, and a note."""
    frame = pd.DataFrame(
        {
            "Code": ["K1", "K2"],
            text: [text, "ruhig"],
            "Zitat": [f"„{text}“", text],
            "Differenz": pd.Series([-0.25, 3.0], dtype="float64"),
            "Summe": pd.Series([-4, 7], dtype="int64"),
            "Kappa": [Figure("-0.120"), Figure("-")],
        }
    )
    return Table(
        title=text,
        frame=frame,
        notes=(text, "Stand: 14.03.2026."),
        name="Tabelle",
        text_columns=("Zitat",),
    )


def test_the_rule() -> None:
    for text in HOSTILE:
        assert looks_like_formula(text) and as_text(text) == "'" + text and needs_quotes(text)
    assert looks_like_formula("\x07=1+1")  # a control character a spreadsheet may drop
    for text in ("K2.1", "„=1+1“", "(B01, Pos. 4)", "", " =1", "'=1"):
        assert not looks_like_formula(text) and as_text(text) == text
    assert not looks_like_formula(Figure("-0.120")) and as_text(Figure("-")) == "-"
    assert needs_quotes("Logistik,=1+1") and needs_quotes("a; @SUM(A1)")
    assert not needs_quotes("Fälle (n, N = 7)") and not needs_quotes(Figure("-0.120"))


@pytest.mark.parametrize("sep", [";", ","])
@pytest.mark.parametrize("text", HOSTILE)
def test_csv_guards_every_cell_and_keeps_numbers(text: str, sep: str) -> None:
    stream = io.BytesIO()
    write([hostile_table(text)], stream, "csv", sep=sep)
    data = stream.getvalue()
    decimal = "," if sep == ";" else "."
    numbers = {f"-0{decimal}2", "-4", "-0.120", "-"}
    assert_csv_has_no_formula(data, sep, numbers)
    rows = csv_cells(data, sep)
    guarded = "'" + text
    # The table alone: the title and the notes go into the notes file of a CSV file.
    assert rows[0] == ["Code", guarded, "Zitat", "Differenz", "Summe", "Kappa"]
    assert rows[1] == ["K1", guarded, f"„{text}“", f"-0{decimal}2", "-4", "-0.120"]
    assert rows[2] == ["K2", "ruhig", guarded, f"3{decimal}0", "7", "-"]
    assert len(rows) == 3
    # A line with a guarded cell is quoted throughout; the others as before.
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith('"Code"') and lines[1].startswith('"K1"')


def test_csv_quotes_a_formula_behind_the_other_separator() -> None:
    frame = pd.DataFrame({"Branche": ["Logistik,=1+1", "Handel; @SUM(A1)", "Bau, Handel"]})
    stream = io.BytesIO()
    write([Table(title="T", frame=frame)], stream, "csv", sep=";")
    lines = stream.getvalue().decode("utf-8-sig").split("\r\n")
    assert lines[1:4] == ['"Logistik,=1+1"', '"Handel; @SUM(A1)"', "Bau, Handel"]


@pytest.mark.parametrize("text", HOSTILE)
def test_xlsx_stores_text_as_text_and_numbers_as_numbers(text: str) -> None:
    stream = io.BytesIO()
    write([hostile_table(text)], stream, "xlsx")
    data = stream.getvalue()
    assert_xlsx_has_no_formula(data)
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [sheet["A1"], sheet["B2"], sheet["B3"], sheet["C4"], sheet["A6"]]
    assert [c.value for c in cells] == [text] * 5  # no apostrophe in the text itself
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert sheet["A1"].font.bold and sheet["B2"].font.bold and sheet["A6"].font.italic
    assert sheet["C4"].alignment.wrap_text and sheet["B2"].alignment.wrap_text
    assert sheet["C3"].value == f"„{text}“" and not sheet["C3"].quotePrefix
    assert sheet["D3"].value == -0.25 and sheet["D3"].data_type == "n"
    assert sheet["D3"].number_format == "0.0"
    assert sheet["E3"].value == -4 and sheet["E3"].data_type == "n"
    assert sheet["F3"].value == "-0.120" and not sheet["F3"].quotePrefix
    assert sheet["B4"].value == "ruhig" and not sheet["B4"].quotePrefix


def test_xlsx_keeps_error_codes_and_cleaned_text_as_text() -> None:
    frame = pd.DataFrame({"Wert": ["#N/A", "\x07=1+1", "=SUMME(A1:A3)"]})
    stream = io.BytesIO()
    write([Table(title="T", frame=frame)], stream, "xlsx")
    assert_xlsx_has_no_formula(stream.getvalue())
    sheet = load_workbook(io.BytesIO(stream.getvalue())).active
    assert [sheet[f"A{r}"].value for r in (3, 4, 5)] == ["#N/A", "=1+1", "=SUMME(A1:A3)"]
    assert all(sheet[f"A{r}"].data_type == "s" for r in (3, 4, 5))


def test_the_check_finds_a_formula() -> None:
    """The XLSX check itself would notice a formula, in openpyxl's view and in the XML."""
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "=1+1"
    stream = io.BytesIO()
    book.save(stream)
    with zipfile.ZipFile(io.BytesIO(stream.getvalue())) as archive:
        assert b"<f>" in archive.read("xl/worksheets/sheet1.xml")
    with pytest.raises(AssertionError):
        assert_xlsx_has_no_formula(stream.getvalue())
    with pytest.raises(AssertionError):
        assert_csv_has_no_formula("\ufeffT\r\n=1+1\r\n".encode(), ";")


@pytest.mark.parametrize("fmt", ["md", "tex", "docx"])
def test_formats_without_formulas_keep_the_text_as_it_is(fmt: str) -> None:
    stream = io.BytesIO()
    write([hostile_table("=1+1")], stream, fmt)
    if fmt == "docx":
        from docx import Document

        text = "\n".join(p.text for p in Document(io.BytesIO(stream.getvalue())).paragraphs)
    else:
        text = stream.getvalue().decode("utf-8")
    assert "=1+1" in text and "'=1+1" not in text


def test_a_row_of_plain_text_is_guarded_as_cell_by_cell() -> None:
    """The CSV writer's one look at a row of typed text (plain_texts, hidden_start_in) decides
    as needs_quotes and looks_like_formula decide for each of its cells."""
    from itertools import product

    from qualcode.exporters.formulas import csv_field, hidden_start_in, plain_texts

    pieces = ["K2.1", "", "Bau, Handel", "a,=1", "x;\x00@y", "\x00", " =1", *HOSTILE]
    pieces += [f"„{h}“" for h in HOSTILE[:3]] + [f"Logistik; {h}" for h in HOSTILE[:3]]
    for cells in product(pieces, repeat=2):
        one_look = plain_texts(cells)
        guarded = [csv_field(c) for c in cells]
        if one_look:
            assert [text for text, _ in guarded] == list(cells)
            assert hidden_start_in(cells) == any(quote for _, quote in guarded)
        else:
            assert any(c[:1] < " " or looks_like_formula(c) for c in cells)
    assert not plain_texts(("K1", Figure("-0.120"))) and not plain_texts(("K1", 3))


def test_csv_rows_of_text_come_out_as_cell_by_cell() -> None:
    rows = [
        ("K1", "Logistik", "„Wir liefern, =1+1 nie“", "(B01, Pos. 4)"),
        ("K1", "=HYPERLINK()", "„ruhig“", "(B01, Pos. 5)"),
        ("K2", "Bau; Handel", "„a;\t@b“", "(B02, Pos. 1–3)"),
        ("K2", "Bau", "„plain“", ""),
    ]
    stream = io.BytesIO()
    table = Table("T", columns=["Code", "Kategorie", "Zitat", "Beleg"], rows=rows)
    write([table], stream, "csv", sep=";")
    lines = stream.getvalue().decode("utf-8-sig").split("\r\n")
    assert lines[1:5] == [
        '"K1";"Logistik";"„Wir liefern, =1+1 nie“";"(B01, Pos. 4)"',
        '"K1";"\'=HYPERLINK()";"„ruhig“";"(B01, Pos. 5)"',
        '"K2";"Bau; Handel";"„a;\t@b“";"(B02, Pos. 1–3)"',
        "K2;Bau;„plain“;",
    ]


def test_every_formula_start_behind_a_separator_is_found_in_a_row() -> None:
    """hidden_start_in looks for the characters a formula starts with before it searches the
    row: each of them, behind each separator and any blanks, is still found, as needs_quotes
    finds it in the cell."""
    from qualcode.exporters.formulas import FORMULA_STARTS, hidden_start_in

    for mark in sorted(FORMULA_STARTS):
        for separator in ",;\t":
            for blanks in ("", " ", "   "):
                quote = f"„Das war gut{separator}{blanks}{mark}1 so.“"
                cells = ("K1", "Arbeit", quote, "(B1, Pos. 4)")
                assert hidden_start_in(cells) == needs_quotes(quote), (mark, separator, blanks)
                assert hidden_start_in(cells) == (mark != "\t")
            plain = ("K1", "Arbeit", f"„Das war gut{separator} also {mark} so.“", "(B1, Pos. 4)")
            assert not hidden_start_in(plain)


def test_many_rows_come_out_as_cell_by_cell_across_batches() -> None:
    """The CSV writer checks rows of typed text 500 at a time: a row with a formula after a
    separator is still quoted on its own, wherever in a batch it falls, and the others not."""
    import csv

    from qualcode.exporters.formulas import csv_field

    texts = ["„Er sagt, - nein“", "„E-Mail; bitte“", "„ein - Strich“", "„a,  +b“", "„ruhig“"]
    rows = [
        (f"K{i % 7}", "Bau, Handel" if i % 11 else "x; -1", texts[i % 5], f"(B{i}, Pos. {i})")
        for i in range(1300)
    ]
    rows[777] = ("K1", "=1+1", "„x“", "(B1, Pos. 1)")  # a guarded row between two batches
    stream = io.BytesIO()
    table = Table("T", columns=["Code", "Kategorie", "Zitat", "Beleg"], rows=rows)
    write([table], stream, "csv", sep=";")
    expected = io.StringIO()
    plain = csv.writer(expected, delimiter=";", lineterminator="\r\n")
    quoted = csv.writer(expected, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        cells = [csv_field(cell) for cell in row]
        writer = quoted if any(quote for _, quote in cells) else plain
        writer.writerow([text for text, _ in cells])
    lines = stream.getvalue().decode("utf-8-sig").split("\r\n", 1)[1]
    assert lines == expected.getvalue()
    assert lines.count('"') > 0 and "„ruhig“" in lines
