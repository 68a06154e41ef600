"""Staff invite customer contacts: the link works once, a resend kills the old link, a revoked
invitation is dead, the person confirms the e-mail that becomes the login. SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import Session, select

from portal.models import MailOutbox, User
from portal.models.clock import utcnow
from portal.models.enums import CustomerRole, PasswordStatus, StaffPermission, UserKind
from portal.services import access_links, customer_invitations
from portal.services.access import AccessDenied, load_principal
from portal.services.passwords import verify_password
from portal.services.registrations import RegistrationRefused
from tests import factories as f

BASE = "https://portal.example"
PASSWORD = "Sommerwiese-42"


@pytest.fixture
def world(db_session: Session):  # type: ignore[no-untyped-def]
    s = db_session
    admin = f.staff(s, "admin@portal.example", [StaffPermission.MANAGE_ACCOUNTS])
    clerk = f.staff(s, "clerk@portal.example", [StaffPermission.INBOX])
    customer = f.customer(s, "Druckhaus")
    f.customer_user(s, "haupt@druck.example", customer, CustomerRole.MAIN)
    s.commit()
    return s, load_principal(s, admin.id), load_principal(s, clerk.id), customer


def invite(world, email: str = "Nina@Druck.example", role: str = "main") -> int:  # type: ignore[no-untyped-def]
    s, admin, _clerk, customer = world
    invitation_id = customer_invitations.invite(
        s, admin, customer.id, name="Nina Neu", email=email, role=role, base_url=BASE
    )
    s.commit()
    return invitation_id


def newest_token(s: Session) -> str:
    mail = s.exec(select(MailOutbox).order_by(MailOutbox.id.desc())).first()  # type: ignore[union-attr]
    assert mail is not None and mail.template == "invitation"
    link = next(word for word in mail.body_text.split() if word.startswith(BASE))
    assert urlsplit(link).path == access_links.SET_PASSWORD_PATH
    return parse_qs(urlsplit(link).query)["token"][0]


def test_invitation_creates_the_customer_account_once(world) -> None:  # type: ignore[no-untyped-def]
    s, admin, _clerk, customer = world
    invite(world)
    token = newest_token(s)
    assert customer_invitations.invitation_email(s, token) == "nina@druck.example"
    assert access_links.link_login(s, token) is None  # not an activation/reset link
    view = customer_invitations.overview(s, admin, customer.id)
    assert [i.email for i in view.invitations] == ["nina@druck.example"]

    mismatch = customer_invitations.accept(
        s, token, email="nina@druck.example", password=PASSWORD, repeat="x"
    )
    assert mismatch.error == "identity.password_mismatch"
    for other in ("haupt@druck.example", "nina.neu@druck.example"):
        moved = customer_invitations.accept(
            s, token, email=other, password=PASSWORD, repeat=PASSWORD
        )
        assert moved.error == "identity.invite_email_fixed"
    done = customer_invitations.accept(
        s, token, email=" NINA@Druck.example ", password=PASSWORD, repeat=PASSWORD
    )
    s.commit()
    user = s.get(User, done.user_id)
    assert user is not None and done.login == "nina@druck.example"
    assert (user.kind, user.customer_id, user.customer_role) == (
        UserKind.CUSTOMER,
        customer.id,
        CustomerRole.MAIN,
    )
    assert verify_password(user.password_hash, PASSWORD)
    assert user.password_status == PasswordStatus.USER_SET
    again = customer_invitations.accept(
        s, token, email="other@druck.example", password=PASSWORD, repeat=PASSWORD
    )
    assert again.error == access_links.LINK_INVALID
    assert customer_invitations.overview(s, admin, customer.id).invitations == ()


def test_an_account_created_meanwhile_is_reported_as_taken(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Free at the check, inserted by another transaction before ours: the unique login index
    refuses and the person gets the usual message, not an error page."""
    s, *_ = world
    invite(world)
    token = newest_token(s)
    s.add(User(kind=UserKind.CUSTOMER, login="nina@druck.example"))
    s.commit()
    monkeypatch.setattr(customer_invitations, "account_exists", lambda *_: False)
    result = customer_invitations.accept(
        s, token, email="nina@druck.example", password=PASSWORD, repeat=PASSWORD
    )
    assert result.error == "identity.email_taken"
    s.commit()
    assert len(s.exec(select(User).where(User.login == "nina@druck.example")).all()) == 1


def test_resend_kills_the_old_link_and_revoke_kills_the_invitation(world) -> None:  # type: ignore[no-untyped-def]
    s, admin, _clerk, _customer = world
    invitation_id = invite(world)
    first = newest_token(s)
    customer_invitations.resend(s, admin, invitation_id, base_url=BASE)
    s.commit()
    second = newest_token(s)
    assert first != second
    assert customer_invitations.invitation_email(s, first) is None
    assert customer_invitations.invitation_email(s, second) == "nina@druck.example"
    customer_invitations.revoke(s, admin, invitation_id)
    s.commit()
    assert customer_invitations.invitation_email(s, second) is None
    with pytest.raises(AccessDenied):
        customer_invitations.resend(s, admin, invitation_id, base_url=BASE)


def test_invitation_expires(world) -> None:  # type: ignore[no-untyped-def]
    s, *_ = world
    invite(world)
    token = newest_token(s)
    later = utcnow() + timedelta(days=30)
    result = customer_invitations.accept(
        s, token, email="nina@druck.example", password=PASSWORD, repeat=PASSWORD, now=later
    )
    assert result.error == access_links.LINK_INVALID


@pytest.mark.parametrize(
    ("email", "role", "key"),
    [
        ("haupt@druck.example", "main", "identity.email_taken"),
        ("kaputt", "main", "identity.register_email_invalid"),
        ("nina@druck.example", "boss", "identity.role_invalid"),
    ],
)
def test_bad_invitations_are_refused(world, email, role, key) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RegistrationRefused) as refused:
        invite(world, email=email, role=role)
    assert refused.value.message_key == key


def test_a_second_invitation_to_the_same_person_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    invite(world)
    with pytest.raises(RegistrationRefused) as refused:
        invite(world, email="nina@druck.example")
    assert refused.value.message_key == "identity.already_invited"


def test_only_account_managers_invite(world) -> None:  # type: ignore[no-untyped-def]
    s, _admin, clerk, customer = world
    with pytest.raises(AccessDenied):
        customer_invitations.invite(
            s, clerk, customer.id, name="X", email="x@druck.example", role="main", base_url=BASE
        )
