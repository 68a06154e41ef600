"""Acting as an account: who may, as whom, no chaining, the notice mail, the audit rows, the end."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from portal.config import get_settings
from portal.models import AuditEvent, AuthSession, MailOutbox
from portal.models.enums import CustomerRole, StaffPermission, Visibility
from portal.services import act_as, audit
from portal.services.access import AccessDenied
from portal.services.auth import hash_token, principal_for_token, start_session
from tests import factories as f


def _world(s: Session) -> SimpleNamespace:
    firm = f.customer(s, "Firma")
    customer = f.customer_user(s, "kunde@firma.example", firm, CustomerRole.MAIN)
    customer.display_name, customer.locale = "Karla Kunde", "en"
    partner = f.partner(s, "partner@makler.example", Visibility.OWN, [f.company(s, "Makler")])
    helper = f.staff(s, "helfer@portal.example", [StaffPermission.ACT_AS])
    helper.display_name = "Hanna Helfer"
    clerk = f.staff(s, "clerk@portal.example", [StaffPermission.MANAGE_ACCOUNTS])
    inactive = f.customer_user(s, "alt@firma.example", firm, CustomerRole.NORMAL)
    inactive.active = False
    s.commit()
    return SimpleNamespace(
        customer=customer, partner=partner, helper=helper, clerk=clerk, inactive=inactive
    )


def _login(s: Session, user) -> str:  # type: ignore[no-untyped-def]
    token = start_session(s, user.id, client_address="10.0.0.1")
    s.commit()
    return token


def _start(s: Session, token: str, target_id: int, back: str | None = None) -> act_as.Switch:
    switch = act_as.start(s, token, target_id, back=back, client_address="10.0.0.1")
    s.commit()
    return switch


def test_staff_with_permission_acts_as_a_customer(db_session: Session) -> None:
    w = _world(db_session)
    token = _login(db_session, w.helper)
    switch = _start(db_session, token, w.customer.id)
    assert switch.path == "/customer" and switch.token != token
    # The old cookie is dead; the new one stands for the customer, with the staff as actor.
    assert principal_for_token(db_session, token) is None
    principal = principal_for_token(db_session, switch.token)
    assert principal is not None
    assert principal.user_id == w.customer.id and principal.actor_id == w.helper.id


def test_a_partner_account_can_be_acted_as(db_session: Session) -> None:
    w = _world(db_session)
    switch = _start(db_session, _login(db_session, w.helper), w.partner.id)
    assert switch.path == "/partner"


@pytest.mark.parametrize("target", ["clerk", "helper", "inactive"])
def test_staff_inactive_and_own_accounts_are_refused(db_session: Session, target: str) -> None:
    w = _world(db_session)
    token = _login(db_session, w.helper)
    with pytest.raises(AccessDenied) as refused:
        act_as.start(db_session, token, getattr(w, target).id)
    assert refused.value.message_key == "act_as.error.target"


def test_staff_who_must_enrol_in_two_factor_login_cannot_act(db_session: Session) -> None:
    w = _world(db_session)
    w.helper.password_hash = "argon2-hash-of-a-password"
    db_session.commit()
    token = _login(db_session, w.helper)
    strict = replace(get_settings(), require_two_factor=frozenset({"staff"}))
    with pytest.raises(AccessDenied) as denied:
        act_as.start(db_session, token, w.customer.id, settings=strict)
    assert denied.value.message_key == act_as.ENROL_FIRST
    assert principal_for_token(db_session, token).actor_id is None
    assert act_as.start(db_session, token, w.customer.id, settings=get_settings()).token


def test_unknown_target_is_refused(db_session: Session) -> None:
    w = _world(db_session)
    with pytest.raises(AccessDenied):
        act_as.start(db_session, _login(db_session, w.helper), 999_999)


def test_staff_without_the_permission_and_customers_are_refused(db_session: Session) -> None:
    w = _world(db_session)
    for user in (w.clerk, w.partner):
        with pytest.raises(AccessDenied):
            act_as.start(db_session, _login(db_session, user), w.customer.id)
    with pytest.raises(AccessDenied):
        act_as.start(db_session, "no-such-token", w.customer.id)
    assert (
        db_session.exec(select(AuditEvent).where(AuditEvent.action == "act_as.start")).all() == []
    )


def test_acting_cannot_be_chained(db_session: Session) -> None:
    w = _world(db_session)
    switch = _start(db_session, _login(db_session, w.helper), w.customer.id)
    with pytest.raises(AccessDenied) as refused:
        act_as.start(db_session, switch.token, w.partner.id)
    assert refused.value.message_key == "act_as.error.chained"
    row = db_session.exec(
        select(AuthSession).where(AuthSession.token_hash == hash_token(switch.token))
    ).one()
    assert row.acting_as_user_id == w.customer.id


def test_the_account_gets_one_notice_in_its_language(db_session: Session) -> None:
    w = _world(db_session)
    _start(db_session, _login(db_session, w.helper), w.customer.id)
    mails = db_session.exec(
        select(MailOutbox).where(MailOutbox.template == act_as.MAIL_TEMPLATE)
    ).all()
    assert len(mails) == 1
    mail = mails[0]
    assert mail.recipient == "kunde@firma.example" and mail.locale == "en"
    assert "Hanna Helfer" in mail.body_text and "Karla Kunde" in mail.body_text
    assert mail.body_html and "Hanna Helfer" in mail.body_html


def test_start_and_end_are_audited_with_actor_and_account(db_session: Session) -> None:
    w = _world(db_session)
    switch = _start(db_session, _login(db_session, w.helper), w.customer.id, back="/staff/x/1")
    back = act_as.end(db_session, switch.token, client_address="10.0.0.1")
    db_session.commit()
    assert back.path == "/staff/x/1"
    rows = db_session.exec(
        select(AuditEvent).where(AuditEvent.action.startswith("act_as.")).order_by(AuditEvent.id)
    ).all()
    assert [(r.action, r.actor_id, r.acting_as_id) for r in rows] == [
        ("act_as.start", w.helper.id, w.customer.id),
        ("act_as.end", w.helper.id, w.customer.id),
    ]
    assert rows[0].client_address == "10.0.0.1" and rows[0].detail["notified"] is True
    own = principal_for_token(db_session, back.token)
    assert own is not None and own.user_id == w.helper.id and own.actor_id is None


def test_end_goes_to_the_staff_home_without_a_staff_page_to_return_to(db_session: Session) -> None:
    w = _world(db_session)
    switch = _start(db_session, _login(db_session, w.helper), w.customer.id, back="/customer")
    assert act_as.end(db_session, switch.token).path == "/staff"


def test_end_without_acting_is_refused(db_session: Session) -> None:
    w = _world(db_session)
    with pytest.raises(AccessDenied):
        act_as.end(db_session, _login(db_session, w.helper))


def test_losing_the_permission_ends_the_acting_session(db_session: Session) -> None:
    w = _world(db_session)
    switch = _start(db_session, _login(db_session, w.helper), w.customer.id)
    w.helper.active = False
    db_session.add(w.helper)
    db_session.commit()
    assert principal_for_token(db_session, switch.token) is None


def test_actions_while_acting_are_recorded_with_actor_and_account(db_session: Session) -> None:
    w = _world(db_session)
    switch = _start(db_session, _login(db_session, w.helper), w.customer.id)
    acting = principal_for_token(db_session, switch.token)
    assert acting is not None
    act_as.record_event(db_session, acting, act_as.EVENT_ACTION, "TicketsState.create")
    audit.record_by(db_session, acting, "ticket.created", target_type="ticket", target_id=7)
    own = principal_for_token(db_session, _login(db_session, w.clerk))
    assert own is not None
    act_as.record_event(db_session, own, act_as.EVENT_ACTION, "ignored: not acting")
    db_session.commit()
    rows = db_session.exec(
        select(AuditEvent).where(AuditEvent.action.in_(["act_as.event", "ticket.created"]))
    ).all()
    assert {(r.action, r.actor_id, r.acting_as_id) for r in rows} == {
        ("act_as.event", w.helper.id, w.customer.id),
        ("ticket.created", w.helper.id, w.customer.id),
    }
    assert [r.detail for r in rows if r.action == "act_as.event"] == [
        {"what": "TicketsState.create"}
    ]
