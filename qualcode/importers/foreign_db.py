"""What the Taguette and QualCoder readers share: opening a stranger's SQLite file, building a
category tree from another program's codes, and turning a text with its coded passages into
qualcode's transcript and codings."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from qualcode.domain import plurals
from qualcode.domain.codebook import COLOUR_PATTERN, Category, Codebook
from qualcode.domain.errors import InvalidInputError, QualcodeError
from qualcode.domain.exchange import ExchangeReport, ExCoding, ExDocument, ExProject, derived_guid
from qualcode.domain.names import document_name, printable
from qualcode.domain.text import normalise
from qualcode.importers.placing import CountedText, Counting, Placer, choose_counting, same_words

NAMESPACE = "8f0b6a52-3f1e-5d0c-9b7e-2a4c6e8d0f13"


def open_read_only(path: Path, kind: str) -> sqlite3.Connection:
    """A stranger's SQLite file, read-only, its triggers and views not trusted."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        connection.execute("PRAGMA trusted_schema=OFF")
        connection.execute("PRAGMA cell_size_check=ON")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise InvalidInputError(
            f"this {kind} cannot be read ({exc}); nothing was imported", file=path.name
        ) from exc
    connection.row_factory = _checked_rows(path.name, kind)
    return connection


# The columns both programs keep numbers in (keys and offsets); all others hold text.
_NUMBERS = frozenset(
    {
        "id", "project_id", "document_id", "start_offset", "end_offset", "highlight_id",
        "tag_id", "pos0", "pos1", "cid", "fid", "catid", "supercatid", "ctid", "caseid", "jid",
    }
)  # fmt: skip


def _checked_rows(source: str, kind: str) -> Callable[[sqlite3.Cursor, tuple[Any, ...]], Any]:
    """A row factory that holds every value to the type the other program stores there.

    SQLite lets any column hold any type, so a stranger's file may put binary data, or text
    where an offset belongs; read as it is, that would end deep in the import with a
    traceback. Text is what every other column holds, so a number there is taken as its
    digits; anything else is refused in one line naming the table's column."""

    def factory(cursor: sqlite3.Cursor, values: tuple[Any, ...]) -> sqlite3.Row:
        checked = list(values)
        for index, (column, *_) in enumerate(cursor.description):
            value = values[index]
            if value is None:
                continue
            if column in _NUMBERS:
                if isinstance(value, float) and value.is_integer():
                    checked[index] = int(value)
                elif not isinstance(value, int):
                    raise _wrong(source, kind, column, "a number")
            elif isinstance(value, int | float):
                checked[index] = str(value)
            elif not isinstance(value, str):
                raise _wrong(source, kind, column, "text")
        return sqlite3.Row(cursor, tuple(checked))

    return factory


def _wrong(source: str, kind: str, column: str, expected: str) -> InvalidInputError:
    return InvalidInputError(
        f"this {kind} cannot be read (its column {column} holds something other than "
        f"{expected}); nothing was imported",
        file=source,
    )


def tables(connection: sqlite3.Connection) -> set[str]:
    return {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def when(value: object) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class CodeNode:
    """A code (or a category of codes) of another program, before it has a qualcode code."""

    key: str
    name: str
    description: str = ""
    colour: str | None = None
    parent: str | None = None


def codebook_from(
    nodes: Iterable[CodeNode], *, title: str, report: ExchangeReport, project_guid: str
) -> tuple[Codebook, dict[str, str], dict[str, str]]:
    """The category tree (codes C1, C1.2, ... in the given order), each node's code by its key,
    and each code's GUID (derived from the other program's key, so a re-import matches)."""
    nodes = list(nodes)
    known = {n.key for n in nodes}
    children: dict[str | None, list[CodeNode]] = {}
    for node in nodes:
        parent = node.parent if node.parent in known and node.parent != node.key else None
        children.setdefault(parent, []).append(node)
    categories: list[Category] = []
    codes: dict[str, str] = {}

    def walk(parent_key: str | None, parent_code: str | None) -> None:
        names: set[str] = set()
        for number, node in enumerate(children.get(parent_key, []), start=1):
            if node.key in codes:  # a cycle in the other program's tree
                continue
            code = f"{parent_code}.{number}" if parent_code else f"C{number}"
            name = document_name(node.name) or "(unnamed)"
            base, twin = name, 2
            while name.casefold() in names:
                name = f"{base} ({twin})"
                twin += 1
            if name != base:
                report.warnings.append(f"two codes under one parent are named {base!r}")
            names.add(name.casefold())
            colour = node.colour.upper() if node.colour else None
            codes[node.key] = code
            categories.append(
                Category(
                    code=code,
                    name=name[:300],
                    definition=(node.description or "").strip(),
                    coding_rule="",
                    origin="inductive",
                    parent=parent_code,
                    colour=colour if colour and COLOUR_PATTERN.match(colour) else None,
                    order=number,
                )
            )
            walk(node.key, code)

    walk(None, None)
    guids = {codes[k]: derived_guid(project_guid, "code", k) for k in codes}
    return Codebook(title=title, version="1", categories=tuple(categories)), codes, guids


def add_text_source(
    project: ExProject,
    report: ExchangeReport,
    *,
    key: str,
    name: str,
    text: str,
    passages: list[tuple[int, int, str, str, str, str, datetime | None]],
    preferred: Counting,
    names: set[str],
    memo: str = "",
    attributes: dict[str, str] | None = None,
) -> None:
    """One document and its codings: ``passages`` are (start, end, quoted text, code, coder,
    memo, created) as the other program counted them."""
    label = printable(name)
    counting = choose_counting(
        text, [(s, e, q) for s, e, q, *_ in passages], had_bom=False, preferred=preferred
    )
    counted = CountedText(text, counting, had_bom=False)
    from qualcode.importers.text import transcript_from_text

    try:
        parsed = transcript_from_text(normalise(text), fmt="text", source=label, first_line=None)
    except QualcodeError as exc:
        lost = (
            f"; {plurals.counted(len(passages), 'coding', thousands=True)} left out"
            if passages
            else ""
        )
        report.left_out.append(f"{label}: {exc.message}{lost}")
        return
    placer = Placer(counted.text, parsed)
    unique, n = name[:290] or key, 2
    while unique.casefold() in names:
        unique = f"{name[:290]} ({n})"
        n += 1
    names.add(unique.casefold())
    guid = derived_guid(project.guid, "source", key)
    project.documents.append(
        ExDocument(
            name=unique,
            guid=guid,
            text=parsed.text,
            turns=parsed.turns,
            source_name=name,
            format="text",
            attributes=dict(attributes or {}),
            memo=memo,
            memo_guid=derived_guid(project.guid, "source-memo", key) if memo else "",
        )
    )
    if memo:
        report.memos += 1
    adjusted = 0
    for number, (start, end, _quoted, code, coder, coding_memo, created) in enumerate(passages):
        span = counted.span(start, end)
        if span is None:
            report.left_out.append(
                f"{label}: the passage {start}-{end} lies outside its text "
                f"({len(counted.text)} characters)"
            )
            continue
        placed = placer.place(*span)
        if placed is None:
            report.left_out.append(f"{label}: the passage {start}-{end} holds no words")
            continue
        quoted = counted.text[span[0] : span[1]]
        adjusted += placer.moved and not same_words(quoted, parsed.text[placed[0] : placed[1]])
        if coding_memo:
            report.memos += 1
        project.codings.append(
            ExCoding(
                guid=derived_guid(project.guid, "coding", f"{key}:{number}:{code}"),
                document=unique,
                category=code,
                start=placed[0],
                end=placed[1],
                text=parsed.text[placed[0] : placed[1]],
                coder=coder,
                memo=coding_memo,
                memo_guid=derived_guid(project.guid, "coding-memo", f"{key}:{number}")
                if coding_memo
                else "",
                created=created,
            )
        )
    if adjusted:
        report.warnings.append(
            f"{label}: {plurals.counted(adjusted, 'passage', thousands=True)} began or ended on a "
            "speaker label or line break; "
            f"{'each coding holds' if adjusted != 1 else 'its coding holds'} the words coded"
        )
