"""Coding passages: applying categories to spans of text, removing them, listing them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from qualcode.domain import limits
from qualcode.domain.coding import PASSES, Coding, NewCoding, Span
from qualcode.domain.errors import ConflictError, InvalidInputError, NotFoundError
from qualcode.domain.roles import Permission
from qualcode.domain.transcript import DocumentInfo, Transcript
from qualcode.services import pins as pins_service
from qualcode.services._base import Service, UnitOfWork
from qualcode.storage import convert
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.coders import reads as coders_query
from qualcode.storage.codings import reads as codings_query
from qualcode.storage.documents import reads as documents_query
from qualcode.storage.reader import Reader, Row
from qualcode.storage.settings import reads as settings_query


@dataclass(frozen=True, slots=True)
class CodingFilter:
    """Which codings a listing shows, named as a person names them; the default shows all.

    ``document``: a name or id; ``category``: a code or exact name, with its subcategories
    unless ``with_subcategories`` is off; ``needs_review``: only codings flagged for another
    look; ``attribute``: only documents whose case attribute (key, value) matches.
    """

    document: str | None = None
    category: str | None = None
    coder: str | None = None
    with_subcategories: bool = True
    needs_review: bool = False
    attribute: tuple[str, str] | None = None
    coding_pass: str | None = None


@dataclass(frozen=True, slots=True)
class CodingRequest:
    """A coding by reference (document name, category code), for bulk work and scripts."""

    document: str
    category: str
    start: int
    end: int
    memo: str = ""
    coding_pass: str = "main"


def span_of_turns(transcript: Transcript, first: int, last: int) -> Span:
    """The span from the start of turn ``first`` to the end of turn ``last`` (Pos. numbers)."""
    if last < first:
        raise InvalidInputError(f"the turn range {first}-{last} runs backwards")
    count = len(transcript.turns)
    for position in (first, last):
        if not 1 <= position <= count:
            raise InvalidInputError(
                f"{transcript.document.name} has turns 1 to {count}; there is no turn {position}"
            )
    return Span(transcript.turn_at(first).char_start, transcript.turn_at(last).char_end)


def _span_of_turns(reader: Reader, document_id: int, first: int, last: int) -> Span:
    """:func:`span_of_turns` read from the database: two turns, not the whole transcript."""
    if last < first:
        raise InvalidInputError(f"the turn range {first}-{last} runs backwards")
    info = documents_query.get(reader, document_id)
    assert info is not None
    for position in (first, last):
        if not 1 <= position <= info.turns:
            raise InvalidInputError(
                f"{info.name} has turns 1 to {info.turns}; there is no turn {position}"
            )
    edges = documents_query.turn_edges(reader, document_id, first, last)
    return Span(int(edges[first]["char_start"]), int(edges[last]["char_end"]))


@dataclass(frozen=True, slots=True)
class CodingChange:
    """What one coding action changed, and what a screen showing the document redraws from.

    All of it is read in the action's own transaction, so the workbench needs no further trip.
    """

    coding: Coding  # the coding made, or the one removed
    document_codings: list[Coding]  # the document's codings afterwards (as the coder may see)
    counts: dict[str, int]  # codings per category afterwards
    documents: list[DocumentInfo]  # the document list with its counts afterwards
    pins: list[str]  # the acting coder's pins afterwards


def current_pass(reader: Reader, coder: str) -> str:
    """A coder's pass: as they chose, else pilot until the codebook is frozen, then main."""
    chosen = settings_query.get(reader, f"pass:{coder}")
    if chosen in PASSES:
        return str(chosen)
    frozen = any(v.frozen is not None for v in codebook_query.versions(reader))
    return "main" if frozen else "pilot"


def blind_scope(reader: Reader, coder: str) -> tuple[str, str | None]:
    """What a blind coder sees: their own codings, and in the re-check pass only that pass's."""
    chosen = current_pass(reader, coder)
    return coder, chosen if chosen == "recheck" else None


class CodingService(Service):
    #: Blind coding: the acting coder sees only their own codings (and, in the re-check pass,
    #: only those of that pass), so that independent coding and intracoder re-checks stay
    #: independent. Writes are unaffected.
    blind: bool = False

    def current_pass(self, reader: Reader | None = None) -> str:
        """The acting coder's pass: as set, else pilot until the codebook is frozen, then main."""
        if reader is None:
            with self.database.reading() as fresh:
                return self.current_pass(fresh)
        return current_pass(reader, self.coder)

    def set_pass(self, coding_pass: str) -> str:
        """Choose the pass the acting coder's next codings belong to (pilot, main, recheck)."""
        from qualcode.domain.audit import PassSet
        from qualcode.storage.settings import writes as settings_repo

        if coding_pass not in PASSES:
            raise InvalidInputError(f"the pass must be one of {', '.join(PASSES)}")
        with self.unit_of_work(needs=Permission.CODE) as uow:
            before = self.current_pass(uow.tx)
            settings_repo.put(uow.tx, f"pass:{self.coder}", coding_pass)
            uow.record(PassSet(entity_id=uow.coder_id, old_pass=before, coding_pass=coding_pass))
        return coding_pass

    def _visible(self, reader: Reader) -> tuple[str | None, str | None]:
        """The (coder, pass) a blind coder is limited to; (None, None) when not blind."""
        return blind_scope(reader, self.coder) if self.blind else (None, None)

    def ensure_coder(self) -> None:
        with self.unit_of_work() as uow:
            uow.coder_id  # noqa: B018 (resolving it creates the coder)

    def code(
        self,
        document: str,
        category: str,
        *,
        turns: tuple[int, int] | None = None,
        chars: tuple[int, int] | None = None,
        memo: str = "",
        coding_pass: str | None = None,
    ) -> Coding:
        """Apply a category to a passage given by turns (Pos.) or by character offsets.

        ``coding_pass``: pilot, main or recheck; by default the acting coder's current pass.
        """
        if (turns is None) == (chars is None):
            raise InvalidInputError("give the passage either as turns or as characters")
        with self.unit_of_work(needs=Permission.CODE) as uow:
            return self._code(uow, document, category, turns, chars, memo, coding_pass)

    def apply(
        self,
        document: str,
        category: str,
        span: tuple[int, int],
        *,
        memo: str = "",
        coding_pass: str | None = None,
        pin: bool = True,
    ) -> CodingChange:
        """Code a passage (character offsets) and say what changed, in one transaction.

        The workbench's keystroke: ``pin`` gives the category the next free pin (1-9) when
        it has none yet, so the categories in use come to hand.
        """
        with self.unit_of_work(needs=Permission.CODE) as uow:
            coding = self._code(uow, document, category, None, span, memo, coding_pass)
            pins = (
                pins_service.pin_if_room(uow.tx, self.coder, coding.category)
                if pin
                else pins_service.pinned(uow.tx, self.coder)
            )
            return self._changed(uow.tx, coding, pins)

    def remove(self, coding_id: int, *, reason: str = "") -> CodingChange:
        """Remove a coding (see :meth:`uncode`) and say what changed, in one transaction."""
        with self.unit_of_work(needs=Permission.CODE) as uow:
            removed = self._uncode(uow, coding_id, reason)
            return self._changed(uow.tx, removed, pins_service.pinned(uow.tx, self.coder))

    def reapply(self, coding: Coding) -> CodingChange:
        """Code a removed coding's passage again (the workbench's undo of a removal)."""
        return self.apply(
            str(coding.document_id),
            coding.category,
            (coding.start, coding.end),
            memo=coding.memo,
            coding_pass=coding.coding_pass,
            pin=False,
        )

    def _changed(self, reader: Reader, coding: Coding, pins: list[str]) -> CodingChange:
        from qualcode.services.documents import document_list

        return CodingChange(
            coding=coding,
            document_codings=[
                convert.coding(r) for r in self._query_rows(reader, document_id=coding.document_id)
            ],
            counts=self._counts(reader),
            documents=document_list(reader, self.coder, blind=self.blind),
            pins=pins,
        )

    def _code(
        self,
        uow: UnitOfWork,
        document: str,
        category: str,
        turns: tuple[int, int] | None,
        chars: tuple[int, int] | None,
        memo: str,
        coding_pass: str | None,
    ) -> Coding:
        from qualcode.domain.audit import CodingCreated

        if coding_pass is not None and coding_pass not in PASSES:
            raise InvalidInputError(f"the pass must be one of {', '.join(PASSES)}")
        limits.MEMO.check(memo)
        from qualcode.storage.codings import writes as codings_repo

        tx = uow.tx
        doc_id = documents_query.find_id(tx, document)
        if doc_id is None:
            raise NotFoundError(f"there is no document {document!r} (see 'qualcode documents')")
        book = codebook_query.load(tx)
        found = book.resolve(category) if book else None
        if found is None or found.id is None:
            raise NotFoundError(
                f"there is no category {category!r}: give its code (e.g. K2.1) or its exact "
                "name (see 'qualcode codebook show')"
            )
        if found.status == "retired":
            raise InvalidInputError(f"category {found.code} is retired and takes no new codings")
        # Only the passage and the turns around it are read: a transcript may hold 200 MB.
        span = _span_of_turns(tx, doc_id, *turns) if turns else Span(*chars)  # type: ignore[misc]
        text = (
            documents_query.passage(tx, doc_id, span.start, span.end)
            if 0 <= span.start < span.end
            else None
        )
        if text is None:
            span.check_within(documents_query.text_length(tx, doc_id))
            text = documents_query.texts(tx, [doc_id])[doc_id][span.start : span.end]
        if not text.strip():
            raise InvalidInputError("the passage holds only blanks; choose some text")
        version = codebook_query.current_version(tx)
        coder_id = uow.coder_id
        coding_pass = coding_pass or self.current_pass(tx)
        same = codings_query.same_as(
            tx,
            document_id=doc_id,
            category_id=found.id,
            coder_id=coder_id,
            coding_pass=coding_pass,
            start=span.start,
            end=span.end,
        )
        if same is not None:
            raise ConflictError(f"this passage is coded with {found.code} already (coding {same})")
        coding_id = codings_repo.insert(
            tx,
            NewCoding(doc_id, found.id, span.start, span.end, text, memo, coding_pass),
            coder_id=coder_id,
            codebook_version_id=version.id if version else None,
            now=uow.now,
        )
        created = codings_query.get(tx, coding_id)
        assert created is not None
        uow.record(CodingCreated.of(created))
        return created

    def uncode(self, coding_id: int, *, reason: str = "") -> Coding:
        """Remove a coding; what it was stays in the audit trail."""
        with self.unit_of_work(needs=Permission.CODE) as uow:
            return self._uncode(uow, coding_id, reason)

    def _uncode(self, uow: UnitOfWork, coding_id: int, reason: str) -> Coding:
        from qualcode.domain.audit import CodingRemoved
        from qualcode.storage.codings import writes as codings_repo

        found = codings_query.get(uow.tx, coding_id)
        if found is None:
            raise NotFoundError(f"there is no coding {coding_id} (see 'qualcode codings')")
        codings_repo.delete(uow.tx, coding_id)
        uow.record(CodingRemoved.of(found, reason=reason))
        return found

    def query(
        self,
        *,
        document: str | None = None,
        category: str | None = None,
        coder: str | None = None,
        with_subcategories: bool = True,
        needs_review: bool = False,
        attribute: tuple[str, str] | None = None,
        coding_pass: str | None = None,
    ) -> list[Coding]:
        """:meth:`matching` with the filter's parts as keywords (``query(document="B01")``),
        as screens and scripts ask."""
        return self.matching(
            CodingFilter(
                document, category, coder, with_subcategories, needs_review, attribute, coding_pass
            )
        )

    def matching(self, filters: CodingFilter | None = None) -> list[Coding]:
        """The codings ``filters`` lets through (None: every one), a blind coder's own only,
        whatever it says."""
        return [convert.coding(r) for r in self._filtered(filters or CodingFilter())]

    def records(self, filters: CodingFilter | None = None) -> Iterator[dict[str, Any]]:
        """The codings of :meth:`matching` as the JSON listing's records
        (:func:`~qualcode.storage.convert.coding_record`), made without a Coding each, one
        at a time as they are written (the rows are read at once, in one snapshot)."""
        return map(convert.coding_record, self._filtered(filters or CodingFilter()))

    def _filtered(self, filters: CodingFilter) -> list[Row]:
        """The rows of :meth:`matching` (see :func:`qualcode.storage.codings.reads.query_rows`)."""
        with self.database.reading() as reader:
            doc_id = None
            if filters.document is not None:
                doc_id = documents_query.find_id(reader, filters.document)
                if doc_id is None:
                    raise NotFoundError(f"there is no document {filters.document!r}")
            category_ids = None
            if filters.category is not None:
                book = codebook_query.load(reader)
                found = book.resolve(filters.category) if book else None
                if book is None or found is None:
                    raise NotFoundError(f"there is no category {filters.category!r}")
                below = book.descendants(found.code) if filters.with_subcategories else ()
                category_ids = [c.id for c in (found, *below) if c.id is not None]
            rows = self._query_rows(
                reader,
                document_id=doc_id,
                category_ids=category_ids,
                coder=filters.coder,
                needs_review=filters.needs_review,
                coding_pass=filters.coding_pass,
            )
            if filters.attribute is not None:
                key, value = filters.attribute
                keep = {
                    d.name
                    for d in documents_query.list_all(reader)
                    if d.attributes.get(key) == value
                }
                rows = [r for r in rows if r["document_name"] in keep]
            return rows

    def _query_rows(
        self,
        reader: Reader,
        *,
        document_id: int | None = None,
        category_ids: list[int] | None = None,
        coder: str | None = None,
        needs_review: bool = False,
        coding_pass: str | None = None,
    ) -> list[Row]:
        """Codings' rows by ids, as the acting coder may see them (blind: their own only)."""
        blind_coder, blind_pass = self._visible(reader)
        if blind_coder is not None:
            if coder is not None and coder != blind_coder:
                return []
            coder = blind_coder
            if blind_pass is not None:
                if coding_pass not in (None, blind_pass):
                    return []
                coding_pass = blind_pass
        coder_id = None
        if coder is not None:
            coder_id = coders_query.find(reader, coder)
            if coder_id is None:
                return []
        return codings_query.query_rows(
            reader,
            document_id=document_id,
            category_ids=category_ids,
            coder_id=coder_id,
            needs_review=needs_review,
            coding_pass=coding_pass,
        )

    def add_many(self, requests: list[CodingRequest]) -> int:
        """Store many codings in one transaction (scripts, the bench project); returns the count.

        Each request is checked like a single coding: the document and category must exist
        and the span must lie within the text.
        """
        from qualcode.domain.audit import CodingsAdded
        from qualcode.storage.codings import writes as codings_repo

        for request in requests:
            limits.MEMO.check(request.memo)
        with self.unit_of_work(needs=Permission.CODE) as uow:
            tx = uow.tx
            doc_ids = documents_query.id_by_name(tx)
            cat_ids = codebook_query.ids_by_code(tx)
            texts = documents_query.texts(
                tx, sorted({doc_ids[r.document] for r in requests if r.document in doc_ids})
            )
            items: list[NewCoding] = []
            for r in requests:
                if r.document not in doc_ids:
                    raise NotFoundError(f"there is no document {r.document!r}")
                if r.category not in cat_ids:
                    raise NotFoundError(f"there is no category {r.category!r}")
                text = texts[doc_ids[r.document]]
                Span(r.start, r.end).check_within(len(text))
                items.append(
                    NewCoding(
                        doc_ids[r.document],
                        cat_ids[r.category],
                        r.start,
                        r.end,
                        text[r.start : r.end],
                        r.memo,
                        r.coding_pass,
                    )
                )
            version = codebook_query.current_version(tx)
            codings_repo.insert_many(
                tx,
                items,
                coder_id=uow.coder_id,
                codebook_version_id=version.id if version else None,
                now=uow.now,
            )
            uow.record(CodingsAdded(count=len(items)))
            return len(items)

    def set_memo(self, coding_id: int, memo: str) -> Coding:
        """Write (or clear) the memo of a coding: why this passage got this category."""
        from qualcode.domain.audit import CodingMemoChanged
        from qualcode.storage.codings import writes as codings_repo

        limits.MEMO.check(memo.strip())

        with self.unit_of_work(needs=Permission.CODE) as uow:
            tx = uow.tx
            found = codings_query.get(tx, coding_id)
            if found is None:
                raise NotFoundError(f"there is no coding {coding_id}")
            codings_repo.set_memo(tx, coding_id, memo.strip(), author_id=uow.coder_id, now=uow.now)
            uow.record(
                CodingMemoChanged(entity_id=coding_id, old_memo=found.memo, memo=memo.strip())
            )
            changed = codings_query.get(tx, coding_id)
            assert changed is not None
            return changed

    def restore(self, coding: Coding) -> Coding:
        """Code a removed coding's passage again (undo of a removal), with its memo and pass."""
        return self.code(
            str(coding.document_id),
            coding.category,
            chars=(coding.start, coding.end),
            memo=coding.memo,
            coding_pass=coding.coding_pass,
        )

    def counts(self) -> dict[str, int]:
        """Codings per category code (a blind coder's own only)."""
        with self.database.reading() as reader:
            return self._counts(reader)

    def _counts(self, reader: Reader) -> dict[str, int]:
        blind_coder, blind_pass = self._visible(reader)
        if blind_coder is None:
            return codings_query.counts_by_category(reader)
        coder_id = coders_query.find(reader, blind_coder)
        if coder_id is None:
            return {}
        return codings_query.counts_by_category(reader, coder_id=coder_id, coding_pass=blind_pass)

    def confirm(self, coding_ids: list[int], *, reason: str = "") -> list[Coding]:
        """Mark codings as checked again: they now stand under the current codebook version.

        This clears the re-check flag of codings whose category changed after a freeze, and
        the review note of codings moved when their transcript was replaced.
        """
        from qualcode.domain.audit import CodingConfirmed
        from qualcode.storage.codings import writes as codings_repo

        with self.unit_of_work(needs=Permission.CODE) as uow:
            tx, now = uow.tx, uow.now
            version = codebook_query.current_version(tx)
            confirmed = []
            for coding_id in dict.fromkeys(coding_ids):
                found = codings_query.get(tx, coding_id)
                if found is None:
                    raise NotFoundError(f"there is no coding {coding_id} (see 'qualcode codings')")
                codings_repo.confirm(
                    tx, coding_id, version_id=version.id if version else None, now=now
                )
                uow.record(
                    CodingConfirmed(
                        entity_id=coding_id,
                        old_version=found.codebook_version,
                        review=found.review,
                        codebook_version=version.label if version else None,
                        reason=reason.strip(),
                    )
                )
                changed = codings_query.get(tx, coding_id)
                assert changed is not None
                confirmed.append(changed)
            return confirmed

    def reassign(self, coding_id: int, category: str, *, reason: str = "") -> Coding:
        """Give a coded passage another category (after a split, or a second look)."""
        from qualcode.domain.audit import CodingReassigned
        from qualcode.storage.codings import writes as codings_repo

        with self.unit_of_work(needs=Permission.CODE) as uow:
            tx = uow.tx
            found = codings_query.get(tx, coding_id)
            book = codebook_query.load(tx)
            target = book.resolve(category) if book else None
            if found is None:
                raise NotFoundError(f"there is no coding {coding_id}")
            if target is None or target.id is None:
                raise NotFoundError(f"there is no category {category!r}")
            coder_id = coders_query.find(tx, found.coder)
            same = (
                codings_query.same_as(
                    tx,
                    document_id=found.document_id,
                    category_id=target.id,
                    coder_id=coder_id,
                    coding_pass=found.coding_pass,
                    start=found.start,
                    end=found.end,
                )
                if target.code != found.category and coder_id is not None
                else None
            )
            if same is not None:
                raise ConflictError(
                    f"this passage is coded with {target.code} already (coding {same})"
                )
            codings_repo.set_category(tx, coding_id, target.id, now=uow.now)
            version = codebook_query.current_version(tx)  # a fresh decision: current version
            codings_repo.confirm(
                tx, coding_id, version_id=version.id if version else None, now=uow.now
            )
            uow.record(CodingReassigned.of(found, target.code, reason=reason))
            changed = codings_query.get(tx, coding_id)
            assert changed is not None
            return changed
