"""The installation's logo.

- `GET /files/branding/logo`: the logo, public because the login page shows it.
- `POST /files/branding-logo`: staff with the settings permission upload a new one (multipart
  form, field `file`) through `portal.api.upload_body` (not Reflex's `/_upload`: the size limit
  must hold before anything is written); the answer redirects to the settings page with a
  message key.

The page links it with `?v=<version>`, so a versioned request may be cached for long (a new logo
gets a new version); without the version the browser asks again each time. `nosniff` and a type
fixed at upload (a raster image recognised by its content) keep it an image.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlencode

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response

from portal.api.upload_body import receive_upload
from portal.config import get_settings
from portal.db import session_scope
from portal.models.enums import StaffPermission
from portal.services import access, branding
from portal.services.access import Principal
from portal.services.branding import current, logo_file

UPLOAD_ROUTE = "/files/branding-logo"
SETTINGS_PATH = "/staff/settings"


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


def _settings_url(**params: str) -> str:
    return f"{SETTINGS_PATH}?{urlencode(params)}"


async def upload_logo(request: Request) -> Response:
    data_dir = get_settings().data_dir

    def store(session: Session, principal: Principal, data: bytes, filename: str) -> str:
        branding.save_logo(session, principal, data, filename, data_dir=data_dir)
        return _settings_url(notice="settings.branding.logo_saved")

    return await receive_upload(
        request,
        branding.LOGO_MAX_BYTES,
        lambda message_key: RedirectResponse(_settings_url(error=message_key), 303),
        store,
        check=lambda principal: (
            None if access.can(principal, StaffPermission.SETTINGS) else "error.forbidden"
        ),
    )
