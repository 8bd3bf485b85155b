"""Intercoder agreement over a project: two coders compared at one of four levels.

Two coders (or one coder in two passes, for an intracoder check) are compared on the same
documents (:mod:`qualcode.analysis.levels`). The report states every choice made and lists the
passages where the coders differ with their text. Writing the report is
:mod:`qualcode.services.agreement_report`; settling disagreements is
:mod:`qualcode.services.disagreements`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from qualcode.analysis import levels
from qualcode.analysis.rewind import rewind
from qualcode.domain.audit import AuditEvent
from qualcode.domain.coding import PASSES
from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.domain.plurals import counted
from qualcode.domain.terminology import Terms
from qualcode.domain.transcript import positions_of
from qualcode.services._base import Service
from qualcode.services.plan import read_terms
from qualcode.storage.audit import reads as audit_query
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.coders import reads as coders_query
from qualcode.storage.codings import reads as codings_query
from qualcode.storage.documents import reads as documents_query
from qualcode.storage.reader import Reader

LEVELS = ("segment", "presence", "frequency", "unit")
UNITS = ("turn", "sentence")


@dataclass(frozen=True, slots=True)
class CoderRef:
    """A coder, optionally limited to one pass: ``anna`` or ``anna@recheck``."""

    name: str
    coding_pass: str | None = None

    @classmethod
    def parse(cls, text: str) -> CoderRef:
        name, _, coding_pass = text.strip().partition("@")
        if not name:
            raise InvalidInputError(f"{text!r} names no coder")
        if coding_pass and coding_pass not in PASSES:
            raise InvalidInputError(f"{text!r}: after @ comes a pass, one of {', '.join(PASSES)}")
        return cls(name.strip(), coding_pass or None)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.coding_pass} pass)" if self.coding_pass else self.name

    def __str__(self) -> str:
        return f"{self.name}@{self.coding_pass}" if self.coding_pass else self.name


@dataclass(frozen=True, slots=True)
class AgreementRequest:
    """What to compare and how; every field ends up in the report's parameters."""

    coders: tuple[str, str]
    documents: tuple[str, ...] = ()  # names or ids; empty: the documents both coders coded
    categories: tuple[str, ...] = ()  # codes, each with its subcategories; empty: all used
    level: str = "segment"
    unit: str = "turn"  # the fixed coding unit of the unit level
    threshold: float = 0.9
    denominator: str = "union"
    counting: str = "segments"
    base: str = "all"
    interviewer_turns: bool = False  # unit level: count the interviewer's turns as units too
    before_consensus: bool = False  # the codings as they were before the first settlement
    as_of: datetime | None = None  # the codings as they were at this moment


@dataclass(frozen=True, slots=True)
class DisagreementView:
    """A disagreement with what a person needs to judge it: the text and each side's codes."""

    number: int
    disagreement: levels.Disagreement
    category_name: str
    passage: str  # the text of the passage ("" at the document levels)
    position: str  # "Pos. 12" / "Pos. 12-14" ("" at the document levels)
    others_a: tuple[str, ...] = ()  # other codes coder A gave this passage
    others_b: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Basis:
    """Which codings were compared: today's, or those of an earlier moment.

    ``state`` is ``current``, ``before-consensus`` or ``as-of``; ``settled`` counts the
    disagreements settled (before ``at`` for ``as-of``, in all for the others); ``first`` is
    when the first was settled; ``not_undone`` counts later changes the trail could not undo.
    ``imported`` counts the disagreements of ``settled`` that were settled in the project this
    one was imported from (REFI-QDA): their trail came along, but not the codings before them.
    """

    state: str = "current"
    settled: int = 0
    first: datetime | None = None
    at: datetime | None = None
    not_undone: int = 0
    imported: int = 0

    @property
    def consensus(self) -> bool:
        """Whether settled disagreements are part of the codings compared."""
        if self.state == "before-consensus":
            return False
        if self.imported:  # settled before the import, so before any moment of this project
            return True
        if self.state == "as-of":
            return self.first is not None and self.at is not None and self.first <= self.at
        return self.settled > 0


@dataclass(frozen=True)
class AgreementReport:
    coders: tuple[CoderRef, CoderRef]
    report: levels.LevelReport
    parameters: dict[str, object]
    names: dict[str, str]  # code -> category name
    disagreements: tuple[DisagreementView, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    basis: Basis = field(default_factory=Basis)
    language: str = "de"  # the codebook's: the report's files speak it
    terms: Terms = field(default_factory=Terms)  # the project's words, for the German files

    @property
    def level(self) -> str:
        return self.report.level


class AgreementService(Service):
    def compare(self, request: AgreementRequest, *, passages: bool = True) -> AgreementReport:
        """Compare two coders as ``request`` says; see the module docstring.

        ``passages=False`` leaves out the disagreements' text and surrounding codes (the
        report's own list still holds every disagreement), for a summary of many pairs.
        """
        if request.level not in LEVELS:
            raise InvalidInputError(f"the level must be one of {', '.join(LEVELS)}")
        if request.unit not in UNITS:
            raise InvalidInputError(f"the unit must be one of {', '.join(UNITS)}")
        first, second = (CoderRef.parse(c) for c in request.coders)
        if first == second:
            raise InvalidInputError(
                "compare two different coders, or one coder in two passes (anna@main anna@recheck)"
            )
        if request.before_consensus and request.as_of is not None:
            raise InvalidInputError("give either --before-consensus or --as-of, not both")
        with self.database.reading() as reader:
            book = codebook_query.load(reader)
            if book is None:
                raise NotFoundError("this project has no codebook yet")
            terms = read_terms(reader)
            a = self._segments(reader, first)
            b = self._segments(reader, second)
            basis, later = self._basis(reader, request)
            if later is not None:
                rewound_a = rewind(a, later, coder=first.name, coding_pass=first.coding_pass)
                rewound_b = rewind(b, later, coder=second.name, coding_pass=second.coding_pass)
                a, b = rewound_a.segments, rewound_b.segments
                basis = replace(basis, not_undone=rewound_a.not_undone)
            documents = self._documents(reader, request.documents, a, b)
            chosen = set(documents)
            a = [s for s in a if s.document in chosen]
            b = [s for s in b if s.document in chosen]
            codes = self._codes(book, request.categories, a, b)
            wanted = set(codes)
            a = [s for s in a if s.code in wanted]
            b = [s for s in b if s.code in wanted]
            names = {c.code: c.name for c in book}
            coders = (first.label, second.label)
            unit_note = ""
            if request.level == "unit":
                units, unit_note = self._units(reader, documents, request)
                report = levels.units(a, b, units=units, codes=codes, coders=coders)
            elif request.level == "segment":
                report = levels.segments(
                    a,
                    b,
                    codes=codes,
                    threshold=request.threshold,
                    denominator=request.denominator,  # type: ignore[arg-type]
                    counting=request.counting,  # type: ignore[arg-type]
                    coders=coders,
                )
            else:
                compare = levels.presence if request.level == "presence" else levels.frequency
                report = compare(
                    a,
                    b,
                    documents=documents,
                    codes=codes,
                    base=request.base,  # type: ignore[arg-type]
                    coders=coders,
                )
            views = self._views(reader, report, names, a, b) if passages else ()
            version = book.version
        parameters: dict[str, object] = {
            "coder_a": str(first),
            "coder_b": str(second),
            "level": report.level,
            **report.parameters,
            "documents": list(documents),
            "categories": list(codes),
            "codebook_version": version,
            "date": self.now().date().isoformat(),
            "codings": basis.state,
        }
        if basis.state == "as-of" and basis.at is not None:
            parameters["as_of"] = basis.at.isoformat(timespec="seconds")
        if basis.first is not None:
            parameters["first_settlement"] = basis.first.isoformat(timespec="seconds")
        if request.level == "unit":
            parameters["unit"] = request.unit
            parameters["interviewer_turns"] = request.interviewer_turns
        notes = [
            f"Coder A: {first.label}; coder B: {second.label}.",
            f"Documents compared: {len(documents)}"
            + (" (those both coders coded)." if not request.documents else " (chosen)."),
            f"Categories compared: {len(codes)}"
            + (" (those either coder used)." if not request.categories else "."),
        ]
        notes.insert(1, _basis_note(basis))
        if basis.not_undone:
            notes.insert(
                2,
                f"{basis.not_undone} later changes could not be undone one by one (merged "
                "categories, bulk additions, removed or replaced documents): the codings they "
                "touched are compared as they are today.",
            )
        if unit_note:
            notes.append(unit_note)
        notes.extend(report.notes)
        return AgreementReport(
            coders=(first, second),
            report=report,
            parameters=parameters,
            names=names,
            disagreements=views,
            notes=tuple(notes),
            basis=basis,
            language=book.language,
            terms=terms,
        )

    def settlements(self) -> int:
        """How many disagreements have been settled in this project (the walkthrough warns
        before the first, since settling changes the agreement computed afterwards)."""
        with self.database.reading() as reader:
            return len(_settled(reader)) + len(_imported_settlements(reader))

    # -- which codings ----------------------------------------------------------------------

    @staticmethod
    def _basis(reader: Reader, request: AgreementRequest) -> tuple[Basis, list[AuditEvent] | None]:
        """Which codings to compare, and the changes to undo to get them (None: today's)."""
        settled = _settled(reader)
        imported = _imported_settlements(reader)
        moments = [e.at for e in settled] + imported
        first = min(moments) if moments else None
        if imported and (
            request.before_consensus or (request.as_of or imported[-1]) < imported[-1]
        ):
            raise InvalidInputError(
                f"{counted(len(imported), 'disagreement')} "
                f"{'were' if len(imported) != 1 else 'was'} settled in the project this one "
                "was imported from, and the codings before that are not in this project: "
                f"compute {'--before-consensus' if request.before_consensus else '--as-of'} "
                "in that project"
            )
        if request.before_consensus:
            basis = Basis("before-consensus", len(settled), first)
            if not settled:
                return basis, None
            # The settlement's own changes are recorded just before it, at the same moment.
            return basis, [e for e in audit_query.events(reader) if e.at >= settled[0].at]
        if request.as_of is not None:
            at = request.as_of
            before = sum(1 for e in settled if e.at <= at) + len(imported)
            basis = Basis("as-of", before, first, at, imported=len(imported))
            return basis, [e for e in audit_query.events(reader) if e.at > at]
        return Basis("current", len(settled) + len(imported), first, imported=len(imported)), None

    # -- reading --------------------------------------------------------------------------

    @staticmethod
    def _segments(reader: Reader, coder: CoderRef) -> list[levels.Segment]:
        coder_id = coders_query.find(reader, coder.name)
        if coder_id is None:
            known = ", ".join(coders_query.names(reader)) or "none yet"
            raise NotFoundError(f"there is no coder {coder.name!r} (the project's coders: {known})")
        rows = codings_query.spans(reader, coder_id=coder_id, coding_pass=coder.coding_pass)
        return [
            levels.Segment(r["document"], r["code"], r["char_start"], r["char_end"], r["id"])
            for r in rows
        ]

    @staticmethod
    def _documents(
        reader: Reader,
        refs: Sequence[str],
        a: Sequence[levels.Segment],
        b: Sequence[levels.Segment],
    ) -> tuple[str, ...]:
        infos = documents_query.list_all(reader)
        if refs:
            by_name = {d.name: d.name for d in infos} | {str(d.id): d.name for d in infos}
            names = []
            for ref in refs:
                if ref not in by_name:
                    raise NotFoundError(f"there is no document {ref!r} (see 'qualcode documents')")
                names.append(by_name[ref])
            return tuple(dict.fromkeys(names))
        both = {s.document for s in a} & {s.document for s in b}
        found = tuple(d.name for d in infos if d.name in both)
        if not found:
            raise InvalidInputError(
                "the two coders have not both coded any document yet; "
                "name the documents to compare with --documents"
            )
        return found

    @staticmethod
    def _codes(
        book: Any,
        refs: Sequence[str],
        a: Sequence[levels.Segment],
        b: Sequence[levels.Segment],
    ) -> tuple[str, ...]:
        used = {s.code for s in a} | {s.code for s in b}
        order = [c.code for c in book]
        if not refs:
            return tuple(c for c in order if c in used) or tuple(sorted(used))
        chosen: list[str] = []
        for ref in refs:
            top = book.resolve(ref)
            if top is None:
                raise NotFoundError(f"there is no category {ref!r} (see 'qualcode codebook show')")
            chosen.extend(c.code for c in [top, *book.descendants(top.code)] if c.code in used)
        if not chosen:
            raise InvalidInputError(
                "neither coder used these categories in these documents: nothing to compare"
            )
        return tuple(dict.fromkeys(chosen))

    def _units(
        self, reader: Reader, documents: Sequence[str], request: AgreementRequest
    ) -> tuple[list[levels.Unit], str]:
        from qualcode.domain.speakers import SpeakerMap
        from qualcode.services.search import Sentence, sentences_of
        from qualcode.storage.settings import reads as settings_query

        speakers = SpeakerMap.from_json(settings_query.get(reader, "speakers"))
        ids = documents_query.id_by_name(reader)
        wanted = [ids[name] for name in documents]
        turns = documents_query.turn_spans(reader, wanted)
        sentences = sentences_of(reader, wanted) if request.unit == "sentence" else {}
        units: list[levels.Unit] = []
        left_out = 0
        for name in documents:
            by_turn: dict[int, list[Sentence]] = {}
            for sentence in sentences.get(ids[name], []):
                by_turn.setdefault(sentence.position, []).append(sentence)
            for turn in turns[ids[name]]:
                start, end, position = turn["char_start"], turn["char_end"], turn["position"]
                speaker = turn["speaker"]
                if (
                    not request.interviewer_turns
                    and speaker
                    and speakers.role(speaker) == "interviewer"
                ):
                    left_out += 1
                    continue
                if request.unit == "turn":
                    units.append(levels.Unit(name, f"Pos. {position}", start, end))
                    continue
                for sentence in by_turn.get(position, []):
                    units.append(
                        levels.Unit(
                            name,
                            f"Pos. {position}.{sentence.number}",
                            sentence.start,
                            sentence.end,
                        )
                    )
        what = "turn" if request.unit == "turn" else "sentence"
        note = f"Coding units: {counted(len(units), what)}"
        if left_out:
            note += (
                f"; the interviewer's {counted(left_out, 'turn')} "
                f"{'is' if left_out == 1 else 'are'} left out (--interviewer-turns)"
            )
        return units, note + "."

    @staticmethod
    def _views(
        reader: Reader,
        report: levels.LevelReport,
        names: dict[str, str],
        a: Sequence[levels.Segment],
        b: Sequence[levels.Segment],
    ) -> tuple[DisagreementView, ...]:
        if not report.disagreements:
            return ()
        ids = documents_query.id_by_name(reader)
        wanted = sorted({ids[d.document] for d in report.disagreements if d.start is not None})
        texts = documents_query.texts(reader, wanted)
        starts = {
            document_id: ([r["char_start"] for r in rows], [r["position"] for r in rows])
            for document_id, rows in documents_query.turn_spans(reader, wanted).items()
        }
        by_document_a, by_document_b = _by_document(a), _by_document(b)
        views = []
        for number, d in enumerate(report.disagreements, start=1):
            passage = position = ""
            others_a: tuple[str, ...] = ()
            others_b: tuple[str, ...] = ()
            if d.start is not None and d.end is not None:
                passage = texts[ids[d.document]][d.start : d.end]
                position = _positions(starts[ids[d.document]], d.start, d.end)
                others_a = _codes_at(by_document_a.get(d.document), d)
                others_b = _codes_at(by_document_b.get(d.document), d)
            views.append(
                DisagreementView(
                    number, d, names.get(d.code, d.code), passage, position, others_a, others_b
                )
            )
        return tuple(views)


@dataclass(frozen=True, slots=True)
class _Index:
    """One coder's segments in one document, by start, to find those over a passage fast."""

    segments: list[levels.Segment]
    starts: list[int]
    longest: int


def _by_document(found: Sequence[levels.Segment]) -> dict[str, _Index]:
    grouped: dict[str, list[levels.Segment]] = {}
    for segment in found:
        grouped.setdefault(segment.document, []).append(segment)
    index = {}
    for document, segments in grouped.items():
        segments.sort(key=lambda s: s.start)
        index[document] = _Index(
            segments, [s.start for s in segments], max(s.end - s.start for s in segments)
        )
    return index


def _codes_at(index: _Index | None, d: levels.Disagreement) -> tuple[str, ...]:
    """Other codes one coder gave text inside this passage: context for the discussion."""
    from bisect import bisect_left

    assert d.start is not None and d.end is not None
    if index is None:
        return ()
    low = bisect_left(index.starts, d.start - index.longest)
    high = bisect_left(index.starts, d.end)
    return tuple(
        sorted({s.code for s in index.segments[low:high] if s.code != d.code and d.start < s.end})
    )


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment is not None else ""


def _basis_note(basis: Basis) -> str:
    """Which codings were compared, in one sentence for the report's notes."""
    if basis.state == "before-consensus":
        if not basis.settled:
            return (
                "Before consensus: no disagreement has been settled yet, so these are the "
                "coders' own codings."
            )
        return (
            "Before consensus: the codings as they were before the first settled disagreement "
            f"({_when(basis.first)}), rebuilt from the audit trail; {basis.settled} "
            f"disagreement{'s have' if basis.settled != 1 else ' has'} been settled since."
        )
    if basis.state == "as-of":
        return (
            f"The codings as they were at {_when(basis.at)}, rebuilt from the audit trail "
            f"({basis.settled} disagreement{'s' if basis.settled != 1 else ''} settled by then"
            + (f", {basis.imported} before the project was imported)." if basis.imported else ").")
        )
    if basis.imported:
        return (
            f"After consensus: today's codings, after {basis.settled} settled "
            f"disagreement{'s' if basis.settled != 1 else ''} (the first on "
            f"{_when(basis.first)}), "
            + ("settled" if basis.imported == basis.settled else f"{basis.imported} of them")
            + " in the project this one was imported from; the agreement before consensus can "
            "only be computed there."
        )
    if basis.settled:
        return (
            f"After consensus: today's codings, after {basis.settled} settled "
            f"disagreement{'s' if basis.settled != 1 else ''} (the first on "
            f"{_when(basis.first)}); --before-consensus gives the agreement before the first."
        )
    return "No disagreement has been settled yet: these are the coders' own codings."


def _settled(reader: Reader) -> list[AuditEvent]:
    """The settled disagreements, oldest first."""
    return [e for e in audit_query.events(reader, entity="disagreement") if e.action == "resolve"]


def _imported_settlements(reader: Reader) -> list[datetime]:
    """When the disagreements settled in an imported project's trail were settled.

    A project read from a REFI-QDA file that qualcode wrote keeps that project's trail beside
    its own (see services/exchange/): its codings are the ones after those settlements, so
    the agreement computed here is a figure after consensus, not the coders' own.
    """
    from qualcode.services.exchange.keys import AUDIT_KEY
    from qualcode.storage.settings import reads as settings_query

    moments = []
    for event in settings_query.get(reader, AUDIT_KEY) or []:
        if not isinstance(event, dict):
            continue
        if event.get("entity") != "disagreement" or event.get("action") != "resolve":
            continue
        try:
            moments.append(datetime.fromisoformat(str(event.get("at"))))
        except ValueError:
            continue
    return sorted(moments)


def _positions(turns: tuple[list[int], list[int]], start: int, end: int) -> str:
    starts, positions = turns
    if not starts:
        return ""
    first, last = positions_of(starts, positions, start, end)
    return f"Pos. {first}" if first == last else f"Pos. {first}–{last}"  # an en dash, as quotes
