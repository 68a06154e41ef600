"""POST /auth/act-as and /auth/act-as/end over HTTP, and the audit CSV route."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from portal.api import build_api
from portal.config import get_settings
from portal.db import get_engine
from portal.models import AuditEvent, PermissionGroup, User, UserPermissionGroup
from portal.models.enums import StaffPermission, UserKind
from portal.services.auth import COOKIE_NAME
from portal.services.passwords import hash_password

ORIGIN = {"origin": "http://testserver"}
PASSWORD = "Richtig-Gut-2026"


@pytest.fixture
def world(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[SimpleNamespace]:
    from tests.conftest import clear_all_tables

    clear_all_tables(sqlite_url)
    monkeypatch.setenv("PORTAL_DATABASE_URL", sqlite_url)
    get_settings.cache_clear()
    with Session(get_engine(sqlite_url), expire_on_commit=False) as session:

        def user(login: str, kind: UserKind, *permissions: StaffPermission) -> User:
            row = User(kind=kind, login=login, password_hash=hash_password(PASSWORD))
            session.add(row)
            session.flush()
            if permissions:
                group = PermissionGroup(name=f"g-{login}", permissions=list(permissions))
                session.add(group)
                session.flush()
                session.add(UserPermissionGroup(user_id=row.id, group_id=group.id))
            return row

        ids = SimpleNamespace(
            admin=user(
                "admin@portal.example",
                UserKind.STAFF,
                StaffPermission.ACT_AS,
                StaffPermission.MANAGE_ACCOUNTS,
            ).id,
            clerk=user("clerk@portal.example", UserKind.STAFF, StaffPermission.INBOX).id,
            customer=user("kunde@firma.example", UserKind.CUSTOMER).id,
            partner=user("partner@makler.example", UserKind.PARTNER).id,
            url=sqlite_url,
        )
        session.commit()
    with TestClient(build_api(), follow_redirects=False) as client:
        ids.client = client
        yield ids
    get_settings.cache_clear()


def login(client: TestClient, who: str) -> None:
    response = client.post("/auth/login", data={"login": who, "password": PASSWORD}, headers=ORIGIN)
    assert response.status_code == 303 and client.cookies.get(COOKIE_NAME)


def act_as(client: TestClient, user_id: int, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/auth/act-as",
        data={"user_id": str(user_id), "back": f"/staff/accounts/{user_id}"},
        headers=headers or ORIGIN,
    )


def actions(url: str) -> list[tuple[str, int | None, int | None]]:
    with Session(get_engine(url)) as session:
        rows = session.exec(select(AuditEvent).where(AuditEvent.action.startswith("act_as"))).all()
        return [(r.action, r.actor_id, r.acting_as_id) for r in rows]


def test_staff_acts_as_a_customer_and_returns(world) -> None:
    c = world.client
    login(c, "admin@portal.example")
    before = c.cookies.get(COOKIE_NAME)
    started = act_as(c, world.customer)
    assert started.status_code == 303 and started.headers["location"] == "/customer"
    assert "HttpOnly" in started.headers["set-cookie"]
    assert c.cookies.get(COOKIE_NAME) != before
    ended = c.post("/auth/act-as/end", headers=ORIGIN)
    assert ended.status_code == 303
    assert ended.headers["location"] == f"/staff/accounts/{world.customer}"
    assert actions(world.url) == [
        ("act_as.start", world.admin, world.customer),
        ("act_as.end", world.admin, world.customer),
    ]


def test_the_page_the_button_was_on_is_the_way_back(world) -> None:
    c = world.client
    login(c, "admin@portal.example")
    c.post(
        "/auth/act-as",
        data={"user_id": str(world.partner)},
        headers={"origin": "http://testserver", "referer": "http://testserver/staff/audit"},
    )
    assert c.post("/auth/act-as/end", headers=ORIGIN).headers["location"] == "/staff/audit"


def test_cross_site_posts_are_refused(world) -> None:
    c = world.client
    login(c, "admin@portal.example")
    refused = act_as(c, world.customer, origin="https://evil.example")
    assert refused.headers["location"] == "/403"
    assert (
        c.post("/auth/act-as", data={"user_id": str(world.customer)}).headers["location"] == "/403"
    )  # no Origin, no Referer
    assert actions(world.url) == []


@pytest.mark.parametrize("who", ["clerk@portal.example", "kunde@firma.example", None])
def test_without_the_permission_or_session_it_is_refused(world, who) -> None:
    if who:
        login(world.client, who)
    assert act_as(world.client, world.partner).headers["location"] == "/403"
    assert actions(world.url) == []


def test_bad_ids_and_staff_targets_are_refused(world) -> None:
    c = world.client
    login(c, "admin@portal.example")
    for user_id in ("", "abc", "-1", str(world.clerk), "99999"):
        response = c.post("/auth/act-as", data={"user_id": user_id}, headers=ORIGIN)
        assert response.headers["location"] == "/403"


def test_acting_cannot_be_chained(world) -> None:
    c = world.client
    login(c, "admin@portal.example")
    act_as(c, world.customer)
    assert act_as(c, world.partner).headers["location"] == "/403"
    assert actions(world.url) == [("act_as.start", world.admin, world.customer)]
    # And the acted-as customer cannot read the staff audit export either.
    assert c.get("/files/audit.csv").status_code == 403


def test_end_without_acting_is_refused(world) -> None:
    login(world.client, "admin@portal.example")
    assert world.client.post("/auth/act-as/end", headers=ORIGIN).headers["location"] == "/403"


def test_audit_export_for_account_managers(world) -> None:
    c = world.client
    assert c.get("/files/audit.csv").headers["location"].startswith("/login")
    login(c, "clerk@portal.example")
    assert c.get("/files/audit.csv").status_code == 403
    login(c, "admin@portal.example")
    response = c.get("/files/audit.csv", params={"action": "login."})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Zeitpunkt;Aktion;")
    assert {line.split(";")[1] for line in lines[1:]} == {"login.success"}
