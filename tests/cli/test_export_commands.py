"""``qualcode export ...`` in-process, cross-checked against ``qualcode codings --json``.

The lead registers the ``export`` group in ``cli/app.py``; until then (and independently of it)
these tests run it under a root group equal to ``qualcode`` plus ``export``.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result
from docx import Document
from openpyxl import load_workbook

from qualcode.cli.app import QualcodeGroup, cli
from qualcode.cli.export_commands import export
from tests.cli.conftest import Run
from tests.helpers import ROOT as REPO

ROOT = QualcodeGroup(
    name="qualcode",
    params=cli.params,
    callback=cli.callback,
    commands={**cli.commands, "export": export},
    context_settings=cli.context_settings,
)

PASSAGES = [
    ("B01", "K2.1", "9"),
    ("B01", "K2.2", "7"),
    ("B01", "K2.2", "9-10"),
    ("B01", "K1.1", "5"),
    ("B02", "K3.1", "5"),
    ("B03", "K2.1", "11"),
    ("B05", "K2.4", "4"),
    ("B07", "K12", "3"),
]


@pytest.fixture
def qc(sample: Run, tmp_path: Path) -> Run:
    """qualcode with the export group, on the sample project with some passages coded."""
    for document, category, turns in PASSAGES:
        assert sample("code", document, category, "--turn", turns).exit_code == 0
    assert sample("--coder", "bob", "code", "B04", "K1.2", "--turn", "6").exit_code == 0
    project = str(tmp_path / "project.db")

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(ROOT, ["--project", project, *args])

    return invoke


def codings_json(qc: Run) -> list[dict[str, Any]]:
    result = qc("codings", "--json")
    assert result.exit_code == 0
    data: list[dict[str, Any]] = json.loads(result.output)
    return data


def read_csv(text: str, sep: str = ";") -> tuple[list[str], list[list[str]]]:
    """Header and data rows of a one-table CSV: the table alone, its header first."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=sep))
    assert all(len(r) == len(rows[0]) for r in rows), "a CSV file is the table alone"
    return rows[0], rows[1:]


def csv_export(qc: Run, *args: str, sep: str = ";") -> tuple[list[str], list[list[str]], list[str]]:
    """Header, data rows and notes of a one-table CSV export written to a file.

    The notes are the lines of ``FILE.notes.txt`` after the title ("Anmerkung. " taken off the
    first); standard output (``-o -``) gets the same table.
    """
    folder = Path(tempfile.mkdtemp())
    target = folder / "table.csv"
    result = qc(*args, "-o", str(target), *(("--sep", sep) if sep != ";" else ()))
    assert result.exit_code == 0, result.output
    header, rows = read_csv(target.read_bytes().decode("utf-8"), sep)
    piped = qc(*args, "-o", "-", *(("--sep", sep) if sep != ";" else ()))
    assert read_csv(stdout(piped), sep) == (header, rows)
    lines = (folder / "table.notes.txt").read_text(encoding="utf-8").splitlines()
    notes = [line.removeprefix("Anmerkung. ") for line in lines[2:]]
    return header, rows, notes


def stdout(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("rollup", [False, True])
def test_frequencies_match_codings_json(qc: Run, rollup: bool) -> None:
    args = ["export", "frequencies", "--date", "2026-03-14", "--uncoded"]
    header, rows, notes = csv_export(qc, *args, "--rollup" if rollup else "--no-rollup")
    assert header == ["Code", "Kategorie", "Segmente (n)", "Fälle (n, N = 7)", "Anteil Fälle (%)"]
    segments: Counter[str] = Counter()
    cases: dict[str, set[str]] = {}
    for c in codings_json(qc):
        code = c["category"].split(".")[0] if rollup else c["category"]
        segments[code] += 1
        cases.setdefault(code, set()).add(c["document"])
    for code, _name, n_segments, n_cases, share in rows:
        assert int(n_segments) == segments.get(code, 0), code
        assert int(n_cases) == len(cases.get(code, ())), code
        expected = round(len(cases.get(code, ())) / 7 * 100, 1)
        assert float(share.replace(",", ".")) == expected
    assert len(rows) == (12 if rollup else 88)
    assert notes[-1] == "Stand: 14.03.2026."
    assert "N = 7 Dokumente (Fälle)." in notes
    # Without --uncoded the same rows but those never coded, which a note counts.
    _, found, notes = csv_export(qc, *args[:-1], "--rollup" if rollup else "--no-rollup")
    assert found == [row for row in rows if row[2] != "0"]
    left_out = f"Nicht aufgeführt: {len(rows) - len(found)} Kategorien ohne Kodierung"
    assert any(n.startswith(left_out) for n in notes)


def test_matrix_matches_codings_json_per_document(qc: Run) -> None:
    header, rows, _ = csv_export(qc, "export", "matrix", "--rollup", sep=",")
    assert header[:2] == ["Code", "Kategorie"] and header[-1] == "Summe"
    assert header[2:-1] == [f"B0{i}" for i in range(1, 8)]
    expected = Counter((c["category"].split(".")[0], c["document"]) for c in codings_json(qc))
    for row in rows:
        code = row[0]
        for document, value in zip(header[2:-1], row[2:-1], strict=True):
            assert int(value) == expected.get((code, document), 0)
        assert int(row[-1]) == sum(int(v) for v in row[2:-1])
    marks = csv_export(qc, "export", "matrix", "--rollup", "--unit", "cases")[1]
    assert marks[1][:2] == ["K2", "Akquiseinstrumente – direkt"]
    assert marks[1][2:] == ["✓", "–", "✓", "–", "✓", "–", "–", "3"]  # B01, B03, B05


def test_filters_on_the_command_line(qc: Run) -> None:
    header, rows, notes = csv_export(qc, "export", "frequencies", "--rollup", "--coder", "bob")
    assert [r[0] for r in rows] == ["K1"]
    # Mayring's spelling unless the project chose another (qualcode settings terms).
    assert "Gezählt: die Kodierungen von bob." in notes
    qc("settings", "terms", "set", "spelling", "Codier")
    _, _, notes = csv_export(qc, "export", "frequencies", "--rollup", "--coder", "bob")
    assert "Gezählt: die Codierungen von bob." in notes
    assert not any("Kodier" in n or "kodier" in n for n in notes)
    header, rows, notes = csv_export(
        qc, "export", "frequencies", "--attr", "Interviewform=Video", "--doc", "B02"
    )
    assert header[3] == "Fälle (n, N = 1)"
    header, rows, _ = csv_export(qc, "export", "frequencies", "--category", "K2", "--unit", "cases")
    assert header == ["Code", "Kategorie", "Fälle (n, N = 7)", "Anteil Fälle (%)"]
    assert [r[0] for r in rows] == ["K2.1", "K2.2", "K2.4"]  # those coded
    chosen = ["export", "frequencies", "--category", "K2", "--uncoded"]
    assert [r[0] for r in csv_export(qc, *chosen)[1]] == [
        "K2",
        "K2.1",
        "K2.2",
        "K2.3",
        "K2.4",
        "K2.5",
    ]


def test_files_go_to_exports_by_default_and_follow_the_suffix(
    qc: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = qc("export", "frequencies", "--format", "xlsx")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Created the folder exports.\nWrote exports/frequencies.xlsx")
    book = load_workbook(tmp_path / "exports" / "frequencies.xlsx")
    assert book.active["A3"].value == "K1.1" and isinstance(book.active["C3"].value, int)
    # A folder the user names is created only on request, saying so.
    missing = qc("export", "attributes", "--by", "Branche", "-o", "out/by.md")
    assert missing.exit_code == 3 and "the folder out does not exist" in missing.output
    assert "--mkdir" in missing.output and not (tmp_path / "out").exists()
    made = qc("export", "attributes", "--by", "Branche", "-o", "out/by.md", "--mkdir")
    assert made.exit_code == 0 and made.output.startswith("Created the folder out.\n")
    assert (tmp_path / "out" / "by.md").read_text(encoding="utf-8").startswith("## Kategorien")
    assert qc("export", "cooccurrence", "-o", "folder/", "--mkdir").exit_code == 0
    assert (tmp_path / "folder" / "cooccurrence.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert qc("export", "guideline", "--format", "docx", "-o", "g.docx").exit_code == 0
    document = Document(str(tmp_path / "g.docx"))
    assert [t.rows[0].cells[0].text for t in document.tables] == ["Code", "Code"]
    assert qc("export", "chart", "heatmap", "--format", "pdf").exit_code == 0
    assert (tmp_path / "exports" / "chart-heatmap.pdf").read_bytes().startswith(b"%PDF")
    assert qc("export", "chart", "-o", "bars.svg").exit_code == 0
    assert (tmp_path / "bars.svg").read_bytes().startswith(b"<?xml")


def test_text_formats_to_standard_output_and_binary_ones_refused(qc: Run) -> None:
    tex = stdout(qc("export", "guideline", "--format", "tex", "-o", "-"))
    assert tex.startswith("% Benötigt im Vorspann") and r"\begin{longtable}" in tex
    md = stdout(qc("export", "quotes", "--format", "md", "-o", "-", "--category", "K12"))
    assert "| K12 | Zukunftsperspektiven | „" in md
    svg = stdout(qc("export", "chart", "--format", "svg", "-o", "-"))
    assert svg.startswith("<?xml")
    refused = qc("export", "matrix", "--format", "xlsx", "-o", "-")
    assert refused.exit_code == 2 and "binary format" in refused.output


def test_quotes_point_at_the_turn_they_came_from(qc: Run) -> None:
    _, rows, notes = csv_export(qc, "export", "quotes")
    shown = json.loads(stdout(qc("show", "B03", "--json")))
    turn = next(t for t in shown["turns"] if t["position"] == 11)
    code, _name, quote, source = next(r for r in rows if r[3].startswith("(B03"))
    assert (code, source) == ("K2.1", "(B03, Pos. 11)")
    assert quote == "„" + turn["text"].replace("„", "‚").replace("“", "‘") + "“"
    assert [r[3] for r in rows if r[0] == "K2.2"] == ["(B01, Pos. 7)", "(B01, Pos. 9–10)"]
    assert notes[0].startswith("Zitate wörtlich aus dem Transkript")
    lines = read_csv(
        stdout(qc("export", "quotes", "--cite", "line", "--max-words", "10", "-o", "-"))
    )
    assert all("Z. " in r[3] for r in lines[1])
    own = read_csv(stdout(qc("export", "quotes", "--cite", "({doc}, Abs. {pos})", "-o", "-")))
    assert "(B03, Abs. 11)" in [r[3] for r in own[1]]


def test_errors_are_one_line_with_their_exit_code(qc: Run) -> None:
    for args, code, text in [
        (["export", "attributes", "--by", "Farbe"], 3, "no case has the attribute 'Farbe'"),
        (["export", "quotes", "--cite", "({doc}, S. {page})", "-o", "-"], 4, "{page}"),
        (["export", "matrix", "--coder", "carol"], 3, "there is no coder 'carol'"),
        (["export", "matrix", "--attr", "Branche"], 4, "--attr takes key=value"),
        (["export", "frequencies", "--category", "K99"], 3, "there is no category 'K99'"),
    ]:
        result = qc(*args)
        assert result.exit_code == code, result.output
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("qualcode: ") and text in lines[0]


def test_every_export_command_has_help() -> None:
    assert export.help and "thesis" in export.help
    for name, command in export.commands.items():
        assert command.help and len(command.help) > 20, name
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{name} {param.opts}"
    assert sorted(export.commands) == [
        "attributes",
        "chart",
        "cooccurrence",
        "frequencies",
        "guideline",
        "keyness",
        "matrix",
        "memos",
        "methods",
        "qdc",
        "qdpx",
        "quotes",
        "review",
        "search",
        "summary-table",
        "theme-matrix",
        "transcripts",
        "wordchart",
        "words",
    ]


def test_export_help_loads_no_heavy_package() -> None:
    from tests.test_import_hygiene import HEAVY

    code = (
        "import json, sys\nfrom qualcode.cli.app import QualcodeGroup, cli\n"
        "from qualcode.cli.export_commands import export\n"
        "root = QualcodeGroup(name='qualcode', params=cli.params, callback=cli.callback,"
        " commands={**cli.commands, 'export': export})\n"
        "for args in (['--help'], ['export', '--help'], ['export', 'quotes', '--help']):\n"
        "    try:\n        root.main(args=args, standalone_mode=False)\n"
        "    except SystemExit:\n        pass\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    ).stdout
    loaded = set(json.loads(out.strip().splitlines()[-1]))
    assert not {m for m in (*HEAVY, "qualcode.services.exports") if m in loaded}


HOSTILE_CODEBOOK = """\
format: qualcode-codebook/1
title: '=HYPERLINK("http://x","click")'
version: "-1"
categories:
  - code: K1
    name: "=1+1"
    origin: inductive
    definition: "@SUM(A1)"
    coding_rule: "+cmd|' /C calc'!A0"
    anchors:
      - text: "-2+3"
        document: "=1+1"
        position: 1
    subcategories:
      - code: K1.1
        name: "\\t=1+1"
        origin: deductive
        reference: "\\r=1+1"
        definition: "\\uff1d1+1"
        coding_rule: "-5"
        anchors:
          - text: "=HYPERLINK(1) Antwort."
            document: "@SUM(A1)"
            position: 2
  - code: K2
    name: "@Kontakt"
    origin: inductive
    definition: "+49 30 123"
    coding_rule: "=A1"
    anchors:
      - text: "@Anker"
        document: "-5"
        position: 2
"""


@pytest.mark.parametrize(("fmt", "sep"), [("csv", ";"), ("csv", ","), ("xlsx", ";")])
def test_no_export_turns_typed_text_into_a_formula(
    run: Run, tmp_path: Path, fmt: str, sep: str
) -> None:
    """Codebook, document names, attribute values, memos and quotes that begin like formulas
    come out of every CSV and XLSX export as text."""
    from tests.exporters.formula_checks import (
        assert_csv_has_no_formula,
        assert_xlsx_has_no_formula,
    )

    codebook = tmp_path / "codebook.yaml"
    codebook.write_text(HOSTILE_CODEBOOK, encoding="utf-8")
    assert run("init", "--codebook", str(codebook)).exit_code == 0
    names = ["=1+1", "@SUM(A1)", "+cmd|' ⁄C calc'!A0", "-5"]
    files = []
    for name in names:
        path = tmp_path / f"{name}.txt"
        path.write_text("I: =1+1 Frage?\n\nB: =HYPERLINK(1) Antwort.\n", encoding="utf-8")
        files.append(str(path))
    attributes = tmp_path / "cases.csv"
    rows = [f'"{n}";"-5";"=1+1"' for n in names]
    attributes.write_text("document;@Gruppe;Branche\n" + "\n".join(rows) + "\n", encoding="utf-8")
    imported = run("import", *files, "--attributes", str(attributes))
    assert imported.exit_code == 0, imported.output
    for name in names:
        coded = run("code", "--turn", "2", "--memo", "=1+1", "--", name, "K1.1")
        assert coded.exit_code == 0, coded.output
        assert run("--coder", "bob", "code", "--turn", "2", "--", name, "K2").exit_code == 0
    project = str(tmp_path / "project.db")
    exports = [
        ["frequencies"],
        ["matrix"],
        ["matrix", "--unit", "cases"],
        ["attributes", "--by", "Branche"],
        ["attributes", "--by", "@Gruppe"],
        ["cooccurrence"],
        ["quotes", "--cite", "{doc} Pos. {pos}"],
        ["guideline"],
    ]
    written = []
    for index, args in enumerate(exports):
        target = tmp_path / f"out-{index}.{fmt}"
        result = CliRunner().invoke(
            ROOT, ["--project", project, "export", *args, "-o", str(target), "--sep", sep]
        )
        assert result.exit_code == 0, (args, result.output)
        written.append(target)
    if sep == ";":  # the agreement report has no separator option
        target = tmp_path / f"agreement.{fmt}"
        args = ["agreement", "--coders", "alice", "bob", "--format", fmt, "-o", str(target)]
        assert run(*args).exit_code == 0
        written.append(target)
    notes = ""
    if fmt == "csv":  # further tables in files of their own, the notes beside them
        written += sorted(set(tmp_path.glob("*.*.csv")) - set(written))
        notes = "".join(p.read_text(encoding="utf-8") for p in tmp_path.glob("*.notes.txt"))
    cells: list[str] = []
    for target in written:
        data = target.read_bytes()
        if fmt == "xlsx":
            assert_xlsx_has_no_formula(data)
            for sheet in load_workbook(io.BytesIO(data)).worksheets:
                cells += [str(v) for row in sheet.iter_rows(values_only=True) for v in row]
        else:
            assert_csv_has_no_formula(data, sep)
            text = data.decode("utf-8-sig")
            cells += [
                c for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep) for c in row
            ]
    # The typed text did reach the exports: in CSV behind an apostrophe, in XLSX as it is.
    guard = "'" if fmt == "csv" else ""
    for text in (
        '=HYPERLINK("http://x","click").',  # the codebook title, in the guideline's notes
        "=1+1",  # a category name, a document name (matrix header), an attribute value
        "@SUM(A1)",  # a definition and a document name
        "+cmd|' /C calc'!A0",  # a coding rule
        "-5",  # a document name and an attribute value (a column of the attributes table)
        "=1+1 Pos. 2",  # a quote's citation, which begins with the document name
    ):
        in_notes = fmt == "csv" and text.endswith(".") and text in notes  # a text file
        assert guard + text in cells or in_notes, text


def test_every_catalogue_export_is_a_command_with_its_formats_and_options() -> None:
    from qualcode.services import export_catalogue as catalogue

    assert [k.name for k in catalogue.KINDS] == list(export.commands)
    for kind in catalogue.KINDS:
        command = export.commands[kind.name]
        assert command.help == kind.description
        assert export.help and kind.name in export.help  # the group's help lists every export
        params = {p.name: p for p in command.params}
        fmt = params["fmt"]
        assert isinstance(fmt.type, click.Choice) and tuple(fmt.type.choices) == kind.formats
        assert f"else {kind.default_format})" in (getattr(fmt, "help", "") or "")
        for option in kind.options:
            param = params[option.name]
            if option.required:
                assert param.required, (kind.name, option.name)
            elif option.default is not None:
                assert param.default == option.default, (kind.name, option.name)
        assert ("sep" in params) == ("csv" in kind.formats)


def test_a_chart_to_a_folder_is_named_for_its_kind(
    qc: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = qc("export", "chart", "heatmap", "--unit", "cases", "-o", "figures/", "--mkdir")
    assert result.exit_code == 0, result.output
    assert result.output == "Created the folder figures.\nWrote figures/chart-heatmap.png.\n"
    assert (tmp_path / "figures" / "chart-heatmap.png").read_bytes().startswith(b"\x89PNG")


def test_the_readme_names_the_formats_and_choices_of_the_catalogue() -> None:
    from qualcode.services import export_catalogue as catalogue

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("`qualcode export` writes") :]
    for kind in catalogue.KINDS:
        assert f"`qualcode export {kind.name}" in section
        if kind.chart:
            assert "--format " + "\\|".join(kind.formats) in section
        else:
            assert "--format " + "|".join(kind.formats) in section
        for option in kind.options:
            if option.choices:
                assert "\\|".join(option.choices) in section, (kind.name, option.name)
    assert "--format " + "|".join(catalogue.REPORT_FORMATS) in readme
