"""Transcripts laid out as a table: ``Speaker | Text``, ``Time | Speaker | Text``, ``Time | Text``.

Transcription services deliver Word and OpenDocument files with one row per turn. The DOCX and
ODT importers hand the cell texts of every table here; a table that is laid out like that becomes
turns with the speaker (and start time) of its row, any other table is left to the importer to
read as ordinary paragraphs. A table counts as a transcript table when its first row names the
columns (``Sprecher | Text``, ``Time | Speaker | Transcript`` ...; that row is skipped), or when
every name in its speaker column is a speaker label by the rules of
:mod:`qualcode.importers.paragraphs` (``I``, ``B1``, ``Interviewer``, or a name used at least
twice), so that a two-column table of case data (``Datum | 12.03.2024``) stays text. A time
column holds a time in every row below the first (``00:01:23``, ``[01:23]``).
"""

from __future__ import annotations

from qualcode.importers.paragraphs import RawParagraph, accept, label_of, time_of

_HEADER_WORDS = frozenset(
    {
        "sprecher",
        "sprecherin",
        "sprecher/in",
        "speaker",
        "person",
        "name",
        "rolle",
        "role",
        "text",
        "transkript",
        "transkription",
        "transcript",
        "transcription",
        "inhalt",
        "aussage",
        "beitrag",
        "wortbeitrag",
        "content",
        "utterance",
        "zeit",
        "time",
        "timestamp",
        "zeitstempel",
        "zeitmarke",
        "start",
        "beginn",
        "timecode",
    }
)
_MAX_NAME = 40


def _word(cell: str) -> str:
    return cell.strip().rstrip(":").strip().casefold()


def _name(cell: str) -> str:
    return cell.strip().rstrip(":").strip()


def speaker_table(rows: list[list[str]]) -> list[RawParagraph] | None:
    """Turns from a transcript table, or None when the table is laid out otherwise.

    ``rows`` holds the text of each cell, a cell's paragraphs joined by newlines. Besides
    ``Speaker | Text`` and ``Time | Speaker | Text`` (or ``Speaker | Time | Text``), a
    ``Time | Text`` table whose text carries the labels (``I: ...``) is read too.
    """
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        return None
    width = max(len(row) for row in rows)
    if width not in (2, 3) or any(len(row) != width for row in rows):
        return None
    text_col = width - 1
    time_col = next((c for c in range(width - 1) if _is_time_column(rows, c)), None)
    if width == 3 and time_col is None:
        return None
    speaker_col: int | None
    if width == 2:
        speaker_col = None if time_col == 0 else 0
    else:
        assert time_col is not None
        speaker_col = 1 - time_col
    first = rows[0]
    header = _word(first[text_col]) in _HEADER_WORDS and all(
        _word(first[c]) in _HEADER_WORDS for c in range(width - 1)
    )
    if header:
        rows = rows[1:]
    names = [_name(row[speaker_col]) if speaker_col is not None else "" for row in rows]
    if any("\n" in name or len(name) > _MAX_NAME for name in names):
        return None
    if not header and speaker_col is not None:
        found = [label_of(f"{name}: ") for name in names if name]
        labels = accept(found)
        if any(f is None or f[0] not in labels for f in found):
            return None
    paragraphs = []
    for row, name in zip(rows, names, strict=True):
        text = row[text_col].strip()
        if not text:
            continue
        start = time_of(row[time_col]) if time_col is not None else None
        paragraphs.append(RawParagraph(text, speaker=name or None, start=start))
    return paragraphs


def _is_time_column(rows: list[list[str]], column: int) -> bool:
    """Every cell below the first row holds a time (the first row may name the column)."""
    cells = [row[column] for row in rows[1:] if row[column].strip()]
    return bool(cells) and all(time_of(cell) is not None for cell in cells)
