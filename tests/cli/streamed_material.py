"""The sample project with codings of two coders, and the commands whose output is streamed.

``python -m tests.cli.streamed_material OUT`` writes each command's output into the folder OUT;
the files under ``tests/cli/golden/`` were written this way before the output was streamed, and
``test_streamed_output.py`` checks that the streamed output is still the same, byte for byte
(JSON apart from its indentation). Timestamps, which differ from run to run, are masked.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from qualcode.services.project import init_project, open_project
from tests.helpers import CODEBOOK, SAMPLE_FILES, TRANSCRIPTS

DATE = "2026-03-14"
EXPORTS = {
    f"{kind}.{fmt}": ["export", kind, *extra, "--format", fmt, "--date", DATE, "-o", "-"]
    for kind, extra in {
        "quotes": [],
        "frequencies": [],
        "matrix": [],
        "attributes": ["--by", "Branche"],
        "cooccurrence": [],
        "guideline": [],
    }.items()
    for fmt in ("csv", "md", "tex")
    if kind != "guideline" or fmt == "csv"  # its text is the codebook's: one format will do
}
EXPORTS["quotes-rollup-time.csv"] = [
    "export", "quotes", "--rollup", "--cite", "time", "--max-words", "12",
    "--format", "csv", "--date", DATE, "-o", "-",
]  # fmt: skip
JSON = {"codings.json": ["codings", "--json"], "log.json": ["log", "--json"]}
_TIMES = re.compile(r'"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[^"]*)"')
_HASHES = re.compile(r'"[0-9a-f]{64}"')


def build(path: Path) -> None:
    """The sample interviews coded by alice and, on some of the same passages, by bob."""
    project = init_project(str(path), "alice", CODEBOOK)
    project.documents.import_files(list(SAMPLE_FILES), attributes_file=TRANSCRIPTS / "cases.csv")
    for document, category, turns in [
        ("B01", "K2.1", (9, 9)),
        ("B01", "K1.1", (3, 5)),
        ("B02", "K2.1", (4, 4)),
        ("B02", "K3", (6, 7)),
        ("B03", "K2.2", (2, 2)),
        ("B04", "K1.1", (8, 8)),
    ]:
        project.coding.code(document, category, turns=turns)
    project.coding.code("B05", "K2.1", chars=(10, 60), memo="=SUMME(A1)")
    project.close()
    bob = open_project(str(path), "bob")
    bob.coding.code("B01", "K2.1", turns=(9, 10))
    bob.coding.code("B03", "K2.2", turns=(2, 2))
    bob.coding.code("B06", "K1.1", turns=(2, 3))
    bob.close()


def masked(text: str) -> str:
    """``text`` with what differs from run to run replaced: timestamps, the audit chain's
    hashes (which cover the timestamps) and the folder qualcode is installed in."""
    import qualcode

    text = _HASHES.sub('"HASH"', _TIMES.sub('"TIME"', text))
    return text.replace(str(Path(qualcode.__file__).parent), "QUALCODE")


def main(out: Path) -> None:
    from click.testing import CliRunner

    from qualcode.cli.app import cli

    out.mkdir(parents=True, exist_ok=True)
    build(out / "p.db")
    runner = CliRunner()
    for name, args in {**EXPORTS, **JSON}.items():
        result = runner.invoke(cli, ["-p", str(out / "p.db"), "--coder", "alice", *args])
        assert result.exit_code == 0, result.output
        data = result.stdout_bytes
        if name.endswith(".json"):
            data = masked(data.decode("utf-8")).encode("utf-8")
        (out / name).write_bytes(data)
    (out / "p.db").unlink()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
