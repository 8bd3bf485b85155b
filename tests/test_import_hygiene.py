"""Light commands stay light, and layers stay apart, at run time.

import-linter checks the static graph; it cannot tell a deferred import from a module-level
one, so these tests look at ``sys.modules`` in a fresh interpreter (Harlequin's approach).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import CODEBOOK, ROOT, SAMPLE_FILES, TRANSCRIPTS

HEAVY = (
    "pandas",
    "numpy",
    "sqlalchemy",
    "spacy",
    "nltk",
    "textual",
    "openpyxl",
    "docx",
    "matplotlib",
    "alembic",
    "sqlalchemy.orm",
    "jinja2",
)


def loaded_after(code: str, cwd: Path, env: dict[str, str] | None = None) -> set[str]:
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=cwd, env=env
    ).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def run_cli(args: list[str]) -> str:
    """A command run in the probe; it must succeed (so that it did the work it stands for)."""
    return (
        "import sys\nfrom qualcode.cli.app import cli\n"
        f"code = cli.main(args={args!r}, standalone_mode=False)\n"
        "assert not code, f'exit code {code}'\n"
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from qualcode.services.project import init_project

    path = tmp_path_factory.mktemp("hygiene") / "p.db"
    project = init_project(str(path), "alice", CODEBOOK)
    project.documents.import_files(SAMPLE_FILES[:2], attributes_file=TRANSCRIPTS / "cases.csv")
    project.coding.code("B01", "K2.1", turns=(9, 9))
    project.close()
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["documents"],
        ["documents", "--json"],
        ["show", "B01"],
        ["codings", "--category", "K2"],
        ["status"],
        ["codebook", "show", "K2.1"],
        ["codebook", "versions"],
        ["log", "--category", "K2"],
        ["pass"],
        ["comments"],
        ["codings", "--json"],
        ["log", "--json", "--pretty"],
        *(
            ["export", *kind, "--format", fmt, "-o", "-"]
            for kind in (
                ["frequencies"],
                ["matrix", "--unit", "cases"],
                ["attributes", "--by", "Branche"],
                ["cooccurrence", "--level", "turn"],
                ["quotes", "--rollup"],
                ["guideline"],
            )
            for fmt in ("csv", "md", "tex")
        ),
    ],
)
def test_light_commands_load_no_heavy_packages(args: list[str], project: Path) -> None:
    loaded = loaded_after(run_cli(["--project", str(project), *args]), ROOT)
    # Reading a SQLite project needs neither SQLAlchemy nor the heavy analysis packages.
    assert not {m for m in HEAVY if m in loaded}


@pytest.mark.parametrize("args", [["documents"], ["status"], ["show", "B01"], ["codings"]])
def test_reading_commands_do_not_build_the_typed_audit_events(
    args: list[str], project: Path
) -> None:
    """The typed events are some thirty dataclasses (15 ms to build): the write paths and the
    log import them, a command that only reads does not."""
    loaded = loaded_after(run_cli(["--project", str(project), *args]), ROOT)
    assert "qualcode.domain.audit" not in loaded


def test_help_loads_no_command_module(project: Path) -> None:
    """`qualcode --help` lists the commands from a table (cli/app.py SHORT_HELP)."""
    loaded = loaded_after(run_cli(["--help"]), ROOT)
    assert not {m for m in loaded if m.startswith("qualcode.cli.") and m.endswith("_commands")}
    assert not {m for m in loaded if m.startswith("qualcode.services")}


def test_services_do_not_load_the_ui_or_the_cli_library() -> None:
    loaded = loaded_after("import qualcode.services.project", ROOT)
    assert "textual" not in loaded and "click" not in loaded


def test_opening_a_project_loads_no_importer_and_no_parse_pool() -> None:
    """The parse pool lives with the importers; the document service loads it for an import."""
    loaded = loaded_after("import qualcode.services.project, qualcode.services.workbench", ROOT)
    assert "qualcode.importers.sources" not in loaded
    assert "qualcode.importers.registry" not in loaded
    assert "multiprocessing" not in loaded


def test_the_platform_module_is_the_standard_library() -> None:
    loaded = loaded_after("import qualcode.platform", ROOT)
    names = {m.partition(".")[0] for m in loaded if not m.startswith("_")}
    assert names - set(sys.stdlib_module_names) == {"qualcode"}


def test_listing_documents_loads_neither_the_codebook_nor_the_codings_types(
    project: Path,
) -> None:
    """`qualcode documents` converts documents only: the codebook's, the coding's and the
    memo's types (each module a few dataclasses, a millisecond or two to build) stay
    unloaded."""
    loaded = loaded_after(run_cli(["--project", str(project), "documents"]), ROOT)
    types = {"qualcode.domain.codebook", "qualcode.domain.coding", "qualcode.domain.memos"}
    assert not types & loaded


def test_listing_documents_loads_no_shutil(project: Path) -> None:
    """The listing asks the terminal's width from os directly: shutil (with the bz2, lzma and
    zlib modules it loads) cost it 2 ms."""
    loaded = loaded_after(run_cli(["--project", str(project), "documents"]), ROOT)
    assert "shutil" not in loaded


def test_listing_documents_builds_no_change_report(project: Path) -> None:
    """The reports of an import, a rename and a replace (four dataclasses, some 2 ms to build)
    live in their own module, loaded when a change runs."""
    loaded = loaded_after(run_cli(["--project", str(project), "documents"]), ROOT)
    assert "qualcode.services.document_changes" not in loaded


def test_the_login_name_from_the_environment_loads_no_getpass(project: Path) -> None:
    """With LOGNAME or USER set (as in a login shell) the coder's name comes from there:
    getpass (with termios and pwd) stays unloaded."""
    env = {k: v for k, v in os.environ.items() if k != "QUALCODE_CODER"} | {"LOGNAME": "alice"}
    args = ["--project", str(project), "documents"]
    loaded = loaded_after(run_cli(args), ROOT, env)
    assert not {"getpass", "termios"} & loaded


@pytest.mark.parametrize("before", [[], ["--debug"], ["--coder", "alice"]])
def test_the_short_project_option_loads_no_difflib(before: list[str], project: Path) -> None:
    """``-p`` is read as ``--project``: click, looking it up among the long options first,
    would load difflib for a suggestion it then drops."""
    loaded = loaded_after(run_cli([*before, "-p", str(project), "documents"]), ROOT)
    assert "difflib" not in loaded


@pytest.mark.parametrize("kind", ["frequencies", "matrix"])
def test_count_tables_load_neither_the_codings_nor_the_versions_types(
    kind: str, project: Path
) -> None:
    """A count table is grouped in SQL: the coding's types (a millisecond or two to build), the
    codebook versions' and the completeness check stay unloaded, and the passes the export
    command offers come from their own small module."""
    args = ["--project", str(project), "export", kind, "--format", "csv", "-o", "-"]
    loaded = loaded_after(run_cli(args), ROOT)
    types = {"qualcode.domain.coding", "qualcode.domain.versions", "qualcode.domain.completeness"}
    assert not types & loaded


def test_opening_a_project_compiles_no_long_pattern() -> None:
    """Long patterns (character classes of odd blanks, the noise words of file names, a
    password in an address, a Windows path) are compiled when first used, not on import."""
    probe = (
        "import re\ncompiled = []\noriginal = re._compile\n"
        "def counting(pattern, flags):\n"
        "    compiled.append(str(pattern))\n"
        "    return original(pattern, flags)\n"
        "re._compile = counting\n"
        "import qualcode.services.project, qualcode.services.documents\n"
        "import qualcode.storage.location, qualcode.platform, qualcode.domain.names\n"
        "print('\\n'.join(compiled))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert "  +" in out.splitlines()  # the probe sees the short patterns compiled on import
    assert not any(word in out for word in ("\u200b", "password", "endfassung", "[A-Za-z]:"))


def test_quotes_as_csv_load_no_template_parser(project: Path) -> None:
    """The usual citation needs neither the template parser (string) nor the time marks'
    module, nor the coding's types: a quotes export loads what CSV quotes need."""
    args = ["--project", str(project), "export", "quotes", "--format", "csv", "-o", "-"]
    loaded = loaded_after(run_cli(args), ROOT)
    unused = {"string", "qualcode.domain.timecode", "qualcode.domain.coding"}
    assert not unused & loaded


def test_the_citation_styles_pass_their_own_check() -> None:
    """citation_template hands the named styles back unparsed: each would pass the check."""
    from qualcode.analysis.quotes import CITATION_STYLES, citation_template

    for template in CITATION_STYLES.values():
        assert citation_template(template) == template
