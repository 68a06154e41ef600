"""POST /auth/invitation over HTTP: a valid invitation becomes a signed-in partner user; errors
go back to the invitation page with a message key and the typed name, never a cookie."""

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
from portal.services import invitations
from portal.services.access import load_principal
from portal.services.auth import COOKIE_NAME
from tests.services.people_world import build

ORIGIN = {"origin": "http://testserver"}
PASSWORD = "Sommerwiese-42"


@pytest.fixture
def token(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh invitation by E1 into Muster IT; the token is taken from the service's link."""
    from tests.conftest import clear_all_tables

    clear_all_tables(sqlite_url)
    monkeypatch.setenv("PORTAL_DATABASE_URL", sqlite_url)
    get_settings.cache_clear()
    links: list[str] = []
    real_queue = invitations.queue_mail

    def keep_link(session, **kwargs):  # type: ignore[no-untyped-def]
        links.append(kwargs["context"]["link"])
        return real_queue(session, **kwargs)

    monkeypatch.setattr(invitations, "queue_mail", keep_link)
    with Session(get_engine(sqlite_url)) as session:
        world = build(session)
        principal = load_principal(session, world.e1.id)
        assert principal is not None
        invitations.invite(
            session,
            principal,
            email="nina@muster.example",
            name="Nina Neu",
            company_id=world.muster.id,
            team_ids=[],
            visibility="own",
            base_url="http://testserver",
        )
        session.commit()
    yield parse_qs(urlsplit(links[0]).query)["token"][0]
    get_settings.cache_clear()


@pytest.fixture
def client(token: str) -> Iterator[TestClient]:
    with TestClient(build_api(), follow_redirects=False) as test_client:
        yield test_client


def post(client: TestClient, token: str, **changes: str):  # type: ignore[no-untyped-def]
    data = {"token": token, "name": "Nina Neu", "password": PASSWORD, "password_repeat": PASSWORD}
    return client.post("/auth/invitation", data=data | changes, headers=ORIGIN)


def test_accepting_signs_the_new_partner_user_in(client: TestClient, token: str) -> None:
    response = post(client, token)
    assert response.status_code == 303 and response.headers["location"] == "/partner"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=") and "HttpOnly" in cookie
    with Session(get_engine(get_settings().database_url)) as session:
        user = session.exec(select(User).where(User.login == "nina@muster.example")).one()
        assert user.login_count == 1 and user.last_login_at is not None
        assert session.exec(select(AuthSession).where(AuthSession.user_id == user.id)).one()


def test_a_second_use_goes_back_with_one_message(client: TestClient, token: str) -> None:
    post(client, token)
    response = post(client, token)
    location = urlsplit(response.headers["location"])
    assert location.path == "/invite"
    assert parse_qs(location.query)["error"] == ["invite.invalid"]
    assert "set-cookie" not in response.headers


def test_a_weak_password_goes_back_with_the_typed_name(client: TestClient, token: str) -> None:
    response = post(client, token, password="passwort", password_repeat="passwort")
    query = parse_qs(urlsplit(response.headers["location"]).query)
    assert query == {"token": [token], "error": ["password.too_common"], "name": ["Nina Neu"]}


def test_cross_site_posts_are_refused(client: TestClient, token: str) -> None:
    response = client.post(
        "/auth/invitation",
        data={"token": token, "name": "X", "password": PASSWORD, "password_repeat": PASSWORD},
        headers={"origin": "https://evil.example"},
    )
    assert parse_qs(urlsplit(response.headers["location"]).query)["error"] == [
        "invite.forbidden_origin"
    ]
    with Session(get_engine(get_settings().database_url)) as session:
        assert session.exec(select(User).where(User.login == "nina@muster.example")).first() is None
