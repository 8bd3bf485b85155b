"""A reviewer's comments brought back into the project (``qualcode import-review``).

The reviewer writes comments on the reviewer's page and downloads them as one file; importing
it stores each comment as a memo flagged for the coder's attention, attributed to the reviewer,
and records it in the audit trail (a comment on a coding appears in that coding's history).
A file brought in again adds only the comments that are new.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qualcode.domain.audit import ReviewCommentDone, ReviewCommentImported
from qualcode.domain.errors import NotFoundError
from qualcode.domain.review import ReviewComment, StoredComment
from qualcode.domain.roles import Permission
from qualcode.services._base import Service
from qualcode.storage.review import reads as review_query


@dataclass(frozen=True, slots=True)
class ImportedReview:
    """What an import brought in: the reviewer, the page, the new comments, those known."""

    reviewer: str
    export_id: str
    added: tuple[ReviewComment, ...]
    known: int


class ReviewCommentService(Service):
    def import_file(self, path: Path) -> ImportedReview:
        """Bring in the comments of ``path``; each new one in the audit trail."""
        from qualcode.importers.review_comments import read_review_file
        from qualcode.storage.review import writes as review_repo

        review = read_review_file(path)
        added: list[ReviewComment] = []
        with self.unit_of_work(needs=Permission.CODE) as uow:
            known = review_query.keys(uow.tx, review.export_id)
            for comment in review.comments:
                if comment.key in known:
                    continue
                comment_id = review_repo.insert(
                    uow.tx,
                    review.export_id,
                    review.reviewer,
                    comment,
                    coder_id=uow.coder_id,
                    now=uow.now,
                )
                uow.record(
                    ReviewCommentImported(
                        entity_id=comment_id,
                        reviewer=review.reviewer,
                        export_id=review.export_id,
                        target=comment.target,
                        where=comment.where,
                        text=comment.text,
                        codings=[comment.coding_id] if comment.coding_id else [],
                    )
                )
                added.append(comment)
        return ImportedReview(
            reviewer=review.reviewer,
            export_id=review.export_id,
            added=tuple(added),
            known=len(review.comments) - len(added),
        )

    def comments(self, *, open_only: bool = False) -> list[StoredComment]:
        """The reviewers' comments brought in, oldest first."""
        with self.database.reading() as reader:
            return review_query.comments(reader, open_only=open_only)

    def done(self, comment_ids: list[int], *, reason: str = "") -> list[StoredComment]:
        """Mark comments as dealt with (each in the audit trail); returns those newly done.

        A comment already done stays as it is; a number that names no comment is an error and
        nothing is changed.
        """
        from qualcode.storage.review import writes as review_repo

        with self.unit_of_work(needs=Permission.CODE) as uow:
            by_id = {c.id: c for c in review_query.comments(uow.tx)}
            missing = [i for i in comment_ids if i not in by_id]
            if missing:
                raise NotFoundError(
                    f"there is no review comment #{missing[0]} (see 'qualcode comments')"
                )
            marked = []
            for comment_id in dict.fromkeys(comment_ids):
                comment = by_id[comment_id]
                if comment.done is not None:
                    continue
                review_repo.mark_done(uow.tx, comment_id, uow.now)
                uow.record(
                    ReviewCommentDone(
                        entity_id=comment_id,
                        reviewer=comment.reviewer,
                        where=comment.where,
                        codings=[comment.coding_id] if comment.coding_id else [],
                        reason=reason.strip(),
                    )
                )
                marked.append(comment)
        return marked
