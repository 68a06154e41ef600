"""GET /files/accounts.csv?include_inactive=1&include_user_set=1&include_notified=1: the staff
account list as CSV (SPEC §7), for staff with MANAGE_ACCOUNTS.

A plain authenticated route instead of a Reflex download: the file is built on the server from
the session cookie and never passes through the websocket or the browser state. An option is on
only for the value "1"; anything else leaves it off. The two-factor policy applies as it does to
events; the service checks the permission and audits the export with its options.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from portal.api.caller import request_principal
from portal.api.responses import client_address, to_login
from portal.config import get_settings
from portal.db import session_scope
from portal.i18n import t
from portal.models.clock import utcnow
from portal.services import accounts
from portal.services.access import AccessDenied, Principal
from portal.services.navigation import SECURITY_PATH
from portal.services.totp import must_enrol


def export_options(query: dict[str, str]) -> accounts.ExportOptions:
    return accounts.ExportOptions(
        include_inactive=query.get("include_inactive") == "1",
        include_user_set=query.get("include_user_set") == "1",
        include_notified=query.get("include_notified") == "1",
    )


async def download_accounts_csv(request: Request) -> Response:
    principal = await request_principal(request)
    if principal is None:
        return to_login(next=request.url.path)
    options = export_options(dict(request.query_params))
    address = client_address(request)

    def build(principal: Principal) -> bytes | str | None:
        with session_scope() as session:
            if must_enrol(session, principal.actor_id or principal.user_id, get_settings()):
                return SECURITY_PATH
            try:
                return accounts.export_csv(session, principal, options, client_address=address)
            except AccessDenied:
                return None

    result = await asyncio.to_thread(build, principal)
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
            "Content-Disposition": f'attachment; filename="accounts-{day}.csv"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
