"""File routes of the catalog (SPEC §6, issue 5).

- `GET /files/catalog/{item_id}/image`: an article's picture, to any signed-in user (customers
  see those of active shop articles; `catalog.image_file` decides).
- `POST /files/catalog-image/{item_id}`: catalog staff upload a picture (PNG/JPEG/WebP, checked
  by content, size-limited while the body streams in).
- `POST /files/catalog-import`: catalog staff upload a CSV/XLSX; it is checked and kept for
  the preview page, which the answer redirects to with the file's token.

Native multipart forms, not Reflex's `/_upload`, for the reason given in `sales_routes`: the
size limit must hold before anything is written. Same origin only; without a session 401.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from urllib.parse import urlencode

from sqlmodel import Session
from starlette.requests import ClientDisconnect, Request
from starlette.responses import RedirectResponse, Response

from portal.api.caller import request_principal
from portal.api.responses import same_origin
from portal.api.sales_routes import (
    _FORM_OVERHEAD,
    _limited_body,
    _refusal,
    _TooLarge,
    _uploaded_file,
)
from portal.api.stored_files import serve_stored_file
from portal.config import get_settings
from portal.db import session_scope
from portal.models.enums import StaffPermission
from portal.services import access, catalog, catalog_import
from portal.services.access import AccessDenied, Principal
from portal.services.ids import parse_record_id
from portal.services.navigation import SECURITY_PATH
from portal.services.totp import must_enrol
from portal.services.uploads import UploadRefused

CATALOG_PATH = "/staff/catalog"
IMPORT_PATH = "/staff/catalog/import"
IMPORT_ROUTE = "/files/catalog-import"


async def catalog_image(request: Request) -> Response:
    return await serve_stored_file(request, "item_id", catalog.image_file)


def _redirect(path: str, **params: str) -> RedirectResponse:
    return RedirectResponse(f"{path}?{urlencode(params)}", status_code=303)


def _back(path: str, keep: dict[str, str]) -> Callable[[str], RedirectResponse]:
    return lambda message_key: _redirect(path, **keep, error=message_key)


Store = Callable[[Session, Principal, bytes, str], str]


async def _receive(
    request: Request, max_bytes: int, back: Callable[[str], RedirectResponse], store: Store
) -> Response:
    """Session, origin, size-limited body, then `store` (returns the redirect's query) in a
    worker thread with its own transaction; refusals go back to `back` with a message key."""
    principal = await request_principal(request)
    if principal is None:
        return _refusal("error.session")
    if not same_origin(request):
        return _refusal("upload.error.origin")
    if not access.can(principal, StaffPermission.CATALOG):
        return _refusal("error.forbidden")
    try:
        body = await _limited_body(request, max_bytes + _FORM_OVERHEAD)
        uploaded = await _uploaded_file(request, body)
    except _TooLarge:
        return back("upload.error.too_large")
    except ClientDisconnect:
        return Response(status_code=400)
    except ValueError:
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
            except (AccessDenied, UploadRefused) as refused:
                session.rollback()
                return "error", refused.message_key

    outcome, value = await asyncio.to_thread(run)
    if outcome == "security":
        return RedirectResponse(SECURITY_PATH, status_code=303)
    if value in ("error.not_found", "error.forbidden"):
        return _refusal(value)
    if outcome == "error":
        return back(value)
    return RedirectResponse(value, status_code=303)


async def upload_image(request: Request) -> Response:
    item_id = parse_record_id(request.path_params["item_id"])
    if item_id is None:
        return _refusal("error.not_found")
    data_dir = get_settings().data_dir

    def store(session: Session, principal: Principal, data: bytes, filename: str) -> str:
        catalog.attach_image(session, principal, item_id, data, filename, data_dir=data_dir)
        return f"{CATALOG_PATH}?{urlencode({'item': item_id, 'notice': 'catalog.image_saved'})}"

    back = _back(CATALOG_PATH, {"item": str(item_id)})
    return await _receive(request, catalog.IMAGE_MAX_BYTES, back, store)


async def upload_import(request: Request) -> Response:
    data_dir = get_settings().data_dir

    def store(session: Session, principal: Principal, data: bytes, filename: str) -> str:
        access.ensure(principal, StaffPermission.CATALOG)
        token = catalog_import.store_file(data_dir, principal.actor_id or principal.user_id, data)
        return f"{IMPORT_PATH}?{urlencode({'file': token})}"

    return await _receive(request, catalog_import.IMPORT_MAX_BYTES, _back(IMPORT_PATH, {}), store)
