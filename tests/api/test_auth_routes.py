"""The login/logout/health routes over HTTP (Starlette TestClient against build_api())."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from portal.api import build_api
from portal.config import get_settings
from portal.db import get_engine
from portal.models import AuthSession, User
from portal.models.enums import UserKind
from portal.services.auth import COOKIE_NAME
from portal.services.passwords import hash_password

ORIGIN = {"origin": "http://testserver"}
PASSWORD = "Richtig-Gut-2026"


@pytest.fixture
def client(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    from tests.conftest import clear_all_tables

    clear_all_tables(sqlite_url)
    monkeypatch.setenv("PORTAL_DATABASE_URL", sqlite_url)
    get_settings.cache_clear()
    with Session(get_engine(sqlite_url)) as session:
        session.add(
            User(
                kind=UserKind.CUSTOMER,
                login="kunde@example.de",
                password_hash=hash_password(PASSWORD),
            )
        )
        session.commit()
    with TestClient(build_api(), follow_redirects=False) as test_client:
        yield test_client
    get_settings.cache_clear()


def post_login(client: TestClient, login: str, password: str, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/auth/login", data={"login": login, "password": password, **extra}, headers=ORIGIN
    )


def test_login_sets_an_httponly_lax_cookie_and_redirects_home(client: TestClient) -> None:
    response = post_login(client, "kunde@example.de", PASSWORD)
    assert response.status_code == 303 and response.headers["location"] == "/customer"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie


def test_login_follows_a_local_next_path_but_not_another_site(client: TestClient) -> None:
    assert (
        post_login(client, "kunde@example.de", PASSWORD, next="/customer?x=1").headers["location"]
        == "/customer?x=1"
    )
    for evil in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = post_login(client, "kunde@example.de", PASSWORD, next=evil)
        assert response.headers["location"] == "/customer"


def test_wrong_password_goes_back_with_message_and_typed_login(client: TestClient) -> None:
    response = post_login(client, "kunde@example.de", "falsch")
    location = urlsplit(response.headers["location"])
    assert location.path == "/login"
    assert parse_qs(location.query) == {"error": ["login.invalid"], "login": ["kunde@example.de"]}
    assert "set-cookie" not in response.headers


def test_cross_site_posts_are_refused(client: TestClient) -> None:
    response = client.post(
        "/auth/login",
        data={"login": "kunde@example.de", "password": PASSWORD},
        headers={"origin": "https://evil.example"},
    )
    assert "error=login.forbidden_origin" in response.headers["location"]
    assert "set-cookie" not in response.headers
    no_origin = client.post("/auth/login", data={"login": "kunde@example.de", "password": PASSWORD})
    assert "set-cookie" not in no_origin.headers


def test_logout_ends_the_session_and_deletes_the_cookie(client: TestClient, sqlite_url) -> None:
    post_login(client, "kunde@example.de", PASSWORD)
    response = client.post("/auth/logout", headers=ORIGIN)
    assert response.headers["location"] == "/login?info=login.logged_out"
    assert f'{COOKIE_NAME}=""' in response.headers["set-cookie"]
    with Session(get_engine(sqlite_url)) as session:
        assert session.exec(select(AuthSession.ended_at)).one() is not None


def test_health_reports_the_database(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
