"""Single sign-on without a browser: account linking, flows and ID token checks (SPEC §8).

Linking and flows run on SQLite and PostgreSQL. ID tokens are signed here with local keys and
served through httpx's MockTransport as if by a provider, so every refusal can be provoked on
purpose; the real provider is in tests/api/test_oidc_routes.py.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey
from sqlmodel import Session, func, select

from portal.config import get_settings
from portal.i18n import MESSAGES
from portal.models import AuditEvent, OidcFlow, User, UserIdentity, UserPartnerCompany
from portal.models.clock import utcnow
from portal.models.enums import UserKind, Visibility
from portal.services import auth, oidc
from portal.services.access import load_principal, scoped_customers
from portal.services.oidc_provider import Provider, ProviderMetadata, Reason, SsoRefused
from tests import factories as f

ISSUER = "https://idp.example"
CLIENT_ID = "portal"
NONCE = "nonce-123"
SETTINGS = dataclasses.replace(
    get_settings(),
    oidc_issuer=ISSUER,
    oidc_client_id=CLIENT_ID,
    oidc_audiences=frozenset({"staff", "partner"}),
    oidc_jit_partner_company_id=None,
)


@contextmanager
def refused(reason: Reason) -> Iterator[pytest.ExceptionInfo[SsoRefused]]:
    with pytest.raises(SsoRefused) as error:
        yield error
    assert error.value.reason == reason, error.value


def count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def actions(session: Session) -> list[str]:
    return list(session.exec(select(AuditEvent.action).order_by(AuditEvent.id)).all())


# --- linking ---------------------------------------------------------------------------------


@pytest.fixture
def people(db_session: Session) -> dict[str, User]:
    company = f.company(db_session, "Muster IT GmbH")
    users = {
        "eva": f.partner(db_session, "e1@muster-it.example", Visibility.ALL, [company]),
        "staff": f.staff(db_session, "admin@portal.example", []),
        "customer": f.add(db_session, User(kind=UserKind.CUSTOMER, login="kunde@example.de")),
        "locked": f.add(
            db_session, User(kind=UserKind.PARTNER, login="gesperrt@example.de", active=False)
        ),
        "by_email": f.add(
            db_session,
            User(kind=UserKind.PARTNER, login="kuerzel42", email="Nora.Neumann@Example.de"),
        ),
    }
    db_session.commit()
    return users


def claims(email: str | None, verified: object = True, sub: str = "subject-1") -> dict[str, Any]:
    result: dict[str, Any] = {"sub": sub, "name": "Jemand"}
    if email is not None:
        result["email"] = email
    if verified is not None:
        result["email_verified"] = verified
    return result


def link(session: Session, token_claims: dict[str, Any], settings=SETTINGS) -> User:  # type: ignore[no-untyped-def]
    return oidc.link_user(session, ISSUER, token_claims, settings=settings)


@pytest.mark.parametrize("verified", [True, "true"])
def test_a_verified_email_links_the_account_with_that_login(
    db_session: Session, people: dict[str, User], verified: object
) -> None:
    user = link(db_session, claims("E1@muster-it.example", verified))
    db_session.commit()

    assert user.id == people["eva"].id
    identity = db_session.exec(select(UserIdentity)).one()
    assert (identity.user_id, identity.issuer, identity.subject) == (user.id, ISSUER, "subject-1")
    assert identity.email == "e1@muster-it.example"
    assert actions(db_session) == ["sso.linked"]


def test_a_verified_email_links_the_account_with_that_email(
    db_session: Session, people: dict[str, User]
) -> None:
    assert link(db_session, claims("nora.neumann@example.de")).id == people["by_email"].id


def test_a_linked_identity_signs_in_by_subject_whatever_the_email_says_now(
    db_session: Session, people: dict[str, User]
) -> None:
    link(db_session, claims("e1@muster-it.example"))
    db_session.commit()

    again = link(db_session, claims("neue-adresse@example.de", verified=False))
    db_session.commit()

    assert again.id == people["eva"].id
    assert count(db_session, UserIdentity) == 1
    assert actions(db_session) == ["sso.linked"]  # the second sign-in links nothing new
    identity = db_session.exec(select(UserIdentity)).one()
    assert identity.last_login_at is not None


@pytest.mark.parametrize("verified", [False, "false", None])
def test_an_unverified_email_never_links(
    db_session: Session, people: dict[str, User], verified: object
) -> None:
    with refused(Reason.EMAIL_UNVERIFIED):
        link(db_session, claims("e1@muster-it.example", verified))
    db_session.rollback()
    assert count(db_session, UserIdentity) == 0


def test_unknown_people_and_missing_addresses_are_refused_without_creating_anyone(
    db_session: Session, people: dict[str, User]
) -> None:
    users_before = count(db_session, User)
    with refused(Reason.UNKNOWN_USER):
        link(db_session, claims("fremd@nirgendwo.example"))
    with refused(Reason.UNKNOWN_USER):
        link(db_session, claims(None))
    db_session.rollback()
    assert count(db_session, User) == users_before
    assert count(db_session, UserIdentity) == 0


def test_an_address_shared_by_two_accounts_links_to_neither(
    db_session: Session, people: dict[str, User]
) -> None:
    f.add(db_session, User(kind=UserKind.PARTNER, login="zweite", email="geteilt@example.de"))
    f.add(db_session, User(kind=UserKind.PARTNER, login="dritte", email="geteilt@example.de"))
    with refused(Reason.UNKNOWN_USER):
        link(db_session, claims("geteilt@example.de"))


def test_an_inactive_account_is_refused_by_email_and_by_identity(
    db_session: Session, people: dict[str, User]
) -> None:
    with refused(Reason.INACTIVE):
        link(db_session, claims("gesperrt@example.de"))
    db_session.rollback()
    assert count(db_session, UserIdentity) == 0

    link(db_session, claims("e1@muster-it.example"))
    eva = db_session.get(User, people["eva"].id)
    eva.active = False
    db_session.add(eva)
    db_session.commit()
    with refused(Reason.INACTIVE):
        link(db_session, claims(None))


def test_staff_may_use_sso_by_default_customers_may_not(
    db_session: Session, people: dict[str, User]
) -> None:
    assert link(db_session, claims("admin@portal.example")).id == people["staff"].id
    with refused(Reason.AUDIENCE_NOT_ALLOWED):
        link(db_session, claims("kunde@example.de", sub="subject-2"))


def test_an_audience_left_out_of_sso_is_refused_even_when_already_linked(
    db_session: Session, people: dict[str, User]
) -> None:
    link(db_session, claims("admin@portal.example"))
    db_session.commit()
    partners_only = dataclasses.replace(SETTINGS, oidc_audiences=frozenset({"partner"}))
    with refused(Reason.AUDIENCE_NOT_ALLOWED):
        link(db_session, claims(None), partners_only)


def test_an_account_linked_to_another_subject_is_not_relinked_by_email(
    db_session: Session, people: dict[str, User]
) -> None:
    link(db_session, claims("e1@muster-it.example", sub="alte-identitaet"))
    db_session.commit()
    with refused(Reason.IDENTITY_CONFLICT):
        link(db_session, claims("e1@muster-it.example", sub="neue-identitaet"))
    db_session.rollback()
    assert count(db_session, UserIdentity) == 1


def test_just_in_time_creates_a_partner_who_sees_nothing(
    db_session: Session, people: dict[str, User]
) -> None:
    company = f.company(db_session, "Nordlicht Systemhaus GmbH")
    f.customer(db_session, "Alpha Bau GmbH", company)
    db_session.commit()
    jit = dataclasses.replace(SETTINGS, oidc_jit_partner_company_id=company.id)

    user = link(db_session, {**claims("Neu@Nordlicht.example"), "locale": "en-GB"}, jit)
    db_session.commit()

    assert (user.kind, user.login, user.email) == ("partner", "neu@nordlicht.example", user.login)
    assert (user.visibility, user.password_hash, user.active) == (Visibility.NONE, None, True)
    assert (user.display_name, user.locale) == ("Jemand", "en")
    companies = db_session.exec(
        select(UserPartnerCompany).where(UserPartnerCompany.user_id == user.id)
    ).all()
    assert [row.partner_company_id for row in companies] == [company.id]
    assert db_session.exec(select(UserIdentity.user_id)).one() == user.id
    assert actions(db_session) == ["sso.user_created"]
    # SPEC §3.1: visibility NONE sees none of the company's customers.
    principal = load_principal(db_session, user.id)
    assert db_session.exec(scoped_customers(principal)).all() == []
    # The next sign-in finds him by identity and creates nobody.
    assert link(db_session, claims(None), jit).id == user.id


def test_just_in_time_needs_an_existing_company_and_partners_allowed_for_sso(
    db_session: Session, people: dict[str, User]
) -> None:
    users_before = count(db_session, User)
    missing = dataclasses.replace(SETTINGS, oidc_jit_partner_company_id=999_999)
    with refused(Reason.UNKNOWN_USER):
        link(db_session, claims("neu@nordlicht.example"), missing)
    company_id = f.company(db_session, "Dritte GmbH").id
    staff_only = dataclasses.replace(
        SETTINGS, oidc_audiences=frozenset({"staff"}), oidc_jit_partner_company_id=company_id
    )
    with refused(Reason.UNKNOWN_USER):
        link(db_session, claims("neu@nordlicht.example"), staff_only)
    db_session.rollback()
    assert count(db_session, User) == users_before


# --- flows and sessions ----------------------------------------------------------------------


def test_a_flow_holds_fresh_random_values_for_ten_minutes(db_session: Session) -> None:
    now = utcnow()
    stale = oidc.begin_flow(db_session, "/alt", now=now - timedelta(hours=1))
    flow = oidc.begin_flow(db_session, "/partner", now=now)
    other = oidc.begin_flow(db_session, "", now=now)
    db_session.commit()

    assert flow.expires_at == now + timedelta(minutes=10)
    assert flow.next_path == "/partner"
    assert len({flow.state, flow.nonce, other.state, other.nonce}) == 4
    assert 43 <= len(flow.code_verifier) <= 128
    # Expired flows are dropped when new ones begin.
    assert db_session.exec(select(OidcFlow).where(OidcFlow.state == stale.state)).first() is None


def test_a_flow_is_claimed_once_and_not_after_it_expired(db_session: Session) -> None:
    now = utcnow()
    flow = oidc.begin_flow(db_session, "/partner", now=now)
    db_session.commit()

    assert oidc.claim_flow(db_session, flow.state, now=now).nonce == flow.nonce
    db_session.commit()
    with refused(Reason.STATE_INVALID):
        oidc.claim_flow(db_session, flow.state, now=now)
    with refused(Reason.STATE_INVALID):
        oidc.claim_flow(db_session, "erfunden", now=now)

    late = oidc.begin_flow(db_session, "", now=now)
    db_session.commit()
    with refused(Reason.STATE_EXPIRED):
        oidc.claim_flow(db_session, late.state, now=now + timedelta(minutes=10, seconds=1))


def test_an_sso_session_is_a_normal_session_that_logout_recognises(
    db_session: Session, people: dict[str, User]
) -> None:
    eva = people["eva"]
    token = oidc.start_sso_session(db_session, eva, client_address="10.0.0.1", user_agent="UA")
    password_token = auth.start_session(db_session, eva.id)
    db_session.commit()

    principal = auth.principal_for_token(db_session, token)
    assert principal is not None and principal.user_id == eva.id
    assert db_session.get(User, eva.id).login_count == 1
    assert oidc.is_sso_session(db_session, token)
    assert not oidc.is_sso_session(db_session, password_token)
    auth.end_session(db_session, token)
    assert not oidc.is_sso_session(db_session, token)
    assert not oidc.is_sso_session(db_session, None)


def test_refusals_are_audited_with_reason_and_user(
    db_session: Session, people: dict[str, User]
) -> None:
    with refused(Reason.INACTIVE) as error:
        link(db_session, claims("gesperrt@example.de"))
    oidc.record_refusal(db_session, error.value, client_address="10.0.0.9")
    db_session.commit()
    event = db_session.exec(select(AuditEvent)).one()
    assert (event.action, event.client_address) == ("sso.refused", "10.0.0.9")
    assert event.actor_id == people["locked"].id
    assert event.detail == {"reason": "inactive", "detail": "gesperrt@example.de"}


def test_every_refusal_reason_has_a_german_and_an_english_message() -> None:
    for reason in Reason:
        key = reason.message_key
        assert MESSAGES["de"][key] and MESSAGES["en"][key], key


# --- ID tokens against a provider made of local keys -----------------------------------------


def rsa_key(kid: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid, "alg": "RS256", "use": "sig"})


KEY = rsa_key("key-1")


class LocalProvider:
    """Discovery and JWKS served from memory; counts the requests per path."""

    def __init__(self, *keys: RSAKey, **discovery: Any) -> None:
        self.keys = list(keys)
        self.requests: Counter[str] = Counter()
        self.token_requests: list[httpx.Request] = []
        self.id_token = "not-a-token"
        self.userinfo: dict[str, Any] = {}
        self.discovery = {
            "issuer": ISSUER,
            "authorization_endpoint": f"{ISSUER}/authorize",
            "token_endpoint": f"{ISSUER}/token",
            "jwks_uri": f"{ISSUER}/jwks",
            "id_token_signing_alg_values_supported": ["RS256"],
            **discovery,
        }

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.requests[path] += 1
        if path == "/.well-known/openid-configuration":
            return httpx.Response(200, json=self.discovery)
        if path == "/jwks":
            return httpx.Response(200, json={"keys": [k.as_dict(private=False) for k in self.keys]})
        if path == "/token":
            self.token_requests.append(request)
            tokens = {"id_token": self.id_token, "access_token": "at", "token_type": "Bearer"}
            return httpx.Response(200, json=tokens)
        if path == "/userinfo" and request.headers.get("authorization") == "Bearer at":
            return httpx.Response(200, json=self.userinfo)
        return httpx.Response(404)

    def client(self, skew: int = 60) -> Provider:
        http = httpx.Client(transport=httpx.MockTransport(self.handle))
        return Provider(ISSUER, CLIENT_ID, "geheim", "email profile", clock_skew_s=skew, http=http)


def id_token(key: RSAKey | OctKey = KEY, alg: str = "RS256", **overrides: Any) -> str:
    """A signed ID token for us; an override of None leaves that claim out."""
    now = int(time.time())
    claims_ = {
        "iss": ISSUER,
        "sub": "subject-1",
        "aud": CLIENT_ID,
        "iat": now,
        "exp": now + 300,
        "nonce": NONCE,
        "email": "e1@muster-it.example",
        **overrides,
    }
    payload = {name: value for name, value in claims_.items() if value is not None}
    header = {"alg": alg, "kid": key.kid} if key.kid else {"alg": alg}
    return jwt.encode(header, payload, key, algorithms=[alg])


def test_a_valid_id_token_yields_its_claims() -> None:
    claims_ = LocalProvider(KEY).client().id_token_claims(id_token(), nonce=NONCE)
    assert (claims_["sub"], claims_["email"]) == ("subject-1", "e1@muster-it.example")


NOW = object()  # marks a time offset from the moment the test runs


@pytest.mark.parametrize(
    ("overrides", "detail"),
    [
        ({"aud": "another-client"}, "audience"),
        ({"iss": "https://evil.example"}, "issuer"),
        ({"nonce": "replayed"}, "nonce"),
        ({"nonce": None}, "nonce"),
        # Times relative to when the test runs (NOW), not to when pytest collected it: a long
        # suite would otherwise age "120 s in the future" into the tolerated skew.
        ({"exp": (NOW, -61)}, "expired"),
        ({"iat": (NOW, 120)}, "future"),
        ({"aud": [CLIENT_ID, "other"]}, "authorized party"),
        ({"aud": [CLIENT_ID, "other"], "azp": "other"}, "authorized party"),
        ({"exp": None}, "exp or iat"),
    ],
)
def test_id_token_claims_that_are_not_for_us_now_are_refused(
    overrides: dict[str, Any], detail: str
) -> None:
    claims_ = {
        key: int(time.time()) + value[1] if isinstance(value, tuple) and value[0] is NOW else value
        for key, value in overrides.items()
    }
    with refused(Reason.INVALID_TOKEN) as error:
        LocalProvider(KEY).client().id_token_claims(id_token(**claims_), nonce=NONCE)
    assert detail in error.value.detail


def test_clock_skew_is_tolerated_up_to_the_setting() -> None:
    provider = LocalProvider(KEY).client(skew=60)
    now = time.time()
    expired_30s_ago = id_token(exp=int(now) - 30)
    assert provider.id_token_claims(expired_30s_ago, nonce=NONCE)["sub"] == "subject-1"
    issued_30s_ahead = id_token(iat=int(now) + 30)
    assert provider.id_token_claims(issued_30s_ahead, nonce=NONCE)["sub"] == "subject-1"
    with refused(Reason.INVALID_TOKEN):
        provider.id_token_claims(id_token(exp=int(now) - 90), nonce=NONCE)


def test_several_audiences_are_fine_when_we_are_the_authorized_party() -> None:
    token = id_token(aud=[CLIENT_ID, "api"], azp=CLIENT_ID)
    assert LocalProvider(KEY).client().id_token_claims(token, nonce=NONCE)["azp"] == CLIENT_ID


def test_a_bad_signature_is_refused() -> None:
    impostor = rsa_key("key-1")  # same key id, different key
    with refused(Reason.INVALID_TOKEN) as error:
        LocalProvider(KEY).client().id_token_claims(id_token(impostor), nonce=NONCE)
    assert error.value.detail == "signature"


@pytest.mark.parametrize("alg", ["HS256", "none"])
def test_symmetric_and_unsigned_tokens_are_refused(alg: str) -> None:
    if alg == "none":
        header = base64.urlsafe_b64encode(b'{"alg":"none"}').rstrip(b"=").decode()
        body = base64.urlsafe_b64encode(b'{"sub":"x"}').rstrip(b"=").decode()
        token = f"{header}.{body}."
    else:
        token = id_token(OctKey.import_key("geheim-geheim-geheim-geheim-geheim"), alg="HS256")
    with refused(Reason.INVALID_TOKEN):
        LocalProvider(KEY).client().id_token_claims(token, nonce=NONCE)


def test_an_unknown_key_id_refetches_the_keys_once_for_rotation() -> None:
    local = LocalProvider(KEY)
    provider = local.client()
    provider.id_token_claims(id_token(), nonce=NONCE)
    assert local.requests["/jwks"] == 1

    rotated = rsa_key("key-2")
    local.keys = [rotated]
    assert provider.id_token_claims(id_token(rotated), nonce=NONCE)["sub"] == "subject-1"
    assert local.requests["/jwks"] == 2
    provider.id_token_claims(id_token(rotated), nonce=NONCE)
    assert local.requests["/jwks"] == 2  # cached again

    with refused(Reason.INVALID_TOKEN):
        provider.id_token_claims(id_token(rsa_key("key-3")), nonce=NONCE)
    assert local.requests["/jwks"] == 3  # one more fetch for the stranger, not a loop


def test_discovery_is_cached_and_refreshed_on_request() -> None:
    local = LocalProvider(KEY)
    provider = local.client()
    assert provider.metadata() is provider.metadata()
    assert local.requests["/.well-known/openid-configuration"] == 1
    provider.metadata(refresh=True)
    assert local.requests["/.well-known/openid-configuration"] == 2


def test_discovery_of_another_issuer_or_an_unreachable_provider_is_unavailable() -> None:
    with refused(Reason.UNAVAILABLE):
        LocalProvider(KEY, issuer="https://evil.example").client().metadata()

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    http = httpx.Client(transport=httpx.MockTransport(down))
    with refused(Reason.UNAVAILABLE):
        Provider(ISSUER, CLIENT_ID, "geheim", "openid", http=http).metadata()


def test_the_authorization_request_uses_pkce_s256_state_nonce_and_openid() -> None:
    verifier = "v" * 64
    url = (
        LocalProvider(KEY)
        .client()
        .authorization_url(
            redirect_uri="https://portal.example/auth/oidc/callback",
            state="st",
            nonce=NONCE,
            code_verifier=verifier,
        )
    )
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    assert query == {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": "https://portal.example/auth/oidc/callback",
        "scope": "openid email profile",
        "state": "st",
        "nonce": NONCE,
        "code_challenge": challenge.rstrip(b"=").decode(),
        "code_challenge_method": "S256",
    }
    assert verifier not in url


@pytest.mark.parametrize(
    ("offered", "method"),
    [
        (None, "client_secret_basic"),
        (["client_secret_basic", "client_secret_post"], "client_secret_basic"),
        (["client_secret_post"], "client_secret_post"),
    ],
)
def test_the_client_authenticates_the_way_the_provider_offers(
    offered: list[str] | None, method: str
) -> None:
    discovery = {"token_endpoint_auth_methods_supported": offered} if offered else {}
    local = LocalProvider(KEY, **discovery)
    metadata = ProviderMetadata.from_discovery(local.discovery, ISSUER)
    assert metadata.token_auth_method == method

    with refused(Reason.INVALID_TOKEN):  # the token endpoint here answers with a junk ID token
        local.client().sign_in_claims(
            code="c0de", code_verifier="v" * 64, nonce=NONCE, redirect_uri="https://p/cb"
        )
    (request,) = local.token_requests
    form = parse_qs(request.content.decode())
    assert form["code"] == ["c0de"] and form["code_verifier"] == ["v" * 64]
    if method == "client_secret_basic":
        expected = base64.b64encode(f"{CLIENT_ID}:geheim".encode()).decode()
        assert request.headers["authorization"] == f"Basic {expected}"
        assert "client_secret" not in form
    else:
        assert "authorization" not in request.headers
        assert form["client_secret"] == ["geheim"]


def redeem(local: LocalProvider) -> dict[str, Any]:
    return local.client().sign_in_claims(
        code="c0de", code_verifier="v" * 64, nonce=NONCE, redirect_uri="https://p/cb"
    )


def test_an_email_missing_from_the_id_token_is_taken_from_userinfo_of_the_same_subject() -> None:
    local = LocalProvider(KEY, userinfo_endpoint=f"{ISSUER}/userinfo")
    local.id_token = id_token(email=None, name="Aus dem Token")
    local.userinfo = {"sub": "subject-1", "email": "e1@muster-it.example", "name": "Anders"}
    result = redeem(local)
    assert (result["email"], result["name"]) == ("e1@muster-it.example", "Aus dem Token")

    local.userinfo = {"sub": "someone-else", "email": "chef@muster-it.example"}
    with refused(Reason.INVALID_TOKEN) as error:
        redeem(local)
    assert "another subject" in error.value.detail


def test_an_email_in_the_id_token_needs_no_userinfo_request() -> None:
    local = LocalProvider(KEY, userinfo_endpoint=f"{ISSUER}/userinfo")
    local.id_token = id_token()
    assert redeem(local)["email"] == "e1@muster-it.example"
    assert local.requests["/userinfo"] == 0


def test_a_token_endpoint_error_is_token_failed() -> None:
    def refuse_code(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            return httpx.Response(400, json={"error": "invalid_grant"})
        return local.handle(request)

    local = LocalProvider(KEY)
    http = httpx.Client(transport=httpx.MockTransport(refuse_code))
    provider = Provider(ISSUER, CLIENT_ID, "geheim", "openid", http=http)
    with refused(Reason.TOKEN_FAILED) as error:
        provider.sign_in_claims(code="alt", code_verifier="v" * 64, nonce=NONCE, redirect_uri="x")
    assert error.value.detail == "HTTP 400 invalid_grant"
