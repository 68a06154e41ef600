"""GET /files/audit.csv?<filters>: the audit log as CSV for staff with MANAGE_ACCOUNTS.

A plain authenticated route instead of a Reflex download: the file is built on the server from
the session cookie and never passes through the browser state. The filters are those of
/staff/audit (`portal.services.audit_log.parse_filter`); the two-factor policy applies as it
does to events; the export is audited by the service.
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
from portal.services import audit_log
from portal.services.access import AccessDenied, Principal
from portal.services.navigation import SECURITY_PATH
from portal.services.totp import must_enrol

EXPORT_ROUTE = "/files/audit.csv"


async def download_audit_csv(request: Request) -> Response:
    principal = await request_principal(request)
    if principal is None:
        return to_login(next=request.url.path)
    flt = audit_log.parse_filter(dict(request.query_params))
    address = client_address(request)

    def build(principal: Principal) -> bytes | str | None:
        with session_scope() as session:
            if must_enrol(session, principal.actor_id or principal.user_id, get_settings()):
                return SECURITY_PATH
            try:
                return audit_log.export_csv(session, principal, flt, client_address=address)
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
            "Content-Disposition": f'attachment; filename="protokoll-{day}.csv"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
