"""Files of tickets and claims.

- `GET /files/attachment/{attachment_id}`: a file attached to a ticket message or a claim
  (`portal.services.attachments` re-checks the ticket or claim and audits; see
  `portal.api.stored_files`).
- `POST /files/ticket`, `POST /files/ticket/{ticket_id}/reply`, `POST /files/claim`: the whole
  form with up to five files as one native multipart POST (`portal.api.upload_body`, why not
  `rx.upload`: the size limit has to hold before anything is written). The services check
  everything again in one transaction (fields, type by content, size, count, the caller's
  scope); success goes to the new record (which is the confirmation), a refusal back to the
  form with a message key only (the page keeps what was typed in its state, never in the URL).
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from portal.api.responses import client_address
from portal.api.stored_files import serve_stored_file
from portal.api.upload_body import UploadedForm, receive_form
from portal.config import get_settings
from portal.services import claims, tickets
from portal.services.access import Principal
from portal.services.attachments import (
    ATTACHMENT_MAX_BYTES,
    ATTACHMENT_MAX_FILES,
    IncomingFile,
    attachment_download,
)
from portal.services.ids import parse_record_id

NEW_TICKET_PATH = tickets.TICKETS_PATH + "/new"
NEW_CLAIM_PATH = claims.CLAIMS_PATH + "/new"
_REFUSED = (tickets.TicketRefused, claims.ClaimRefused)


async def download_attachment(request: Request) -> Response:
    return await serve_stored_file(request, "attachment_id", attachment_download)


def _files(form: UploadedForm) -> list[IncomingFile]:
    return [IncomingFile(filename=name, data=data) for data, name in form.files]


async def _receive(  # type: ignore[no-untyped-def]
    request: Request, fields: tuple[str, ...], back: str, store, check=lambda principal: None
) -> Response:
    return await receive_form(
        request,
        fields,
        ATTACHMENT_MAX_FILES,
        ATTACHMENT_MAX_BYTES,
        lambda message_key: RedirectResponse(f"{back}?{urlencode({'error': message_key})}", 303),
        store,
        check=check,
        refused=_REFUSED,
    )


async def upload_ticket(request: Request) -> Response:
    address, data_dir = client_address(request), get_settings().data_dir

    def store(session: Session, principal: Principal, form: UploadedForm) -> str:
        ticket_id = tickets.create_ticket(
            session,
            principal,
            subject=form.fields["subject"],
            body=form.fields["body"],
            files=_files(form),
            data_dir=data_dir,
            client_address=address,
        )
        return tickets.ticket_path(ticket_id)

    return await _receive(request, ("subject", "body"), NEW_TICKET_PATH, store)


async def upload_reply(request: Request) -> Response:
    ticket_id = parse_record_id(request.path_params["ticket_id"])
    address, data_dir = client_address(request), get_settings().data_dir
    path = tickets.ticket_path(ticket_id) if ticket_id is not None else tickets.TICKETS_PATH

    def store(session: Session, principal: Principal, form: UploadedForm) -> str:
        tickets.reply(
            session,
            principal,
            ticket_id,
            body=form.fields["body"],
            files=_files(form),
            data_dir=data_dir,
            client_address=address,
        )
        return path

    return await _receive(
        request,
        ("body",),
        path,
        store,
        check=lambda principal: None if ticket_id is not None else "error.not_found",
    )


async def upload_claim(request: Request) -> Response:
    address, data_dir = client_address(request), get_settings().data_dir

    def store(session: Session, principal: Principal, form: UploadedForm) -> str:
        claims.report_claim(
            session,
            principal,
            subscription_id=parse_record_id(form.fields["contract"]),
            claim_date=form.fields["claim_date"],
            place=form.fields["place"],
            description=form.fields["description"],
            files=_files(form),
            data_dir=data_dir,
            today=date.today(),
            client_address=address,
        )
        return claims.CLAIMS_PATH

    fields = ("contract", "claim_date", "place", "description")
    return await _receive(request, fields, NEW_CLAIM_PATH, store)
