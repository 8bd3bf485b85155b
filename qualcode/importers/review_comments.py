"""A reviewer's comments file (downloaded from the reviewer's page) -> :class:`ReviewFile`.

The file comes from outside the project, so everything in it is checked before anything is
stored: its size, that it is JSON of the documented shape, every field's type and length. A
file that fails any check is refused whole, with one line saying where and why.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from qualcode.domain.codebook import CODE_PATTERN
from qualcode.domain.errors import InvalidInputError
from qualcode.domain.review import FORMAT, TARGETS, VERSION, ReviewComment, ReviewFile
from qualcode.importers.files import read_file

MAX_BYTES = 5 * 1024 * 1024  # thousands of comments are a few hundred kilobytes
MAX_COMMENTS = 10_000
MAX_TEXT = 20_000
MAX_NAME = 200
MAX_DOCUMENT = 300
MAX_NUMBER = 2**62  # beyond any database integer
_KEY = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")
_EXPORT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_review_file(path: Path) -> ReviewFile:
    """The comments in ``path``; an :class:`InvalidInputError` naming the file if it is not
    a comments file of the reviewer's page."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size > MAX_BYTES:
        raise _refuse(path, f"it is {size:,} bytes; a comments file has at most {MAX_BYTES:,}")
    data = read_file(path, "comments file")
    if len(data) > MAX_BYTES:
        raise _refuse(path, f"it has more than {MAX_BYTES:,} bytes")
    return parse_review_file(data, source=str(path))


def parse_review_file(data: bytes, *, source: str) -> ReviewFile:
    """The comments in ``data`` (the bytes of a comments file), checked field by field."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInputError(
            "this is not a comments file (not UTF-8 text)", file=source
        ) from None
    try:
        top = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        where = f" (line {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise InvalidInputError(
            f"this is not a comments file (not JSON{where})", file=source
        ) from None
    if not isinstance(top, dict) or top.get("format") != FORMAT:
        raise InvalidInputError(
            f'this is not a comments file of the reviewer\'s page (no "format": "{FORMAT}")',
            file=source,
        )
    if top.get("version") != VERSION:
        raise InvalidInputError(
            f"version {top.get('version')!r} of the comments file is not known here "
            f"(this qualcode reads version {VERSION})",
            file=source,
        )
    export_id = top.get("export_id")
    if not isinstance(export_id, str) or not _EXPORT_ID.match(export_id):
        raise InvalidInputError('the file names no valid "export_id"', file=source)
    reviewer = _text(top.get("reviewer"), '"reviewer"', MAX_NAME, source, single_line=True)
    comments = top.get("comments")
    if not isinstance(comments, list):
        raise InvalidInputError('"comments" must be a list', file=source)
    if len(comments) > MAX_COMMENTS:
        raise InvalidInputError(
            f"{len(comments):,} comments; a file holds at most {MAX_COMMENTS:,}", file=source
        )
    found: list[ReviewComment] = []
    seen: set[str] = set()
    for number, item in enumerate(comments, start=1):
        comment = _comment(item, f"comment {number}", source)
        if comment.key in seen:
            raise InvalidInputError(
                f"comment {number}: the id {comment.key!r} is used twice", file=source
            )
        seen.add(comment.key)
        found.append(comment)
    return ReviewFile(export_id=export_id, reviewer=reviewer, comments=tuple(found))


def _comment(item: Any, label: str, source: str) -> ReviewComment:
    if not isinstance(item, dict):
        raise InvalidInputError(f"{label} is not an object", file=source)
    key = item.get("id")
    if not isinstance(key, str) or not _KEY.match(key):
        raise InvalidInputError(f'{label} has no valid "id"', file=source)
    text = _text(item.get("text"), f'{label}: "text"', MAX_TEXT, source)
    written = _time(item.get("created"), f'{label}: "created"', source)
    target = item.get("target")
    if not isinstance(target, dict) or target.get("kind") not in TARGETS:
        raise InvalidInputError(
            f'{label}: "target" must say its "kind": {", ".join(TARGETS)}', file=source
        )
    kind = target["kind"]
    category = document = None
    coding_id = position = position_end = None
    if kind in ("coding", "category"):
        category = target.get("category")
        if not isinstance(category, str) or len(category) > 50 or not CODE_PATTERN.match(category):
            raise InvalidInputError(
                f'{label}: the target has no valid "category" code', file=source
            )
    if kind in ("coding", "turn"):
        document = _text(
            target.get("document"),
            f'{label}: the target\'s "document"',
            MAX_DOCUMENT,
            source,
            single_line=True,
        )
        position = _number(
            target.get("position"),
            f'{label}: the target\'s "position"',
            source,
            optional=kind == "coding",
        )
        position_end = _number(
            target.get("position_end"),
            f'{label}: the target\'s "position_end"',
            source,
            optional=True,
        )
        if position_end is not None and (position is None or position_end < position):
            raise InvalidInputError(
                f'{label}: the target\'s "position_end" must be a Pos. from its "position" on',
                file=source,
            )
    if kind == "coding":
        coding_id = _number(target.get("coding"), f'{label}: the target\'s "coding"', source)
    return ReviewComment(
        key=key,
        target=kind,
        text=text,
        written=written,
        coding_id=coding_id,
        document=document,
        position=position,
        position_end=position_end,
        category=category,
    )


def _text(value: Any, label: str, limit: int, source: str, *, single_line: bool = False) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(f"{label} must be a text that is not empty", file=source)
    text = value.strip()
    if len(text) > limit:
        raise InvalidInputError(f"{label} is longer than {limit:,} characters", file=source)
    if _CONTROL.search(text) or (single_line and ("\n" in text or "\r" in text)):
        raise InvalidInputError(f"{label} holds control characters", file=source)
    return text


def _number(value: Any, label: str, source: str, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_NUMBER:
        raise InvalidInputError(f"{label} must be a whole number from 1", file=source)
    return value


def _time(value: Any, label: str, source: str) -> datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise InvalidInputError(f"{label} must be a time such as 2026-12-01T10:00:00Z", file=source)
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInputError(
            f"{label} must be a time such as 2026-12-01T10:00:00Z", file=source
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _refuse(path: Path, why: str) -> InvalidInputError:
    return InvalidInputError(f"this is not a comments file: {why}", file=str(path))
