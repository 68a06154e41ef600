"""GET /files/accounts.csv over HTTP: only staff with MANAGE_ACCOUNTS get the file, the options
come from the query, the download is audited and never holds a hash. SQLite and PostgreSQL."""

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
from portal.models.enums import CustomerRole, StaffPermission
from portal.services.accounts import EXPORT_ROUTE
from portal.services.auth import COOKIE_NAME, start_session
from tests import factories as f


@pytest.fixture
def world(any_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[SimpleNamespace]:
    monkeypatch.setenv("PORTAL_DATABASE_URL", any_db_url)
    get_settings.cache_clear()
    with Session(get_engine(any_db_url), expire_on_commit=False) as session:
        admin = f.staff(session, "admin", [StaffPermission.MANAGE_ACCOUNTS])
        clerk = f.staff(session, "clerk", [StaffPermission.INBOX])
        acme = f.customer(session, "Acme AG")
        main = f.customer_user(session, "main@acme.example", acme, CustomerRole.MAIN)
        main.password_hash = "$argon2id$v=19$secret"
        gone = f.customer_user(session, "gone@acme.example", acme, CustomerRole.NORMAL)
        gone.active = False
        session.add_all([main, gone])
        tokens = {u.login: start_session(session, u.id) for u in (admin, clerk, main)}
        session.commit()
        with TestClient(build_api(), follow_redirects=False) as client:
            yield SimpleNamespace(client=client, tokens=tokens, admin=admin)
    get_settings.cache_clear()


def get(world, login: str | None = None, query: str = ""):  # type: ignore[no-untyped-def]
    world.client.cookies.clear()
    if login:
        world.client.cookies.set(COOKIE_NAME, world.tokens[login])
    return world.client.get(EXPORT_ROUTE + query)


def logins(response) -> list[str]:  # type: ignore[no-untyped-def]
    text = response.content.decode("utf-8-sig")
    return [row["Login"] for row in csv.DictReader(io.StringIO(text), delimiter=";")]


def test_without_a_session_to_login(world) -> None:  # type: ignore[no-untyped-def]
    response = get(world)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=%2Ffiles%2Faccounts.csv")


def test_staff_without_the_permission_and_customers_are_refused(world) -> None:  # type: ignore[no-untyped-def]
    for login in ("clerk", "main@acme.example"):
        response = get(world, login)
        assert response.status_code == 403, login
        assert "acme" not in response.text


def test_admin_downloads_with_options_and_it_is_audited(world) -> None:  # type: ignore[no-untyped-def]
    response = get(world, "admin")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith('attachment; filename="accounts-')
    assert response.headers["cache-control"] == "no-store"
    assert response.content.startswith("\ufeff".encode())
    assert logins(response) == ["main@acme.example"]
    assert "argon2" not in response.text and "secret" not in response.text
    everything = get(world, "admin", "?include_inactive=1&include_user_set=1&include_notified=1")
    assert logins(everything) == ["gone@acme.example", "main@acme.example"]
    # only "1" switches an option on
    assert logins(get(world, "admin", "?include_inactive=true")) == ["main@acme.example"]
    with Session(get_engine(get_settings().database_url)) as session:
        events = session.exec(
            select(AuditEvent)
            .where(AuditEvent.action == "account.exported")
            .order_by(AuditEvent.id)
        ).all()
    assert [e.detail["include_inactive"] for e in events] == [False, True, False]
    assert all(e.actor_id == world.admin.id for e in events)
