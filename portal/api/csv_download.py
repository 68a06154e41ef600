"""One way to serve a staff CSV export over HTTP (audit log, accounts).

A plain authenticated route instead of a Reflex download: the file is built on the server from
the session cookie and never passes through the websocket or the browser state. Signed-out
callers go to the login page, accounts that must enrol in two-factor login to the security page
first (as with events), and a service's `AccessDenied` becomes 403; the service builds, checks
and audits the file itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from portal.api.caller import request_principal
from portal.api.responses import client_address, to_login
from portal.config import get_settings
from portal.db import session_scope
from portal.i18n import t
from portal.models.clock import utcnow
from portal.services.access import AccessDenied, Principal
from portal.services.navigation import SECURITY_PATH
from portal.services.totp import must_enrol

#: (session, principal, client address) → the file's bytes
Build = Callable[[Session, Principal, str], bytes]


async def csv_download(request: Request, build: Build, file_prefix: str) -> Response:
    """`build` in a worker thread for the signed-in caller, served as `<prefix>-<day>.csv`."""
    principal = await request_principal(request)
    if principal is None:
        return to_login(next=request.url.path)
    address = client_address(request)

    def run(principal: Principal) -> bytes | str | None:
        with session_scope() as session:
            if must_enrol(session, principal.actor_id or principal.user_id, get_settings()):
                return SECURITY_PATH
            try:
                return build(session, principal, address)
            except AccessDenied:
                return None

    result = await asyncio.to_thread(run, principal)
    if isinstance(result, str):
        return RedirectResponse(result, status_code=303)
    if result is None:
        text = f"{t('error.forbidden', 'de')} / {t('error.forbidden', 'en')}"
        return PlainTextResponse(text, status_code=403)
    day = utcnow().date().isoformat()
    return Response(
        result,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{file_prefix}-{day}.csv"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
