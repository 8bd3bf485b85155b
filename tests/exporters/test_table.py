"""The Table helpers and the method facts printed under every table."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pandas as pd

from qualcode.exporters.table import MethodFacts, Table, cell_text


def test_cell_text_keeps_integers_and_gives_one_decimal() -> None:
    assert cell_text(12) == "12"
    assert cell_text(71.4286) == "71,4"
    assert cell_text(71.4286, decimal=".") == "71.4"
    assert cell_text(None) == "" and cell_text(float("nan")) == ""
    assert cell_text(True) == "ja"
    assert cell_text("✓") == "✓"


def test_rows_are_plain_python_values() -> None:
    frame = pd.DataFrame({"a": pd.Series([1, 2], dtype="int64"), "b": [0.5, None]})
    table = Table(title="T", frame=frame)
    rows = list(table.rows())
    assert rows == [(1, 0.5), (2, None)]
    assert type(rows[0][0]) is int
    assert table.numeric() == [True, True] and len(table) == 2


def test_method_facts_name_base_roll_up_multi_coding_n_version_and_date() -> None:
    facts = MethodFacts(
        documents=7,
        codebook_version="1.0",
        as_of=date(2026, 3, 14),
        unit="cases",
        rollup=True,
        selection=("Branche = Logistik",),
        details=("Zellen: Fälle.",),
    )
    assert facts.notes() == (
        "Zellen: Fälle.",
        "Zählbasis: Fälle (Dokumente); ein Fall zählt je Kategorie höchstens einmal.",
        "Subkategorien in die Hauptkategorie eingerechnet: ja.",
        "Mehrfachcodierung erlaubt: ja.",
        "N = 7 Dokumente (Fälle).",
        "Auswahl: Branche = Logistik.",
        "Kategoriensystem: Version 1.0.",
        "Stand: 14.03.2026.",
    )
    one = MethodFacts(documents=1, codebook_version="", as_of=date(2026, 1, 2), multi_coding=None)
    assert one.notes() == (
        "N = 1 Dokument (Fall).",
        "Kategoriensystem: Version ohne Angabe.",
        "Stand: 02.01.2026.",
    )


def test_importing_the_exporters_loads_no_format_library() -> None:
    code = (
        "import sys\nimport qualcode.exporters, qualcode.exporters.table\n"
        "print(sorted(m for m in ('pandas', 'openpyxl', 'docx', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
