"""Coding passages: applying categories to spans of text, removing them, listing them."""

from __future__ import annotations

from dataclasses import dataclass

from qualcode.domain.coding import PASSES, Coding, NewCoding, Span
from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.domain.transcript import Transcript
from qualcode.services._base import Service
from qualcode.storage.queries import codebook as codebook_query
from qualcode.storage.queries import coders as coders_query
from qualcode.storage.queries import codings as codings_query
from qualcode.storage.queries import documents as documents_query


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


def _audit_view(coding: Coding) -> dict[str, object]:
    return {
        "document": coding.document,
        "category": coding.category,
        "start": coding.start,
        "end": coding.end,
        "text": coding.text,
        "memo": coding.memo,
        "coder": coding.coder,
        "pass": coding.coding_pass,
    }


class CodingService(Service):
    def ensure_coder(self) -> None:
        with self.database.transaction() as tx:
            self._coder_id(tx)

    def code(
        self,
        document: str,
        category: str,
        *,
        turns: tuple[int, int] | None = None,
        chars: tuple[int, int] | None = None,
        memo: str = "",
        coding_pass: str = "main",
    ) -> Coding:
        """Apply a category to a passage given by turns (Pos.) or by character offsets."""
        if (turns is None) == (chars is None):
            raise InvalidInputError("give the passage either as turns or as characters")
        if coding_pass not in PASSES:
            raise InvalidInputError(f"the pass must be one of {', '.join(PASSES)}")
        from qualcode.storage.repositories import audit
        from qualcode.storage.repositories import codings as codings_repo

        with self.database.transaction() as tx:
            doc_id = documents_query.find_id(tx, document)
            if doc_id is None:
                raise NotFoundError(f"there is no document {document!r} (see 'qualcode documents')")
            transcript = documents_query.transcript(tx, doc_id)
            assert transcript is not None
            book = codebook_query.load(tx)
            found = book.resolve(category) if book else None
            if found is None or found.id is None:
                raise NotFoundError(
                    f"there is no category {category!r}: give its code (e.g. K2.1) or its exact "
                    "name (see 'qualcode codebook show')"
                )
            if found.status == "retired":
                raise InvalidInputError(
                    f"category {found.code} is retired and takes no new codings"
                )
            span = span_of_turns(transcript, *turns) if turns else Span(*chars)  # type: ignore[misc]
            span.check_within(len(transcript.text))
            text = transcript.text[span.start : span.end]
            if not text.strip():
                raise InvalidInputError("the passage holds only blanks; choose some text")
            version = codebook_query.current_version(tx)
            coder_id = self._coder_id(tx)
            coding_id = codings_repo.insert(
                tx,
                NewCoding(doc_id, found.id, span.start, span.end, text, memo, coding_pass),
                coder_id=coder_id,
                codebook_version_id=version.id if version else None,
                now=self.now(),
            )
            created = codings_query.get(tx, coding_id)
            assert created is not None
            audit.record(
                tx,
                coder_id=coder_id,
                action="create",
                entity="coding",
                entity_id=coding_id,
                after=_audit_view(created),
            )
            return created

    def uncode(self, coding_id: int, *, reason: str = "") -> Coding:
        """Remove a coding; what it was stays in the audit trail."""
        from qualcode.storage.repositories import audit
        from qualcode.storage.repositories import codings as codings_repo

        with self.database.transaction() as tx:
            found = codings_query.get(tx, coding_id)
            if found is None:
                raise NotFoundError(f"there is no coding {coding_id} (see 'qualcode codings')")
            codings_repo.delete(tx, coding_id)
            audit.record(
                tx,
                coder_id=self._coder_id(tx),
                action="delete",
                entity="coding",
                entity_id=coding_id,
                before=_audit_view(found),
                reason=reason,
            )
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
    ) -> list[Coding]:
        """Codings, filtered; a category filter includes its subcategories by default.

        ``attribute``: only documents whose case attribute ``key`` has that value.
        """
        with self.database.reading() as reader:
            doc_id = None
            if document is not None:
                doc_id = documents_query.find_id(reader, document)
                if doc_id is None:
                    raise NotFoundError(f"there is no document {document!r}")
            category_ids = None
            if category is not None:
                book = codebook_query.load(reader)
                found = book.resolve(category) if book else None
                if found is None:
                    raise NotFoundError(f"there is no category {category!r}")
                wanted = [found, *(book.descendants(found.code) if with_subcategories else ())]  # type: ignore[union-attr]
                category_ids = [c.id for c in wanted if c.id is not None]
            coder_id = None
            if coder is not None:
                coder_id = coders_query.find(reader, coder)
                if coder_id is None:
                    return []
            codings = codings_query.query(
                reader,
                document_id=doc_id,
                category_ids=category_ids,
                coder_id=coder_id,
                needs_review=needs_review,
            )
            if attribute is not None:
                key, value = attribute
                keep = {
                    d.name
                    for d in documents_query.list_all(reader)
                    if d.attributes.get(key) == value
                }
                codings = [c for c in codings if c.document in keep]
            return codings

    def add_many(self, requests: list[CodingRequest]) -> int:
        """Store many codings in one transaction (scripts, the bench project); returns the count.

        Each request is checked like a single coding: the document and category must exist
        and the span must lie within the text.
        """
        from qualcode.storage.repositories import audit
        from qualcode.storage.repositories import codings as codings_repo

        with self.database.transaction() as tx:
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
            coder_id = self._coder_id(tx)
            codings_repo.insert_many(
                tx,
                items,
                coder_id=coder_id,
                codebook_version_id=version.id if version else None,
                now=self.now(),
            )
            audit.record(
                tx,
                coder_id=coder_id,
                action="create-many",
                entity="coding",
                entity_id=None,
                after={"count": len(items)},
            )
            return len(items)

    def set_memo(self, coding_id: int, memo: str) -> Coding:
        """Write (or clear) the memo of a coding: why this passage got this category."""
        from qualcode.storage.repositories import audit
        from qualcode.storage.repositories import codings as codings_repo

        with self.database.transaction() as tx:
            found = codings_query.get(tx, coding_id)
            if found is None:
                raise NotFoundError(f"there is no coding {coding_id}")
            codings_repo.set_memo(tx, coding_id, memo.strip(), now=self.now())
            audit.record(
                tx,
                coder_id=self._coder_id(tx),
                action="memo",
                entity="coding",
                entity_id=coding_id,
                before={"memo": found.memo},
                after={"memo": memo.strip()},
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
        """Codings per category code."""
        with self.database.reading() as reader:
            return codings_query.counts_by_category(reader)

    def reassign(self, coding_id: int, category: str, *, reason: str = "") -> Coding:
        """Give a coded passage another category (after a split, or a second look)."""
        from qualcode.storage.repositories import audit
        from qualcode.storage.repositories import codings as codings_repo

        with self.database.transaction() as tx:
            found = codings_query.get(tx, coding_id)
            book = codebook_query.load(tx)
            target = book.resolve(category) if book else None
            if found is None:
                raise NotFoundError(f"there is no coding {coding_id}")
            if target is None or target.id is None:
                raise NotFoundError(f"there is no category {category!r}")
            codings_repo.set_category(tx, coding_id, target.id, now=self.now())
            audit.record(
                tx,
                coder_id=self._coder_id(tx),
                action="reassign",
                entity="coding",
                entity_id=coding_id,
                before={"category": found.category},
                after={"category": target.code},
                reason=reason,
            )
            changed = codings_query.get(tx, coding_id)
            assert changed is not None
            return changed
