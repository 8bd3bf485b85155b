"""``qualcode members`` (who may do what in a project) and ``qualcode profile`` (named
addresses of team projects, so nobody types a URL each time)."""

from __future__ import annotations

import click

from qualcode.cli.context import Settings, pass_settings
from qualcode.cli.output import emit_json, table

ROLES = click.Choice(["coder", "reviewer", "admin"], case_sensitive=False)


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts.")
@click.pass_context
def members(ctx: click.Context, as_json: bool) -> None:
    """List the project's members and their roles (the same as 'members list').

    \b
    coder:    codes and writes memos
    reviewer: also settles disagreements
    admin:    also edits and freezes the codebook, removes documents, manages members
    A project without members lets everyone do everything.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_members, as_json=as_json)


@members.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts.")
@pass_settings
def list_members(settings: Settings, as_json: bool) -> None:
    """List the project's members and their roles."""
    found = settings.open().members.list()
    if as_json:
        emit_json([{"name": m.name, "role": m.role.value} for m in found])
        return
    if not found:
        click.echo(
            "This project has no members yet, so everyone may do everything. "
            "Add them with 'qualcode members add NAME --role coder'."
        )
        return
    table(["member", "role"], [[m.name, m.role.value] for m in found])


@members.command("add")
@click.argument("name")
@click.option("--role", type=ROLES, default="coder", show_default=True, help="Their role.")
@pass_settings
def add_member(settings: Settings, name: str, role: str) -> None:
    """Make NAME (their coder name) a member with a role."""
    change = settings.open().members.add(name, role)
    assert change.member is not None
    click.echo(f"{change.member.name} is now {_a(change.member.role.value)} in this project.")
    if change.made_admin:
        who = "You" if change.made_admin == settings.coder else change.made_admin
        click.echo(
            f"{who} ({change.made_admin}) became the project's admin, as it had none: "
            "the admin manages the members."
        )


@members.command("role")
@click.argument("name")
@click.argument("role", type=ROLES)
@pass_settings
def change_role(settings: Settings, name: str, role: str) -> None:
    """Give the member NAME another role."""
    change = settings.open().members.set_role(name, role)
    assert change.member is not None and change.old_role is not None
    if change.old_role is change.member.role:
        click.echo(f"{name} is {_a(role)} already.")
        return
    click.echo(f"{name} is now {_a(role)} (was {_a(change.old_role.value)}).")


@members.command("remove")
@click.argument("name")
@pass_settings
def remove_member(settings: Settings, name: str) -> None:
    """Take NAME off the members; their codings and the audit trail stay as they are."""
    change = settings.open().members.remove(name)
    assert change.old_role is not None
    click.echo(f"{name} ({change.old_role.value}) is no longer a member.")


def _a(role: str) -> str:
    return f"{'an' if role[0] in 'aeiou' else 'a'} {role}"


@click.group()
def profile() -> None:
    """Named addresses of team projects: 'qualcode --project NAME' then connects to one.

    \b
    qualcode profile add team "postgresql://anna@db.uni.example/thesis?sslmode=verify-full"
    qualcode --project team status
    Leave the password out: your ~/.pgpass or PGPASSWORD supplies it.
    """


@profile.command("add")
@click.argument("name")
@click.argument("url")
def add_profile(name: str, url: str) -> None:
    """Keep the address URL under NAME (replacing an older one of that name)."""
    from qualcode.services import profiles

    shown = profiles.add(name, url)
    click.echo(f"Profile {shown.name}: {shown.address}")
    where = profiles.profiles_file()
    if shown.has_password:
        click.echo(
            f"The password is kept in {where} (readable by you only); "
            "~/.pgpass is the usual place for it."
        )
    else:
        click.echo(f"Kept in {where}. Use it with: qualcode --project {shown.name} ...")


@profile.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts.")
def list_profiles(as_json: bool) -> None:
    """List the profiles, passwords masked."""
    from qualcode.services import profiles

    found = profiles.listed()
    if as_json:
        emit_json([{"name": p.name, "address": p.address} for p in found])
        return
    if not found:
        click.echo("No profiles yet: add one with 'qualcode profile add NAME URL'.")
        return
    table(["profile", "address"], [[p.name, p.address] for p in found])


@profile.command("remove")
@click.argument("name")
def remove_profile(name: str) -> None:
    """Forget the profile NAME (the project itself is not touched)."""
    from qualcode.services import profiles

    profiles.remove(name)
    click.echo(f"Removed the profile {name}.")
