"""Who may do what in a team project: the roles and the one table of what each allows.

Every service write that is not open to all names the permission it needs, and the unit of
work checks it against this table (``services/_base.py``), so the command line, the workbench
and scripts are refused alike, with the same sentence.
"""

from __future__ import annotations

from enum import StrEnum

from qualcode.domain.errors import InvalidInputError, NotAllowedError


class Role(StrEnum):
    """A member's role, weakest first."""

    CODER = "coder"
    REVIEWER = "reviewer"
    ADMIN = "admin"


class Permission(StrEnum):
    """What a write needs; the value is how a refusal names it."""

    CODE = "coding"
    EDIT_CODEBOOK = "editing the codebook"
    FREEZE_CODEBOOK = "freezing the codebook"
    SETTLE = "settling a disagreement"
    REMOVE_DOCUMENTS = "removing a document"
    MANAGE_MEMBERS = "managing the members"


#: The weakest role that may do each thing (every stronger role may too).
NEEDS: dict[Permission, Role] = {
    Permission.CODE: Role.CODER,
    Permission.SETTLE: Role.REVIEWER,
    Permission.EDIT_CODEBOOK: Role.ADMIN,
    Permission.FREEZE_CODEBOOK: Role.ADMIN,
    Permission.REMOVE_DOCUMENTS: Role.ADMIN,
    Permission.MANAGE_MEMBERS: Role.ADMIN,
}

_RANK = {Role.CODER: 0, Role.REVIEWER: 1, Role.ADMIN: 2}


def parse_role(text: str) -> Role:
    """A role as a user typed it (any case)."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise InvalidInputError(f"{text!r} is not a role: choose one of {names}") from None


def allows(role: Role | None, permission: Permission, *, has_members: bool) -> bool:
    """Whether someone with ``role`` may do it; without members everyone is admin."""
    if not has_members:
        return True
    if role is None:
        return False
    return _RANK[role] >= _RANK[NEEDS[permission]]


def check(coder: str, role: Role | None, permission: Permission, *, has_members: bool) -> None:
    """Refuse, in one sentence saying who would be allowed, what ``role`` may not do."""
    if allows(role, permission, has_members=has_members):
        return
    needed = NEEDS[permission].value
    if role is None:
        raise NotAllowedError(
            f"{coder} is not a member of this project; {permission.value} needs the "
            f"{needed} role (an admin adds you with 'qualcode members add {coder} --role "
            f"{needed}')"
        )
    raise NotAllowedError(
        f"{coder} is {_article(role)} {role.value} in this project; "
        f"{permission.value} needs the {needed} role"
    )


def _article(role: Role) -> str:
    return "an" if role.value[0] in "aeiou" else "a"
