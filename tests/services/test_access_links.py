"""Send access and password reset: links that work once, expire, retire their predecessors,
and a reset request that answers the same for unknown accounts. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import Session, select

from portal.models import AuditEvent, AuthSession, MailOutbox, OneTimeToken, User
from portal.models.clock import utcnow
from portal.models.enums import (
    CustomerRole,
    PasswordStatus,
    StaffPermission,
    TokenPurpose,
    UserKind,
    Visibility,
)
from portal.services import access_links
from portal.services.access import AccessDenied, load_principal
from portal.services.auth import start_session
from portal.services.passwords import verify_password
from tests import factories as f

BASE = "https://portal.example"
PASSWORD = "Sommerwiese-42"


@pytest.fixture
def world(db_session: Session):  # type: ignore[no-untyped-def]
    s = db_session
    admin = f.staff(s, "admin@portal.example", [StaffPermission.MANAGE_ACCOUNTS])
    clerk = f.staff(s, "clerk@portal.example", [StaffPermission.INBOX])
    customer = f.customer(s, "Druckhaus")
    haupt = f.customer_user(s, "haupt@druck.example", customer, CustomerRole.MAIN)
    haupt.email, haupt.display_name, haupt.locale = "haupt@druck.example", "Hanna Haupt", "en"
    company = f.company(s, "Muster IT")
    partner = f.partner(s, "p@muster.example", Visibility.ALL, [company])
    gone = f.customer_user(s, "weg@druck.example", customer, CustomerRole.NORMAL)
    gone.active = False
    s.add_all([haupt, gone])
    s.commit()
    return s, admin, clerk, haupt, partner, gone


def newest_token(session: Session, recipient: str) -> str:
    mail = session.exec(
        select(MailOutbox).where(MailOutbox.recipient == recipient).order_by(MailOutbox.id.desc())  # type: ignore[union-attr]
    ).first()
    assert mail is not None
    link = next(word for word in mail.body_text.split() if word.startswith(BASE))
    assert urlsplit(link).path == access_links.SET_PASSWORD_PATH
    return parse_qs(urlsplit(link).query)["token"][0]


def test_send_access_mails_links_only_to_active_customer_and_partner_accounts(world) -> None:  # type: ignore[no-untyped-def]
    s, admin, _clerk, haupt, partner, gone = world
    result = access_links.send_access(
        s,
        load_principal(s, admin.id),
        [haupt.id, partner.id, gone.id, admin.id, 999999],
        client_address="10.0.0.1",
        base_url=BASE,
    )
    s.commit()
    assert result.sent_ids == tuple(sorted([haupt.id, partner.id]))
    assert set(result.skipped_ids) == {gone.id, admin.id, 999999}
    mail = s.exec(select(MailOutbox).where(MailOutbox.recipient == "haupt@druck.example")).one()
    assert mail.template == "access_data" and mail.locale == "en"
    assert "haupt@druck.example" in mail.body_text and PASSWORD not in mail.body_text
    assert s.get(User, haupt.id).access_sent_at is not None  # type: ignore[union-attr]
    assert s.get(User, gone.id).access_sent_at is None  # type: ignore[union-attr]
    audits = s.exec(select(AuditEvent).where(AuditEvent.action == "account.access_sent")).all()
    assert {(a.actor_id, a.target_id, a.client_address) for a in audits} == {
        (admin.id, str(haupt.id), "10.0.0.1"),
        (admin.id, str(partner.id), "10.0.0.1"),
    }


def test_send_access_needs_manage_accounts(world) -> None:  # type: ignore[no-untyped-def]
    s, _admin, clerk, haupt, *_ = world
    with pytest.raises(AccessDenied):
        access_links.send_access(s, load_principal(s, clerk.id), [haupt.id], base_url=BASE)


def test_activation_link_sets_password_once_and_the_older_link_is_dead(world) -> None:  # type: ignore[no-untyped-def]
    s, admin, _clerk, haupt, *_ = world
    principal = load_principal(s, admin.id)
    access_links.send_access(s, principal, [haupt.id], base_url=BASE)
    s.commit()
    first = newest_token(s, "haupt@druck.example")
    access_links.send_access(s, principal, [haupt.id], base_url=BASE)
    s.commit()
    second = newest_token(s, "haupt@druck.example")
    assert access_links.link_login(s, first) is None
    assert access_links.link_login(s, second) == "haupt@druck.example"
    stale = access_links.set_password(s, first, PASSWORD, PASSWORD)
    assert stale.error == access_links.LINK_INVALID

    mismatch = access_links.set_password(s, second, PASSWORD, PASSWORD + "x")
    assert mismatch.error == "identity.password_mismatch"
    weak = access_links.set_password(s, second, "passwort", "passwort")
    assert weak.error == "password.too_common"
    done = access_links.set_password(s, second, PASSWORD, PASSWORD)
    s.commit()
    assert done.user_id == haupt.id and done.error is None
    user = s.get(User, haupt.id)
    assert user is not None and verify_password(user.password_hash, PASSWORD)
    assert user.password_status == PasswordStatus.USER_SET
    reused = access_links.set_password(s, second, "Anderes-Pw-77", "Anderes-Pw-77")
    assert reused.error == access_links.LINK_INVALID
    assert s.exec(select(AuditEvent).where(AuditEvent.action == "account.activated")).one()


def test_expired_and_wrong_purpose_links_are_refused(world) -> None:  # type: ignore[no-untyped-def]
    s, admin, _clerk, haupt, *_ = world
    access_links.send_access(s, load_principal(s, admin.id), [haupt.id], base_url=BASE)
    s.commit()
    token = newest_token(s, "haupt@druck.example")
    later = utcnow() + timedelta(days=8)
    assert access_links.set_password(s, token, PASSWORD, PASSWORD, now=later).error == (
        access_links.LINK_INVALID
    )
    row = s.exec(select(OneTimeToken).where(OneTimeToken.user_id == haupt.id)).one()
    row.purpose = TokenPurpose.INVITATION
    s.add(row)
    s.commit()
    assert access_links.set_password(s, token, PASSWORD, PASSWORD).error == (
        access_links.LINK_INVALID
    )
    assert access_links.set_password(s, "x" * 500, PASSWORD, PASSWORD).error == (
        access_links.LINK_INVALID
    )


def test_reset_mails_known_accounts_only_and_ends_their_sessions(world) -> None:  # type: ignore[no-untyped-def]
    s, _admin, _clerk, haupt, *_ = world
    start_session(s, haupt.id)
    s.commit()
    access_links.request_password_reset(s, "nobody@druck.example", "10.0.0.2", base_url=BASE)
    access_links.request_password_reset(s, "weg@druck.example", "10.0.0.2", base_url=BASE)
    s.commit()
    assert s.exec(select(MailOutbox)).all() == []
    access_links.request_password_reset(s, " HAUPT@druck.example ", "10.0.0.2", base_url=BASE)
    s.commit()
    mail = s.exec(select(MailOutbox)).one()
    assert mail.template == "password_reset" and mail.recipient == "haupt@druck.example"
    token = newest_token(s, "haupt@druck.example")
    assert access_links.set_password(s, token, PASSWORD, PASSWORD).user_id == haupt.id
    s.commit()
    live = s.exec(select(AuthSession).where(AuthSession.ended_at.is_(None))).all()  # type: ignore[union-attr]
    assert live == []
    assert s.exec(select(AuditEvent).where(AuditEvent.action == "password.reset")).one()


def test_reset_is_throttled_per_account_and_per_address(world) -> None:  # type: ignore[no-untyped-def]
    s, _admin, _clerk, haupt, partner, _gone = world
    for _ in range(access_links.MAX_RESETS_PER_ACCOUNT + 2):
        access_links.request_password_reset(s, haupt.login, "10.0.0.3", base_url=BASE)
        s.commit()
    assert len(s.exec(select(MailOutbox)).all()) == access_links.MAX_RESETS_PER_ACCOUNT
    for _ in range(access_links.MAX_RESETS_PER_ADDRESS):
        access_links.request_password_reset(s, "unknown@x.example", "10.0.0.4", base_url=BASE)
    s.commit()
    access_links.request_password_reset(s, partner.login, "10.0.0.4", base_url=BASE)
    s.commit()
    assert s.exec(select(MailOutbox).where(MailOutbox.recipient == partner.login)).all() == []
    assert s.exec(select(User).where(User.kind == UserKind.PARTNER)).one().id == partner.id
