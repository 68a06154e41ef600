"""POST /auth/set-password over HTTP: a valid activation link sets the password and leads to the
login page with the login filled in; errors go back to the link's page with a message key."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from portal.api import build_api
from portal.config import get_settings
from portal.db import get_engine
from portal.models import MailOutbox, User
from portal.models.enums import CustomerRole, PasswordStatus, StaffPermission
from portal.services import access_links
from portal.services.access import load_principal
from portal.services.passwords import verify_password
from tests import factories as f

ORIGIN = {"origin": "http://testserver"}
PASSWORD = "Sommerwiese-42"
LOGIN = "haupt@druck.example"


@pytest.fixture
def token(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An activation link sent by staff to a customer user, read from the queued mail."""
    from tests.conftest import clear_all_tables

    clear_all_tables(sqlite_url)
    monkeypatch.setenv("PORTAL_DATABASE_URL", sqlite_url)
    get_settings.cache_clear()
    with Session(get_engine(sqlite_url)) as session:
        admin = f.staff(session, "admin@portal.example", [StaffPermission.MANAGE_ACCOUNTS])
        user = f.customer_user(session, LOGIN, f.customer(session, "Druck"), CustomerRole.MAIN)
        principal = load_principal(session, admin.id)
        assert principal is not None
        access_links.send_access(session, principal, [user.id], base_url="http://testserver")
        session.commit()
        body = session.exec(select(MailOutbox)).one().body_text
    link = next(word for word in body.split() if word.startswith("http://testserver/"))
    yield parse_qs(urlsplit(link).query)["token"][0]
    clear_all_tables(sqlite_url)
    get_settings.cache_clear()


@pytest.fixture
def client(token: str) -> Iterator[TestClient]:
    with TestClient(build_api(), follow_redirects=False) as test_client:
        yield test_client


def post(client: TestClient, token: str, headers=ORIGIN, **changes: str):  # type: ignore[no-untyped-def]
    data = {"token": token, "password": PASSWORD, "password_repeat": PASSWORD}
    return client.post(access_links.SET_PASSWORD_ROUTE, data=data | changes, headers=headers)


def stored_user() -> User:
    with Session(get_engine(get_settings().database_url)) as session:
        return session.exec(select(User).where(User.login == LOGIN)).one()


def test_a_valid_link_sets_the_password_once(client: TestClient, token: str) -> None:
    response = post(client, token)
    assert response.status_code == 303
    target = urlsplit(response.headers["location"])
    assert target.path == "/login"
    assert parse_qs(target.query) == {"info": ["identity.password_set"], "login": [LOGIN]}
    assert "set-cookie" not in response.headers
    user = stored_user()
    assert verify_password(user.password_hash, PASSWORD)
    assert user.password_status == PasswordStatus.USER_SET
    again = post(client, token, password="Anderes-Pw-77", password_repeat="Anderes-Pw-77")
    assert parse_qs(urlsplit(again.headers["location"]).query)["error"] == [
        access_links.LINK_INVALID
    ]
    assert verify_password(stored_user().password_hash, PASSWORD)


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"password_repeat": "Anders-123456"}, "identity.password_mismatch"),
        ({"password": "kurz", "password_repeat": "kurz"}, "password.too_short"),
    ],
)
def test_bad_passwords_go_back_with_the_token(
    client: TestClient, token: str, changes, error
) -> None:  # type: ignore[no-untyped-def]
    response = post(client, token, **changes)
    target = urlsplit(response.headers["location"])
    assert target.path == access_links.SET_PASSWORD_PATH
    assert parse_qs(target.query) == {"token": [token], "error": [error]}
    assert stored_user().password_hash is None


def test_a_foreign_origin_is_refused(client: TestClient, token: str) -> None:
    response = post(client, token, headers={"origin": "https://evil.example"})
    assert parse_qs(urlsplit(response.headers["location"]).query)["error"] == [
        "identity.forbidden_origin"
    ]
    assert stored_user().password_hash is None
