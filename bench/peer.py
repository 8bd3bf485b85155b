"""qualcode beside the one open terminal peer, `qualitative-coding` (qc), on the peer corpus.

qc is installed from the package index into its own virtual environment under
bench/out/peer-venv/ (once; nothing is measured when pip cannot get it). Its project is made
from the peer corpus: the transcripts imported with its verbatim importer, and the codings
brought over as REFI-QDA (`qualcode export qdpx`, then `qc init -i`), which qc stores per line.
Each figure is qualcode's command beside qc's for the same task, alternately, so the ratio is
qualcode's time over qc's:

- importing the 200 transcripts: `qualcode import` against `qc corpus import -r -i verbatim`;
- the code frequencies: `qualcode export frequencies --format csv` against `qc codes stats`;
- one category's passages: `qualcode codings --category P1.1` against `qc codes find`;
- `--help` of each.

    python bench/peer.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import OUT, Context, Figure, Sample, Series, alternately, run_command  # noqa: E402

PEER = "qualitative-coding==1.7.8"
VENV = OUT / "peer-venv"
WORK = OUT / "peer-qc"
CATEGORY = "P1.1"
CATEGORY_NAME = "Unterkategorie 1.1 – Äußerung"  # qc names a code by the category's name


def qc_env() -> dict[str, str]:
    # qc 1.7.8's REFI reader stops at a breakpoint() left in it; this turns it off.
    return {**os.environ, "PYTHONBREAKPOINT": "0"}


def install(context: Context) -> Path | None:
    """qc's command in its own environment (installed on first use), or None."""
    qc = VENV / "bin" / "qc"
    if qc.exists():
        return qc
    try:
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(VENV / "bin" / "python"), "-m", "pip", "install", "-q", PEER],
            check=True,
            timeout=900,
            capture_output=True,
        )
    except (subprocess.SubprocessError, OSError) as exc:
        context.notes.append(f"the peer {PEER} could not be installed ({exc}); not measured")
        shutil.rmtree(VENV, ignore_errors=True)
        return None
    return qc if qc.exists() else None


def coded_project(context: Context, qc: Path) -> Path:
    """qc's project with the peer corpus's codings (made once: qc takes half a minute)."""
    assert context.peer_project is not None
    folder = WORK / "coded"
    stamp = WORK / "coded.json"
    source = context.peer_project.with_name("peer.json")
    if stamp.exists() and source.exists() and stamp.read_text() == source.read_text():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    exported = WORK / "peer.qdpx"
    subprocess.run(
        [
            *context.qualcode,
            "--project",
            str(context.peer_project),
            "export",
            "qdpx",
            "-o",
            str(exported),
            "--force",
        ],
        env=context.env(),
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [str(qc), "init", "-i", str(exported)],
        cwd=folder,
        env=qc_env(),
        check=True,
        capture_output=True,
    )
    stamp.write_text(source.read_text())
    return folder


def _import_figure(context: Context, qc: Path) -> Figure:
    files = context.peer_files
    ours_project = WORK / "qualcode-import.db"
    theirs = WORK / "import"

    def ours() -> Sample:
        from imports import fresh_project

        fresh_project(ours_project)
        command = [*context.qualcode, "--project", str(ours_project), "import", *map(str, files)]
        return run_command(command, env=context.env())

    def peer() -> Sample:
        shutil.rmtree(theirs, ignore_errors=True)
        theirs.mkdir(parents=True)
        subprocess.run([str(qc), "init"], cwd=theirs, env=qc_env(), check=True, capture_output=True)
        folder = str(files[0].parent)
        return run_command(
            [str(qc), "corpus", "import", "-r", "-i", "verbatim", folder], env=qc_env(), cwd=theirs
        )

    measured, base = alternately(context.runs, ours, peer, warm_up=False)
    return Figure(
        "peer",
        Series(f"qualcode import ({len(files)} transcripts)", measured),
        Series("qc corpus import -r -i verbatim", base),
    )


def figures(context: Context) -> list[Figure]:
    if context.quick:
        context.notes.append("the peer (qc) is left out of a quick run")
        return []
    if context.peer_project is None or not context.peer_files:
        context.notes.append("the peer (qc) needs the peer corpus; not measured")
        return []
    qc = install(context)
    if qc is None:
        return []
    WORK.mkdir(parents=True, exist_ok=True)
    coded = coded_project(context, qc)
    ours = [*context.qualcode, "--project", str(context.peer_project)]
    found = [_import_figure(context, qc)]
    pairs = [
        (
            "qualcode export frequencies --format csv",
            [*ours, "export", "frequencies", "--format", "csv", "-o", str(WORK / "f.csv")],
            "qc codes stats",
            [str(qc), "codes", "stats"],
        ),
        (
            f"qualcode codings --category {CATEGORY}",
            [*ours, "codings", "--category", CATEGORY],
            "qc codes find",
            [str(qc), "codes", "find", CATEGORY_NAME],
        ),
        ("qualcode --help", [*context.qualcode, "--help"], "qc --help", [str(qc), "--help"]),
    ]
    for name, command, peer_name, peer_command in pairs:
        force = ["--force"] if "export" in command else []
        measured, base = alternately(
            context.runs,
            _runner([*command, *force], context.env(), None),
            _runner(peer_command, qc_env(), coded),
            warm_up=False,  # qc takes seconds to start: its first run is as warm as the next
        )
        found.append(Figure("peer", Series(name, measured), Series(peer_name, base)))
    return found


def _runner(command: list[str], env: dict[str, str], cwd: Path | None) -> Callable[[], Sample]:
    return lambda: run_command(command, env=env, cwd=cwd)


def main() -> None:
    from peer_corpus import Shape, build, write_files

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    project = build()
    files = write_files(project.parent / "transcripts", Shape())
    context = Context(runs=args.runs, peer_project=project, peer_files=files)
    results = [f.as_json() for f in figures(context)]
    print(json.dumps({"figures": results, "notes": context.notes}, indent=2))


if __name__ == "__main__":
    main()
