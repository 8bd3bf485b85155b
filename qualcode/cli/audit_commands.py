"""``qualcode log``: the audit trail, for reviewers and supervisors."""

from __future__ import annotations

import click

from qualcode.cli.context import Settings, pass_settings
from qualcode.cli.numbers import CODING_ID
from qualcode.cli.output import emit_json, emit_json_list, wrapped
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
@click.option(
    "--verify",
    is_flag=True,
    help="Check that no event was changed, removed or slipped in since it was recorded, and "
    "that the database still refuses changes; prints the head hash to note down. "
    "Exit code 9 when the trail is broken.",
)
@click.option(
    "--head",
    "pinned",
    metavar="HASH",
    help="With --verify: a head hash noted down earlier (at least 12 characters); the trail "
    "must still contain it.",
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts (one line).")
@click.option("--pretty", is_flag=True, help="With --json: indent it, for reading.")
@pass_settings
def log(
    settings: Settings,
    since: str | None,
    coder: str | None,
    category: str | None,
    coding_id: int | None,
    verify: bool,
    pinned: str | None,
    as_json: bool,
    pretty: bool,
) -> None:
    """Show the audit trail: who changed what, when, and why (oldest first).

    Every import, coding, memo, category change, codebook freeze and resolved disagreement
    is recorded; the database refuses to change or delete an event, and each event is chained
    to the one before it by a hash, so `--verify` finds any that was.
    """
    if verify or pinned:
        _verify(settings, pinned, as_json)
        return
    from qualcode.domain.audit import parse_since

    events = settings.open().audit.log(
        since=parse_since(since) if since else None,
        coder=coder,
        category=category,
        coding=coding_id,
    )
    if as_json:
        emit_json_list(
            (
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
                    "seq": e.seq,
                    "hash": e.hash,
                }
                for e in events
            ),
            pretty=pretty,
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


def _verify(settings: Settings, pinned: str | None, as_json: bool) -> None:
    """`log --verify`: the summary and the head; a broken trail ends with its exit code."""
    from qualcode.domain.errors import ExitCode

    check = settings.open().audit.verify(head=pinned)
    if as_json:
        emit_json(
            {
                "ok": check.ok,
                "checked": check.checked,
                "head": check.head,
                "summary": check.summary,
                "problem": check.problem or None,
                "event_id": check.event_id,
                "event_seq": check.event_seq,
                "event_at": check.event_at,
                "missing_triggers": list(check.missing_triggers),
            }
        )
    else:
        click.echo(check.summary)
        if check.head and check.ok:
            click.echo(f"Head: {check.head}")
            click.echo(
                "Note the head down (thesis appendix, an e-mail to your supervisor): "
                "'qualcode log --verify --head HASH' later shows the trail still holds it."
            )
    if not check.ok:
        click.get_current_context().exit(int(ExitCode.AUDIT_BROKEN))
