"""GET /files/branding/logo over HTTP: public, the stored type, long caching only with the
current version, 404 without a logo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlmodel import Session
from starlette.testclient import TestClient

from portal.api import build_api
from portal.config import get_settings
from portal.db import get_engine
from portal.services import branding
from tests.services import settings_world

PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 32


@pytest.fixture
def client(
    any_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SimpleNamespace]:
    monkeypatch.setenv("PORTAL_DATABASE_URL", any_db_url)
    monkeypatch.setenv("PORTAL_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    with Session(get_engine(any_db_url), expire_on_commit=False) as session:
        world = settings_world.build(session)
        world.session = session
        world.data_dir = tmp_path
        session.commit()
        with TestClient(build_api(), follow_redirects=False) as http:
            world.http = http
            yield world
    get_settings.cache_clear()


def test_without_a_logo_the_route_answers_404(client) -> None:
    assert client.http.get(branding.LOGO_ROUTE).status_code == 404


def test_logo_is_public_typed_and_cached_by_version(client) -> None:
    admin = settings_world.principal(client.session, client.admin)
    shown = branding.save_logo(client.session, admin, PNG, "logo.png", data_dir=client.data_dir)
    client.session.commit()

    current = client.http.get(shown.logo_url)  # no session cookie: the login page shows it
    stale = client.http.get(branding.LOGO_ROUTE + "?v=0")

    assert current.status_code == 200 and current.content == PNG
    assert current.headers["content-type"] == "image/png"
    assert current.headers["x-content-type-options"] == "nosniff"
    assert "immutable" in current.headers["cache-control"]
    assert stale.status_code == 200 and stale.headers["cache-control"] == "no-cache"
