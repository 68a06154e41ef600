"""Invitations: who may invite whom into what, and the link that works exactly once until it
expires. SQLite and PostgreSQL."""

from __future__ import annotations

import re
import threading
from datetime import datetime, timedelta
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import Session, select

from portal.db import session_scope
from portal.models import (
    AuditEvent,
    MailOutbox,
    OneTimeToken,
    User,
    UserPartnerCompany,
    UserTeam,
)
from portal.models.clock import utcnow
from portal.models.enums import PasswordStatus, UserKind, Visibility
from portal.services import invitations
from portal.services.access import AccessDenied, load_principal
from portal.services.auth import hash_token
from portal.services.invitations import InvitationRefused
from portal.services.passwords import verify_password
from tests.services.people_world import build, principal

BASE = "https://portal.example"
PASSWORD = "Sommerwiese-42"


@pytest.fixture
def world(db_session: Session) -> SimpleNamespace:
    return build(db_session)


def invite(world, by=None, **changes) -> int:  # type: ignore[no-untyped-def]
    s = world.session
    values = {
        "email": "Neu.Kollege@Muster.example",
        "name": "Nina Neu",
        "company_id": world.muster.id,
        "team_ids": [world.management.id],
        "visibility": "own",
        "base_url": BASE,
    } | changes
    invitation_id = invitations.invite(s, principal(s, by or world.e1), **values)
    s.commit()
    return invitation_id


def link_token(session: Session) -> str:
    """The token of the newest invitation mail, read from its link as the invitee would."""
    mail = session.exec(select(MailOutbox).order_by(MailOutbox.id.desc())).first()  # type: ignore[union-attr]
    assert mail is not None and mail.template == "invitation"
    link = re.search(r"https://\S+", mail.body_text)
    assert link is not None
    url = urlsplit(link.group(0))
    assert url.path == "/invite"
    return parse_qs(url.query)["token"][0]


def accept(session: Session, token: str, **changes) -> invitations.Acceptance:  # type: ignore[no-untyped-def]
    values = {"name": "Nina Neu", "password": PASSWORD, "password_repeat": PASSWORD} | changes
    result = invitations.accept(session, token, **values)
    session.commit()
    return result


def test_invite_queues_a_mail_and_stores_only_the_tokens_hash(world) -> None:
    s = world.session
    invite(world)
    token = link_token(s)
    row = s.exec(select(OneTimeToken)).one()
    assert row.token_hash == hash_token(token) and token not in str(row.data)
    assert row.email == "neu.kollege@muster.example"
    mail = s.exec(select(MailOutbox)).one()
    assert mail.recipient == "neu.kollege@muster.example" and "Eva Engel" in mail.body_text
    assert s.exec(select(AuditEvent.action)).all() == ["partner.invited"]


def test_the_invitation_expires_after_the_configured_days(world) -> None:
    s = world.session
    before = utcnow()
    invite(world)
    row = s.exec(select(OneTimeToken)).one()
    assert timedelta(days=7) <= row.expires_at - before < timedelta(days=7, minutes=1)


def test_invitee_sees_the_company_name_and_nothing_for_other_tokens(world) -> None:
    s = world.session
    invite(world)
    assert invitations.invitation_company(s, link_token(s)) == "Muster IT GmbH"
    assert invitations.invitation_company(s, "unknown") is None
    assert invitations.invitation_company(s, "") is None


def test_accept_creates_the_partner_user_with_company_teams_and_visibility(world) -> None:
    s = world.session
    invite(world, team_ids=[world.management.id, world.sales_here.id])
    result = accept(s, link_token(s), name="  Nina   Neu ")
    assert result.error is None and result.user_id is not None
    user = s.get(User, result.user_id)
    assert user is not None
    assert (user.kind, user.login, user.display_name) == (
        UserKind.PARTNER,
        "neu.kollege@muster.example",
        "Nina Neu",
    )
    assert user.visibility == Visibility.OWN and user.password_status == PasswordStatus.USER_SET
    assert verify_password(user.password_hash, PASSWORD)
    companies = s.exec(
        select(UserPartnerCompany.partner_company_id).where(UserPartnerCompany.user_id == user.id)
    ).all()
    assert companies == [world.muster.id]
    teams = set(s.exec(select(UserTeam.team_id).where(UserTeam.user_id == user.id)))
    assert teams == {world.management.id, world.sales_here.id}
    loaded = load_principal(s, user.id)
    assert loaded is not None and loaded.partner_company_ids == {world.muster.id}
    assert "partner.invitation_accepted" in s.exec(select(AuditEvent.action)).all()


def test_the_token_works_only_once(world) -> None:
    s = world.session
    invite(world)
    token = link_token(s)
    assert accept(s, token).user_id is not None
    assert accept(s, token).error == "invite.invalid"
    assert invitations.invitation_company(s, token) is None


def test_an_expired_token_is_refused(world) -> None:
    s = world.session
    invite(world)
    token = link_token(s)
    later = utcnow() + timedelta(days=7, seconds=1)
    assert invitations.invitation_company(s, token, now=later) is None
    result = invitations.accept(
        s, token, name="Nina", password=PASSWORD, password_repeat=PASSWORD, now=later
    )
    assert result.error == "invite.invalid"


def test_an_unknown_token_is_refused(world) -> None:
    assert accept(world.session, "not-a-token").error == "invite.invalid"


def test_a_revoked_invitation_is_refused_and_no_longer_listed(world) -> None:
    s = world.session
    invitation_id = invite(world)
    token = link_token(s)
    invitations.revoke(s, principal(s, world.e1), invitation_id)
    s.commit()
    assert accept(s, token).error == "invite.invalid"
    assert invitations.open_invitations(s, principal(s, world.e1)) == []


def test_resend_replaces_the_link_and_the_old_one_stops_working(world) -> None:
    s = world.session
    invitation_id = invite(world)
    old = link_token(s)
    invitations.resend(s, principal(s, world.e2), invitation_id, base_url=BASE)
    s.commit()
    new = link_token(s)
    assert new != old
    assert accept(s, old).error == "invite.invalid"
    assert accept(s, new).user_id is not None


def test_password_policy_and_repeat_are_checked_without_using_the_token(world) -> None:
    s = world.session
    invite(world)
    token = link_token(s)
    assert accept(s, token, password="kurz", password_repeat="kurz").error == "password.too_short"
    assert accept(s, token, password_repeat="anders-12345").error == "invite.password_mismatch"
    assert accept(s, token, name="   ").error == "invite.name_missing"
    assert accept(s, token).user_id is not None


def test_open_invitations_are_listed_for_managers_of_that_location_only(world) -> None:
    s = world.session
    invite(world)
    listed = invitations.open_invitations(s, principal(s, world.e2))
    assert [(i.email, i.company, i.expired) for i in listed] == [
        ("neu.kollege@muster.example", "Muster IT GmbH", False)
    ]
    assert invitations.open_invitations(s, principal(s, world.x1)) == []


def test_a_manager_of_another_company_cannot_revoke_or_resend(world) -> None:
    s = world.session
    invitation_id = invite(world)
    with pytest.raises(AccessDenied):
        invitations.revoke(s, principal(s, world.x1), invitation_id)
    with pytest.raises(AccessDenied):
        invitations.resend(s, principal(s, world.x1), invitation_id, base_url=BASE)


def test_only_people_managers_may_invite(world) -> None:
    with pytest.raises(AccessDenied):
        invite(world, by=world.e3)


def test_invitations_go_only_into_the_own_companies(world) -> None:
    with pytest.raises(AccessDenied):
        invite(world, company_id=world.other.id)


def test_teams_of_another_company_or_beyond_the_own_rights_are_refused(world) -> None:
    with pytest.raises(AccessDenied):
        invite(world, team_ids=[world.sales_there.id])
    with pytest.raises(AccessDenied):
        invite(world, team_ids=[world.administration.id])
    assert world.session.exec(select(OneTimeToken)).all() == []


def test_an_unknown_visibility_is_refused(world) -> None:
    with pytest.raises(AccessDenied):
        invite(world, visibility="everything")


def test_the_e_mail_of_an_existing_account_is_refused_clearly(world) -> None:
    with pytest.raises(InvitationRefused, match=r"people\.email_taken"):
        invite(world, email="E3@muster.example")


def test_a_second_open_invitation_for_the_same_address_is_refused(world) -> None:
    invite(world)
    with pytest.raises(InvitationRefused, match=r"people\.already_invited"):
        invite(world, by=world.e2)


def test_an_invalid_address_is_refused(world) -> None:
    with pytest.raises(InvitationRefused, match=r"people\.email_invalid"):
        invite(world, email="kein-at-zeichen")


def test_an_account_created_meanwhile_blocks_acceptance(world) -> None:
    s = world.session
    invite(world)
    token = link_token(s)
    s.add(User(kind=UserKind.PARTNER, login="neu.kollege@muster.example"))
    s.commit()
    assert accept(s, token).error == "invite.email_taken"


def test_two_tabs_accepting_at_once_create_one_user(world, any_db_url: str) -> None:
    """Both pass the validity check; the conditional UPDATE lets exactly one through."""
    s = world.session
    invite(world)
    token = link_token(s)
    checked = threading.Barrier(2, timeout=10)
    results: list[object] = []
    real_usable = invitations._usable

    def usable_then_wait(session, token_, now: datetime):  # type: ignore[no-untyped-def]
        row = real_usable(session, token_, now)
        checked.wait()
        return row

    def tab() -> None:
        try:
            with session_scope(any_db_url) as session:
                results.append(
                    invitations.accept(
                        session, token, name="Nina", password=PASSWORD, password_repeat=PASSWORD
                    )
                )
        except Exception as error:  # the loser may also fail on the unique login at commit
            results.append(error)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(invitations, "_usable", usable_then_wait)
        tabs = [threading.Thread(target=tab) for _ in range(2)]
        for thread in tabs:
            thread.start()
        for thread in tabs:
            thread.join(30)
    created = [r for r in results if isinstance(r, invitations.Acceptance) and r.user_id]
    assert len(created) == 1
    s.expire_all()
    assert len(s.exec(select(User).where(User.login == "neu.kollege@muster.example")).all()) == 1
