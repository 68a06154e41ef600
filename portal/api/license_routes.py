"""`GET /files/license/{subscription_id}`: the on-premises licence file of a contract.

A plain HTTP route, because a download needs a real response: the HttpOnly session cookie is
resolved here on the server (`portal.api.caller`), the installation's two-factor policy applies
as it does to events, and `portal.services.licenses` re-checks scope and team and audits the
download before the file is streamed from the data dir.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response

from portal.api.caller import request_principal
from portal.api.responses import client_address, to_login
from portal.config import get_settings
from portal.db import session_scope
from portal.i18n import t
from portal.services.access import AccessDenied, Principal
from portal.services.ids import parse_record_id
from portal.services.licenses import LicenseFile, license_download
from portal.services.navigation import SECURITY_PATH
from portal.services.totp import must_enrol

_STATUS = {"error.not_found": 404, "error.forbidden": 403}


def _refusal(message_key: str) -> PlainTextResponse:
    # No user locale without a state: German first, then English, like the handler toasts.
    return PlainTextResponse(
        f"{t(message_key, 'de')} / {t(message_key, 'en')}",
        status_code=_STATUS.get(message_key, 404),
        headers={"Cache-Control": "no-store"},
    )


async def download_license(request: Request) -> Response:
    principal = await request_principal(request)
    if principal is None:
        return to_login(next=request.url.path)
    subscription_id = parse_record_id(request.path_params["subscription_id"])
    address = client_address(request)
    settings = get_settings()

    def resolve(principal: Principal) -> LicenseFile | str:
        """The file, or where to go instead: SECURITY_PATH or an i18n message key."""
        with session_scope() as session:
            if must_enrol(session, principal.actor_id or principal.user_id, settings):
                return SECURITY_PATH
            if subscription_id is None:
                return "error.not_found"
            try:
                return license_download(
                    session,
                    principal,
                    subscription_id,
                    data_dir=settings.data_dir,
                    client_address=address,
                )
            except AccessDenied as denied:
                return denied.message_key

    answer = await asyncio.to_thread(resolve, principal)
    if answer == SECURITY_PATH:
        return RedirectResponse(SECURITY_PATH, status_code=303)
    if isinstance(answer, str):
        return _refusal(answer)
    return FileResponse(
        answer.path,
        media_type="application/octet-stream",
        filename=answer.filename,
        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
    )
