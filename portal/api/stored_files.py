"""Serving a stored file (document, attachment) to the signed-in caller who may see it.

The HttpOnly session cookie is resolved on the server (`portal.api.caller`), the two-factor
policy applies as it does to events, and the service's download function re-checks the record
through the access policy and audits the download before the file is streamed from the data
dir. Unknown, malformed and foreign ids get the same 404, so a guessed id tells nothing. Always
an attachment with `nosniff`: an uploaded file is never rendered as a page.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response

from portal.api.caller import request_principal
from portal.api.responses import client_address, to_login
from portal.config import get_settings
from portal.db import session_scope
from portal.i18n import t
from portal.services.access import AccessDenied, Principal
from portal.services.ids import parse_record_id
from portal.services.navigation import SECURITY_PATH
from portal.services.totp import must_enrol

_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


class StoredFile(Protocol):
    path: Path
    filename: str
    mime_type: str


Download = Callable[..., StoredFile]  # (session, principal, id, *, data_dir, client_address)


def _not_found() -> PlainTextResponse:
    # No user locale without a state: German first, then English, like the handler toasts.
    text = f"{t('error.not_found', 'de')} / {t('error.not_found', 'en')}"
    return PlainTextResponse(text, status_code=404, headers=_HEADERS)


async def serve_stored_file(request: Request, id_param: str, download: Download) -> Response:
    principal = await request_principal(request)
    if principal is None:
        return to_login(next=request.url.path)
    record_id = parse_record_id(request.path_params[id_param])
    address = client_address(request)
    settings = get_settings()

    def resolve(principal: Principal) -> StoredFile | str | None:
        """The file, SECURITY_PATH when two-factor enrolment comes first, or None (404)."""
        with session_scope() as session:
            if must_enrol(session, principal.actor_id or principal.user_id, settings):
                return SECURITY_PATH
            if record_id is None:
                return None
            return _download(session, principal, record_id)

    def _download(session: Session, principal: Principal, record_id: int) -> StoredFile | None:
        try:
            return download(
                session, principal, record_id, data_dir=settings.data_dir, client_address=address
            )
        except AccessDenied:
            return None

    answer = await asyncio.to_thread(resolve, principal)
    if answer == SECURITY_PATH:
        return RedirectResponse(SECURITY_PATH, status_code=303)
    if answer is None or isinstance(answer, str):
        return _not_found()
    # FileResponse sets `Content-Disposition: attachment` (RFC 5987 for non-ASCII names).
    return FileResponse(
        answer.path,
        media_type=answer.mime_type,
        filename=answer.filename,
        content_disposition_type="attachment",
        headers=_HEADERS,
    )
