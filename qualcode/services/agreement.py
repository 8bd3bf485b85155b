"""Intercoder agreement over a project, and resolving the disagreements it finds.

Two coders (or one coder in two passes, for an intracoder check) are compared on the same
documents at one of four levels (:mod:`qualcode.analysis.levels`). The report states every
choice made, lists the passages where the coders differ, and can be written for a thesis or
as the units x coders table that ReCal and R's ``irr`` read. Resolving a disagreement changes
the coders' codings so that they agree there, and records the decision and its reason.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.analysis import levels
from qualcode.domain.coding import PASSES, NewCoding
from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.services._base import Service
from qualcode.storage.queries import codebook as codebook_query
from qualcode.storage.queries import coders as coders_query
from qualcode.storage.queries import codings as codings_query
from qualcode.storage.queries import documents as documents_query
from qualcode.storage.reader import Reader

if TYPE_CHECKING:
    from qualcode.exporters.table import Table

LEVELS = ("segment", "presence", "frequency", "unit")
UNITS = ("turn", "sentence")
DECISIONS = ("a", "b", "both", "neither")


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


@dataclass(frozen=True)
class AgreementReport:
    coders: tuple[CoderRef, CoderRef]
    report: levels.LevelReport
    parameters: dict[str, object]
    names: dict[str, str]  # code -> category name
    disagreements: tuple[DisagreementView, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def level(self) -> str:
        return self.report.level


@dataclass(frozen=True, slots=True)
class Resolution:
    decision: str
    removed: int
    added: int


class AgreementService(Service):
    def compare(self, request: AgreementRequest) -> AgreementReport:
        """Compare two coders as ``request`` says; see the module docstring."""
        if request.level not in LEVELS:
            raise InvalidInputError(f"the level must be one of {', '.join(LEVELS)}")
        if request.unit not in UNITS:
            raise InvalidInputError(f"the unit must be one of {', '.join(UNITS)}")
        first, second = (CoderRef.parse(c) for c in request.coders)
        if first == second:
            raise InvalidInputError(
                "compare two different coders, or one coder in two passes (anna@main anna@recheck)"
            )
        with self.database.reading() as reader:
            book = codebook_query.load(reader)
            if book is None:
                raise NotFoundError("this project has no codebook yet")
            a = self._segments(reader, first)
            b = self._segments(reader, second)
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
            views = self._views(reader, report, names, a, b)
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
        }
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
        )

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
        from qualcode.storage.queries import settings as settings_query

        speakers = SpeakerMap.from_json(settings_query.get(reader, "speakers"))
        ids = documents_query.id_by_name(reader)
        units: list[levels.Unit] = []
        left_out = 0
        for name in documents:
            transcript = documents_query.transcript(reader, ids[name])
            assert transcript is not None
            for turn in transcript.turns:
                if (
                    not request.interviewer_turns
                    and turn.speaker
                    and speakers.role(turn.speaker) == "interviewer"
                ):
                    left_out += 1
                    continue
                if request.unit == "turn":
                    units.append(
                        levels.Unit(name, f"Pos. {turn.position}", turn.char_start, turn.char_end)
                    )
                    continue
                from qualcode.analysis.sentences import sentence_spans

                text = transcript.text[turn.char_start : turn.char_end]
                for number, (start, end) in enumerate(sentence_spans(text), start=1):
                    units.append(
                        levels.Unit(
                            name,
                            f"Pos. {turn.position}.{number}",
                            turn.char_start + start,
                            turn.char_start + end,
                        )
                    )
        what = "turns" if request.unit == "turn" else "sentences (split by spaCy's sentencizer)"
        note = f"Coding units: {len(units)} {what}"
        if left_out:
            note += f"; the interviewer's {left_out} turns are left out (--interviewer-turns)"
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
        starts: dict[str, tuple[list[int], list[int]]] = {}
        by_document_a, by_document_b = _by_document(a), _by_document(b)
        views = []
        for number, d in enumerate(report.disagreements, start=1):
            passage = position = ""
            others_a: tuple[str, ...] = ()
            others_b: tuple[str, ...] = ()
            if d.start is not None and d.end is not None:
                passage = texts[ids[d.document]][d.start : d.end]
                if d.document not in starts:
                    starts[d.document] = _turn_starts(reader, ids[d.document])
                position = _positions(starts[d.document], d.start, d.end)
                others_a = _codes_at(by_document_a.get(d.document), d)
                others_b = _codes_at(by_document_b.get(d.document), d)
            views.append(
                DisagreementView(
                    number, d, names.get(d.code, d.code), passage, position, others_a, others_b
                )
            )
        return tuple(views)

    # -- writing reports ------------------------------------------------------------------

    def tables(self, result: AgreementReport) -> list[Table]:
        """The report as tables: per category, the parameters, and the disagreements."""
        import pandas as pd

        from qualcode.exporters.table import Table

        report = result.report
        a, b = (c.label for c in result.coders)
        unit = report.level == "unit"
        rows, cells = [], []
        for r in (*report.categories, report.overall):
            row: dict[str, object] = {
                "Category": r.code if r.code != "overall" else "Overall",
                "Name": result.names.get(r.code, ""),
                "Agree": r.agreements,
                "Disagree": r.disagreements,
                "Total": r.total,
                "Percent": _percent(r.percent),
            }
            if unit:
                row |= {
                    "Positive": _percent(r.positive_agreement),
                    "Kappa": _number(r.kappa),
                    "BP kappa": _number(r.brennan_prediger),
                    "Alpha": _number(r.alpha),
                }
                cells.append(
                    {
                        "Category": row["Category"],
                        "both coded (n11)": r.n11,
                        "only A (n10)": r.n10,
                        "only B (n01)": r.n01,
                        "neither (n00)": r.n00,
                        "Units": r.total,
                    }
                )
            rows.append(row)
        summary = list(result.notes)
        if unit:
            summary.append(
                "Columns: Positive = positive agreement; Kappa = Cohen's kappa; BP kappa = "
                "Brennan-Prediger kappa; Alpha = Krippendorff's alpha (nominal)."
            )
        if report.level == "segment":
            summary.append(
                f"Brennan-Prediger kappa over k codes: {_number(report.kappa_bp)} "
                f"(chance agreement 1/k = {_number(report.chance)})."
            )
        title = f"Intercoder agreement ({report.level} level): {a} and {b}"
        tables = [Table(title, pd.DataFrame(rows), notes=tuple(summary), name="Agreement")]
        if cells:
            tables.append(
                Table(
                    f"Units coded by {a} (A) and {b} (B), per category",
                    pd.DataFrame(cells),
                    name="2x2 tables",
                )
            )
        tables += [
            Table(
                "Parameters",
                pd.DataFrame(
                    [{"Parameter": k, "Value": _plain(v)} for k, v in result.parameters.items()]
                ),
                name="Parameters",
                text_columns=("Value",),
            ),
        ]
        disagreements = [
            {
                "No.": v.number,
                "Document": v.disagreement.document,
                "Where": v.position,
                "Category": v.disagreement.code,
                f"A: {a}": _codes_given(v.disagreement.code, v.disagreement.a, v.others_a),
                f"B: {b}": _codes_given(v.disagreement.code, v.disagreement.b, v.others_b),
                "What differs": v.disagreement.detail,
                "Text": v.passage,
            }
            for v in result.disagreements
        ]
        columns = ["No.", "Document", "Where", "Category", f"A: {a}", f"B: {b}", "What differs"]
        tables.append(
            Table(
                "Disagreements",
                pd.DataFrame(disagreements, columns=[*columns, "Text"]),
                name="Disagreements",
                text_columns=("What differs", "Text"),
            )
        )
        return tables

    def write(self, result: AgreementReport, path: Path, fmt: str) -> None:
        from qualcode.exporters import write

        write(self.tables(result), path, fmt)

    @staticmethod
    def write_data(result: AgreementReport, path: Path) -> list[Path]:
        """The units x coders table: ``path`` for R's irr, ``*-recal.csv`` for ReCal.

        ``path`` has a header and one row per unit and category (document, unit, category, then
        one column per coder), so ``irr::kappa2(subset(d, category == "K2.1")[, 4:5])`` reads it.
        ReCal wants numbers only, no header, one row per unit and a pair of columns per variable:
        the second file has one column pair per category, in the order of the first file.
        """
        report = result.report
        if not report.data:
            raise InvalidInputError(
                "the segment level has no fixed units, so there is no units x coders table; "
                "use --level unit (or presence, frequency) with --data"
            )
        a, b = (str(c) for c in result.coders)
        main = io.StringIO()
        writer = csv.writer(main, lineterminator="\n")
        writer.writerow(["document", "unit", "category", a, b])
        writer.writerows(report.data)
        codes = list(dict.fromkeys(row[2] for row in report.data))
        units: dict[tuple[str, str], dict[str, tuple[int, int]]] = {}
        for document, unit, code, value_a, value_b in report.data:
            units.setdefault((document, unit), {})[code] = (value_a, value_b)
        recal = io.StringIO()
        recal_writer = csv.writer(recal, lineterminator="\n")
        for values in units.values():
            recal_writer.writerow([v for code in codes for v in values.get(code, (0, 0))])
        path.parent.mkdir(parents=True, exist_ok=True)
        recal_path = path.with_name(path.stem + "-recal.csv")
        path.write_text(main.getvalue(), encoding="utf-8")
        recal_path.write_text(recal.getvalue(), encoding="utf-8")
        return [path, recal_path]

    # -- resolving ------------------------------------------------------------------------

    def resolve(
        self,
        coders: tuple[str, str],
        view: DisagreementView,
        decision: str,
        *,
        reason: str,
    ) -> Resolution:
        """Settle one disagreement so both coders' codings agree there; the reason is required.

        ``a``: the passage is coded as coder A did (B's codings of this category there are
        replaced by copies of A's); ``b`` the other way round; ``both``: both were partly
        right, so both get one coding spanning what either marked; ``neither``: both codings
        go. Every change is an audit event, and so is the decision with its reason.
        """
        from qualcode.storage.repositories import audit
        from qualcode.storage.repositories import coders as coders_repo
        from qualcode.storage.repositories import codings as codings_repo

        if decision not in DECISIONS:
            raise InvalidInputError(f"the decision must be one of {', '.join(DECISIONS)}")
        if not reason.strip():
            raise InvalidInputError("say why: the reason goes into the audit trail")
        d = view.disagreement
        if d.start is None or d.end is None:
            raise InvalidInputError(
                "a disagreement on a whole document cannot be settled at one passage: "
                "walk through the disagreements at the segment or unit level"
            )
        sides = tuple(CoderRef.parse(c) for c in coders)
        with self.database.transaction() as tx:
            doc_id = documents_query.find_id(tx, d.document)
            category_ids = codebook_query.ids_by_code(tx)
            if doc_id is None or d.code not in category_ids:
                raise NotFoundError("the document or category of this disagreement is gone")
            text = documents_query.texts(tx, [doc_id])[doc_id]
            actor = self._coder_id(tx)
            version = codebook_query.current_version(tx)
            now = self.now()
            current: list[list[Any]] = []
            for side in sides:
                coder_id = coders_repo.ensure(tx, side.name)
                found = [
                    c
                    for c in codings_query.query(
                        tx,
                        document_id=doc_id,
                        category_ids=[category_ids[d.code]],
                        coder_id=coder_id,
                        coding_pass=side.coding_pass,
                    )
                    if c.start < d.end and d.start < c.end
                ]
                current.append([coder_id, side, found])
            spans_a = [(c.start, c.end) for c in current[0][2]]
            spans_b = [(c.start, c.end) for c in current[1][2]]
            everything = spans_a + spans_b
            hull = (
                [(min(s for s, _ in everything), max(e for _, e in everything))]
                if everything
                else []
            )
            target = {"a": spans_a, "b": spans_b, "both": hull, "neither": []}[decision]
            removed = added = 0
            touched: list[int] = []
            why = f"resolving a disagreement: {reason.strip()}"
            for coder_id, side, found in current:
                if sorted((c.start, c.end) for c in found) == sorted(target):
                    continue
                for coding in found:
                    codings_repo.delete(tx, coding.id)
                    removed += 1
                    touched.append(coding.id)
                    audit.record(
                        tx,
                        coder_id=actor,
                        action="delete",
                        entity="coding",
                        entity_id=coding.id,
                        before={
                            "document": coding.document,
                            "category": coding.category,
                            "start": coding.start,
                            "end": coding.end,
                            "text": coding.text,
                            "coder": coding.coder,
                            "pass": coding.coding_pass,
                        },
                        reason=why,
                    )
                coding_pass = side.coding_pass or (found[0].coding_pass if found else "main")
                for start, end in target:
                    new_id = codings_repo.insert(
                        tx,
                        NewCoding(
                            doc_id,
                            category_ids[d.code],
                            start,
                            end,
                            text[start:end],
                            "",
                            coding_pass,
                        ),
                        coder_id=coder_id,
                        codebook_version_id=version.id if version else None,
                        now=now,
                    )
                    added += 1
                    touched.append(new_id)
                    audit.record(
                        tx,
                        coder_id=actor,
                        action="create",
                        entity="coding",
                        entity_id=new_id,
                        after={
                            "document": d.document,
                            "category": d.code,
                            "start": start,
                            "end": end,
                            "text": text[start:end],
                            "coder": side.name,
                            "pass": coding_pass,
                        },
                        reason=why,
                    )
            labels = {"a": sides[0].label, "b": sides[1].label}
            wording = {
                "a": f"coded as {labels['a']} did",
                "b": f"coded as {labels['b']} did",
                "both": "both were partly right: one coding spanning both",
                "neither": "neither: the category does not apply here",
            }[decision]
            audit.record(
                tx,
                coder_id=actor,
                action="resolve",
                entity="disagreement",
                entity_id=None,
                before={
                    "a": [list(s) for s in spans_a],
                    "b": [list(s) for s in spans_b],
                    "detail": d.detail,
                },
                after={
                    "document": d.document,
                    "category": d.code,
                    "start": d.start,
                    "end": d.end,
                    "coders": f"{sides[0]} / {sides[1]}",
                    "decision": wording,
                    "codings": touched,
                },
                reason=reason.strip(),
            )
        return Resolution(decision, removed, added)


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f} %"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _plain(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return str(value)


def _codes_given(code: str, found: Sequence[levels.Segment], others: Sequence[str]) -> str:
    """The codes one coder gave the passage: the disputed one first, if they gave it."""
    given = ([f"{code} ({len(found)}x)" if len(found) > 1 else code] if found else []) + list(
        others
    )
    return ", ".join(given) or "-"


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


def _turn_starts(reader: Reader, document_id: int) -> tuple[list[int], list[int]]:
    """A document's turn starts and Pos. numbers, in text order, to cite a passage."""
    rows = reader.rows(
        "SELECT char_start, position FROM turns WHERE document_id = :d ORDER BY char_start",
        {"d": document_id},
    )
    return [r["char_start"] for r in rows], [r["position"] for r in rows]


def _positions(turns: tuple[list[int], list[int]], start: int, end: int) -> str:
    from bisect import bisect_right

    starts, positions = turns
    if not starts:
        return ""
    first = positions[max(bisect_right(starts, start) - 1, 0)]
    last = positions[max(bisect_right(starts, end - 1) - 1, 0)]
    return f"Pos. {first}" if first == last else f"Pos. {first}-{last}"
