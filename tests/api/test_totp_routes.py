"""The two login steps over HTTP: password (`/auth/login`) then code (`/auth/totp`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from portal.api import build_api
from portal.api.totp_routes import MFA_COOKIE
from portal.config import get_settings
from portal.db import get_engine
from portal.models import AuditEvent, AuthSession, LoginChallenge, RecoveryCode, User
from portal.models.clock import utcnow
from portal.models.enums import UserKind
from portal.services.auth import COOKIE_NAME, hash_token
from portal.services.crypto import encrypt
from portal.services.passwords import hash_password

ORIGIN = {"origin": "http://testserver"}
PASSWORD = "Richtig-Gut-2026"
LOGIN = "eva@partner.example"
SECRET = pyotp.random_base32()
RECOVERY_CODE = "abcd-efgh-jkmn"


@pytest.fixture
def client(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    from tests.conftest import clear_all_tables

    clear_all_tables(sqlite_url)
    monkeypatch.setenv("PORTAL_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("PORTAL_SECRET_KEY", "test-installation-key-of-at-least-32-chars")
    get_settings.cache_clear()
    with Session(get_engine(sqlite_url)) as session:
        user = User(
            kind=UserKind.PARTNER,
            login=LOGIN,
            password_hash=hash_password(PASSWORD),
            totp_secret_encrypted=encrypt(SECRET),
            totp_enabled_at=utcnow() - timedelta(days=1),
        )
        session.add(user)
        session.flush()
        session.add(RecoveryCode(user_id=user.id, code_hash=hash_token("abcdefghjkmn")))
        session.commit()
    with TestClient(build_api(), follow_redirects=False) as test_client:
        yield test_client
    get_settings.cache_clear()


def db(sqlite_url: str) -> Session:
    return Session(get_engine(sqlite_url))


def password_step(client: TestClient, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/auth/login", data={"login": LOGIN, "password": PASSWORD, **extra}, headers=ORIGIN
    )


def code_step(client: TestClient, code: str, headers: dict[str, str] = ORIGIN):  # type: ignore[no-untyped-def]
    return client.post("/auth/totp", data={"code": code}, headers=headers)


def query(response) -> tuple[str, dict[str, list[str]]]:  # type: ignore[no-untyped-def]
    location = urlsplit(response.headers["location"])
    return location.path, parse_qs(location.query)


def test_the_password_step_sets_only_the_challenge_cookie(client: TestClient, sqlite_url) -> None:
    response = password_step(client)

    assert response.status_code == 303 and response.headers["location"] == "/login/code"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{MFA_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Path=/auth/totp" in cookie and "Max-Age=300" in cookie
    assert COOKIE_NAME not in cookie
    token = client.cookies[MFA_COOKIE]
    with db(sqlite_url) as session:
        assert session.exec(select(AuthSession)).all() == []
        challenge = session.exec(select(LoginChallenge)).one()
        assert challenge.token_hash == hash_token(token)
        assert session.exec(select(User.login_count)).one() == 0


def test_the_right_code_signs_in_and_ends_the_challenge(client: TestClient, sqlite_url) -> None:
    password_step(client, next="/partner?tab=alarm")

    response = code_step(client, pyotp.TOTP(SECRET).now())

    assert response.status_code == 303 and response.headers["location"] == "/partner?tab=alarm"
    cookies = response.headers.get_list("set-cookie")
    session_cookie = next(c for c in cookies if c.startswith(f"{COOKIE_NAME}="))
    assert "HttpOnly" in session_cookie and "SameSite=lax" in session_cookie
    assert any(c.startswith(f'{MFA_COOKIE}=""') and "Path=/auth/totp" in c for c in cookies)
    with db(sqlite_url) as session:
        assert len(session.exec(select(AuthSession)).all()) == 1
        assert session.exec(select(LoginChallenge.used_at)).one() is not None
        assert session.exec(select(User.login_count)).one() == 1
        steps = session.exec(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert steps == ["login.password_verified", "totp.verified", "login.success"]


def test_a_recovery_code_signs_in_once(client: TestClient) -> None:
    password_step(client)
    assert code_step(client, RECOVERY_CODE).headers["location"] == "/partner"

    password_step(client)
    again = code_step(client, RECOVERY_CODE)
    assert query(again) == ("/login/code", {"error": ["totp.invalid"], "mode": ["recovery"]})


def test_a_wrong_code_goes_back_to_the_code_page(client: TestClient, sqlite_url) -> None:
    password_step(client)

    response = code_step(client, "000000")

    assert query(response) == ("/login/code", {"error": ["totp.invalid"]})
    assert "set-cookie" not in response.headers  # the challenge stays for the next try
    right = code_step(client, pyotp.TOTP(SECRET).now())
    assert right.headers["location"] == "/partner"
    with db(sqlite_url) as session:
        assert session.exec(select(LoginChallenge.attempts)).one() == 2


def test_a_challenge_is_single_use(client: TestClient) -> None:
    password_step(client)
    token = client.cookies[MFA_COOKIE]
    code_step(client, pyotp.TOTP(SECRET).now())

    client.cookies.set(MFA_COOKIE, token, path="/auth/totp")
    replay = code_step(client, RECOVERY_CODE)

    assert query(replay) == ("/login", {"error": ["totp.expired"]})
    assert COOKIE_NAME + "=" not in replay.headers["set-cookie"]


def test_an_expired_or_missing_challenge_sends_back_to_login(client: TestClient, sqlite_url):  # type: ignore[no-untyped-def]
    password_step(client)
    with db(sqlite_url) as session:
        challenge = session.exec(select(LoginChallenge)).one()
        challenge.expires_at = utcnow() - timedelta(seconds=1)
        session.add(challenge)
        session.commit()

    response = code_step(client, pyotp.TOTP(SECRET).now())

    assert query(response) == ("/login", {"error": ["totp.expired"]})
    assert f'{MFA_COOKIE}=""' in response.headers["set-cookie"]
    without_cookie = TestClient(build_api(), follow_redirects=False)
    assert query(code_step(without_cookie, "123456"))[1] == {"error": ["totp.expired"]}


def test_cross_site_code_posts_are_refused(client: TestClient, sqlite_url) -> None:
    password_step(client)

    evil = code_step(client, pyotp.TOTP(SECRET).now(), {"origin": "https://evil.example"})
    no_origin = code_step(client, pyotp.TOTP(SECRET).now(), {})

    for response in (evil, no_origin):
        assert query(response) == ("/login", {"error": ["login.forbidden_origin"]})
        assert "set-cookie" not in response.headers
    with db(sqlite_url) as session:
        assert session.exec(select(AuthSession)).all() == []
        assert session.exec(select(LoginChallenge.attempts)).one() == 0


def test_an_account_that_must_enrol_is_sent_to_the_security_page(
    client: TestClient, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORTAL_REQUIRE_2FA", "partner")
    get_settings.cache_clear()
    with db(sqlite_url) as session:
        user = session.exec(select(User)).one()
        user.totp_enabled_at = None
        session.add(user)
        session.commit()

    response = password_step(client, next="/partner")

    assert response.headers["location"] == "/profile/security"
    assert response.headers["set-cookie"].startswith(f"{COOKIE_NAME}=")


def test_five_wrong_codes_end_the_challenge_and_throttle_the_account(client: TestClient) -> None:
    password_step(client)
    for _ in range(4):
        assert query(code_step(client, "000000"))[0] == "/login/code"

    fifth = code_step(client, "000000")

    assert query(fifth) == ("/login", {"error": ["totp.expired"], "login": [LOGIN]})
    assert f'{MFA_COOKIE}=""' in fifth.headers["set-cookie"]
    again = password_step(client)  # five failures: the account limit of the default settings
    assert query(again)[1]["error"] == ["login.throttled"]
