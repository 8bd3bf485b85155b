"""The agreement report's tables and the ReCal/irr data, from a hand-made report (no project)."""

from __future__ import annotations

import csv
from pathlib import Path

from qualcode.analysis.levels.common import CategoryResult, Disagreement, LevelReport, Segment
from qualcode.exporters import write
from qualcode.exporters.agreement_report import (
    number_text,
    percent_text,
    report_tables,
    write_units_data,
)
from qualcode.exporters.output import Destination
from qualcode.services.agreement import AgreementReport, CoderRef, DisagreementView
from tests.exporters.formula_checks import assert_csv_has_no_formula, csv_cells

DATA = [
    ("B01", "Pos. 3", "K1", 1, 1),
    ("B01", "Pos. 3", "K2", 0, 1),
    ("B01", "Pos. 5", "K1", 0, 0),
    ("B01", "Pos. 5", "K2", 1, 1),
]


def unit_report(language: str = "en") -> AgreementReport:
    k1 = CategoryResult("K1", 2, 0, 2, 1.0, 1, 0, 0, 1, 1.0, 1.0, 1.0, 1.0)
    k2 = CategoryResult("K2", 1, 1, 2, 0.5, 1, 0, 1, 0, 2 / 3, 0.0, 0.0, None)
    overall = CategoryResult("overall", 3, 1, 4, 0.75)
    wrong = Disagreement("B01", "K2", 10, 20, (), (Segment("B01", "K2", 10, 20),), "only B")
    return AgreementReport(
        coders=(CoderRef("anna", "main"), CoderRef("ben")),
        report=LevelReport("unit", {}, (k1, k2), overall, (wrong,), DATA),
        parameters={"level": "unit", "categories": ["K1", "K2"]},
        names={"K1": "Erstkontakt", "K2": "Folgekontakt"},
        disagreements=(
            DisagreementView(1, wrong, "Folgekontakt", "Wir rufen an.", "Pos. 3", ("K1",), ()),
        ),
        notes=("Units: turns.",),
        language=language,
    )


def test_the_report_tables() -> None:
    tables = report_tables(unit_report())
    assert [t.name for t in tables] == ["Agreement", "2x2 tables", "Parameters", "Disagreements"]
    main = tables[0]
    assert main.title == (
        "Intercoder agreement (fixed coding units): anna (main pass) and ben, "
        "no disagreement settled yet"
    )
    assert main.frame["Category"].tolist() == ["K1", "K2", "Overall"]
    assert main.frame["Percent"].tolist() == ["100.0 %", "50.0 %", "75.0 %"]
    assert main.frame["Alpha"].tolist() == ["1.000", "", ""]
    assert main.notes[0] == "Units: turns." and "Cohen's kappa" in main.notes[1]
    assert list(tables[1].frame.iloc[1])[1:] == [1, 0, 1, 0, 2]
    assert tables[2].frame["Parameter"].tolist() == ["Level", "Categories"]
    assert tables[2].frame["Value"].tolist() == ["fixed coding units", "K1, K2"]
    assert tables[3].title == "Disagreements (1)"
    row = tables[3].frame.iloc[0]
    assert (row["A: anna (main pass)"], row["B: ben"]) == ("K1", "K2")
    assert row["Text"] == "Wir rufen an."


def test_the_report_in_a_table_format(tmp_path: Path) -> None:
    write(report_tables(unit_report()), tmp_path / "report.md", "md")
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert text.startswith("## Intercoder agreement (fixed coding units)")
    assert "| K2 | Folgekontakt | 1 | 1 | 2 | 50.0 % |" in text


def test_a_german_project_gets_the_report_in_german(tmp_path: Path) -> None:
    tables = report_tables(unit_report("de"))
    assert [t.name for t in tables] == [
        "Übereinstimmung",
        "Vierfeldertafeln",
        "Parameter",
        "Nichtübereinstimmungen",
    ]
    main = tables[0]
    assert main.title == (
        "Intercoder-Übereinstimmung (feste Codiereinheiten): anna (main pass) und ben, "
        "noch keine Nichtübereinstimmung geklärt"
    )
    assert main.frame["Kategorie"].tolist() == ["K1", "K2", "Gesamt"]
    assert main.frame["Prozent"].tolist() == ["100,0 %", "50,0 %", "75,0 %"]
    assert main.frame["Kappa (Cohen)"].tolist() == ["1,000", "0,000", ""]
    assert main.notes[0] == "Kodierer A: anna (main pass); Kodierer B: ben."
    assert tables[2].frame["Parameter"].tolist() == ["Ebene", "Kategorien"]
    assert tables[2].frame["Wert"].tolist() == ["feste Codiereinheiten", "K1, K2"]
    disagreements = tables[3]
    assert disagreements.title == f"Nichtübereinstimmungen ({len(disagreements)})"
    row = disagreements.frame.iloc[0]
    assert row["Was abweicht"] == "anna (main pass) hat K2 hier nicht codiert"
    assert row["Textstelle"] == "Wir rufen an."
    write(tables, tmp_path / "report.md", "md")
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    for english in ("Agreement", "Disagree", "Parameters", "coder_a", "Category", "Units:"):
        assert english not in text, english


def test_units_data_for_irr_and_recal(tmp_path: Path) -> None:
    target = Destination(tmp_path / "data" / "units.csv", mkdir=True)
    main, recal = write_units_data(DATA, ("anna@main", "ben"), target)
    rows = list(csv.reader(main.open(encoding="utf-8")))
    assert rows[0] == ["document", "unit", "category", "anna@main", "ben"]
    assert rows[1:] == [[str(v) for v in r] for r in DATA]
    assert recal.name == "units-recal.csv"
    assert list(csv.reader(recal.open(encoding="utf-8"))) == [
        ["1", "1", "0", "1"],
        ["0", "0", "1", "1"],
    ]


def test_numbers_for_people() -> None:
    assert percent_text(0.8125) == "81.2 %" and percent_text(None, missing="-") == "-"
    assert number_text(2 / 3) == "0.667" and number_text(None) == ""


def test_units_data_keeps_typed_names_from_running_as_formulas(tmp_path: Path) -> None:
    data = [("=1+1", "@SUM(A1)", "-K1", 1, 0), ("B02", "Pos. 1", "K1", 0, 0)]
    main, recal = write_units_data(data, ("+anna", "ben"), tmp_path / "units.csv")
    raw = main.read_bytes()
    assert_csv_has_no_formula(raw, ",")
    rows = csv_cells(raw, ",")
    assert rows[0] == ["document", "unit", "category", "'+anna", "ben"]
    assert rows[1] == ["'=1+1", "'@SUM(A1)", "'-K1", "1", "0"]
    assert rows[2] == ["B02", "Pos. 1", "K1", "0", "0"]
    lines = raw.decode("utf-8").splitlines()
    assert lines[1] == '"\'=1+1","\'@SUM(A1)","\'-K1","1","0"'  # the whole row quoted
    assert lines[2] == "B02,Pos. 1,K1,0,0"
    assert recal.read_text(encoding="utf-8") == "1,0,0,0\n0,0,0,0\n"  # numbers only


def test_computed_coefficients_stay_numbers_in_the_report_csv(tmp_path: Path) -> None:
    """A negative kappa is qualcode's own number: no apostrophe, so a spreadsheet reads -1."""
    report = unit_report()
    worst = CategoryResult("K3", 0, 2, 2, 0.0, 0, 1, 1, 0, 0.0, -1.0, -1.0, -0.5)
    level = report.report
    report = AgreementReport(
        coders=report.coders,
        report=LevelReport("unit", {}, (*level.categories, worst), level.overall, (), DATA),
        parameters=report.parameters,
        names=report.names,
        disagreements=(
            DisagreementView(
                1, level.disagreements[0], "Folgekontakt", "Wir rufen an.", "Pos. 3", (), ()
            ),
        ),
        notes=report.notes,
    )
    write(report_tables(report), tmp_path / "report.csv", "csv", sep=";")
    raw = (tmp_path / "report.csv").read_bytes()
    assert_csv_has_no_formula(raw, ";", numbers={"-1,000", "-0,500", "-"})
    rows = csv_cells(raw, ";")
    assert rows[0][0] == "Kategorie"  # the table alone, its header first
    k3 = next(r for r in rows if r[:1] == ["K3"])
    assert k3[-3:] == ["-1,000", "-1,000", "-0,500"]
    # Each further table in a file of its own, beside the first.
    listed = (tmp_path / "report.nichtuebereinstimmungen.csv").read_bytes()
    assert_csv_has_no_formula(listed, ";", numbers={"-"})
    disagreement = next(r for r in csv_cells(listed, ";") if r[:1] == ["1"])
    assert disagreement[4] == "-"  # coder A gave no code: a dash, not the text "'-"
    assert "'-" not in listed.decode("utf-8-sig")
    notes = (tmp_path / "report.notes.txt").read_text(encoding="utf-8")
    assert notes.startswith("Intercoder-Übereinstimmung (feste Codiereinheiten)")
    assert "Datei: report.nichtuebereinstimmungen.csv" in notes
