"""File routes of quotes, orders, invoices and proofs.

- `GET /files/sales/{document_id}`: the document as a PDF, generated on request (always the
  current lines, totals and stage), as an attachment.
- `GET /files/proof/{approval_id}`: the proof of an approval, inline, so the browser shows it.
- `POST /files/proof-upload/{order_id}`: staff attach a proof (multipart form, field `file`).

Why a Starlette route for the upload rather than `rx.upload`: the size limit has to hold
before anything is written — here the body is counted while it streams in and the request is
cut off at the limit, whereas Reflex's `/_upload` spools the whole body to disk before any
handler can look at it. The route resolves the session cookie like the downloads, refuses
other origins (CSRF; the cookie is SameSite=Lax anyway), and answers the native form with a
redirect back to the staff page carrying a message key.

Every route re-checks scope through the services (`access.scoped_sales_documents`); a record
out of scope is 404 like an unknown id. Without a session: 401.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from sqlmodel import Session
from starlette.datastructures import UploadFile
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from portal.api.caller import request_principal
from portal.api.responses import client_address, public_base, same_origin
from portal.config import Settings, get_settings
from portal.db import session_scope
from portal.i18n import t
from portal.services import approvals, audit, sales
from portal.services.access import AccessDenied, Principal
from portal.services.approvals import PROOF_MAX_BYTES, STAFF_ORDERS_PATH, ApprovalRefused
from portal.services.branding import portal_name
from portal.services.ids import parse_record_id
from portal.services.navigation import SECURITY_PATH
from portal.services.pdf import sales_document_pdf
from portal.services.totp import must_enrol
from portal.services.uploads import UploadRefused

_STATUS = {"error.not_found": 404, "error.forbidden": 403, "error.session": 401}
_NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
# Multipart framing around the file (boundaries, part headers) on top of the file itself.
_FORM_OVERHEAD = 64 * 1024


def _refusal(message_key: str) -> PlainTextResponse:
    # No user locale without a state: German first, then English, like the handler toasts.
    return PlainTextResponse(
        f"{t(message_key, 'de')} / {t(message_key, 'en')}",
        status_code=_STATUS.get(message_key, 400),
        headers=_NO_STORE,
    )


@dataclass(frozen=True)
class _File:
    content: bytes
    media_type: str
    disposition: str  # "attachment" or "inline"
    filename: str


Work = Callable[[Session, Principal, Settings], _File]


async def _serve(request: Request, work: Work) -> Response:
    """Who asks, the two-factor policy, then `work` in a worker thread with its own
    transaction (the audit row commits with the answer)."""
    principal = await request_principal(request)
    if principal is None:
        return _refusal("error.session")
    settings = get_settings()

    def run() -> _File | str:
        with session_scope() as session:
            if must_enrol(session, principal.actor_id or principal.user_id, settings):
                return SECURITY_PATH
            try:
                return work(session, principal, settings)
            except AccessDenied as denied:
                return denied.message_key

    answer = await asyncio.to_thread(run)
    if answer == SECURITY_PATH:
        return RedirectResponse(SECURITY_PATH, status_code=303)
    if isinstance(answer, str):
        return _refusal(answer)
    return Response(
        answer.content,
        media_type=answer.media_type,
        headers={
            **_NO_STORE,
            "Content-Disposition": f'{answer.disposition}; filename="{answer.filename}"',
        },
    )


def _record_id(request: Request, name: str) -> int:
    record_id = parse_record_id(request.path_params[name])
    if record_id is None:
        raise AccessDenied("error.not_found")
    return record_id


def _ascii_name(name: str) -> str:
    """Document numbers are ASCII already; anything else must not break the header."""
    return "".join(
        ch if ch.isascii() and ch.isprintable() and ch not in '"\\' else "_" for ch in name
    )


async def download_sales_pdf(request: Request) -> Response:
    address = client_address(request)

    def work(session: Session, principal: Principal, settings: Settings) -> _File:
        detail = sales.document_detail(session, principal, None, _record_id(request, "document_id"))
        content = sales_document_pdf(detail, principal.locale, portal_name=portal_name(session))
        audit.record_by(
            session,
            principal,
            "sales.pdf_downloaded",
            target_type="sales_document",
            target_id=detail.document.id,
            client_address=address,
        )
        return _File(
            content, "application/pdf", "attachment", _ascii_name(f"{detail.document.number}.pdf")
        )

    return await _serve(request, work)


async def view_proof(request: Request) -> Response:
    address = client_address(request)

    def work(session: Session, principal: Principal, settings: Settings) -> _File:
        proof = approvals.proof_file(
            session,
            principal,
            _record_id(request, "approval_id"),
            data_dir=settings.data_dir,
            client_address=address,
        )
        return _File(
            proof.path.read_bytes(), proof.mime_type, "inline", _ascii_name(proof.filename)
        )

    return await _serve(request, work)


# --------------------------------------------------------------------------- upload


class _TooLarge(Exception):
    pass


async def _limited_body(request: Request, limit: int) -> bytes:
    """The request body, refused as soon as it passes `limit` (a lying or missing
    Content-Length does not help: the bytes are counted as they arrive)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _back(order_id: int | None = None, **params: str) -> RedirectResponse:
    query = {"order": str(order_id)} if order_id else {}
    query.update(params)
    return RedirectResponse(f"{STAFF_ORDERS_PATH}?{urlencode(query)}", status_code=303)


async def _uploaded_file(request: Request, body: bytes) -> tuple[bytes, str] | None:
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


async def upload_proof(request: Request) -> Response:
    principal = await request_principal(request)
    if principal is None:
        return _refusal("error.session")
    if not same_origin(request):
        return _refusal("upload.error.origin")
    order_id = parse_record_id(request.path_params["order_id"])
    if order_id is None:
        return _refusal("error.not_found")
    try:
        body = await _limited_body(request, PROOF_MAX_BYTES + _FORM_OVERHEAD)
        uploaded = await _uploaded_file(request, body)
    except _TooLarge:
        return _back(order_id, error="upload.error.too_large")
    except ClientDisconnect:
        return Response(status_code=400)
    except ValueError:  # not a multipart body Starlette can parse
        return _back(order_id, error="upload.error.empty")
    if uploaded is None:
        return _back(order_id, error="upload.error.empty")
    data, filename = uploaded
    settings = get_settings()
    base_url, address = public_base(request), client_address(request)

    def run() -> str | None:
        """None on success, else the message key (or the security page)."""
        with session_scope() as session:
            if must_enrol(session, principal.actor_id or principal.user_id, settings):
                return SECURITY_PATH
            try:
                approvals.attach_proof(
                    session,
                    principal,
                    order_id,
                    data,
                    filename,
                    data_dir=settings.data_dir,
                    base_url=base_url,
                    client_address=address,
                )
            except (AccessDenied, ApprovalRefused, UploadRefused) as refused:
                session.rollback()
                return refused.message_key
            return None

    refused = await asyncio.to_thread(run)
    if refused == SECURITY_PATH:
        return RedirectResponse(SECURITY_PATH, status_code=303)
    if refused in ("error.not_found", "error.forbidden"):
        return _refusal(refused)
    if refused:
        return _back(order_id, error=refused)
    return _back(order_id, notice="staff_orders.attached")
