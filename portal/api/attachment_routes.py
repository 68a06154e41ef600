"""`GET /files/attachment/{attachment_id}`: a file attached to a ticket message or a claim
(`portal.services.attachments` re-checks the ticket or claim and audits; see
`portal.api.stored_files`)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from portal.api.stored_files import serve_stored_file
from portal.services.attachments import attachment_download


async def download_attachment(request: Request) -> Response:
    return await serve_stored_file(request, "attachment_id", attachment_download)
