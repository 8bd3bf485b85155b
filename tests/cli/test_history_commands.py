"""qualcode undo and qualcode redo: the day's steps from the command line."""

from __future__ import annotations

import json

from tests.cli.conftest import Run


def test_undo_and_redo_from_the_command_line(sample: Run) -> None:
    assert sample("code", "B01", "K2.1", "--turn", "9").exit_code == 0
    undone = sample("undo")
    assert undone.exit_code == 0, undone.output
    assert undone.output.startswith("Undone: coding K2.1 in B01 Pos. 9")
    assert json.loads(sample("codings", "--json").output) == []
    redone = sample("redo")
    assert redone.output.startswith("Redone: coding K2.1 in B01 Pos. 9")
    assert "Next undo" not in redone.output
    nothing = sample("redo")
    assert nothing.exit_code != 0 and "nothing to redo today" in nothing.output
    log = sample("log").output
    assert "undid the coding K2.1 in B01 Pos. 9" in log and "redid the coding" in log
