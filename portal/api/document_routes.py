"""`GET /files/document/{document_id}`: a document file of the customer portal.

A plain HTTP route, because a download needs a real response: the HttpOnly session cookie is
resolved on the server (`portal.api.caller`), the two-factor policy applies as it does to
events, and `portal.services.documents` re-checks the document against the access policy and
audits the download before the file is streamed from the data dir. Unknown and foreign ids get
the same 404, so a guessed id tells nothing.
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
from portal.services.documents import DocumentFile, document_download
from portal.services.ids import parse_record_id
from portal.services.navigation import SECURITY_PATH
from portal.services.totp import must_enrol

_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def _not_found() -> PlainTextResponse:
    # No user locale without a state: German first, then English, like the handler toasts.
    text = f"{t('error.not_found', 'de')} / {t('error.not_found', 'en')}"
    return PlainTextResponse(text, status_code=404, headers=_HEADERS)


async def download_document(request: Request) -> Response:
    principal = await request_principal(request)
    if principal is None:
        return to_login(next=request.url.path)
    document_id = parse_record_id(request.path_params["document_id"])
    address = client_address(request)
    settings = get_settings()

    def resolve(principal: Principal) -> DocumentFile | str | None:
        """The file, SECURITY_PATH when two-factor enrolment comes first, or None (404)."""
        with session_scope() as session:
            if must_enrol(session, principal.actor_id or principal.user_id, settings):
                return SECURITY_PATH
            if document_id is None:
                return None
            try:
                return document_download(
                    session,
                    principal,
                    document_id,
                    data_dir=settings.data_dir,
                    client_address=address,
                )
            except AccessDenied:
                return None

    answer = await asyncio.to_thread(resolve, principal)
    if answer == SECURITY_PATH:
        return RedirectResponse(SECURITY_PATH, status_code=303)
    if not isinstance(answer, DocumentFile):
        return _not_found()
    # FileResponse sets `Content-Disposition: attachment` (RFC 5987 for non-ASCII names).
    return FileResponse(
        answer.path,
        media_type=answer.mime_type,
        filename=answer.filename,
        content_disposition_type="attachment",
        headers=_HEADERS,
    )
