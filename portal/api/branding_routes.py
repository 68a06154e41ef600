"""GET /files/branding/logo: the installation's logo, public because the login page shows it.

The page links it with `?v=<version>`, so a versioned request may be cached for long (a new logo
gets a new version); without the version the browser asks again each time. `nosniff` and a type
fixed at upload (a raster image recognised by its content) keep it an image.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response

from portal.config import get_settings
from portal.db import session_scope
from portal.services.branding import current, logo_file


async def logo(request: Request) -> Response:
    data_dir = get_settings().data_dir

    def find() -> tuple[object, str, int | None] | None:
        with session_scope() as session:
            found = logo_file(session, data_dir)
            return (*found, current(session).logo_version) if found is not None else None

    found = await asyncio.to_thread(find)
    if found is None:
        return PlainTextResponse(
            "Not found", status_code=404, headers={"Cache-Control": "no-store"}
        )
    path, mime, version = found
    versioned = request.query_params.get("v") == str(version)
    cache = "public, max-age=31536000, immutable" if versioned else "no-cache"
    return FileResponse(
        path,  # type: ignore[arg-type]
        media_type=mime,
        headers={"Cache-Control": cache, "X-Content-Type-Options": "nosniff"},
    )
