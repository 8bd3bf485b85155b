"""``qualcode log``: the audit trail, for reviewers and supervisors."""

from __future__ import annotations

import click

from qualcode.cli.context import Settings, pass_settings
from qualcode.cli.numbers import CODING_ID
from qualcode.cli.output import emit_json, wrapped
from qualcode.domain.plurals import counted


@click.command()
@click.option(
    "--since",
    metavar="WHEN",
    help="Only changes from then on: a date (2026-11-01), a date and time (2026-11-01T14:30), "
    "or a span back from now (30m, 12h, 7d, 2w, today, yesterday).",
)
@click.option("--coder", metavar="NAME", help="Only changes made by this coder.")
@click.option(
    "--category",
    metavar="CODE",
    help="Only this category (with its subcategories) and the codings that are or were in it.",
)
@click.option(
    "--coding", "coding_id", type=CODING_ID, metavar="ID", help="Only this coding's history."
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts.")
@pass_settings
def log(
    settings: Settings,
    since: str | None,
    coder: str | None,
    category: str | None,
    coding_id: int | None,
    as_json: bool,
) -> None:
    """Show the audit trail: who changed what, when, and why (oldest first).

    Every import, coding, memo, category change, codebook freeze and resolved disagreement
    is recorded and can never be edited or deleted.
    """
    from qualcode.domain.audit import parse_since

    events = settings.open().audit.log(
        since=parse_since(since) if since else None,
        coder=coder,
        category=category,
        coding=coding_id,
    )
    if as_json:
        emit_json(
            [
                {
                    "id": e.id,
                    "at": e.at,
                    "coder": e.coder,
                    "action": e.action,
                    "entity": e.entity,
                    "entity_id": e.entity_id,
                    "summary": e.describe(),
                    "before": e.before,
                    "after": e.after,
                    "reason": e.reason,
                }
                for e in events
            ]
        )
        return
    if not events:
        click.echo("No changes match.")
        return
    for e in events:
        when = e.at.astimezone().strftime("%Y-%m-%d %H:%M")
        wrapped(f"{when}  {e.coder}: ", e.describe(), indent=6)
        if e.reason:
            wrapped("      Why: ", e.reason)
    click.echo(f"{counted(len(events), 'change')}.")
