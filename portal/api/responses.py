"""What the Starlette routes share: CSRF origin check, safe redirects, the session cookie, the
plain-text refusal of a file route."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse

from portal.config import get_settings
from portal.i18n import t
from portal.services.auth import COOKIE_NAME
from portal.services.navigation import home_path
from portal.services.net import client_ip

NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
_REFUSAL_STATUS = {"error.not_found": 404, "error.forbidden": 403, "error.session": 401}


def refusal(message_key: str) -> PlainTextResponse:
    """A file route's refusal as text in both languages (no user locale without a state:
    German first, then English, like the handler toasts); 401/403/404 by key, else 400."""
    return PlainTextResponse(
        f"{t(message_key, 'de')} / {t(message_key, 'en')}",
        status_code=_REFUSAL_STATUS.get(message_key, 400),
        headers=NO_STORE,
    )


def same_origin(request: Request) -> bool:
    """CSRF guard for POSTs: the browser's Origin (or Referer) must be this host."""
    source = request.headers.get("origin") or request.headers.get("referer") or ""
    host = request.headers.get("host", "")
    return bool(source) and urlsplit(source).netloc == host


def safe_next(value: str) -> str | None:
    """Only local paths; `//host` and backslashes would leave the site."""
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return None


def client_address(request: Request) -> str:
    peer = request.client.host if request.client else ""
    return client_ip(peer, request.headers.get("x-forwarded-for", ""))


def to_login(**params: str) -> RedirectResponse:
    """Back to /login with a message key (and whatever else the page should keep)."""
    query = urlencode({k: v for k, v in params.items() if v})
    return RedirectResponse(f"/login?{query}" if query else "/login", status_code=303)


def signed_in(token: str, kind: str, next_path: str | None) -> RedirectResponse:
    """The end of every successful login: the HttpOnly session cookie and the way home."""
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


def public_base(request: Request) -> str:
    """This installation's address as browsers and the identity provider see it:
    PORTAL_PUBLIC_URL behind a proxy, otherwise the scheme and Host of the request."""
    configured = get_settings().public_url
    if configured:
        return configured
    return f"{request.url.scheme}://{request.headers.get('host', request.url.netloc)}"
