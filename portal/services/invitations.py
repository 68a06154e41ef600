"""Inviting colleagues by e-mail (SPEC §4 People, §8 single-use expiring links).

A people manager (team action MANAGE_PEOPLE) invites someone into one of his own locations with
teams he may hand out (`people.assignable_teams`) and a visibility. The invitation is a
`OneTimeToken` of purpose INVITATION: the link carries a random token, the table only its
SHA-256 (`auth.hash_token`), so neither the database nor the outbox table of an old mail that
was resent yields a usable link. The invitee opens the link (public page, which learns only the
company name), chooses name and password, and `accept` turns the invitation into a partner user
exactly once: the token is claimed by a conditional UPDATE, so two tabs cannot both use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from sqlalchemy import func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from portal.config import Settings, get_settings
from portal.i18n import format_timestamp, normalize_locale
from portal.models import OneTimeToken, PartnerCompany, Team, User, UserPartnerCompany, UserTeam
from portal.models.clock import utcnow
from portal.models.enums import PartnerAction, PasswordStatus, TokenPurpose, UserKind, Visibility
from portal.services import audit, one_time_tokens
from portal.services.access import AccessDenied, Principal, ensure
from portal.services.auth import normalize_login
from portal.services.branding import portal_name
from portal.services.mail import normalize_recipient, queue_mail
from portal.services.passwords import hash_password, policy_errors
from portal.services.people import TeamOption, assignable_teams, check_assignable
from portal.services.settings import password_policy

INVITE_PATH = "/invite"  # the public page of the link
ACCEPT_ROUTE = "/auth/invitation"  # the form POST that creates and signs in the account
_NAME_MAX = 200


class InvitationRefused(Exception):
    """Input the manager can correct (e-mail taken, already invited, ...); an i18n key."""

    def __init__(self, message_key: str) -> None:
        super().__init__(message_key)
        self.message_key = message_key


@dataclass(frozen=True)
class InvitationOptions:
    """What the invite form offers: the manager's locations and the teams he may hand out."""

    companies: tuple[tuple[int, str], ...]
    teams: tuple[TeamOption, ...]


@dataclass(frozen=True)
class OpenInvitation:
    id: int
    email: str
    name: str
    company: str
    created_at: datetime
    expires_at: datetime
    expired: bool


@dataclass(frozen=True)
class Acceptance:
    """The end of `accept`: the new user's id, or an i18n error key."""

    user_id: int | None = None
    error: str | None = None


def options(session: Session, principal: Principal) -> InvitationOptions:
    ensure(principal, PartnerAction.MANAGE_PEOPLE)
    companies = session.exec(
        select(PartnerCompany.id, PartnerCompany.name)
        .where(col(PartnerCompany.id).in_(sorted(principal.partner_company_ids)))
        .order_by(col(PartnerCompany.name))
    ).all()
    return InvitationOptions(
        companies=tuple((company_id, name) for company_id, name in companies),
        teams=tuple(TeamOption(t.id, t.name) for t in assignable_teams(session, principal)),
    )


def invite(
    session: Session,
    principal: Principal,
    *,
    email: str,
    name: str,
    company_id: int,
    team_ids: list[int],
    visibility: Visibility | str,
    base_url: str,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> int:
    """Create the invitation and queue its mail (in the caller's transaction); returns its id."""
    ensure(principal, PartnerAction.MANAGE_PEOPLE)
    if company_id not in principal.partner_company_ids:
        raise AccessDenied()
    try:
        visibility = Visibility(visibility)
    except ValueError as error:
        raise AccessDenied("error.invalid_value") from error
    teams = sorted(check_assignable(session, principal, team_ids))
    name = " ".join(name.split())[:_NAME_MAX]
    if not name:
        raise InvitationRefused("people.name_missing")
    try:
        login = normalize_login(normalize_recipient(email))
    except ValueError as error:
        raise InvitationRefused("people.email_invalid") from error
    now = now or utcnow()
    if account_exists(session, login):
        raise InvitationRefused("people.email_taken")
    if _open_invitation_for(session, login, now) is not None:
        raise InvitationRefused("people.already_invited")
    row = new_invitation(
        principal,
        login,
        {
            "name": name,
            "company_id": company_id,
            "team_ids": teams,
            "visibility": visibility.value,
        },
        now,
    )
    send_invitation(session, principal, row, base_url=base_url, now=now, settings=settings)
    audit_invitation(session, principal, "partner.invited", row, company_id=company_id)
    assert row.id is not None
    return row.id


def resend(
    session: Session,
    principal: Principal,
    invitation_id: int,
    *,
    base_url: str,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> None:
    """A fresh link with a fresh expiry; the link of the earlier mail stops working."""
    row = _manageable(session, principal, invitation_id)
    send_invitation(
        session, principal, row, base_url=base_url, now=now or utcnow(), settings=settings
    )
    audit_invitation(session, principal, "partner.invitation_resent", row)


def revoke(
    session: Session, principal: Principal, invitation_id: int, *, now: datetime | None = None
) -> None:
    row = _manageable(session, principal, invitation_id)
    one_time_tokens.revoke(session, row, now=now or utcnow())
    audit_invitation(session, principal, "partner.invitation_revoked", row)


def open_invitations(
    session: Session, principal: Principal, *, now: datetime | None = None
) -> list[OpenInvitation]:
    """Unused, unrevoked invitations into the principal's locations (expired ones too, so they
    can be resent)."""
    ensure(principal, PartnerAction.MANAGE_PEOPLE)
    now = now or utcnow()
    names = dict(options(session, principal).companies)
    return [
        OpenInvitation(
            id=row.id,
            email=row.email,
            name=str(row.data.get("name", "")),
            company=names[row.data.get("company_id")],
            created_at=row.created_at,
            expires_at=row.expires_at,
            expired=row.expires_at <= now,
        )
        for row in open_invitation_rows(session)
        if row.id is not None and row.data.get("company_id") in names
    ]


def invitation_company(session: Session, token: str, *, now: datetime | None = None) -> str | None:
    """For the public page: the company a valid token invites into, and nothing else."""
    row = _usable(session, token, now or utcnow())
    if row is None:
        return None
    company = session.get(PartnerCompany, row.data.get("company_id"))
    return company.name if company is not None else None


def accept(
    session: Session,
    token: str,
    *,
    name: str,
    password: str,
    password_repeat: str,
    now: datetime | None = None,
) -> Acceptance:
    """Create the partner user of a valid invitation and use the token up, in the caller's
    transaction. A login that appears meanwhile makes the caller's commit fail on the unique
    login, which the caller reports as `invite.email_taken`."""
    now = now or utcnow()
    row = _usable(session, token, now)
    if row is None:
        return Acceptance(error="invite.invalid")
    company = session.get(PartnerCompany, row.data.get("company_id"))
    if company is None:
        return Acceptance(error="invite.invalid")
    name = " ".join(name.split())[:_NAME_MAX]
    if not name:
        return Acceptance(error="invite.name_missing")
    if password != password_repeat:
        return Acceptance(error="invite.password_mismatch")
    problems = policy_errors(password, login=row.email, policy=password_policy(session))
    if problems:
        return Acceptance(error=problems[0])
    if account_exists(session, row.email):
        return Acceptance(error="invite.email_taken")
    if not one_time_tokens.claim(session, row.id, now=now):
        return Acceptance(error="invite.invalid")
    user = User(
        kind=UserKind.PARTNER,
        login=row.email,
        email=row.email,
        display_name=name,
        password_hash=hash_password(password),
        password_status=PasswordStatus.USER_SET,
        locale=normalize_locale(str(row.data.get("locale", ""))),
        visibility=Visibility(row.data.get("visibility", Visibility.NONE)),
        created_at=now,
    )
    session.add(user)
    session.flush()
    assert user.id is not None
    wanted_teams = [int(team_id) for team_id in row.data.get("team_ids", [])]
    existing_teams = session.exec(select(Team.id).where(col(Team.id).in_(wanted_teams))).all()
    session.add(UserPartnerCompany(user_id=user.id, partner_company_id=company.id))
    session.add_all(UserTeam(user_id=user.id, team_id=team_id) for team_id in existing_teams)
    session.exec(  # type: ignore[call-overload]
        update(OneTimeToken).where(col(OneTimeToken.id) == row.id).values(user_id=user.id)
    )
    audit_acceptance(session, "partner.invitation_accepted", user.id, row)
    return Acceptance(user_id=user.id)


# --------------------------------------------------------------------------- helpers


def new_invitation(
    principal: Principal, email: str, data: dict[str, object], now: datetime
) -> OneTimeToken:
    """An unsent invitation (partner or customer) to `email`: `data` says what it invites to,
    plus the inviter's locale (the mail's language) and who invited; `send_invitation` gives it
    its token and expiry."""
    return OneTimeToken(
        purpose=TokenPurpose.INVITATION,
        token_hash="",
        email=email,
        data={
            **data,
            "locale": normalize_locale(principal.locale),
            "invited_by": principal.actor_id or principal.user_id,
        },
        created_at=now,
        expires_at=now,
    )


def send_invitation(
    session: Session,
    principal: Principal,
    row: OneTimeToken,
    *,
    base_url: str,
    now: datetime,
    settings: Settings | None,
    path: str = INVITE_PATH,
) -> None:
    """Give the invitation a new token and expiry and queue the mail with its link to `path`
    (partner invitations: /invite; customer invitations: the set-password page)."""
    settings = settings or get_settings()
    token = one_time_tokens.issue(
        session, row, now=now, lifetime=timedelta(days=settings.invitation_days)
    )
    locale = str(row.data.get("locale", "de"))
    queue_mail(
        session,
        template="invitation",
        locale=locale,
        recipient=row.email,
        context={
            "name": str(row.data.get("name", "")),
            "inviter_name": principal.display_name,
            "link": f"{base_url.rstrip('/')}{path}?{urlencode({'token': token})}",
            "expires_at": format_timestamp(row.expires_at, locale),
            "portal_name": portal_name(session),
        },
    )


def audit_invitation(
    session: Session, principal: Principal, action: str, row: OneTimeToken, **detail: object
) -> None:
    """Invitation events (partner and customer) name the invited address."""
    audit.record_by(
        session,
        principal,
        action,
        target_type="invitation",
        target_id=row.id,
        detail={"email": row.email, **detail},
    )


def audit_acceptance(
    session: Session, action: str, user_id: int, row: OneTimeToken, client_address: str = ""
) -> None:
    """The new account accepted the invitation: it is the actor, the inviter is named."""
    audit.record(
        session,
        action,
        actor_id=user_id,
        target_type="user",
        target_id=user_id,
        client_address=client_address,
        detail={"invitation_id": row.id, "invited_by": row.data.get("invited_by")},
    )


def open_invitation_rows(session: Session) -> list[OneTimeToken]:
    """All unused, unrevoked invitations (partner and customer), newest first; callers keep
    the ones in their scope."""
    return list(
        session.exec(
            select(OneTimeToken)
            .where(
                OneTimeToken.purpose == TokenPurpose.INVITATION,
                col(OneTimeToken.used_at).is_(None),
            )
            .order_by(col(OneTimeToken.created_at).desc())
        ).all()
    )


def open_invitation(session: Session, invitation_id: int) -> OneTimeToken | None:
    """The invitation with this id if it is still open (not used, not revoked), else None;
    callers check their own scope on it."""
    row = session.get(OneTimeToken, invitation_id)
    if row is None or row.purpose != TokenPurpose.INVITATION or row.used_at is not None:
        return None
    return row


def account_exists(session: Session, login: str) -> bool:
    """Whether any account has this (normalised) address as login or e-mail."""
    return (
        session.exec(
            select(User.id).where(or_(User.login == login, func.lower(User.email) == login))
        ).first()
        is not None
    )


def insert_account(session: Session, user: User) -> bool:
    """Add a new account in a savepoint; False when another transaction took its login since
    `account_exists` said it was free (the unique login index is the last word), so the caller
    can answer "already taken" instead of failing the whole request."""
    try:
        with session.begin_nested():
            session.add(user)
            session.flush()
    except IntegrityError:
        return False
    return True


def _open_invitation_for(session: Session, login: str, now: datetime) -> OneTimeToken | None:
    return session.exec(
        select(OneTimeToken).where(
            OneTimeToken.purpose == TokenPurpose.INVITATION,
            OneTimeToken.email == login,
            col(OneTimeToken.used_at).is_(None),
            col(OneTimeToken.expires_at) > now,
        )
    ).first()


def _manageable(session: Session, principal: Principal, invitation_id: int) -> OneTimeToken:
    """An open invitation into one of the principal's locations; the same AccessDenied for
    unknown, used and foreign ones."""
    ensure(principal, PartnerAction.MANAGE_PEOPLE)
    row = open_invitation(session, invitation_id)
    if row is None or row.data.get("company_id") not in principal.partner_company_ids:
        raise AccessDenied("error.not_found")
    return row


def _usable(session: Session, token: str, now: datetime) -> OneTimeToken | None:
    return one_time_tokens.usable(session, token, [TokenPurpose.INVITATION], now=now)
