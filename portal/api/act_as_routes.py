"""Start and end acting as an account as plain form POSTs: the switch gives the session a new
token, and only a real HTTP response can set the HttpOnly cookie. Same-origin check as the
login routes (CSRF); refusals go to /403 without saying why, except that a staff member who
must enrol in two-factor login first is sent to the security page (as everywhere else)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import RedirectResponse

from portal.api.responses import client_address, safe_next, same_origin, signed_in
from portal.db import session_scope
from portal.services import act_as
from portal.services.access import AccessDenied
from portal.services.auth import COOKIE_NAME
from portal.services.navigation import SECURITY_PATH

FORBIDDEN = "/403"


def _refused() -> RedirectResponse:
    return RedirectResponse(FORBIDDEN, status_code=303)


async def _switch(work: Callable[..., act_as.Switch]) -> act_as.Switch | str:
    """The switch, or the refusal's message key."""

    def run() -> act_as.Switch | str:
        try:
            with session_scope() as session:
                return work(session)
        except AccessDenied as denied:
            return denied.message_key

    return await asyncio.to_thread(run)


def _with_cookie(switch: act_as.Switch | str) -> RedirectResponse:
    if switch == act_as.ENROL_FIRST:
        return RedirectResponse(SECURITY_PATH, status_code=303)
    if isinstance(switch, str):
        return _refused()
    # signed_in sets the cookie exactly as a login does; the kind is unused with a path.
    return signed_in(switch.token, "", switch.path)


async def start(request: Request) -> RedirectResponse:
    """POST /auth/act-as (form field user_id): the account's home, acting as it."""
    if not same_origin(request):
        return _refused()
    form = await request.form()
    raw = str(form.get("user_id", ""))[:12]
    if not raw.isdigit():
        return _refused()
    back = _back(request, str(form.get("back", "")))
    token, address = request.cookies.get(COOKIE_NAME), client_address(request)
    switch = await _switch(
        lambda session: act_as.start(session, token, int(raw), back=back, client_address=address)
    )
    return _with_cookie(switch)


def _back(request: Request, field: str) -> str | None:
    """The staff page to return to: the form's `back` field, else the page the POST came from
    (its Referer, already checked to be this site)."""
    referer = urlsplit(request.headers.get("referer", ""))
    return safe_next(field[:300]) or safe_next(
        referer.path + (f"?{referer.query}" if referer.query else "")
    )


async def end(request: Request) -> RedirectResponse:
    """POST /auth/act-as/end: back to the staff page acting began on (or the staff home)."""
    if not same_origin(request):
        return _refused()
    token, address = request.cookies.get(COOKIE_NAME), client_address(request)
    switch = await _switch(lambda session: act_as.end(session, token, client_address=address))
    return _with_cookie(switch)
