"""A large transcript is read piece by piece: the same document as reading it whole, in a
fraction of the memory, and never sent through the worker processes.

The thresholds are lowered here so that files of a few kilobytes take the large files' path,
cut into pieces at every awkward place (inside a line, between CR and LF, inside a character).
"""

from __future__ import annotations

import codecs
import random
import tracemalloc
from pathlib import Path

import pytest

from qualcode.importers import paragraphs, sources
from tests.helpers import SAMPLE_FILES


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file is large, read 7 bytes at a time; records the files read in pieces."""
    streamed: list[Path] = []
    read_large = sources._read_large_text

    def recording(path: Path, encoding: str | None) -> sources.SourceFile | None:
        found = read_large(path, encoding)
        if found is not None:
            streamed.append(path)
        return found

    monkeypatch.setattr(sources, "LARGE_FILE_BYTES", 0)
    monkeypatch.setattr(sources, "_PIECE_BYTES", 7)
    monkeypatch.setattr(sources, "_read_large_text", recording)
    monkeypatch.setattr(paragraphs, "_WORDS_AT_ONCE", 50)
    return streamed


def whole(path: Path, encoding: str | None = None) -> sources.SourceFile:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sources, "LARGE_FILE_BYTES", 2**62)
        return sources.read_source(path, encoding=encoding)


TRANSCRIPTS = {
    "crlf.txt": b"I: Guten Tag.\r\nB: Hallo,\r\nwie geht's?\r\n\r\nI: Gut. #00:00:09-4#\r\n",
    "old-mac.txt": b"I: Frage eins?\rB: Antwort  eins.\r\rI: Frage zwei?\rB: Ja.",
    "bom.txt": codecs.BOM_UTF8 + "I: Grüße „aus“ Köln.\nB: Ja\u00a0gern – danke.\n".encode(),
    "names.txt": (
        b"Frau Keller: Guten Tag.\nHerr Ott: Hallo.\nFrau Keller: Wie war es?\n"
        b"Fazit: gut.\nHerr Ott: Gut.\n"
    ),
    "marks.txt": (
        b"I: [00:00:01] Eins. #00:00:04-0#\n\nB: zwei #00:00:06-2# drei\n\nB:\n\n"
        b"I: (00:00:09) vier \xc3\xa9\xcc\x81 e\xcc\x81\n"
    ),
    "front.md": (
        "---\ntitle: Interview 7\nBranche: Logistik\n---\n# Teil 1\n\nI: Frage?\n\n---\n\n"
        "B: Antwort\u200b.\n"
    ).encode(),
}


@pytest.mark.parametrize("name", sorted(TRANSCRIPTS))
def test_read_in_pieces_as_read_whole(tmp_path: Path, small_pieces: list[Path], name: str) -> None:
    path = tmp_path / name
    path.write_bytes(TRANSCRIPTS[name])
    assert sources.read_source(path) == whole(path)
    assert small_pieces == [path]


def test_the_sample_interviews_read_in_pieces_as_read_whole(
    tmp_path: Path, small_pieces: list[Path]
) -> None:
    for path in SAMPLE_FILES:
        assert sources.read_source(path) == whole(path)
    assert small_pieces == list(SAMPLE_FILES)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("I: Grüße aus Köln.\nB: Schön.\n".encode("cp1252"), None),  # guessed
        (b"I: Gr\xc3\xbc\xdfe.\nB: Sch\xf6n und gut und sch\xc3\xb6n.\n", None),  # damaged
        (b"I: Frage\x00?\nB: Ja.\n", None),  # control characters
        (codecs.BOM_UTF16_LE + "I: Frage?\nB: Ja.\n".encode("utf-16-le"), None),
        ("I: Frage?\nB: Ja.\n".encode("utf-16-le"), "utf-16-le"),
        ("I: Grüße.\nB: Schön.\n".encode("cp1252"), "cp1252"),
        (b"---\ntitle: Eins\n", None),  # front matter without an end
    ],
)
def test_what_must_be_read_whole_is_read_whole(
    tmp_path: Path, small_pieces: list[Path], data: bytes, encoding: str | None
) -> None:
    path = tmp_path / "t.txt"
    more = "I: Noch eine Frage?\nB: Eine Antwort.\n"
    path.write_bytes(
        data + more.encode("utf-16-le" if b"I\x00:" in data[:6] else encoding or "ascii")
    )
    assert sources.read_source(path, encoding=encoding) == whole(path, encoding)
    if encoding is None:
        assert small_pieces == []


def test_errors_are_the_same_in_pieces(tmp_path: Path, small_pieces: list[Path]) -> None:
    for data in (b" \n\n \t\n", b"I: #00:00:09-0#\n\nB: eins #00:00:05-0#\n", b"\x89PNG\r\n\x1a\n"):
        path = tmp_path / "t.txt"
        path.write_bytes(data)
        with pytest.raises(Exception) as in_pieces:
            sources.read_source(path)
        with pytest.raises(Exception) as read_whole:
            whole(path)
        assert (type(in_pieces.value), str(in_pieces.value)) == (
            type(read_whole.value),
            str(read_whole.value),
        )


def test_a_large_file_is_parsed_here_not_in_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = [tmp_path / f"S{i}.txt" for i in range(3)]
    for i, path in enumerate(small):
        path.write_text(f"I: Frage {i}?\nB: Antwort {i}.\n", encoding="utf-8")
    large = tmp_path / "L.txt"
    large.write_text("I: Frage?\nB: Antwort.\n" * 200, encoding="utf-8")
    monkeypatch.setattr(sources, "LARGE_FILE_BYTES", large.stat().st_size)
    assert not sources.worth_parallel([large, small[0]])
    here: list[Path] = []
    read_large = sources._read_large_text
    monkeypatch.setattr(
        sources, "_read_large_text", lambda p, e: here.append(p) or read_large(p, e)
    )
    files = [small[0], large, *small[1:]]
    pooled = list(sources.read_sources(files, parallel=True))
    assert here == [large]  # (a worker's calls are recorded in the worker)
    assert pooled == list(sources.read_sources(files, parallel=False))


def test_a_large_transcript_is_held_about_twice_while_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read whole, the bytes, the text, its lines, the turns' text and the joined text were
    all held at once: five to six times the file. In pieces: the text as lines, then as turns
    and joined, and one piece."""
    rng = random.Random(5)
    words = ["und", "die", "Kunden", "haben", "wir", "Vertrieb", "Angebot", "Messe", "Größe"]
    path = tmp_path / "lang.txt"
    with path.open("w", encoding="utf-8") as handle:
        for turn in range(4000):
            body = " ".join(rng.choices(words, k=rng.randint(5, 200)))
            mark = f"#{turn // 3600:02d}:{turn // 60 % 60:02d}:{turn % 60:02d}-0#"
            handle.write(f"{'IB'[turn % 2]}: {body}. {mark}\n\n")
    size = path.stat().st_size
    monkeypatch.setattr(sources, "LARGE_FILE_BYTES", size // 2)
    monkeypatch.setattr(sources, "_PIECE_BYTES", size // 20)
    tracemalloc.start()
    try:
        source = sources.read_source(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert source == whole(path)
    assert peak < 3 * size, f"{peak / size:.1f} times the file"
