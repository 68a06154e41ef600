"""File routes of quotes, orders, invoices and proofs.

- `GET /files/sales/{document_id}`: the document as a PDF, generated on request (always the
  current lines, totals and stage), as an attachment.
- `GET /files/proof/{approval_id}`: the proof of an approval, inline, so the browser shows it.
- `POST /files/proof-upload/{order_id}`: staff attach a proof (multipart form, field `file`).

The upload is a native form POST through `portal.api.upload_body` (why not `rx.upload`: the
size limit has to hold before anything is written); it answers with a redirect back to the
staff page carrying a message key.

Every route re-checks scope through the services (`access.scoped_sales_documents`); a record
out of scope is 404 like an unknown id. Without a session: 401.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from portal.api.caller import request_principal
from portal.api.responses import NO_STORE, client_address, public_base, refusal
from portal.api.upload_body import receive_upload
from portal.config import Settings, get_settings
from portal.db import session_scope
from portal.services import approvals, audit, sales
from portal.services.access import AccessDenied, Principal
from portal.services.approvals import PROOF_MAX_BYTES, STAFF_ORDERS_PATH, ApprovalRefused
from portal.services.branding import portal_name
from portal.services.ids import parse_record_id
from portal.services.navigation import SECURITY_PATH
from portal.services.pdf import sales_document_pdf
from portal.services.totp import must_enrol


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
        return refusal("error.session")
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
        return refusal(answer)
    return Response(
        answer.content,
        media_type=answer.media_type,
        headers={
            **NO_STORE,
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


def _orders_url(order_id: int | None, **params: str) -> str:
    query = {"order": str(order_id)} if order_id else {}
    return f"{STAFF_ORDERS_PATH}?{urlencode({**query, **params})}"


async def upload_proof(request: Request) -> Response:
    order_id = parse_record_id(request.path_params["order_id"])
    base_url, address = public_base(request), client_address(request)
    data_dir = get_settings().data_dir

    def store(session: Session, principal: Principal, data: bytes, filename: str) -> str:
        approvals.attach_proof(
            session,
            principal,
            order_id,
            data,
            filename,
            data_dir=data_dir,
            base_url=base_url,
            client_address=address,
        )
        return _orders_url(order_id, notice="staff_orders.attached")

    return await receive_upload(
        request,
        PROOF_MAX_BYTES,
        lambda message_key: RedirectResponse(_orders_url(order_id, error=message_key), 303),
        store,
        check=lambda principal: None if order_id is not None else "error.not_found",
        refused=(ApprovalRefused,),
    )
