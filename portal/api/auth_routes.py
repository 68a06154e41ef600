"""Login and logout as plain form POSTs, because only a real HTTP response can set an HttpOnly
cookie (Reflex state cookies are readable by scripts). Errors go back to /login as a message key
plus the typed login, so nothing the user typed except the password is lost."""

from __future__ import annotations

import asyncio
from urllib.parse import urlencode, urlsplit

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse

from portal.config import get_settings
from portal.db import session_scope
from portal.models import User
from portal.services.auth import COOKIE_NAME, authenticate, end_session, start_session
from portal.services.navigation import home_path

_MAX_FIELD = 1024


def _same_origin(request: Request) -> bool:
    """CSRF guard for the two POSTs: the browser's Origin (or Referer) must be this host."""
    source = request.headers.get("origin") or request.headers.get("referer") or ""
    host = request.headers.get("host", "")
    return bool(source) and urlsplit(source).netloc == host


def _safe_next(value: str) -> str | None:
    """Only local paths; `//host` and backslashes would leave the site."""
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return None


def _client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def _to_login(**params: str) -> RedirectResponse:
    query = urlencode({k: v for k, v in params.items() if v})
    return RedirectResponse(f"/login?{query}" if query else "/login", status_code=303)


async def login(request: Request) -> RedirectResponse:
    if not _same_origin(request):
        return _to_login(error="login.forbidden_origin")
    form = await request.form()
    typed_login = str(form.get("login", ""))[:254]
    password = str(form.get("password", ""))[:_MAX_FIELD]
    next_path = _safe_next(str(form.get("next", "")))
    address = _client_address(request)
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
        return _to_login(error=error, login=typed_login, next=next_path or "")
    response = RedirectResponse(next_path or home_path(kind), status_code=303)
    settings = get_settings()
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=settings.session_hours * 3600,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )
    return response


def _kind(session: Session, user_id: int) -> str:
    user = session.get(User, user_id)
    return user.kind if user else ""


async def logout(request: Request) -> RedirectResponse:
    if not _same_origin(request):
        return _to_login(error="login.forbidden_origin")
    token = request.cookies.get(COOKIE_NAME)

    def finish() -> None:
        with session_scope() as session:
            end_session(session, token)

    await asyncio.to_thread(finish)
    response = _to_login(info="login.logged_out")
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax")
    return response
