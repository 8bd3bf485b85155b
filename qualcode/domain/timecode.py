"""Transcript time marks: parsing the notations transcription tools write, and showing them."""

from __future__ import annotations

import re

# f4/f5 (audiotranskription.de): "#00:01:23-4#" = 1 min 23.4 s; the fraction after "-" is tenths.
F4_MARK = re.compile(r"#(\d{1,2}):(\d{2}):(\d{2})(?:[-.,](\d{1,3}))?#")


def f4_seconds(match: re.Match[str]) -> float:
    """Seconds of an f4 mark matched by :data:`F4_MARK`."""
    hours, minutes, seconds, fraction = match.groups()
    value = int(hours) * 3600 + int(minutes) * 60 + int(seconds)
    if fraction:
        value += int(fraction) / (10 ** len(fraction))
    return float(value)


def format_seconds(seconds: float | None) -> str:
    """``hh:mm:ss`` as thesis citations and transcripts show it; empty when unknown."""
    if seconds is None:
        return ""
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
