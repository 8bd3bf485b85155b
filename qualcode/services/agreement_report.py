"""The agreement report as a use case: the tables a thesis or a reviewer gets, and the data for
ReCal and R.

What goes in is the report :meth:`AgreementService.compare
<qualcode.services.agreement.AgreementService.compare>` returns; the tables and files themselves
are :mod:`qualcode.exporters.agreement_report`'s. The front ends word coefficients the same way
as the files through :func:`percent_text` and :func:`number_text`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.domain.errors import InvalidInputError
from qualcode.exporters import agreement_report as report_writer
from qualcode.exporters.agreement_report import number_text, percent_text
from qualcode.exporters.output import Destination, wrote_before
from qualcode.services.agreement import AgreementReport
from qualcode.services.export_catalogue import REPORT_FORMATS, format_for

if TYPE_CHECKING:
    from qualcode.exporters.table import Table

__all__ = [
    "wrote_before",
    "check_output",
    "check_units_data_name",
    "number_text",
    "percent_text",
    "report_format",
    "report_tables",
    "write_report",
    "write_units_data",
]


def report_tables(result: AgreementReport) -> list[Table]:
    """The report as tables: per category (with the 2 x 2 cells at the unit level), the
    parameters, and the disagreements; German reports in the project's words."""
    from qualcode.services.plan import worded

    tables = report_writer.report_tables(result)
    if not result.language.lower().startswith("de"):
        return tables
    parameters = next((t for t in tables if t.name == "Parameter"), None)
    labels = {"Parameter": parameters.columns[0]} if parameters is not None else {}
    return worded(tables, result.terms, labels=labels)


def report_format(path: Path, fmt: str | None) -> str:
    """The report's format for ``path``: ``fmt`` or the one its ending names, which must agree.

    Refused in one line when the ending names no report format (``report.pdf``).
    """
    if fmt is not None and fmt not in REPORT_FORMATS:
        raise InvalidInputError(
            f"the format must be one of {', '.join(REPORT_FORMATS)}, not {fmt!r}"
        )
    return format_for(path, fmt, REPORT_FORMATS, fmt or "md", what="agreement report")


def check_units_data_name(path: Path) -> None:
    """The units x coders table is CSV: its file ends in .csv (or has no ending)."""
    format_for(path, None, ("csv",), "csv", what="units x coders table")


def check_output(target: Path | Destination) -> Path | None:
    """Refuse a file that must not be written before the report is computed; returns the
    folder that writing will create (``mkdir``), so a front end can say so afterwards."""
    from qualcode.exporters.output import check

    return check(target)


def write_report(result: AgreementReport, target: Path | Destination, fmt: str) -> list[Path]:
    """The report for a thesis appendix or a reviewer, in one of the table formats, written
    safely (see :mod:`qualcode.exporters.output`). Returns the files written: the one named,
    and as CSV its further tables and its notes beside it."""
    from qualcode.exporters import write

    path = target.path if isinstance(target, Destination) else target
    return [path, *write(report_tables(result), target, report_format(path, fmt))]


def write_units_data(result: AgreementReport, target: Path | Destination) -> list[Path]:
    """The units x coders table for R's irr (``path``) and ReCal (``*-recal.csv``).

    Only levels with fixed units have one; the segment level's passages differ per coder.
    """
    if not result.report.data:
        raise InvalidInputError(
            "the segment level has no fixed units, so there is no units x coders table; "
            "use --level unit (or presence, frequency) with --data"
        )
    path = target.path if isinstance(target, Destination) else target
    check_units_data_name(path)
    a, b = (str(c) for c in result.coders)
    return report_writer.write_units_data(result.report.data, (a, b), target)
