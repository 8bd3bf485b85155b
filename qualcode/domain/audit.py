"""The audit trail as reviewers read it: who changed what, when, and why."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from qualcode.domain.errors import InvalidInputError


@dataclass(frozen=True, slots=True)
class AuditEvent:
    id: int
    at: datetime
    coder: str
    action: str
    entity: str
    entity_id: int | None
    before: Any
    after: Any
    reason: str
    subject: str = ""  # the category's code or the document's name today, when it still exists

    def describe(self) -> str:
        """One plain sentence for the log and the history panes."""
        return _describe(self)


def _short(text: object, width: int = 60) -> str:
    flat = " ".join(str(text or "").split())
    return f"“{flat}”" if len(flat) <= width else f"“{flat[: width - 1]}…”"


def _get(data: Any, key: str, default: Any = None) -> Any:
    return data.get(key, default) if isinstance(data, dict) else default


def _for(e: AuditEvent, data: Any) -> str:
    """' for ben' when the coding belongs to someone other than who changed it."""
    owner = _get(data, "coder")
    return f" for {owner}" if owner and owner != e.coder else ""


def _describe(e: AuditEvent) -> str:
    b, a = e.before, e.after
    key = (e.entity, e.action)
    if key == ("coding", "create"):
        return (
            f"coded {_get(a, 'document')} as {_get(a, 'category')}{_for(e, a)}: "
            f"{_short(_get(a, 'text'))}"
        )
    if key == ("coding", "create-many"):
        return f"added {_get(a, 'count')} codings in one go"
    if key == ("coding", "delete"):
        return (
            f"removed the coding {_get(b, 'category')} in {_get(b, 'document')}{_for(e, b)}: "
            f"{_short(_get(b, 'text'))}"
        )
    if key == ("coding", "memo"):
        return f"memo on coding {e.entity_id}: {_short(_get(a, 'memo')) or '(cleared)'}"
    if key == ("coding", "reassign"):
        return f"coding {e.entity_id}: {_get(b, 'category')} → {_get(a, 'category')}"
    if key == ("coding", "relocate"):
        return f"coding {e.entity_id} placed again in a replaced transcript ({_get(a, 'status')})"
    if key == ("coding", "confirm"):
        return f"coding {e.entity_id} checked again under codebook version " + str(
            _get(a, "codebook_version")
        )
    if key == ("category", "create"):
        return f"created {_get(a, 'code')} {_short(_get(a, 'name'))} ({_get(a, 'origin')})"
    if key == ("category", "delete"):
        return f"took back {_get(b, 'code')} {_short(_get(b, 'name'))}"
    if key == ("category", "update"):
        fields = ", ".join(sorted(a)) if isinstance(a, dict) else "guideline"
        return f"changed {e.subject or f'category {e.entity_id}'}: {fields}"
    if key == ("category", "move"):
        return (
            f"moved {_get(b, 'code')} → {_get(a, 'code')} "
            f"(under {_get(a, 'parent') or 'the top level'})"
        )
    if key == ("category", "merge"):
        return (
            f"merged {_get(b, 'code')} into {_get(a, 'into')} "
            f"({_get(a, 'codings_moved')} codings moved)"
        )
    if key == ("codebook_version", "create"):
        return f"codebook version {_get(a, 'label')}"
    if key == ("codebook_version", "freeze"):
        share = _get(a, "coded_share") or 0
        return (
            f"froze codebook version {_get(a, 'label')} after the pilot: {share:.0%} of the "
            f"material coded ({_get(a, 'documents_coded')} of {_get(a, 'documents')} documents)"
        )
    if key == ("document", "import"):
        return f"imported {_get(a, 'name')}"
    if key == ("document", "replace"):
        return f"replaced the transcript of {e.subject or f'document {e.entity_id}'}"
    if key == ("document", "remove"):
        return f"removed the document {_get(b, 'name')}"
    if key == ("document", "set-attributes"):
        pairs = ", ".join(f"{k}={v}" for k, v in a.items()) if isinstance(a, dict) else ""
        return f"case attributes of {e.subject or f'document {e.entity_id}'}: {pairs}"
    if key == ("speaker_map", "update"):
        return "changed the speaker map"
    if key == ("coder", "set-pass"):
        return f"switched from the {_get(b, 'pass')} pass to the {_get(a, 'pass')} pass"
    if key == ("disagreement", "resolve"):
        return (
            f"resolved a disagreement on {_get(a, 'category')} in {_get(a, 'document')} "
            f"({_get(a, 'coders')}): {_get(a, 'decision')}"
        )
    return f"{e.action} {e.entity}" + (f" {e.entity_id}" if e.entity_id is not None else "")


_RELATIVE = re.compile(r"^(\d+)\s*(m|min|h|d|w)$")
_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """A point in time as people write it: 2026-11-01, 2026-11-01T14:30, 7d, 12h, today."""
    now = now or datetime.now(UTC)
    value = text.strip().lower()
    if value in ("today", "heute"):
        return now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    if value in ("yesterday", "gestern"):
        midnight = now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        return midnight - timedelta(days=1)
    match = _RELATIVE.match(value)
    if match:
        return now - timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInputError(
            f"cannot read {text!r} as a time: give a date like 2026-11-01, "
            "a date and time like 2026-11-01T14:30, or a span like 7d, 12h, today"
        ) from None
    return parsed if parsed.tzinfo else parsed.astimezone()
