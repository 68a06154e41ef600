"""The second login step: `POST /auth/totp` with a code from the app or a recovery code.

Between the password (`/auth/login`) and this route the browser holds only the `portal_mfa`
cookie: a random challenge token, HttpOnly, SameSite=Lax, sent to this path alone and valid
for five minutes. The session cookie is set here, once the code is right.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse

from portal.api.responses import client_address, same_origin, signed_in, to_login
from portal.config import get_settings
from portal.db import session_scope
from portal.services import totp
from portal.services.auth import start_session

MFA_COOKIE = "portal_mfa"
CODE_PAGE = "/login/code"
_ROUTE = "/auth/totp"
_MAX_CODE = 64


def to_code_page(challenge_token: str) -> RedirectResponse:
    """After a right password of a two-factor account: the challenge cookie, then the code page."""
    response = RedirectResponse(CODE_PAGE, status_code=303)
    response.set_cookie(
        MFA_COOKIE,
        challenge_token,
        max_age=int(totp.CHALLENGE_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=get_settings().cookie_secure,
        path=_ROUTE,
    )
    return response


def _without_challenge(response: RedirectResponse) -> RedirectResponse:
    response.delete_cookie(MFA_COOKIE, path=_ROUTE, httponly=True, samesite="lax")
    return response


def _try_again(code: str) -> RedirectResponse:
    """Back to the code page with the message, in the mode (app or recovery code) just used."""
    params = {"error": "totp.invalid"}
    if not totp.looks_like_totp(code):
        params["mode"] = "recovery"
    return RedirectResponse(f"{CODE_PAGE}?{urlencode(params)}", status_code=303)


async def verify_code(request: Request) -> RedirectResponse:
    if not same_origin(request):
        return to_login(error="login.forbidden_origin")
    form = await request.form()
    code = str(form.get("code", ""))[:_MAX_CODE]
    token = request.cookies.get(MFA_COOKIE)
    address = client_address(request)
    user_agent = request.headers.get("user-agent", "")

    def attempt() -> tuple[totp.ChallengeResult, str | None]:
        with session_scope() as session:
            result = totp.complete_challenge(session, token, code, client_address=address)
            if result.user_id is None:
                return result, None
            session_token = start_session(
                session, result.user_id, client_address=address, user_agent=user_agent
            )
            return result, session_token

    result, session_token = await asyncio.to_thread(attempt)
    if session_token is not None:
        return _without_challenge(signed_in(session_token, result.kind, result.next_path or None))
    if result.error == "totp.invalid":
        return _try_again(code)
    return _without_challenge(
        to_login(error=result.error or "totp.expired", login=result.login, next=result.next_path)
    )
