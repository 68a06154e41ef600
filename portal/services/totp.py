"""Two-factor login with time-based one-time codes (TOTP, RFC 6238) and recovery codes.

The secret is stored encrypted with the installation key and only becomes active once the user
has proven with a code that the authenticator app has it. A code is accepted one step (30 s)
either side of now, and a time step is accepted once per account (`User.totp_last_step`), so a
code seen over a shoulder or in a log cannot be replayed. Recovery codes are random, shown once,
stored as SHA-256 and work exactly once.

Failed codes count like failed passwords: each is a `LoginAttempt` row of the account with
`success=False`, so `portal.services.auth.is_throttled` refuses further passwords *and* codes
per account and per address once the limit is reached. Every success and failure is audited.

Between the password and the code of a login stands a `LoginChallenge`: a random token in an
HttpOnly cookie (the table keeps its SHA-256), five minutes, five attempts, used once.
"""

from __future__ import annotations

import base64
import io
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
import segno
from sqlalchemy import delete, func, or_, update
from sqlmodel import Session, select

from portal.config import Settings, get_settings
from portal.models import LoginAttempt, LoginChallenge, RecoveryCode, User
from portal.models.clock import utcnow
from portal.models.enums import StaffPermission
from portal.services import access, audit
from portal.services.access import AccessDenied, Principal
from portal.services.auth import (
    end_all_sessions,
    hash_token,
    is_throttled,
    record_login_success,
)
from portal.services.crypto import decrypt, encrypt
from portal.services.passwords import verify_password

log = logging.getLogger(__name__)

ISSUER = "Portal"
VALID_WINDOW = 1  # steps either side of now: tolerates 30 s of clock drift and typing time
RECOVERY_CODE_COUNT = 10
# 12 characters of an alphabet without look-alikes (0/o, 1/l/i): about 59 bits per code.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_GROUPS = 3
_RECOVERY_GROUP_LENGTH = 4
CHALLENGE_LIFETIME = timedelta(minutes=5)
CHALLENGE_MAX_ATTEMPTS = 5
# Staff see at most this many accounts on the reset page (newest first).
STAFF_LIST_LIMIT = 500


@dataclass(frozen=True)
class Enrolment:
    """What the user needs to add Portal to an authenticator app; shown only while enrolling."""

    secret: str  # base32
    uri: str  # otpauth://totp/Portal:<login>?secret=...&issuer=Portal
    qr_svg: str

    @property
    def manual_key(self) -> str:
        """The secret in groups of four, for typing it into an app by hand."""
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))

    @property
    def qr_data_uri(self) -> str:
        """The QR code as an <img> source: no markup of ours is injected into the page."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.qr_svg.encode()).decode()


@dataclass(frozen=True)
class Status:
    """What the security page shows about the signed-in user's two-factor login."""

    enabled_at: datetime | None
    recovery_codes_left: int
    must_enrol: bool
    password_login: bool  # without a password (single sign-on only) a TOTP protects nothing


@dataclass(frozen=True)
class Outcome:
    """The result of an action that needs a code: an i18n error key, or fresh recovery codes."""

    error: str | None = None
    recovery_codes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class ChallengeResult:
    """The end of the second login step: the user to start a session for, or an error key."""

    user_id: int | None = None
    kind: str = ""
    login: str = ""
    next_path: str = ""
    error: str | None = None


# --------------------------------------------------------------------------- codes


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, issuer=ISSUER)


def _matching_step(secret: str, code: str, now: datetime, last_step: int | None) -> int | None:
    """The time step within the window whose code this is, skipping steps already used."""
    totp = _totp(secret)
    current = totp.timecode(now)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if last_step is not None and step <= last_step:
            continue
        if pyotp.utils.strings_equal(code, totp.generate_otp(step)):
            return step
    return None


def normalize_code(code: str) -> str:
    """Codes as people type them: spaces and dashes do not matter, nor does case."""
    return "".join(ch for ch in code.lower() if ch not in " -\t")


def looks_like_totp(code: str) -> bool:
    normalized = normalize_code(code)
    return len(normalized) == 6 and normalized.isdigit()


def _qr_svg(uri: str) -> str:
    """A standalone SVG document (with its namespace, so it works as an <img> source) on white
    with the standard quiet zone, which scanners need even in a dark theme."""
    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", scale=5, border=4, light="#fff", xmldecl=False)
    return out.getvalue().decode()


def _new_recovery_code() -> str:
    groups = (
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_GROUP_LENGTH))
        for _ in range(_RECOVERY_GROUPS)
    )
    return "-".join(groups)


def _replace_recovery_codes(session: Session, user_id: int, now: datetime) -> tuple[str, ...]:
    """Ten new codes in plaintext (for showing once); the table only keeps their hashes."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    codes = tuple(_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT))
    for code in codes:
        session.add(
            RecoveryCode(
                user_id=user_id, code_hash=hash_token(normalize_code(code)), created_at=now
            )
        )
    return codes


def _accept_totp(session: Session, user: User, code: str, now: datetime) -> bool:
    """Accept a current code once: the step is stored by a conditional UPDATE, so two requests
    racing with the same code cannot both win."""
    secret = decrypt(user.totp_secret_encrypted or "")
    if secret is None:
        log.warning("TOTP secret of user %s cannot be decrypted (installation key?)", user.id)
        return False
    step = _matching_step(secret, normalize_code(code), now, user.totp_last_step)
    if step is None:
        return False
    claimed = session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
    )
    return claimed.rowcount == 1


def _accept_recovery_code(session: Session, user: User, code: str, now: datetime) -> bool:
    """Use up an unused recovery code of this user (conditional UPDATE: once, even in a race)."""
    used = session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == hash_token(normalize_code(code)),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=now)
    )
    return used.rowcount == 1


def _record_failure(session: Session, user: User, client_address: str, now: datetime) -> None:
    """A wrong code counts for throttling exactly like a wrong password."""
    session.add(
        LoginAttempt(
            login=user.login, client_address=client_address, at=now, success=False, user_id=user.id
        )
    )
    audit.record(session, "totp.failed", actor_id=user.id, client_address=client_address)


def _throttled(
    session: Session, user: User, client_address: str, now: datetime, settings: Settings
) -> bool:
    if not is_throttled(session, user.login, client_address, now=now, settings=settings):
        return False
    audit.record(
        session,
        "login.throttled",
        actor_id=user.id,
        client_address=client_address,
        detail={"login": user.login, "step": "totp"},
    )
    return True


def _verify(
    session: Session,
    user: User,
    code: str,
    *,
    client_address: str,
    now: datetime,
    recovery: bool = True,
) -> bool:
    """Check a code (or, if allowed, a recovery code) of an enabled account, auditing the
    outcome and counting a failure for throttling. Callers check throttling first."""
    if _accept_totp(session, user, code, now):
        audit.record(session, "totp.verified", actor_id=user.id, client_address=client_address)
        return True
    if recovery and _accept_recovery_code(session, user, code, now):
        audit.record(session, "totp.recovery_used", actor_id=user.id, client_address=client_address)
        return True
    _record_failure(session, user, client_address, now)
    return False


# --------------------------------------------------------------------------- the own account


def _own_account(session: Session, principal: Principal) -> User:
    """The signed-in person's user row. Staff acting as an account must not change that
    account's second factor: it protects the account holder, not the helper."""
    if principal.actor_id is not None:
        raise AccessDenied("totp.acting_as")
    user = session.get(User, principal.user_id)
    if user is None or not user.active:
        raise AccessDenied("error.session")
    return user


def _enabled_account(session: Session, principal: Principal) -> User:
    user = _own_account(session, principal)
    if user.totp_enabled_at is None:
        raise AccessDenied("totp.not_enabled")
    return user


def must_enrol(session: Session, user_id: int, settings: Settings) -> bool:
    """Does the installation require two-factor login of this user, who has none yet?

    Called by the access middleware before every guarded event, so it costs nothing when no
    audience requires it and one indexed query otherwise. Accounts without a password (single
    sign-on only) never log in with a password, so nothing asks them to enrol."""
    audiences = settings.require_two_factor & settings.password_audiences
    if not audiences:
        return False
    row = session.exec(
        select(User.id).where(
            User.id == user_id,
            User.kind.in_(sorted(audiences)),
            User.totp_enabled_at.is_(None),
            User.password_hash.is_not(None),
        )
    ).first()
    return row is not None


def status(session: Session, principal: Principal, settings: Settings | None = None) -> Status:
    settings = settings or get_settings()
    user = _own_account(session, principal)
    left = session.exec(
        select(func.count()).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ).one()
    return Status(
        enabled_at=user.totp_enabled_at,
        recovery_codes_left=left,
        must_enrol=must_enrol(session, user.id, settings),  # type: ignore[arg-type]
        password_login=user.password_hash is not None,
    )


def begin_enrolment(session: Session, principal: Principal) -> Enrolment:
    """A new random secret, stored encrypted but not yet active (a second call replaces it)."""
    user = _own_account(session, principal)
    if user.totp_enabled_at is not None:
        raise AccessDenied("totp.already_enabled")
    if user.password_hash is None:
        raise AccessDenied("totp.sso_only")
    secret = pyotp.random_base32()
    user.totp_secret_encrypted = encrypt(secret)
    user.totp_last_step = None
    session.add(user)
    audit.record(session, "totp.enrolment_started", actor_id=user.id)
    uri = _totp(secret).provisioning_uri(name=user.login, issuer_name=ISSUER)
    return Enrolment(secret=secret, uri=uri, qr_svg=_qr_svg(uri))


def confirm_enrolment(
    session: Session,
    principal: Principal,
    code: str,
    *,
    client_address: str = "",
    now: datetime | None = None,
    settings: Settings | None = None,
) -> Outcome:
    """Turn two-factor login on once a code proves the app has the secret; returns the ten
    recovery codes in plaintext, the only time they exist outside the user's hands."""
    settings = settings or get_settings()
    now = now or utcnow()
    user = _own_account(session, principal)
    if user.totp_enabled_at is not None:
        raise AccessDenied("totp.already_enabled")
    if user.totp_secret_encrypted is None:
        raise AccessDenied("totp.not_enrolling")
    if _throttled(session, user, client_address, now, settings):
        return Outcome(error="login.throttled")
    if not _accept_totp(session, user, code, now):
        _record_failure(session, user, client_address, now)
        return Outcome(error="totp.invalid")
    user.totp_enabled_at = now
    session.add(user)
    codes = _replace_recovery_codes(session, user.id, now)  # type: ignore[arg-type]
    audit.record(session, "totp.enabled", actor_id=user.id, client_address=client_address)
    return Outcome(recovery_codes=codes)


def _turn_off(session: Session, user: User, now: datetime) -> None:
    """Back to password-only: secret, recovery codes and pending login challenges go."""
    user.totp_secret_encrypted = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    session.add(user)
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    session.execute(
        update(LoginChallenge)
        .where(LoginChallenge.user_id == user.id, LoginChallenge.used_at.is_(None))
        .values(used_at=now)
    )


def disable(
    session: Session,
    principal: Principal,
    password: str,
    code: str,
    *,
    client_address: str = "",
    now: datetime | None = None,
    settings: Settings | None = None,
) -> Outcome:
    """Turn two-factor login off: needs the current password *and* a code or recovery code, so
    a forgotten open session alone cannot remove the second factor."""
    settings = settings or get_settings()
    now = now or utcnow()
    user = _enabled_account(session, principal)
    if _throttled(session, user, client_address, now, settings):
        return Outcome(error="login.throttled")
    if not verify_password(user.password_hash, password):
        _record_failure(session, user, client_address, now)
        return Outcome(error="totp.disable_invalid")
    if not _verify(session, user, code, client_address=client_address, now=now):
        return Outcome(error="totp.disable_invalid")
    _turn_off(session, user, now)
    audit.record(session, "totp.disabled", actor_id=user.id, client_address=client_address)
    return Outcome()


def regenerate_recovery_codes(
    session: Session,
    principal: Principal,
    code: str,
    *,
    client_address: str = "",
    now: datetime | None = None,
    settings: Settings | None = None,
) -> Outcome:
    """Ten new recovery codes replace all old ones; needs a current code from the app."""
    settings = settings or get_settings()
    now = now or utcnow()
    user = _enabled_account(session, principal)
    if _throttled(session, user, client_address, now, settings):
        return Outcome(error="login.throttled")
    if not _verify(session, user, code, client_address=client_address, now=now, recovery=False):
        return Outcome(error="totp.invalid")
    codes = _replace_recovery_codes(session, user.id, now)  # type: ignore[arg-type]
    audit.record(
        session, "totp.recovery_regenerated", actor_id=user.id, client_address=client_address
    )
    return Outcome(recovery_codes=codes)


# --------------------------------------------------------------------------- staff


def enabled_accounts(session: Session, principal: Principal) -> list[User]:
    """Accounts with two-factor login on, newest first, for the staff reset page."""
    access.ensure(principal, StaffPermission.MANAGE_ACCOUNTS)
    return list(
        session.exec(
            select(User)
            .where(User.totp_enabled_at.is_not(None))
            .order_by(User.totp_enabled_at.desc(), User.id)  # type: ignore[union-attr]
            .limit(STAFF_LIST_LIMIT)
        ).all()
    )


def staff_reset(
    session: Session,
    principal: Principal,
    user_id: int,
    *,
    client_address: str = "",
    now: datetime | None = None,
) -> User:
    """Remove another user's second factor (lost phone and recovery codes). The user then logs
    in with the password alone and can enrol again; the user's sessions end, since whoever has
    the lost phone may be among them. Audited with the staff member as actor."""
    access.ensure(principal, StaffPermission.MANAGE_ACCOUNTS)
    if user_id == principal.user_id:
        raise AccessDenied("totp.reset_self")
    user = session.get(User, user_id)
    if user is None or user.totp_secret_encrypted is None:
        raise AccessDenied("error.not_found")
    _turn_off(session, user, now or utcnow())
    ended = end_all_sessions(session, user_id, now=now)
    audit.record(
        session,
        "totp.reset",
        actor_id=principal.actor_id or principal.user_id,
        acting_as_id=principal.user_id if principal.actor_id else None,
        target_type="user",
        target_id=user_id,
        client_address=client_address,
        detail={"login": user.login, "sessions_ended": ended},
    )
    return user


# --------------------------------------------------------------------------- the login step


def start_challenge(
    session: Session, user_id: int, next_path: str = "", *, now: datetime | None = None
) -> str:
    """After a right password: the token for the `portal_mfa` cookie (only its hash is kept)."""
    now = now or utcnow()
    session.execute(delete(LoginChallenge).where(LoginChallenge.expires_at < now))
    token = secrets.token_urlsafe(32)
    session.add(
        LoginChallenge(
            token_hash=hash_token(token),
            user_id=user_id,
            next_path=next_path[:500],
            created_at=now,
            expires_at=now + CHALLENGE_LIFETIME,
        )
    )
    return token


def _claim_attempt(session: Session, token: str | None, now: datetime) -> LoginChallenge | None:
    """The live challenge of a cookie with one of its attempts used up (atomically, so
    parallel requests cannot exceed the limit); None when unknown, used, expired or spent."""
    if not token:
        return None
    challenge = session.exec(
        select(LoginChallenge).where(LoginChallenge.token_hash == hash_token(token))
    ).first()
    if challenge is None or challenge.expires_at <= now:
        return None
    claimed = session.execute(
        update(LoginChallenge)
        .where(
            LoginChallenge.id == challenge.id,
            LoginChallenge.used_at.is_(None),
            LoginChallenge.attempts < CHALLENGE_MAX_ATTEMPTS,
        )
        .values(attempts=LoginChallenge.attempts + 1)
    )
    if claimed.rowcount != 1:
        return None
    session.refresh(challenge)
    return challenge


def _end_challenge(session: Session, challenge: LoginChallenge, now: datetime) -> bool:
    """Mark the challenge used; False if a parallel request already did."""
    ended = session.execute(
        update(LoginChallenge)
        .where(LoginChallenge.id == challenge.id, LoginChallenge.used_at.is_(None))
        .values(used_at=now)
    )
    return ended.rowcount == 1


def complete_challenge(
    session: Session,
    token: str | None,
    code: str,
    *,
    client_address: str = "",
    now: datetime | None = None,
    settings: Settings | None = None,
) -> ChallengeResult:
    """The second login step: a right code (or recovery code) completes the login, which is
    counted now and only now (see `authenticate`)."""
    settings = settings or get_settings()
    now = now or utcnow()
    challenge = _claim_attempt(session, token, now)
    user = session.get(User, challenge.user_id) if challenge else None
    if challenge is None or user is None or not user.active or user.totp_enabled_at is None:
        return ChallengeResult(error="totp.expired")
    if _throttled(session, user, client_address, now, settings):
        _end_challenge(session, challenge, now)
        return ChallengeResult(
            login=user.login, next_path=challenge.next_path, error="login.throttled"
        )
    if not _verify(session, user, code, client_address=client_address, now=now):
        if challenge.attempts < CHALLENGE_MAX_ATTEMPTS:
            return ChallengeResult(error="totp.invalid")
        _end_challenge(session, challenge, now)
        return ChallengeResult(
            login=user.login, next_path=challenge.next_path, error="totp.expired"
        )
    if not _end_challenge(session, challenge, now):
        return ChallengeResult(error="totp.expired")  # a parallel request finished it
    record_login_success(session, user, client_address=client_address, now=now)
    return ChallengeResult(
        user_id=user.id, kind=user.kind, login=user.login, next_path=challenge.next_path
    )
