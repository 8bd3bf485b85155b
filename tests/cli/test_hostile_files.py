"""Every importer command against the hostile files of :mod:`tests.hostile_material`, in
process: each either imports or says in one line why not, and none ends in an internal error.

``scripts/hostile_campaign.py`` runs the same cases as real processes, with a time limit and
their peak memory; here the few that build hundreds of megabytes are left out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.domain.errors import ExitCode
from tests import hostile_material as hostile
from tests.cli.conftest import Run

_LARGE = {"docx-bomb", "qdpx-bomb", "txt-50mb-line", "txt-50mb-word", "docx-many", "qdpx-many"}
CASES = [case for case in hostile.CASES if case[0] not in _LARGE]


@pytest.mark.parametrize(
    ("name", "build", "args"),
    [(name, build, args) for name, _, build, args in CASES],
    ids=[case[0] for case in CASES],
)
def test_a_hostile_file_is_imported_or_refused_in_one_line(
    run: Run, tmp_path: Path, name: str, build: hostile.Builder, args: list[str]
) -> None:
    folder = tmp_path / "received"
    folder.mkdir()
    path = build(folder)
    ok = folder / "ok.txt"
    ok.write_bytes(b"INT: Hallo.\nB: Guten Tag.\n")
    filled = [a.replace("{f}", str(path)).replace("{ok}", str(ok)) for a in args]
    if filled[0] == "--project":
        result = run(*filled[2:], project_path=filled[1])
    else:
        if filled[0] != "init":
            assert run("init").exit_code == 0
        result = run(*filled)
    assert result.exit_code != ExitCode.INTERNAL, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    if result.exit_code != 0:
        assert result.output.strip().count("\n") == 0, result.output
    assert not Path("/tmp/evil.txt").exists() and not Path("/tmp/qualcode-pwned").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "received") <= [
        "project.db",
        "project.db-shm",
        "project.db-wal",
    ]
