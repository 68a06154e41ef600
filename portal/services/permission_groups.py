"""Staff permission groups (Berechtigungsgruppen, SPEC §3.4): what each staff member may do.

Permissions are loaded into the principal on every request (portal.services.access
.load_principal), so a change applies with the next click of the affected staff member. All
changes need SETTINGS and are audited. Nobody can take SETTINGS away from themselves (by editing,
deleting or leaving their last group that grants it): the back office would lock them out.

SETTINGS is the most powerful permission: it controls the mail templates, the SMTP server and
these groups, so whoever holds it could otherwise grant themselves everything. Hence nobody
changes their own memberships (joining or leaving a group) or adds permissions to a group they
belong to: another administrator does that. Give SETTINGS to few people and only with two-factor
login (PORTAL_REQUIRE_2FA=staff).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, delete, select

from portal.models import PermissionGroup, User, UserPermissionGroup
from portal.models.enums import StaffPermission, UserKind
from portal.services import access, audit
from portal.services.access import Principal

NAME_MAX = 100


class GroupInvalid(ValueError):
    def __init__(self, message_key: str) -> None:
        super().__init__(message_key)
        self.message_key = message_key


@dataclass(frozen=True)
class GroupView:
    id: int
    name: str
    permissions: tuple[str, ...]
    member_ids: tuple[int, ...]


@dataclass(frozen=True)
class StaffView:
    id: int
    login: str
    display_name: str
    active: bool


def groups(session: Session, principal: Principal) -> list[GroupView]:
    access.ensure(principal, StaffPermission.SETTINGS)
    members: dict[int, list[int]] = {}
    for link in session.exec(select(UserPermissionGroup)):
        members.setdefault(link.group_id, []).append(link.user_id)
    return [
        GroupView(
            id=group.id or 0,
            name=group.name,
            permissions=tuple(p for p in StaffPermission if p.value in group.permissions),
            member_ids=tuple(sorted(members.get(group.id or 0, []))),
        )
        for group in session.exec(select(PermissionGroup).order_by(col(PermissionGroup.name)))
    ]


def staff_users(session: Session, principal: Principal) -> list[StaffView]:
    access.ensure(principal, StaffPermission.SETTINGS)
    users = session.exec(select(User).where(User.kind == UserKind.STAFF).order_by(col(User.login)))
    return [
        StaffView(user.id or 0, user.login, user.display_name or user.login, user.active)
        for user in users
    ]


def create(
    session: Session, principal: Principal, name: str, permissions: list[str]
) -> PermissionGroup:
    access.ensure(principal, StaffPermission.SETTINGS)
    group = PermissionGroup(
        name=_valid_name(session, name, None), permissions=_valid_permissions(permissions)
    )
    session.add(group)
    session.flush()
    _audit(session, principal, "permission_group.created", group)
    return group


def update(
    session: Session, principal: Principal, group_id: int, name: str, permissions: list[str]
) -> PermissionGroup:
    """Rename and set the permissions of a group at once."""
    access.ensure(principal, StaffPermission.SETTINGS)
    group = _group(session, group_id)
    new_name = _valid_name(session, name, group_id)
    new_permissions = _valid_permissions(permissions)
    own = session.get(UserPermissionGroup, (_own_id(principal), group_id)) is not None
    if own and set(new_permissions) - set(group.permissions):
        raise GroupInvalid("settings.groups.error.own")
    group.name, group.permissions = new_name, new_permissions
    session.add(group)
    session.flush()
    _keep_own_settings(session, principal)
    _audit(session, principal, "permission_group.changed", group)
    return group


def delete_group(session: Session, principal: Principal, group_id: int) -> None:
    access.ensure(principal, StaffPermission.SETTINGS)
    group = _group(session, group_id)
    _audit(session, principal, "permission_group.deleted", group)
    session.exec(delete(UserPermissionGroup).where(col(UserPermissionGroup.group_id) == group_id))  # type: ignore[call-overload]
    session.delete(group)
    session.flush()
    _keep_own_settings(session, principal)


def set_membership(
    session: Session, principal: Principal, group_id: int, user_id: int, member: bool
) -> None:
    """Add a staff user to a group or remove them from it."""
    access.ensure(principal, StaffPermission.SETTINGS)
    group = _group(session, group_id)
    user = session.get(User, user_id)
    if user is None or user.kind != UserKind.STAFF:
        raise GroupInvalid("settings.groups.error.user")
    if user_id == _own_id(principal):
        raise GroupInvalid("settings.groups.error.own")
    link = session.get(UserPermissionGroup, (user_id, group_id))
    if member and link is None:
        session.add(UserPermissionGroup(user_id=user_id, group_id=group_id))
    elif not member and link is not None:
        session.delete(link)
    else:
        return
    session.flush()
    _keep_own_settings(session, principal)
    audit.record_by(
        session,
        principal,
        "permission_group.member_added" if member else "permission_group.member_removed",
        target_type="user",
        target_id=user_id,
        detail={"group_id": group_id, "group": group.name},
    )


def _keep_own_settings(session: Session, principal: Principal) -> None:
    """Refuse (the caller's transaction rolls back) when the change took SETTINGS from the one
    making it. Checked on the flushed state, so every path to a lock-out is covered."""
    rows = session.exec(
        select(PermissionGroup.permissions)
        .join(UserPermissionGroup, col(UserPermissionGroup.group_id) == PermissionGroup.id)
        .where(UserPermissionGroup.user_id == _own_id(principal))
    ).all()
    if not any(StaffPermission.SETTINGS.value in permissions for permissions in rows):
        raise GroupInvalid("settings.groups.error.lockout")


def _own_id(principal: Principal) -> int | None:
    """The staff member making the change (also while acting as someone else)."""
    return principal.actor_id or principal.user_id


def _group(session: Session, group_id: int) -> PermissionGroup:
    group = session.get(PermissionGroup, group_id)
    if group is None:
        raise GroupInvalid("settings.groups.error.unknown")
    return group


def _valid_name(session: Session, name: str, group_id: int | None) -> str:
    name = " ".join(name.split())
    if not name:
        raise GroupInvalid("settings.groups.error.name_empty")
    if len(name) > NAME_MAX:
        raise GroupInvalid("settings.groups.error.name_long")
    clash = session.exec(
        select(PermissionGroup.id).where(
            func.lower(col(PermissionGroup.name)) == name.lower(),
            col(PermissionGroup.id) != (group_id or 0),
        )
    ).first()
    if clash is not None:
        raise GroupInvalid("settings.groups.error.name_taken")
    return name


def _valid_permissions(permissions: list[str]) -> list[str]:
    known = {p.value for p in StaffPermission}
    if any(p not in known for p in permissions):
        raise GroupInvalid("settings.groups.error.permission")
    return [p.value for p in StaffPermission if p.value in permissions]


def _audit(session: Session, principal: Principal, action: str, group: PermissionGroup) -> None:
    audit.record_by(
        session,
        principal,
        action,
        target_type="permission_group",
        target_id=group.id,
        detail={"name": group.name, "permissions": list(group.permissions)},
    )
