"""Single sign-on routes (OpenID Connect authorization code flow with PKCE).

`GET /auth/oidc/start?next=...` sends the browser to the provider; `GET /auth/oidc/callback`
finishes with the same HttpOnly server-side session a password login gets. Every refusal goes
back to /login with a message key `sso.<reason>` and is audited as `sso.refused`; the password
form keeps working whatever the provider does.

State, nonce and PKCE verifier live server-side (`oidc_flow`). The browser only gets a
short-lived HttpOnly cookie holding the state, which binds the callback to the browser that
started it: without it, someone could hand a victim the callback URL of his own sign-in and
the victim would be working in the attacker's account (login CSRF).
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import RedirectResponse

from portal.api.responses import client_address, public_base, safe_next, signed_in, to_login
from portal.config import Settings, get_settings
from portal.db import session_scope
from portal.models import OidcFlow
from portal.services.oidc import (
    FLOW_LIFETIME,
    begin_flow,
    claim_flow,
    link_user,
    record_refusal,
    start_sso_session,
)
from portal.services.oidc_provider import Reason, SsoRefused, provider_for

CALLBACK_PATH = "/auth/oidc/callback"
STATE_COOKIE = "portal_oidc_state"
_COOKIE_PATH = "/auth/oidc"
_LOGGED_OUT_PATH = "/login?info=login.logged_out"


async def start(request: Request) -> RedirectResponse:
    settings = get_settings()
    next_path = safe_next(request.query_params.get("next", "")) or ""
    if not settings.oidc_enabled:
        return to_login(error=Reason.NOT_CONFIGURED.message_key, next=next_path)
    redirect_uri = public_base(request) + CALLBACK_PATH

    def begin() -> tuple[str, str]:
        provider = provider_for(settings)
        provider.metadata(refresh=True)  # fresh, and the proof the provider is up right now
        with session_scope() as session:
            flow = begin_flow(session, next_path)
        url = provider.authorization_url(
            redirect_uri=redirect_uri,
            state=flow.state,
            nonce=flow.nonce,
            code_verifier=flow.code_verifier,
        )
        return url, flow.state

    try:
        url, state = await asyncio.to_thread(begin)
    except SsoRefused as refusal:
        await asyncio.to_thread(_record, refusal, client_address(request))
        return to_login(error=refusal.message_key, next=next_path)
    response = RedirectResponse(url, status_code=303)
    response.set_cookie(
        STATE_COOKIE,
        state,
        max_age=int(FLOW_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",  # sent on the provider's top-level redirect back to the callback
        secure=settings.cookie_secure,
        path=_COOKIE_PATH,
    )
    return response


@dataclass(frozen=True)
class _Callback:
    """What the callback needs from the request, so the work can run in a worker thread."""

    params: dict[str, str]
    bound_state: str
    redirect_uri: str
    client_address: str
    user_agent: str


@dataclass(frozen=True)
class _Outcome:
    next_path: str
    token: str = ""
    kind: str = ""
    error: str = ""  # the message key of a refusal


async def callback(request: Request) -> RedirectResponse:
    settings = get_settings()
    if not settings.oidc_enabled:
        return to_login(error=Reason.NOT_CONFIGURED.message_key)
    received = _Callback(
        params=dict(request.query_params),
        bound_state=request.cookies.get(STATE_COOKIE, ""),
        redirect_uri=public_base(request) + CALLBACK_PATH,
        client_address=client_address(request),
        user_agent=request.headers.get("user-agent", ""),
    )
    outcome = await asyncio.to_thread(_finish, settings, received)
    if outcome.token:
        response = signed_in(outcome.token, outcome.kind, outcome.next_path or None)
    else:
        response = to_login(error=outcome.error, next=outcome.next_path)
    response.delete_cookie(STATE_COOKIE, path=_COOKIE_PATH, httponly=True, samesite="lax")
    return response


def _finish(settings: Settings, received: _Callback) -> _Outcome:
    """Claim the flow, redeem the code, verify the ID token, link, open the session. No
    database transaction stays open while the provider is asked."""
    next_path = ""
    try:
        flow = _claim(received)
        next_path = flow.next_path
        provider = provider_for(settings)
        issuer = provider.metadata().issuer
        claims = provider.sign_in_claims(
            code=_authorization_code(received.params, issuer),
            code_verifier=flow.code_verifier,
            nonce=flow.nonce,
            redirect_uri=received.redirect_uri,
        )
        with session_scope() as session:
            user = link_user(session, issuer, claims, settings=settings)
            token = start_sso_session(
                session,
                user,
                client_address=received.client_address,
                user_agent=received.user_agent,
            )
            return _Outcome(next_path, token=token, kind=user.kind)
    except SsoRefused as refusal:
        _record(refusal, received.client_address)
        return _Outcome(next_path, error=refusal.message_key)


def _claim(received: _Callback) -> OidcFlow:
    state = received.params.get("state", "")
    if not state or not secrets.compare_digest(state.encode(), received.bound_state.encode()):
        raise SsoRefused(Reason.STATE_INVALID, "state was not started in this browser")
    with session_scope() as session:
        return claim_flow(session, state)


def _authorization_code(params: dict[str, str], issuer: str) -> str:
    """The code of the provider's answer. Where the provider names itself (RFC 9207) it must
    be ours: an answer from another provider is a mix-up attack."""
    if "error" in params:
        description = params.get("error_description", "")
        raise SsoRefused(Reason.PROVIDER_ERROR, f"{params['error']} {description}".strip()[:300])
    if "iss" in params and params["iss"] != issuer:
        raise SsoRefused(Reason.PROVIDER_ERROR, f"answer from issuer {params['iss']!r}"[:300])
    code = params.get("code", "")
    if not code:
        raise SsoRefused(Reason.PROVIDER_ERROR, "no code in the answer")
    return code


def _record(refusal: SsoRefused, address: str) -> None:
    with session_scope() as session:
        record_refusal(session, refusal, client_address=address)


async def provider_logout(request: Request) -> RedirectResponse | None:
    """After the local logout of an SSO session: the provider's end_session_endpoint, so the
    provider's session ends too and a shared computer is really signed out. None when the
    provider offers no such endpoint or cannot be reached; the local logout stands anyway."""
    settings = get_settings()
    if not settings.oidc_enabled:
        return None
    back = public_base(request) + _LOGGED_OUT_PATH
    try:
        url = await asyncio.to_thread(provider_for(settings).end_session_url, back)
    except SsoRefused:
        return None
    return RedirectResponse(url, status_code=303) if url else None
