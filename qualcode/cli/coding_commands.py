"""``qualcode code``, ``qualcode uncode`` and ``qualcode codings``."""

from __future__ import annotations

import re

import click

from qualcode.cli.context import Settings, pass_settings
from qualcode.cli.numbers import CODING_ID, whole_number
from qualcode.cli.output import emit_json_list, wrapped
from qualcode.domain.coding import PASSES, Coding
from qualcode.domain.plurals import counted

_TURNS = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*$", re.ASCII)
_CHARS = re.compile(r"^\s*(\d+)\s*:\s*(\d+)\s*$", re.ASCII)


def _turn_range(value: str) -> tuple[int, int]:
    match = _TURNS.match(value)
    if not match:
        raise click.BadParameter(
            f"{value!r} is not a turn number or range like 5 or 5-7", param_hint="--turn"
        )
    first = whole_number(match.group(1), "a turn (Pos.) number")
    return first, whole_number(match.group(2), "a turn (Pos.) number") if match.group(2) else first


def _char_range(value: str) -> tuple[int, int]:
    match = _CHARS.match(value)
    if not match:
        raise click.BadParameter(
            f"{value!r} is not a character range like 120:245", param_hint="--chars"
        )
    return (
        whole_number(match.group(1), "a character offset"),
        whole_number(match.group(2), "a character offset"),
    )


def _pos(coding: Coding) -> str:
    if coding.position is None:
        return ""
    if coding.position_end in (None, coding.position):
        return f"Pos. {coding.position}"
    return f"Pos. {coding.position}-{coding.position_end}"


@click.command()
@click.argument("document")
@click.argument("category")
@click.option(
    "--turn", "turns", metavar="N[-M]", help="The turn(s) to code, by Pos. number: 5 or 5-7."
)
@click.option(
    "--chars", metavar="START:END", help="The passage as character offsets in the document's text."
)
@click.option("--memo", default="", help="A note on why this passage got this category.")
@click.option(
    "--pass",
    "coding_pass",
    type=click.Choice(PASSES),
    default=None,
    help="The coding pass: pilot, main, or recheck (intracoder re-check). "
    "By default your current pass (see 'qualcode pass').",
)
@pass_settings
def code(
    settings: Settings,
    document: str,
    category: str,
    turns: str | None,
    chars: str | None,
    memo: str,
    coding_pass: str | None,
) -> None:
    """Code a passage of DOCUMENT with CATEGORY.

    DOCUMENT is a document name or id; CATEGORY a code (K2.1) or the exact category name.
    Give the passage with --turn (whole turns, without the speaker label) or --chars.
    """
    if (turns is None) == (chars is None):
        raise click.UsageError("give the passage with either --turn or --chars")
    coding = settings.open().coding.code(
        document,
        category,
        turns=_turn_range(turns) if turns else None,
        chars=_char_range(chars) if chars else None,
        memo=memo,
        coding_pass=coding_pass,
    )
    click.echo(
        f"Coded {coding.document} {_pos(coding)} as {coding.category} {coding.category_name} "
        f"(coding {coding.id})."
    )


@click.command()
@click.argument("coding_id", type=CODING_ID, metavar="CODING_ID")
@click.option("--reason", default="", help="Why the coding is removed (kept in the audit trail).")
@pass_settings
def uncode(settings: Settings, coding_id: int, reason: str) -> None:
    """Remove a coding (its number is in 'qualcode codings')."""
    removed = settings.open().coding.uncode(coding_id, reason=reason)
    click.echo(
        f"Removed coding {removed.id}: {removed.category} {removed.category_name} in "
        f"{removed.document} {_pos(removed)}."
    )


@click.command()
@click.option("--doc", "document", metavar="DOC", help="Only this document (name or id).")
@click.option("--category", metavar="CODE", help="Only this category and its subcategories.")
@click.option("--coder", "coder", metavar="NAME", help="Only this coder's codings.")
@click.option("--pass", "coding_pass", type=click.Choice(PASSES), help="Only codings of this pass.")
@click.option(
    "--review",
    is_flag=True,
    help="Only codings flagged for another look (their category changed after the freeze, "
    "or their transcript was replaced).",
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts (one line).")
@click.option("--pretty", is_flag=True, help="With --json: indent it, for reading.")
@pass_settings
def codings(
    settings: Settings,
    document: str | None,
    category: str | None,
    coder: str | None,
    coding_pass: str | None,
    review: bool,
    as_json: bool,
    pretty: bool,
) -> None:
    """List codings: where, which category, who, and the coded text."""
    from qualcode.services.coding import CodingFilter

    service = settings.open().coding
    filters = CodingFilter(
        document=document,
        category=category,
        coder=coder,
        needs_review=review,
        coding_pass=coding_pass,
    )
    if as_json:  # the records as they are read: no Coding for each of 20,000
        emit_json_list(service.records(filters), pretty=pretty)
        return
    found = service.matching(filters)
    if not found:
        click.echo("No codings match.")
        return
    for c in found:
        click.echo(f"#{c.id}  {c.document} {_pos(c)}  {c.category} {c.category_name}  ({c.coder})")
        wrapped("    „", f"{c.text}“", indent=5)
        if c.memo:
            wrapped("    Memo: ", c.memo)
        if c.review:
            wrapped("    Check: ", c.review)
    click.echo(f"{counted(len(found), 'coding')}.")


@click.command()
@click.argument("coding_ids", type=CODING_ID, nargs=-1, required=True, metavar="CODING_ID...")
@click.option("--reason", default="", help="What the re-check found (kept in the audit trail).")
@pass_settings
def confirm(settings: Settings, coding_ids: tuple[int, ...], reason: str) -> None:
    """Confirm codings after checking them again ('qualcode codings --review' lists them).

    The codings then stand under the current codebook version and lose their flag. To change
    a coding instead, remove it ('qualcode uncode') and code the passage again.
    """
    confirmed = settings.open().coding.confirm(list(coding_ids), reason=reason)
    for c in confirmed:
        version = f" under codebook version {c.codebook_version}" if c.codebook_version else ""
        click.echo(f"Confirmed coding {c.id} ({c.category} in {c.document} {_pos(c)}){version}.")


@click.command("pass")
@click.argument("coding_pass", type=click.Choice(PASSES), required=False, metavar="[PASS]")
@pass_settings
def pass_(settings: Settings, coding_pass: str | None) -> None:
    """Show or choose your coding pass: pilot, main or recheck.

    Your new codings belong to this pass. Without a choice it is "pilot" until the codebook
    is frozen ('qualcode codebook freeze') and "main" after. Choose "recheck" to code the
    material a second time for an intracoder check: the workbench then hides your earlier
    codings when opened with --blind.
    """
    service = settings.open().coding
    if coding_pass is None:
        click.echo(f"{service.coder} codes in the {service.current_pass()} pass.")
        return
    service.set_pass(coding_pass)
    click.echo(f"{service.coder} now codes in the {coding_pass} pass.")
