"""Taguette databases and QualCoder projects: documents, codes, codings and coders come over."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from qualcode.cli.app import cli
from qualcode.services.exchange.project_import import import_project_file, read_project_file
from tests.helpers import SHARED

TAGUETTE = SHARED / "reference" / "transcripts" / "serdif-usability_en_odt_taguette"
DATABASE = TAGUETTE / "SERDIF_P2_ThematicAnalysis.sqlite3"


@pytest.mark.skipif(not DATABASE.is_file(), reason="../shared is not here")
def test_taguette_gives_the_authors_own_numbers(tmp_path: Path) -> None:
    with (TAGUETTE / "codebook_20220303_8.csv").open(encoding="utf-8") as handle:
        authors = {row["tag"]: int(row["number of highlights"]) for row in csv.DictReader(handle)}
    assert len(authors) == 22
    location = str(tmp_path / "taguette.db")
    project, report = import_project_file(location, "alice", DATABASE)
    try:
        assert report.codes == 22 and report.documents == 17 and not report.left_out
        book = project.codebook.get()
        counts = {c.name: 0 for c in book.categories}
        codings = project.coding.query()
        names = {c.code: c.name for c in book.categories}
        for coding in codings:
            counts[names[coding.category]] += 1
        assert counts == authors
        assert {c.coder for c in codings} == {"admin"}
        descriptions = {c.name: c.definition for c in book.categories}
        assert descriptions["System issue"].startswith("The user identifies a system issue")
    finally:
        project.close()
    # the frequency table shows the same numbers
    result = CliRunner().invoke(
        cli, ["--project", location, "export", "frequencies", "--format", "csv", "-o", "-"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(result.output.splitlines(), delimiter=";"))
    shown = {r[1]: int(r[2]) for r in rows[1:] if len(r) > 2 and r[2].isdigit()}
    assert shown == authors


@pytest.mark.skipif(not DATABASE.is_file(), reason="../shared is not here")
def test_taguette_highlights_keep_the_words_that_were_highlighted() -> None:
    from qualcode.importers.taguette import html_text

    exchange, _ = read_project_file(DATABASE)
    db = sqlite3.connect(f"{DATABASE.resolve().as_uri()}?mode=ro", uri=True)
    try:
        first = db.execute(
            "SELECT h.snippet FROM highlights h JOIN documents d ON d.id = h.document_id "
            "WHERE d.name LIKE 'P2_%' ORDER BY h.start_offset LIMIT 3"
        ).fetchall()
    finally:
        db.close()
    texts = {c.text for c in exchange.codings if c.document.startswith("P2_")}
    for (snippet,) in first:
        assert " ".join(html_text(snippet).split()) in texts


# QualCoder's tables as its project file creates them (the columns qualcode reads).
QUALCODER_SCHEMA = """
CREATE TABLE project (databaseversion text, date text, memo text, about text);
CREATE TABLE source (id integer primary key, name text, fulltext text, mediapath text,
    memo text, owner text, date text, av_text_id integer, risid integer, unique(name));
CREATE TABLE code_cat (catid integer primary key, name text, owner text, date text, memo text,
    supercatid integer, unique(name));
CREATE TABLE code_name (cid integer primary key, name text, memo text, catid integer, owner text,
    date text, color text, unique(name));
CREATE TABLE code_text (ctid integer primary key, cid integer, fid integer, seltext text,
    pos0 integer, pos1 integer, owner text, date text, memo text, avid integer,
    important integer, unique(cid, fid, pos0, pos1, owner));
CREATE TABLE attribute_type (name text primary key, date text, owner text, memo text,
    caseOrFile text, valuetype text);
CREATE TABLE attribute (attrid integer primary key, name text, attr_type text, value text,
    id integer, date text, owner text, unique(name, attr_type, id));
CREATE TABLE cases (caseid integer primary key, name text, memo text, owner text, date text,
    constraint ucm unique(name));
CREATE TABLE case_text (id integer primary key, caseid integer, fid integer, pos0 integer,
    pos1 integer, owner text, date text, memo text);
CREATE TABLE journal (jid integer primary key, name text, jentry text, date text, owner text,
    unique(name));
"""

INTERVIEW = "I: Wie kaufen Sie ein?\nB: Meistens 😀 online, weil es schneller geht.\nI: Danke.\n"


def qualcoder_project(folder: Path) -> Path:
    folder.mkdir()
    db = sqlite3.connect(folder / "data.qda")
    db.executescript(QUALCODER_SCHEMA)
    db.execute("INSERT INTO project VALUES ('v7', '2024-01-01 10:00:00', 'Pilotstudie', '')")
    db.execute(
        "INSERT INTO source VALUES (1, 'B01.txt', ?, NULL, 'ein ruhiges Gespräch', 'ben', "
        "'2024-01-02 09:00:00', NULL, NULL)",
        (INTERVIEW,),
    )
    db.execute(
        "INSERT INTO source VALUES (2, 'Foto.jpg', NULL, '/images/foto.jpg', '', 'ben', "
        "'2024-01-02 09:00:00', NULL, NULL)"
    )
    db.execute(
        "INSERT INTO code_cat VALUES (1, 'Kaufverhalten', 'ben', '', 'Wie gekauft wird', NULL)"
    )
    db.execute(
        "INSERT INTO code_name VALUES (1, 'Online', 'Kauf im Netz', 1, 'ben', '', '#3498db')"
    )
    db.execute("INSERT INTO code_name VALUES (2, 'Tempo', '', NULL, 'ben', '', '#aabbcc')")
    for ctid, cid, words, owner, memo in [
        (1, 1, "online", "ben", "klar"),
        (2, 2, "weil es schneller geht", "clara", ""),
        (3, 1, "Meistens 😀 online", "clara", ""),
    ]:
        start = INTERVIEW.index(words)
        db.execute(
            "INSERT INTO code_text VALUES (?, ?, 1, ?, ?, ?, ?, '2024-01-03 11:00:00', ?, NULL, 0)",
            (ctid, cid, words, start, start + len(words), owner, memo),
        )
    db.execute("INSERT INTO attribute_type VALUES ('Branche', '', 'ben', '', 'case', 'character')")
    db.execute("INSERT INTO cases VALUES (1, 'Fall A', '', 'ben', '')")
    db.execute("INSERT INTO case_text VALUES (1, 1, 1, 0, 10, 'ben', '', '')")
    db.execute("INSERT INTO attribute VALUES (1, 'Branche', 'case', 'Handel', 1, '', 'ben')")
    db.execute("INSERT INTO attribute VALUES (2, 'Alter', 'file', '42', 1, '', 'ben')")
    db.execute("INSERT INTO journal VALUES (1, 'Feldnotizen', 'Interview im Büro.', '', 'ben')")
    db.commit()
    db.close()
    return folder


def test_a_qualcoder_project_comes_over_whole(tmp_path: Path) -> None:
    folder = qualcoder_project(tmp_path / "studie.qda")
    project, report = import_project_file(str(tmp_path / "p.db"), "alice", folder)
    try:
        assert (report.documents, report.codes, report.codings, report.coders) == (1, 3, 3, 2)
        assert len(report.left_out) == 1 and "Foto.jpg" in report.left_out[0]
        book = project.codebook.get()
        tree = {c.name: c for c in book.categories}
        assert tree["Online"].parent == tree["Kaufverhalten"].code
        assert tree["Online"].definition == "Kauf im Netz"
        assert tree["Online"].colour == "#3498DB" and tree["Tempo"].parent is None
        codings = {(c.text, c.coder, c.memo) for c in project.coding.query()}
        assert codings == {
            ("online", "ben", "klar"),
            ("weil es schneller geht", "clara", ""),
            ("Meistens 😀 online", "clara", ""),
        }
        document = project.documents.get("B01")
        assert document.attributes == {"Alter": "42", "Branche": "Handel", "Case": "Fall A"}
        transcript = project.documents.transcript("B01")
        assert [t.speaker for t in transcript.turns] == ["I", "B", "I"]
        assert report.memos == 4  # project memo, journal, the source's memo, a coding's memo
    finally:
        project.close()


def test_the_data_file_of_a_qualcoder_project_reads_too(tmp_path: Path) -> None:
    folder = qualcoder_project(tmp_path / "studie.qda")
    exchange, report = read_project_file(folder / "data.qda")
    assert report.codings == 3 and exchange.name == "studie"


def test_another_sqlite_file_is_one_line(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    from qualcode.domain.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="neither a Taguette nor a QualCoder"):
        read_project_file(other)
