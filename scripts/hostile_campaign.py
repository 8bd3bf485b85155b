"""Runs every importer command against the hostile files of ``tests/hostile_material.py``.

For each case it builds the file in a fresh temporary folder, runs the real ``qualcode``
command in a child process (killed after ``--timeout`` seconds) and prints one table row: the
exit code, the seconds, the child's peak memory, and the last line it wrote to stderr (or its
stdout, when it succeeded). A row is marked when the command hung, printed a traceback or an
internal error, used more than a gigabyte, wrote more than one line of error, or left a file
outside its folder. ``python scripts/hostile_campaign.py [NAME...]`` runs the named cases only.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile_material import CASES  # noqa: E402

QUALCODE = ROOT / ".venv" / "bin" / "qualcode"
LIMIT = 3 * 2**30  # address space of the child: a blow-up ends in MemoryError, not in swap
TEMPLATE = Path(tempfile.mkdtemp(prefix="hostile-template-")) / "p.db"
ESCAPES = (Path("/tmp/evil.txt"), Path("/tmp/qualcode-pwned"))


def run(name: str, build: object, args: list[str], timeout: float) -> tuple[str, ...]:
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        work = Path(tmp) / "work"
        work.mkdir()
        path = build(work)  # type: ignore[operator]
        ok = work / "ok.txt"
        ok.write_bytes(b"INT: Hallo.\nB: Guten Tag.\n")
        filled = [a.replace("{f}", str(path)).replace("{ok}", str(ok)) for a in args]
        if filled[0] != "--project":
            filled = ["--project", str(work / "p.db"), *filled]
            if filled[2] != "init":
                shutil.copyfile(TEMPLATE, work / "p.db")
        before = set(Path(tmp).iterdir())

        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))

        started = time.perf_counter()
        child = subprocess.Popen(
            [str(QUALCODE), *filled],
            cwd=work,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=limit,
        )
        outputs: dict[str, bytes] = {}

        def drain(stream: object, key: str) -> None:
            outputs[key] = stream.read()  # type: ignore[attr-defined]

        readers = [
            threading.Thread(target=drain, args=(child.stdout, "out")),
            threading.Thread(target=drain, args=(child.stderr, "err")),
        ]
        for reader in readers:
            reader.start()
        timer = threading.Timer(timeout, child.kill)
        timer.start()
        _, status, usage = os.wait4(child.pid, 0)
        timer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
        for reader in readers:
            reader.join()
        seconds = time.perf_counter() - started
        err = outputs["err"].decode("utf-8", "replace").strip()
        out = outputs["out"].decode("utf-8", "replace").strip()
        mb = usage.ru_maxrss / 1024
        marks = []
        if seconds >= timeout:
            marks.append("HANG")
        if "Traceback" in err or "internal error" in err:
            marks.append("INTERNAL")
        if mb > 1024:
            marks.append("MEMORY")
        if child.returncode != 0 and len(err.splitlines()) > 1:
            marks.append("LINES")
        if any(p.exists() for p in ESCAPES) or set(Path(tmp).iterdir()) - before:
            marks.append("ESCAPED")
        if child.returncode == 0 and args[0] in ("import", "import-project"):
            shown = (out.splitlines() or [""])[0]
        else:
            shown = (err.splitlines() or out.splitlines() or [""])[-1]
        return (
            name,
            str(child.returncode),
            f"{seconds:.1f}",
            f"{mb:.0f}",
            " ".join(marks) or "ok",
            shown[:160],
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*")
    parser.add_argument("--timeout", type=float, default=30.0)
    options = parser.parse_args()
    subprocess.run(
        [str(QUALCODE), "--project", str(TEMPLATE), "init"], check=True, capture_output=True
    )
    for path in ESCAPES:
        path.unlink(missing_ok=True)
    print("| case | exit | s | MB | mark | what the user sees |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, _, build, args in CASES:
        if options.names and name not in options.names:
            continue
        row = run(name, build, args, options.timeout)
        print("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |", flush=True)


if __name__ == "__main__":
    main()
