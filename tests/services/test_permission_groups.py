"""Staff permission groups: create, rename, permissions, members; no self lock-out; changes
apply to the next loaded principal. SQLite and PostgreSQL."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from portal.models import AuditEvent, PermissionGroup, UserPermissionGroup
from portal.models.enums import StaffPermission
from portal.services import permission_groups as groups
from portal.services.access import AccessDenied
from tests.services import settings_world


@pytest.fixture
def world(db_session: Session) -> SimpleNamespace:
    world = settings_world.build(db_session)
    world.session = db_session
    world.admin_p = world.principal(world.admin)
    world.clerk_p = world.principal(world.clerk)
    return world


def test_group_changes_apply_to_the_next_principal(world) -> None:
    assert world.clerk_p.staff_permissions == {StaffPermission.INBOX}

    created = groups.create(world.session, world.admin_p, "Vertrieb", ["act_as", "catalog"])
    groups.set_membership(world.session, world.admin_p, created.id, world.clerk.id, True)

    assert world.principal(world.clerk).staff_permissions == {
        StaffPermission.INBOX,
        StaffPermission.ACT_AS,
        StaffPermission.CATALOG,
    }
    groups.update(world.session, world.admin_p, created.id, "Vertrieb Nord", ["catalog"])
    groups.set_membership(world.session, world.admin_p, world.inbox_group.id, world.clerk.id, False)
    assert world.principal(world.clerk).staff_permissions == {StaffPermission.CATALOG}

    groups.delete_group(world.session, world.admin_p, created.id)
    assert world.principal(world.clerk).staff_permissions == frozenset()
    actions = [e.action for e in world.session.exec(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions == [
        "permission_group.created",
        "permission_group.member_added",
        "permission_group.changed",
        "permission_group.member_removed",
        "permission_group.deleted",
    ]


def test_listing_shows_permissions_and_members(world) -> None:
    listed = {g.name: g for g in groups.groups(world.session, world.admin_p)}
    assert listed["Administration"].permissions == (StaffPermission.SETTINGS,)
    assert listed["Administration"].member_ids == (world.admin.id,)
    logins = [s.login for s in groups.staff_users(world.session, world.admin_p)]
    assert logins == ["admin@test.example", "clerk@test.example"]


@pytest.mark.parametrize(
    "change",
    [
        lambda w: groups.update(w.session, w.admin_p, w.settings_group.id, "Administration", []),
        lambda w: groups.delete_group(w.session, w.admin_p, w.settings_group.id),
    ],
    ids=["remove-permission", "delete-group"],
)
def test_nobody_takes_settings_from_themselves(world, change) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(groups.GroupInvalid) as refused:
        change(world)
    assert refused.value.message_key == "settings.groups.error.lockout"


@pytest.mark.parametrize("member", [True, False], ids=["join", "leave"])
def test_nobody_changes_their_own_memberships(world, member: bool) -> None:
    everything = groups.create(
        world.session, world.admin_p, "Alles", [p.value for p in StaffPermission]
    )
    group_id = everything.id if member else world.settings_group.id

    with pytest.raises(groups.GroupInvalid) as refused:
        groups.set_membership(world.session, world.admin_p, group_id, world.admin.id, member)

    assert refused.value.message_key == "settings.groups.error.own"
    assert world.principal(world.admin).staff_permissions == {StaffPermission.SETTINGS}


def test_nobody_adds_permissions_to_their_own_group(world) -> None:
    with pytest.raises(groups.GroupInvalid) as refused:
        groups.update(
            world.session,
            world.admin_p,
            world.settings_group.id,
            "Administration",
            ["settings", "act_as"],
        )
    assert refused.value.message_key == "settings.groups.error.own"
    assert world.principal(world.admin).staff_permissions == {StaffPermission.SETTINGS}
    # renaming it, or adding permissions to a group of others, stays possible
    groups.update(world.session, world.admin_p, world.settings_group.id, "Admins", ["settings"])
    groups.update(
        world.session, world.admin_p, world.inbox_group.id, "Innendienst", ["inbox", "catalog"]
    )


def test_another_administrator_changes_ones_memberships(world) -> None:
    second = groups.create(world.session, world.admin_p, "Technik", ["settings", "catalog"])
    groups.set_membership(world.session, world.admin_p, second.id, world.clerk.id, True)
    clerk_p = world.principal(world.clerk)

    groups.set_membership(world.session, clerk_p, second.id, world.admin.id, True)

    assert StaffPermission.CATALOG in world.principal(world.admin).staff_permissions


def test_leaving_a_group_is_fine_while_another_grants_settings(world) -> None:
    second = groups.create(world.session, world.admin_p, "Technik", ["settings", "catalog"])
    # joined by another administrator (nobody joins a group themselves)
    world.session.add(UserPermissionGroup(user_id=world.admin.id, group_id=second.id))
    world.session.flush()

    groups.delete_group(world.session, world.admin_p, world.settings_group.id)

    assert StaffPermission.SETTINGS in world.principal(world.admin).staff_permissions


@pytest.mark.parametrize(
    ("name", "permissions", "key"),
    [
        ("  ", ["inbox"], "settings.groups.error.name_empty"),
        ("innendienst", ["inbox"], "settings.groups.error.name_taken"),
        ("Neu", ["root"], "settings.groups.error.permission"),
        ("x" * 101, [], "settings.groups.error.name_long"),
    ],
)
def test_bad_groups_are_refused(world, name: str, permissions: list[str], key: str) -> None:
    with pytest.raises(groups.GroupInvalid) as refused:
        groups.create(world.session, world.admin_p, name, permissions)
    assert refused.value.message_key == key
    assert len(list(world.session.exec(select(PermissionGroup)))) == 2


def test_only_staff_users_join_and_only_settings_may_change(world) -> None:
    with pytest.raises(AccessDenied):
        groups.create(world.session, world.clerk_p, "Neu", [])
    with pytest.raises(AccessDenied):
        groups.groups(world.session, world.clerk_p)
    with pytest.raises(groups.GroupInvalid):
        groups.set_membership(world.session, world.admin_p, world.inbox_group.id, 99999, True)
    with pytest.raises(groups.GroupInvalid):
        groups.set_membership(world.session, world.admin_p, 99999, world.clerk.id, True)
