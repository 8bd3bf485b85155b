"""Dictionary autocoding that the coder reviews: rules propose, the coder decides.

``autocode`` runs the categories' search rules (from the codebook file) over the transcripts and
stores what they find as *proposals*; nothing becomes a coding there. The coder accepts a
proposal (it becomes a coding through :class:`~qualcode.services.coding.CodingService`, in the
same unit of work, and the trail records the rule and who accepted it) or rejects it (it is
remembered, and the same passage is not proposed for that category again).

Blind coding: a coder working blind sees only the proposals their own runs made and decides
only on those, and their runs take no account of what other coders were proposed or decided
(each coder's proposals are their own); otherwise every coder shares the project's proposals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from qualcode.domain.autocoding import Proposal, Rule
from qualcode.domain.coding import Coding
from qualcode.domain.errors import ConflictError, InvalidInputError, NotFoundError
from qualcode.services._base import Service, UnitOfWork, joined
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.codings import reads as codings_query
from qualcode.storage.documents import reads as documents_query
from qualcode.storage.proposals import reads as proposals_query
from qualcode.storage.reader import Reader

if TYPE_CHECKING:
    from qualcode.domain.codebook import Codebook


@dataclass(frozen=True, slots=True)
class AutocodeReport:
    """What one run proposed, per category, and how many finds were known already."""

    proposed: dict[str, int] = field(default_factory=dict)
    known: int = 0  # found again: proposed, accepted or rejected before, or coded already
    documents: int = 0
    rules: int = 0

    @property
    def total(self) -> int:
        return sum(self.proposed.values())


@dataclass(frozen=True, slots=True)
class InContext:
    """A proposal with the text around it, for the coder to judge."""

    proposal: Proposal
    left: str
    right: str


def store_rules(uow: UnitOfWork, book: Codebook, ids: dict[str, int]) -> None:
    """The rules of the categories in a codebook file become their rules in the project.

    Part of loading the file (its unit of work); a category whose rules changed is recorded.
    """
    from qualcode.domain.audit import AutocodeRulesSet
    from qualcode.storage.proposals import writes as proposals_repo

    before: dict[str, list[str]] = {}
    for rule in proposals_query.rules(uow.tx):
        before.setdefault(rule.category, []).append(rule.describe())
    for category in book:
        if category.code not in ids:
            continue
        rules = [r for r in book.rules if r.category == category.code]
        described = [r.describe() for r in rules]
        old = before.get(category.code, [])
        if described == old:
            continue
        proposals_repo.replace_rules(uow.tx, ids[category.code], rules)
        uow.record(
            AutocodeRulesSet(
                entity_id=ids[category.code], code=category.code, old_rules=old, rules=described
            )
        )


class AutocodingService(Service):
    #: Blind coding (services/coding.py): only the acting coder's own proposals are seen.
    blind: bool = False

    def _scope(self, reader: Reader) -> tuple[int | None, str | None]:
        """Whose proposals this coder sees, and of which pass: when blind their own (-1: none
        made yet), in the re-check pass only those made in it (as blind coding shows the
        codings, services/coding.py); otherwise all of them."""
        if not self.blind:
            return None, None
        from qualcode.services.coding import blind_scope
        from qualcode.storage.coders import reads as coders_query

        found = coders_query.find(reader, self.coder)
        return (-1 if found is None else found), blind_scope(reader, self.coder)[1]

    def rules(self, category: str | None = None) -> list[Rule]:
        """The search rules of every category (or of one, with its subcategories)."""
        with self.database.reading() as reader:
            return self._rules(reader, category)

    def _rules(self, reader: Reader, category: str | None) -> list[Rule]:
        rules = proposals_query.rules(reader)
        if category is None:
            return rules
        book = codebook_query.load(reader)
        found = book.resolve(category) if book else None
        if found is None or book is None:
            raise NotFoundError(f"there is no category {category!r} (see 'qualcode codebook show')")
        codes = {found.code, *(c.code for c in book.descendants(found.code))}
        return [r for r in rules if r.category in codes]

    def autocode(
        self, *, category: str | None = None, document: str | None = None
    ) -> AutocodeReport:
        """Run the rules and store what they find as proposals (never as codings).

        The words are found outside the write (reading and lemmatising take the time); the
        write stores only passages not proposed or coded with that category before.
        """
        from qualcode.analysis.autocoding import TurnText, find
        from qualcode.analysis.words import Lemmatizer
        from qualcode.domain.speakers import SpeakerMap
        from qualcode.services.coding import current_pass
        from qualcode.storage.settings import reads as settings_query

        with self.database.reading() as reader:
            rules = self._rules(reader, category)
            book = codebook_query.load(reader)
            if book is None or not len(book):
                raise NotFoundError("this project has no codebook yet")
            retired = {c.code for c in book if c.status == "retired"}
            rules = [r for r in rules if r.category not in retired]
            if not rules:
                where = f"category {category}" if category else "any category"
                raise NotFoundError(
                    f"{where} has no autocode rules: add them under 'autocode' in the codebook "
                    "file and load it again (see docs/codebook-format.md)"
                )
            documents = documents_query.list_all(reader)
            if document is not None:
                doc_id = documents_query.find_id(reader, document)
                if doc_id is None:
                    raise NotFoundError(f"there is no document {document!r}")
                documents = [d for d in documents if d.id == doc_id]
            ids = [d.id for d in documents]
            texts = documents_query.texts(reader, ids)
            turns = documents_query.turn_spans(reader, ids)
            category_ids = codebook_query.ids_by_code(reader)
            creator, scoped_pass = self._scope(reader)
            current = current_pass(reader, self.coder)
            coded = {
                (c.document_id, category_ids.get(c.category, -1), c.start, c.end)
                for c in codings_query.query(
                    reader,
                    document_id=ids[0] if len(ids) == 1 else None,
                    coder_id=creator,
                    coding_pass=scoped_pass,
                )
            }
            speakers = SpeakerMap.from_json(settings_query.get(reader, "speakers"))
        lemmas = Lemmatizer(book.language)
        rows: list[dict[str, Any]] = []
        seen: set[tuple[int, int, int, int]] = set()
        for doc in documents:
            text = texts[doc.id]
            spans = [
                TurnText(
                    int(t["char_start"]),
                    int(t["char_end"]),
                    text[t["char_start"] : t["char_end"]],
                    speakers.canonical(t["speaker"]) if t["speaker"] else None,
                    speakers.role(t["speaker"]) if t["speaker"] else None,
                )
                for t in turns[doc.id]
            ]
            for found in find(spans, rules, language=book.language, lemmatizer=lemmas):
                key = (doc.id, category_ids[found.category], found.start, found.end)
                seen.add(key)
                rows.append(
                    {
                        "document_id": doc.id,
                        "category_id": key[1],
                        "char_start": found.start,
                        "char_end": found.end,
                        "text": text[found.start : found.end],
                        "rule": found.rule,
                        "_code": found.category,
                    }
                )
        from qualcode.domain.audit import ProposalsMade
        from qualcode.storage.proposals import writes as proposals_repo

        proposed: dict[str, int] = {}
        with self.unit_of_work() as uow:
            known = proposals_query.known(
                uow.tx, creator=uow.coder_id if self.blind else None, coding_pass=scoped_pass
            )
            known |= coded
            fresh = []
            for row in rows:
                key = (row["document_id"], row["category_id"], row["char_start"], row["char_end"])
                if key in known:
                    continue
                known.add(key)
                code = str(row.pop("_code"))
                proposed[code] = proposed.get(code, 0) + 1
                fresh.append(row)
            proposals_repo.insert(
                uow.tx, fresh, coder_id=uow.coder_id, now=uow.now, coding_pass=current
            )
            if fresh:
                uow.record(
                    ProposalsMade(
                        count=len(fresh),
                        category=category,
                        document=documents[0].name if document is not None else None,
                    )
                )
        return AutocodeReport(
            proposed=proposed,
            known=len(rows) - len(fresh),
            documents=len(documents),
            rules=len(rules),
        )

    def proposals(
        self,
        *,
        status: str | None = "proposed",
        category: str | None = None,
        document: str | None = None,
        ids: Sequence[int] | None = None,
    ) -> list[Proposal]:
        """Stored proposals (by default those still waiting for a decision)."""
        with self.database.reading() as reader:
            return self._proposals(reader, status, category, document, ids)

    def _proposals(
        self,
        reader: Reader,
        status: str | None,
        category: str | None,
        document: str | None,
        ids: Sequence[int] | None,
    ) -> list[Proposal]:
        category_ids = None
        if category is not None:
            book = codebook_query.load(reader)
            found = book.resolve(category) if book else None
            if found is None or book is None:
                raise NotFoundError(f"there is no category {category!r}")
            by_code = codebook_query.ids_by_code(reader)
            codes = [found.code, *(c.code for c in book.descendants(found.code))]
            category_ids = [by_code[c] for c in codes if c in by_code]
        doc_id = None
        if document is not None:
            doc_id = documents_query.find_id(reader, document)
            if doc_id is None:
                raise NotFoundError(f"there is no document {document!r}")
        creator, scoped_pass = self._scope(reader)
        return proposals_query.proposals(
            reader,
            status=status,
            category_ids=category_ids,
            document_id=doc_id,
            ids=list(ids) if ids is not None else None,
            creator=creator,
            coding_pass=scoped_pass,
        )

    def in_context(self, proposal: Proposal, *, width: int = 120) -> InContext:
        """A proposal with up to ``width`` characters of its document on either side."""
        with self.database.reading() as reader:
            doc_id = documents_query.find_id(reader, proposal.document)
            if doc_id is None:
                raise NotFoundError(f"there is no document {proposal.document!r}")
            begin = max(0, proposal.start - width)
            end = proposal.end + width
            length = documents_query.text_length(reader, doc_id)
            end = min(end, length)
            around = documents_query.passage(reader, doc_id, begin, end) or ""
        cut = proposal.start - begin
        return InContext(proposal, around[:cut], around[cut + proposal.end - proposal.start :])

    def accept(self, ids: Sequence[int]) -> list[Coding]:
        """Accept proposals: each becomes a coding of the acting coder, in one unit of work."""
        from qualcode.domain.audit import ProposalAccepted
        from qualcode.services.coding import CodingService
        from qualcode.storage.proposals import writes as proposals_repo

        coding = CodingService(self.database, self.coder)
        made: list[Coding] = []
        with self.unit_of_work() as uow, joined(uow):
            for proposal in self._open(uow.tx, ids):
                created = coding.code(
                    proposal.document, proposal.category, chars=(proposal.start, proposal.end)
                )
                if not proposals_repo.decide(
                    uow.tx,
                    proposal.id,
                    "accepted",
                    coder_id=uow.coder_id,
                    now=uow.now,
                    coding_id=created.id,
                ):  # decided meanwhile: the coding just made is rolled back with the rest
                    raise ConflictError(f"proposal {proposal.id} was decided already")
                uow.record(
                    ProposalAccepted(
                        entity_id=proposal.id,
                        rule=proposal.rule,
                        document=proposal.document,
                        category=proposal.category,
                        start=proposal.start,
                        end=proposal.end,
                        coding_id=created.id,
                    )
                )
                made.append(created)
        return made

    def reject(self, ids: Sequence[int]) -> list[Proposal]:
        """Reject proposals: they are kept as rejected and not proposed again."""
        from qualcode.domain.audit import ProposalRejected
        from qualcode.storage.proposals import writes as proposals_repo

        with self.unit_of_work() as uow:
            rejected = self._open(uow.tx, ids)
            for proposal in rejected:
                if not proposals_repo.decide(
                    uow.tx, proposal.id, "rejected", coder_id=uow.coder_id, now=uow.now
                ):
                    raise ConflictError(f"proposal {proposal.id} was decided already")
                uow.record(
                    ProposalRejected(
                        entity_id=proposal.id,
                        rule=proposal.rule,
                        document=proposal.document,
                        category=proposal.category,
                        start=proposal.start,
                        end=proposal.end,
                        text=proposal.text,
                    )
                )
        return rejected

    def reopen(self, proposal_id: int, *, reason: str = "") -> None:
        """An accepted proposal waits again (its coding was undone: services/history.py)."""
        from qualcode.domain.audit import ProposalReopened
        from qualcode.storage.proposals import writes as proposals_repo

        with self.unit_of_work() as uow:
            found = proposals_query.proposals(uow.tx, ids=[proposal_id])
            if not found or found[0].status != "accepted":
                return
            proposal = found[0]
            proposals_repo.reopen(uow.tx, proposal.id)
            uow.record(
                ProposalReopened(
                    entity_id=proposal.id,
                    rule=proposal.rule,
                    document=proposal.document,
                    category=proposal.category,
                    start=proposal.start,
                    end=proposal.end,
                    reason=reason,
                )
            )

    def accept_again(self, proposal_id: int, *, reason: str = "") -> None:
        """A reopened proposal accepted again with its coding made anew (a redo): the coding
        is the acting coder's at the proposal's passage, made just before in the same step."""
        from qualcode.domain.audit import ProposalAccepted
        from qualcode.storage.proposals import writes as proposals_repo

        with self.unit_of_work() as uow:
            found = proposals_query.proposals(uow.tx, ids=[proposal_id])
            if not found or found[0].status != "proposed":
                return
            proposal = found[0]
            doc_id = documents_query.find_id(uow.tx, proposal.document)
            mine = [
                c
                for c in codings_query.query(uow.tx, document_id=doc_id, coder_id=uow.coder_id)
                if (c.category, c.start, c.end) == (proposal.category, proposal.start, proposal.end)
            ]
            if not mine:
                return
            coding_id = max(c.id for c in mine)
            proposals_repo.decide(  # waiting, as read above in this unit of work
                uow.tx,
                proposal.id,
                "accepted",
                coder_id=uow.coder_id,
                now=uow.now,
                coding_id=coding_id,
            )
            uow.record(
                ProposalAccepted(
                    entity_id=proposal.id,
                    rule=proposal.rule,
                    document=proposal.document,
                    category=proposal.category,
                    start=proposal.start,
                    end=proposal.end,
                    coding_id=coding_id,
                    reason=reason,
                )
            )

    def accept_all(self, *, category: str, document: str | None = None) -> list[Coding]:
        """Accept every waiting proposal of a category (the coder has looked at them)."""
        waiting = self.proposals(category=category, document=document)
        return self.accept([p.id for p in waiting]) if waiting else []

    def _open(self, reader: Reader, ids: Sequence[int]) -> list[Proposal]:
        """The proposals ``ids``, each still waiting for a decision (else an error naming it);
        a blind coder's own only."""
        if not ids:
            raise InvalidInputError(
                "name the proposals by their numbers (see 'qualcode proposals')"
            )
        creator, scoped_pass = self._scope(reader)
        chosen = proposals_query.proposals(
            reader, ids=sorted(set(ids)), creator=creator, coding_pass=scoped_pass
        )
        found = {p.id: p for p in chosen}
        for number in ids:
            if number not in found:
                raise NotFoundError(f"there is no proposal {number} (see 'qualcode proposals')")
            if found[number].status != "proposed":
                raise ConflictError(f"proposal {number} was {found[number].status} already")
        return [found[number] for number in dict.fromkeys(ids)]
