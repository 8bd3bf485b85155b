"""Figures for a thesis: a frequency bar chart and a category x case heat map (PNG, SVG, PDF).

Drawn with matplotlib's object API on the Agg canvas, never through pyplot, so no window, no
global figure state and no display is needed (a server, a test, a thread of the TUI). The method
notes are printed under the figure as under a table; output is reproducible (no dates in SVG or
PDF metadata, fixed SVG ids), so a rebuilt thesis does not change for nothing.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.domain.errors import InvalidInputError
from qualcode.exporters import CHART_FORMATS, Target
from qualcode.exporters.output import Destination, replacing

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

DEFAULT_COLOUR = "#4C72B0"
LABEL_CHARS = 45
DPI = 300  # print-ready: a figure at its printed size is sharp on paper
LARGE_DPI = 150  # a figure over 12 inches (a heat map of hundreds of cases) stays a few MB
MAX_INCHES = 20.0


def _label(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _save(figure: Figure, target: Target, fmt: str) -> None:
    import matplotlib

    if fmt not in CHART_FORMATS:
        raise InvalidInputError(f"charts are written as png, svg or pdf, not {fmt!r}")
    metadata: dict[str, Any] = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
    }[fmt]
    width, height = figure.get_size_inches()
    dpi = DPI if max(width, height) <= 12 else LARGE_DPI  # a 500-case map stays a few MB
    with matplotlib.rc_context({"svg.hashsalt": "qualcode", "svg.fonttype": "path"}):
        if isinstance(target, Path | Destination):
            with replacing(target) as temp:
                figure.savefig(temp, format=fmt, dpi=dpi, metadata=metadata)
        else:
            figure.savefig(target, format=fmt, dpi=dpi, metadata=metadata)


def _new_figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _notes(figure: Figure, notes: Sequence[str], width: float) -> None:
    if notes:
        text = textwrap.fill("Anmerkung. " + " ".join(notes), width=int(width * 16))
        figure.supxlabel(text, fontsize=7, ha="left", x=0.0, style="italic")


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    target: Target,
    *,
    fmt: str = "png",
    title: str = "",
    value_label: str = "",
    colours: Sequence[str | None] | None = None,
    notes: Sequence[str] = (),
) -> None:
    """Horizontal bars, one per category, top to bottom in codebook order, values at the bars.

    Categories keep their codebook colours, so the figure matches the coding in the tool.
    """
    from matplotlib.ticker import MaxNLocator

    # Sized to what it shows: a row per bar, and room for the title, the axis and the notes.
    lines = len(textwrap.wrap("Anmerkung. " + " ".join(notes), width=int(6.3 * 16))) if notes else 0
    height = min(max(2.0, 0.28 * len(labels) + 1.1 + 0.13 * lines), MAX_INCHES * 2)
    width = 6.3  # the text width of an A4 page with 2.5 cm margins
    figure = _new_figure(width, height)
    axes = figure.subplots()
    positions = list(range(len(labels)))
    colour_list = [c or DEFAULT_COLOUR for c in (colours or [None] * len(labels))]
    bars = axes.barh(positions, list(values), color=colour_list)
    axes.set_yticks(positions, [_label(label) for label in labels], fontsize=8)
    axes.invert_yaxis()
    axes.bar_label(bars, fmt="%g", fontsize=7, padding=2)
    axes.set_xlabel(value_label)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(x=0.1)
    if title:
        axes.set_title(title, fontsize=10, loc="left")
    _notes(figure, notes, width)
    _save(figure, target, fmt)


def heat_map(
    matrix: pd.DataFrame,
    target: Target,
    *,
    fmt: str = "png",
    title: str = "",
    value_label: str = "",
    row_labels: Sequence[str] | None = None,
    notes: Sequence[str] = (),
) -> None:
    """Categories (rows) x cases (columns), darker for more; counts in the cells when few.

    With hundreds of cases the column labels are thinned so they stay legible.
    """
    from matplotlib.ticker import MaxNLocator

    rows, columns = matrix.shape
    width = min(max(5.0, 2.8 + 0.32 * columns), MAX_INCHES)
    height = min(max(2.5, 1.6 + 0.28 * rows), MAX_INCHES)
    figure = _new_figure(width, height)
    axes = figure.subplots()
    values = matrix.to_numpy()
    image = axes.imshow(values, aspect="auto", cmap="Blues", interpolation="nearest")
    labels = list(row_labels) if row_labels is not None else [str(i) for i in matrix.index]
    axes.set_yticks(range(rows), [_label(label) for label in labels], fontsize=7)
    step = max(1, columns // 40)
    names = [str(c) for c in matrix.columns][::step]
    upright = columns <= 12 and max((len(n) for n in names), default=0) <= 4
    axes.set_xticks(range(0, columns, step), names, fontsize=7, rotation=0 if upright else 90)
    if rows * columns <= 600 and values.size:
        top = values.max() or 1
        for i in range(rows):
            for j in range(columns):
                colour = "white" if values[i, j] > top * 0.6 else "black"
                axes.text(
                    j, i, f"{values[i, j]:g}", ha="center", va="center", fontsize=6, color=colour
                )
    colourbar = figure.colorbar(image, ax=axes, shrink=0.6)
    colourbar.locator = MaxNLocator(integer=True)
    colourbar.update_ticks()
    colourbar.set_label(value_label, fontsize=8)
    if title:
        axes.set_title(title, fontsize=10, loc="left")
    _notes(figure, notes, width)
    _save(figure, target, fmt)
