"""Password login, server-side sessions and throttling (SPEC §8).

The browser only ever holds a random session token in an HttpOnly cookie; the database keeps
its SHA-256, so a leaked database does not yield usable cookies. Failed logins are counted per
account and per client address; past the limit further attempts are refused without checking
the password, so throttling cannot be used to probe passwords either.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from portal.config import Settings, get_settings
from portal.models import AuthSession, LoginAttempt, User
from portal.models.clock import utcnow
from portal.models.enums import StaffPermission
from portal.services import audit
from portal.services.access import Principal, can, load_principal
from portal.services.passwords import hash_password, needs_rehash, verify_password

COOKIE_NAME = "portal_session"
# Verified against when the login is unknown, so unknown and known logins take equally long.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))
# Sessions are touched at most this often, so busy pages do not write on every event.
_TOUCH_INTERVAL = timedelta(minutes=1)


@dataclass(frozen=True)
class LoginResult:
    user_id: int | None = None
    error: str | None = None  # an i18n message key
    # The password was right, but the account has two-factor login: no session yet, and the
    # login is only counted once the second factor is right (portal.services.totp).
    needs_second_factor: bool = False

    @property
    def ok(self) -> bool:
        return self.user_id is not None


def normalize_login(login: str) -> str:
    return login.strip().lower()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_throttled(
    session: Session,
    login: str,
    client_address: str,
    *,
    now: datetime,
    settings: Settings,
    reserved: int = 0,
) -> bool:
    """Too many failures for this account or address? `reserved` failure rows of the caller's
    own attempt are already written and do not count against it."""
    since = now - timedelta(minutes=settings.failure_window_minutes)
    last_success = session.exec(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.login == login, LoginAttempt.success.is_(True)
        )
    ).one()
    account_since = max(since, last_success) if last_success else since
    account_failures = session.exec(
        select(func.count()).where(
            LoginAttempt.login == login,
            LoginAttempt.success.is_(False),
            LoginAttempt.at > account_since,
        )
    ).one()
    if account_failures - reserved >= settings.max_failures_per_account:
        return True
    address_failures = session.exec(
        select(func.count()).where(
            LoginAttempt.client_address == client_address,
            LoginAttempt.success.is_(False),
            LoginAttempt.at > since,
        )
    ).one()
    return address_failures - reserved >= settings.max_failures_per_address


def authenticate(
    session: Session,
    login: str,
    password: str,
    *,
    client_address: str,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> LoginResult:
    """Check a password login, recording and auditing the attempt; never says what was wrong."""
    settings = settings or get_settings()
    now = now or utcnow()
    login = normalize_login(login)
    if not login or not password:
        return LoginResult(error="login.missing")
    # Reserve the attempt as a failure before checking, committed at once: parallel guesses
    # then see each other's rows, so a burst cannot slip in between the count and the write.
    attempt = LoginAttempt(login=login, client_address=client_address, at=now)
    session.add(attempt)
    session.commit()
    if is_throttled(session, login, client_address, now=now, settings=settings, reserved=1):
        audit.record(
            session, "login.throttled", client_address=client_address, detail={"login": login}
        )
        return LoginResult(error="login.throttled")
    user = session.exec(select(User).where(User.login == login)).first()
    stored = user.password_hash if user is not None else None
    # Always one argon2 verification, so neither unknown nor password-less (SSO-only)
    # accounts answer faster than real ones.
    valid = verify_password(stored or _DUMMY_HASH, password) and stored is not None
    if user is None or not valid or not user.active:
        audit.record(
            session,
            "login.failed",
            actor_id=user.id if user else None,
            client_address=client_address,
            detail={"login": login},
        )
        return LoginResult(error="login.invalid")
    session.delete(attempt)  # the password was right: not a failure
    if user.kind not in settings.password_audiences:
        # The installation lets this audience sign in only through single sign-on.
        audit.record(session, "login.password_not_allowed", actor_id=user.id)
        return LoginResult(error="login.password_not_allowed")
    if needs_rehash(user.password_hash or ""):
        user.password_hash = hash_password(password)
        session.add(user)
    if user.totp_enabled_at is not None:
        # No success row yet: it would reset the account's failure count, so every new
        # password step would buy an attacker fresh guesses at the code.
        audit.record(
            session, "login.password_verified", actor_id=user.id, client_address=client_address
        )
        return LoginResult(user_id=user.id, needs_second_factor=True)
    record_login_success(session, user, client_address=client_address, now=now)
    return LoginResult(user_id=user.id)


def record_login_success(
    session: Session, user: User, *, client_address: str, now: datetime
) -> None:
    """The bookkeeping of a completed login, done once per login whatever its steps: the success
    row (it ends the account's failure streak for throttling), last login, count, audit."""
    session.add(
        LoginAttempt(
            login=user.login, client_address=client_address, at=now, success=True, user_id=user.id
        )
    )
    user.last_login_at = now
    user.login_count += 1
    session.add(user)
    audit.record(session, "login.success", actor_id=user.id, client_address=client_address)


def start_session(
    session: Session,
    user_id: int,
    *,
    client_address: str = "",
    user_agent: str = "",
    now: datetime | None = None,
    settings: Settings | None = None,
    method: str = "password",
) -> str:
    """Create a session row and return the token for the cookie (shown to nobody else)."""
    settings = settings or get_settings()
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    session.add(
        AuthSession(
            token_hash=hash_token(token),
            user_id=user_id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=settings.session_hours),
            client_address=client_address[:64],
            user_agent=user_agent[:300],
            method=method,
        )
    )
    return token


def resolve_session(
    session: Session,
    token: str | None,
    *,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> AuthSession | None:
    """The live session of a cookie token: not ended, not past its absolute or idle expiry."""
    if not token:
        return None
    settings = settings or get_settings()
    now = now or utcnow()
    row = session.exec(
        select(AuthSession).where(AuthSession.token_hash == hash_token(token))
    ).first()
    if row is None or row.ended_at is not None or row.expires_at <= now:
        return None
    if row.last_seen_at + timedelta(minutes=settings.session_idle_minutes) <= now:
        row.ended_at = now
        session.add(row)
        return None
    if now - row.last_seen_at >= _TOUCH_INTERVAL:
        row.last_seen_at = now
        session.add(row)
    return row


def principal_for_token(
    session: Session, token: str | None, *, now: datetime | None = None
) -> Principal | None:
    """The principal a cookie stands for; acting-as sessions yield the account acted as."""
    row = resolve_session(session, token, now=now)
    if row is None:
        return None
    if row.acting_as_user_id is not None:
        # The staff member behind it must still be active and allowed to act as others.
        actor = load_principal(session, row.user_id)
        if actor is None or not can(actor, StaffPermission.ACT_AS):
            return None
        return load_principal(session, row.acting_as_user_id, actor_id=row.user_id)
    return load_principal(session, row.user_id)


def end_session(session: Session, token: str | None, *, now: datetime | None = None) -> int | None:
    """End one session (logout); returns its user id for the audit log."""
    row = resolve_session(session, token, now=now)
    if row is None:
        return None
    row.ended_at = now or utcnow()
    session.add(row)
    audit.record(session, "logout", actor_id=row.user_id, client_address=row.client_address)
    return row.user_id


def end_all_sessions(session: Session, user_id: int, *, now: datetime | None = None) -> int:
    """Logout everywhere: ends every live session of the user."""
    now = now or utcnow()
    rows = session.exec(
        select(AuthSession).where(AuthSession.user_id == user_id, AuthSession.ended_at.is_(None))
    ).all()
    for row in rows:
        row.ended_at = now
        session.add(row)
    return len(rows)
