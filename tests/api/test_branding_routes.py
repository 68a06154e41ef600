"""GET /files/branding/logo over HTTP: public, the stored type, long caching only with the
current version, 404 without a logo. POST /files/branding-logo: staff with SETTINGS only, same
origin, raster images by content, size-limited, nothing stored on refusal."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from portal.services import branding
from tests.services import settings_world

PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 32


@pytest.fixture
def world(api_world) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    return api_world(lambda session, _: settings_world.build(session), lambda w: (w.admin, w.clerk))


def test_without_a_logo_the_route_answers_404(world) -> None:
    assert world.client.get(branding.LOGO_ROUTE).status_code == 404


def test_logo_is_public_typed_and_cached_by_version(world) -> None:
    admin = settings_world.principal(world.session, world.admin)
    shown = branding.save_logo(world.session, admin, PNG, "logo.png", data_dir=world.data_dir)
    world.session.commit()

    current = world.client.get(shown.logo_url)  # no session cookie: the login page shows it
    stale = world.client.get(branding.LOGO_ROUTE + "?v=0")

    assert current.status_code == 200 and current.content == PNG
    assert current.headers["content-type"] == "image/png"
    assert current.headers["x-content-type-options"] == "nosniff"
    assert "immutable" in current.headers["cache-control"]
    assert stale.status_code == 200 and stale.headers["cache-control"] == "no-cache"


UPLOAD = "/files/branding-logo"
ORIGIN = {"origin": "http://testserver"}


def _upload(world, login, data: bytes, headers=ORIGIN):  # type: ignore[no-untyped-def]
    return world.as_login(login).post(
        UPLOAD, files={"file": ("logo.png", data, "image/png")}, headers=headers
    )


def test_staff_with_settings_upload_a_logo(world) -> None:
    response = _upload(world, world.admin.login, PNG)

    assert response.status_code == 303
    assert response.headers["location"] == "/staff/settings?notice=settings.branding.logo_saved"
    world.session.expire_all()
    assert world.client.get(branding.current(world.session).logo_url).content == PNG


def test_logo_upload_refusals_store_nothing(world) -> None:
    for data, key in (
        (b"%PDF-1.4 hallo", "upload.error.type"),
        (b"<svg onload=alert(1)>", "upload.error.type"),
        (PNG + b"\x00" * branding.LOGO_MAX_BYTES, "upload.error.too_large"),
    ):
        response = _upload(world, world.admin.login, data)
        assert response.status_code == 303, key
        assert response.headers["location"] == f"/staff/settings?error={key}"
    assert _upload(world, None, PNG).status_code == 401
    assert (
        _upload(world, world.admin.login, PNG, {"origin": "http://evil.example"}).status_code == 400
    )
    assert _upload(world, world.clerk.login, PNG).status_code == 403
    world.session.expire_all()
    assert branding.current(world.session).logo_version is None
