"""Self-registration and its approval: validation, Postkorb item, no account-existence leak,
throttling, approval creating the account with an activation mail, rejection. SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from portal.models import AuditEvent, InboxItem, MailOutbox, Registration, User
from portal.models.enums import (
    CustomerRole,
    InboxKind,
    InboxState,
    PasswordStatus,
    StaffPermission,
    UserKind,
)
from portal.services import registrations
from portal.services.access import AccessDenied, load_principal
from portal.services.registrations import RegistrationRefused
from tests import factories as f

BASE = "https://portal.example"


@pytest.fixture
def world(db_session: Session):  # type: ignore[no-untyped-def]
    s = db_session
    admin = f.staff(s, "admin@portal.example", [StaffPermission.MANAGE_ACCOUNTS])
    clerk = f.staff(s, "clerk@portal.example", [StaffPermission.INBOX])
    customer = f.customer(s, "Druckhaus Dietrich")
    existing = f.customer_user(s, "haupt@druck.example", customer, CustomerRole.MAIN)
    s.commit()
    return s, admin, clerk, customer, existing


def register(s: Session, email: str = "Neu@Druck.example", address: str = "10.1.1.1", **kw):  # type: ignore[no-untyped-def]
    values = {
        "name": " Nina  Neu ",
        "company": "Druckhaus",
        "customer_number": "K-1",
        "privacy_consent": True,
    } | kw
    registrations.submit(s, email=email, client_address=address, locale="en", **values)
    s.commit()


def test_registration_lands_in_the_postkorb_and_confirms_by_mail(world) -> None:  # type: ignore[no-untyped-def]
    s, *_ = world
    register(s)
    row = s.exec(select(Registration)).one()
    assert (row.email, row.display_name, row.locale, row.state) == (
        "neu@druck.example",
        "Nina Neu",
        "en",
        "open",
    )
    item = s.exec(select(InboxItem)).one()
    assert (item.kind, item.ref_id, item.state) == (InboxKind.REGISTRATION, row.id, "open")
    assert "Nina Neu" in item.title
    mail = s.exec(select(MailOutbox)).one()
    assert (mail.template, mail.recipient, mail.locale) == ("registration", row.email, "en")


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"name": "  "}, "identity.register_name_missing"),
        ({"email": "not-an-address"}, "identity.register_email_invalid"),
        ({"message": "x" * 2001}, "identity.register_too_long"),
        ({"privacy_consent": False}, "identity.register_consent_missing"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(world, changes, key) -> None:  # type: ignore[no-untyped-def]
    s, *_ = world
    with pytest.raises(RegistrationRefused) as refused:
        register(s, **changes)
    assert refused.value.message_key == key
    s.rollback()
    assert s.exec(select(Registration)).all() == []
    assert s.exec(select(InboxItem)).all() == []


def test_the_privacy_consent_time_is_kept_in_the_audit_detail(world) -> None:  # type: ignore[no-untyped-def]
    s, *_ = world
    now = datetime(2026, 5, 4, 10, 30, tzinfo=UTC)
    register(s, now=now)
    register(s, email="haupt@druck.example", now=now)  # existing account: consent kept too
    for action in ("registration.submitted", "registration.duplicate"):
        event = s.exec(select(AuditEvent).where(AuditEvent.action == action)).one()
        assert event.detail["privacy_consent_at"] == now.isoformat()


def test_duplicates_and_existing_accounts_answer_the_same_and_change_nothing(world) -> None:  # type: ignore[no-untyped-def]
    s, *_ = world
    register(s)
    register(s, email="NEU@druck.example")  # open registration
    register(s, email="haupt@druck.example")  # existing account: no error, nothing stored
    assert len(s.exec(select(Registration)).all()) == 1
    assert len(s.exec(select(InboxItem)).all()) == 1
    assert len(s.exec(select(MailOutbox)).all()) == 1


def test_registrations_are_limited_per_address(world) -> None:  # type: ignore[no-untyped-def]
    s, *_ = world
    for n in range(registrations.MAX_PER_ADDRESS_PER_HOUR):
        register(s, email=f"p{n}@x.example", address="10.9.9.9")
    with pytest.raises(RegistrationRefused) as refused:
        register(s, email="one-more@x.example", address="10.9.9.9")
    assert refused.value.message_key == "identity.register_throttled"
    s.rollback()
    register(s, email="other@x.example", address="10.9.9.10")


def test_approval_creates_the_account_and_sends_access(world) -> None:  # type: ignore[no-untyped-def]
    s, admin, clerk, customer, _existing = world
    register(s)
    reg = s.exec(select(Registration)).one()
    with pytest.raises(AccessDenied):
        registrations.approve(
            s, load_principal(s, clerk.id), reg.id, customer_id=customer.id, role="main"
        )
    choices = registrations.find_customers(s, load_principal(s, admin.id), customer.number)
    assert [c.id for c in choices] == [customer.id]
    user_id = registrations.approve(
        s,
        load_principal(s, admin.id),
        reg.id,
        customer_id=customer.id,
        role="normal",
        base_url=BASE,
    )
    s.commit()
    user = s.get(User, user_id)
    assert user is not None
    assert (user.kind, user.login, user.customer_id, user.customer_role) == (
        UserKind.CUSTOMER,
        "neu@druck.example",
        customer.id,
        CustomerRole.NORMAL,
    )
    assert user.password_hash is None and user.password_status == PasswordStatus.INITIAL
    assert user.access_sent_at is not None
    access = s.exec(select(MailOutbox).where(MailOutbox.template == "access_data")).one()
    assert access.recipient == "neu@druck.example" and f"{BASE}/set-password?token=" in (
        access.body_text
    )
    assert s.exec(select(InboxItem)).one().state == InboxState.DONE
    assert s.get(Registration, reg.id).state == "approved"  # type: ignore[union-attr]
    with pytest.raises(RegistrationRefused):
        registrations.approve(
            s, load_principal(s, admin.id), reg.id, customer_id=customer.id, role="main"
        )


def test_an_account_inserted_concurrently_is_reported_as_taken(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The check said the login was free, another transaction took it before our insert: the
    unique login index refuses, the clerk gets the usual message and nothing is decided."""
    s, admin, _clerk, customer, _existing = world
    register(s)
    reg = s.exec(select(Registration)).one()
    s.add(User(kind=UserKind.CUSTOMER, login="neu@druck.example"))
    s.commit()
    monkeypatch.setattr(registrations, "account_exists", lambda *_: False)
    with pytest.raises(RegistrationRefused) as refused:
        registrations.approve(
            s, load_principal(s, admin.id), reg.id, customer_id=customer.id, role="main"
        )
    assert refused.value.message_key == "identity.email_taken"
    assert s.get(Registration, reg.id).state != "approved"  # type: ignore[union-attr]


def test_reject_needs_a_reason_and_closes_the_item(world) -> None:  # type: ignore[no-untyped-def]
    s, admin, *_ = world
    register(s)
    reg = s.exec(select(Registration)).one()
    with pytest.raises(RegistrationRefused):
        registrations.reject(s, load_principal(s, admin.id), reg.id, reason=" ")
    registrations.reject(s, load_principal(s, admin.id), reg.id, reason="Unbekannt")
    s.commit()
    assert s.get(Registration, reg.id).state == "rejected"  # type: ignore[union-attr]
    assert s.exec(select(InboxItem)).one().state == InboxState.DONE
    event = s.exec(select(AuditEvent).where(AuditEvent.action == "registration.rejected")).one()
    assert event.detail == {"reason": "Unbekannt"} and event.actor_id == admin.id
    assert s.exec(select(User).where(User.login == "neu@druck.example")).first() is None
