"""GET /files/export/{token}: a finished grid export, only for the person who made it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response

from portal.api.caller import request_principal
from portal.services.grid_export import find_export

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def download_export(request: Request) -> Response:
    principal = await request_principal(request)
    if principal is None:
        return PlainTextResponse("Nicht angemeldet / not signed in", status_code=401)
    found = find_export(principal, request.path_params["token"])
    if found is None:
        # Someone else's file and no file at all look the same.
        return PlainTextResponse("Nicht gefunden / not found", status_code=404)
    return FileResponse(
        found.path,
        media_type=XLSX,
        filename=found.filename,
        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
    )
