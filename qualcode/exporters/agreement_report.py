"""The intercoder agreement report as tables, and the units x coders data for ReCal and R.

The tables hold the results per category, the 2 x 2 cells of the unit level, every parameter,
and the disagreements with each coder's codes and the text; any table format of
:func:`qualcode.exporters.write` writes them. What is read is described by the protocols below
(the services' agreement report has these fields), so this module needs neither the analysis
nor the services.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from qualcode.domain.errors import QualcodeError
from qualcode.exporters.formulas import Figure, as_text, needs_quotes
from qualcode.exporters.output import (
    Destination,
    as_destination,
    check,
    write_bytes,
    wrote_before,
)

if TYPE_CHECKING:
    from qualcode.exporters.agreement_wording import Wording
    from qualcode.exporters.table import Table

UnitRow = tuple[str, str, str, int, int]  # document, unit, category, value A, value B


class CategoryRow(Protocol):
    """Agreement on one category (or ``overall``); the cells and coefficients at the unit
    level only."""

    @property
    def code(self) -> str: ...
    @property
    def agreements(self) -> int: ...
    @property
    def disagreements(self) -> int: ...
    @property
    def total(self) -> int: ...
    @property
    def percent(self) -> float | None: ...
    @property
    def positive_agreement(self) -> float | None: ...
    @property
    def kappa(self) -> float | None: ...
    @property
    def brennan_prediger(self) -> float | None: ...
    @property
    def alpha(self) -> float | None: ...
    @property
    def n11(self) -> int | None: ...
    @property
    def n10(self) -> int | None: ...
    @property
    def n01(self) -> int | None: ...
    @property
    def n00(self) -> int | None: ...


class LevelResult(Protocol):
    """One level's results: per category, overall, and (segment level) Brennan-Prediger."""

    @property
    def level(self) -> str: ...
    @property
    def parameters(self) -> Mapping[str, object]: ...
    @property
    def categories(self) -> Sequence[CategoryRow]: ...
    @property
    def overall(self) -> CategoryRow: ...
    @property
    def kappa_bp(self) -> float | None: ...
    @property
    def chance(self) -> float | None: ...


class Coder(Protocol):
    @property
    def label(self) -> str: ...


class Difference(Protocol):
    """Where the coders differ: the passage, the disputed code, each coder's codings of it."""

    @property
    def document(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def a(self) -> Sequence[object]: ...
    @property
    def b(self) -> Sequence[object]: ...
    @property
    def detail(self) -> str: ...


class DisagreementRow(Protocol):
    @property
    def number(self) -> int: ...
    @property
    def disagreement(self) -> Difference: ...
    @property
    def position(self) -> str: ...
    @property
    def passage(self) -> str: ...
    @property
    def others_a(self) -> Sequence[str]: ...
    @property
    def others_b(self) -> Sequence[str]: ...


class Report(Protocol):
    """Everything the report tables show."""

    @property
    def coders(self) -> tuple[Coder, Coder]: ...
    @property
    def report(self) -> LevelResult: ...
    @property
    def parameters(self) -> Mapping[str, object]: ...
    @property
    def names(self) -> Mapping[str, str]: ...
    @property
    def disagreements(self) -> Sequence[DisagreementRow]: ...
    @property
    def notes(self) -> Sequence[str]: ...


def report_tables(result: Report) -> list[Table]:
    """The report as tables: per category, the parameters, and the disagreements, in the
    project's language (see :mod:`qualcode.exporters.agreement_wording`)."""
    import pandas as pd

    from qualcode.exporters.agreement_wording import german_detail, german_notes, wording
    from qualcode.exporters.table import Table

    w = wording(getattr(result, "language", "en"))
    report = result.report
    a, b = (c.label for c in result.coders)
    unit = report.level == "unit"

    def pct(value: float | None) -> str:
        return Figure(w.percent(value))

    def num(value: float | None) -> str:
        return Figure(w.number(value))

    category, overall_word = w("Category", "Kategorie"), w("Overall", "Gesamt")
    rows, cells = [], []
    for r in (*report.categories, report.overall):
        row: dict[str, object] = {
            category: r.code if r.code != "overall" else overall_word,
            "Name": result.names.get(r.code, ""),
            w("Agree", "Übereinstimmung"): r.agreements,
            w("Disagree", "Nichtübereinstimmung"): r.disagreements,
            w("Total", "Gesamt"): r.total,
            w("Percent", "Prozent"): pct(r.percent),
        }
        if unit:
            row |= {
                w("Positive", "Positive Übereinstimmung"): pct(r.positive_agreement),
                w("Kappa", "Kappa (Cohen)"): num(r.kappa),
                w("BP kappa", "Kappa (Brennan-Prediger)"): num(r.brennan_prediger),
                w("Alpha", "Alpha (Krippendorff)"): num(r.alpha),
            }
            cells.append(
                {
                    category: row[category],
                    w("both coded (n11)", "beide codiert (n11)"): r.n11,
                    w("only A (n10)", "nur A (n10)"): r.n10,
                    w("only B (n01)", "nur B (n01)"): r.n01,
                    w("neither (n00)", "keiner (n00)"): r.n00,
                    w("Units", "Einheiten"): r.total,
                }
            )
        rows.append(row)
    if w.german:
        summary = german_notes(result)
    else:
        summary = list(result.notes)
        if unit:
            summary.append(
                "Columns: Positive = positive agreement; Kappa = Cohen's kappa; BP kappa = "
                "Brennan-Prediger kappa; Alpha = Krippendorff's alpha (nominal)."
            )
        if report.level == "segment":
            summary.append(
                f"Brennan-Prediger kappa over k codes: {w.number(report.kappa_bp)} "
                f"(chance agreement 1/k = {w.number(report.chance)})."
            )
    level = w.value("level", report.level)
    stage = _stage(result, w)
    title = w(
        f"Intercoder agreement ({level}): {a} and {b}, {stage}",
        f"Intercoder-Übereinstimmung ({level}): {a} und {b}, {stage}",
    )
    tables = [
        Table(
            title, pd.DataFrame(rows), notes=tuple(summary), name=w("Agreement", "Übereinstimmung")
        )
    ]
    if cells:
        tables.append(
            Table(
                w(
                    f"Units coded by {a} (A) and {b} (B), per category",
                    f"Von {a} (A) und {b} (B) codierte Einheiten je Kategorie",
                ),
                pd.DataFrame(cells),
                name=w("2x2 tables", "Vierfeldertafeln"),
            )
        )
    parameter, value = w("Parameter", "Parameter"), w("Value", "Wert")
    tables.append(
        Table(
            w("Parameters", "Parameter"),
            pd.DataFrame(
                [
                    {parameter: w.parameter(k), value: w.value(k, v)}
                    for k, v in result.parameters.items()
                ],
                columns=[parameter, value],
            ),
            name=w("Parameters", "Parameter"),
            text_columns=(value,),
        )
    )
    threshold = w.percent(float(str(report.parameters.get("threshold", 0.9))))
    what, text = w("What differs", "Was abweicht"), w("Text", "Textstelle")
    columns = [
        w("No.", "Nr."),
        w("Document", "Dokument"),
        w("Where", "Stelle"),
        category,
        f"A: {a}",
        f"B: {b}",
        what,
    ]
    disagreements = [
        dict(
            zip(
                [*columns, text],
                [
                    v.number,
                    v.disagreement.document,
                    v.position,
                    v.disagreement.code,
                    _codes_given(v.disagreement.code, v.disagreement.a, v.others_a),
                    _codes_given(v.disagreement.code, v.disagreement.b, v.others_b),
                    german_detail(v, (a, b), threshold) if w.german else v.disagreement.detail,
                    v.passage,
                ],
                strict=True,
            )
        )
        for v in result.disagreements
    ]
    count = len(disagreements)
    tables.append(
        Table(
            w(f"Disagreements ({count})", f"Nichtübereinstimmungen ({count})"),
            pd.DataFrame(disagreements, columns=[*columns, text]),
            name=w("Disagreements", "Nichtübereinstimmungen"),
            text_columns=(what, text),
        )
    )
    return tables


def _stage(result: Report, w: Wording) -> str:
    """Which codings the report compares, for its title."""
    basis = getattr(result, "basis", None)
    state = getattr(basis, "state", "current")
    if state == "before-consensus":
        return w("before consensus", "vor der Konsensbildung")
    if state == "as-of":
        moment = w.value("as_of", result.parameters.get("as_of", ""))
        after = getattr(basis, "consensus", False)
        return w(f"as of {moment}", f"Stand {moment}") + (
            w(" (after consensus)", " (nach der Konsensbildung)") if after else ""
        )
    if getattr(basis, "consensus", False):
        return w("after consensus", "nach der Konsensbildung")
    return w("no disagreement settled yet", "noch keine Nichtübereinstimmung geklärt")


def write_units_data(
    data: Sequence[UnitRow], coders: tuple[str, str], target: Path | Destination
) -> list[Path]:
    """The units x coders table: ``path`` for R's irr, ``*-recal.csv`` for ReCal.

    ``path`` has a header and one row per unit and category (document, unit, category, then
    one column per coder), so ``irr::kappa2(subset(d, category == "K2.1")[, 4:5])`` reads it.
    ReCal wants numbers only, no header, one row per unit and a pair of columns per variable:
    the second file has one column pair per category, in the order of the first file. Names
    that a spreadsheet would read as a formula are guarded as in every CSV export. Both files
    are checked before either is written.
    """
    main_target = as_destination(target)
    path = main_target.path
    recal_target = replace(main_target, path=path.with_name(path.stem + "-recal.csv"))
    check(main_target)
    check(recal_target)
    a, b = coders
    main = io.StringIO()
    _guarded_rows(main, [["document", "unit", "category", a, b], *map(list, data)])
    codes = list(dict.fromkeys(row[2] for row in data))
    units: dict[tuple[str, str], dict[str, tuple[int, int]]] = {}
    for document, unit, code, value_a, value_b in data:
        units.setdefault((document, unit), {})[code] = (value_a, value_b)
    recal = io.StringIO()
    recal_writer = csv.writer(recal, lineterminator="\n")
    for values in units.values():
        recal_writer.writerow([v for code in codes for v in values.get(code, (0, 0))])
    write_bytes(main.getvalue().encode("utf-8"), main_target)
    try:
        write_bytes(recal.getvalue().encode("utf-8"), recal_target)
    except QualcodeError as exc:
        raise wrote_before([path], exc) from exc.__cause__
    return [path, recal_target.path]


def _guarded_rows(buffer: io.StringIO, rows: Iterable[Sequence[object]]) -> None:
    """CSV rows whose text cannot run as a formula: an apostrophe in front, the row quoted."""
    plain = csv.writer(buffer, lineterminator="\n")
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        texts = [v for v in row if isinstance(v, str)]
        cells = [as_text(v) if isinstance(v, str) else v for v in row]
        (quoted if any(map(needs_quotes, texts)) else plain).writerow(cells)


def percent_text(value: float | None, missing: str = "") -> str:
    """A share as a percentage with one decimal; ``missing`` where it is undefined.

    A :class:`~qualcode.exporters.formulas.Figure`: qualcode's own number, never guarded.
    """
    return Figure(missing if value is None else f"{value * 100:.1f} %")


def number_text(value: float | None, missing: str = "") -> str:
    """A coefficient with three decimals (a negative kappa stays a number in a spreadsheet);
    ``missing`` where it is undefined."""
    return Figure(missing if value is None else f"{value:.3f}")


def _plain(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return str(value)


def _codes_given(code: str, found: Sequence[object], others: Sequence[str]) -> str:
    """The codes one coder gave the passage: the disputed one first, if they gave it."""
    given = ([f"{code} ({len(found)}x)" if len(found) > 1 else code] if found else []) + list(
        others
    )
    return ", ".join(given) or Figure("-")  # "none", not text typed by someone
