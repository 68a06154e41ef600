"""The staff accounts grid on the shared grid services: who may use it, its rows, filters,
search and paging. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from sqlmodel import Session

from portal.models.enums import CustomerRole, PasswordStatus, StaffPermission, Visibility
from portal.services import grid_views, grids
from portal.services.access import AccessDenied, load_principal
from tests import factories as f

TODAY = date(2026, 6, 1)


@pytest.fixture
def world(db_session: Session) -> SimpleNamespace:
    s = db_session
    admin = f.staff(s, "admin@portal.example", [StaffPermission.MANAGE_ACCOUNTS])
    clerk = f.staff(s, "clerk@portal.example", [StaffPermission.INBOX])
    muster = f.company(s, "Muster GmbH")
    nord = f.company(s, "Nord KG")
    management = f.team(s, "Management", [])
    partner = f.partner(s, "p@muster.example", Visibility.ALL, [muster, nord], [management])
    acme = f.customer(s, "Acme AG", muster)
    main = f.customer_user(s, "main@acme.example", acme, CustomerRole.MAIN)
    normal = f.customer_user(s, "normal@acme.example", acme, CustomerRole.NORMAL)
    main.last_login_at = datetime(2026, 5, 3, 22, 0, tzinfo=UTC)
    normal.active = False
    normal.password_status = PasswordStatus.USER_SET
    s.add_all([main, normal])
    s.commit()
    return SimpleNamespace(
        session=s, admin=admin, clerk=clerk, partner=partner, acme=acme, main=main, normal=normal
    )


def page(world: SimpleNamespace, raw: dict | None = None, who=None) -> grids.Page:  # type: ignore[no-untyped-def]
    s = world.session
    principal = load_principal(s, (who or world.admin).id)
    assert principal is not None
    request = grids.parse_request("accounts", principal, raw or {})
    return grids.fetch_page(s, "accounts", principal, request, TODAY)


def logins(result: grids.Page) -> list[str]:
    return [str(row["login"]) for row in result.rows]


def test_staff_with_manage_accounts_see_customer_and_partner_accounts_only(world):
    result = page(world)
    assert logins(result) == ["main@acme.example", "normal@acme.example", "p@muster.example"]
    by_login = {row["login"]: row for row in result.rows}
    assert by_login["main@acme.example"]["organisation"] == f"{world.acme.number} Acme AG"
    assert by_login["main@acme.example"]["role"] == "main"
    assert by_login["p@muster.example"]["organisation"] in {
        "Muster GmbH, Nord KG",
        "Nord KG, Muster GmbH",
    }
    assert by_login["p@muster.example"]["teams"] == "Management"
    assert by_login["main@acme.example"]["last_login"] == date(2026, 5, 3)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"filters": {"account_kind": {"filterType": "set", "values": ["partner"]}}}, ["p@"]),
        ({"filters": {"active": {"filterType": "bool", "value": False}}}, ["normal@"]),
        (
            {"filters": {"password_status": {"filterType": "set", "values": ["user_set"]}}},
            ["normal@"],
        ),
        ({"filters": {"role": {"filterType": "set", "values": ["main"]}}}, ["main@"]),
        (
            {"filters": {"last_login": {"filterType": "date", "dateFrom": "2026-05-03"}}},
            ["main@"],
        ),
        ({"search": "nord"}, ["p@"]),
        ({"search": "acme ag"}, ["main@", "normal@"]),
        ({"sort": [{"colId": "login", "sort": "desc"}], "limit": 1}, ["p@"]),
    ],
)
def test_filters_search_and_sort(world, raw, expected):
    found = logins(page(world, raw))
    assert [login.split("@")[0] + "@" for login in found] == expected


def test_partners_customers_and_staff_without_the_permission_may_not_use_it(world):
    for who in (world.clerk, world.partner, world.main):
        with pytest.raises(AccessDenied):
            page(world, who=who)


def test_saved_views_work_for_the_staff_grid(world):
    s = world.session
    principal = load_principal(s, world.admin.id)
    view = grid_views.load_view(s, principal, "accounts")
    assert "login" in view.columns and "password_status" in view.columns
    options = grid_views.set_options(s, "accounts", principal, "account_kind", TODAY)
    assert options == ["customer", "partner"]
