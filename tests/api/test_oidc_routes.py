"""The single sign-on routes over HTTP against the REAL test provider (`oidc-provider`, started
by scripts/test.sh): sign-in, refusals, replays, provider errors and outages, logout."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from portal.api import build_api
from portal.api.oidc_routes import STATE_COOKIE
from portal.config import get_settings
from portal.db import get_engine
from portal.models import AuditEvent, AuthSession, OidcFlow, User, UserIdentity
from portal.models.enums import UserKind, Visibility
from portal.services.auth import COOKIE_NAME
from portal.services.passwords import hash_password
from tests import factories as f
from tests.oidc_provider import OidcTestProvider, ProviderUserAgent, require_test_provider

PUBLIC_URL = "http://127.0.0.1:8123"  # what the provider sends the browser back to
CALLBACK = PUBLIC_URL + "/auth/oidc/callback"
PASSWORD = "Richtig-Gut-2026"


@pytest.fixture(scope="session")
def provider() -> OidcTestProvider:
    return require_test_provider()


@dataclass
class Sso:
    """Portal's API (TestClient) plus a person at the provider, and the database between."""

    client: TestClient
    person: ProviderUserAgent
    url: str

    def db(self) -> Session:
        return Session(get_engine(self.url))

    def start(self, next_path: str = "") -> str:
        """/auth/oidc/start; returns the provider URL it redirects to."""
        response = self.client.get("/auth/oidc/start", params={"next": next_path})
        assert response.status_code == 303, response.headers.get("location")
        return response.headers["location"]

    def callback(self, provider_answer: str):  # type: ignore[no-untyped-def]
        """Hand the provider's redirect to Portal, as the browser would."""
        assert provider_answer.startswith(CALLBACK), provider_answer
        return self.client.get("/auth/oidc/callback?" + urlsplit(provider_answer).query)

    def sign_in(self, login: str, next_path: str = ""):  # type: ignore[no-untyped-def]
        return self.callback(self.person.sign_in(self.start(next_path), login))


def error_of(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 303
    location = urlsplit(response.headers["location"])
    assert location.path == "/login"
    return parse_qs(location.query)["error"][0]


def refusals(session: Session) -> list[dict]:
    rows = session.exec(select(AuditEvent).where(AuditEvent.action == "sso.refused")).all()
    return [row.detail for row in rows]


def configure(monkeypatch: pytest.MonkeyPatch, **env: str) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()


@pytest.fixture
def sso(
    sqlite_url: str, provider: OidcTestProvider, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Sso]:
    from tests.conftest import clear_all_tables

    clear_all_tables(sqlite_url)
    configure(
        monkeypatch,
        PORTAL_DATABASE_URL=sqlite_url,
        PORTAL_PUBLIC_URL=PUBLIC_URL,
        **provider.settings_env(),
    )
    with Session(get_engine(sqlite_url)) as session:
        company = f.company(session, "Muster IT GmbH")
        eva = f.partner(session, "e1@muster-it.example", Visibility.ALL, [company])
        eva.display_name, eva.password_hash = "Eva Engel", hash_password(PASSWORD)
        f.partner(session, "e2@muster-it.example", Visibility.NONE, [company])
        f.add(session, User(kind=UserKind.CUSTOMER, login="haupt@druckhaus-dietrich.example"))
        f.add(
            session, User(kind=UserKind.PARTNER, login="gesperrt@muster-it.example", active=False)
        )
        session.commit()
    person = ProviderUserAgent(provider)
    with TestClient(build_api(), follow_redirects=False) as client:
        yield Sso(client, person, sqlite_url)
    person.close()
    get_settings.cache_clear()


def test_sign_in_links_by_verified_email_opens_a_session_and_follows_next(sso: Sso) -> None:
    response = sso.sign_in("eva", next_path="/partner?tab=kunden")

    assert response.status_code == 303
    assert response.headers["location"] == "/partner?tab=kunden"
    cookies = response.headers.get_list("set-cookie")
    session_cookie = next(c for c in cookies if c.startswith(f"{COOKIE_NAME}="))
    assert "HttpOnly" in session_cookie and "SameSite=lax" in session_cookie
    assert any(c.startswith(f'{STATE_COOKIE}=""') for c in cookies)  # binding cookie removed
    with sso.db() as db:
        identity = db.exec(select(UserIdentity)).one()
        eva = db.get(User, identity.user_id)
        assert (eva.login, identity.subject) == ("e1@muster-it.example", "eva")
        assert identity.issuer == get_settings().oidc_issuer
        opened = db.exec(select(AuthSession).where(AuthSession.user_id == eva.id)).one()
        assert opened.method == "sso"  # logout ends the provider's session too
        assert eva.login_count == 1 and eva.last_login_at is not None
        assert [e.action for e in db.exec(select(AuditEvent).order_by(AuditEvent.id))] == [
            "sso.linked",
            "login.success",
            "sso.login",
        ]


def test_a_linked_person_signs_in_again_by_identity(sso: Sso) -> None:
    assert sso.sign_in("eva").headers["location"] == "/partner"
    sso.client.cookies.clear()
    assert sso.sign_in("eva").headers["location"] == "/partner"
    with sso.db() as db:
        assert len(db.exec(select(UserIdentity)).all()) == 1
        assert len(db.exec(select(AuthSession)).all()) == 2


def test_without_a_public_url_the_redirect_uri_is_built_from_the_request(
    sso: Sso, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(monkeypatch, PORTAL_PUBLIC_URL="")
    response = sso.client.get("/auth/oidc/start", params={"next": "//evil.example/"})
    query = parse_qs(urlsplit(response.headers["location"]).query)
    assert query["redirect_uri"] == ["http://testserver/auth/oidc/callback"]
    state_cookie = response.headers["set-cookie"]
    assert state_cookie.startswith(f"{STATE_COOKIE}={query['state'][0]};")
    assert "HttpOnly" in state_cookie and "Path=/auth/oidc" in state_cookie
    with sso.db() as db:
        flow = db.exec(select(OidcFlow)).one()
        assert flow.state == query["state"][0] and flow.next_path == ""  # not another site


def test_a_tampered_state_is_refused(sso: Sso) -> None:
    answer = sso.person.sign_in(sso.start(), "eva")
    state = parse_qs(urlsplit(answer).query)["state"][0]
    response = sso.callback(answer.replace(state, state[:-2] + "xx"))

    assert error_of(response) == "sso.state_invalid"
    assert COOKIE_NAME not in response.headers.get("set-cookie", "")
    with sso.db() as db:
        assert db.exec(select(UserIdentity)).all() == []
        assert refusals(db)[0]["reason"] == "state_invalid"


def test_a_state_from_another_browser_is_refused(sso: Sso) -> None:
    """Login CSRF: the callback URL of someone else's sign-in, opened in a victim's browser."""
    answer = sso.person.sign_in(sso.start(), "eva")
    sso.client.cookies.clear()
    assert error_of(sso.callback(answer)) == "sso.state_invalid"


def test_a_replayed_callback_is_refused(sso: Sso) -> None:
    answer = sso.person.sign_in(sso.start(), "eva")
    state = parse_qs(urlsplit(answer).query)["state"][0]
    assert sso.callback(answer).headers["location"] == "/partner"

    # The same answer again, even with the binding cookie restored: the flow is used up.
    sso.client.cookies.set(STATE_COOKIE, state, domain="testserver.local", path="/auth/oidc")
    assert error_of(sso.callback(answer)) == "sso.state_invalid"
    with sso.db() as db:
        assert refusals(db) == [{"reason": "state_invalid", "detail": "state already used"}]
        assert len(db.exec(select(AuthSession)).all()) == 1


def test_a_code_redeemed_once_is_refused_by_the_provider(sso: Sso) -> None:
    first = sso.person.sign_in(sso.start(), "eva")
    code = parse_qs(urlsplit(first).query)["code"][0]
    assert sso.callback(first).headers["location"] == "/partner"

    # A fresh flow of this browser, but the old code smuggled in.
    second = sso.person.sign_in(sso.start(), "eva")
    fresh_code = parse_qs(urlsplit(second).query)["code"][0]
    assert error_of(sso.callback(second.replace(fresh_code, code))) == "sso.token_failed"
    with sso.db() as db:
        assert refusals(db)[0]["reason"] == "token_failed"
        assert "invalid_grant" in refusals(db)[0]["detail"]


def test_an_error_from_the_provider_is_refused(sso: Sso) -> None:
    answer = sso.person.abort(sso.start())
    assert "error=access_denied" in answer

    assert error_of(sso.callback(answer)) == "sso.provider_error"
    with sso.db() as db:
        assert "access_denied" in refusals(db)[0]["detail"]


@pytest.mark.parametrize(
    ("login", "reason"),
    [
        ("nobody@nowhere.example", "unknown_user"),
        ("no-email", "unknown_user"),
        ("emil-unverified", "email_unverified"),
        ("haupt@druckhaus-dietrich.example", "audience_not_allowed"),
        ("gesperrt@muster-it.example", "inactive"),
    ],
)
def test_people_portal_must_not_let_in_are_refused_and_nothing_is_linked(
    sso: Sso, login: str, reason: str
) -> None:
    response = sso.sign_in(login, next_path="/partner")

    assert error_of(response) == f"sso.{reason}"
    assert parse_qs(urlsplit(response.headers["location"]).query)["next"] == ["/partner"]
    assert COOKIE_NAME not in response.headers.get("set-cookie", "")
    with sso.db() as db:
        assert db.exec(select(UserIdentity)).all() == []
        assert db.exec(select(AuthSession)).all() == []
        assert refusals(db)[0]["reason"] == reason


def test_just_in_time_creation_through_the_real_provider(
    sso: Sso, monkeypatch: pytest.MonkeyPatch
) -> None:
    with sso.db() as db:
        company = f.company(db, "Nordlicht Systemhaus GmbH")
        db.commit()
        configure(monkeypatch, PORTAL_OIDC_JIT_PARTNER_COMPANY_ID=str(company.id))

    assert sso.sign_in("neu@nordlicht.example").headers["location"] == "/partner"
    with sso.db() as db:
        user = db.exec(select(User).where(User.login == "neu@nordlicht.example")).one()
        assert (user.kind, user.visibility, user.password_hash) == ("partner", "none", None)


def test_a_provider_that_is_down_sends_back_and_the_password_still_works(
    sso: Sso, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    configure(monkeypatch, PORTAL_OIDC_ISSUER=f"http://127.0.0.1:{closed}")

    response = sso.client.get("/auth/oidc/start", params={"next": "/partner"})
    assert error_of(response) == "sso.unavailable"
    assert parse_qs(urlsplit(response.headers["location"]).query)["next"] == ["/partner"]
    with sso.db() as db:
        assert db.exec(select(OidcFlow)).all() == []
        assert refusals(db)[0]["reason"] == "unavailable"

    login = sso.client.post(
        "/auth/login",
        data={"login": "e1@muster-it.example", "password": PASSWORD},
        headers={"origin": "http://testserver"},
    )
    assert login.status_code == 303 and login.headers["location"] == "/partner"


def test_without_configuration_sso_says_so(sso: Sso, monkeypatch: pytest.MonkeyPatch) -> None:
    configure(monkeypatch, PORTAL_OIDC_ISSUER="")
    assert error_of(sso.client.get("/auth/oidc/start")) == "sso.not_configured"
    assert error_of(sso.client.get("/auth/oidc/callback?code=x&state=y")) == "sso.not_configured"


def test_logout_of_an_sso_session_ends_it_at_the_provider_too(sso: Sso) -> None:
    assert sso.sign_in("eva").headers["location"] == "/partner"

    response = sso.client.post("/auth/logout", headers={"origin": "http://testserver"})

    assert response.status_code == 303
    end_session = response.headers["location"]
    assert end_session.startswith(sso.person.provider.issuer + "/session/end?")
    query = parse_qs(urlsplit(end_session).query)
    assert query == {
        "client_id": [sso.person.provider.client_id],
        "post_logout_redirect_uri": [PUBLIC_URL + "/login?info=login.logged_out"],
    }
    assert f'{COOKIE_NAME}=""' in response.headers["set-cookie"]
    with sso.db() as db:
        assert db.exec(select(AuthSession)).one().ended_at is not None
    # The provider accepts the request and, once confirmed, sends the browser to our login.
    assert sso.person.confirm_logout(end_session) == PUBLIC_URL + "/login?info=login.logged_out"


def test_logout_of_a_password_session_stays_local(sso: Sso) -> None:
    sso.client.post(
        "/auth/login",
        data={"login": "e1@muster-it.example", "password": PASSWORD},
        headers={"origin": "http://testserver"},
    )
    response = sso.client.post("/auth/logout", headers={"origin": "http://testserver"})
    assert response.headers["location"] == "/login?info=login.logged_out"
