"""Mayring's summarising content analysis: paraphrase, generalise, reduce, form categories.

The researcher writes three columns beside each coded passage (Z1 paraphrase, Z2 generalisation
to the abstraction level, Z3/Z4 reduction); each edit is one transaction with a
``SummaryUnitEdited`` event. The classic reduction table (Fall, Pos., Paraphrase,
Generalisierung, Reduktion) is an export of the catalogue. :meth:`SummarisingService.promote`
turns the distinct reduction statements into inductive categories of the codebook in one
unit of work: each category's definition is its reduction, its anchor examples are passages it
came from, and those passages are coded with it; the units keep the link to their category.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from qualcode.domain import limits
from qualcode.domain.codebook import Anchor
from qualcode.domain.coding import Coding
from qualcode.domain.errors import ConflictError, InvalidInputError, NotFoundError
from qualcode.domain.summarising import FIELDS, Reduction, Unit, key, reductions
from qualcode.services._base import Service, joined
from qualcode.storage import convert
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.codings import reads as codings_query
from qualcode.storage.documents import reads as documents_query
from qualcode.storage.reader import Reader, Row
from qualcode.storage.reports import exports as exports_query
from qualcode.storage.summaries import reads as summaries_query

if TYPE_CHECKING:
    from qualcode.exporters.table import Table
    from qualcode.services.exports import ExportRequest

COLUMN = limits.MEMO
ANCHORS = 3  # anchor examples a promoted category takes from its passages
CODING_RULE = (
    "Kodieren, wenn die Textstelle inhaltlich dieser Reduktion entspricht (induktiv gebildet in "
    "der zusammenfassenden Inhaltsanalyse nach Mayring, Z1–Z4)."
)


@dataclass(frozen=True, slots=True)
class Promoted:
    """A reduction that became (or joined) a category, and the passages coded with it."""

    reduction: str
    code: str
    name: str
    created: bool  # False: a category of that name existed and took the passages
    passages: tuple[int, ...]
    codings: tuple[int, ...]


def _unit(coding: Coding, row: Row | None) -> Unit:
    unit = Unit(
        coding_id=coding.id,
        document=coding.document,
        category=coding.category,
        text=coding.text,
        position=coding.position,
        position_end=coding.position_end,
        start=coding.start,
        end=coding.end,
    )
    if row is None:
        return unit
    return replace(
        unit,
        paraphrase=row["paraphrase"],
        generalisation=row["generalisation"],
        reduction=row["reduction"],
        promoted=row["promoted"],
        author=row["author"],
        updated=convert.utc(row["updated_at"]),
    )


class SummarisingService(Service):
    """The summarising technique's units, their edits, the table and the promotion."""

    def units(
        self,
        *,
        document: str | None = None,
        category: str | None = None,
        written_only: bool = False,
    ) -> list[Unit]:
        """The coded passages (of a document, of a category and its subcategories) with what
        was written about them, in document and text order."""
        with self.database.reading() as reader:
            return self._units(reader, document, category, written_only=written_only)

    def _units(
        self,
        reader: Reader,
        document: str | None,
        category: str | None,
        *,
        written_only: bool = False,
        documents: tuple[str, ...] = (),
        attributes: tuple[tuple[str, str], ...] = (),
        coders: tuple[str, ...] = (),
        passes: tuple[str, ...] = (),
    ) -> list[Unit]:
        doc_ids: list[int] | None = None
        refs = (document,) if document is not None else documents
        if refs:
            doc_ids = []
            for ref in refs:
                found = documents_query.find_id(reader, ref)
                if found is None:
                    raise NotFoundError(f"there is no document {ref!r} (see 'qualcode documents')")
                doc_ids.append(found)
        if attributes:  # the cases whose attributes have these values
            keep = {
                d.id
                for d in documents_query.list_all(reader)
                if all(d.attributes.get(k) == v for k, v in attributes)
            }
            doc_ids = [i for i in doc_ids if i in keep] if doc_ids is not None else sorted(keep)
        category_ids = None
        if category is not None:
            book = codebook_query.load(reader)
            chosen = book.resolve(category) if book else None
            if book is None or chosen is None:
                raise NotFoundError(f"there is no category {category!r}")
            category_ids = [c.id for c in (chosen, *book.descendants(chosen.code)) if c.id]
        coder_ids = None
        if coders:
            known = exports_query.coder_ids(reader)
            missing = [c for c in coders if c not in known]
            if missing:
                raise NotFoundError(f"there is no coder {missing[0]!r}")
            coder_ids = [known[c] for c in coders]
        scope = exports_query.Scope(
            document_ids=doc_ids,
            category_ids=category_ids,
            coder_ids=coder_ids,
            passes=list(passes) or None,
        )
        rows = summaries_query.units(reader)
        units = [_unit(c, rows.get(c.id)) for c in exports_query.codings(reader, scope)]
        return [u for u in units if u.written] if written_only else units

    def edit(
        self,
        coding_id: int,
        *,
        paraphrase: str | None = None,
        generalisation: str | None = None,
        reduction: str | None = None,
    ) -> Unit:
        """Set any of the three columns of a passage (None: leave it); one transaction,
        recorded. Writing what is there already changes nothing."""
        from qualcode.domain.audit import SummaryUnitEdited
        from qualcode.storage.summaries import writes as summaries_repo

        given = {"paraphrase": paraphrase, "generalisation": generalisation, "reduction": reduction}
        for value in given.values():
            if value is not None:
                COLUMN.check(value.strip())
        with self.unit_of_work() as uow:
            coding = codings_query.get(uow.tx, coding_id)
            if coding is None:
                raise NotFoundError(f"there is no coding #{coding_id} (see 'qualcode codings')")
            current = _unit(coding, summaries_query.units(uow.tx).get(coding_id))
            old = {f: getattr(current, f) for f in FIELDS}
            new = {f: (given[f] or "").strip() if given[f] is not None else old[f] for f in FIELDS}
            if new == old:
                return current
            summaries_repo.put_unit(uow.tx, coding_id, **new, coder_id=uow.coder_id, now=uow.now)
            uow.record(
                SummaryUnitEdited(
                    entity_id=coding_id,
                    document=coding.document,
                    category=coding.category,
                    old=old,
                    new=new,
                )
            )
            return replace(
                current,
                paraphrase=new["paraphrase"],
                generalisation=new["generalisation"],
                reduction=new["reduction"],
                author=self.coder,
                updated=uow.now,
            )

    def reductions(self) -> list[Reduction]:
        """The reduction statements not yet made categories, each with its passages (Z4)."""
        return reductions(u for u in self.units(written_only=True) if u.promoted is None)

    def promote(self, *, under: str | None = None, only: tuple[str, ...] = ()) -> list[Promoted]:
        """Make each open reduction statement an inductive category (under ``under``, else a
        main category) and code its passages with it, keeping the link; one unit of work.

        A category of the same name under the same parent takes the passages instead of a
        new one. ``only``: just these statements (as written, case and spacing aside).
        """
        from qualcode.domain.audit import ReductionPromoted
        from qualcode.services.codebook import CodebookService
        from qualcode.services.coding import CodingService
        from qualcode.storage.summaries import writes as summaries_repo

        codebook = CodebookService(self.database, self.coder)
        coding = CodingService(self.database, self.coder)
        wanted = {key(o) for o in only}
        done: list[Promoted] = []
        with self.unit_of_work() as uow, joined(uow):
            book = codebook_query.load(uow.tx)
            parent = None
            if under is not None:
                found = book.resolve(under) if book else None
                if found is None:
                    raise NotFoundError(f"there is no category {under!r} to put them under")
                parent = found.code
            units = [u for u in self._units(uow.tx, None, None, written_only=True)]
            open_ = reductions(u for u in units if u.promoted is None)
            if wanted:
                open_ = [r for r in open_ if key(r.text) in wanted]
                unknown = wanted - {key(r.text) for r in open_}
                if unknown:
                    raise NotFoundError(
                        f"there is no open reduction {sorted(unknown)[0]!r} "
                        "(see 'qualcode reduce list')"
                    )
            if not open_:
                raise InvalidInputError(
                    "there is no reduction to turn into a category: write reductions first "
                    "('qualcode reduce set' or the workbench's summarising screen)"
                )
            siblings = {key(c.name): c for c in (book or ()) if c.parent == parent}
            for reduction in open_:
                name = reduction.text[: limits.CATEGORY_NAME.most]
                existing = siblings.get(key(name))
                if existing is None:
                    anchors = tuple(
                        Anchor(" ".join(u.text.split()), u.document, u.position or 1)
                        for u in reduction.units[:ANCHORS]
                    )
                    category = codebook.create_category(
                        name=name,
                        parent=parent,
                        definition=_definition(reduction),
                        coding_rule=CODING_RULE,
                        anchors=anchors,
                        origin="inductive",
                    )
                    siblings[key(name)] = category
                else:
                    category = existing
                made = []
                for unit in reduction.units:
                    if unit.category == category.code:
                        continue  # the passage has that category already
                    try:
                        new = coding.code(
                            unit.document, category.code, chars=(unit.start, unit.end)
                        )
                    except ConflictError:
                        continue  # coded with it already (refused before anything is written)
                    made.append(new.id)
                category_id = codebook_query.ids_by_code(uow.tx)[category.code]
                passages = [u.coding_id for u in reduction.units]
                summaries_repo.mark_promoted(uow.tx, passages, category_id)
                uow.record(
                    ReductionPromoted(
                        entity_id=category_id,
                        reduction=reduction.text,
                        code=category.code,
                        passages=passages,
                        codings=made,
                    )
                )
                done.append(
                    Promoted(
                        reduction.text,
                        category.code,
                        category.name,
                        existing is None,
                        tuple(passages),
                        tuple(made),
                    )
                )
        return done

    def tables(self, request: ExportRequest) -> list[Table]:
        """The reduction table (Fall, Pos., Paraphrase, Generalisierung, Reduktion) and the
        categories the reduction formed, for ``qualcode export summary-table``."""
        import pandas as pd

        from qualcode.exporters.table import MethodFacts, Table

        category = request.categories[0] if len(request.categories) == 1 else None
        if len(request.categories) > 1:
            raise InvalidInputError("the summary table takes at most one --category")
        with self.database.reading() as reader:
            units = self._units(
                reader,
                None,
                category,
                documents=request.documents,
                attributes=request.attributes,
                coders=request.coders,
                passes=request.passes,
            )
            version = codebook_query.load(reader)
        written = [u for u in units if u.written]
        if not written:
            raise InvalidInputError(
                "no coded passage in this selection has a paraphrase yet, so the table would be "
                "empty: write them with 'qualcode reduce set' or the workbench's summarising "
                "screen (Z)"
            )
        rows = [
            (
                u.document,
                u.pos,
                u.paraphrase,
                u.generalisation,
                f"{u.promoted}: {u.reduction}" if u.promoted and u.reduction else u.reduction,
            )
            for u in written
        ]
        columns = ["Fall", "Pos.", "Paraphrase", "Generalisierung", "Reduktion"]
        details = [
            "Zusammenfassende Inhaltsanalyse nach Mayring: Z1 Paraphrase, Z2 Generalisierung "
            "auf das Abstraktionsniveau, Z3/Z4 Reduktion; Pos. = Absatz im Transkript.",
            "Eine leere Reduktion: in der ersten Reduktion gestrichen (Z3).",
        ]
        left = len(units) - len(written)
        if left:
            details.append(
                f"Nicht aufgeführt: {left} codierte "
                + ("Textstelle" if left == 1 else "Textstellen")
                + " ohne Paraphrase."
            )
        selection = []
        if request.documents:
            selection.append("Dokumente " + ", ".join(request.documents))
        selection += [f"{key} = {value}" for key, value in request.attributes]
        if category:
            selection.append(f"Kategorie {category}")
        if request.coders:
            selection.append("Kodierer " + ", ".join(request.coders))
        if request.passes:
            selection.append("Durchgang " + ", ".join(request.passes))
        facts = MethodFacts(
            documents=len({u.document for u in units}) if units else 0,
            codebook_version=version.version if version else "",
            as_of=request.as_of or self.now().date(),
            multi_coding=None,
            selection=tuple(selection),
            details=tuple(details),
        )
        table = Table(
            title="Reduktionstabelle (zusammenfassende Inhaltsanalyse)",
            frame=pd.DataFrame(rows, columns=columns, dtype=object),
            notes=facts.notes(),
            name="Reduktion",
            text_columns=("Paraphrase", "Generalisierung", "Reduktion"),
        )
        formed = [
            (
                next((u.promoted for u in r.units if u.promoted), "") or "",
                r.text,
                len({u.document for u in r.units}),
                "; ".join(f"{u.document}, Pos. {u.pos}" for u in r.units),
            )
            for r in reductions(written)
        ]
        categories = Table(
            title="Kategorien aus der Reduktion (Z4)",
            frame=pd.DataFrame(
                formed, columns=["Kategorie", "Reduktion", "Fälle", "Belege"], dtype=object
            ).astype({"Fälle": "int64"}),
            notes=(
                "Kategorie: der Code im Kategoriensystem, wenn die Reduktion als induktive "
                "Kategorie übernommen wurde.",
                f"Stand: {facts.as_of:%d.%m.%Y}.",
            ),
            name="Kategorien",
            text_columns=("Reduktion", "Belege"),
        )
        return [table, categories] if formed else [table]


def _definition(reduction: Reduction) -> str:
    cases = sorted({u.document for u in reduction.units})
    return (
        f"{reduction.text} (Reduktion aus {len(reduction.units)} "
        + ("Paraphrase" if len(reduction.units) == 1 else "Paraphrasen")
        + f"; Fälle: {', '.join(cases)})"
    )
