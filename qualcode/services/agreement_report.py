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
from qualcode.services.agreement import AgreementReport
from qualcode.services.export_catalogue import REPORT_FORMATS

if TYPE_CHECKING:
    from qualcode.exporters.table import Table

__all__ = ["number_text", "percent_text", "report_tables", "write_report", "write_units_data"]


def report_tables(result: AgreementReport) -> list[Table]:
    """The report as tables: per category (with the 2 x 2 cells at the unit level), the
    parameters, and the disagreements."""
    return report_writer.report_tables(result)


def write_report(result: AgreementReport, path: Path, fmt: str) -> None:
    """The report for a thesis appendix or a reviewer, in one of the table formats."""
    from qualcode.exporters import write

    if fmt not in REPORT_FORMATS:
        raise InvalidInputError(
            f"the format must be one of {', '.join(REPORT_FORMATS)}, not {fmt!r}"
        )
    write(report_tables(result), path, fmt)


def write_units_data(result: AgreementReport, path: Path) -> list[Path]:
    """The units x coders table for R's irr (``path``) and ReCal (``*-recal.csv``).

    Only levels with fixed units have one; the segment level's passages differ per coder.
    """
    if not result.report.data:
        raise InvalidInputError(
            "the segment level has no fixed units, so there is no units x coders table; "
            "use --level unit (or presence, frequency) with --data"
        )
    a, b = (str(c) for c in result.coders)
    return report_writer.write_units_data(result.report.data, (a, b), path)
