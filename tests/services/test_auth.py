"""Password login, sessions and throttling (SPEC §8)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from portal.config import get_settings
from portal.models import AuditEvent, AuthSession, User
from portal.models.clock import utcnow
from portal.models.enums import UserKind
from portal.services import auth
from portal.services.passwords import hash_password, policy_errors, verify_password

PASSWORD = "Richtig-Gut-2026"
SETTINGS = dataclasses.replace(
    get_settings(),
    max_failures_per_account=3,
    max_failures_per_address=5,
    failure_window_minutes=15,
    session_hours=8,
    session_idle_minutes=30,
)


@pytest.fixture
def user(db_session: Session) -> User:
    row = User(
        kind=UserKind.PARTNER,
        login="eva@example.de",
        display_name="Eva",
        password_hash=hash_password(PASSWORD),
    )
    db_session.add(row)
    db_session.commit()
    return row


def login(session: Session, name: str, password: str, address: str = "10.0.0.1", now=None):  # type: ignore[no-untyped-def]
    result = auth.authenticate(
        session, name, password, client_address=address, now=now or utcnow(), settings=SETTINGS
    )
    session.commit()
    return result


def test_right_password_logs_in_and_counts_the_login(db_session: Session, user: User) -> None:
    result = login(db_session, "  EVA@example.de ", PASSWORD)
    assert result.ok and result.user_id == user.id
    db_session.refresh(user)
    assert user.login_count == 1 and user.last_login_at is not None


@pytest.mark.parametrize("name", ["eva@example.de", "nobody@example.de"])
def test_wrong_password_and_unknown_login_get_the_same_answer(db_session, user, name) -> None:
    result = login(db_session, name, "falsch-falsch")
    assert not result.ok and result.error == "login.invalid"


def test_inactive_user_cannot_log_in(db_session: Session, user: User) -> None:
    user.active = False
    db_session.add(user)
    db_session.commit()
    assert login(db_session, user.login, PASSWORD).error == "login.invalid"


def test_account_is_throttled_after_repeated_failures_even_with_right_password(
    db_session: Session, user: User
) -> None:
    for address in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        login(db_session, user.login, "falsch", address)
    assert login(db_session, user.login, PASSWORD, "4.4.4.4").error == "login.throttled"
    later = utcnow() + timedelta(minutes=16)
    assert login(db_session, user.login, PASSWORD, "4.4.4.4", now=later).ok


def test_address_is_throttled_across_accounts(db_session: Session, user: User) -> None:
    for i in range(5):
        login(db_session, f"guess{i}@example.de", "falsch", "9.9.9.9")
    assert login(db_session, user.login, PASSWORD, "9.9.9.9").error == "login.throttled"
    assert login(db_session, user.login, PASSWORD, "8.8.8.8").ok


def test_failed_and_successful_logins_are_audited(db_session: Session, user: User) -> None:
    login(db_session, user.login, "falsch")
    login(db_session, user.login, PASSWORD)
    actions = db_session.exec(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["login.failed", "login.success"]


def test_session_token_is_stored_hashed_and_resolves(db_session: Session, user: User) -> None:
    token = auth.start_session(db_session, user.id, settings=SETTINGS)
    db_session.commit()
    stored = db_session.exec(select(AuthSession.token_hash)).one()
    assert token not in stored and stored == auth.hash_token(token)
    principal = auth.principal_for_token(db_session, token)
    assert principal is not None and principal.user_id == user.id


def test_session_expires_absolutely_and_when_idle(db_session: Session, user: User) -> None:
    start = utcnow()
    token = auth.start_session(db_session, user.id, now=start, settings=SETTINGS)
    db_session.commit()

    def alive(minutes: int) -> bool:
        now = start + timedelta(minutes=minutes)
        return auth.resolve_session(db_session, token, now=now, settings=SETTINGS) is not None

    assert alive(20) and alive(45)  # each use moves the idle window
    assert not alive(45 + 31)  # idle for longer than 30 minutes
    token = auth.start_session(db_session, user.id, now=start, settings=SETTINGS)
    for minutes in range(20, 8 * 60, 20):
        assert alive(minutes)
    assert not alive(8 * 60 + 1)  # past the absolute 8 hours


def test_logout_ends_the_session_and_logout_everywhere_ends_all(db_session, user) -> None:
    first = auth.start_session(db_session, user.id)
    second = auth.start_session(db_session, user.id)
    db_session.commit()
    assert auth.end_session(db_session, first) == user.id
    assert auth.resolve_session(db_session, first) is None
    assert auth.resolve_session(db_session, second) is not None
    assert auth.end_all_sessions(db_session, user.id) == 1
    assert auth.resolve_session(db_session, second) is None


def test_garbage_tokens_resolve_to_nobody(db_session: Session, user: User) -> None:
    assert auth.principal_for_token(db_session, None) is None
    assert auth.principal_for_token(db_session, "x" * 43) is None


def test_password_hashes_are_argon2_and_policy_refuses_weak_passwords() -> None:
    hashed = hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, PASSWORD) and not verify_password(hashed, "Richtig-Gut-2025")
    assert verify_password(None, "") is False
    assert policy_errors("kurz") == ["password.too_short"]
    assert policy_errors("passwort123") == ["password.too_common"]
    assert policy_errors("eva@example.de", login="EVA@example.de") == ["password.equals_login"]
    assert policy_errors(PASSWORD) == []


def test_an_audience_can_be_limited_to_single_sign_on(db_session: Session, user: User) -> None:
    only_customers = dataclasses.replace(SETTINGS, password_audiences=frozenset({"customer"}))
    result = auth.authenticate(
        db_session, user.login, PASSWORD, client_address="1.2.3.4", settings=only_customers
    )
    assert result.error == "login.password_not_allowed"
    wrong = auth.authenticate(
        db_session, user.login, "falsch", client_address="1.2.3.4", settings=only_customers
    )
    assert wrong.error == "login.invalid"  # the method is only revealed to the right password


def test_parallel_guesses_cannot_slip_past_the_limit(any_db_url: str, user: User) -> None:
    """Each attempt is written before it is checked, so a burst of guesses running at once
    still meets the limit of 3 failures per account."""
    from concurrent.futures import ThreadPoolExecutor

    from portal.db import session_scope

    def guess(i: int) -> str | None:
        with session_scope(any_db_url) as session:
            return auth.authenticate(
                session, user.login, f"falsch-{i}", client_address=f"10.0.0.{i}", settings=SETTINGS
            ).error

    with ThreadPoolExecutor(max_workers=8) as pool:
        errors = list(pool.map(guess, range(16)))
    assert errors.count("login.invalid") <= SETTINGS.max_failures_per_account
    assert errors.count("login.throttled") >= 16 - SETTINGS.max_failures_per_account


def test_accounts_without_password_take_as_long_as_others(db_session, user, monkeypatch) -> None:
    calls: list[str] = []
    real_verify = auth.verify_password
    monkeypatch.setattr(auth, "verify_password", lambda h, p: calls.append(h) or real_verify(h, p))
    sso_only = User(kind=UserKind.PARTNER, login="sso@example.de", password_hash=None)
    db_session.add(sso_only)
    db_session.commit()
    assert login(db_session, "sso@example.de", "irgendwas").error == "login.invalid"
    assert calls == [auth._DUMMY_HASH]  # a full argon2 check ran anyway


def test_act_as_session_ends_when_the_staff_member_loses_the_permission(db_session, user) -> None:
    from portal.models import PermissionGroup, UserPermissionGroup
    from portal.models.enums import StaffPermission

    clerk = User(kind=UserKind.STAFF, login="clerk@example.de")
    group = PermissionGroup(name="Support", permissions=[StaffPermission.ACT_AS.value])
    db_session.add_all([clerk, group])
    db_session.commit()
    db_session.add(UserPermissionGroup(user_id=clerk.id, group_id=group.id))
    token = auth.start_session(db_session, clerk.id)
    row = db_session.exec(select(AuthSession)).one()
    row.acting_as_user_id = user.id
    db_session.add(row)
    db_session.commit()
    acting = auth.principal_for_token(db_session, token)
    assert acting is not None and (acting.user_id, acting.actor_id) == (user.id, clerk.id)
    group.permissions = [StaffPermission.INBOX.value]
    db_session.add(group)
    db_session.commit()
    assert auth.principal_for_token(db_session, token) is None
