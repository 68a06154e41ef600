"""`fetch_page` finds its pages through branch queries and index walks (see `grids._branches`);
these tests prove it returns exactly what paging the plain `grid_query` returns (same rows,
same order, same total) for several principals, sorts, filters, searches and the alarm view.
Runs on SQLite and PostgreSQL (fixture `db_session`)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from portal.models.enums import ContractStatus, CustomerKind, UserKind, Visibility
from portal.services import grids
from portal.services.access import Principal, load_principal
from tests import factories as f

TODAY = date(2026, 3, 1)
NAMES = ("Alpha Bau", "Beta", "Gamma KG", "Herrmann IT", "Müller GmbH", "Zeta", "alpha bau")
PRODUCTS = ("DocuWare Cloud", "Forms Add-on", "Herrmann Connector", "Cloud Storage")
# statuses that also occur in the filters below, plus others
STATUSES = (ContractStatus.OWN, ContractStatus.OFFER, ContractStatus.CANCELLED, ContractStatus.INFO)

SUBSCRIPTION_REQUESTS: list[dict[str, Any]] = [
    {},
    {"sort": [{"colId": "end_date", "sort": "desc"}]},
    {"sort": [{"colId": "end_date", "sort": "asc"}], "offset": 7, "limit": 9},
    {"sort": [{"colId": "customer_name", "sort": "asc"}], "offset": 3, "limit": 20},
    {"sort": [{"colId": "customer_name", "sort": "desc"}]},
    {"sort": [{"colId": "cancelled_at", "sort": "asc"}, {"colId": "number", "sort": "desc"}]},
    {"sort": [{"colId": "status", "sort": "desc"}, {"colId": "end_date", "sort": "asc"}]},
    {"sort": [{"colId": "partner_company", "sort": "asc"}], "limit": 15},
    {"search": "herrmann", "sort": [{"colId": "end_date", "sort": "desc"}]},
    {"search": "ALPHA", "sort": [{"colId": "customer_name", "sort": "asc"}], "limit": 5},
    {
        "filters": {"status": {"filterType": "set", "values": ["own"]}},
        "sort": [{"colId": "end_date", "sort": "desc"}],
        "limit": 10,
        "offset": 10,
    },
    {
        "filters": {"status": {"filterType": "set", "values": ["own", "cancelled"]}},
        "sort": [{"colId": "end_date", "sort": "asc"}],
    },
    {
        "filters": {"status": {"filterType": "set", "values": ["offer"]}},
        "sort": [{"colId": "customer_name", "sort": "asc"}],
    },
    {"alarm": True, "sort": [{"colId": "end_date", "sort": "desc"}], "limit": 10},
    {"alarm": True, "sort": [{"colId": "end_date", "sort": "asc"}], "offset": 4, "limit": 6},
    {"alarm": True, "sort": [{"colId": "customer_name", "sort": "asc"}]},
    {"alarm": True, "sort": [{"colId": "alarm_reason", "sort": "asc"}]},
    {
        "alarm": True,
        "search": "a",
        "filters": {"status": {"filterType": "set", "values": ["own", "offer"]}},
        "sort": [{"colId": "end_date", "sort": "desc"}],
    },
    {"offset": 500},
]
CUSTOMER_REQUESTS: list[dict[str, Any]] = [
    {},
    {"sort": [{"colId": "name", "sort": "desc"}], "offset": 5, "limit": 8},
    {"sort": [{"colId": "city", "sort": "asc"}, {"colId": "name", "sort": "desc"}]},
    {"sort": [{"colId": "active_subscriptions", "sort": "desc"}], "limit": 10},
    {"search": "alpha", "sort": [{"colId": "name", "sort": "asc"}]},
    {"filters": {"kind": {"filterType": "set", "values": ["customer"]}}, "limit": 7},
    {"filters": {"active_subscriptions": {"filterType": "number", "filter": 1}}},
]


@pytest.fixture
def principals(db_session: Session) -> dict[str, Principal]:
    """Three locations with customers and contracts drawn at random (fixed seed): NULL and
    equal end dates, equal customer names, every alarm reason. Partners over two and over
    three locations (ALL), one with OWN, and staff."""
    s = db_session
    rng = random.Random(7)
    companies = [f.company(s, name) for name in ("North", "South", "West")]
    two = f.partner(s, "two", Visibility.ALL, companies[:2])
    three = f.partner(s, "three", Visibility.ALL, companies)
    own = f.partner(s, "own", Visibility.OWN, companies[1:])
    staff = f.staff(s, "staff", [])
    for _ in range(45):
        customer = f.customer_with(
            s,
            rng.choice(NAMES),
            rng.choice(companies),
            rng.choice([two, own, own, None]),
            city=rng.choice(["Berlin", "Hamburg", "Köln"]),
            kind=rng.choice(list(CustomerKind)),
        )
        for _contract in range(rng.randint(0, 9)):
            cancelled = rng.random() < 0.3
            f.subscription(
                s,
                customer,
                rng.choice(STATUSES),
                product=rng.choice(PRODUCTS),
                end_date=None
                if rng.random() < 0.15
                else TODAY + timedelta(days=rng.randrange(-120, 200, 10)),
                cancelled_at=TODAY - timedelta(days=rng.randint(0, 90)) if cancelled else None,
            )
    s.commit()
    users = {"two": two, "three": three, "own": own, "staff": staff}
    loaded = {key: load_principal(s, user.id) for key, user in users.items()}
    assert all(p is not None for p in loaded.values())
    assert loaded["staff"].kind == UserKind.STAFF  # type: ignore[union-attr]
    return loaded  # type: ignore[return-value]


def _plain_page(session: Session, grid: str, principal: Principal, raw: dict[str, Any]) -> Any:
    """What a page is by definition: `grid_query` paged, and its rows counted."""
    request = grids.parse_request(grid, principal, raw)
    query = grids.grid_query(grid, principal, request, TODAY)
    connection = session.connection()
    rows = connection.execute(query.offset(request.offset).limit(request.limit)).mappings()
    total = connection.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    return SimpleNamespace(rows=[dict(row) for row in rows], total=total)


def _assert_same_pages(
    session: Session, grid: str, principal: Principal, requests: list[dict[str, Any]]
) -> int:
    """Compare every request; returns how many pages had rows (so tests see they compared)."""
    non_empty = 0
    for raw in requests:
        request = grids.parse_request(grid, principal, raw)
        fast = grids.fetch_page(session, grid, principal, request, TODAY)
        plain = _plain_page(session, grid, principal, raw)
        assert (fast.rows, fast.total) == (plain.rows, plain.total), raw
        non_empty += bool(fast.rows)
    return non_empty


@pytest.fixture(params=[False, True], ids=["planner", "index-walk"])
def walk_always(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """The index walk (SQLite's INDEXED BY) only starts at many matching rows; the small data
    here take it too when this is True."""
    if request.param:
        monkeypatch.setattr(grids, "WALK_MIN_ROWS", 0)
    return request.param


@pytest.mark.parametrize("who", ["two", "three", "own", "staff"])
def test_subscription_pages_equal_the_plain_query(
    db_session: Session, principals: dict[str, Principal], walk_always: bool, who: str
) -> None:
    non_empty = _assert_same_pages(
        db_session, "subscriptions", principals[who], SUBSCRIPTION_REQUESTS
    )
    assert non_empty >= len(SUBSCRIPTION_REQUESTS) // 2


@pytest.mark.parametrize("who", ["two", "three", "own", "staff"])
def test_customer_pages_equal_the_plain_query(
    db_session: Session, principals: dict[str, Principal], walk_always: bool, who: str
) -> None:
    non_empty = _assert_same_pages(db_session, "customers", principals[who], CUSTOMER_REQUESTS)
    assert non_empty >= len(CUSTOMER_REQUESTS) // 2


def test_a_chosen_location_pages_like_the_plain_query(
    db_session: Session, principals: dict[str, Principal], walk_always: bool
) -> None:
    principal = principals["three"]
    chosen = sorted(principal.partner_company_ids)[1:]
    requests = [
        {**raw, "partner_company_ids": chosen}
        for raw in SUBSCRIPTION_REQUESTS
        if "alarm_reason" not in str(raw)
    ]
    assert _assert_same_pages(db_session, "subscriptions", principal, requests)


def test_too_many_branches_fall_back_to_one_plain_query(
    db_session: Session, principals: dict[str, Principal], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(grids, "MAX_BRANCHES", 1)
    assert _assert_same_pages(
        db_session, "subscriptions", principals["three"], SUBSCRIPTION_REQUESTS
    )


def test_pages_through_every_row_once_in_order(
    db_session: Session, principals: dict[str, Principal]
) -> None:
    principal = principals["three"]
    raw: dict[str, Any] = {"sort": [{"colId": "end_date", "sort": "desc"}], "limit": 7}
    everything = _plain_page(db_session, "subscriptions", principal, {**raw, "limit": 200})
    paged: list[object] = []
    for offset in range(0, everything.total, 7):
        request = grids.parse_request("subscriptions", principal, {**raw, "offset": offset})
        page = grids.fetch_page(db_session, "subscriptions", principal, request, TODAY)
        paged.extend(row["id"] for row in page.rows)
    assert paged == [row["id"] for row in everything.rows]
    assert len(set(paged)) == everything.total > 50
