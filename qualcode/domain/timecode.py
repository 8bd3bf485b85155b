"""Transcript time marks: parsing the notations transcription tools write, and showing them."""

from __future__ import annotations

import math
import re

from qualcode.domain.errors import InvalidInputError

# The longest recording a time mark may point into. Subtitle hours have no digit limit, and a
# mark of 99,999,999,999 hours overflows the libraries' time types; no interview runs this long.
MAX_HOURS = 999

# f4/f5 (audiotranskription.de): "#00:01:23-4#" = 1 min 23.4 s; the fraction after "-" is tenths.
F4_MARK = re.compile(r"#(\d{1,2}):(\d{2}):(\d{2})(?:[-.,](\d{1,3}))?#")


def f4_seconds(match: re.Match[str]) -> float:
    """Seconds of an f4 mark matched by :data:`F4_MARK`."""
    hours, minutes, seconds, fraction = match.groups()
    return clock_seconds(hours, minutes, seconds, fraction or "")


def clock_seconds(hours: str | None, minutes: str, seconds: str, fraction: str = "") -> float:
    """Seconds of a time mark given as its digit groups (``fraction``: the digits after the
    decimal point); raises :class:`InvalidInputError` (without a file: the caller knows it)
    for hours beyond :data:`MAX_HOURS`, before any digits become a number."""
    if not hours:  # most marks: minutes and seconds, or two digits of hours
        value = int(minutes) * 60 + int(seconds)
    elif len(hours) <= 2:
        value = int(hours) * 3600 + int(minutes) * 60 + int(seconds)
    else:
        value = _long_hours(hours) * 3600 + int(minutes) * 60 + int(seconds)
    return value + (int(fraction) / 10 ** len(fraction) if fraction else 0.0)


def _long_hours(hours: str) -> int:
    """Hours of three digits or more, checked against :data:`MAX_HOURS` before they become a
    number (a mark of a million digits would take long to convert)."""
    hours = hours.lstrip("0") or "0"
    if len(hours) > len(str(MAX_HOURS)) or int(hours) > MAX_HOURS:
        shown = hours if len(hours) <= 20 else f"{hours[:20]}..."
        raise InvalidInputError(
            f"the time mark of {shown} hours is beyond any recording (at most {MAX_HOURS} hours)"
        )
    return int(hours)


def format_seconds(seconds: float | None) -> str:
    """``hh:mm:ss`` as thesis citations and transcripts show it; empty when unknown."""
    if seconds is None or not math.isfinite(seconds):
        return ""
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
