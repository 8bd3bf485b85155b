"""Codebook versions: freezing after the pilot, and the rules for changing a frozen codebook."""

from __future__ import annotations

from qualcode.domain.errors import ConflictError, InvalidInputError, NotFoundError
from qualcode.domain.roles import Permission
from qualcode.domain.versions import CodebookVersion, CodedShare, next_version_label
from qualcode.services._base import Service, UnitOfWork
from qualcode.storage.codebook import reads as codebook_query


def require_reason_after_freeze(
    versions: list[CodebookVersion], reason: str, *, how: str = ""
) -> bool:
    """Whether the codebook has been frozen; if so, a change without a reason is refused."""
    frozen = [v for v in versions if v.frozen is not None]
    if frozen and not reason.strip():
        raise InvalidInputError(
            f"the codebook was frozen after the pilot (version {frozen[0].label}): "
            f"say why it changes{how}; the reason goes into the audit trail"
        )
    return bool(frozen)


def free_label(after: str, versions: list[CodebookVersion]) -> str:
    """The next version label after ``after`` that no version has yet (1.0 -> 1.1)."""
    taken = {v.label for v in versions}
    label = next_version_label(after)
    while label in taken:
        label = next_version_label(label)
    return label


def revise(uow: UnitOfWork, reason: str, category_ids: list[int]) -> None:
    """Apply the freeze rules to a codebook change inside its unit of work.

    Before the first freeze (the pilot run) the category system may change freely. After
    it, a change needs a reason; a change to a frozen version opens the next version; and
    the changed categories remember that version, which flags their older codings.
    """
    from qualcode.domain.audit import CodebookVersionCreated
    from qualcode.storage.codebook import writes as codebook_repo

    versions = codebook_query.versions(uow.tx)
    if not require_reason_after_freeze(versions, reason):
        return
    current = versions[-1]
    version_id = current.id
    if current.frozen is not None:
        label = free_label(current.label, versions)
        version_id = codebook_repo.open_version(
            uow.tx,
            current.id,
            label=label,
            coder_id=uow.coder_id,
            now=uow.now,
            reason=reason.strip(),
        )
        uow.record(
            CodebookVersionCreated(
                entity_id=version_id, previous=current.label, label=label, reason=reason.strip()
            )
        )
    codebook_repo.mark_revised(uow.tx, category_ids, version_id)


class CodebookVersionService(Service):
    def all(self) -> list[CodebookVersion]:
        """The codebook's versions, oldest first (the last one is current)."""
        with self.database.reading() as reader:
            return codebook_query.versions(reader)

    def coded_share(self) -> CodedShare:
        """How much of the material is coded (Mayring's pilot: 10-50 % before freezing)."""
        with self.database.reading() as reader:
            return codebook_query.coded_share(reader)

    def freeze(self, *, reason: str = "") -> tuple[CodebookVersion, CodedShare]:
        """Freeze the current version after the pilot run, recording how much was coded.

        From then on every change to the codebook needs a reason and opens a new version;
        codings of a changed category made under an older version are flagged for re-checking.
        """
        from qualcode.domain.audit import CodebookVersionFrozen
        from qualcode.storage.codebook import writes as codebook_repo

        with self.unit_of_work(needs=Permission.FREEZE_CODEBOOK) as uow:
            versions = codebook_query.versions(uow.tx)
            if not versions:
                raise NotFoundError(
                    "this project has no codebook yet: load one with 'qualcode codebook load FILE'"
                )
            current = versions[-1]
            if current.frozen is not None:
                raise ConflictError(
                    f"codebook version {current.label} is frozen already "
                    f"(since {current.frozen:%Y-%m-%d}); a change opens the next version"
                )
            share = codebook_query.coded_share(uow.tx)
            codebook_repo.freeze_version(uow.tx, current.id, now=uow.now, coded_share=share.share)
            uow.record(
                CodebookVersionFrozen(
                    entity_id=current.id,
                    label=current.label,
                    coded_share=round(share.share, 4),
                    documents_coded=share.documents_coded,
                    documents=share.documents,
                    reason=reason.strip(),
                )
            )
            frozen = codebook_query.versions(uow.tx)[-1]
            return frozen, share
