"""Login and logout as plain form POSTs, because only a real HTTP response can set an HttpOnly
cookie (Reflex state cookies are readable by scripts). Errors go back to /login as a message key
plus the typed login, so nothing the user typed except the password is lost. Accounts with
two-factor login get no session for the password alone: a challenge cookie and the code page
(`portal.api.totp_routes`)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import RedirectResponse

from portal.api.oidc_routes import provider_logout
from portal.api.responses import client_address, safe_next, same_origin, signed_in, to_login
from portal.api.totp_routes import to_code_page
from portal.config import get_settings
from portal.db import session_scope
from portal.models import User
from portal.services import totp
from portal.services.auth import COOKIE_NAME, authenticate, end_session, start_session
from portal.services.navigation import SECURITY_PATH
from portal.services.oidc import is_sso_session

_MAX_FIELD = 1024


@dataclass(frozen=True)
class _PasswordStep:
    """What the password step ends with: a session, a second-factor challenge, or an error."""

    session_token: str | None = None
    kind: str = ""
    must_enrol: bool = False
    challenge_token: str | None = None
    error: str = "login.invalid"


async def login(request: Request) -> RedirectResponse:
    if not same_origin(request):
        return to_login(error="login.forbidden_origin")
    form = await request.form()
    typed_login = str(form.get("login", ""))[:254]
    password = str(form.get("password", ""))[:_MAX_FIELD]
    next_path = safe_next(str(form.get("next", "")))
    address = client_address(request)
    user_agent = request.headers.get("user-agent", "")

    def attempt() -> _PasswordStep:
        with session_scope() as session:
            result = authenticate(session, typed_login, password, client_address=address)
            if result.user_id is None:
                return _PasswordStep(error=result.error or "login.invalid")
            if result.needs_second_factor:
                challenge = totp.start_challenge(session, result.user_id, next_path or "")
                return _PasswordStep(challenge_token=challenge)
            token = start_session(
                session, result.user_id, client_address=address, user_agent=user_agent
            )
            user = session.get(User, result.user_id)
            return _PasswordStep(
                session_token=token,
                kind=user.kind if user else "",
                must_enrol=totp.must_enrol(session, result.user_id, get_settings()),
            )

    step = await asyncio.to_thread(attempt)
    if step.challenge_token is not None:
        return to_code_page(step.challenge_token)
    if step.session_token is None:
        return to_login(error=step.error, login=typed_login, next=next_path or "")
    # An account that must enrol can do nothing else (see AccessMiddleware): go there directly.
    return signed_in(step.session_token, step.kind, SECURITY_PATH if step.must_enrol else next_path)


async def logout(request: Request) -> RedirectResponse:
    if not same_origin(request):
        return to_login(error="login.forbidden_origin")
    token = request.cookies.get(COOKIE_NAME)

    def finish() -> bool:
        with session_scope() as session:
            by_sso = is_sso_session(session, token)
            end_session(session, token)
            return by_sso

    by_sso = await asyncio.to_thread(finish)
    # A session from single sign-on also ends at the provider (RP-initiated logout).
    response = (await provider_logout(request) if by_sso else None) or to_login(
        info="login.logged_out"
    )
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax")
    return response
