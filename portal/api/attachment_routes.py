"""`GET /files/attachment/{attachment_id}`: a file attached to a ticket message or a claim.

The HttpOnly session cookie is resolved on the server (`portal.api.caller`), the two-factor
policy applies as it does to events, and `portal.services.attachments` re-checks the ticket or
claim through the access policy and audits the download. Unknown and foreign ids get the same
404. Always an attachment with `nosniff`: an uploaded file is never rendered as a page.
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
from portal.services.attachments import AttachmentFile, attachment_download
from portal.services.ids import parse_record_id
from portal.services.navigation import SECURITY_PATH
from portal.services.totp import must_enrol

_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


async def download_attachment(request: Request) -> Response:
    principal = await request_principal(request)
    if principal is None:
        return to_login(next=request.url.path)
    attachment_id = parse_record_id(request.path_params["attachment_id"])
    address = client_address(request)
    settings = get_settings()

    def resolve(principal: Principal) -> AttachmentFile | str | None:
        """The file, SECURITY_PATH when two-factor enrolment comes first, or None (404)."""
        with session_scope() as session:
            if must_enrol(session, principal.actor_id or principal.user_id, settings):
                return SECURITY_PATH
            if attachment_id is None:
                return None
            try:
                return attachment_download(
                    session,
                    principal,
                    attachment_id,
                    data_dir=settings.data_dir,
                    client_address=address,
                )
            except AccessDenied:
                return None

    answer = await asyncio.to_thread(resolve, principal)
    if answer == SECURITY_PATH:
        return RedirectResponse(SECURITY_PATH, status_code=303)
    if not isinstance(answer, AttachmentFile):
        text = f"{t('error.not_found', 'de')} / {t('error.not_found', 'en')}"
        return PlainTextResponse(text, status_code=404, headers=_HEADERS)
    return FileResponse(
        answer.path,
        media_type=answer.mime_type,
        filename=answer.filename,
        content_disposition_type="attachment",
        headers=_HEADERS,
    )
