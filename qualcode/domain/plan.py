"""The analysis plan (Ablaufmodell): what Mayring's procedure fixes before the coding starts.

QCAmap asks for the research question, the technique and the content-analytic units before a
passage is coded, and a supervisor reads the same facts in the methods chapter. An
:class:`AnalysisPlan` holds them as plain text a researcher writes; :meth:`AnalysisPlan.problems`
says what is still missing for the chosen technique (an inductive category formation needs its
selection criterion and abstraction level), and :data:`FIELDS` describes every field once for
the form, the command line and the exports.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, fields, replace
from typing import Any

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.limits import MEMO

TECHNIQUES = (
    "zusammenfassende Inhaltsanalyse",
    "explizierende Inhaltsanalyse",
    "strukturierende Inhaltsanalyse",
    "deduktive Kategorienanwendung",
    "induktive Kategorienbildung",
)
"""Mayring's labels, exactly as a thesis cites them."""

TECHNIQUES_EN = {
    "zusammenfassende Inhaltsanalyse": "summarising content analysis",
    "explizierende Inhaltsanalyse": "explicating content analysis",
    "strukturierende Inhaltsanalyse": "structuring content analysis",
    "deduktive Kategorienanwendung": "deductive category application",
    "induktive Kategorienbildung": "inductive category formation",
}

_ALIASES = {
    "zusammenfassung": TECHNIQUES[0],
    "zusammenfassende": TECHNIQUES[0],
    "summarising": TECHNIQUES[0],
    "summarizing": TECHNIQUES[0],
    "explikation": TECHNIQUES[1],
    "explizierende": TECHNIQUES[1],
    "explication": TECHNIQUES[1],
    "strukturierung": TECHNIQUES[2],
    "strukturierende": TECHNIQUES[2],
    "structuring": TECHNIQUES[2],
    "deduktiv": TECHNIQUES[3],
    "deduktive": TECHNIQUES[3],
    "deductive": TECHNIQUES[3],
    "induktiv": TECHNIQUES[4],
    "induktive": TECHNIQUES[4],
    "inductive": TECHNIQUES[4],
}


@dataclass(frozen=True, slots=True)
class PlanField:
    """One field of the plan: its name, its German and English headings, and what belongs in
    it (the comment in the form and the help of ``plan set``)."""

    name: str
    german: str
    english: str
    help: str
    listed: bool = False  # several entries (research questions, techniques)


FIELDS: tuple[PlanField, ...] = (
    PlanField(
        "research_questions",
        "Forschungsfragen",
        "Research questions",
        "The research question(s), each a full question; the analysis must answer them.",
        listed=True,
    ),
    PlanField(
        "material",
        "Material",
        "Material",
        "Which material is analysed (Festlegung des Materials): e.g. the transcripts of the "
        "expert interviews, who was interviewed, when and how (Entstehungssituation).",
    ),
    PlanField(
        "case_selection",
        "Auswahl der Fälle",
        "Selection of cases",
        "How the cases were chosen (sampling): criteria, recruitment, why these experts.",
    ),
    PlanField(
        "techniques",
        "Analysetechnik",
        "Technique",
        "Mayring's technique(s), by his exact label: " + "; ".join(TECHNIQUES) + ".",
        listed=True,
    ),
    PlanField(
        "technique_reason",
        "Begründung der Technik",
        "Reason for the technique",
        "Why this technique fits the research question (supervisors expect a reason).",
    ),
    PlanField(
        "coding_unit",
        "Kodiereinheit",
        "Coding unit",
        "The smallest part of the material that may fall under a category (e.g. a meaning "
        "unit, at least one complete sentence).",
    ),
    PlanField(
        "context_unit",
        "Kontexteinheit",
        "Context unit",
        "The largest part that may fall under one category and that may be read to interpret "
        "a passage (e.g. the answer to one guide question).",
    ),
    PlanField(
        "recording_unit",
        "Auswertungseinheit",
        "Recording unit",
        "Which parts are confronted with the category system, in which order (e.g. all "
        "transcripts, B01 to Bn).",
    ),
    PlanField(
        "selection_criterion",
        "Selektionskriterium",
        "Selection criterion",
        "For inductive category formation: which material counts (the category definition).",
    ),
    PlanField(
        "abstraction_level",
        "Abstraktionsniveau",
        "Level of abstraction",
        "For inductive category formation (and the summary): how general the categories are "
        "formulated.",
    ),
    PlanField(
        "transcription_rules",
        "Transkriptionsregeln",
        "Transcription rules",
        "The rule set the transcripts follow (e.g. Dresing & Pehl 2018, simple rules).",
    ),
    PlanField(
        "anonymisation",
        "Anonymisierung",
        "Anonymisation",
        "How names, companies and places were anonymised, and who keeps the key.",
    ),
    PlanField(
        "quality_criteria",
        "Gütekriterien",
        "Quality criteria",
        "How quality is ensured: pilot pass and revision, intra-/intercoder agreement, "
        "consensual discussion of disagreements.",
    ),
)
"""Every field in the order of Mayring's general process model."""

NAMES = tuple(f.name for f in FIELDS)
INDUCTIVE_FIELDS = ("selection_criterion", "abstraction_level")


@dataclass(frozen=True, slots=True)
class AnalysisPlan:
    """The plan as written; empty texts are fields not yet filled in."""

    research_questions: tuple[str, ...] = ()
    material: str = ""
    case_selection: str = ""
    techniques: tuple[str, ...] = ()
    technique_reason: str = ""
    coding_unit: str = ""
    context_unit: str = ""
    recording_unit: str = ""
    selection_criterion: str = ""
    abstraction_level: str = ""
    transcription_rules: str = ""
    anonymisation: str = ""
    quality_criteria: str = ""

    @property
    def inductive(self) -> bool:
        """Whether categories are formed on the material (it then needs its two rules)."""
        return any(t in (TECHNIQUES[0], TECHNIQUES[4]) for t in self.techniques)

    def problems(self) -> list[str]:
        """What a supervisor would find missing, one sentence each (empty: complete)."""
        missing = [
            f"{f.english.lower()} ({f.german}) is not filled in"
            for f in FIELDS
            if not self.value(f.name) and (f.name not in INDUCTIVE_FIELDS or self.inductive)
        ]
        return missing

    @property
    def filled(self) -> int:
        """How many fields are filled in."""
        return sum(1 for f in FIELDS if self.value(f.name))

    def value(self, name: str) -> str | tuple[str, ...]:
        if name not in NAMES:
            raise InvalidInputError(
                f"the plan has no field {name!r}; its fields: {', '.join(NAMES)}"
            )
        value: str | tuple[str, ...] = getattr(self, name)
        return value

    def with_value(self, name: str, value: str | list[str] | tuple[str, ...]) -> AnalysisPlan:
        """The plan with one field changed (checked: techniques by Mayring's labels)."""
        field = field_named(name)
        if field.listed:
            items = [value] if isinstance(value, str) else list(value)
            items = [" ".join(str(i).split()) for i in items if str(i).strip()]
            if name == "techniques":
                items = [technique(i) for i in items]
            changed: dict[str, Any] = {name: tuple(dict.fromkeys(items))}
            return replace(self, **changed)
        if not isinstance(value, str):
            raise InvalidInputError(f"{name} takes one text, not a list")
        MEMO.check(value)
        text: dict[str, Any] = {name: value.strip()}
        return replace(self, **text)

    def as_dict(self) -> dict[str, Any]:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}

    @classmethod
    def from_dict(cls, data: object) -> AnalysisPlan:
        """A plan from stored or edited data; unknown keys are refused, missing ones empty."""
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise InvalidInputError("the plan must be a mapping of field: text")
        unknown = [k for k in data if k not in NAMES]
        if unknown:
            raise InvalidInputError(
                f"the plan has no field {unknown[0]!r}; its fields: {', '.join(NAMES)}"
            )
        plan = cls()
        for name, value in data.items():
            if value is None:
                continue
            if isinstance(value, list | tuple):
                plan = plan.with_value(name, [str(v) for v in value if v is not None])
            else:
                plan = plan.with_value(name, str(value))
        return plan


def field_named(name: str) -> PlanField:
    """The field called ``name`` (also with dashes: research-questions)."""
    wanted = name.strip().replace("-", "_")
    for field in FIELDS:
        if field.name == wanted:
            return field
    raise InvalidInputError(f"the plan has no field {name!r}; its fields: {', '.join(NAMES)}")


def technique(text: str) -> str:
    """Mayring's exact label for ``text`` (a label in any case, or a short name such as
    ``deduktiv`` or ``inductive``); anything else is refused with the labels."""
    cleaned = " ".join(text.split())
    for label in TECHNIQUES:
        if cleaned.casefold() == label.casefold():
            return label
    for label, english in TECHNIQUES_EN.items():
        if cleaned.casefold() == english:
            return label
    alias = _ALIASES.get(cleaned.casefold())
    if alias is not None:
        return alias
    raise InvalidInputError(
        f"{cleaned!r} is not one of Mayring's techniques: " + "; ".join(TECHNIQUES)
    )


def form(plan: AnalysisPlan) -> str:
    """The plan as a YAML form to edit, each field under a comment saying what belongs there."""
    lines = [
        "# The analysis plan (Ablaufmodell after Mayring). Fill in each field below its comment;",
        "# a field left empty stays empty. Save and close the editor to store the plan.",
        "# Longer texts: keep the '|' and indent every line of the text by two spaces.",
        "",
    ]
    for field in FIELDS:
        comment = f"{field.german} ({field.english}): {field.help}"
        lines.extend(textwrap.wrap(comment, 92, initial_indent="# ", subsequent_indent="#   "))
        value = plan.value(field.name)
        if field.listed:
            lines.append(f"{field.name}:")
            lines.extend(f"  - {_quoted(item)}" for item in value or [""])
        else:
            assert isinstance(value, str)
            lines.append(f"{field.name}: |")
            lines.extend(f"  {line}" if line else "" for line in value.splitlines() or [""])
        lines.append("")
    return "\n".join(lines)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
