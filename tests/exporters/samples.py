"""Tables with what the formats must get right: umlauts, TeX specials, numbers, line breaks."""

from __future__ import annotations

from datetime import date

import pandas as pd

from qualcode.exporters.table import MethodFacts, Table

AS_OF = date(2026, 3, 14)


def facts() -> MethodFacts:
    return MethodFacts(
        documents=7,
        codebook_version="1.0",
        as_of=AS_OF,
        unit="both",
        rollup=False,
        selection=("Kodierer alice",),
    )


def frequency_table() -> Table:
    frame = pd.DataFrame(
        {
            "Code": ["K1", "K1.1", "K9.2"],
            "Kategorie": [
                "Übergabe Marketing–Vertrieb",
                "Preise & Rabatte (10 % $ #1_a {x} ~y ^z \\w)",
                "Größe ≥1000 → „groß“ | ✓",
            ],
            "Segmente (n)": pd.Series([12, 3, 0], dtype="int64"),
            "Fälle (n, N = 7)": pd.Series([5, 2, 0], dtype="int64"),
            "Anteil Fälle (%)": pd.Series([71.4, 28.6, 0.0], dtype="float64"),
        }
    )
    return Table(
        title="Häufigkeit der Kategorien", frame=frame, notes=facts().notes(), name="Häufigkeiten"
    )


def quote_table() -> Table:
    frame = pd.DataFrame(
        {
            "Code": ["K2.1", "K2.2"],
            "Zitat": [
                "„Wir rufen an […] und fragen nach.“",
                "„Erste Zeile\nzweite Zeile *betont*“",
            ],
            "Beleg": ["(B01, Pos. 9)", "(B03, Pos. 4–6)"],
        }
    )
    return Table(
        title="Zitate nach Kategorien",
        frame=frame,
        notes=("Auslassungen sind mit […] markiert.", "Stand: 14.03.2026."),
        name="Zitate",
        text_columns=("Zitat",),
    )


def long_table(rows: int) -> Table:
    frame = pd.DataFrame(
        {
            "Nr": pd.Series(range(1, rows + 1), dtype="int64"),
            "Text": [f"Zeile {i}" for i in range(1, rows + 1)],
        }
    )
    return Table(title="Lang", frame=frame, notes=("N = viele.",), name="Lang")
