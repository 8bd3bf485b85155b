"""Time the search index and searching on the bench project, beside bare baselines.

    python bench/search.py [--runs 5] [--project bench/out/bench.db]
    python bench/search.py --figures [--runs 5] [--old PATH] [--no-index]  # bench/run.py's

Measures, on a copy of the project: building the index (each turn's sentences and where every
word form stands, 4 million words) against spaCy's blank German pipeline with its sentencizer
over the same texts; then plain, whole-word, lemma and compound searches through the service
and as whole ``qualcode search`` commands, against Python's ``re`` over the texts read with
sqlite3. Results go to bench/out/search.json.

:func:`figures` (for bench/run.py) lists every hit of a very common word ("Kunde": about 71,000
hits plain, 55,000 by lemma) in their keyword-in-context lines, beside a bare floor that does the
same with nothing of qualcode's: Python's ``re`` over each turn's text read with sqlite3, each
hit's turn, context and the categories coded there, in the same tuples (in process) or the same
JSON file (the whole command, ``qualcode search ... --json > file``). A lemma search's floor
is a pattern of the forms it finds. ``--old PATH`` measures a checkout of older code as well
(on ``PYTHONPATH``), alternately with the new, for a before-and-after in the same minutes.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import re
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from itertools import islice
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import OUT as BENCH_OUT  # noqa: E402
from measure import (  # noqa: E402
    Context,
    Figure,
    Sample,
    Series,
    peak_mib_of_this_process,
    run_command,
)

from qualcode.domain.search import SearchQuery  # noqa: E402
from qualcode.services.project import open_project  # noqa: E402

QUERIES = {
    "plain 'Kunde'": SearchQuery("Kunde"),
    "whole word 'Kunden'": SearchQuery("Kunden", whole_word=True),
    "whole word 'Messe'": SearchQuery("Messe", whole_word=True),
    "lemma 'Messe'": SearchQuery("Messe", lemma=True),
    "lemma 'Kunde'": SearchQuery("Kunde", lemma=True),
    "lemma and parts 'Kunde'": SearchQuery("Kunde", lemma=True, parts=True),
    "phrase 'die Kunden'": SearchQuery("die Kunden"),
}


CPU: list[float] = []  # the processor time of the latest timed() runs (the machine is shared)


def timed(action: Callable[[], object], runs: int) -> tuple[list[float], object]:
    samples, result = [], None
    CPU.clear()
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        result = action()
        samples.append(time.perf_counter() - started)
        CPU.append(time.process_time() - cpu)
    return samples, result


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "min_s": round(min(samples), 4),
        "median_s": round(statistics.median(samples), 4),
        "max_s": round(max(samples), 4),
        "cpu_median_s": round(statistics.median(CPU), 4) if CPU else 0.0,
    }


def baseline_re(path: Path, word: str) -> int:
    """Python's re over every text, read with sqlite3: the bare plain search."""
    connection = sqlite3.connect(path)
    pattern = re.compile(re.escape(word), re.IGNORECASE)
    found = 0
    for (text,) in connection.execute("SELECT text FROM documents"):
        found += sum(1 for _ in pattern.finditer(text))
    connection.close()
    return found


def baseline_spacy(path: Path) -> tuple[float, int]:
    """spaCy's blank German pipeline with the sentencizer over every turn: seconds, words."""
    import spacy

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    connection = sqlite3.connect(path)
    texts = [text for (text,) in connection.execute("SELECT text FROM documents")]
    connection.close()
    words = 0
    started = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=20):
        words += sum(1 for token in doc if token.is_alpha)
        sum(1 for _ in doc.sents)
    return time.perf_counter() - started, words


# -- the full listing of a common word, beside its floor (bench/run.py) -----------------------

WORD = "Kunde"
#: The searches listed in full: plain, by lemma, by lemma and parts (the command's flags).
LISTINGS = {"plain": [], "lemma": ["--lemma"], "lemma and parts": ["--lemma", "--parts"]}
#: The hits of a first page (what the workbench and a terminal show before the rest).
PAGE = 50


def floor_document(
    name: str,
    text: str,
    turns: list[tuple[int, int, int]],
    coded: list[tuple[int, int, str]],
    found: re.Pattern[str],
) -> list[tuple[object, ...]]:
    """One document's lines with nothing of qualcode's: per hit of ``found`` in a turn, the
    turn's Pos., 40 characters of context on either side (not cutting a word in half, line
    ends as spaces) and the categories of the codings that reach it (kept in one sweep over
    the codings in order)."""
    flat = text.replace("\n", " ")
    coded = sorted(coded)
    active: list[tuple[int, int, str]] = []
    waiting = 0
    lines: list[tuple[object, ...]] = []
    for position, turn_start, turn_end in turns:
        for match in found.finditer(text, turn_start, turn_end):
            start, end = match.span()
            while waiting < len(coded) and coded[waiting][0] < end:
                active.append(coded[waiting])
                waiting += 1
            active = [coding for coding in active if coding[1] > start]
            left = flat[max(0, start - 80) : start]
            if len(left) > 40:
                cut = left[-40:]
                space = cut.find(" ")
                left = cut[space:] if 0 <= space < 20 and left[-41].isalnum() else cut
            right = flat[end : end + 80]
            if len(right) > 40:
                cut = right[:40]
                space = cut.rfind(" ")
                right = cut[: space + 1] if space > 20 and right[40].isalnum() else cut
            categories = tuple(dict.fromkeys(coding[2] for coding in active))
            lines.append((name, position, start, end, text[start:end], left, right, categories))
    return lines


def floor_lines(path: str, pattern: str, flags: int) -> list[tuple[object, ...]]:
    """Every line, as qualcode lists them: Python's ``re`` over each turn's text read with
    sqlite3, the turns and codings of all documents read at once."""
    db = sqlite3.connect(path)
    lines = floor_of(db, re.compile(pattern, flags))
    db.close()
    return lines


def floor_of(db: sqlite3.Connection, found: re.Pattern[str]) -> list[tuple[object, ...]]:
    """Every line of the hits of ``found``, read through ``db``: a DB-API connection whose
    ``execute`` hands back its rows (sqlite3's, psycopg's), so the floor on PostgreSQL
    (bench/pg_search.py) is this one."""
    codes = dict(db.execute("SELECT id, code FROM categories").fetchall())
    turns: dict[int, list[tuple[int, int, int]]] = {}
    for document, position, start, end in db.execute(
        "SELECT document_id, position, char_start, char_end FROM turns"
        " ORDER BY document_id, char_start"
    ):
        turns.setdefault(document, []).append((position, start, end))
    codings: dict[int, list[tuple[int, int, str]]] = {}
    for document, start, end, category in db.execute(
        "SELECT document_id, char_start, char_end, category_id FROM codings"
    ):
        codings.setdefault(document, []).append((start, end, codes[category]))
    lines: list[tuple[object, ...]] = []
    for document, name, text in db.execute("SELECT id, name, text FROM documents ORDER BY name"):
        lines += floor_document(
            name, text, turns.get(document, []), codings.get(document, []), found
        )
    return lines


def floor_page(path: str, pattern: str, flags: int, size: int) -> list[tuple[object, ...]]:
    """The first ``size`` lines: documents in name order, each read (text, turns, codings)
    only when the page is not full yet."""
    found = re.compile(pattern, flags)
    db = sqlite3.connect(path)
    codes = dict(db.execute("SELECT id, code FROM categories"))
    lines: list[tuple[object, ...]] = []
    for document, name in db.execute("SELECT id, name FROM documents ORDER BY name").fetchall():
        (text,) = db.execute("SELECT text FROM documents WHERE id = ?", (document,)).fetchone()
        turns = db.execute(
            "SELECT position, char_start, char_end FROM turns WHERE document_id = ?"
            " ORDER BY char_start",
            (document,),
        ).fetchall()
        coded = [
            (start, end, codes[category])
            for start, end, category in db.execute(
                "SELECT char_start, char_end, category_id FROM codings WHERE document_id = ?",
                (document,),
            )
        ]
        lines += floor_document(name, text, turns, coded, found)
        if len(lines) >= size:
            break
    db.close()
    return lines[:size]


def floor_json(path: str, pattern: str, flags: int) -> None:
    """The floor's lines as ``qualcode search --json`` writes them, to standard output."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    keys = ("document", "position", "start", "end", "match", "left", "right", "categories")
    out = sys.stdout
    out.write('{"hits": [')
    first = True
    for line in floor_lines(path, pattern, flags):
        hit = dict(zip(keys, line, strict=True))
        hit["categories"] = list(line[7])  # type: ignore[call-overload]
        out.write(("\n  " if first else ",\n  ") + encode(hit))
        first = False
    out.write("]}\n" if first else "\n]}\n")


# The floor as a whole command: the interpreter's start, then the floor's own source.
_FLOOR_COMMAND = (
    "import json, re, sqlite3, sys\n"
    + inspect.getsource(floor_document)
    + inspect.getsource(floor_lines)
    + inspect.getsource(floor_of)
    + inspect.getsource(floor_json)
    + "floor_json(sys.argv[1], sys.argv[2], int(sys.argv[3]))\n"
)


def floor_pattern(project: Path, kind: str) -> tuple[str, int]:
    """The floor's pattern for a listing: the word anywhere, upper or lower case alike (plain),
    or the forms the lemma search finds, as whole words."""
    if kind == "plain":
        return re.escape(WORD), re.IGNORECASE
    opened = open_project(str(project), "bench")
    query = SearchQuery(WORD, lemma=True, parts="parts" in kind)
    forms = {hit.match for hit in opened.search.search(query)}
    opened.close()
    return forms_pattern(forms), 0


def forms_pattern(forms: Iterable[str]) -> str:
    """A pattern of these word forms as whole words, the longest first: the floor of a lemma
    search, which finds the forms its index says."""
    ordered = sorted(set(forms), key=len, reverse=True)
    if not ordered:
        return "(?!)"
    return r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)"


def _one(which: str, project: str, kind: str, pattern: str, flags: int) -> None:
    """One timed run in this fresh process, after one not timed (the pages and the lazy
    imports warm): prints ``wall_seconds peak_mib processor_seconds``. ``which``: "service"
    (qualcode's search, a hit object each), "rows" (its plain tuples), "page" (its first
    page), "floor", "floor-page"; "index" (the search index built from nothing: no warm-up)
    and "spacy" (its baseline)."""
    if which in ("index", "spacy"):
        _one_index(which, project)
        return
    query = SearchQuery(WORD, lemma="lemma" in kind, parts="parts" in kind)
    if which == "floor":

        def action() -> int:
            return len(floor_lines(project, pattern, flags))

    elif which == "floor-page":

        def action() -> int:
            return len(floor_page(project, pattern, flags, PAGE))

    else:
        from qualcode.services.project import open_project as opening

        search = opening(project, "bench").search
        listing = search.search if which == "service" else search.rows
        size = PAGE if which == "page" else None

        def action() -> int:
            return sum(1 for _ in islice(listing(query), size))

    action()
    started, cpu = time.perf_counter(), time.process_time()
    action()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{wall:.4f} {peak_mib_of_this_process():.1f} {cpu:.4f}")


def _one_index(which: str, project: str) -> None:
    """The index of every document built from nothing, or spaCy's blank German pipeline with
    its sentencizer over the same texts (each word and sentence walked)."""
    if which == "index":
        opened = open_project(project, "bench")
        started, cpu = time.perf_counter(), time.process_time()
        opened.search.build_index()
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        opened.close()
    else:
        import spacy

        nlp = spacy.blank("de")
        nlp.add_pipe("sentencizer")
        db = sqlite3.connect(project)
        texts = [text for (text,) in db.execute("SELECT text FROM documents")]
        db.close()
        started, cpu = time.perf_counter(), time.process_time()
        for doc in nlp.pipe(texts, batch_size=20):
            sum(1 for token in doc if token.is_alpha)
            sum(1 for _ in doc.sents)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{wall:.4f} {peak_mib_of_this_process():.1f} {cpu:.4f}")


# Starts a command from a small interpreter: a process forked from the bench (or spawned by
# vfork) would be charged the bench's own memory as its peak (see measure.py).
_FORK = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def _timed(command: list[str], env: dict[str, str], cwd: Path) -> tuple[Sample, Sample]:
    """A ``--one`` run: its wall-clock time with the process's peak, and its processor time
    (the machine is shared: the processor time is what the work itself took)."""
    done = subprocess.run(
        [sys.executable, "-S", "-c", _FORK, *command],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()}")
    wall, peak, cpu = done.stdout.split()[-3:]
    return Sample(float(wall), float(peak)), Sample(float(cpu))


def _project(context: Context, *, indexed: bool = True) -> Path:
    """A copy of the bench project (the peer corpus's in a quick run), migrated, and indexed
    unless ``indexed`` is false."""
    source = context.peer_project if context.quick else context.bench_project
    if source is None:
        raise RuntimeError("there is no bench project (make bench builds it)")
    folder = context.out / "search"
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / ("search.db" if indexed else "index.db")
    for suffix in ("", "-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    shutil.copy(source, copy)
    opened = open_project(str(copy), "bench")
    if indexed:
        opened.search.build_index()
    opened.close()
    for backup in folder.glob(copy.name + ".bak-*"):
        backup.unlink()
    return copy


def _old_project(context: Context, old_env: dict[str, str]) -> Path:
    """A copy of the bench project for older code, indexed by it: the newer code's copy may
    have a schema the older refuses."""
    source = context.peer_project if context.quick else context.bench_project
    if source is None:
        raise RuntimeError("there is no bench project (make bench builds it)")
    copy = context.out / "search" / "old.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    shutil.copy(source, copy)
    build = (
        "import sys\nfrom qualcode.services.project import open_project\n"
        "opened = open_project(sys.argv[1], 'bench')\nopened.search.build_index()\nopened.close()\n"
    )
    subprocess.run(
        [context.python, "-c", build, str(copy)], env=old_env, cwd=context.out, check=True
    )
    for backup in copy.parent.glob(copy.name + ".bak-*"):
        backup.unlink()
    return copy


def _without_index(project: Path) -> None:
    """Empties the project's search index (the next search or build indexes every document)."""
    db = sqlite3.connect(project)
    with db:
        for table in ("search_postings", "search_documents", "search_terms"):
            db.execute(f"DELETE FROM {table}")
    db.close()


def index_figures(context: Context) -> list[Figure]:
    """The search index built from nothing (each turn's sentences, where every word form
    stands, each new form's lemma key), beside spaCy's blank German pipeline with its
    sentencizer over the same texts; in processor time too."""
    project = _project(context, indexed=False)
    _without_index(project)
    opened = open_project(str(project), "bench")
    words = opened.search.index_state().pending_words
    opened.close()
    runs = 2 if context.runs > 2 else context.runs  # each run takes 10 to 40 seconds
    me = [context.python, str(Path(__file__).resolve()), "--one"]
    env = context.env()
    name = f"build the search index from nothing: {words:,} words"
    ours, ours_cpu = Series(name), Series(name + " (processor time)")
    spacy, spacy_cpu = (
        Series("spaCy blank 'de' + sentencizer, the same texts"),
        Series("spaCy blank 'de' + sentencizer (processor time)"),
    )
    for _ in range(runs):
        _without_index(project)
        wall, cpu = _timed([*me, "index", str(project), "-", "-", "0"], env, context.out)
        ours.add(wall)
        ours_cpu.add(cpu)
        wall, cpu = _timed([*me, "spacy", str(project), "-", "-", "0"], env, context.out)
        spacy.add(wall)
        spacy_cpu.add(cpu)
    goal = f"150,000 words/s: under {words / 150_000:.1f} s"
    return [Figure("search", ours, spacy, goal), Figure("search", ours_cpu, spacy_cpu, goal)]


def _to_file(command: list[str], out: Path) -> list[str]:
    """``command > out``, as a user redirects it."""
    return ["sh", "-c", f'exec "$@" > {shlex.quote(str(out))}', "sh", *command]


def listing_figures(context: Context, old: Path | None = None) -> list[Figure]:
    """Every hit of "Kunde" plain, by lemma, by lemma and parts: in process (wall clock and
    processor time) and as whole commands, each beside its floor; the first page beside the
    floor's first page (and each beside ``old`` code, when given)."""
    project = _project(context)
    me = [context.python, str(Path(__file__).resolve()), "--one"]
    env = context.env()
    old_env = {**env, "PYTHONPATH": str(old)} if old else env
    old_project = _old_project(context, old_env) if old else project
    found: list[Figure] = []
    for kind, flags in LISTINGS.items():
        pattern, pattern_flags = floor_pattern(project, kind)
        base = [str(project), kind, pattern, str(int(pattern_flags))]
        goal = "under 0.2 s" if kind == "plain" else "under 0.5 s"
        cases = {
            "rows": f"search '{WORD}' {kind}: every hit as tuples (service, in process)",
            "floor": f"floor: Python re over the turns + sqlite3, the same {kind} lines",
            "page": f"search '{WORD}' {kind}: the first {PAGE} hits (service)",
            "floor-page": f"floor: the first {PAGE} of those lines",
        }
        if kind == "plain" or old:
            cases["service"] = f"search '{WORD}' {kind}: every hit as SearchHit (the workbench)"
        walls = {which: Series(name) for which, name in cases.items()}
        cpus = {which: Series(name + " (processor time)") for which, name in cases.items()}
        before = Series(f"search '{WORD}' {kind}: every hit as SearchHit (old code)")
        for _ in range(context.runs):  # each process warms up before its timed run
            for which in cases:
                wall, cpu = _timed([*me, which, *base], env, context.out)
                walls[which].add(wall)
                cpus[which].add(cpu)
            if old:
                older = [str(old_project), *base[1:]]
                before.add(_timed([*me, "service", *older], old_env, context.out)[0])
        found.append(Figure("search", walls["rows"], walls["floor"], goal))
        found.append(Figure("search", cpus["rows"], cpus["floor"], goal))
        if "service" in walls:
            found.append(Figure("search", walls["service"], walls["floor"], goal))
        if old:
            found.append(Figure("search", before, walls["floor"], "(before)"))
        found.append(Figure("search", walls["page"], walls["floor-page"], "(the first page)"))
        out = context.out / "search" / "hits.json"
        qualcode = [*context.qualcode, "--project", str(project), "search", WORD, *flags]
        floor_command = [context.python, "-c", _FLOOR_COMMAND, str(project), pattern]
        floor_command.append(str(int(pattern_flags)))
        commands = [("qualcode", _to_file([*qualcode, "--json"], out), env)]
        commands.append(("floor", _to_file(floor_command, out.with_name("floor.json")), env))
        if kind == "plain":  # the lines a terminal shows, redirected
            text = _to_file(qualcode, out.with_name("hits.txt"))
            commands.append(("text", text, {**env, "COLUMNS": "120"}))
        if old:
            module = [context.python, "-m", "qualcode.cli.app", "--project", str(old_project)]
            module += ["search", WORD, *flags]
            commands.append(
                ("old", _to_file([*module, "--json"], out.with_name("old.json")), old_env)
            )
        series_of = {name: Series(name) for name, _command, _env in commands}
        for run in range(context.runs + 1):  # the first round warms up, not counted
            for name, command, environment in commands:
                sample = run_command(command, env=environment, cwd=context.out)
                if run:
                    series_of[name].add(sample)
        flag_text = (" " + " ".join(flags)) if flags else ""
        series_of["qualcode"].name = f"qualcode search {WORD}{flag_text} --json > file"
        series_of["floor"].name = "floor: the same JSON as one python command"
        found.append(Figure("search", series_of["qualcode"], series_of["floor"], goal))
        if "text" in series_of:
            series_of["text"].name = f"qualcode search {WORD}{flag_text} > file (text lines)"
            found.append(Figure("search", series_of["text"], series_of["floor"], goal))
        if old:
            series_of["old"].name = f"qualcode search {WORD}{flag_text} --json > file (old code)"
            found.append(Figure("search", series_of["old"], series_of["floor"], "(before)"))
    return found


def figures(context: Context) -> list[Figure]:
    """The index built from nothing beside spaCy, and the full listings of a common word in
    process and as whole commands beside their floors (bench/run.py's registry)."""
    return [*index_figures(context), *listing_figures(context)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--project", type=Path, default=HERE / "out" / "bench.db")
    parser.add_argument("--figures", action="store_true", help="the listings beside floors")
    parser.add_argument("--old", type=Path, help="with --figures: older code to compare")
    parser.add_argument("--no-index", action="store_true", help="with --figures: no index build")
    parser.add_argument("--one", nargs=5, help="internal: one timed listing")
    args = parser.parse_args()
    if args.one:
        which, project, kind, pattern, flags = args.one
        _one(which, project, kind, pattern, int(flags))
        return
    if args.figures:
        os.environ.setdefault("QUALCODE_CODER", "coder-a")
        context = Context(runs=args.runs, bench_project=args.project, out=BENCH_OUT)
        started = time.perf_counter()
        measured = [] if args.no_index else index_figures(context)
        measured += listing_figures(context, args.old)
        found = [figure.as_json() for figure in measured]
        load = [round(x, 2) for x in os.getloadavg()]
        out = BENCH_OUT / "search-figures.json"
        out.write_text(json.dumps({"load": load, "figures": found}, indent=2), encoding="utf-8")
        for figure in found:
            ours, base = figure["measured"], figure["baseline"]
            assert isinstance(ours, dict) and isinstance(base, dict)
            spread = " / ".join(f"{ours[k]:.3f}" for k in ("min_s", "median_s", "max_s"))
            print(
                f"{ours['name']:62s} {spread} s  floor {base['median_s']:.3f} s  {figure['ratio']}x"
            )
        print(f"load {load}, {time.perf_counter() - started:.0f} s; wrote {out}")
        return
    results: dict[str, object] = {"date": time.strftime("%Y-%m-%d %H:%M"), "load": os.getloadavg()}
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "bench.db"
        shutil.copy(args.project, copy)
        project = open_project(str(copy), "bench")
        words = project.search.index_state().pending_words

        started = time.perf_counter()
        built = project.search.build_index()
        seconds = time.perf_counter() - started
        results["index"] = {
            "documents": built,
            "words": words,
            "seconds": round(seconds, 2),
            "words_per_second": round(words / seconds),
        }
        print(
            f"index: {built} documents, {words:,} words in {seconds:.1f} s "
            f"= {words / seconds:,.0f} words/s"
        )
        spacy_seconds, spacy_words = baseline_spacy(copy)
        results["baseline spaCy blank pipeline + sentencizer"] = {
            "seconds": round(spacy_seconds, 2),
            "words": spacy_words,
            "words_per_second": round(spacy_words / spacy_seconds),
        }
        print(
            f"baseline spaCy: {spacy_words:,} words in {spacy_seconds:.1f} s "
            f"= {spacy_words / spacy_seconds:,.0f} words/s"
        )

        for word in ("Kunde", "Messe"):
            samples, found = timed(lambda w=word: baseline_re(copy, w), args.runs)
            results[f"baseline re '{word}'"] = {**summary(samples), "hits": found}
            print(
                f"{'baseline re ' + word:28s} {statistics.median(samples):6.3f} s  {found:,} hits"
            )
        for name, query in QUERIES.items():
            list(project.search.search(query))  # the first run reads the pages into the cache
            samples, hits = timed(lambda q=query: list(project.search.search(q)), args.runs)
            count = len(hits)  # type: ignore[arg-type]
            results[f"service {name}"] = {**summary(samples), "hits": count}
            print(
                f"{'service ' + name:28s} {statistics.median(samples):6.3f} s "
                f"(cpu {statistics.median(CPU):.3f})  {count:,} hits"
            )
        samples, _ = timed(
            lambda: next(iter(project.search.search(QUERIES["plain 'Kunde'"]))), args.runs
        )
        results["service first hit of plain 'Kunde'"] = summary(samples)
        print(f"{'service first hit Kunde':28s} {statistics.median(samples):6.3f} s")
        project.close()

        command = [str(Path(sys.executable).parent / "qualcode"), "--project", str(copy)]
        for name, extra in (
            ("plain 'Kunde'", []),
            ("lemma 'Kunde'", ["--lemma"]),
            ("lemma and parts 'Kunde'", ["--lemma", "--parts"]),
        ):
            samples, _ = timed(
                lambda extra=extra: subprocess.run(
                    [*command, "search", "Kunde", *extra, "--json"],
                    check=True,
                    stdout=subprocess.DEVNULL,
                ),
                args.runs,
            )
            results[f"command {name}"] = summary(samples)
            print(f"{'command ' + name:28s} {statistics.median(samples):6.3f} s")
        samples, _ = timed(
            lambda: subprocess.run([*command, "documents"], check=True, stdout=subprocess.DEVNULL),
            args.runs,
        )
        results["command qualcode documents (for scale)"] = summary(samples)
        print(f"{'command documents':28s} {statistics.median(samples):6.3f} s")
    out = HERE / "out" / "search.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
