"""The terminal width the listings fit into: what shutil would say, without loading shutil."""

from __future__ import annotations

import shutil

import pytest

from qualcode.cli.output import width


@pytest.mark.parametrize("columns", [None, "", "abc", "0", "-5", "40", "60", "87", "250"])
def test_width_is_shutils_terminal_size_at_least_60(
    columns: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    monkeypatch.delenv("LINES", raising=False)
    assert width() == max(shutil.get_terminal_size((100, 24)).columns, 60)


def test_output_to_a_pipe_is_100_columns_wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    if shutil.get_terminal_size((0, 0)).columns:  # the tests run in a terminal: nothing to see
        pytest.skip("standard output is a terminal")
    assert width() == 100
