"""GET /files/grants/{kind}.csv over HTTP: only staff with "manage grants" get the file, the
download is audited, unknown kinds and other audiences get nothing. SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from portal.api import build_api
from portal.config import get_settings
from portal.db import get_engine
from portal.models import AuditEvent
from portal.services.auth import COOKIE_NAME, start_session
from portal.services.grant_export import export_path
from tests.services import grant_world


@pytest.fixture
def world(any_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[SimpleNamespace]:
    monkeypatch.setenv("PORTAL_DATABASE_URL", any_db_url)
    get_settings.cache_clear()
    with Session(get_engine(any_db_url), expire_on_commit=False) as session:
        world = grant_world.build(session)
        world.tokens = {
            user.login: start_session(session, user.id)
            for user in (world.manager, world.clerk, world.normal)
        }
        session.commit()
        with TestClient(build_api(), follow_redirects=False) as client:
            world.client = client
            yield world
    get_settings.cache_clear()


def get(world, kind: str, login: str | None = None):  # type: ignore[no-untyped-def]
    world.client.cookies.clear()
    if login:
        world.client.cookies.set(COOKIE_NAME, world.tokens[login])
    return world.client.get(export_path(kind))


def test_without_a_session_to_login(world) -> None:  # type: ignore[no-untyped-def]
    response = get(world, "customers")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=%2Ffiles%2Fgrants%2F")


def test_others_are_refused(world) -> None:  # type: ignore[no-untyped-def]
    for login in ("clerk", "normal@mueller.example"):
        response = get(world, "customers", login)
        assert response.status_code == 403, login
        assert "Familie" not in response.text
    assert get(world, "passwords", "manager").status_code == 404


def test_manager_downloads_both_exports_and_they_are_audited(world) -> None:  # type: ignore[no-untyped-def]
    response = get(world, "customers", "manager")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith(
        'attachment; filename="freischaltungen-customers-'
    )
    assert response.headers["cache-control"] == "no-store"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [(r["Kunde"], r["Login"], r["Anmeldungen gesamt"]) for r in rows] == [
        ("Familie Müller", "normal@mueller.example", "0")
    ]
    assert get(world, "contracts", "manager").status_code == 200
    with Session(get_engine(get_settings().database_url)) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "grant.export")).all()
    assert sorted(e.detail["kind"] for e in events) == ["contracts", "customers"]
    assert all(e.actor_id == world.manager.id for e in events)
