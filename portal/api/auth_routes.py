"""Login and logout as plain form POSTs, because only a real HTTP response can set an HttpOnly
cookie (Reflex state cookies are readable by scripts). Errors go back to /login as a message key
plus the typed login, so nothing the user typed except the password is lost."""

from __future__ import annotations

import asyncio

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse

from portal.api.responses import client_address, safe_next, same_origin, signed_in, to_login
from portal.db import session_scope
from portal.models import User
from portal.services.auth import COOKIE_NAME, authenticate, end_session, start_session

_MAX_FIELD = 1024


async def login(request: Request) -> RedirectResponse:
    if not same_origin(request):
        return to_login(error="login.forbidden_origin")
    form = await request.form()
    typed_login = str(form.get("login", ""))[:254]
    password = str(form.get("password", ""))[:_MAX_FIELD]
    next_path = safe_next(str(form.get("next", "")))
    address = client_address(request)
    user_agent = request.headers.get("user-agent", "")

    def attempt() -> tuple[str | None, str | None, str]:
        with session_scope() as session:
            result = authenticate(session, typed_login, password, client_address=address)
            if not result.ok:
                return None, None, result.error or "login.invalid"
            token = start_session(
                session, result.user_id, client_address=address, user_agent=user_agent
            )
            return token, _kind(session, result.user_id), ""

    token, kind, error = await asyncio.to_thread(attempt)
    if token is None or kind is None:
        return to_login(error=error, login=typed_login, next=next_path or "")
    return signed_in(token, kind, next_path)


def _kind(session: Session, user_id: int) -> str:
    user = session.get(User, user_id)
    return user.kind if user else ""


async def logout(request: Request) -> RedirectResponse:
    if not same_origin(request):
        return to_login(error="login.forbidden_origin")
    token = request.cookies.get(COOKIE_NAME)

    def finish() -> None:
        with session_scope() as session:
            end_session(session, token)

    await asyncio.to_thread(finish)
    response = to_login(info="login.logged_out")
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax")
    return response
