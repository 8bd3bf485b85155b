"""The reviewer's page as a view model: every coding decision with its reasons, as plain data.

A supervisor or second examiner opens one HTML file (:mod:`qualcode.exporters.review` writes
it); this module gathers what it shows: the coding guideline with frequencies and history, the
transcripts with their codings, the audit trail of each coding, the agreement of each pair of
coders with the project's default parameters, the settled disagreements and the method facts.
The numbers come from the same services as ``qualcode export frequencies`` and ``qualcode
agreement``, so the page and the command line always agree.

What the browser draws lazily (transcripts, the codings list, coding histories) is kept as
compact lists of numbers and strings in :attr:`ReviewPage.data` and
:attr:`ReviewPage.transcripts`; the rest is small and rendered by the template.
"""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from qualcode import __version__
from qualcode.domain.audit import AuditEvent, DisagreementResolved
from qualcode.domain.codebook import Codebook
from qualcode.domain.coding import PASSES, Coding
from qualcode.domain.errors import NotFoundError, QualcodeError
from qualcode.domain.transcript import Transcript, positions_of
from qualcode.services._base import Service
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.documents import reads as documents_query
from qualcode.storage.proposals import reads as proposals_query
from qualcode.storage.reports import exports as exports_query

if TYPE_CHECKING:
    from qualcode.domain.anonymisation import Anonymiser
    from qualcode.services.audit import AuditService
    from qualcode.services.exports import ExportRequest

__all__ = [
    "AgreementPair",
    "CategoryView",
    "ChainStatus",
    "HistoryEntry",
    "ReviewPage",
    "ReviewService",
    "Settlement",
]

_PASSAGE = 400  # characters of a settled passage shown; the transcript has the rest

# Colours for categories without one of their own (and without a coloured ancestor).
_PALETTE = (
    "#4C72B0",
    "#DD8452",
    "#55A868",
    "#C44E52",
    "#8172B3",
    "#937860",
    "#DA8BC3",
    "#8C8C8C",
    "#CCB974",
    "#64B5CD",
)


@dataclass(frozen=True, slots=True)
class ChainStatus:
    """Whether the audit trail's hash chain is intact, as the page states it."""

    ok: bool
    checked: int
    head: str | None
    summary: str


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One event of the audit trail as a reviewer reads it."""

    when: str
    who: str
    what: str
    why: str


@dataclass(frozen=True, slots=True)
class CategoryView:
    """One category of the guideline with its frequencies and history."""

    code: str
    name: str
    parent: str | None
    depth: int
    colour: str
    definition: str
    coding_rule: str
    origin: str
    reference: str
    status: str
    anchors: tuple[tuple[str, str], ...]  # (text, source)
    segments: int
    cases: int
    case_share: float
    history: tuple[HistoryEntry, ...]


@dataclass(frozen=True, slots=True)
class VersionView:
    label: str
    created: str
    created_by: str
    reason: str
    frozen: str
    coded_share: float | None


@dataclass(frozen=True, slots=True)
class AgreementRow:
    code: str
    name: str
    agreements: int
    disagreements: int
    total: int
    percent: float | None


@dataclass(frozen=True, slots=True)
class AgreementPair:
    """The agreement report of one pair of coders (or why there is none)."""

    coders: tuple[str, str]
    level: str = ""
    parameters: tuple[tuple[str, str], ...] = ()
    rows: tuple[AgreementRow, ...] = ()
    overall: AgreementRow | None = None
    kappa_bp: float | None = None
    chance: float | None = None
    notes: tuple[str, ...] = ()
    open_disagreements: int = 0
    error: str = ""


@dataclass(frozen=True, slots=True)
class _Pairs:
    """The pairs compared, and who is in none (see ReviewPage.rules_only and .apart)."""

    compared: list[AgreementPair]
    rules_only: tuple[str, ...]
    apart: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Settlement:
    """A settled disagreement: both coders' codings, the decision and its reason."""

    when: str
    who: str
    document: str
    category: str
    category_name: str
    position: str
    coders: str
    coding_a: tuple[str, ...]
    coding_b: tuple[str, ...]
    decision: str
    reason: str


@dataclass(frozen=True, slots=True)
class MethodFacts:
    documents: int
    turns: int
    words: int
    codings: int
    coders: tuple[tuple[str, int], ...]
    passes: tuple[tuple[str, int], ...]
    codebook_title: str
    codebook_version: str
    versions: int
    frozen: str  # "1.0 (23 %)" or ""
    frozen_share: float | None
    exported: str
    as_of: str
    qualcode_version: str
    chain: ChainStatus
    selection: tuple[str, ...]
    agreement_parameters: str


@dataclass
class ReviewPage:
    """Everything the reviewer's page shows; see the module docstring."""

    export_id: str
    language: str
    title: str
    facts: MethodFacts
    categories: list[CategoryView]
    versions: list[VersionView]
    changes: list[HistoryEntry]
    documents: list[dict[str, Any]]
    agreement: list[AgreementPair]
    settled: list[Settlement]
    # Who is in no pair, and why: coders whose codings here all came from accepted autocoding
    # proposals, and pairs of coders who coded no document in common.
    rules_only: tuple[str, ...] = ()
    apart: tuple[tuple[str, str], ...] = ()
    data: dict[str, Any] = field(default_factory=dict)
    transcripts: list[dict[str, Any]] = field(default_factory=list)


def _chain_status(audit: AuditService) -> ChainStatus:
    """The audit chain's full check at export time, so the page says whether the trail the
    reviewer reads is the one the project recorded."""
    check = audit.verify()
    return ChainStatus(
        ok=bool(check.ok),
        checked=int(check.checked),
        head=check.head,
        summary=str(check.summary),
    )


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _entry(event: AuditEvent) -> HistoryEntry:
    return HistoryEntry(_when(event.at), event.coder, event.describe(), event.reason)


def _coding_ids(event: AuditEvent) -> list[int]:
    """The codings an event is about: its own entity, those a decision listed, or the one an
    accepted autocoding proposal became (the history then names the rule that found it)."""
    found = []
    if event.entity == "coding" and event.entity_id is not None:
        found.append(event.entity_id)
    for side in (event.before, event.after):
        if isinstance(side, dict) and isinstance(side.get("codings"), list):
            found.extend(i for i in side["codings"] if isinstance(i, int))
    if event.entity == "proposal" and isinstance(event.after, dict):
        coding_id = event.after.get("coding_id")
        if isinstance(coding_id, int):
            found.append(coding_id)
    return found


def _utf16(text: str) -> list[int] | None:
    """Offsets into ``text`` as the browser counts them (UTF-16 units), when they differ."""
    if text.isascii() or len(text.encode("utf-16-le")) == 2 * len(text):
        return None
    table = [0] * (len(text) + 1)
    units = 0
    for i, ch in enumerate(text):
        table[i] = units
        units += 2 if ord(ch) > 0xFFFF else 1
    table[len(text)] = units
    return table


class ReviewService(Service):
    """Builds the reviewer's page for ``qualcode export review``."""

    def page(self, request: ExportRequest, *, anonymiser: Anonymiser | None = None) -> ReviewPage:
        """The whole page for the chosen documents, categories, coders and passes, every text
        anonymised with ``anonymiser`` (see services/anonymisation.py)."""
        from qualcode.services import anonymisation

        page = self._page(request, anonymiser)
        texts, page.transcripts = page.transcripts, []  # anonymised as they were read
        page = anonymisation.scrub(page, anonymiser)
        page.transcripts = texts
        return page

    def _page(self, request: ExportRequest, anonymiser: Anonymiser | None) -> ReviewPage:
        from qualcode.analysis.frequencies import Selection
        from qualcode.services import anonymisation
        from qualcode.services.audit import AuditService

        with self.database.reading() as reader:
            book = codebook_query.load(reader)
            if book is None or not len(book):
                raise NotFoundError(
                    "this project has no codebook yet: load one with 'qualcode codebook load FILE'"
                )
            everything = documents_query.list_all(reader)
            by_ref = {d.name: d for d in everything} | {str(d.id): d for d in everything}
            names = []
            for ref in request.documents:
                if ref not in by_ref:
                    raise NotFoundError(f"there is no document {ref!r} (see 'qualcode documents')")
                names.append(by_ref[ref].name)
            selection = Selection(
                documents=tuple(dict.fromkeys(names)),
                attributes=request.attributes,
                coders=request.coders,
                passes=request.passes,
            )
            cases = selection.cases(everything)
            known = exports_query.coder_ids(reader)
            missing = [c for c in request.coders if c not in known]
            if missing:
                raise NotFoundError(
                    f"there is no coder {missing[0]!r} (the project's coders: "
                    f"{', '.join(sorted(known))})"
                )
            scope = exports_query.Scope(
                document_ids=[d.id for d in cases] if len(cases) < len(everything) else None,
                coder_ids=[known[c] for c in request.coders] or None,
                passes=list(request.passes) or None,
            )
            codings = exports_query.codings(reader, scope)
            transcripts = exports_query.transcripts(reader, cases)
            versions = codebook_query.versions(reader)
            from_rules = {
                p.coding_id
                for p in proposals_query.proposals(reader, status="accepted")
                if p.coding_id is not None
            }
        transcripts, codings = anonymisation.material(transcripts, codings, anonymiser)
        chosen = self._chosen_categories(book, request.categories)
        if chosen is not None:
            codings = [c for c in codings if c.category in chosen]
        audit = AuditService(self.database, self.coder)
        events = audit.log()
        exported = self.now()
        as_of = request.as_of or exported.date()
        language = "de" if book.language.lower().startswith("de") else "en"
        categories = self._categories(book, chosen, request, events)
        narrowed = tuple(d.name for d in cases) if len(cases) < len(everything) else ()
        pairs, settled = self._agreement(
            request, narrowed, chosen, codings, events, book, transcripts, from_rules, language
        )
        settled = [
            dataclasses.replace(s, decision=decision_in(language, s.decision)) for s in settled
        ]
        page = ReviewPage(
            export_id=uuid.uuid4().hex[:16],
            language=language,
            title=book.title,
            facts=self._facts(
                book,
                cases,
                codings,
                versions,
                exported,
                as_of,
                _chain_status(audit),
                selection,
                request,
                language,
            ),
            categories=categories,
            versions=[
                VersionView(
                    v.label,
                    _when(v.created),
                    v.created_by,
                    v.reason,
                    _when(v.frozen) if v.frozen else "",
                    v.coded_share,
                )
                for v in versions
            ],
            changes=[_entry(e) for e in events if e.entity in ("category", "codebook_version")],
            documents=[],
            agreement=pairs.compared,
            settled=settled,
            rules_only=pairs.rules_only,
            apart=pairs.apart,
        )
        self._material(page, book, categories, cases, codings, transcripts, events)
        return page

    # -- parts ----------------------------------------------------------------------------

    @staticmethod
    def _chosen_categories(book: Codebook, refs: Sequence[str]) -> set[str] | None:
        if not refs:
            return None
        chosen: set[str] = set()
        for ref in refs:
            category = book.resolve(ref)
            if category is None:
                raise NotFoundError(f"there is no category {ref!r} (see 'qualcode codebook')")
            chosen.add(category.code)
            chosen.update(c.code for c in book.descendants(category.code))
        return chosen

    def _categories(
        self,
        book: Codebook,
        chosen: set[str] | None,
        request: ExportRequest,
        events: list[AuditEvent],
    ) -> list[CategoryView]:
        """The guideline with the very numbers of ``qualcode export frequencies``."""
        from qualcode.services.exports import ExportService

        table = ExportService(self.database, self.coder).frequencies(request)
        frame = table.frame
        counts: dict[str, tuple[int, int, float]] = {}
        for row in frame.itertuples(index=False):
            counts[str(row[0])] = (int(row[2]), int(row[3]), float(row[4]))
        history: dict[int, list[HistoryEntry]] = defaultdict(list)
        for e in events:
            if e.entity == "category" and e.entity_id is not None:
                history[e.entity_id].append(_entry(e))
        mains = {c.code: i for i, c in enumerate(book.main_categories)}
        views = []
        for category in book:
            if chosen is not None and category.code not in chosen:
                continue
            main = category.code.split(".")[0]
            colour = book.colour_of(category.code) or _PALETTE[mains.get(main, 0) % len(_PALETTE)]
            segments, cases, share = counts.get(category.code, (0, 0, 0.0))
            views.append(
                CategoryView(
                    code=category.code,
                    name=category.name,
                    parent=category.parent,
                    depth=category.depth,
                    colour=colour,
                    definition=category.definition,
                    coding_rule=category.coding_rule,
                    origin=category.origin,
                    reference=category.reference,
                    status=category.status,
                    anchors=tuple((a.text, a.source) for a in category.anchors),
                    segments=segments,
                    cases=cases,
                    case_share=share,
                    history=tuple(history.get(category.id or -1, ())),
                )
            )
        return views

    def _agreement(
        self,
        request: ExportRequest,
        documents: tuple[str, ...],
        chosen: set[str] | None,
        codings: list[Coding],
        events: list[AuditEvent],
        book: Codebook,
        transcripts: dict[str, Transcript],
        from_rules: set[int],
        language: str,
    ) -> tuple[_Pairs, list[Settlement]]:
        """Each pair of coders compared with the defaults of ``qualcode agreement``, on the
        page's documents (``documents``: the chosen ones; empty: all) and categories; with one
        pass chosen, each coder's codings of that pass. The settled disagreements of the same
        documents and categories.

        A pair is two coders who each coded some of the same documents themselves: agreement
        asks whether two people applying the guideline independently mark the same passages.
        Codings from accepted autocoding proposals (``from_rules``) are their coder's and count
        in the comparison, but the rules chose those passages: a coder with nothing else here
        (someone who only reviewed the proposals) is in no pair, and the page says so.

        The notes are in the page's language, worded as ``qualcode agreement -o`` words them."""
        from qualcode.exporters.agreement_wording import german_notes
        from qualcode.services.agreement import AgreementRequest, AgreementService

        coders = sorted({c.coder for c in codings})
        by_hand: dict[str, set[str]] = defaultdict(set)
        for c in codings:
            if c.id not in from_rules:
                by_hand[c.coder].add(c.document)
        rules_only = tuple(c for c in coders if not by_hand[c])
        coders = [c for c in coders if by_hand[c]]
        apart: list[tuple[str, str]] = []
        suffix = f"@{request.passes[0]}" if len(set(request.passes)) == 1 else ""
        service = AgreementService(self.database, self.coder)
        pairs = []
        for i, a in enumerate(coders):
            for b in coders[i + 1 :]:
                if not by_hand[a] & by_hand[b]:
                    apart.append((a, b))
                    continue
                try:
                    result = service.compare(
                        AgreementRequest(
                            coders=(a + suffix, b + suffix),
                            documents=documents,
                            categories=request.categories,
                        ),
                        passages=False,
                    )
                except QualcodeError as error:
                    pairs.append(AgreementPair(coders=(a, b), error=str(error)))
                    continue
                report = result.report

                def row(r: Any, names: dict[str, str] = result.names) -> AgreementRow:
                    return AgreementRow(
                        r.code,
                        names.get(r.code, ""),
                        r.agreements,
                        r.disagreements,
                        r.total,
                        r.percent,
                    )

                pairs.append(
                    AgreementPair(
                        coders=(a, b),
                        level=report.level,
                        parameters=tuple(
                            (str(k), _parameter(v)) for k, v in result.parameters.items()
                        ),
                        rows=tuple(row(r) for r in report.categories),
                        overall=row(report.overall),
                        kappa_bp=report.kappa_bp,
                        chance=report.chance,
                        notes=tuple(german_notes(result)) if language == "de" else result.notes,
                        open_disagreements=len(report.disagreements),
                    )
                )
        compared = _Pairs(pairs, rules_only, tuple(apart))
        settled = []
        for e in events:
            event = e.typed()
            if not isinstance(event, DisagreementResolved):
                continue
            if documents and event.document not in documents:
                continue
            if chosen is not None and event.category not in chosen:
                continue
            category = book.get(event.category)
            transcript = transcripts.get(event.document)
            settled.append(
                Settlement(
                    when=_when(e.at),
                    who=e.coder,
                    document=event.document,
                    category=event.category,
                    category_name=category.name if category else "",
                    position=_position(transcript, event.start, event.end),
                    coders=event.coders,
                    coding_a=tuple(_passage(transcript, s) for s in event.spans_a or ()),
                    coding_b=tuple(_passage(transcript, s) for s in event.spans_b or ()),
                    decision=event.decision,
                    reason=e.reason,
                )
            )
        return compared, settled

    @staticmethod
    def _facts(
        book: Codebook,
        cases: list[Any],
        codings: list[Coding],
        versions: list[Any],
        exported: datetime,
        as_of: date,
        chain: ChainStatus,
        selection: Any,
        request: ExportRequest,
        language: str,
    ) -> MethodFacts:
        by_coder: dict[str, int] = defaultdict(int)
        by_pass: dict[str, int] = defaultdict(int)
        for c in codings:
            by_coder[c.coder] += 1
            by_pass[c.coding_pass] += 1
        frozen = [v for v in versions if v.frozen is not None]
        last = frozen[-1] if frozen else None
        chosen = list(selection.describe())
        if request.categories:
            chosen.append("Kategorien " + ", ".join(request.categories))
        return MethodFacts(
            documents=len(cases),
            turns=sum(d.turns for d in cases),
            words=sum(d.words for d in cases),
            codings=len(codings),
            coders=tuple(sorted(by_coder.items())),
            passes=tuple((p, by_pass[p]) for p in PASSES if by_pass.get(p)),
            codebook_title=book.title,
            codebook_version=book.version,
            versions=len(versions),
            frozen=last.label if last else "",
            frozen_share=last.coded_share if last else None,
            exported=_when(exported),
            as_of=as_of.isoformat(),
            qualcode_version=__version__,
            chain=chain,
            selection=tuple(chosen),
            agreement_parameters=_agreement_defaults(language),
        )

    @staticmethod
    def _material(
        page: ReviewPage,
        book: Codebook,
        categories: list[CategoryView],
        cases: list[Any],
        codings: list[Coding],
        transcripts: dict[str, Transcript],
        events: list[AuditEvent],
    ) -> None:
        """The lazily drawn part: documents, codings as columns, histories, transcripts."""
        category_index = {c.code: i for i, c in enumerate(categories)}
        shown = [c for c in codings if c.category in category_index]
        coders = sorted({c.coder for c in shown})
        coder_index = {name: i for i, name in enumerate(coders)}
        versions = sorted({c.codebook_version or "" for c in shown})
        version_index = {v: i for i, v in enumerate(versions)}
        doc_index = {d.name: i for i, d in enumerate(cases)}
        speakers: list[str] = []
        speaker_index: dict[str | None, int] = {}
        tables: list[list[int] | None] = []
        for d in cases:
            transcript = transcripts.get(d.name)
            text = transcript.text if transcript else ""
            table = _utf16(text)
            tables.append(table)
            turns = []
            for t in transcript.turns if transcript else ():
                if t.speaker not in speaker_index:
                    speaker_index[t.speaker] = len(speakers)
                    speakers.append(t.speaker or "")
                start, end = t.char_start, t.char_end
                if table is not None:
                    start, end = table[start], table[end]
                turns.append([t.position, speaker_index[t.speaker], t.start, start, end])
            page.transcripts.append({"text": text, "turns": turns})
            page.documents.append(
                {
                    "name": d.name,
                    "turns": d.turns,
                    "words": d.words,
                    "attributes": dict(d.attributes),
                }
            )
        columns: dict[str, list[Any]] = {
            k: [] for k in ("id", "doc", "cat", "start", "end", "coder", "pass", "version")
        }
        positions: list[list[int | None]] = []
        memos: dict[str, str] = {}
        for c in shown:
            doc = doc_index.get(c.document)
            if doc is None:
                continue
            start, end = c.start, c.end
            table = tables[doc]
            if table is not None:
                start, end = table[min(start, len(table) - 1)], table[min(end, len(table) - 1)]
            columns["id"].append(c.id)
            columns["doc"].append(doc)
            columns["cat"].append(category_index[c.category])
            columns["start"].append(start)
            columns["end"].append(end)
            columns["coder"].append(coder_index[c.coder])
            columns["pass"].append(PASSES.index(c.coding_pass) if c.coding_pass in PASSES else 0)
            columns["version"].append(version_index[c.codebook_version or ""])
            positions.append([c.position, c.position_end])
            if c.memo:
                memos[str(c.id)] = c.memo
        ids = set(columns["id"])
        history: dict[str, list[list[str]]] = defaultdict(list)
        for e in events:
            for coding_id in _coding_ids(e):
                if coding_id in ids:
                    entry = _entry(e)
                    history[str(coding_id)].append([entry.when, entry.who, entry.what, entry.why])
        attribute_keys = sorted({k for d in cases for k in d.attributes})
        page.data = {
            "exportId": page.export_id,
            "language": page.language,
            "categories": [
                [c.code, c.name, c.colour, category_index.get(c.parent or "", -1)]
                for c in categories
            ],
            "coders": coders,
            "passes": list(PASSES),
            "versions": versions,
            "speakers": speakers,
            "documents": [[d["name"], d["attributes"]] for d in page.documents],
            "attributes": attribute_keys,
            "codings": {**columns, "pos": positions},
            "memos": memos,
            "history": history,
        }


# The trail words a decision in English (domain.consensus.decision_wording); a German page
# shows it in German. A wording not recognised (an older or future one) is shown as stored.
_DECISIONS_DE = (
    (re.compile(r"coded as (?P<who>.+) did"), "kodiert, wie {who} kodiert hat"),
    (
        re.compile(r"both were partly right: one coding spanning both"),
        "beide lagen teilweise richtig: eine Kodierung über beide Stellen",
    ),
    (
        re.compile(r"neither: the category does not apply here"),
        "keiner: die Kategorie trifft hier nicht zu",
    ),
)


def decision_in(language: str, decision: str) -> str:
    """A settled disagreement's decision in the page's language."""
    if language != "de":
        return decision
    for pattern, wording in _DECISIONS_DE:
        found = pattern.fullmatch(decision)
        if found:
            return wording.format(**found.groupdict())
    return decision


def _agreement_defaults(language: str) -> str:
    """The parameters each pair is compared with: those of a plain ``qualcode agreement``,
    named in the page's language as ``qualcode agreement -o`` names them."""
    from qualcode.exporters.agreement_wording import wording
    from qualcode.services.agreement import AgreementRequest

    d = AgreementRequest(("a", "b"))
    w = wording(language)
    chosen = {
        "level": d.level,
        "threshold": d.threshold,
        "denominator": d.denominator,
        "counting": d.counting,
    }
    named = "; ".join(f"{w.parameter(k)}: {w.value(k, v)}" for k, v in chosen.items())
    return f"{named} (qualcode agreement --coders A B)"


def _parameter(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _positions(transcript: Transcript | None, start: int, end: int) -> tuple[int, int] | None:
    if transcript is None or not transcript.turns:
        return None
    starts = [t.char_start for t in transcript.turns]
    return positions_of(starts, [t.position for t in transcript.turns], start, end)


def _position(transcript: Transcript | None, start: int | None, end: int | None) -> str:
    if start is None or end is None:
        return ""
    found = _positions(transcript, start, end)
    if found is None:
        return f"{start}–{end}"
    first, last = found
    return f"Pos. {first}" if first == last else f"Pos. {first}–{last}"


def _passage(transcript: Transcript | None, span: Any) -> str:
    """A coder's coding at a settled disagreement: its Pos. and its text."""
    try:
        start, end = int(span[0]), int(span[1])
    except (TypeError, ValueError, IndexError):
        return ""
    where = _position(transcript, start, end)
    if transcript is None:
        return where
    text = " ".join(transcript.text[start:end].split())
    if len(text) > _PASSAGE:
        text = text[: _PASSAGE - 1] + "…"
    return f"{where}: „{text}“"
