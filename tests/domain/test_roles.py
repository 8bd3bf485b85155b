"""The rule table of roles: who may do what, and how a refusal reads."""

from __future__ import annotations

import pytest

from qualcode.domain.errors import InvalidInputError, NotAllowedError
from qualcode.domain.roles import NEEDS, Permission, Role, allows, check, parse_role


def test_every_permission_has_a_rule_and_stronger_roles_may_more() -> None:
    assert set(NEEDS) == set(Permission)
    for permission in Permission:
        allowed = [allows(role, permission, has_members=True) for role in Role]
        assert allowed == sorted(allowed)  # coder <= reviewer <= admin
        assert allows(Role.ADMIN, permission, has_members=True)
        assert not allows(None, permission, has_members=True)
        assert allows(None, permission, has_members=False)  # no members: everyone


def test_the_table() -> None:
    table = {p: [r.value for r in Role if allows(r, p, has_members=True)] for p in Permission}
    assert table == {
        Permission.CODE: ["coder", "reviewer", "admin"],
        Permission.SETTLE: ["reviewer", "admin"],
        Permission.EDIT_CODEBOOK: ["admin"],
        Permission.FREEZE_CODEBOOK: ["admin"],
        Permission.REMOVE_DOCUMENTS: ["admin"],
        Permission.MANAGE_MEMBERS: ["admin"],
    }


def test_refusals_say_who_is_what_and_what_is_needed() -> None:
    with pytest.raises(NotAllowedError) as refused:
        check("anna", Role.CODER, Permission.EDIT_CODEBOOK, has_members=True)
    assert str(refused.value) == (
        "anna is a coder in this project; editing the codebook needs the admin role"
    )
    with pytest.raises(NotAllowedError, match="^ben is an admin|^ben is a reviewer"):
        check("ben", Role.REVIEWER, Permission.REMOVE_DOCUMENTS, has_members=True)
    with pytest.raises(NotAllowedError, match="^eve is not a member of this project; coding"):
        check("eve", None, Permission.CODE, has_members=True)
    check("eve", None, Permission.CODE, has_members=False)


def test_roles_as_typed() -> None:
    assert parse_role(" Reviewer ") is Role.REVIEWER
    with pytest.raises(InvalidInputError, match="choose one of coder, reviewer, admin"):
        parse_role("boss")
