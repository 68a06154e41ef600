"""GET /files/export/{token}: only the signed-in maker of an export gets the file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlmodel import Session
from starlette.testclient import TestClient

from portal.api import build_api
from portal.config import get_settings
from portal.db import get_engine
from portal.services import grid_export
from portal.services.auth import COOKIE_NAME, start_session
from portal.services.grid_views import GridView
from tests.services.test_grids import world as grid_world

world = grid_world


@pytest.fixture
def any_db_url(sqlite_url: str) -> Iterator[str]:
    """SQLite only: the route's logic is engine-independent (the service tests cover both)."""
    from tests.conftest import clear_all_tables

    clear_all_tables(sqlite_url)
    yield sqlite_url
    clear_all_tables(sqlite_url)


@pytest.fixture
def client(
    any_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    monkeypatch.setenv("PORTAL_DATABASE_URL", any_db_url)
    monkeypatch.setattr(grid_export, "export_dir", lambda: tmp_path / "exports")
    get_settings.cache_clear()
    with TestClient(build_api(), follow_redirects=False) as test_client:
        yield test_client
    get_settings.cache_clear()


def _cookie(any_db_url: str, user_id: int) -> dict[str, str]:
    with Session(get_engine(any_db_url)) as session:
        token = start_session(session, user_id)
        session.commit()
    return {COOKIE_NAME: token}


def test_the_maker_downloads_others_and_strangers_do_not(
    client: TestClient, db_session: Session, world: SimpleNamespace, any_db_url: str
) -> None:
    request = GridView(columns=("name", "city")).request("customers", world.p1)
    made = grid_export.write_export(db_session, "customers", world.p1, request, date(2026, 3, 1))
    db_session.commit()
    url = f"/files/export/{made.token}"

    assert client.get(url).status_code == 401
    client.cookies.update(_cookie(any_db_url, world.e3.id))
    assert client.get(url).status_code == 404
    client.cookies.update(_cookie(any_db_url, world.e1.id))
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == made.path.read_bytes()
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="Kunden_2026-03-01.xlsx"' in response.headers["content-disposition"]
    assert response.headers["cache-control"] == "no-store"
    assert client.get("/files/export/not-a-token").status_code == 404
