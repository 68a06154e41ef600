"""File routes of the catalog (SPEC §6, issue 5).

- `GET /files/catalog/{item_id}/image`: an article's picture, to any signed-in user (customers
  see those of active shop articles; `catalog.image_file` decides).
- `POST /files/catalog-image/{item_id}`: catalog staff upload a picture (PNG/JPEG/WebP, checked
  by content, size-limited while the body streams in).
- `POST /files/catalog-import`: catalog staff upload a CSV/XLSX; it is checked and kept for
  the preview page, which the answer redirects to with the file's token.

Native multipart forms through `portal.api.upload_body`, not Reflex's `/_upload`: the size limit
must hold before anything is written. Same origin only; without a session 401.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from portal.api.responses import refusal
from portal.api.stored_files import serve_stored_file
from portal.api.upload_body import receive_upload
from portal.config import get_settings
from portal.models.enums import StaffPermission
from portal.services import access, catalog, catalog_import
from portal.services.access import Principal
from portal.services.ids import parse_record_id

CATALOG_PATH = "/staff/catalog"
IMPORT_PATH = "/staff/catalog/import"
IMPORT_ROUTE = "/files/catalog-import"


async def catalog_image(request: Request) -> Response:
    return await serve_stored_file(request, "item_id", catalog.image_file)


def _redirect(path: str, **params: str) -> RedirectResponse:
    return RedirectResponse(f"{path}?{urlencode(params)}", status_code=303)


def _back(path: str, keep: dict[str, str]) -> Callable[[str], RedirectResponse]:
    return lambda message_key: _redirect(path, **keep, error=message_key)


def _catalog_staff(principal: Principal) -> str | None:
    return None if access.can(principal, StaffPermission.CATALOG) else "error.forbidden"


async def upload_image(request: Request) -> Response:
    item_id = parse_record_id(request.path_params["item_id"])
    if item_id is None:
        return refusal("error.not_found")
    data_dir = get_settings().data_dir

    def store(session: Session, principal: Principal, data: bytes, filename: str) -> str:
        catalog.attach_image(session, principal, item_id, data, filename, data_dir=data_dir)
        return f"{CATALOG_PATH}?{urlencode({'item': item_id, 'notice': 'catalog.image_saved'})}"

    back = _back(CATALOG_PATH, {"item": str(item_id)})
    return await receive_upload(request, catalog.IMAGE_MAX_BYTES, back, store, check=_catalog_staff)


async def upload_import(request: Request) -> Response:
    data_dir = get_settings().data_dir

    def store(session: Session, principal: Principal, data: bytes, filename: str) -> str:
        access.ensure(principal, StaffPermission.CATALOG)
        token = catalog_import.store_file(data_dir, principal.actor_id or principal.user_id, data)
        return f"{IMPORT_PATH}?{urlencode({'file': token})}"

    back = _back(IMPORT_PATH, {})
    return await receive_upload(
        request, catalog_import.IMPORT_MAX_BYTES, back, store, check=_catalog_staff
    )
