"""GET /files/branding/logo over HTTP: public, the stored type, long caching only with the
current version, 404 without a logo."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from portal.services import branding
from tests.services import settings_world

PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 32


@pytest.fixture
def world(api_world) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    return api_world(lambda session, _: settings_world.build(session))


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
