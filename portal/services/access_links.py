"""Links that let a person set a password (SPEC §7 "send access", §8 reset).

Portal never mails, stores or exports a plaintext password. Staff "send access" instead: the
account gets an activation link (`TokenPurpose.ACTIVATION`) by mail; "forgot password" sends a
reset link (`TokenPurpose.PASSWORD_RESET`). Both end in `set_password`, which uses the link up
exactly once (`one_time_tokens.claim`). A newer link retires the older ones of the same purpose.

The reset request answers the same whether or not the account exists, and is throttled per
account and per client address so it cannot be used to flood someone's mailbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from sqlalchemy import func
from sqlmodel import Session, col, select

from portal.config import Settings, get_settings
from portal.i18n import format_timestamp, normalize_locale
from portal.models import AuditEvent, OneTimeToken, User
from portal.models.clock import utcnow
from portal.models.enums import PasswordStatus, StaffPermission, TokenPurpose, UserKind
from portal.services import audit, one_time_tokens
from portal.services.access import Principal, ensure
from portal.services.auth import end_all_sessions, normalize_login
from portal.services.branding import portal_name
from portal.services.mail import normalize_recipient, queue_mail
from portal.services.passwords import hash_password, policy_errors
from portal.services.settings import password_policy

SET_PASSWORD_PATH = "/set-password"  # the public page of both links
SET_PASSWORD_ROUTE = "/auth/set-password"  # its form POST
LINK_INVALID = "identity.link_invalid"  # one message for unknown, used and expired links
# Reset mails per account / per client address within the login failure window.
MAX_RESETS_PER_ACCOUNT = 3
MAX_RESETS_PER_ADDRESS = 10
RESET_REQUESTED = "password.reset_requested"
_SENDABLE = (UserKind.CUSTOMER, UserKind.PARTNER)
_PURPOSES = (TokenPurpose.ACTIVATION, TokenPurpose.PASSWORD_RESET)


@dataclass(frozen=True)
class SendAccessResult:
    """Which of the requested accounts got a mail and which were skipped (staff, inactive,
    unknown, or without a usable e-mail address)."""

    sent_ids: tuple[int, ...]
    skipped_ids: tuple[int, ...]

    @property
    def sent(self) -> int:
        return len(self.sent_ids)

    @property
    def skipped(self) -> int:
        return len(self.skipped_ids)


@dataclass(frozen=True)
class PasswordSet:
    """The end of `set_password`: the account's id and login, or an i18n error key."""

    user_id: int | None = None
    login: str = ""
    error: str | None = None


def base_url_or_default(base_url: str, settings: Settings) -> str:
    """Where links point: PORTAL_PUBLIC_URL when configured, else the caller's base (the
    states pass `portal.config.mail_link_base()`, never the request's origin)."""
    return (settings.public_url or base_url).rstrip("/")


def send_access(
    session: Session,
    principal: Principal,
    user_ids: list[int],
    *,
    client_address: str = "",
    base_url: str = "",
    now: datetime | None = None,
    settings: Settings | None = None,
) -> SendAccessResult:
    """Mail an activation link to each active customer or partner account of `user_ids`, in
    the caller's transaction. Staff accounts are never sent access this way."""
    ensure(principal, StaffPermission.MANAGE_ACCOUNTS)
    settings = settings or get_settings()
    now = now or utcnow()
    wanted = sorted({int(user_id) for user_id in user_ids})
    users = {
        user.id: user
        for user in session.exec(select(User).where(col(User.id).in_(wanted))).all()
        if user.active and user.kind in _SENDABLE
    }
    sent: list[int] = []
    for user_id in wanted:
        user = users.get(user_id)
        if user is None or _recipient(user) is None:
            continue
        _mail_link(
            session,
            user,
            TokenPurpose.ACTIVATION,
            lifetime=timedelta(days=settings.access_link_days),
            base_url=base_url_or_default(base_url, settings),
            now=now,
        )
        user.access_sent_at = now
        session.add(user)
        audit.record_by(
            session,
            principal,
            "account.access_sent",
            target_type="user",
            target_id=user_id,
            client_address=client_address,
        )
        sent.append(user_id)
    skipped = tuple(user_id for user_id in wanted if user_id not in sent)
    return SendAccessResult(sent_ids=tuple(sent), skipped_ids=skipped)


def request_password_reset(
    session: Session,
    login_or_email: str,
    client_address: str,
    *,
    base_url: str = "",
    now: datetime | None = None,
    settings: Settings | None = None,
) -> None:
    """Mail a reset link if the login or e-mail names exactly one active account that may sign
    in with a password; otherwise do nothing. Returns nothing either way, so the caller cannot
    tell (and show) whether an account exists. Every request is audited with its address,
    which is what throttles requests per address."""
    settings = settings or get_settings()
    now = now or utcnow()
    wanted = normalize_login(login_or_email)[:254]
    since = now - timedelta(minutes=settings.failure_window_minutes)
    user = _reset_candidate(session, wanted, settings) if wanted else None
    throttled = _recent_requests(session, client_address, since) >= MAX_RESETS_PER_ADDRESS or (
        user is not None and _recent_resets(session, user, since) >= MAX_RESETS_PER_ACCOUNT
    )
    audit.record(
        session,
        RESET_REQUESTED,
        actor_id=user.id if user is not None else None,
        client_address=client_address,
        detail={"login": wanted, "throttled": throttled, "mailed": bool(user and not throttled)},
    )
    if user is None or throttled:
        return
    _mail_link(
        session,
        user,
        TokenPurpose.PASSWORD_RESET,
        lifetime=timedelta(minutes=settings.reset_link_minutes),
        base_url=base_url_or_default(base_url, settings),
        now=now,
    )


def link_login(session: Session, token: str, *, now: datetime | None = None) -> str | None:
    """For the public page: the login a valid activation/reset link is for, and nothing else."""
    row = one_time_tokens.usable(session, token, _PURPOSES, now=now or utcnow())
    if row is None or row.user_id is None:
        return None
    user = session.get(User, row.user_id)
    return user.login if user is not None and user.active else None


def set_password(
    session: Session,
    token: str,
    password: str,
    repeat: str,
    *,
    client_address: str = "",
    now: datetime | None = None,
) -> PasswordSet:
    """Set the password of an activation or reset link's account and use the link up, in the
    caller's transaction. A reset also ends every session of the account (whoever knew the
    old password is signed out)."""
    now = now or utcnow()
    row = one_time_tokens.usable(session, token, _PURPOSES, now=now)
    user = session.get(User, row.user_id) if row is not None and row.user_id else None
    if row is None or user is None or not user.active:
        return PasswordSet(error=LINK_INVALID)
    if password != repeat:
        return PasswordSet(error="identity.password_mismatch")
    problems = policy_errors(password, login=user.login, policy=password_policy(session))
    if problems:
        return PasswordSet(error=problems[0])
    if not one_time_tokens.claim(session, row.id, now=now):
        return PasswordSet(error=LINK_INVALID)
    user.password_hash = hash_password(password)
    user.password_status = PasswordStatus.USER_SET
    session.add(user)
    assert user.id is not None
    if row.purpose == TokenPurpose.PASSWORD_RESET:
        end_all_sessions(session, user.id, now=now)
    audit.record(
        session,
        "password.reset" if row.purpose == TokenPurpose.PASSWORD_RESET else "account.activated",
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
        client_address=client_address,
    )
    return PasswordSet(user_id=user.id, login=user.login)


# --------------------------------------------------------------------------- helpers


def _recipient(user: User) -> str | None:
    for candidate in (user.email, user.login):
        try:
            return normalize_recipient(candidate)
        except ValueError:
            continue
    return None


def _mail_link(
    session: Session,
    user: User,
    purpose: TokenPurpose,
    *,
    lifetime: timedelta,
    base_url: str,
    now: datetime,
) -> None:
    """Retire the account's older links of this purpose, issue a new one and queue its mail."""
    assert user.id is not None
    recipient = _recipient(user)
    assert recipient is not None
    one_time_tokens.retire_open(session, user.id, purpose, now=now)
    row = OneTimeToken(
        purpose=purpose, token_hash="", user_id=user.id, email=recipient, expires_at=now
    )
    token = one_time_tokens.issue(session, row, now=now, lifetime=lifetime)
    locale = normalize_locale(user.locale)
    link = f"{base_url}{SET_PASSWORD_PATH}?{urlencode({'token': token})}"
    context = {
        "name": user.display_name or user.login,
        "link": link,
        "expires_at": format_timestamp(row.expires_at, locale),
        "portal_name": portal_name(session),
    }
    if purpose == TokenPurpose.ACTIVATION:
        queue_mail(
            session,
            template="access_data",
            locale=locale,
            recipient=recipient,
            context={**context, "login": user.login},
        )
    else:
        queue_mail(
            session, template="password_reset", locale=locale, recipient=recipient, context=context
        )


def _reset_candidate(session: Session, wanted: str, settings: Settings) -> User | None:
    """The one active account with this login (or, failing that, this e-mail) that may use
    a password; several accounts sharing an e-mail get nothing rather than a guess."""
    by_login = session.exec(select(User).where(User.login == wanted)).first()
    matches = (
        [by_login]
        if by_login is not None
        else list(session.exec(select(User).where(func.lower(User.email) == wanted).limit(2)).all())
    )
    if len(matches) != 1:
        return None
    user = matches[0]
    if not user.active or user.kind not in settings.password_audiences:
        return None
    return user if _recipient(user) is not None else None


def _recent_resets(session: Session, user: User, since: datetime) -> int:
    return session.exec(
        select(func.count()).where(
            OneTimeToken.user_id == user.id,
            OneTimeToken.purpose == TokenPurpose.PASSWORD_RESET,
            col(OneTimeToken.created_at) > since,
        )
    ).one()


def _recent_requests(session: Session, client_address: str, since: datetime) -> int:
    return session.exec(
        select(func.count()).where(
            AuditEvent.action == RESET_REQUESTED,
            AuditEvent.client_address == client_address[:64],
            col(AuditEvent.at) > since,
        )
    ).one()
