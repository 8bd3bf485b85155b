"""Many files are parsed in worker processes: the result must be the serial import's."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qualcode.domain.errors import (
    CodebookError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    QualcodeError,
)
from qualcode.domain.speakers import Speaker, SpeakerMap
from qualcode.domain.transcript import Turn, turn_rows
from qualcode.importers import sources
from qualcode.importers.registry import choose
from qualcode.services.project import Project, init_project
from tests.helpers import CODEBOOK, SAMPLE_FILES, dump


def many_files(folder: Path, count: int = 24) -> list[Path]:
    """Copies of the sample interviews, each made a different file by a line of its own."""
    folder.mkdir()
    files = []
    for i in range(count):
        source = SAMPLE_FILES[i % len(SAMPLE_FILES)]
        target = folder / f"P{i:02d}{source.suffix}"
        target.write_bytes(source.read_bytes() + f"\n\nI: Nachfrage {i}.\n".encode())
        files.append(target)
    return files


def contents(project: Project) -> list[tuple[Any, ...]]:
    """What an import stores, without ids and times."""
    result = []
    for info in project.documents.all():
        t = project.documents.transcript(info.name)
        result.append(
            (info.name, info.format, info.sha256, info.words, info.attributes, t.text, t.turns)
        )
    return result


@pytest.fixture
def pooled(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Forces the worker processes, and records that they were used."""
    used: list[bool] = []

    def always(paths: list[Path]) -> bool:
        used.append(True)
        return True

    monkeypatch.setattr(sources, "worth_parallel", always)
    return used


def test_parallel_import_stores_what_the_serial_one_does(
    new_project: Project, tmp_path: Path, pooled: list[bool]
) -> None:
    files = many_files(tmp_path / "in")
    calls: list[tuple[int, int, str]] = []
    report = new_project.documents.import_files(
        files, attributes={"Welle": "2"}, progress=lambda *a: calls.append(a)
    )
    assert pooled and len(report.imported) == len(files)
    assert calls == [(i, len(files), p.name) for i, p in enumerate(files)]

    serial = init_project(str(tmp_path / "serial.db"), "alice", CODEBOOK)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sources, "worth_parallel", lambda paths: False)
        serial_report = serial.documents.import_files(files, attributes={"Welle": "2"})
    assert contents(new_project) == contents(serial)
    assert report.warnings == serial_report.warnings
    serial.close()


def test_a_bad_file_among_many_stops_the_parallel_import(
    new_project: Project, project_location: str, tmp_path: Path, pooled: list[bool]
) -> None:
    files = many_files(tmp_path / "in")
    bad = tmp_path / "in" / "P99.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    before = dump(project_location)
    with pytest.raises(InvalidInputError) as raised:
        new_project.documents.import_files([*files[:10], bad, *files[10:]])
    assert str(raised.value) == f"{bad}: this is a PNG image, not a text transcript"
    assert dump(project_location) == before
    with pytest.raises(NotFoundError, match="fehlt.txt: there is no such file"):
        new_project.documents.import_files([*files, tmp_path / "fehlt.txt"])
    assert dump(project_location) == before

    report = new_project.documents.import_files([bad, *files], skip_bad=True)
    assert report.skipped == [f"{bad}: this is a PNG image, not a text transcript"]
    assert len(report.imported) == len(files)
    with pytest.raises(ConflictError, match="P03.txt: this file was imported already"):
        new_project.documents.import_files([files[3]])


def test_documents_are_written_while_the_workers_parse(
    new_project: Project, tmp_path: Path, pooled: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first documents are stored before the last file is handed out; alone, all first."""
    from qualcode.storage.documents import plain_writes, writes

    files = many_files(tmp_path / "in")
    seen: list[str] = []

    def recording(insert: Callable[..., int]) -> Callable[..., int]:
        def recording_insert(*args: Any, **kwargs: Any) -> int:
            seen.append(f"write {kwargs['name']}")
            return insert(*args, **kwargs)

        return recording_insert

    # SQLite projects are written through sqlite3 (plain_writes), servers through SQLAlchemy.
    for module in (writes, plain_writes):
        monkeypatch.setattr(module, "insert", recording(module.insert))
    new_project.documents.import_files(files, progress=lambda d, t, n: seen.append(f"read {n}"))
    assert seen.index("write P00") < seen.index(f"read {files[-1].name}")
    assert [e for e in seen if e.startswith("read")] == [f"read {p.name}" for p in files]

    seen.clear()
    monkeypatch.setattr(sources, "worth_parallel", lambda paths: False)
    few = [tmp_path / f"S{i}.txt" for i in range(3)]
    for i, path in enumerate(few):
        path.write_text(f"I: Frage {i}?\nB: Antwort {i}.\n", encoding="utf-8")
    new_project.documents.import_files(few, progress=lambda d, t, n: seen.append(f"read {n}"))
    assert [e.split()[0] for e in seen] == ["read"] * 3 + ["write"] * 3


def test_a_duplicate_among_many_stops_the_overlapped_import(
    new_project: Project, project_location: str, tmp_path: Path, pooled: list[bool]
) -> None:
    """Documents already written in the transaction go with it; a file that cannot be read
    is still reported before a duplicate, and skipped after them, as when all were read first."""
    files = many_files(tmp_path / "in")
    new_project.documents.import_files(files[:2])
    before = dump(project_location)
    rest = files[2:]
    with pytest.raises(ConflictError, match="P01.txt: this file was imported already"):
        new_project.documents.import_files([*rest[:12], files[1], *rest[12:]])
    assert dump(project_location) == before

    bad = tmp_path / "P98.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(InvalidInputError, match="P98.txt: this is a PNG image"):
        new_project.documents.import_files([*rest[:12], files[1], *rest[12:], bad])
    assert dump(project_location) == before

    table = tmp_path / "faelle.csv"
    table.write_bytes(b"\x00\x01\x02")
    with pytest.raises(QualcodeError):
        new_project.documents.import_files(rest, attributes_file=table)
    with pytest.raises(InvalidInputError, match="P98.txt: this is a PNG image"):
        new_project.documents.import_files([*rest, bad], attributes_file=table)
    assert dump(project_location) == before

    report = new_project.documents.import_files(
        [*rest[:12], files[1], *rest[12:], bad], skip_bad=True
    )
    assert [line.split(": ")[0] for line in report.skipped] == [str(bad), str(files[1])]
    assert len(report.imported) == len(rest)


def test_workers_started_afresh_parse_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workbench imports from a thread, where workers start as new interpreters."""
    files = many_files(tmp_path / "in", count=4)
    monkeypatch.setattr(sources, "pool_start_method", lambda: "spawn")
    pooled = list(sources.read_sources(files, parallel=True))
    serial = list(sources.read_sources(files, parallel=False))
    assert pooled == serial


def test_small_imports_stay_in_this_process(tmp_path: Path) -> None:
    files = many_files(tmp_path / "in", count=3)
    assert not sources.worth_parallel(files)
    assert not sources.worth_parallel(files[:1])


@pytest.mark.parametrize(
    "error",
    [
        InvalidInputError("the file is empty", file="a.txt"),
        InvalidInputError("bad time mark", file="b.txt", line=12),
        NotFoundError("there is no such file", file="c.txt"),
        ConflictError("imported already", file="d.txt"),
        CodebookError([(3, "no code"), (9, "twice")], file="e.yaml"),
    ],
)
def test_errors_come_back_from_a_worker_as_they_were_raised(error: QualcodeError) -> None:
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert str(back) == str(error)
    assert back.exit_code == error.exit_code
    assert (back.file, back.line, back.args) == (error.file, error.line, error.args)


def test_turns_pickle_as_they_are() -> None:
    turns = (Turn(1, None, 0, 5), Turn(2, "B1", 6, 40, 1.5, 9.25))
    assert pickle.loads(pickle.dumps(turns)) == turns


def test_workers_send_turns_as_plain_tuples_that_rebuild_the_transcript(tmp_path: Path) -> None:
    """What crosses between the processes is plain data; ``parsed`` is the importer's result."""
    files = many_files(tmp_path / "in", count=4)
    for path, source in sources.read_sources(files, parallel=True):
        assert isinstance(source, sources.SourceFile)
        assert all(type(row) is tuple for row in source.turns)
        data = path.read_bytes()
        assert source.parsed == choose(path, data).parse(data, source=str(path))
        assert source.words == len(source.text.split())
        assert pickle.loads(pickle.dumps(source)) == source


def test_speakers_are_mapped_alike_on_rows_and_on_turns(tmp_path: Path) -> None:
    source = sources.read_source(SAMPLE_FILES[0])
    speakers = SpeakerMap(
        (Speaker("Interviewerin", "interviewer", ("I",)), Speaker("B", "respondent", ("X",)))
    )
    cells = sources.cells_with_speakers(source.cells, speakers)
    rows = sources.rows_of_cells(cells)
    assert rows == turn_rows(sources.with_speakers(source.parsed, speakers).turns)
    assert {r[1] for r in rows} >= {"Interviewerin"} and "I" not in {r[1] for r in rows}
    assert sources.cells_with_speakers(source.cells, SpeakerMap()) is source.cells


def test_a_reader_closed_before_it_was_read_stops_its_workers(tmp_path: Path) -> None:
    files = many_files(tmp_path / "in", count=4)
    reader = sources.read_sources(files, parallel=True)
    reader.close()
    reader.close()  # twice is harmless


def _slow_worker(
    paths: list[Path], encoding: str | None, sizes: list[int]
) -> list[sources._Sent | QualcodeError]:
    """A worker that takes its time (a machine busy with other programs)."""
    import time

    time.sleep(0.3)
    return _parse_chunk(paths, encoding, sizes)


_parse_chunk = sources._parsed_in_worker


def test_the_importing_process_parses_what_the_workers_have_not_begun(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the next file's result is not back, the importing process parses the chunks the
    workers have not begun, from the last: every file comes once, in order, as read here."""
    import os

    files = many_files(tmp_path / "in", count=40)
    serial = list(sources.read_sources(files, parallel=False))
    here: list[Path] = []
    reading = sources._read_or_error
    importer = os.getpid()

    def noted(path: Path, encoding: str | None, size: int | None = None) -> Any:
        if os.getpid() == importer:
            here.append(path)
        return reading(path, encoding, size)

    monkeypatch.setattr(sources, "_read_or_error", noted)
    monkeypatch.setattr(sources, "_parsed_in_worker", _slow_worker)
    monkeypatch.setattr(sources, "usable_cpus", lambda: 2)
    pooled = list(sources.read_sources(files, parallel=True))
    assert pooled == serial
    assert here, "nothing was parsed in the importing process"
    assert len(here) < len(files), "the worker parsed nothing"
    assert set(here) == set(files[-len(here) :])  # the last chunks, taken from the end
