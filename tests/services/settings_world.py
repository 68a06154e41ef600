"""A staff admin with SETTINGS, a clerk without, and a customer: for the settings tests."""

from __future__ import annotations

from types import SimpleNamespace

from sqlmodel import Session

from portal.models import Customer, PermissionGroup, User, UserPermissionGroup
from portal.models.enums import UserKind
from portal.services.access import Principal, load_principal


def build(session: Session) -> SimpleNamespace:
    admin = User(kind=UserKind.STAFF, login="admin@test.example", display_name="Ada Admin")
    clerk = User(kind=UserKind.STAFF, login="clerk@test.example", display_name="Carl Clerk")
    customer = Customer(number="K-1", name="Muster GmbH")
    settings_group = PermissionGroup(name="Administration", permissions=["settings"])
    inbox_group = PermissionGroup(name="Innendienst", permissions=["inbox"])
    session.add_all([admin, clerk, customer, settings_group, inbox_group])
    session.flush()
    session.add_all(
        [
            UserPermissionGroup(user_id=admin.id, group_id=settings_group.id),
            UserPermissionGroup(user_id=clerk.id, group_id=inbox_group.id),
        ]
    )
    session.flush()
    return SimpleNamespace(
        admin=admin,
        clerk=clerk,
        customer=customer,
        settings_group=settings_group,
        inbox_group=inbox_group,
        principal=lambda user: principal(session, user),
    )


def principal(session: Session, user: User) -> Principal:
    loaded = load_principal(session, user.id or 0)
    assert loaded is not None
    return loaded
