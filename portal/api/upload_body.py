"""A file upload by native multipart form POST, size-limited while the body streams in.

Why not Reflex's `/_upload`: it spools the whole body to disk before any handler can look at
it, whereas here the bytes are counted as they arrive and the request is cut off at the limit,
before anything is written. `receive_upload` is the whole route: session, same origin (CSRF;
the session cookie is SameSite=Lax anyway), the caller's check, the limited body, then the
store in a worker thread with its own transaction, answered by redirects carrying message keys.
`receive_form` is the same for a whole form with text fields and several files (tickets,
replies, claims), so the text and the files arrive in one request and one transaction.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlmodel import Session
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
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
# The same for a whole form (`receive_form`).
FormStore = Callable[[Session, Principal, "UploadedForm"], str]
T = TypeVar("T")


class TooLarge(Exception):
    """The body passed its limit."""


class TooManyFiles(Exception):
    """More file parts than the form allows."""


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


@dataclass(frozen=True)
class UploadedForm:
    """A multipart form already read (and limited) by us: its text fields and its files as
    (bytes, claimed name), in the order sent."""

    fields: dict[str, str]
    files: list[tuple[bytes, str]]


async def _parsed_form(
    request: Request,
    body: bytes,
    *,
    max_files: int,
    file_field: str = "files",
    field_names: tuple[str, ...] = (),
) -> UploadedForm:
    """Starlette's parser over the body we already hold (so it never reads the socket itself).
    Only `field_names` are kept as text and `file_field` parts as files (an empty file input
    sends a nameless empty part: skipped); more than `max_files` files raise TooManyFiles."""
    sent = False

    async def replay() -> dict[str, object]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        form = await Request(request.scope, replay).form(
            max_files=max_files, max_fields=len(field_names) + 5
        )
    except (MultiPartException, HTTPException) as error:
        raise TooManyFiles if "files" in str(error).lower() else ValueError(error) from error
    try:
        files = []
        for part in form.getlist(file_field):
            if isinstance(part, UploadFile) and (part.filename or part.size):
                files.append((await part.read(), part.filename or ""))
        fields = {}
        for name in field_names:
            value = form.get(name)
            fields[name] = value if isinstance(value, str) else ""
        return UploadedForm(fields, files)
    finally:
        await form.close()


async def uploaded_file(request: Request, body: bytes) -> tuple[bytes, str] | None:
    """The `file` part of a multipart body already read (and limited) by us."""
    form = await _parsed_form(request, body, max_files=1, file_field="file")
    return form.files[0] if form.files else None


async def _receive(
    request: Request,
    limit: int,
    parse: Callable[[Request, bytes], Awaitable[T | None]],
    back: Callable[[str], Response],
    store: Callable[[Session, Principal, T], str],
    check: Callable[[Principal], str | None],
    refused: tuple[type[Exception], ...],
) -> Response:
    """The route shared by single-file and whole-form uploads (see `receive_upload`)."""
    principal = await request_principal(request)
    if principal is None:
        return refusal("error.session")
    if not same_origin(request):
        return refusal("upload.error.origin")
    denied = check(principal)
    if denied:
        return refusal(denied)
    try:
        uploaded = await parse(request, await limited_body(request, limit))
    except TooLarge:
        return back("upload.error.too_large")
    except TooManyFiles:
        return back("upload.error.too_many_files")
    except ClientDisconnect:
        return Response(status_code=400)
    except ValueError:  # not a multipart body Starlette can parse
        return back("upload.error.empty")
    if uploaded is None:
        return back("upload.error.empty")
    settings = get_settings()

    def run() -> tuple[str, str]:
        with session_scope() as session:
            if must_enrol(session, principal.actor_id or principal.user_id, settings):
                return "security", ""
            try:
                return "ok", store(session, principal, uploaded)
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
    return await _receive(
        request,
        max_bytes + FORM_OVERHEAD,
        uploaded_file,
        back,
        lambda session, principal, file: store(session, principal, *file),
        check,
        refused,
    )


async def receive_form(
    request: Request,
    field_names: tuple[str, ...],
    max_files: int,
    max_bytes: int,
    back: Callable[[str], Response],
    store: FormStore,
    *,
    check: Callable[[Principal], str | None] = lambda principal: None,
    refused: tuple[type[Exception], ...] = (),
) -> Response:
    """Like `receive_upload`, for a whole form: the text `field_names` and up to `max_files`
    files (parts named `files`, none is fine) of `max_bytes` each, the body limited to all of
    them plus framing (each file's own size is the store's check)."""

    async def parse(request: Request, body: bytes) -> UploadedForm:
        return await _parsed_form(request, body, max_files=max_files, field_names=field_names)

    limit = max_files * max_bytes + (max_files + 1) * FORM_OVERHEAD
    return await _receive(request, limit, parse, back, store, check, refused)
