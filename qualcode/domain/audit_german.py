"""The audit trail's sentences in German, one for every kind of event.

A German reviewer's page shows each coding's and category's history in German (the English
sentences are the kinds' own :meth:`~qualcode.domain.audit.ChangeEvent.describe`, which the
command line prints). Each sentence here is a frame in Mayring's spelling (*Kodierung*,
*Fall*) put into the project's words (:class:`~qualcode.domain.terminology.Terms`) before the
event's values go in, so a document or a quotation is never rewritten. What the trail stored
in English (a settled disagreement's decision, what a reviewer's comment is on, the name of an
undone step) is put into German where its wording is known, else shown as stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from qualcode.domain.audit import (
    AttributesSet,
    AutocodeRulesSet,
    CategoryChanged,
    CategoryCreated,
    CategoryMerged,
    CategoryMoved,
    CategoryWithdrawn,
    ChangeEvent,
    ChangeRedone,
    ChangeUndone,
    CodebookVersionCreated,
    CodebookVersionFrozen,
    CodingConfirmed,
    CodingCreated,
    CodingMemoChanged,
    CodingReassigned,
    CodingRelocated,
    CodingRemoved,
    CodingsAdded,
    DisagreementResolved,
    DocumentImported,
    DocumentRemoved,
    DocumentRenamed,
    DocumentReplaced,
    MemberAdded,
    MemberRemoved,
    MemberRoleChanged,
    MemoEdited,
    MemoRemoved,
    MemoWritten,
    PassSet,
    PlanChanged,
    ProjectImported,
    ProjectMerged,
    ProposalAccepted,
    ProposalImported,
    ProposalRejected,
    ProposalReopened,
    ProposalsMade,
    ReductionPromoted,
    ReviewCommentDone,
    ReviewCommentImported,
    SpeakerMapChanged,
    StopWordsChanged,
    SummaryUnitEdited,
    SummaryWritten,
    TermsChanged,
    _get,
    _where,
)
from qualcode.domain.consensus import decision_in
from qualcode.domain.terminology import Terms

__all__ = ["german", "german_reason", "in_german", "unknown_in_german"]

E = TypeVar("E", bound=ChangeEvent)


@dataclass(frozen=True, slots=True)
class _Words:
    """Who acted, what the event is about today, and the project's words."""

    actor: str
    subject: str
    terms: Terms

    def say(self, frame: str, **values: object) -> str:
        """``frame`` in the project's words, then the event's values put in (never rewritten)."""
        return _framed(self.terms, frame).format(**values)


@lru_cache(maxsize=512)
def _framed(terms: Terms, frame: str) -> str:
    """A frame in the project's words; a long trail asks for the same few frames again."""
    return terms.apply(frame)


_SENTENCES: dict[type[ChangeEvent], Callable[[Any, _Words], str]] = {}


def _says(kind: type[E]) -> Callable[[Callable[[E, _Words], str]], Callable[[E, _Words], str]]:
    def register(sentence: Callable[[E, _Words], str]) -> Callable[[E, _Words], str]:
        _SENTENCES[kind] = sentence
        return sentence

    return register


def in_german(kind: type[ChangeEvent]) -> bool:
    """Whether this kind of event has its German sentence."""
    return kind in _SENTENCES


def german(
    event: ChangeEvent, *, actor: str = "", subject: str = "", terms: Terms | None = None
) -> str:
    """The event's sentence in German (``actor``, ``subject`` as for ``describe``); a kind
    without one (none, a test sees to it) falls back to the English sentence."""
    sentence = _SENTENCES.get(type(event))
    if sentence is None:
        return event.describe(actor=actor, subject=subject)
    return sentence(event, _Words(actor, subject, terms or Terms()))


def german_reason(reason: str, *, terms: Terms | None = None) -> str:
    """An event's reason in German where the program worded part of it (settling a
    disagreement, an undo, an import); what the coder wrote is left as written."""
    w = _Words("", "", terms or Terms())
    for pattern, frame in _REASONS:
        found = pattern.fullmatch(reason)
        if found:
            values = found.groupdict()
            if "step" in values:
                values["step"] = _translated(values["step"], _STEPS, w)
            return w.say(frame, **values)
    return reason


def unknown_in_german(entity: str, action: str, entity_id: int | None) -> str:
    """A stored row of a kind this version does not know, as far as it can be said."""
    return f"Änderung „{action} {entity}" + (f" {entity_id}“" if entity_id is not None else "“")


# ----- the words the sentences share --------------------------------------------------------


def _short(text: object, width: int = 60) -> str:
    flat = " ".join(str(text or "").split())
    return f"„{flat}“" if len(flat) <= width else f"„{flat[: width - 1]}…“"


def _count(n: object, one: str, many: str) -> str:
    number = n if isinstance(n, int) else 0
    return f"{number} {one if number == 1 else many}"


def _codings(n: object, w: _Words) -> str:
    return w.say("{n} " + ("Kodierung" if n == 1 else "Kodierungen"), n=n if n is not None else 0)


def _owner(view: Any, w: _Words, word: str) -> str:
    """' für ben' (or ' von ben') when the coding is someone else's than who changed it."""
    owner = _get(view, "coder")
    return f" {word} {owner}" if owner and owner != w.actor else ""


def _names(keys: object, words: dict[str, str]) -> str:
    if not isinstance(keys, dict | list | tuple | set):
        return ""
    return ", ".join(words.get(str(k), str(k)) for k in sorted(str(k) for k in keys))


_GUIDELINE_FIELDS = {
    "name": "Name",
    "definition": "Definition",
    "coding_rule": "Kodierregel",
    "anchors": "Ankerbeispiele",
    "origin": "Herkunft",
    "reference": "Literaturquelle",
    "colour": "Farbe",
    "status": "Status",
    "parent": "Oberkategorie",
    "code": "Code",
}
_ORIGINS = {"deductive": "deduktiv", "inductive": "induktiv"}
_PASSES = {"pilot": "Probedurchgang", "main": "Hauptdurchgang", "recheck": "Kontrolldurchgang"}
_PLACEMENT = {
    "kept": "unverändert",
    "moved": "verschoben",
    "changed": "geändert",
    "review": "zu prüfen",
}
_MEMO_TARGETS = {
    "project": "Projekt",
    "document": "Dokument",
    "category": "Kategorie",
    "coding": "Kodierung",
}
_SUMMARY_COLUMNS = {
    "paraphrase": "Paraphrase",
    "generalisation": "Generalisierung",
    "reduction": "Reduktion",
}
_TERMS = {"spelling": "Schreibweise", "person": "Befragte", "case": "Fall"}

# What a reviewer's comment is on, as the trail stored it (ReviewComment.where).
_PLACES = (
    (re.compile(r"coding (?P<id>\d+) \((?P<rest>.*)\)", re.S), "Kodierung {id} ({rest})"),
    (re.compile(r"category (?P<code>.+)", re.S), "Kategorie {code}"),
)

# An undone or redone step as history.py names it.
_STEPS = (
    (re.compile(r"coding (?P<rest>.+ in .+)", re.S), "Kodierung {rest}"),
    (re.compile(r"removal of (?P<rest>.+)", re.S), "Entfernen von {rest}"),
    (re.compile(r"memo on coding (?P<rest>.+)", re.S), "Memo zu Kodierung {rest}"),
    (re.compile(r"memo on (?P<rest>.+)", re.S), "Memo zu {rest}"),
    (re.compile(r"recoding of coding (?P<rest>.+)", re.S), "neue Kategorie für Kodierung {rest}"),
    (re.compile(r"recoding of (?P<rest>.+)", re.S), "neue Kategorie für {rest}"),
    (re.compile(r"new category (?P<rest>.+)", re.S), "neue Kategorie {rest}"),
    (re.compile(r"withdrawal of (?P<rest>.+)", re.S), "Rücknahme von {rest}"),
    (re.compile(r"edit of (?P<rest>.+)", re.S), "Änderung von {rest}"),
    (re.compile(r"move of (?P<old>.+) to (?P<new>.+)", re.S), "Verschieben von {old} nach {new}"),
    (
        re.compile(r"merge of (?P<old>.+) into (?P<into>.+)", re.S),
        "Zusammenführen von {old} in {into}",
    ),
    (
        re.compile(r"settled disagreement on (?P<code>.+) in (?P<doc>.+)", re.S),
        "Entscheidung zu {code} in {doc}",
    ),
    (
        re.compile(r"(?P<n>\d+) codings? added in one go", re.S),
        "{n} Kodierungen auf einmal hinzugefügt",
    ),
)

# The reasons the program words itself, around what the coder wrote (services/disagreements.py,
# services/history.py, services/exchange/, a codebook version's in services/codebook.py).
_REASONS = (
    (
        re.compile(r"resolving a disagreement: (?P<why>.*)", re.S),
        "Entscheidung einer Nichtübereinstimmung: {why}",
    ),
    (re.compile(r"undone: (?P<step>.*)", re.S), "rückgängig gemacht: {step}"),
    (re.compile(r"redone: (?P<step>.*)", re.S), "wiederhergestellt: {step}"),
    (re.compile(r"imported from (?P<source>.*)", re.S), "importiert aus {source}"),
    (re.compile(r"first codebook"), "erste Fassung"),
    (re.compile(r"loaded from (?P<source>.*)", re.S), "geladen aus {source}"),
)


def _translated(text: object, patterns: tuple[tuple[re.Pattern[str], str], ...], w: _Words) -> str:
    """``text`` as the trail stored it, in German where its wording is known."""
    stored = str(text or "")
    for pattern, frame in patterns:
        found = pattern.fullmatch(stored)
        if found:
            return w.say(frame, **found.groupdict())
    return stored


# ----- codings -------------------------------------------------------------------------------


@_says(CodingCreated)
def _coding_created(e: CodingCreated, w: _Words) -> str:
    c = e.coding
    return w.say(
        "{document}{where}{owner} als {category} kodiert: {text}",
        document=_get(c, "document"),
        where=_where(c, e.place),
        owner=_owner(c, w, "für"),
        category=_get(c, "category"),
        text=_short(_get(c, "text")),
    )


@_says(CodingRemoved)
def _coding_removed(e: CodingRemoved, w: _Words) -> str:
    c = e.coding
    return w.say(
        "Kodierung {category}{owner} in {document}{where} entfernt: {text}",
        category=_get(c, "category"),
        owner=_owner(c, w, "von"),
        document=_get(c, "document"),
        where=_where(c, e.place),
        text=_short(_get(c, "text")),
    )


@_says(CodingsAdded)
def _codings_added(e: CodingsAdded, w: _Words) -> str:
    return w.say("{codings} auf einmal hinzugefügt", codings=_codings(e.count, w))


@_says(CodingMemoChanged)
def _coding_memo(e: CodingMemoChanged, w: _Words) -> str:
    if not e.memo:
        return w.say("Memo zu Kodierung {id} gelöscht", id=e.entity_id)
    return w.say("Memo zu Kodierung {id}: {memo}", id=e.entity_id, memo=_short(e.memo))


@_says(CodingReassigned)
def _coding_reassigned(e: CodingReassigned, w: _Words) -> str:
    return w.say(
        "Kodierung {id}: {old} → {new}", id=e.entity_id, old=e.old_category, new=e.category
    )


@_says(CodingRelocated)
def _coding_relocated(e: CodingRelocated, w: _Words) -> str:
    return w.say(
        "Kodierung {id} im ersetzten Transkript neu verortet ({status})",
        id=e.entity_id,
        status=_PLACEMENT.get(str(e.status), e.status),
    )


@_says(CodingConfirmed)
def _coding_confirmed(e: CodingConfirmed, w: _Words) -> str:
    return w.say(
        "Kodierung {id} unter Version {version} des Kategoriensystems erneut geprüft",
        id=e.entity_id,
        version=e.codebook_version,
    )


# ----- the codebook --------------------------------------------------------------------------


@_says(CategoryCreated)
def _category_created(e: CategoryCreated, w: _Words) -> str:
    c = e.category
    origin = _get(c, "origin")
    return w.say(
        "{code} {name} angelegt ({origin})",
        code=_get(c, "code"),
        name=_short(_get(c, "name")),
        origin=_ORIGINS.get(str(origin), origin),
    )


@_says(CategoryWithdrawn)
def _category_withdrawn(e: CategoryWithdrawn, w: _Words) -> str:
    c = e.category
    return w.say("{code} {name} zurückgenommen", code=_get(c, "code"), name=_short(_get(c, "name")))


@_says(CategoryChanged)
def _category_changed(e: CategoryChanged, w: _Words) -> str:
    fields = _names(e.new, _GUIDELINE_FIELDS) if isinstance(e.new, dict) else "Leitfaden"
    which = w.subject or w.say("Kategorie {id}", id=e.entity_id)
    return w.say("{which} geändert: {fields}", which=which, fields=w.terms.apply(fields))


@_says(CategoryMoved)
def _category_moved(e: CategoryMoved, w: _Words) -> str:
    under = w.say("unter {parent}", parent=e.parent) if e.parent else "auf die oberste Ebene"
    return w.say("{old} → {new} verschoben ({under})", old=e.old_code, new=e.code, under=under)


@_says(CategoryMerged)
def _category_merged(e: CategoryMerged, w: _Words) -> str:
    return w.say(
        "{code} in {into} zusammengeführt ({codings} verschoben)",
        code=e.code,
        into=e.into,
        codings=_codings(e.codings_moved, w),
    )


@_says(CodebookVersionCreated)
def _version_created(e: CodebookVersionCreated, w: _Words) -> str:
    return w.say("Version {label} des Kategoriensystems", label=e.label)


@_says(CodebookVersionFrozen)
def _version_frozen(e: CodebookVersionFrozen, w: _Words) -> str:
    share = f"{(e.coded_share or 0) * 100:.0f} %"
    return w.say(
        "Version {label} des Kategoriensystems nach dem Probedurchgang eingefroren: "
        "{share} des Materials kodiert ({coded} von {documents})",
        label=e.label,
        share=share,
        coded=e.documents_coded,
        documents=_count(e.documents, "Dokument", "Dokumenten"),
    )


@_says(AutocodeRulesSet)
def _rules_set(e: AutocodeRulesSet, w: _Words) -> str:
    rules = "; ".join(e.rules or ()) or "keine"
    return w.say(
        "Suchregeln der automatischen Kodierung von {code}: {rules}", code=e.code, rules=rules
    )


# ----- documents and the project -------------------------------------------------------------


@_says(DocumentImported)
def _document_imported(e: DocumentImported, w: _Words) -> str:
    return w.say("{name} importiert", name=e.name)


@_says(DocumentReplaced)
def _document_replaced(e: DocumentReplaced, w: _Words) -> str:
    which = w.subject or w.say("Dokument {id}", id=e.entity_id)
    return w.say("Transkript von {which} ersetzt", which=which)


@_says(DocumentRenamed)
def _document_renamed(e: DocumentRenamed, w: _Words) -> str:
    return w.say("Dokument {old} in {new} umbenannt", old=e.old_name, new=e.name)


@_says(DocumentRemoved)
def _document_removed(e: DocumentRemoved, w: _Words) -> str:
    return w.say("Dokument {name} entfernt", name=e.name)


@_says(AttributesSet)
def _attributes_set(e: AttributesSet, w: _Words) -> str:
    a = e.attributes
    pairs = ", ".join(f"{k}={v}" for k, v in a.items()) if isinstance(a, dict) else ""
    which = w.subject or w.say("Dokument {id}", id=e.entity_id)
    return w.say("Fallmerkmale von {which}: {pairs}", which=which, pairs=pairs)


@_says(SpeakerMapChanged)
def _speaker_map(e: SpeakerMapChanged, w: _Words) -> str:
    return w.say("Zuordnung der Sprecher geändert")


@_says(ProjectImported)
def _project_imported(e: ProjectImported, w: _Words) -> str:
    made = w.say(" (erstellt mit {origin})", origin=e.origin) if e.origin else ""
    left_out = w.say(", {n} ausgelassen", n=e.left_out) if e.left_out else ""
    return w.say(
        "Projekt {source}{made} importiert: {documents}, {codes}, {codings}{left_out}",
        source=e.source,
        made=made,
        documents=_count(e.documents, "Dokument", "Dokumente"),
        codes=_count(e.codes, "Code", "Codes"),
        codings=_codings(e.codings, w),
        left_out=left_out,
    )


@_says(ProjectMerged)
def _project_merged(e: ProjectMerged, w: _Words) -> str:
    clashes = w.say("; Konflikte: {names}", names=", ".join(e.clashes)) if e.clashes else ""
    return w.say(
        "Projekt {source} zusammengeführt: {documents}, {codes} ({matched} zugeordnet), "
        "{codings}{clashes}",
        source=e.source,
        documents=_count(e.documents, "Dokument", "Dokumente"),
        codes=_count(e.codes, "neuer Code", "neue Codes"),
        matched=e.matched,
        codings=_codings(e.codings, w),
        clashes=clashes,
    )


@_says(PlanChanged)
def _plan_changed(e: PlanChanged, w: _Words) -> str:
    names = ", ".join(sorted(e.new or {})) or "nichts"
    return w.say("Analyseplan geändert: {names}", names=names)


@_says(TermsChanged)
def _terms_changed(e: TermsChanged, w: _Words) -> str:
    words = ", ".join(f"{_TERMS.get(k, k)} {v}" for k, v in sorted((e.new or {}).items()))
    return w.say("Begriffe der Exporte festgelegt: {words}", words=words)


@_says(StopWordsChanged)
def _stop_words(e: StopWordsChanged, w: _Words) -> str:
    parts = []
    if e.added:
        parts.append(w.say("{words} aufgenommen", words=", ".join(e.added)))
    if e.removed:
        parts.append(w.say("{words} gestrichen", words=", ".join(e.removed)))
    return w.say("Stoppliste: {parts}", parts="; ".join(parts) or "unverändert")


# ----- coders and members --------------------------------------------------------------------


@_says(PassSet)
def _pass_set(e: PassSet, w: _Words) -> str:
    return w.say(
        "vom {old} zum {new} gewechselt",
        old=_PASSES.get(str(e.old_pass), f"Durchgang {e.old_pass}"),
        new=_PASSES.get(str(e.coding_pass), f"Durchgang {e.coding_pass}"),
    )


@_says(MemberAdded)
def _member_added(e: MemberAdded, w: _Words) -> str:
    return w.say("{name} als Mitglied aufgenommen (Rolle {role})", name=e.name, role=e.role)


@_says(MemberRoleChanged)
def _member_role(e: MemberRoleChanged, w: _Words) -> str:
    return w.say(
        "Rolle von {name} von {old} in {new} geändert", name=e.name, old=e.old_role, new=e.role
    )


@_says(MemberRemoved)
def _member_removed(e: MemberRemoved, w: _Words) -> str:
    return w.say("{name} ({role}) aus den Mitgliedern entfernt", name=e.name, role=e.role)


# ----- agreement, review and memos -----------------------------------------------------------


@_says(DisagreementResolved)
def _disagreement(e: DisagreementResolved, w: _Words) -> str:
    return w.say(
        "Nichtübereinstimmung bei {category} in {document}{where} entschieden ({coders}): "
        "{decision}",
        category=e.category,
        document=e.document,
        where=_where(None, e.place),
        coders=e.coders,
        decision=w.terms.apply(decision_in("de", str(e.decision))),
    )


@_says(ReviewCommentImported)
def _comment_imported(e: ReviewCommentImported, w: _Words) -> str:
    return w.say(
        "Kommentar von {reviewer} zu {where}: {text}",
        reviewer=e.reviewer,
        where=_translated(e.where, _PLACES, w),
        text=_short(e.text),
    )


@_says(ReviewCommentDone)
def _comment_done(e: ReviewCommentDone, w: _Words) -> str:
    return w.say(
        "Kommentar von {reviewer} zu {where} erledigt",
        reviewer=e.reviewer,
        where=_translated(e.where, _PLACES, w),
    )


def _memo_target(target: object, w: _Words) -> str:
    return w.terms.apply(_MEMO_TARGETS.get(str(target), str(target)))


@_says(MemoWritten)
def _memo_written(e: MemoWritten, w: _Words) -> str:
    return w.say(
        "Memo zu {target} {about}: {text}",
        target=_memo_target(e.target, w),
        about=e.about,
        text=_short(e.title or e.text),
    )


@_says(MemoEdited)
def _memo_edited(e: MemoEdited, w: _Words) -> str:
    return w.say(
        "Memo {id} zu {about} bearbeitet: {text}",
        id=e.entity_id,
        about=e.about,
        text=_short(e.title or e.text),
    )


@_says(MemoRemoved)
def _memo_removed(e: MemoRemoved, w: _Words) -> str:
    return w.say(
        "Memo zu {target} {about} entfernt: {text}",
        target=_memo_target(e.target, w),
        about=e.about,
        text=_short(e.title or e.text),
    )


# ----- summarising ---------------------------------------------------------------------------


@_says(SummaryWritten)
def _summary_written(e: SummaryWritten, w: _Words) -> str:
    what = (
        "Fallzusammenfassung"
        if e.category is None
        else w.say("Zusammenfassung von {category}", category=e.category)
    )
    verb = "neu geschrieben" if e.old_text else "geschrieben"
    return w.say(
        "{what} zu {document} {verb}: {text}",
        what=w.terms.apply(what),
        document=e.document,
        verb=verb,
        text=_short(e.text),
    )


@_says(SummaryUnitEdited)
def _summary_unit(e: SummaryUnitEdited, w: _Words) -> str:
    new = e.new if isinstance(e.new, dict) else {}
    changed = [k for k in new if new.get(k) != _get(e.old, k)]
    return w.say(
        "Zusammenfassung der Stelle zu {category} in {document} (Kodierung {id}): "
        "{changed} geändert",
        changed=_names(changed, _SUMMARY_COLUMNS) or "nichts",
        category=e.category,
        document=e.document,
        id=e.entity_id,
    )


@_says(ReductionPromoted)
def _reduction_promoted(e: ReductionPromoted, w: _Words) -> str:
    return w.say(
        "induktive Kategorie {code} aus der Reduktion {reduction} gebildet ({passages})",
        code=e.code,
        reduction=_short(e.reduction),
        passages=_count(len(e.passages or ()), "Stelle", "Stellen"),
    )


# ----- automatic coding ----------------------------------------------------------------------


@_says(ProposalsMade)
def _proposals_made(e: ProposalsMade, w: _Words) -> str:
    where = "".join(
        [
            w.say(" für {category}", category=e.category) if e.category else "",
            w.say(" in {document}", document=e.document) if e.document else "",
        ]
    )
    return w.say(
        "automatische Kodierung schlug {passages}{where} vor",
        passages=_count(e.count, "Stelle", "Stellen"),
        where=where,
    )


@_says(ProposalAccepted)
def _proposal_accepted(e: ProposalAccepted, w: _Words) -> str:
    return w.say(
        "Vorschlag {id} angenommen: {document}{where} als {category} "
        "(Kodierung {coding}, Regel {rule})",
        id=e.entity_id,
        document=e.document,
        where=_where(None, e.place),
        category=e.category,
        coding=e.coding_id,
        rule=e.rule,
    )


@_says(ProposalReopened)
def _proposal_reopened(e: ProposalReopened, w: _Words) -> str:
    return w.say(
        "Vorschlag {id} wartet wieder: {document}{where} als {category}",
        id=e.entity_id,
        document=e.document,
        where=_where(None, e.place),
        category=e.category,
    )


@_says(ProposalRejected)
def _proposal_rejected(e: ProposalRejected, w: _Words) -> str:
    return w.say(
        "Vorschlag {id} abgelehnt: {document}{where} als {category} (Regel {rule}): {text}",
        id=e.entity_id,
        document=e.document,
        where=_where(None, e.place),
        category=e.category,
        rule=e.rule,
        text=_short(e.text),
    )


_PROPOSAL_STATUS = {"proposed": "offen", "accepted": "angenommen", "rejected": "abgelehnt"}


@_says(ProposalImported)
def _proposal_imported(e: ProposalImported, w: _Words) -> str:
    who = w.say(" von {who}", who=e.decided_by) if e.decided_by else ""
    when = w.say(" am {day}", day=e.decided_at[:10]) if e.decided_at else ""
    head = w.say(
        "Vorschlag {id} aus {source}, dort {status}{who}{when}",
        id=e.entity_id,
        source=e.source,
        status=_PROPOSAL_STATUS.get(e.status, e.status),
        who=who,
        when=when,
    )
    passage = w.say(
        "{document}{where} als {category}",
        document=e.document,
        where=_where(None, e.place),
        category=e.category,
    )
    if e.coding_id is not None:
        return head + w.say(
            ": {passage} (Kodierung {coding}, Regel {rule})",
            passage=passage,
            coding=e.coding_id,
            rule=e.rule,
        )
    return head + w.say(
        ": {passage} (Regel {rule}): {text}", passage=passage, rule=e.rule, text=_short(e.text)
    )


# ----- undo and redo -------------------------------------------------------------------------


@_says(ChangeUndone)
def _undone(e: ChangeUndone, w: _Words) -> str:
    return w.say("rückgängig gemacht: {step}", step=_translated(e.step, _STEPS, w))


@_says(ChangeRedone)
def _redone(e: ChangeRedone, w: _Words) -> str:
    return w.say("wiederhergestellt: {step}", step=_translated(e.step, _STEPS, w))
