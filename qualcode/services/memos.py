"""Memos on the project, documents, categories and codings: written, edited (keeping the
version before), removed, listed and searched; each write is an event of the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from qualcode.domain.errors import ConflictError, NotFoundError
from qualcode.domain.memos import TARGET_WORDS, TARGETS, Memo, check_target, check_text
from qualcode.services._base import Service
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.codings import reads as codings_query
from qualcode.storage.documents import reads as documents_query
from qualcode.storage.memos import reads as memos_query
from qualcode.storage.reader import Reader

if TYPE_CHECKING:
    from qualcode.exporters.table import Table

from qualcode.domain.terminology import Terms

__all__ = ["MemoService", "memos_table"]


class MemoService(Service):
    """The one memo store; a coding's memo here is the one the coding list shows."""

    def list(self, *, target: str | None = None, search: str = "") -> list[Memo]:
        """Every memo (on one kind of target), oldest first; ``search`` keeps those whose
        title, text or target holds it (ignoring case)."""
        if target is not None:
            check_target(target, None if target == "project" else 0)
        with self.database.reading() as reader:
            found = memos_query.memos(reader, target=target)
        return [m for m in found if m.matches(search)] if search.strip() else found

    def get(self, memo_id: int) -> Memo:
        """One memo with its earlier versions."""
        with self.database.reading() as reader:
            found = memos_query.memos(reader, memo_id=memo_id)
        if not found:
            raise NotFoundError(f"there is no memo {memo_id} (see 'qualcode memos')")
        return found[0]

    def add(self, target: str, ref: str | None, text: str, *, title: str = "") -> Memo:
        """A new memo on the project (``ref`` None), a document (name or id), a category
        (code) or a coding (id). A coding has one memo: change it with :meth:`edit`."""
        from qualcode.domain.audit import MemoWritten
        from qualcode.storage.memos import writes as memos_repo

        title, text = check_text(title, text)
        with self.unit_of_work() as uow:
            target_id, about = self._target(uow.tx, target, ref)
            if target == "coding" and target_id is not None:
                existing = memos_repo.coding_memo_id(uow.tx, target_id)
                if existing is not None:
                    raise ConflictError(
                        f"coding {target_id} has a memo already (memo {existing}); "
                        f"change it with 'qualcode memo edit {existing}'"
                    )
            memo_id = memos_repo.insert(
                uow.tx,
                target=target,
                target_id=target_id,
                title=title,
                text=text,
                author_id=uow.coder_id,
                now=uow.now,
            )
            uow.record(
                MemoWritten(entity_id=memo_id, target=target, about=about, title=title, text=text)
            )
        return self.get(memo_id)

    def edit(self, memo_id: int, *, text: str | None = None, title: str | None = None) -> Memo:
        """A memo's new text and/or title; the wording before it stays in its history."""
        from qualcode.domain.audit import MemoEdited
        from qualcode.storage.memos import writes as memos_repo

        old = self.get(memo_id)
        new_title, new_text = check_text(
            old.title if title is None else title, old.text if text is None else text
        )
        if (new_title, new_text) == (old.title, old.text):
            return old
        with self.unit_of_work() as uow:
            memos_repo.edit(
                uow.tx,
                memo_id,
                title=new_title,
                text=new_text,
                author_id=uow.coder_id,
                now=uow.now,
            )
            uow.record(
                MemoEdited(
                    entity_id=memo_id,
                    about=old.about,
                    old_title=old.title,
                    old_text=old.text,
                    title=new_title,
                    text=new_text,
                )
            )
        return self.get(memo_id)

    def remove(self, memo_id: int) -> Memo:
        """Take a memo away (the trail keeps its last wording)."""
        from qualcode.domain.audit import MemoRemoved
        from qualcode.storage.memos import writes as memos_repo

        old = self.get(memo_id)
        with self.unit_of_work() as uow:
            memos_repo.delete(uow.tx, memo_id)
            uow.record(
                MemoRemoved(
                    entity_id=memo_id,
                    target=old.target,
                    about=old.about,
                    title=old.title,
                    text=old.text,
                )
            )
        return old

    def place(self, memo: Memo) -> tuple[str, int, int] | tuple[str, None, None] | None:
        """Where a memo on a document or coding is in the material: the document's name and
        the coding's span (None, None for a document), so a front end can go there."""
        with self.database.reading() as reader:
            if memo.target == "document" and memo.target_id is not None:
                info = documents_query.get(reader, memo.target_id)
                return (info.name, None, None) if info is not None else None
            if memo.target == "coding" and memo.target_id is not None:
                coding = codings_query.get(reader, memo.target_id)
                return (coding.document, coding.start, coding.end) if coding else None
        return None

    @staticmethod
    def _target(reader: Reader, target: str, ref: str | None) -> tuple[int | None, str]:
        """The id of what the memo is on, and its name for people."""
        if target not in TARGETS:
            check_target(target, None)
        if target == "project":
            if ref:
                check_target(target, 0)
            return None, "Projekt"
        if not ref:
            check_target(target, None)
        assert ref is not None
        if target == "document":
            document_id = documents_query.find_id(reader, ref)
            if document_id is None:
                raise NotFoundError(f"there is no document {ref!r} (see 'qualcode documents')")
            info = documents_query.get(reader, document_id)
            return document_id, info.name if info is not None else ref
        if target == "category":
            ids = codebook_query.ids_by_code(reader)
            if ref not in ids:
                raise NotFoundError(f"there is no category {ref!r} (see 'qualcode codebook')")
            return ids[ref], ref
        if not ref.isdigit():
            raise NotFoundError(
                f"a coding is named by its number (see 'qualcode codings'), not {ref!r}"
            )
        coding = codings_query.get(reader, int(ref))
        if coding is None:
            raise NotFoundError(f"there is no coding {ref} (see 'qualcode codings')")
        return coding.id, f"{coding.document}, Pos. {coding.position}, {coding.category}"


def memos_table(memos: list[Memo], terms: Terms | None = None) -> Table:
    """The memos as one table for the thesis's appendix: what each is on, its title and
    text, who wrote it when, and the versions before its current one (what a memo is on in
    the project's words: Kodierung or Codierung)."""
    import pandas as pd

    from qualcode.exporters.table import Table

    rows = [
        {
            "Nr.": m.id,
            "Bezug": (terms or Terms()).apply(TARGET_WORDS[m.target][0]),
            "Gegenstand": m.about,
            "Titel": m.title,
            "Memo": m.text,
            "Autor": m.author,
            "Erstellt": _day(m.created),
            "Geändert": _day(m.updated),
            "Frühere Fassungen": "\n".join(
                f"{_day(v.saved)} {v.author}: {v.text}" for v in m.history
            ),
        }
        for m in memos
    ]
    columns = [
        "Nr.",
        "Bezug",
        "Gegenstand",
        "Titel",
        "Memo",
        "Autor",
        "Erstellt",
        "Geändert",
        "Frühere Fassungen",
    ]
    edited = sum(1 for m in memos if m.history)
    return Table(
        title="Memos",
        frame=pd.DataFrame(rows, columns=columns),
        notes=(
            f"{len(memos)} Memos; {edited} davon überarbeitet (frühere Fassungen mit Datum "
            "und Autor in der letzten Spalte).",
        ),
        name="Memos",
        text_columns=("Gegenstand", "Memo", "Frühere Fassungen"),
    )


def _day(moment: datetime) -> str:
    return moment.astimezone().strftime("%d.%m.%Y")
