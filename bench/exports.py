"""Time the reports as whole commands beside a bare floor, on the peer corpus and bench project.

    python bench/exports.py [--runs 5] [--corpus bench/out/peer.db] [--project bench/out/bench.db]
                            [--quick] [--json]

The floor of each report is a script of the standard library alone (Python and sqlite3) that runs
the same query and writes the same CSV or JSON, started as a fresh process exactly as qualcode is,
so that the ratio shows what qualcode adds to the work itself. Each case is run at least five
times, qualcode and its floor alternately (a busy machine slows both alike); min, median and max
are printed with the ratio of the medians. Peak memory (maximum resident set) is measured for the
100,000 quotes of the bench project. Results go to bench/out/exports.json.

The peer corpus has the shape the figures of the one open terminal peer were measured on:
200 transcripts of about 6,300 words (``I: [hh:mm:ss] ...`` / ``B: ...`` turns of German words
with umlauts), 20,000 codings, 100 per document, in 20 categories under 5 main ones, one coder.
``bench/peer_corpus.py`` makes it (seeded) when it is missing or of another shape; the bench
project comes from ``python bench/make_project.py``.

``figures(context)`` gives bench/run.py (``make bench``) the reports on the peer corpus
(frequencies, matrix, quotes as CSV, codings --json) and, on the bench project, 100,000 quotes as
CSV and as XLSX, each beside its floor.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
QUALCODE = str(Path(sys.executable).parent / "qualcode")
sys.path.insert(0, str(HERE))

from measure import Context, Figure, command_figure  # noqa: E402

FLOOR_NAME = "floor: Python + sqlite3, the same query and output"

# -- the floors: the same queries and files with the standard library alone -----------------------

FLOOR_HEAD = """
import csv, json, sqlite3, sys
from bisect import bisect_right
db = sqlite3.connect(sys.argv[1])
out = open(sys.argv[2], "w", encoding="utf-8", newline="") if sys.argv[2] != "-" else sys.stdout
"""
# The quotes of every report that lists them: sorted as qualcode sorts them, each with its
# citation (the document and the Pos. number of the turn the quote starts in).
QUOTE_ROWS = """
turns = {}
for d, s, p in db.execute("SELECT document_id, char_start, position FROM turns ORDER BY 1, 2"):
    turns.setdefault(d, ([], []))[0].append(s); turns[d][1].append(p)
cats = db.execute("SELECT id, code, name FROM categories ORDER BY id").fetchall()
order = {c: i for i, (c, _, _) in enumerate(cats)}
names, texts = {}, {}
for d, name, text in db.execute("SELECT id, name, text FROM documents"):
    names[d], texts[d] = name, text
rows = db.execute("SELECT id, document_id, category_id, char_start, char_end"
                  " FROM codings").fetchall()
rows.sort(key=lambda r: (order[r[2]], names[r[1]], r[3], r[0]))
def quote_rows():
    for k, d, c, s, e in rows:
        _, code, name = cats[order[c]]
        starts, positions = turns[d]
        pos = positions[max(bisect_right(starts, s) - 1, 0)]
        text = " ".join(texts[d][s:e].split())
        yield [code, name, "\u201e" + text + "\u201c", f"({names[d]}, Pos. {pos})"]
"""
FLOORS = {
    "frequencies": FLOOR_HEAD
    + """
n = db.execute("SELECT count(*) FROM documents").fetchone()[0]
rows = db.execute("SELECT c.code, c.name, count(k.id), count(DISTINCT k.document_id)"
                  " FROM categories c LEFT JOIN codings k ON k.category_id = c.id"
                  " GROUP BY c.id ORDER BY c.id").fetchall()
w = csv.writer(out, delimiter=";", lineterminator="\\r\\n")
w.writerow(["Code", "Kategorie", "Segmente (n)", f"Fälle (n, N = {n})", "Anteil Fälle (%)"])
for code, name, s, c in rows:
    w.writerow([code, name, s, c, f"{c / n * 100:.1f}".replace(".", ",")])
""",
    "matrix": FLOOR_HEAD
    + """
docs = db.execute("SELECT id, name FROM documents ORDER BY name").fetchall()
cats = db.execute("SELECT id, code, name FROM categories ORDER BY id").fetchall()
col = {d: j for j, (d, _) in enumerate(docs)}
row = {c: i for i, (c, _, _) in enumerate(cats)}
cells = [[0] * len(docs) for _ in cats]
for d, c, n in db.execute("SELECT document_id, category_id, count(*) FROM codings GROUP BY 1, 2"):
    cells[row[c]][col[d]] += n
w = csv.writer(out, delimiter=";", lineterminator="\\r\\n")
w.writerow(["Code", "Kategorie", *(name for _, name in docs), "Summe"])
for (_, code, name), line in zip(cats, cells):
    w.writerow([code, name, *line, sum(line)])
""",
    "quotes": FLOOR_HEAD
    + QUOTE_ROWS
    + """
w = csv.writer(out, delimiter=";", lineterminator="\\r\\n")
w.writerow(["Code", "Kategorie", "Zitat", "Beleg"])
w.writerows(quote_rows())
""",
    "codings --json": FLOOR_HEAD
    + """
rows = db.execute("SELECT k.id, d.name, c.code, c.name, k.char_start, k.char_end, k.text, p.name,"
                  " COALESCE(m.text, ''), k.coding_pass, k.created_at, k.updated_at FROM codings k"
                  " LEFT JOIN memos m ON m.coding_id = k.id"
                  " JOIN documents d ON d.id = k.document_id"
                  " JOIN categories c ON c.id = k.category_id"
                  " JOIN coders p ON p.id = k.coder_id ORDER BY d.name, k.char_start, k.id")
keys = ("id", "document", "category", "category_name", "start", "end", "text", "coder", "memo",
        "pass", "created", "updated")
out.write(json.dumps([dict(zip(keys, r)) for r in rows], ensure_ascii=False, separators=(",", ":")))
""",
}

# The floors above as lean as they can be, to judge them by (bench/commands.py shows them beside
# the floors of record). "quotes lean" folds the blanks of a quote only where it has a line break
# or a double blank, as qualcode does (the transcripts are normalised: most quotes have neither),
# rather than splitting and joining every quote. "codings --json same keys" writes every key
# qualcode writes, which the floor of record leaves out: the Pos. range (from the turns, by
# bisection), the codebook version, why a coding needs another look, and the times in ISO 8601.
FLOORS["quotes lean"] = (
    FLOOR_HEAD
    + QUOTE_ROWS.replace(
        'text = " ".join(texts[d][s:e].split())',
        "t = texts[d][s:e]\n"
        '        text = " ".join(t.split()) if "\\n" in t or "  " in t else t.strip()',
    )
    + """
w = csv.writer(out, delimiter=";", lineterminator="\\r\\n")
w.writerow(["Code", "Kategorie", "Zitat", "Beleg"])
w.writerows(quote_rows())
"""
)
FLOORS["codings --json same keys"] = (
    FLOOR_HEAD
    + """
turns = {}
for d, s, p in db.execute("SELECT document_id, char_start, position FROM turns ORDER BY 1, 2"):
    turns.setdefault(d, ([], []))[0].append(s); turns[d][1].append(p)
rows = db.execute(
    "SELECT k.id, d.name, c.code, c.name, k.char_start, k.char_end, k.document_id, k.text, p.name,"
    " COALESCE(m.text, ''), k.coding_pass, v.label, CASE WHEN k.review IS NOT NULL THEN k.review"
    " WHEN c.revised_in IS NOT NULL AND (k.codebook_version_id IS NULL OR"
    " k.codebook_version_id < c.revised_in) THEN 'the category changed in codebook version '"
    " || rv.label || ' after this coding was made: check it again' END,"
    " k.created_at, k.updated_at FROM codings k"
    " LEFT JOIN memos m ON m.coding_id = k.id"
    " JOIN documents d ON d.id = k.document_id JOIN categories c ON c.id = k.category_id"
    " JOIN coders p ON p.id = k.coder_id"
    " LEFT JOIN codebook_versions v ON v.id = k.codebook_version_id"
    " LEFT JOIN codebook_versions rv ON rv.id = c.revised_in"
    " ORDER BY d.name, k.char_start, k.char_end, k.id")
def iso(t):
    return t[:10] + "T" + t[11:19] + "+00:00"
def records():
    for (i, doc, code, name, s, e, d, text, coder, memo, pas, version, review, made,
         changed) in rows:
        starts, positions = turns.get(d, ([0], [None]))
        first = positions[max(bisect_right(starts, s) - 1, 0)]
        last = positions[max(bisect_right(starts, e - 1) - 1, 0)]
        yield {"id": i, "document": doc, "category": code, "category_name": name, "start": s,
               "end": e, "position": first, "position_end": last, "text": text, "coder": coder,
               "memo": memo, "pass": pas, "codebook_version": version, "review": review,
               "created": iso(made), "updated": iso(changed)}
out.write(json.dumps(list(records()), ensure_ascii=False, separators=(",", ":")) + "\\n")
"""
)

# The same quotes as a workbook: the least an XLSX file needs (one sheet of inline strings),
# streamed into the zip at zlib's fastest level, as qualcode writes it.
FLOORS["quotes xlsx"] = (
    """
import sqlite3, sys, zipfile
from bisect import bisect_right
from xml.sax.saxutils import escape
db = sqlite3.connect(sys.argv[1])
"""
    + QUOTE_ROWS
    + """
NS = "http://schemas.openxmlformats.org"
R = NS + "/officeDocument/2006/relationships"
T = "application/vnd.openxmlformats-"
SS = T + "officedocument.spreadsheetml."
def rels(kind, target):
    return ('<Relationships xmlns="' + NS + '/package/2006/relationships">'
            '<Relationship Id="rId1" Type="' + R + "/" + kind + '" Target="' + target + '"/>'
            "</Relationships>")
PARTS = {
    "[Content_Types].xml": '<Types xmlns="' + NS + '/package/2006/content-types">'
    '<Default Extension="rels" ContentType="' + T + 'package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="' + SS + 'sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="' + SS + 'worksheet+xml"/>'
    "</Types>",
    "_rels/.rels": rels("officeDocument", "xl/workbook.xml"),
    "xl/workbook.xml": '<workbook xmlns="' + NS + '/spreadsheetml/2006/main" xmlns:r="' + R
    + '"><sheets><sheet name="Zitate" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": rels("worksheet", "worksheets/sheet1.xml"),
}
def line(number, values):
    cells = "".join('<c t="inlineStr"><is><t xml:space="preserve">' + escape(v) + "</t></is></c>"
                    for v in values)
    return ('<row r="%d">' % number + cells + "</row>").encode()
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
    for name, text in PARTS.items():
        z.writestr(name, text)
    with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
        f.write(('<worksheet xmlns="' + NS + '/spreadsheetml/2006/main"><sheetData>').encode())
        f.write(line(1, ["Code", "Kategorie", "Zitat", "Beleg"]))
        for number, values in enumerate(quote_rows(), 2):
            f.write(line(number, values))
        f.write(b"</sheetData></worksheet>")
"""
)


# -- timing -------------------------------------------------------------------------------------


def run(command: list[str]) -> tuple[float, float]:
    """Seconds and peak resident memory (MiB) of one fresh process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "QUALCODE_CODER": "bench"},
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    stderr = process.stderr.read().decode() if process.stderr else ""
    if status:
        sys.exit(f"{' '.join(command)} failed: {stderr}")
    return elapsed, usage.ru_maxrss / 1024


def stats(samples: list[float]) -> dict[str, float]:
    return {
        "min_s": round(min(samples), 3),
        "median_s": round(statistics.median(samples), 3),
        "max_s": round(max(samples), 3),
    }


def compare(label: str, ours: list[str], floor: list[str] | None, runs: int) -> dict[str, object]:
    """``ours`` and its floor, alternately, ``runs`` times each."""
    mine, base, memory, base_memory = [], [], [], []
    for _ in range(runs):
        seconds, peak = run(ours)
        mine.append(seconds)
        memory.append(peak)
        if floor is not None:
            seconds, peak = run(floor)
            base.append(seconds)
            base_memory.append(peak)
    result: dict[str, object] = {"qualcode": stats(mine), "peak_mib": round(max(memory), 1)}
    line = f"{label:46} {_fmt(mine)}"
    if base:
        ratio = statistics.median(mine) / statistics.median(base)
        result |= {"floor": stats(base), "floor_peak_mib": round(max(base_memory), 1)}
        result["ratio"] = round(ratio, 2)
        line += f"   floor {_fmt(base)}   {ratio:4.1f}x"
    print(line + f"   {max(memory):5.0f} MiB", flush=True)
    return result


def _fmt(samples: list[float]) -> str:
    return f"{min(samples):5.3f} {statistics.median(samples):5.3f} {max(samples):5.3f}"


def floor_command(name: str, project: Path, target: str) -> list[str]:
    return [sys.executable, "-c", FLOORS[name], str(project), target]


def report_cases(project: Path, out: Path, quick: bool) -> list[tuple[str, list[str], str | None]]:
    """(label, qualcode's arguments, the floor's name) for every report measured."""
    exports = [
        ("export frequencies --format csv", ["frequencies", "--format", "csv"], "frequencies"),
        ("export matrix --format csv", ["matrix", "--format", "csv"], "matrix"),
        ("export attributes --by Branche --format csv", ["attributes", "--by", "Branche"], None),
        ("export cooccurrence --format csv", ["cooccurrence", "--format", "csv"], None),
        ("export quotes --format csv", ["quotes", "--format", "csv"], "quotes"),
        ("export frequencies --format md", ["frequencies", "--format", "md"], None),
        ("export quotes --format tex", ["quotes", "--format", "tex"], None),
    ]
    if quick:
        exports = exports[:2] + exports[4:5]
    cases: list[tuple[str, list[str], str | None]] = []
    for label, args, floor in exports:
        target = (
            out / f"{args[0]}.{args[args.index('--format') + 1] if '--format' in args else 'csv'}"
        )
        command = [QUALCODE, "-p", str(project), "export", *args, "-o", str(target), "--force"]
        cases.append((label, command, floor))
    cases.append(
        ("codings --json", [QUALCODE, "-p", str(project), "codings", "--json"], "codings --json")
    )
    if not quick:
        cases.append(("log --json", [QUALCODE, "-p", str(project), "log", "--json"], None))
    return cases


def _codings(project: Path) -> int:
    with contextlib.closing(sqlite3.connect(project)) as db:
        return int(db.execute("SELECT count(*) FROM codings").fetchone()[0])


def figures(context: Context) -> list[Figure]:
    """The light reports on the peer corpus (under 0.3 s, within 3x their floor) and 100,000
    quotes on the bench project (CSV within 2x its floor and under 100 MiB; XLSX in constant
    memory), each a whole command beside its floor run alternately with it."""
    assert context.peer_project is not None
    out = context.out / "reports"
    out.mkdir(parents=True, exist_ok=True)
    floor_out = str(out / "floor.out")
    peer = context.peer_project
    n = _codings(peer)
    cases: list[tuple[str, list[str], list[str], str]] = [
        (
            f"qualcode {label}",
            ["--project", str(peer), *args],
            floor_command(floor, peer, "-" if floor == "codings --json" else floor_out),
            "under 0.3 s, within 3x",
        )
        for label, args, floor in [
            ("export frequencies --format csv", _export("frequencies", "csv", out), "frequencies"),
            ("export matrix --format csv", _export("matrix", "csv", out), "matrix"),
            (f"export quotes --format csv ({n:,})", _export("quotes", "csv", out), "quotes"),
            (f"codings --json ({n:,})", ["codings", "--json"], "codings --json"),
        ]
    ]
    found = [
        command_figure(
            context, "reports", name, [*context.qualcode, *args], FLOOR_NAME, floor, goal=goal
        )
        for name, args, floor, goal in cases
    ]
    project = context.bench_project
    if project is None or context.quick:
        return found
    # Not timed: a bench project from older code is brought to the current schema first, so
    # no run below measures that one-time upgrade in place of the export.
    subprocess.run(
        [*context.qualcode, "--project", str(project), "documents"],
        stdout=subprocess.DEVNULL,
        check=True,
    )
    n = _codings(project)
    runs = replace(context, runs=min(context.runs, 3))  # seconds each: three runs tell enough
    for fmt, goal in [
        ("csv", "within 2x, under 100 MiB"),
        ("xlsx", "constant memory, progress on stderr"),
    ]:
        floor = floor_command("quotes" if fmt == "csv" else "quotes xlsx", project, floor_out)
        args = ["--project", str(project), *_export("quotes", fmt, out)]
        found.append(
            command_figure(
                runs,
                "reports",
                f"qualcode export quotes --format {fmt} ({n:,})",
                [*context.qualcode, *args],
                f"floor: Python + sqlite3, the same quotes as {fmt.upper()}",
                floor,
                goal=goal,
                warm_up=False,
            )
        )
    return found


def _export(kind: str, fmt: str, out: Path) -> list[str]:
    return ["export", kind, "--format", fmt, "-o", str(out / f"{kind}.{fmt}"), "--force"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=None, help="default: the peer corpus")
    parser.add_argument("--project", type=Path, default=OUT / "bench.db")
    parser.add_argument("--quick", action="store_true", help="fewer cases, no bench project")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    runs = max(args.runs, 5)
    OUT.mkdir(exist_ok=True)
    if args.corpus is None:
        from peer_corpus import build

        args.corpus = build()  # reused while its shape is the same
    results: dict[str, object] = {"date": time.strftime("%Y-%m-%d %H:%M"), "load": os.getloadavg()}
    print(f"{'seconds: min median max':>70}")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        peer: dict[str, object] = {}
        for label, command, floor in report_cases(args.corpus, out, args.quick):
            ours = floor_command(floor, args.corpus, str(out / "floor")) if floor else None
            peer[label] = compare(f"peer: {label}", command, ours, runs)
        results["peer"] = peer
        if args.project.exists() and not args.quick:
            bench: dict[str, object] = {}
            for label, args_, floor in [
                ("export matrix --format csv", ["matrix", "--format", "csv"], "matrix"),
                (
                    "export frequencies --format csv",
                    ["frequencies", "--format", "csv"],
                    "frequencies",
                ),
                ("export quotes --format csv (100,000)", ["quotes", "--format", "csv"], "quotes"),
                ("export quotes --format xlsx (100,000)", ["quotes", "--format", "xlsx"], None),
            ]:
                fmt = args_[-1]
                command = [QUALCODE, "-p", str(args.project), "export", *args_]
                command += ["-o", str(out / f"bench.{fmt}"), "--force"]
                ours = floor_command(floor, args.project, str(out / "floor")) if floor else None
                bench[label] = compare(
                    f"bench: {label}", command, ours, runs if fmt != "xlsx" else 3
                )
            results["bench"] = bench
    (OUT / "exports.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
