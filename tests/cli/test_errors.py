"""Bad input: one line on stderr, a named exit code, and the project exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from qualcode.cli.app import cli
from qualcode.domain.errors import ExitCode
from tests.cli.conftest import Run
from tests.helpers import CODEBOOK, SAMPLE_FILES, dump


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


def test_missing_file_binary_file_and_non_project(sample: Run, tmp_path: Path) -> None:
    project = str(tmp_path / "project.db")
    before = dump(project)
    result = sample("import", "does-not-exist.txt")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert one_line(result.stderr) == "qualcode: does-not-exist.txt: there is no such file"
    binary = tmp_path / "bild.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = sample("import", str(binary))
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "PNG image" in one_line(result.stderr)
    other = tmp_path / "notes.db"
    other.write_text("no database")
    result = sample("documents", project_path=str(other))
    assert result.exit_code == ExitCode.PROJECT
    assert "not a qualcode project" in one_line(result.stderr)
    assert other.read_text() == "no database"
    assert dump(project) == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("show", "B99"), ExitCode.NOT_FOUND, "no document 'B99'"),
        (("code", "B01", "K99", "--turn", "3"), ExitCode.NOT_FOUND, "no category 'K99'"),
        (("code", "B01", "K1", "--turn", "999"), ExitCode.INVALID_INPUT, "no turn 999"),
        (("code", "B01", "K1", "--turn", "x"), ExitCode.USAGE, "not a turn number"),
        (("code", "B01", "K1"), ExitCode.USAGE, "either --turn or --chars"),
        (("uncode", "12345"), ExitCode.NOT_FOUND, "no coding 12345"),
        (("import", str(SAMPLE_FILES[0])), ExitCode.CONFLICT, "imported already"),
        (("init",), ExitCode.PROJECT, "already exists"),
        (
            ("import", "--attr", "novalue", str(SAMPLE_FILES[0])),
            ExitCode.INVALID_INPUT,
            "key=value",
        ),
    ],
)
def test_errors_are_one_line_with_their_exit_code(
    sample: Run, tmp_path: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    project = str(tmp_path / "project.db")
    before = dump(project)
    result = sample(*args)
    assert result.exit_code == code, result.output
    assert message in one_line(result.stderr)
    assert dump(project) == before


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("--bogus", "documents"), "no such option '--bogus' (see 'cli --help')"),
        (("nosuch",), "no such command 'nosuch' (see 'cli --help')"),
        (("code",), "missing argument 'DOCUMENT' (see 'cli code --help')"),
        (("codings", "--bogus"), "no such option '--bogus' (see 'cli codings --help')"),
        (
            ("export", "frequencies", "--format", "nope"),
            "invalid value for '--format': 'nope' is not one of 'csv', 'xlsx', 'md', 'tex', "
            "'docx' (see 'cli export frequencies --help')",
        ),
        (("codebook", "nosuch"), "no such command 'nosuch' (see 'cli codebook --help')"),
        (("--project",), "option '--project' requires an argument"),
    ],
)
def test_usage_errors_are_one_line_with_exit_code_2(
    sample: Run, tmp_path: Path, args: tuple[str, ...], line: str
) -> None:
    project = str(tmp_path / "project.db")
    before = dump(project)
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == ExitCode.USAGE, result.output
    assert one_line(result.stderr) == f"qualcode: {line}"
    assert "Usage:" not in result.output and "Try " not in result.output
    assert dump(project) == before


def test_a_bare_group_still_shows_its_help(run: Run) -> None:
    result = run("export")
    assert result.exit_code == ExitCode.USAGE
    assert "Commands:" in result.stderr and "frequencies" in result.stderr


def test_no_project_yet(run: Run) -> None:
    result = run("documents")
    assert result.exit_code == ExitCode.PROJECT
    assert "qualcode init" in one_line(result.stderr)


def test_init_with_a_broken_codebook_leaves_no_file(run: Run, tmp_path: Path) -> None:
    broken = tmp_path / "cb.yaml"
    broken.write_text(CODEBOOK.read_text(encoding="utf-8").replace("coding_rule:", "rule:", 1))
    result = run("init", "--codebook", str(broken))
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert f"{broken}:" in one_line(result.stderr)
    assert not (tmp_path / "project.db").exists()


def test_codebook_check_lists_every_problem_with_its_line(run: Run, tmp_path: Path) -> None:
    broken = tmp_path / "cb.yaml"
    text = CODEBOOK.read_text(encoding="utf-8").replace("coding_rule:", "rule:", 2)
    broken.write_text(text)
    result = run("codebook", "check", str(broken))
    assert result.exit_code == ExitCode.INVALID_INPUT
    lines = result.stderr.splitlines()
    assert len([line for line in lines if "unknown key 'rule'" in line]) == 2
    first = next(line for line in lines if "unknown key 'rule'" in line)
    line_no = int(first.split(":")[1])
    assert text.splitlines()[line_no - 1].strip().startswith("rule:")


def test_debug_shows_the_traceback(run: Run) -> None:
    result = run("--debug", "documents")
    assert result.exception is not None and "qualcode init" in str(result.exception)


HUGE = "1000000000000000000000000"  # 10**24, beyond any database integer


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("uncode", HUGE), ExitCode.INVALID_INPUT, f"{HUGE} is too large for a coding number"),
        (("confirm", "1", HUGE), ExitCode.INVALID_INPUT, "too large for a coding number"),
        (("log", "--coding", HUGE), ExitCode.INVALID_INPUT, "too large for a coding number"),
        (("show", HUGE), ExitCode.NOT_FOUND, f"there is no document '{HUGE}'"),
        (("show", "²"), ExitCode.NOT_FOUND, "there is no document '²'"),
        (
            ("code", "B01", "K1", "--turn", HUGE),
            ExitCode.INVALID_INPUT,
            f"{HUGE} is too large for a turn",
        ),
        (
            ("code", "B01", "K1", "--turn", "9" * 5000),
            ExitCode.INVALID_INPUT,
            "(5,000 digits) is too large for a turn (Pos.) number",
        ),
        (
            ("code", "B01", "K1", "--chars", f"0:{'1' * 5000}"),
            ExitCode.INVALID_INPUT,
            "too large for a character offset",
        ),
    ],
)
def test_huge_numbers_give_one_line(
    sample: Run, tmp_path: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    project = str(tmp_path / "project.db")
    before = dump(project)
    result = sample(*args)
    assert result.exit_code == code, result.output
    assert message in one_line(result.stderr)
    assert dump(project) == before


def test_hostile_files_give_one_line_and_change_nothing(sample: Run, tmp_path: Path) -> None:
    """A ZIP bomb, a document with entities, an absurd time mark, a codebook with a cycle."""
    from tests.importers.makers import ENTITY_DOCUMENT, bomb, docx_bytes, replace_part

    project = str(tmp_path / "project.db")
    before = dump(project)
    files = {
        "bomb.docx": bomb(docx_bytes(["I: Hallo."]), "word/document.xml", size=300 * 2**20),
        "entity.docx": replace_part(
            docx_bytes(["I: Hallo."]), "word/document.xml", ENTITY_DOCUMENT + b"<w:document/>"
        ),
        "time.vtt": b"WEBVTT\n\n99999999999:00:00.000 --> 99999999999:00:01.000\nI: Hallo.\n",
    }
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        result = sample("import", str(path))
        assert result.exit_code == ExitCode.INVALID_INPUT, result.output
        assert one_line(result.stderr).startswith(f"qualcode: {path}")
    cycle = tmp_path / "cb.yaml"
    cycle.write_text(
        'format: qualcode-codebook/1\ntitle: T\nversion: "1"\n'
        "categories: &all\n  - code: K1\n    subcategories: *all\n"
    )
    result = sample("codebook", "check", str(cycle))
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "the alias *all repeats a list or mapping" in one_line(result.stderr)
    assert dump(project) == before


def test_odd_file_names_and_damaged_text_are_cleaned_and_named(sample: Run, tmp_path: Path) -> None:
    odd = tmp_path / " B77\nneu\x1b[2J .txt"
    odd.write_bytes(b"I: Guten Tag.\nB: Gr\x00\xc3\xbc\xc3\x9f Gott.\nI: Gut.\n")
    result = sample("import", str(odd))
    assert result.exit_code == 0, result.output
    assert "Imported B77 neu [2J:" in result.stdout
    warning = one_line(result.stderr)
    assert warning.startswith("warning: ") and "removed on line 2" in warning
    assert "\\n" in warning and "\x1b" not in warning
    shown = sample("show", "B77 neu [2J")
    assert shown.exit_code == 0 and "Grüß Gott." in shown.stdout and "\x00" not in shown.stdout


def test_a_coder_name_past_the_limit_is_one_line(
    sample: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = str(tmp_path / "project.db")
    before = dump(project)
    line = "qualcode: the coder name is 240 characters long; at most 200 are allowed"
    result = sample("--coder", "x" * 240, "code", "B01", "K1", "--turn", "3")
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert one_line(result.stderr) == line
    monkeypatch.setenv("QUALCODE_CODER", "y" * 240)
    result = sample("code", "B01", "K1", "--turn", "3")
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert one_line(result.stderr) == line
    assert dump(project) == before


def test_a_memo_past_the_limit_is_one_line(sample: Run, tmp_path: Path) -> None:
    project = str(tmp_path / "project.db")
    before = dump(project)
    result = sample("code", "B01", "K1", "--turn", "3", "--memo", "m" * 20_001)
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert one_line(result.stderr) == (
        "qualcode: the memo is 20,001 characters long; at most 20,000 are allowed"
    )
    assert dump(project) == before
