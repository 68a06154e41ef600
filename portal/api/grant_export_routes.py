"""`GET /files/grants/{kind}.csv`: the access-grant exports (by customer, by contract).

A plain HTTP route, never the websocket: the HttpOnly session cookie is resolved on the server,
the two-factor policy applies as it does to events, and `portal.services.grant_export` checks
the permission and audits the export in the same transaction that reads the rows.
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
from portal.services.access import AccessDenied, Principal
from portal.services.grant_export import KINDS, CsvExport, export
from portal.services.navigation import SECURITY_PATH
from portal.services.totp import must_enrol

_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def _refusal(message_key: str, status: int) -> PlainTextResponse:
    text = f"{t(message_key, 'de')} / {t(message_key, 'en')}"
    return PlainTextResponse(text, status_code=status, headers=_HEADERS)


async def download_grant_export(request: Request) -> Response:
    principal = await request_principal(request)
    if principal is None:
        return to_login(next=request.url.path)
    kind = request.path_params["kind"]
    if kind not in KINDS:
        return _refusal("error.not_found", 404)
    address = client_address(request)
    settings = get_settings()

    def resolve(principal: Principal) -> CsvExport | str:
        with session_scope() as session:
            if must_enrol(session, principal.actor_id or principal.user_id, settings):
                return SECURITY_PATH
            try:
                return export(session, principal, kind, client_address=address)
            except AccessDenied as denied:
                return denied.message_key

    answer = await asyncio.to_thread(resolve, principal)
    if answer == SECURITY_PATH:
        return RedirectResponse(SECURITY_PATH, status_code=303)
    if isinstance(answer, str):
        return _refusal(answer, 403)
    return Response(
        answer.content,
        media_type="text/csv; charset=utf-8",
        headers={
            **_HEADERS,
            "Content-Disposition": f'attachment; filename="{answer.filename}"',
        },
    )
