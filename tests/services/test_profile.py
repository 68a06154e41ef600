"""Password change rules and notification preferences."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from portal.models import AuthSession, User
from portal.models.clock import utcnow
from portal.models.enums import PasswordStatus
from portal.services import profile
from portal.services.access import AccessDenied, load_principal
from portal.services.auth import hash_token
from portal.services.passwords import hash_password, verify_password
from tests.services.support_world import build

OLD = "Alt-Passwort-2026"


def _sessions(session: Session, user: User) -> list[str]:
    for token in ("this", "other-1", "other-2"):
        session.add(
            AuthSession(
                token_hash=hash_token(token),
                user_id=user.id,
                expires_at=utcnow() + timedelta(hours=1),
            )
        )
    user.password_hash = hash_password(OLD)
    session.add(user)
    session.commit()
    return [hash_token("this")]


def _change(session: Session, user: User, current: str, new: str, repeat: str | None = None):  # type: ignore[no-untyped-def]
    return profile.change_password(
        session,
        load_principal(session, user.id),
        current=current,
        new=new,
        repeat=new if repeat is None else repeat,
        keep_session_hash=hash_token("this"),
    )


def test_change_needs_the_current_password(db_session: Session) -> None:
    w = build(db_session)
    _sessions(db_session, w.main)
    assert _change(db_session, w.main, "falsch", "Neues-Passwort-1") == {
        "current": "profile.error.current_wrong"
    }
    assert verify_password(db_session.get(User, w.main.id).password_hash, OLD)


@pytest.mark.parametrize(
    ("new", "repeat", "errors"),
    [
        ("kurz", None, {"new": "password.too_short"}),
        ("passwort123", None, {"new": "password.too_common"}),
        ("main", None, {"new": "password.too_short"}),
        (OLD, None, {"new": "profile.error.same_password"}),
        ("Neues-Passwort-1", "Neues-Passwort-2", {"repeat": "profile.error.repeat_differs"}),
    ],
)
def test_policy_and_repeat_are_checked(db_session: Session, new, repeat, errors) -> None:  # type: ignore[no-untyped-def]
    w = build(db_session)
    _sessions(db_session, w.main)
    assert _change(db_session, w.main, OLD, new, repeat) == errors


def test_change_ends_the_other_sessions_only(db_session: Session) -> None:
    w = build(db_session)
    _sessions(db_session, w.main)
    assert _change(db_session, w.main, OLD, "Neues-Passwort-1") == {}
    db_session.commit()
    user = db_session.get(User, w.main.id)
    assert verify_password(user.password_hash, "Neues-Passwort-1")
    assert user.password_status == PasswordStatus.USER_SET
    live = db_session.exec(
        select(AuthSession.token_hash).where(
            AuthSession.user_id == w.main.id, AuthSession.ended_at.is_(None)
        )
    ).all()
    assert live == [hash_token("this")]


def test_staff_acting_as_cannot_change_the_password(db_session: Session) -> None:
    w = build(db_session)
    _sessions(db_session, w.main)
    acting = load_principal(db_session, w.main.id, actor_id=w.clerk.id)
    with pytest.raises(AccessDenied):
        profile.change_password(
            db_session, acting, current=OLD, new="Neu-123456", repeat="Neu-123456",
            keep_session_hash=None,
        )  # fmt: skip


def test_notification_preferences_are_stored(db_session: Session) -> None:
    w = build(db_session)
    principal = load_principal(db_session, w.normal.id)
    profile.set_preferences(db_session, principal, profile.Preferences(False, True, False))
    db_session.commit()
    assert profile.preferences(db_session, principal) == profile.Preferences(False, True, False)
