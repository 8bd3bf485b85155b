"""CSV, Markdown and LaTeX, byte for byte against golden files (QUALCODE_UPDATE_GOLDEN=1 rewrites).

The golden files are read in binary, so line ends and the BOM are compared exactly on every
platform.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from qualcode.exporters import csv as csv_format
from qualcode.exporters import latex, markdown, write
from qualcode.exporters.output import Destination
from qualcode.exporters.table import Table
from tests.exporters.samples import frequency_table, long_table, quote_table

GOLDEN = Path(__file__).parent / "golden"


def check_golden(name: str, produced: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("QUALCODE_UPDATE_GOLDEN"):
        path.write_bytes(produced)
    expected = path.read_bytes()
    assert produced.decode("utf-8") == expected.decode("utf-8")
    assert produced == expected


def tables() -> list[Table]:
    return [frequency_table(), quote_table()]


@pytest.mark.parametrize(
    ("name", "fmt", "sep"),
    [
        ("tables.csv", "csv", ";"),
        ("tables-comma.csv", "csv", ","),
        ("tables.md", "md", ";"),
        ("tables.tex", "tex", ";"),
    ],
)
def test_golden_bytes(name: str, fmt: str, sep: str, tmp_path: Path) -> None:
    target = tmp_path / "out" / name
    beside = write(tables(), Destination(target, mkdir=True), fmt, sep=sep)
    check_golden(name, target.read_bytes())
    stream = io.BytesIO()
    write(tables(), stream, fmt, sep=sep)
    if fmt != "csv":
        assert beside == []
        assert stream.getvalue() == target.read_bytes()
        return
    # CSV: each table in a file of its own, the titles and notes beside them.
    stem = target.stem
    assert beside == [target.with_name(f"{stem}.zitate.csv"), target.with_name(f"{stem}.notes.txt")]
    for path in beside:
        check_golden(path.name, path.read_bytes())
    second = beside[0].read_bytes().removeprefix("\ufeff".encode())
    assert stream.getvalue() == target.read_bytes() + b"\r\n" + second


def test_csv_opens_in_excel_and_reads_back() -> None:
    data = csv_format.render([frequency_table()])
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0][:3] == ["Code", "Kategorie", "Segmente (n)"]  # the header first
    assert rows[1] == ["K1", "Übergabe Marketing–Vertrieb", "12", "5", "71,4"]
    assert all(len(r) == len(rows[0]) for r in rows)  # nothing but the table
    comma = csv_format.render([frequency_table()], sep=",").decode("utf-8-sig")
    assert next(r for r in csv.reader(io.StringIO(comma)) if r and r[0] == "K1")[-1] == "71.4"


def test_csv_reads_with_pandas_as_it_is(tmp_path: Path) -> None:
    import pandas as pd

    target = tmp_path / "h.csv"
    assert write([frequency_table()], target, "csv") == [tmp_path / "h.notes.txt"]
    frame = pd.read_csv(target, sep=";", decimal=",", encoding="utf-8-sig")
    assert list(frame.columns[:3]) == ["Code", "Kategorie", "Segmente (n)"]
    assert frame.iloc[0, -1] == 71.4
    notes = (tmp_path / "h.notes.txt").read_text(encoding="utf-8")
    assert notes.startswith("Häufigkeit der Kategorien\n\nAnmerkung. Zählbasis:")
    assert notes.endswith("Stand: 14.03.2026.\n")


def test_csv_files_beside_are_checked_before_any_is_written(tmp_path: Path) -> None:
    from qualcode.exporters.output import FileExists

    (tmp_path / "t.notes.txt").write_text("meine Notizen", encoding="utf-8")
    with pytest.raises(FileExists):
        write(tables(), tmp_path / "t.csv", "csv")
    assert not (tmp_path / "t.csv").exists() and not (tmp_path / "t.zitate.csv").exists()
    assert (tmp_path / "t.notes.txt").read_text(encoding="utf-8") == "meine Notizen"
    write(tables(), Destination(tmp_path / "t.csv", force=True), "csv")  # --force: all of them
    assert (tmp_path / "t.notes.txt").read_text(encoding="utf-8").startswith("Häufigkeit")


@pytest.mark.parametrize("sep", [";", ","])
def test_csv_lines_joined_at_once_are_the_csv_modules(sep: str) -> None:
    """Batches of plain text are joined into lines without the csv module when no cell needs
    its quotes: what comes out is still what the csv module writes, batch after batch, whether
    a cell holds a separator, a double quote, a line break, blanks or odd characters."""
    quoted = ["Bau; Handel", "Bau, Handel", 'sagt "nein"', "zwei\nZeilen", "a\rb", "ein\r\nzwei"]
    other = "," if sep == ";" else ";"  # the separator of the other kind: no quotes for it
    odd = [" vorn", "hinten ", "Tab\tim Text", "\u2028Zeile", "Null\x00", "ß", f"a-b{other} c"]
    rows = [
        (f"K{i % 7}", quoted[i // 97 % 6] if i % 97 == 0 else "Handel", f"„Satz {i}“", f"(B{i})")
        for i in range(2600)
    ]
    # A batch of 500 rows (the third) with odd cells but none the csv module would quote.
    rows[1000:1500] = [(f"K{i}", odd[i % 7], "„ruhig“", f"(B{i}: Pos. 1–3)") for i in range(500)]
    table = Table("T", columns=["Code", "Kategorie", "Zitat", "Beleg"], rows=rows)
    expected = io.StringIO()
    csv.writer(expected, delimiter=sep, lineterminator="\r\n").writerows([table.header(), *rows])
    assert csv_format.render([table], sep=sep).decode("utf-8") == "\ufeff" + expected.getvalue()


def test_csv_refuses_other_separators() -> None:
    from qualcode.domain.errors import InvalidInputError

    with pytest.raises(InvalidInputError):
        csv_format.render([frequency_table()], sep="\t")


def test_markdown_escapes_pipes_and_breaks_lines() -> None:
    text = markdown.render([quote_table(), frequency_table()])
    assert "| ---: |" in text
    assert r"\| ✓" in text
    assert "Erste Zeile<br>zweite Zeile \\*betont\\*" in text
    assert "*Anmerkung.* Zählbasis:" in text


def test_latex_escapes_every_special_character() -> None:
    text = latex.render([frequency_table()])
    assert (
        r"Preise \& Rabatte (10 \% \$ \#1\_a \{x\} \textasciitilde{}y \textasciicircum{}z "
        r"\textbackslash{}w)" in text
    )
    assert r"Größe \ensuremath{\geq}1000 \ensuremath{\rightarrow} „groß“ \textbar{} " in text
    assert r"\begin{tabular}{llrrr}" in text and r"\toprule" in text and r"\bottomrule" in text
    assert r"\caption{Häufigkeit der Kategorien}" in text
    assert r"\label{tab:haeufigkeiten}" in text
    assert "71,4" in text


def test_latex_uses_longtable_for_long_and_wrapped_tables() -> None:
    short = latex.render([long_table(30)])
    assert r"\begin{table}" in short and "longtable" not in short.split("\n", 1)[1]
    long = latex.render([long_table(31)])
    assert r"\begin{longtable}{rl}" in long and r"\endhead" in long
    assert r"\caption{Lang}\label{tab:lang} \\" in long
    wrapped = latex.render([quote_table()])
    assert r"\begin{longtable}{lp{0.50\linewidth}l}" in wrapped
    assert r"„Erste Zeile \newline zweite Zeile *betont*“" in wrapped
