"""A draft of the methods chapter: the analysis plan in the researcher's words, and the
project's own facts beside it (material, codebook versions and the freeze, passes, agreement
with its parameters, settled disagreements), in German or English.

The facts come from the services that compute them for the other exports: the reviewer's page
(:class:`~qualcode.services.review.service.ReviewService`, which reuses the agreement service
with the defaults of ``qualcode agreement``), so the chapter's numbers are those of the page and the
command line. German wording goes through the project's terms
(:mod:`qualcode.domain.terminology`); what the researcher wrote is left as written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualcode.domain.errors import NotFoundError
from qualcode.domain.plan import FIELDS, TECHNIQUES_EN, AnalysisPlan, PlanField
from qualcode.domain.terminology import Terms
from qualcode.exporters.methods import Block, Chapter, Section
from qualcode.services._base import Service
from qualcode.services.plan import read_plan, read_terms
from qualcode.storage.documents import reads as documents_query
from qualcode.storage.settings import reads as settings_query

if TYPE_CHECKING:
    from qualcode.services.exports import ExportRequest
    from qualcode.services.review.view import ReviewPage

__all__ = ["MethodsService"]

LANGUAGES = ("de", "en")
_FIELD = {f.name: f for f in FIELDS}


@dataclass(frozen=True, slots=True)
class _Words:
    """The chapter's own sentences in one language, with the project's terms in German."""

    german: bool
    terms: Terms

    def __call__(self, english: str, german: str) -> str:
        return self.terms.apply(german) if self.german else english

    def number(self, value: float, digits: int = 1) -> str:
        text = f"{value:,.{digits}f}" if digits else f"{value:,.0f}"
        if self.german:
            text = text.replace(",", "\u202f").replace(".", ",")
        return text

    def whole(self, value: int) -> str:
        return self.number(value, 0)

    def percent(self, share: float | None) -> str:
        return "–" if share is None else self.number(share * 100) + " %"

    def day(self, when: str) -> str:
        """A day as the review page wrote it (YYYY-MM-DD ...), in the language's order."""
        year, month, day = when[:10].split("-")
        return f"{day}.{month}.{year}" if self.german else when[:10]

    def heading(self, field: PlanField) -> str:
        return self.terms.apply(field.german) if self.german else field.english


class MethodsService(Service):
    """Writes the methods chapter from the plan and the project's facts."""

    def chapter(self, request: ExportRequest, *, language: str = "de") -> Chapter:
        from qualcode.services.review.service import ReviewService

        with self.database.reading() as reader:
            plan = read_plan(reader)
            terms = read_terms(reader)
            documents, turns, words = documents_query.totals(reader)
            speakers = settings_query.speakers(reader)
        w = _Words(german=language != "en", terms=terms)
        try:
            page: ReviewPage | None = ReviewService(self.database, self.coder).page(request)
        except NotFoundError:
            page = None  # no codebook yet: the chapter says what is missing
        sections = [
            self._questions(plan, w),
            *self._material(plan, w, documents, turns, words, [s["speaker"] for s in speakers]),
            self._technique(plan, w),
            self._units(plan, w),
        ]
        if plan.inductive or plan.selection_criterion or plan.abstraction_level:
            sections.append(self._inductive(plan, w))
        sections.append(self._codebook(page, w))
        sections.append(self._quality(plan, page, w))
        sections.append(self._anonymisation(plan, w))
        as_of = (request.as_of or self.now().date()).strftime(
            "%d.%m.%Y" if w.german else "%Y-%m-%d"
        )
        return Chapter(
            title=w("Method", "Methodisches Vorgehen"),
            lead=w(
                f"Draft written by qualcode from the analysis plan and the project, as of {as_of}."
                " Texts in square brackets are still to be written.",
                f"Entwurf, von qualcode aus dem Analyseplan und dem Projekt erstellt (Stand "
                f"{as_of}). Text in eckigen Klammern ist noch zu schreiben.",
            ),
            sections=tuple(sections),
            table_word=w("Table", "Tabelle"),
            notes=(
                w(
                    "Figures: qualcode (the same numbers as 'qualcode export review' and "
                    "'qualcode agreement').",
                    "Zahlen: qualcode (dieselben wie im Prüfbericht 'qualcode export review' "
                    "und in 'qualcode agreement').",
                ),
            ),
        )

    # -- sections ------------------------------------------------------------------------

    @staticmethod
    def _text(plan: AnalysisPlan, name: str, w: _Words) -> Block:
        """The researcher's text of a field, or the note that it is still to be written."""
        value = plan.value(name)
        if isinstance(value, str) and value:
            return Block.text(value)
        heading = w.heading(_FIELD[name])
        return Block.todo(w(f"to be written: {heading}", f"noch zu schreiben: {heading}"))

    def _questions(self, plan: AnalysisPlan, w: _Words) -> Section:
        field = _FIELD["research_questions"]
        if plan.research_questions:
            lead = w(
                "The analysis answers the following research question"
                + ("s:" if len(plan.research_questions) > 1 else ":"),
                "Die Auswertung beantwortet "
                + (
                    "folgende Forschungsfragen:"
                    if len(plan.research_questions) > 1
                    else "folgende Forschungsfrage:"
                ),
            )
            blocks: tuple[Block, ...] = (Block.text(lead), Block.bullets(plan.research_questions))
        else:
            blocks = (self._text(plan, "research_questions", w),)
        return Section(w.heading(field), blocks)

    def _material(
        self,
        plan: AnalysisPlan,
        w: _Words,
        documents: int,
        turns: int,
        words: int,
        speakers: list[str],
    ) -> list[Section]:
        cases = "Fall" if documents == 1 else "Fälle"
        facts = w(
            f"The material comprises {w.whole(documents)} transcripts of interviews "
            f"({w.whole(documents)} {'case' if documents == 1 else 'cases'}) with "
            f"{w.whole(words)} words in {w.whole(turns)} speaker turns. "
            f"{len(speakers)} speaker labels occur in them ({', '.join(speakers)}).",
            f"Das Material umfasst {w.whole(documents)} Transkripte von Interviews mit "
            f"{w.terms.with_persons} ({w.whole(documents)} {cases}); sie enthalten zusammen "
            f"{w.whole(words)} Wörter in {w.whole(turns)} Sprecherbeiträgen. In den "
            f"Transkripten kommen {len(speakers)} Sprecherbezeichnungen vor "
            f"({', '.join(speakers)}).",
        )
        return [
            Section(
                w("Material and selection of cases", "Material und Auswahl der Fälle"),
                (self._text(plan, "material", w), Block.text(facts)),
            ),
            Section(
                w.heading(_FIELD["case_selection"]),
                (self._text(plan, "case_selection", w),),
                level=3,
            ),
            Section(
                w("Transcription", "Transkription"),
                (self._text(plan, "transcription_rules", w),),
                level=3,
            ),
        ]

    def _technique(self, plan: AnalysisPlan, w: _Words) -> Section:
        field = _FIELD["techniques"]
        if plan.techniques:
            labels = (
                list(plan.techniques)
                if w.german
                else [f"{TECHNIQUES_EN[t]} ({t})" for t in plan.techniques]
            )
            joined = _joined(labels, w("and", "und"))
            lead = Block.text(
                w(
                    f"The transcripts were analysed by qualitative content analysis after Mayring "
                    f"(2015), technique: {joined}.",
                    f"Die Transkripte wurden mit der qualitativen Inhaltsanalyse nach Mayring "
                    f"(2015) ausgewertet; Technik: {joined}.",
                )
            )
        else:
            lead = self._text(plan, "techniques", w)
        return Section(w.heading(field), (lead, self._text(plan, "technique_reason", w)))

    def _units(self, plan: AnalysisPlan, w: _Words) -> Section:
        rows = []
        for name in ("coding_unit", "context_unit", "recording_unit"):
            value = plan.value(name)
            heading = w.heading(_FIELD[name])
            rows.append(
                (heading, str(value) if value else w("[to be written]", "[noch zu schreiben]"))
            )
        return Section(
            w("Units of analysis", "Analyseeinheiten"),
            (
                Block.table(
                    (w("Unit", "Einheit"), w("Definition", "Festlegung")),
                    rows,
                    w("Units of analysis", "Analyseeinheiten"),
                ),
            ),
        )

    def _inductive(self, plan: AnalysisPlan, w: _Words) -> Section:
        missing = w("[to be written]", "[noch zu schreiben]")
        rows = [
            (w.heading(_FIELD[name]), str(plan.value(name)) or missing)
            for name in ("selection_criterion", "abstraction_level")
        ]
        caption = w(
            "Rules of inductive category formation",
            "Regeln der induktiven Kategorienbildung",
        )
        header = (w("Rule", "Regel"), w("Definition", "Festlegung"))
        blocks = (Block.table(header, rows, caption),)
        return Section(
            w(
                "Inductive category formation: selection criterion and level of abstraction",
                "Induktive Kategorienbildung: Selektionskriterium und Abstraktionsniveau",
            ),
            tuple(blocks),
        )

    def _codebook(self, page: ReviewPage | None, w: _Words) -> Section:
        heading = w("Category system and coding", "Kategoriensystem und Kodierung")
        if page is None:
            return Section(
                heading,
                (
                    Block.todo(
                        w(
                            "the project has no codebook yet",
                            "das Projekt hat noch kein Kategoriensystem",
                        )
                    ),
                ),
            )
        facts = page.facts
        main = sum(1 for c in page.categories if c.parent is None)
        sub = len(page.categories) - main
        blocks = [
            Block.text(
                w(
                    f"The category system „{facts.codebook_title}“ (version "
                    f"{facts.codebook_version}) has {main} main categories and {sub} "
                    "subcategories, each with a definition, anchor examples and a coding rule "
                    "(coding guideline, see appendix).",
                    f"Das Kategoriensystem „{facts.codebook_title}“ (Version "
                    f"{facts.codebook_version}) umfasst {main} Hauptkategorien und {sub} "
                    "Subkategorien, jeweils mit Definition, Ankerbeispielen und Kodierregel "
                    "(Kodierleitfaden, siehe Anhang).",
                )
            )
        ]
        if facts.frozen:
            blocks.append(
                Block.text(
                    w(
                        f"After a pilot pass over {w.percent(facts.frozen_share)} of the "
                        "material (share of words coded) the category system was revised and "
                        f"fixed as version {facts.frozen}; later changes were made only with a "
                        "reason and opened a new version.",
                        f"Nach einem Probedurchgang über {w.percent(facts.frozen_share)} des "
                        f"Materials (Anteil der kodierten Wörter) wurde das Kategoriensystem "
                        f"überarbeitet "
                        f"und als Version {facts.frozen} festgeschrieben; spätere Änderungen "
                        "erfolgten nur mit Begründung und in einer neuen Version.",
                    )
                )
            )
        else:
            blocks.append(
                Block.todo(
                    w(
                        "the category system has not been frozen after a pilot pass yet "
                        "(qualcode codebook freeze)",
                        "das Kategoriensystem wurde noch nicht nach einem Probedurchgang "
                        "festgeschrieben (qualcode codebook freeze)",
                    )
                )
            )
        if page.versions:
            header = (
                w("Version", "Version"),
                w("Created", "Erstellt"),
                w("Fixed", "Festgeschrieben"),
                w("Share coded", "Anteil codiert"),
                w("Reason", "Begründung"),
            )
            rows = [
                (
                    v.label,
                    w.day(v.created),
                    w.day(v.frozen) if v.frozen else "–",
                    w.percent(v.coded_share) if v.coded_share is not None else "–",
                    _reason(v.reason, w),
                )
                for v in page.versions
            ]
            caption = w("Versions of the category system", "Fassungen des Kategoriensystems")
            blocks.append(Block.table(header, rows, caption))
        passes = {
            "pilot": w("pilot", "Probedurchgang"),
            "main": w("main", "Hauptdurchgang"),
            "recheck": w("re-check", "Nachkodierung"),
        }
        coders = ", ".join(f"{name} ({w.whole(n)})" for name, n in facts.coders)
        by_pass = ", ".join(f"{passes.get(p, p)}: {w.whole(n)}" for p, n in facts.passes)
        blocks.append(
            Block.text(
                w(
                    f"In all, {w.whole(facts.codings)} codings were made by "
                    f"{len(facts.coders)} {'coder' if len(facts.coders) == 1 else 'coders'}: "
                    f"{coders or '–'} ({by_pass or '–'}).",
                    f"Insgesamt wurden {w.whole(facts.codings)} Codierungen von "
                    f"{len(facts.coders)} {'Kodierer' if len(facts.coders) == 1 else 'Kodierern'} "
                    f"vorgenommen: {coders or '–'} ({by_pass or '–'}).",
                )
            )
        )
        return Section(heading, tuple(blocks))

    def _quality(self, plan: AnalysisPlan, page: ReviewPage | None, w: _Words) -> Section:
        from qualcode.exporters.agreement_wording import wording

        blocks = [self._text(plan, "quality_criteria", w)]
        pairs = [p for p in page.agreement if not p.error] if page is not None else []
        words = wording("de" if w.german else "en")
        for pair in pairs:
            overall = pair.overall
            share = w.percent(overall.percent if overall is not None else None)
            kappa = ""
            if pair.kappa_bp is not None:
                kappa = w(", Brennan and Prediger's κ = ", ", κ nach Brennan und Prediger = ")
                kappa += w.number(pair.kappa_bp, 2)
            blocks.append(
                Block.text(
                    w(
                        f"Intercoder agreement of {pair.coders[0]} and {pair.coders[1]}: "
                        f"{share} agreement ({overall.agreements if overall else 0} of "
                        f"{overall.total if overall else 0} segments){kappa}.",
                        f"Intercoder-Übereinstimmung von {pair.coders[0]} und {pair.coders[1]}: "
                        f"{share} Übereinstimmung ({overall.agreements if overall else 0} von "
                        f"{overall.total if overall else 0} Segmenten){kappa}.",
                    )
                )
            )
            shown = ("level", "threshold", "denominator", "counting", "codebook_version", "date")
            rows = [
                (
                    w.terms.apply(words.parameter(k)) if w.german else words.parameter(k),
                    _value(words, k, v, w),
                )
                for k, v in pair.parameters
                if k in shown
            ]
            caption = w(
                f"Parameters of the agreement check ({pair.coders[0]} and {pair.coders[1]})",
                f"Parameter der Übereinstimmungsprüfung ({pair.coders[0]} und {pair.coders[1]})",
            )
            header = (w("Parameter", "Parameter"), w("Value", "Wert"))
            blocks.append(Block.table(header, rows, caption))
        if page is not None and not pairs:
            blocks.append(
                Block.todo(
                    w(
                        "no second coder has coded yet: no intercoder agreement to report",
                        "noch keine Codierungen einer zweiten Person: keine "
                        "Intercoder-Übereinstimmung zu berichten",
                    )
                )
            )
        if page is not None and page.settled:
            blocks.append(
                Block.text(
                    w(
                        f"{len(page.settled)} disagreements were settled by consensus, each "
                        "with its reason:",
                        f"{len(page.settled)} Nichtübereinstimmungen wurden im Konsens geklärt, "
                        "jeweils mit Begründung:",
                    )
                )
            )
            blocks.append(
                Block.bullets(
                    [
                        f"{s.document}, {s.position}, {s.category} {s.category_name}: "
                        f"{_decision(s.decision, w)} – {s.reason}"
                        for s in page.settled
                    ]
                )
            )
        return Section(w.heading(_FIELD["quality_criteria"]), tuple(blocks))

    def _anonymisation(self, plan: AnalysisPlan, w: _Words) -> Section:
        return Section(w.heading(_FIELD["anonymisation"]), (self._text(plan, "anonymisation", w),))


def _reason(reason: str, w: _Words) -> str:
    """A version's reason; qualcode's own wording of the first one in the chapter's language."""
    if reason == "first codebook":
        return w("first version", "erste Fassung")
    return reason or "–"


def _joined(items: list[str], word: str) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} {items[-1]}"


def _value(words: object, key: str, value: str, w: _Words) -> str:
    from qualcode.exporters.agreement_wording import Wording

    assert isinstance(words, Wording)
    typed: object = value
    if key == "threshold":
        try:
            typed = float(value)
        except ValueError:
            typed = value
    text = words.value(key, typed)
    return w.terms.apply(text) if w.german else text


def _decision(decision: str, w: _Words) -> str:
    choices: dict[str, Callable[[], str]] = {
        "a": lambda: w("coded as coder A did", "wie von Kodierer A codiert"),
        "b": lambda: w("coded as coder B did", "wie von Kodierer B codiert"),
        "both": lambda: w("both codings joined", "beide Codierungen zusammengeführt"),
        "neither": lambda: w("neither coding kept", "keine der Codierungen beibehalten"),
    }
    return choices[decision]() if decision in choices else decision
