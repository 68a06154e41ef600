"""The catalog file routes over HTTP: picture upload (catalog staff only, type by content,
size limit, same origin), picture download (any signed-in user, customers only for active shop
articles), and the import upload that leads to the preview page. SQLite and PostgreSQL."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from portal.models import AuditEvent, CatalogItem
from portal.services import catalog
from tests.services import catalog_world

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

ORIGIN = "http://testserver"


@pytest.fixture
def world(api_world) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    return api_world(
        lambda session, _: catalog_world.build(session),
        lambda w: (w.clerk, w.inbox_only, w.main),
    )


def _as(world, user) -> TestClient:  # type: ignore[no-untyped-def]
    return world.as_login(user.login if user is not None else None)


def _upload_image(world, user, item_id, data: bytes, origin: str | None = ORIGIN):  # type: ignore[no-untyped-def]
    return _as(world, user).post(
        f"/files/catalog-image/{item_id}",
        files={"file": ("bild.png", data, "image/png")},
        headers={"origin": origin} if origin else {},
    )


def _image_path(world, item_id: int) -> str | None:  # type: ignore[no-untyped-def]
    world.session.expire_all()
    return world.session.get(CatalogItem, item_id).image_path


def test_clerk_uploads_picture_and_customer_sees_it(world) -> None:
    response = _upload_image(world, world.clerk, world.toner.id, PNG)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/staff/catalog?item=")
    assert "catalog.image_saved" in response.headers["location"]
    assert _image_path(world, world.toner.id)
    shown = _as(world, world.main).get(f"/files/catalog/{world.toner.id}/image")
    assert shown.status_code == 200 and shown.content == PNG
    assert shown.headers["content-type"] == "image/png"
    assert shown.headers["x-content-type-options"] == "nosniff"
    assert world.session.exec(
        select(AuditEvent).where(AuditEvent.action == "catalog.image_changed")
    ).one()


def test_picture_refusals(world) -> None:
    # a PDF or a renamed text file is no picture; too large is refused before it is stored
    for data, key in (
        (b"%PDF-1.4 hallo", "upload.error.type"),
        (b"<script>alert(1)</script>", "upload.error.type"),
        (PNG + b"\x00" * catalog.IMAGE_MAX_BYTES, "upload.error.too_large"),
    ):
        response = _upload_image(world, world.clerk, world.toner.id, data)
        assert response.status_code == 303 and key in response.headers["location"], key
    assert _image_path(world, world.toner.id) is None
    assert _upload_image(world, None, world.toner.id, PNG).status_code == 401
    assert _upload_image(world, world.inbox_only, world.toner.id, PNG).status_code == 403
    assert _upload_image(world, world.main, world.toner.id, PNG).status_code == 403
    assert (
        _upload_image(
            world, world.clerk, world.toner.id, PNG, origin="http://evil.example"
        ).status_code
        == 400
    )
    assert _upload_image(world, world.clerk, 999_999, PNG).status_code == 404
    assert _image_path(world, world.toner.id) is None


def test_picture_visibility(world) -> None:
    for item in (world.toner, world.hidden):
        assert _upload_image(world, world.clerk, item.id, PNG).status_code == 303
    assert _as(world, None).get(f"/files/catalog/{world.toner.id}/image").status_code in (303, 401)
    # the hidden article is not in the shop: customers get 404, catalog staff see it
    assert _as(world, world.main).get(f"/files/catalog/{world.hidden.id}/image").status_code == 404
    assert _as(world, world.clerk).get(f"/files/catalog/{world.hidden.id}/image").status_code == 200
    assert _as(world, world.main).get("/files/catalog/abc/image").status_code == 404


def test_import_upload_redirects_to_preview(world) -> None:
    csv = b"Artikelnummer;Bezeichnung;Preis\nA-1;Kabel;1,50\n"
    client = _as(world, world.clerk)
    response = client.post(
        "/files/catalog-import",
        files={"file": ("k.csv", csv, "text/csv")},
        headers={"origin": ORIGIN},
    )
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("/staff/catalog/import?file=")
    token = location.split("file=")[1]
    assert (world.data_dir / "catalog-import" / str(world.clerk.id) / token).read_bytes() == csv
    refused = client.post(
        "/files/catalog-import",
        files={"file": ("k.csv", PNG, "text/csv")},
        headers={"origin": ORIGIN},
    )
    assert refused.headers["location"] == "/staff/catalog/import?error=upload.error.type"
    other = _as(world, world.inbox_only).post(
        "/files/catalog-import",
        files={"file": ("k.csv", csv, "text/csv")},
        headers={"origin": ORIGIN},
    )
    assert other.status_code == 403
