"""The own profile of any signed-in user: password change and notification preferences.

A password change needs the current password (a left-open browser is not enough), must pass
the policy of `portal.services.passwords`, and ends the user's other sessions (a thief's too),
keeping only the one the change was made in. Staff acting as an account cannot change its
password: they do not know it, and the account's owner must stay its owner.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from portal.models import AuthSession, User
from portal.models.clock import utcnow
from portal.models.enums import PasswordStatus
from portal.services import audit
from portal.services.access import AccessDenied, Principal
from portal.services.passwords import hash_password, policy_errors, verify_password
from portal.services.settings import password_policy

PROFILE_PATH = "/profile"
NOTIFICATION_FIELDS = ("notify_documents", "notify_tickets", "notify_orders")


@dataclass(frozen=True)
class Preferences:
    notify_documents: bool
    notify_tickets: bool
    notify_orders: bool


def _own_user(session: Session, principal: Principal) -> User:
    if principal.actor_id is not None:
        raise AccessDenied("profile.error.acting_as")
    user = session.get(User, principal.user_id)
    if user is None:
        raise AccessDenied("error.not_found")
    return user


def preferences(session: Session, principal: Principal) -> Preferences:
    user = session.get(User, principal.user_id)
    if user is None:
        raise AccessDenied("error.not_found")
    return Preferences(user.notify_documents, user.notify_tickets, user.notify_orders)


def set_preferences(session: Session, principal: Principal, chosen: Preferences) -> None:
    user = _own_user(session, principal)
    for name in NOTIFICATION_FIELDS:
        setattr(user, name, bool(getattr(chosen, name)))
    session.add(user)
    audit.record_by(
        session,
        principal,
        "profile.notifications_changed",
        target_type="user",
        target_id=user.id,
        detail={name: getattr(chosen, name) for name in NOTIFICATION_FIELDS},
    )


def change_password(
    session: Session,
    principal: Principal,
    *,
    current: str,
    new: str,
    repeat: str,
    keep_session_hash: str | None,
    client_address: str = "",
) -> dict[str, str]:
    """Field -> message key for every refusal (empty: changed). On success the other live
    sessions of the user end; `keep_session_hash` is the session the change was made in."""
    user = _own_user(session, principal)
    if not verify_password(user.password_hash, current):
        audit.record_by(
            session,
            principal,
            "profile.password_refused",
            target_type="user",
            target_id=user.id,
            client_address=client_address,
        )
        return {"current": "profile.error.current_wrong"}
    errors: dict[str, str] = {}
    problems = policy_errors(new, login=user.login, policy=password_policy(session))
    if problems:
        errors["new"] = problems[0]
    elif new == current:
        errors["new"] = "profile.error.same_password"
    elif new != repeat:
        errors["repeat"] = "profile.error.repeat_differs"
    if errors:
        return errors
    user.password_hash = hash_password(new)
    user.password_status = PasswordStatus.USER_SET
    session.add(user)
    now = utcnow()
    others = session.exec(
        select(AuthSession).where(
            AuthSession.user_id == user.id,
            AuthSession.ended_at.is_(None),
            AuthSession.token_hash != (keep_session_hash or ""),
        )
    ).all()
    for row in others:
        row.ended_at = now
        session.add(row)
    audit.record_by(
        session,
        principal,
        "profile.password_changed",
        target_type="user",
        target_id=user.id,
        client_address=client_address,
        detail={"sessions_ended": len(others)},
    )
    return {}
