"""`GET /files/document/{document_id}`: a document file of the customer portal
(`portal.services.documents` re-checks scope and audits; see `portal.api.stored_files`)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from portal.api.stored_files import serve_stored_file
from portal.services.documents import document_download


async def download_document(request: Request) -> Response:
    return await serve_stored_file(request, "document_id", document_download)
