"""What other coders changed since the workbench last looked: the live workbench's reads.

The audit trail is the project's version: every change is an event with its place in the hash
chain (``seq``), so "what changed since version X" is "the events after X". A watcher
(storage/live.py) says when to look: PostgreSQL's LISTEN/NOTIFY, or SQLite's ``data_version``
polled about once a second. Then only the kinds of data those events touched are read again,
as the acting coder may see them: a blind coder is not shown other coders' codings, so their
codings wake nothing. The events this process wrote itself are skipped: the screen that made
them has drawn them already.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualcode.domain.errors import NotFoundError
from qualcode.services._base import own_writes
from qualcode.storage import live as storage_live
from qualcode.storage.audit import reads as audit_query

if TYPE_CHECKING:
    from qualcode.domain.codebook import Codebook
    from qualcode.domain.coding import Coding
    from qualcode.domain.transcript import DocumentInfo
    from qualcode.services.project import Project

# What an event's entity means for the screen: codings (the marks, counts and the document
# list's numbers), the codebook (the tree and the colours), the documents (the list). Anything
# not named here (an undo, a merge, a settled disagreement, a kind this version does not know)
# may touch all three.
_TOUCHES: dict[str, frozenset[str]] = {
    "coding": frozenset({"codings"}),
    "category": frozenset({"codebook", "codings"}),
    "codebook_version": frozenset({"codebook"}),
    "document": frozenset({"documents", "codings"}),
    "speaker_map": frozenset({"documents"}),
    "coder": frozenset(),  # a coder's own pass
    "review_comment": frozenset(),
}
_EVERYTHING = frozenset({"codings", "codebook", "documents"})


@dataclass(frozen=True, slots=True)
class Changes:
    """Others' changes after the last event seen: what they touched and who made them."""

    head: int  # the newest event's place in the chain, seen now
    touched: frozenset[str] = frozenset()  # "codings", "codebook", "documents"
    # The documents whose codings changed; None when one is not known (a coding removed).
    documents: frozenset[str] | None = frozenset()
    coders: tuple[str, ...] = ()

    def shows_in(self, document: str | None) -> bool:
        """Whether the codings of the document on screen may have changed."""
        if "codings" not in self.touched or document is None:
            return False
        return self.documents is None or document in self.documents


@dataclass(frozen=True, slots=True)
class Refreshed:
    """What the screen shows, read again where it changed (None: unchanged, keep it)."""

    changes: Changes
    documents: list[DocumentInfo] | None = None
    book: Codebook | None = None
    counts: dict[str, int] | None = None
    document: str | None = None
    codings: list[Coding] | None = None  # of ``document``


class LiveService:
    """Follows the project for one workbench: ``wait``, then ``refresh``, from a worker thread."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._own = own_writes(project.database)
        self._watcher: storage_live.Watcher | None = None
        self.seen = self.head()

    def head(self) -> int:
        """The newest event's place in the chain (0 for a project without events)."""
        with self.project.database.reading() as reader:
            head = audit_query.chain_head(reader)
        return head[0] if head is not None else 0

    def wait(self, timeout: float) -> bool:
        """Block up to ``timeout`` seconds for a sign that someone changed the project."""
        if self._watcher is None:
            self._watcher = storage_live.watcher(self.project.database)
            self._watcher.wait(0)  # listening from now on (or the file's version taken)
            if self.head() != self.seen:  # what happened before that
                return True
        return self._watcher.wait(timeout)

    def changes(self) -> Changes:
        """Others' changes since the last call, as this coder may see them; marks them seen."""
        with self.project.database.reading() as reader:
            rows = audit_query.changes_since(reader, self.seen)
        if not rows:
            return Changes(self.seen)
        head = max(int(r["seq"]) for r in rows)
        blind = self.project.blind
        touched: set[str] = set()
        documents: set[str] | None = set()
        coders: list[str] = []
        for row in rows:
            seq = int(row["seq"])
            if seq in self._own:
                self._own.discard(seq)
                continue
            entity, coder = row["entity"], row["coder"]
            if entity == "coding" and blind and coder != self.project.coder:
                continue  # hidden from a blind coder: nothing on screen changes
            kinds = _TOUCHES.get(entity, _EVERYTHING)
            if not kinds:
                continue
            touched |= kinds
            if coder not in coders:
                coders.append(coder)
            if "codings" in kinds and documents is not None:
                if entity == "coding" and row["document"] is not None:
                    documents.add(row["document"])
                else:
                    documents = None  # removed, merged or undone: could be anywhere
        # Over a copy: the workbench's writes add to the set from other threads meanwhile.
        self._own.difference_update([s for s in list(self._own) if s <= head])
        self.seen = max(self.seen, head)
        return Changes(
            head,
            frozenset(touched),
            None if documents is None else frozenset(documents),
            tuple(coders),
        )

    def refresh(self, document: str | None) -> Refreshed | None:
        """Read again what others changed, for a screen showing ``document``; None when
        nothing it shows changed."""
        changes = self.changes()
        if not changes.touched:
            return None
        project = self.project
        codings = "codings" in changes.touched
        documents = project.documents.all() if codings or "documents" in changes.touched else None
        shown: list[Coding] | None = None
        if document is not None and changes.shows_in(document):
            try:
                shown = project.coding.query(document=document)
            except NotFoundError:  # removed or renamed meanwhile: the list says which
                shown = None
        return Refreshed(
            changes,
            documents=documents,
            book=project.codebook.get() if "codebook" in changes.touched else None,
            counts=project.coding.counts() if codings else None,
            document=document,
            codings=shown,
        )

    def close(self) -> None:
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None
