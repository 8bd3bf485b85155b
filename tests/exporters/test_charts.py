"""Charts as PNG, SVG and PDF: real files, reproducible, drawn without pyplot."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from qualcode.domain.errors import InvalidInputError
from qualcode.exporters import charts
from qualcode.exporters.output import Destination

MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<?xml", "pdf": b"%PDF-"}
MATRIX = pd.DataFrame(
    [[3, 0, 1], [0, 2, 0]], index=["K1", "K2"], columns=["B01", "B02", "B03"], dtype="int64"
)


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_bar_chart_and_heat_map_files(fmt: str, tmp_path: Path) -> None:
    bar = tmp_path / "sub" / f"bar.{fmt}"
    charts.bar_chart(
        ["K1 Akquise", "K2 Bindung"],
        [5, 2],
        Destination(bar, mkdir=True),  # the folder made on request
        fmt=fmt,
        title="Häufigkeit",
        value_label="Codierte Segmente (n)",
        colours=["#332288", None],
        notes=["N = 7 Dokumente (Fälle)."],
    )
    heat = tmp_path / f"heat.{fmt}"
    charts.heat_map(MATRIX, heat, fmt=fmt, title="Kategorien nach Fällen", notes=["Stand: heute."])
    for path in (bar, heat):
        assert path.read_bytes().startswith(MAGIC[fmt])


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_vector_output_is_reproducible(fmt: str) -> None:
    first, second = io.BytesIO(), io.BytesIO()
    for stream in (first, second):
        charts.heat_map(MATRIX, stream, fmt=fmt, title="T")
    assert first.getvalue() == second.getvalue()


def test_svg_has_the_labels_and_notes() -> None:
    stream = io.BytesIO()
    charts.bar_chart(["K1 Akquise"], [5], stream, fmt="svg", notes=["Zählbasis: Fälle."])
    assert b"<svg" in stream.getvalue()


def test_unknown_format_is_refused() -> None:
    with pytest.raises(InvalidInputError):
        charts.bar_chart(["K1"], [1], io.BytesIO(), fmt="gif")


def test_charts_do_not_use_pyplot(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom pathlib import Path\nfrom qualcode.exporters import charts\n"
        f"charts.bar_chart(['K1'], [1], Path({str(tmp_path / 'b.png')!r}))\n"
        "print('matplotlib.pyplot' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
