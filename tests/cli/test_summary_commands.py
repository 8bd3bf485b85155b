"""``qualcode summary``, ``matrix-summary``, ``reduce`` and the two exports, in-process."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from tests.cli.conftest import Run


def test_case_and_cell_summaries_from_the_command_line(sample: Run) -> None:
    assert "No case summary" in sample("summary", "B01").output
    result = sample("summary", "B01", "--set", "Vertriebsleiter, Maschinenbau.")
    assert result.exit_code == 0 and "Saved the case summary of B01" in result.output
    sample("summary", "B01", "--set", "Vertriebsleiter; setzt auf Empfehlungen.")
    shown = sample("summary", "B01").output
    assert "setzt auf Empfehlungen" in shown and "alice" in shown
    history = json.loads(sample("summary", "B01", "--history", "--json").output)
    assert [v["text"] for v in history] == [
        "Vertriebsleiter, Maschinenbau.",
        "Vertriebsleiter; setzt auf Empfehlungen.",
    ]
    result = sample("matrix-summary", "B01", "K2", "--set", "Telefon und Empfehlungen.")
    assert result.exit_code == 0 and "B01 × K2" in result.output
    assert "Telefon und Empfehlungen." in sample("matrix-summary", "B01", "K2").output
    bad = sample("matrix-summary", "B01", "K99", "--set", "x")
    assert bad.exit_code != 0 and "K99" in bad.output


def test_reduce_set_list_promote_and_export(sample: Run, tmp_path: Path) -> None:
    assert sample("code", "B01", "K2.1", "--turn", "9").exit_code == 0
    assert sample("code", "B02", "K2.1", "--turn", "5").exit_code == 0
    units = json.loads(sample("reduce", "list", "--json").output)
    assert [(u["document"], u["position"]) for u in units] == [("B01", 9), ("B02", 5)]
    for unit, text in zip(units, ("Telefonakquise", "telefonakquise"), strict=True):
        result = sample(
            "reduce", "set", str(unit["coding"]), "--paraphrase", "P", "--reduction", text
        )
        assert result.exit_code == 0, result.output
    assert (
        "Telefonakquise (B01 Pos. 9; B02 Pos. 5)" in sample("reduce", "promote", "--dry-run").output
    )
    result = sample("reduce", "promote", "--under", "K2")
    assert result.exit_code == 0, result.output
    assert "Created K2." in result.output and "coded 2 passages" in result.output
    listed = sample("reduce", "list", "--written").output
    assert "[K2." in listed
    path = tmp_path / "red.xlsx"
    result = sample("export", "summary-table", "-o", str(path))
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(path)["Reduktion"].iter_rows(values_only=True))
    assert [r[:2] for r in rows[2:4]] == [("B01", "9"), ("B02", "5")]
    matrix = tmp_path / "matrix.docx"
    result = sample("export", "theme-matrix", "-o", str(matrix))
    assert result.exit_code == 0 and "Themenmatrix" in result.output
    every = tmp_path / "every.xlsx"
    result = sample("export", "theme-matrix", "--columns", "all", "-o", str(every))
    header = list(load_workbook(every).active.iter_rows(values_only=True))[1]
    assert "K2.1 " in " ".join(str(h) for h in header)
    assert sample("reduce", "set", "1").exit_code != 0
