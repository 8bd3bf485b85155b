"""``qualcode agreement``: how far two coders agree, and where they do not."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.context import Settings, pass_settings
from qualcode.cli.output import emit_json, table, wrapped
from qualcode.domain.errors import QualcodeError
from qualcode.services.export_catalogue import REPORT_FORMATS

_SHOWN = 50  # disagreements printed; a whole project can have thousands


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """Values given repeatedly or separated by commas: --documents B01,B02 --documents B03."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _threshold(value: str) -> float:
    text = value.strip().rstrip("%").strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a number; give e.g. 0.9 or 90%") from None
    return number / 100 if number > 1 or value.strip().endswith("%") else number


@click.command()
@click.option(
    "--coders",
    nargs=2,
    required=True,
    metavar="A B",
    help="The two coders to compare. For an intracoder check give one coder in two passes: "
    "anna@main anna@recheck.",
)
@click.option(
    "--documents",
    multiple=True,
    metavar="DOC[,DOC...]",
    help="Only these documents (default: every document both coders coded).",
)
@click.option(
    "--categories",
    multiple=True,
    metavar="CODE[,CODE...]",
    help="Only these categories, each with its subcategories (default: all either coder used).",
)
@click.option(
    "--level",
    type=click.Choice(["segment", "presence", "frequency", "unit"]),
    default="segment",
    show_default=True,
    help="segment: the coders' passages overlap enough; presence: both used the category in a "
    "document; frequency: both used it equally often there; unit: fixed units (--unit) "
    "coded alike.",
)
@click.option(
    "--unit",
    type=click.Choice(["turn", "sentence"]),
    default="turn",
    show_default=True,
    help="The fixed coding unit of --level unit.",
)
@click.option(
    "--threshold",
    default="0.9",
    show_default=True,
    metavar="T",
    help="Segment level: the overlap two passages need to agree (0.9 or 90%).",
)
@click.option(
    "--overlap-of",
    "denominator",
    type=click.Choice(["union", "shorter", "own"]),
    default="union",
    show_default=True,
    help="Segment level: overlap measured against both passages together (strict), the "
    "shorter one (lenient), or each passage's own length.",
)
@click.option(
    "--count",
    "counting",
    type=click.Choice(["segments", "pairs"]),
    default="segments",
    show_default=True,
    help="Segment level: count every passage of either coder (as MAXQDA does) or matched pairs.",
)
@click.option(
    "--base",
    type=click.Choice(["all", "used"]),
    default="all",
    show_default=True,
    help="Presence and frequency: count every document, or only where either coder used the "
    "category.",
)
@click.option(
    "--interviewer-turns",
    is_flag=True,
    help="Unit level: count the interviewer's turns as units too (left out by default).",
)
@click.option(
    "--before-consensus",
    is_flag=True,
    help="Compare the codings as they were before the first settled disagreement (rebuilt "
    "from the audit trail): the figure a thesis reports.",
)
@click.option(
    "--as-of",
    metavar="TIME",
    help="Compare the codings as they were at TIME (2026-11-01, 2026-11-01T14:30, 2d).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    help="Write the report (results, parameters, disagreements) in this format to -o "
    "(default: from the -o file name).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report to this file, e.g. agreement.xlsx.",
)
@click.option(
    "--data",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE.csv",
    help="Also write the units x coders table for R's irr (FILE.csv) and ReCal (FILE-recal.csv).",
)
@click.option("--force", is_flag=True, help="Replace files of -o and --data that exist.")
@click.option("--mkdir", is_flag=True, help="Create the folder of -o or --data if it is missing.")
@pass_settings
def agreement(
    settings: Settings,
    coders: tuple[str, str],
    documents: tuple[str, ...],
    categories: tuple[str, ...],
    level: str,
    unit: str,
    threshold: str,
    denominator: str,
    counting: str,
    base: str,
    interviewer_turns: bool,
    before_consensus: bool,
    as_of: str | None,
    as_json: bool,
    fmt: str | None,
    output: Path | None,
    data: Path | None,
    force: bool,
    mkdir: bool,
) -> None:
    """Intercoder agreement of two coders, per category and overall, with the disagreements.

    Every choice (level, threshold, how overlap and agreements are counted) is printed with the
    result, so it can be reported in a methods chapter. Walk through the disagreements and
    settle them in the workbench (key d). Settling changes the codings: the report says whether
    it counts today's codings or, with --before-consensus or --as-of, earlier ones.
    """
    from qualcode.domain.audit import parse_since
    from qualcode.services import agreement_report as files
    from qualcode.services.agreement import AgreementRequest

    if fmt is not None and output is None:
        raise click.UsageError("give the file to write with -o, e.g. -o agreement.md")
    if output is not None and fmt is None and not output.suffix:
        raise click.UsageError("give --format, or a file name ending in .md, .xlsx, .docx, ...")
    moment = parse_since(as_of) if as_of is not None else None
    project = settings.open()
    report = project.exports.destination(output, force=force, mkdir=mkdir) if output else None
    units = project.exports.destination(data, force=force, mkdir=mkdir) if data else None
    # Refused at once, before anything is computed.
    missing = [files.check_output(d) for d in (report, units) if d is not None]
    if report is not None:
        fmt = files.report_format(report.path, fmt)
    if units is not None:
        files.check_units_data_name(units.path)
    service = project.agreement
    result = service.compare(
        AgreementRequest(
            coders=coders,
            documents=_split(documents),
            categories=_split(categories),
            level=level,
            unit=unit,
            threshold=_threshold(threshold),
            denominator=denominator,
            counting=counting,
            base=base,
            interviewer_turns=interviewer_turns,
            before_consensus=before_consensus,
            as_of=moment,
        )
    )
    written: list[Path] = []
    if report is not None and fmt is not None:
        written.extend(files.write_report(result, report, fmt))
    if units is not None:
        try:
            written.extend(files.write_units_data(result, units))
        except QualcodeError as exc:
            raise files.wrote_before(written, exc) from exc.__cause__
    if as_json:
        emit_json(_as_json(result))
        return
    if written:
        _summary(result)  # the report is in the file; the terminal gets its result
    else:
        _print(result)
    for folder in dict.fromkeys(f for f in missing if f is not None):
        click.echo(f"Created the folder {folder}.")
    for path in written:
        click.echo(f"Wrote {path}")


def _as_json(result: object) -> dict[str, object]:
    from dataclasses import asdict

    from qualcode.services.agreement import AgreementReport

    assert isinstance(result, AgreementReport)
    report = result.report
    return {
        "codings": result.basis.state,
        "consensus": result.basis.consensus,
        "settled": result.basis.settled,
        "parameters": result.parameters,
        "categories": [
            {**asdict(r), "name": result.names.get(r.code, "")} for r in report.categories
        ],
        "overall": asdict(report.overall),
        "kappa_bp": report.kappa_bp,
        "chance": report.chance,
        "notes": list(result.notes),
        "disagreements": [
            {
                "number": v.number,
                "document": v.disagreement.document,
                "category": v.disagreement.code,
                "start": v.disagreement.start,
                "end": v.disagreement.end,
                "position": v.position,
                "detail": v.disagreement.detail,
                "text": v.passage,
                "a": [asdict(s) for s in v.disagreement.a],
                "b": [asdict(s) for s in v.disagreement.b],
                "other_codes_a": list(v.others_a),
                "other_codes_b": list(v.others_b),
            }
            for v in result.disagreements
        ],
    }


def _basis(result: object) -> str:
    from qualcode.services.agreement import AgreementReport

    assert isinstance(result, AgreementReport)
    basis = result.basis
    if basis.state == "before-consensus":
        return "before consensus"
    if basis.state == "as-of":
        at = result.parameters.get("as_of", "")
        return f"as of {at}" + (" (after consensus)" if basis.consensus else "")
    return "after consensus" if basis.consensus else "no disagreement settled yet"


def _summary(result: object) -> None:
    """One line of result when the report went to a file."""
    from qualcode.services.agreement import AgreementReport

    assert isinstance(result, AgreementReport)
    report = result.report
    overall = report.overall
    line = (
        f"Intercoder agreement, {report.level} level, {_basis(result)}: "
        f"{_pct(overall.percent)} ({overall.agreements} of {overall.total})"
    )
    if report.kappa_bp is not None:
        line += f", Brennan-Prediger kappa {_num(report.kappa_bp)}"
    elif overall.kappa is not None:
        line += f", kappa {_num(overall.kappa)}"
    click.echo(line + f"; {len(result.disagreements)} disagreements.")


def _pct(value: float | None) -> str:
    from qualcode.services.agreement_report import percent_text

    return percent_text(value, missing="-")


def _num(value: float | None) -> str:
    from qualcode.services.agreement_report import number_text

    return number_text(value, missing="-")


def _print(result: object) -> None:
    from qualcode.services.agreement import AgreementReport

    assert isinstance(result, AgreementReport)
    report = result.report
    a, b = (c.label for c in result.coders)
    click.echo(f"Intercoder agreement, {report.level} level: {a} (A) and {b} (B), {_basis(result)}")
    click.echo()
    unit = report.level == "unit"
    headers = ["category", "name", "agree", "disagree", "total", "percent"]
    if unit:
        headers += ["positive", "kappa", "BP kappa", "alpha"]
    rows = []
    for r in (*report.categories, report.overall):
        name = result.names.get(r.code, "")
        row: list[object] = [
            r.code,
            name if len(name) <= 28 else name[:27] + "…",
            r.agreements,
            r.disagreements,
            r.total,
            _pct(r.percent),
        ]
        if unit:
            row += [
                _pct(r.positive_agreement),
                _num(r.kappa),
                _num(r.brennan_prediger),
                _num(r.alpha),
            ]
        rows.append(row)
    table(headers, rows, right=set(range(2, len(headers))))
    if report.level == "segment":
        click.echo()
        k = report.parameters.get("k")
        click.echo(
            f"Brennan-Prediger kappa = {_num(report.kappa_bp)} over k = {k} codes "
            f"(chance agreement 1/k = {_num(report.chance)})"
        )
    click.echo()
    click.echo("How this was counted:")
    for note in result.notes:
        wrapped("  - ", note, indent=4)
    if not result.disagreements:
        click.echo()
        click.echo("No disagreements.")
        return
    click.echo()
    count = len(result.disagreements)
    if count > _SHOWN:
        click.echo(
            f"Disagreements ({count:,}; the first {_SHOWN} are shown, --json or --format lists "
            "all):"
        )
    else:
        click.echo(f"Disagreements ({count}):")
    for v in result.disagreements[:_SHOWN]:
        d = v.disagreement
        where = f" {v.position}" if v.position else ""
        wrapped(
            f"{v.number:>4}. ",
            f"{d.document}{where} · {d.code} {v.category_name}: {d.detail}",
            indent=6,
        )
        if v.others_a or v.others_b:
            wrapped(
                "      ",
                f"also coded here by A: {', '.join(v.others_a) or '-'}; "
                f"by B: {', '.join(v.others_b) or '-'}",
            )
        if v.passage:
            text = " ".join(v.passage.split())
            wrapped("      „", (text if len(text) <= 240 else text[:239] + "…") + "“", indent=7)
    click.echo()
    click.echo("Settle them one by one in the workbench (key d), or see all details with --json.")
