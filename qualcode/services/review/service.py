"""Gathering the reviewer's page: every coding decision with its reasons, as plain data.

A supervisor or second examiner opens one HTML file (:mod:`qualcode.exporters.review` writes
it); :class:`ReviewService` reads what it shows, for the chosen documents, categories, coders
and passes, and hands each part to the module that shapes it: the guideline with frequencies
and history, the transcripts with their codings, the audit trail of each coding, the agreement
of each pair of coders with the project's default parameters, the settled disagreements and
the method facts. The numbers come from the same services as ``qualcode export frequencies``
and ``qualcode agreement``, so the page and the command line always agree.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from qualcode.domain.errors import NotFoundError
from qualcode.services._base import Service
from qualcode.services.review import guideline, histories
from qualcode.services.review.agreement import compare_pairs
from qualcode.services.review.facts import chain_status, method_facts
from qualcode.services.review.material import fill_material
from qualcode.services.review.settlements import settlements
from qualcode.services.review.view import ReviewPage
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.documents import reads as documents_query
from qualcode.storage.proposals import reads as proposals_query
from qualcode.storage.reports import exports as exports_query

if TYPE_CHECKING:
    from qualcode.domain.anonymisation import Anonymiser
    from qualcode.services.exports import ExportRequest

__all__ = ["ReviewService"]


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
        from qualcode.services.plan import read_terms

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
            terms = read_terms(reader)
            from_rules = {
                p.coding_id
                for p in proposals_query.proposals(reader, status="accepted")
                if p.coding_id is not None
            }
        transcripts, codings = anonymisation.material(transcripts, codings, anonymiser)
        chosen = guideline.chosen_categories(book, request.categories)
        if chosen is not None:
            codings = [c for c in codings if c.category in chosen]
        audit = AuditService(self.database, self.coder)
        events = audit.log()
        exported = self.now()
        as_of = request.as_of or exported.date()
        language = "de" if book.language.lower().startswith("de") else "en"
        telling = histories.Telling(language, terms)
        categories = guideline.categories(
            self.database,
            self.coder,
            book,
            chosen,
            request,
            histories.category_histories(events, telling),
        )
        narrowed = tuple(d.name for d in cases) if len(cases) < len(everything) else ()
        pairs = compare_pairs(
            self.database, self.coder, request, narrowed, codings, from_rules, language
        )
        page = ReviewPage(
            export_id=uuid.uuid4().hex[:16],
            language=language,
            title=book.title,
            facts=method_facts(
                book,
                cases,
                codings,
                versions,
                exported,
                as_of,
                chain_status(audit),
                selection,
                request,
                language,
            ),
            categories=categories,
            versions=guideline.versions(versions, telling),
            changes=histories.codebook_changes(events, telling),
            documents=[],
            agreement=pairs.compared,
            settled=settlements(events, narrowed, chosen, book, transcripts, language),
            rules_only=pairs.rules_only,
            apart=pairs.apart,
        )
        fill_material(page, categories, cases, codings, transcripts, events, telling)
        return page
