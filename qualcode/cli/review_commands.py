"""``qualcode import-review`` and ``qualcode comments``: a reviewer's comments brought back."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.context import Settings, pass_settings
from qualcode.cli.numbers import WholeNumber
from qualcode.cli.output import emit_json, wrapped

COMMENT_ID = WholeNumber("a comment number")


@click.command("import-review")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@pass_settings
def import_review(settings: Settings, file: Path) -> None:
    """Bring in a reviewer's comments, downloaded from the reviewer's page.

    Each comment (on a coding, a Pos. of a transcript or a category) is kept as a memo for
    your attention, attributed to the reviewer, and recorded in the audit trail; see them with
    'qualcode comments'. Importing the same file again adds only comments that are new.
    """
    done = settings.open().review_comments.import_file(file)
    new = len(done.added)
    click.echo(
        f"Brought in {new} comment{'' if new == 1 else 's'} by {done.reviewer}"
        + (f"; {done.known} were already here." if done.known else ".")
    )
    for comment in done.added:
        wrapped(f"  - on {comment.where}: ", " ".join(comment.text.split()), indent=6)
    if new:
        click.echo("See them with 'qualcode comments'.")


@click.command()
@click.option("--open", "open_only", is_flag=True, help="Only comments not yet marked done.")
@click.option(
    "--done",
    "done_ids",
    multiple=True,
    type=COMMENT_ID,
    metavar="N",
    help="Mark comment #N as dealt with (recorded in the audit trail); repeatable.",
)
@click.option("--reason", default="", metavar="TEXT", help="With --done: how it was dealt with.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts.")
@pass_settings
def comments(
    settings: Settings, open_only: bool, done_ids: tuple[int, ...], reason: str, as_json: bool
) -> None:
    """Reviewers' comments brought in with import-review, oldest first.

    Each says who wrote it, when, and what it is on: a coding (with its category, document and
    Pos.), a Pos. of a transcript, or a category. --done N marks one as dealt with.
    """
    service = settings.open().review_comments
    if done_ids:
        marked = service.done(list(done_ids), reason=reason)
        n = len(marked)
        click.echo(f"Marked {n} comment{'' if n == 1 else 's'} as dealt with.")
        return
    found = service.comments(open_only=open_only)
    if as_json:
        emit_json(
            [
                {
                    "id": c.id,
                    "reviewer": c.reviewer,
                    "written": c.written,
                    "target": c.target,
                    "coding": c.coding_id,
                    "document": c.document,
                    "position": c.position,
                    "position_end": c.position_end,
                    "category": c.category,
                    "text": c.text,
                    "imported_by": c.imported_by,
                    "imported": c.imported,
                    "open": c.done is None,
                    "export_id": c.export_id,
                }
                for c in found
            ]
        )
        return
    if not found:
        click.echo("No review comments yet (bring them in with 'qualcode import-review FILE').")
        return
    for c in found:
        when = c.written.astimezone().strftime("%Y-%m-%d %H:%M")
        state = "open" if c.done is None else "done"
        wrapped(f"#{c.id}  {when}  {c.reviewer} on ", f"{c.where} [{state}]", indent=6)
        wrapped("      ", " ".join(c.text.split()), indent=6)
    still = sum(1 for c in found if c.done is None)
    click.echo(f"{len(found)} comment{'' if len(found) == 1 else 's'} ({still} open).")
