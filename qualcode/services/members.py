"""The project's members and their roles: who may edit the codebook, settle, remove.

A project without members lets everyone do everything (a thesis on one laptop). Once someone
is added, roles count; the project always keeps an admin, so nobody locks the team out.
"""

from __future__ import annotations

from dataclasses import dataclass

from qualcode.domain import limits
from qualcode.domain.errors import ConflictError, NotFoundError
from qualcode.domain.roles import Permission, Role, parse_role
from qualcode.services._base import Service, UnitOfWork
from qualcode.storage.coders import reads as coders_query


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    role: Role


@dataclass(frozen=True, slots=True)
class MemberChange:
    """What a change did; ``made_admin``: who became admin because the project had none."""

    member: Member | None
    old_role: Role | None = None
    made_admin: str | None = None


class MemberService(Service):
    def list(self) -> list[Member]:
        with self.database.reading() as reader:
            return [Member(name, Role(role)) for name, role in coders_query.members(reader)]

    def role(self) -> Role | None:
        """The acting coder's role; None when not a member (or the project has no members)."""
        with self.database.reading() as reader:
            role, _ = coders_query.access(reader, self.coder)
        return Role(role) if role else None

    def add(self, name: str, role: Role | str) -> MemberChange:
        """Make someone a member. The first member made leaves the project with an admin:
        the one adding (or, adding themselves, the one added) becomes admin if none exists."""
        from qualcode.domain.audit import MemberAdded

        role = parse_role(role)
        name = name.strip()
        limits.CODER_NAME.check(name)
        with self.unit_of_work(needs=Permission.MANAGE_MEMBERS) as uow:
            current = dict(coders_query.members(uow.tx))
            if name in current:
                raise ConflictError(
                    f"{name} is a member already, as {current[name]}: change the role with "
                    f"'qualcode members role {name} ROLE'"
                )
            made_admin = None
            if Role.ADMIN not in current.values() and role is not Role.ADMIN:
                if name == self.coder:
                    role, made_admin = Role.ADMIN, name
                elif self.coder not in current:
                    admin_id = self._set(uow, self.coder, Role.ADMIN)
                    uow.record(
                        MemberAdded(entity_id=admin_id, name=self.coder, role=Role.ADMIN.value)
                    )
                    made_admin = self.coder
            coder_id = self._set(uow, name, role)
            uow.record(MemberAdded(entity_id=coder_id, name=name, role=role.value))
        return MemberChange(Member(name, role), made_admin=made_admin)

    def set_role(self, name: str, role: Role | str) -> MemberChange:
        from qualcode.domain.audit import MemberRoleChanged

        role = parse_role(role)
        with self.unit_of_work(needs=Permission.MANAGE_MEMBERS) as uow:
            current = dict(coders_query.members(uow.tx))
            old = self._member(current, name)
            if old is role:
                return MemberChange(Member(name, role), old_role=old)
            self._keep_an_admin(current, name, role)
            coder_id = self._set(uow, name, role)
            uow.record(
                MemberRoleChanged(
                    entity_id=coder_id, name=name, old_role=old.value, role=role.value
                )
            )
        return MemberChange(Member(name, role), old_role=old)

    def remove(self, name: str) -> MemberChange:
        """Take someone off the members; their codings and trail stay theirs."""
        from qualcode.domain.audit import MemberRemoved
        from qualcode.storage.coders import writes as coders_repo

        with self.unit_of_work(needs=Permission.MANAGE_MEMBERS) as uow:
            current = dict(coders_query.members(uow.tx))
            old = self._member(current, name)
            self._keep_an_admin(current, name, None)
            coder_id = coders_query.find(uow.tx, name)
            assert coder_id is not None
            coders_repo.set_role(uow.tx, coder_id, None)
            uow.record(MemberRemoved(entity_id=coder_id, name=name, role=old.value))
        return MemberChange(None, old_role=old)

    @staticmethod
    def _member(current: dict[str, str], name: str) -> Role:
        if name not in current:
            raise NotFoundError(f"{name} is not a member of this project (see 'qualcode members')")
        return Role(current[name])

    @staticmethod
    def _keep_an_admin(current: dict[str, str], name: str, role: Role | None) -> None:
        """Refuse a change that leaves members but no admin (nobody could manage them)."""
        after = {**current, name: role.value if role else None}
        left = {n: r for n, r in after.items() if r is not None}
        if left and Role.ADMIN.value not in left.values():
            raise ConflictError(
                f"{name} is the only admin of this project; make someone else admin first "
                "('qualcode members role NAME admin')"
            )

    @staticmethod
    def _set(uow: UnitOfWork, name: str, role: Role) -> int:
        from qualcode.storage.coders import writes as coders_repo

        coder_id = coders_repo.ensure(uow.tx, name)
        coders_repo.set_role(uow.tx, coder_id, role.value)
        return coder_id
