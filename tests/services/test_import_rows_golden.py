"""The rows an import stores, for a varied set of transcripts, are those of a golden file.

The golden file was written by the importer before its parsing was made faster; whatever way a
file is read now (the one-pass shortcut for plainly labelled transcripts, or every rule), each
document, each turn, each case attribute and each warning must stay as they were. The files are
written here: labelled ``I:``/``B:`` turns with and without time marks ``[hh:mm:ss]``, f4 marks,
CRLF line ends, a BOM, Windows-1252, hard-wrapped and Markdown transcripts, odd blanks, the
tools' layouts, DOCX, ODT and RTF. ``QUALCODE_UPDATE_GOLDEN=1`` rewrites the golden file.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from contextlib import closing
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from qualcode.importers import sources
from qualcode.services.project import init_project
from tests.helpers import CODEBOOK, SAMPLE_FILES
from tests.importers.makers import RTF, docx_bytes, odt_bytes

GOLDEN = Path(__file__).parent / "golden" / "import_rows.json"
FIXTURES = Path(__file__).parent.parent / "importers" / "fixtures"

BODY = "Wie gewinnen Sie neue Kunden über Messen, „Empfehlungen“ und – manchmal – Kaltakquise?"


def plain(turns: int, *, gap: str = "\n\n", marks: bool = True, label: str = "B") -> str:
    """The commonest shape: a labelled line a turn, every other opened by a time mark."""
    lines = []
    for i in range(turns):
        mark = f"[00:{i // 60:02d}:{i % 60:02d}] " if marks and i % 2 == 0 else ""
        who = "I" if i % 2 == 0 else label
        lines.append(f"{who}: {mark}{BODY} ({i})")
    return gap.join(lines) + "\n"


TEXTS: dict[str, str] = {
    "plain.txt": plain(12),
    "plain-single-gaps.txt": plain(6, gap="\n"),
    "plain-wide-gaps.txt": "\n\n" + plain(6, gap="\n\n\n") + "\n\n",
    "plain-no-marks.txt": plain(5, marks=False, label="B1"),
    "plain-trailing-blanks.txt": (
        "I: [00:00:01] Gut.   \n\nB: Ja, gut. \n\nI: [00:00:09]\n\nB: Ende."
    ),
    "marks-of-every-kind.txt": (
        "I: [01:23] Minuten und Sekunden.\n\nB: (00:01:30) Runde Klammern.\n\n"
        "I: [00:01:40,5] Mit Bruchteil.\n\nB: [00:01:45.25] Punkt.\n\nI: [00:02:00)gemischt\n\n"
        "B: [0:2:5] zu kurz.\n"
    ),
    "long-labels.txt": (
        "Interviewer: Wie war es?\n\nBefragte/r: Gut.\n\nInterviewer 2: Und dann?\n\n"
        "SPEAKER_00: Dann kam es anders.\n\nModeratorin: Danke.\n"
    ),
    "f4.txt": (
        "I: Wie gewinnen Sie neue Kunden? #00:00:05-2#\n\n"
        "B: Über Messen und Empfehlungen. #00:01:10-0#\n\n"
        "#00:01:12-5# I: Und sonst?\n\nB: #00:01:20-1# Kaltakquise. #00:01:30-0#\n\n"
        "I: Mitten #00:01:35-0# im Satz.\n"
    ),
    "wrapped.txt": (
        "Interview B07 – Kundenbindung\n\nI: Wie gewinnen Sie\nneue Kunden?\n\n"
        "B: Über Messen,\nüber Empfehlungen\nund Kaltakquise.\n\nI: Danke.\n"
    ),
    "named-speakers.txt": (
        "Frau Dr. Keller: Guten Tag.\n\nHerr Maier: Guten Tag.\n\n"
        "Frau Dr. Keller: Fazit: alles gut.\n\nHerr Maier: Ja.\n\nFazit: nur einmal.\n"
    ),
    "rare-labels.txt": (
        "M: Bitte laut denken.\n\n" + "\n\n".join(f"Ich klicke {i}." for i in range(12))
    ),
    "no-labels.txt": "Erster Absatz ohne Sprecher.\n\nZweiter Absatz.\n",
    "odd-blanks.txt": (
        "I:\tTabulator davor.\n\nB: Zwei  Leerzeichen\u00a0und geschützte.\n\n"
        "I: Null\u200bbreite und\u2009schmale.\n\nB:  Zwei vorne.\n\nI: e\u0301 zerlegt.\n"
    ),
    "hash-in-text.txt": "I: Ein # im Text.\n\nB: Und a#b auch.\n",
    "noscribe-word.txt": "I: noScribe hat das geschrieben.\n\nB: Gut.\n",
    "colons.txt": "I: Um 10:30 Uhr: Treffen.\n\nB:kein Leerzeichen\n\nI: Ende.\n",
    "empty-turns.txt": "I: [00:00:03]\n\nB:\n\nI: [00:00:09] Weiter.\n\nB: Ende.\n",
    "bold.md": "**I [00:00:03]** Wie gewinnen Sie Kunden?\n\n**B: [00:00:09]** Über Messen.\n",
    "front-matter.md": (
        "---\nAlter: 41\nBranche: [Handel, Handwerk]\n---\n\n# Interview\n\n"
        "I: Frage?\n\n---\n\nB: Antwort.\n\n## Teil 2\n\nI: Weiter.\n"
    ),
}


def write_files(folder: Path) -> list[Path]:
    """The varied transcripts as files, in the encodings and line ends people send."""
    files: dict[str, bytes] = {name: text.encode("utf-8") for name, text in TEXTS.items()}
    crlf = plain(8).replace("\n", "\r\n")
    files["crlf.txt"] = crlf.encode("utf-8")
    files["bom.txt"] = b"\xef\xbb\xbf" + plain(8).encode("utf-8")
    files["bom-crlf.txt"] = b"\xef\xbb\xbf" + crlf.encode("utf-8") + b"\r\n"
    files["old-mac.txt"] = plain(4).replace("\n", "\r").encode("utf-8")
    files["cp1252.txt"] = plain(8).encode("cp1252")
    files["latin-1.txt"] = "I: Grüße aus Köln.\n\nB: Maß und Öl.\n".encode("latin-1")
    files["stray-byte.txt"] = "I: Grüße.\n\nB: Schöne Grüße.\n".encode() + b"I: Gr\xfc\xdfe.\n"
    files["control.txt"] = b"I: Ein\x07 Zeichen.\n\nB: Gut.\n"
    files["utf-16.txt"] = "\ufeffI: Grüße.\n\nB: Ja.\n".encode("utf-16-le")
    files["wordpad.rtf"] = RTF.encode("ascii")
    files["word.docx"] = docx_bytes(
        [
            "Interview B07",
            [("I: ", True), ("Wie gewinnen Sie neue Kunden? #00:00:05-2#", False)],
            None,
            [("B:", True), (" Über Messen.\nUnd Empfehlungen. #00:01:10-0#", False)],
            ("table", [["Sprecher", "Text"], ["I", "Danke."]]),
        ]
    )
    files["writer.odt"] = odt_bytes(
        ["I: [00:00:03] Wie gewinnen Sie Kunden?", None, "B: Über Messen.\nUnd Empfehlungen."]
    )
    for fixture in sorted(FIXTURES.iterdir()):  # the tools' layouts (one name a fixture)
        files[f"{fixture.stem}-{fixture.suffix[1:]}{fixture.suffix}"] = fixture.read_bytes()
    folder.mkdir()
    paths = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return [*paths, *SAMPLE_FILES]


LONG_TEXT = 2000  # characters: a longer text (the bundled samples') is kept as its hash


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


DOCUMENT_COLUMNS = "name, source_name, format, sha256, text, word_count, turn_count"
TURN_COLUMNS = "position, speaker, char_start, char_end, start_seconds, end_seconds"


def stored(path: Path, files: list[Path]) -> dict[str, Any]:
    """Each document's row and turns, its attributes; the hash of a file made here (a Word
    or OpenDocument file has the time it was written in it) checked against the file."""
    digests = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    found: dict[str, Any] = {}
    with closing(sqlite3.connect(path)) as raw:
        documents = raw.execute(f"SELECT id, {DOCUMENT_COLUMNS} FROM documents ORDER BY name")
        for doc_id, name, source, fmt, sha256, text, words, turns in documents.fetchall():
            assert sha256 == digests[source]
            rows = raw.execute(
                f"SELECT {TURN_COLUMNS} FROM turns WHERE document_id = ? ORDER BY position",
                (doc_id,),
            ).fetchall()
            attributes = dict(
                raw.execute(
                    'SELECT "key", value FROM attributes WHERE document_id = ? ORDER BY "key"',
                    (doc_id,),
                ).fetchall()
            )
            found[name] = {
                "source": source,
                "format": fmt,
                "sha256": sha256 if source.endswith(".txt") else "<made here>",
                "text": text if len(text) <= LONG_TEXT else f"sha256 {_digest(text)}",
                "words": words,
                "turn_count": turns,
                "turns": [list(row) for row in rows],
                "attributes": attributes,
            }
    return found


@pytest.mark.parametrize(
    ("light", "workers", "as_text"),
    [(True, False, False), (True, True, False), (False, False, False), (True, False, True)],
    ids=["sqlite3", "sqlite3-workers", "sqlalchemy", "sqlite3-text"],
)
def test_an_import_stores_the_rows_of_the_golden_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, light: bool, workers: bool, as_text: bool
) -> None:
    """Each way of storing: through sqlite3 (the text handed over as its UTF-8 bytes, the
    turns as cells in a row) from this process or from the workers, through SQLAlchemy, and
    through sqlite3 with every text kept as text (as a large transcript's is)."""
    monkeypatch.setattr(sources, "worth_parallel", lambda paths: workers)
    if as_text:
        monkeypatch.setattr(sources, "_source_file", partial(sources._source_file, encode=False))
    files = write_files(tmp_path / "files")
    project = init_project(str(tmp_path / "p.db"), "alice", CODEBOOK)
    project.documents.light_writes = light
    report = project.documents.import_files(files)
    project.close()
    folder = f"{tmp_path / 'files'}{os.sep}"
    documents = stored(tmp_path / "p.db", files)
    warnings = [w.replace(folder, "") for w in report.warnings]
    produced = {"documents": documents, "warnings": warnings}
    if os.environ.get("QUALCODE_UPDATE_GOLDEN") and light and not workers and not as_text:
        GOLDEN.write_text(json.dumps(produced, ensure_ascii=False, indent=1) + "\n", "utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert warnings == expected["warnings"]
    assert documents.keys() == expected["documents"].keys()
    for name, document in expected["documents"].items():
        assert documents[name] == document, name
