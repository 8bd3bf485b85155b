"""``qualcode autocode`` and ``qualcode proposals``: rules propose codings, the coder decides."""

from __future__ import annotations

import click

from qualcode.cli.context import Settings, pass_settings
from qualcode.cli.output import emit_json, table
from qualcode.domain.errors import InvalidInputError
from qualcode.domain.plurals import counted


@click.command()
@click.option(
    "--category", metavar="CODE", help="Only this category's rules (and its subcategories')."
)
@click.option("--doc", "document", metavar="DOC", help="Only this document.")
@pass_settings
def autocode(settings: Settings, category: str | None, document: str | None) -> None:
    """Run the codebook's autocode rules and store what they find as proposals to review.

    Nothing is coded here: accept or reject each proposal with 'qualcode proposals' or in the
    workbench. A passage proposed before (or rejected) is not proposed again.
    """
    report = settings.open().autocoding.autocode(category=category, document=document)
    if not report.total:
        click.echo(f"No new proposals{_found_again(report.known)}.")
        return
    per = ", ".join(f"{code}: {n}" for code, n in sorted(report.proposed.items()))
    click.echo(
        f"Proposed {counted(report.total, 'passage')} in {counted(report.documents, 'document')} "
        f"({per}). Review them with 'qualcode proposals'."
    )


@click.command()
@click.argument("numbers", nargs=-1, type=int)
@click.option("--accept", "accepting", is_flag=True, help="Accept the proposals NUMBERS.")
@click.option("--reject", "rejecting", is_flag=True, help="Reject the proposals NUMBERS.")
@click.option("--accept-all", is_flag=True, help="Accept every waiting proposal of --category.")
@click.option("--category", metavar="CODE", help="Only this category's proposals.")
@click.option("--doc", "document", metavar="DOC", help="Only this document's proposals.")
@click.option(
    "--status",
    type=click.Choice(["proposed", "accepted", "rejected", "all"]),
    default="proposed",
    show_default=True,
    help="Which proposals to list.",
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts.")
@pass_settings
def proposals(
    settings: Settings,
    numbers: tuple[int, ...],
    accepting: bool,
    rejecting: bool,
    accept_all: bool,
    category: str | None,
    document: str | None,
    status: str,
    as_json: bool,
) -> None:
    """List proposed codings, or accept or reject them by number (--accept 3 4, --reject 5)."""
    service = settings.open().autocoding
    if sum((accepting, rejecting, accept_all)) > 1:
        raise InvalidInputError("choose one of --accept, --reject and --accept-all")
    if accept_all:
        if category is None:
            raise InvalidInputError("--accept-all needs --category CODE (look at them first)")
        made = service.accept_all(category=category, document=document)
        click.echo(f"Accepted {counted(len(made), 'proposal')}: coded as {category}.")
        return
    if accepting or rejecting:
        if not numbers:
            raise InvalidInputError("name the proposals by their numbers: --accept 3 4")
        if accepting:
            codings = service.accept(numbers)
            for number, coding in zip(numbers, codings, strict=False):
                click.echo(
                    f"Accepted proposal {number}: coding {coding.id}, {coding.document} "
                    f"Pos. {coding.position} as {coding.category}."
                )
        else:
            for proposal in service.reject(numbers):
                click.echo(
                    f"Rejected proposal {proposal.id} ({proposal.document} "
                    f"Pos. {proposal.position} as {proposal.category}); it will not be "
                    "proposed again."
                )
        return
    if numbers:
        raise InvalidInputError("say what to do with them: --accept or --reject")
    found = service.proposals(
        status=None if status == "all" else status, category=category, document=document
    )
    if as_json:
        emit_json(
            [
                {
                    "id": p.id,
                    "document": p.document,
                    "position": p.position,
                    "category": p.category,
                    "start": p.start,
                    "end": p.end,
                    "text": p.text,
                    "rule": p.rule,
                    "status": p.status,
                    "decided_by": p.decided_by,
                    "coding_id": p.coding_id,
                }
                for p in found
            ]
        )
        return
    if not found:
        click.echo("No proposals here. Run 'qualcode autocode' to make some.")
        return
    excerpt = 60
    table(
        ["no.", "document", "Pos.", "category", "rule", "passage"]
        + (["status"] if status != "proposed" else []),
        [
            [
                p.id,
                p.document,
                p.position,
                p.category,
                p.rule,
                _excerpt(p.text, excerpt),
            ]
            + ([p.status] if status != "proposed" else [])
            for p in found
        ],
        right={0, 2},
    )
    click.echo(
        f"\n{counted(len(found), 'proposal')}. Accept: qualcode proposals --accept NO...; "
        "reject: --reject NO..."
    )


def _excerpt(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _found_again(known: int) -> str:
    """What the rules found that was proposed or coded before, in a sentence's words."""
    if not known:
        return ""
    verb = "was" if known == 1 else "were"
    return (
        f": the rules found {counted(known, 'passage')} again that {verb} proposed or coded before"
    )
