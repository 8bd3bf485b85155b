"""The words a project's German exports use: one choice per project, used everywhere.

German theses differ in three places: the spelling of the coding words (Mayring writes
*Kodierleitfaden*, *Kodiereinheit*; Kuckartz and MAXQDA write *Codierleitfaden*, *codiert*), the
word for the people interviewed (*Experte*, *Befragte*, *Interviewpartner*) and the word for a
case (*Fall*, *Interview*). :class:`Terms` holds the choice; :meth:`Terms.apply` rewrites a
German sentence written with qualcode's own words (any spelling, *Fall*) into the project's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from qualcode.domain.errors import InvalidInputError

SPELLINGS = ("Kodier", "Codier")

PERSONS: dict[str, tuple[str, str, str]] = {
    "Experte": ("Experte", "Experten", "Experten"),
    "Expertin/Experte": (
        "Expertin bzw. Experte",
        "Expertinnen und Experten",
        "Expertinnen und Experten",
    ),
    "Befragte": ("befragte Person", "Befragte", "Befragten"),
    "Interviewpartner": ("Interviewpartner", "Interviewpartner", "Interviewpartnern"),
    "Interviewpartner:in": (
        "Interviewpartner:in",
        "Interviewpartner:innen",
        "Interviewpartner:innen",
    ),
    "Teilnehmende": ("teilnehmende Person", "Teilnehmende", "Teilnehmenden"),
}
"""Each word for the people interviewed: (one, several, several in the dative)."""

CASES: dict[str, tuple[str, str, str]] = {
    "Fall": ("Fall", "Fälle", "Fällen"),
    "Interview": ("Interview", "Interviews", "Interviews"),
    "Transkript": ("Transkript", "Transkripte", "Transkripten"),
}
"""Each word for a case: (one, several, several in the dative) as tables use them."""

FIELDS = ("spelling", "person", "case")


@dataclass(frozen=True, slots=True)
class Terms:
    """The project's words; the default is Mayring's (Kodier-, Experte, Fall)."""

    spelling: str = "Kodier"
    person: str = "Experte"
    case: str = "Fall"

    def __post_init__(self) -> None:
        _one_of("spelling", self.spelling, SPELLINGS)
        _one_of("person", self.person, tuple(PERSONS))
        _one_of("case", self.case, tuple(CASES))

    @property
    def persons(self) -> str:
        """The people interviewed, several: "Experten", "Befragten", ..."""
        return PERSONS[self.person][1]

    @property
    def with_persons(self) -> str:
        """After "mit": "Experten", "Befragten", "Interviewpartnern", ..."""
        return PERSONS[self.person][2]

    @property
    def one_person(self) -> str:
        return PERSONS[self.person][0]

    @property
    def cases(self) -> str:
        return CASES[self.case][1]

    def coding(self, rest: str) -> str:
        """A coding word in the project's spelling: ``coding("leitfaden")`` is Kodierleitfaden."""
        return self.apply("Kodier" + rest)

    def apply(self, text: str) -> str:
        """``text`` with the coding words spelt the project's way and "Fall" its case word."""
        stem = self.spelling
        text = _CAPITAL.sub(stem, text)
        text = _SMALL.sub(stem.lower(), text)
        if self.case != "Fall":
            one, several, dative = CASES[self.case]
            text = _DATIVE.sub(dative, text)
            text = _PLURAL.sub(several, text)
            text = _ONE.sub(one, text)
        return text

    def with_value(self, field: str, value: str) -> Terms:
        """These terms with one word changed (``field`` is spelling, person or case)."""
        if field not in FIELDS:
            raise InvalidInputError(f"the terms are {', '.join(FIELDS)}, not {field!r}")
        return replace(self, **{field: _canonical(field, value)})

    def as_dict(self) -> dict[str, str]:
        return {"spelling": self.spelling, "person": self.person, "case": self.case}

    @classmethod
    def from_dict(cls, data: object) -> Terms:
        """Terms as stored; missing or unknown words fall back to the defaults."""
        if not isinstance(data, dict):
            return cls()
        values = {}
        for name in FIELDS:
            value = data.get(name)
            if isinstance(value, str):
                try:
                    values[name] = _canonical(name, value)
                except InvalidInputError:
                    continue
        return cls(**values)


_CAPITAL = re.compile(r"(?<![A-Za-zÄÖÜäöüß])[KC]odier")
_SMALL = re.compile(
    r"(?<![A-Za-zÄÖÜäöüß])[kc]odier|(?<=[Mm]ehrfach)[kc]odier|(?<=[Nn]ach)[kc]odier"
)
_ONE = re.compile(r"\bFall\b")
_PLURAL = re.compile(r"\bFälle\b")
_DATIVE = re.compile(r"\bFällen\b")


def _canonical(field: str, value: str) -> str:
    choices = {"spelling": SPELLINGS, "person": tuple(PERSONS), "case": tuple(CASES)}[field]
    cleaned = value.strip().rstrip("-")
    for choice in choices:
        if choice.casefold() == cleaned.casefold():
            return choice
    return _one_of(field, cleaned, choices)


def _one_of(field: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise InvalidInputError(f"the {field} must be one of {', '.join(choices)}, not {value!r}")
    return value


PRESETS: dict[str, Terms] = {
    "mayring": Terms("Kodier", "Experte", "Fall"),
    "kuckartz": Terms("Codier", "Befragte", "Fall"),
    "maxqda": Terms("Codier", "Interviewpartner", "Interview"),
}
"""Ready-made choices: Mayring's wording, Kuckartz & Rädiker's, MAXQDA's manual's."""


def preset(name: str) -> Terms:
    try:
        return PRESETS[name.lower()]
    except KeyError:
        raise InvalidInputError(
            f"there is no preset {name!r}; use one of {', '.join(PRESETS)}"
        ) from None
