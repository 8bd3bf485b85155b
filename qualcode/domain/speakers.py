"""Speakers: one name per person however transcripts label them, and each one's role.

Transcripts of the same study label the interviewer "I", "Interviewer" or "Int."; a speaker map
folds such labels into one canonical speaker and says who asks (interviewer) and who answers
(respondent), which retrieval and agreement on respondents' statements rely on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROLES = ("interviewer", "respondent", "other")
_INTERVIEWER = re.compile(
    r"^(?:I|IV|INT|Int\.?|Interviewer(?:in)?|M|Moderator(?:in)?|Q)\s?\d{0,2}$", re.IGNORECASE
)


def default_role(label: str) -> str:
    """The role a label has by the usual conventions (I:, Interviewer:, M:, ... ask)."""
    return "interviewer" if _INTERVIEWER.match(label.strip()) else "respondent"


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    role: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SpeakerMap:
    speakers: tuple[Speaker, ...] = ()

    def _index(self) -> dict[str, Speaker]:
        index: dict[str, Speaker] = {}
        for speaker in self.speakers:
            for label in (speaker.name, *speaker.aliases):
                index[label.casefold()] = speaker
        return index

    def canonical(self, label: str | None) -> str | None:
        """The speaker a label stands for (the label itself when the map does not know it)."""
        if label is None:
            return None
        found = self._index().get(label.casefold())
        return found.name if found else label

    def role(self, name: str) -> str:
        found = self._index().get(name.casefold())
        return found.role if found else default_role(name)

    def merged(self, other: SpeakerMap) -> SpeakerMap:
        """This map with ``other``'s speakers added or replacing those of the same name."""
        names = {s.name for s in other.speakers}
        return SpeakerMap(tuple(s for s in self.speakers if s.name not in names) + other.speakers)

    def to_json(self) -> list[dict[str, object]]:
        return [{"name": s.name, "role": s.role, "aliases": list(s.aliases)} for s in self.speakers]

    @classmethod
    def from_json(cls, data: object) -> SpeakerMap:
        if not isinstance(data, list):
            return cls()
        return cls(
            tuple(
                Speaker(str(d["name"]), str(d["role"]), tuple(map(str, d.get("aliases", []))))
                for d in data
                if isinstance(d, dict)
            )
        )
