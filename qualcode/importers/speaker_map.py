"""The speaker-map file: which labels mean the same speaker, and each speaker's role.

# canonical name: its role and the labels that mean it
I:
  role: interviewer
  aliases: [Interviewer, Int., Interviewerin]
B:
  role: respondent
  aliases: [Befragte/r, Befragter]
"""

from __future__ import annotations

from pathlib import Path

from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.domain.speakers import ROLES, Speaker, SpeakerMap
from qualcode.importers.files import refuse_special


def parse_speaker_map(text: str, *, source: str) -> SpeakerMap:
    import yaml

    from qualcode.importers import strict_yaml

    try:
        data = strict_yaml.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InvalidInputError(
            strict_yaml.reason(exc) or "this is not valid YAML",
            file=source,
            line=None if mark is None else mark.line + 1,
        ) from exc
    if not isinstance(data, dict) or not data:
        raise InvalidInputError(
            "a speaker map lists speakers, each with a role and aliases (see README)", file=source
        )
    speakers = []
    for name, entry in data.items():
        entry = entry or {}
        if not isinstance(entry, dict):
            raise InvalidInputError(f"speaker {name!r} needs 'role' and 'aliases'", file=source)
        role = str(entry.get("role", "respondent"))
        if role not in ROLES:
            raise InvalidInputError(
                f"the role of {name!r} must be one of {', '.join(ROLES)}, not {role!r}", file=source
            )
        aliases = entry.get("aliases", [])
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list):
            raise InvalidInputError(f"the aliases of {name!r} must be a list", file=source)
        unknown = set(entry) - {"role", "aliases"}
        if unknown:
            raise InvalidInputError(
                f"unknown key {sorted(unknown)[0]!r} for speaker {name!r}", file=source
            )
        speakers.append(Speaker(str(name), role, tuple(str(a) for a in aliases)))
    return SpeakerMap(tuple(speakers))


def read_speaker_map(path: Path) -> SpeakerMap:
    try:
        refuse_special(path, "speaker map")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise NotFoundError("there is no such speaker-map file", file=str(path)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInputError("cannot read it as UTF-8 text", file=str(path)) from exc
    return parse_speaker_map(text, source=str(path))
