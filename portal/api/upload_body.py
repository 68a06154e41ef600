"""A file upload by native multipart form POST, size-limited while the body streams in.

Why not Reflex's `/_upload`: it spools the whole body to disk before any handler can look at
it, whereas here the bytes are counted as they arrive and the request is cut off at the limit,
before anything is written. `receive_upload` is the whole route: session, same origin (CSRF;
the session cookie is SameSite=Lax anyway), the caller's check, the limited body, then the
store in a worker thread with its own transaction, answered by redirects carrying message keys.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from sqlmodel import Session
from starlette.datastructures import UploadFile
from starlette.requests import ClientDisconnect, Request
from starlette.responses import RedirectResponse, Response

from portal.api.caller import request_principal
from portal.api.responses import refusal, same_origin
from portal.config import get_settings
from portal.db import session_scope
from portal.services.access import AccessDenied, Principal
from portal.services.navigation import SECURITY_PATH
from portal.services.totp import must_enrol
from portal.services.uploads import UploadRefused

# Multipart framing around the file (boundaries, part headers) on top of the file itself.
FORM_OVERHEAD = 64 * 1024

# Stores the upload in the caller's transaction; returns where the browser goes on success.
Store = Callable[[Session, Principal, bytes, str], str]


class TooLarge(Exception):
    """The body passed its limit."""


async def limited_body(request: Request, limit: int) -> bytes:
    """The request body, refused as soon as it passes `limit` (a lying or missing
    Content-Length does not help: the bytes are counted as they arrive)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


async def uploaded_file(request: Request, body: bytes) -> tuple[bytes, str] | None:
    """The `file` part of a multipart body already read (and limited) by us."""
    sent = False

    async def replay() -> dict[str, object]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    form = await Request(request.scope, replay).form(max_files=1, max_fields=5)
    try:
        part = form.get("file")
        if not isinstance(part, UploadFile):
            return None
        return await part.read(), part.filename or ""
    finally:
        await form.close()


async def receive_upload(
    request: Request,
    max_bytes: int,
    back: Callable[[str], Response],
    store: Store,
    *,
    check: Callable[[Principal], str | None] = lambda principal: None,
    refused: tuple[type[Exception], ...] = (),
) -> Response:
    """Session, origin, `check` (a refusal key or None), the body limited to `max_bytes` of
    file, then `store` in a worker thread. Input to correct goes `back` with a message key
    (`store` raising AccessDenied, UploadRefused or one of `refused`, all with `message_key`);
    a record not found or forbidden is refused outright; a caller who must enrol in two-factor
    authentication first goes to the security page."""
    principal = await request_principal(request)
    if principal is None:
        return refusal("error.session")
    if not same_origin(request):
        return refusal("upload.error.origin")
    denied = check(principal)
    if denied:
        return refusal(denied)
    try:
        body = await limited_body(request, max_bytes + FORM_OVERHEAD)
        uploaded = await uploaded_file(request, body)
    except TooLarge:
        return back("upload.error.too_large")
    except ClientDisconnect:
        return Response(status_code=400)
    except ValueError:  # not a multipart body Starlette can parse
        return back("upload.error.empty")
    if uploaded is None:
        return back("upload.error.empty")
    data, filename = uploaded
    settings = get_settings()

    def run() -> tuple[str, str]:
        with session_scope() as session:
            if must_enrol(session, principal.actor_id or principal.user_id, settings):
                return "security", ""
            try:
                return "ok", store(session, principal, data, filename)
            except (AccessDenied, UploadRefused, *refused) as error:
                session.rollback()
                return "error", error.message_key  # type: ignore[attr-defined]

    outcome, value = await asyncio.to_thread(run)
    if outcome == "security":
        return RedirectResponse(SECURITY_PATH, status_code=303)
    if value in ("error.not_found", "error.forbidden"):
        return refusal(value)
    if outcome == "error":
        return back(value)
    return RedirectResponse(value, status_code=303)
