"""``qualcode project copy`` and ``qualcode project backup`` as a user types them."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Run


def test_copy_reports_each_table_on_stderr_and_opens_as_a_project(
    sample: Run, tmp_path: Path
) -> None:
    assert sample("code", "B01", "K2.1", "--turn", "9").exit_code == 0
    target = tmp_path / "copy.db"
    result = sample("project", "copy", str(tmp_path / "project.db"), str(target))
    assert result.exit_code == 0, result.output
    assert "codings: 1 row\n" in result.stderr
    assert result.stdout.startswith("Copied ") and str(target) in result.stdout
    copied = sample("log", "--verify", project_path=str(target))
    assert copied.exit_code == 0, copied.output
    assert "B01" in sample("codings", project_path=str(target)).stdout

    again = sample("project", "copy", str(tmp_path / "project.db"), str(target))
    assert again.exit_code != 0
    assert "already exists" in again.stderr and len(again.stderr.strip().splitlines()) == 2


def test_backup_goes_next_to_the_project_with_the_time(sample: Run, tmp_path: Path) -> None:
    result = sample("project", "backup")
    assert result.exit_code == 0, result.output
    [backup] = list(tmp_path.glob("project-backup-*.db"))
    assert str(backup) in result.stdout
    named = sample("project", "backup", str(tmp_path / "mine.db"))
    assert named.exit_code == 0 and (tmp_path / "mine.db").exists()
    assert sample("status", project_path=str(backup)).exit_code == 0
