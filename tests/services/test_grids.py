"""The partner grids' service layer: whitelist, filters, search, sort, paging, alarm and scope.
Runs on SQLite and PostgreSQL (fixture `db_session`)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlmodel import Session

from portal.i18n import MESSAGES
from portal.models.enums import ContractStatus, CustomerKind, PartnerAction, Visibility
from portal.services import grids
from portal.services.access import Principal, load_principal
from portal.services.contracts import AlarmReason
from portal.services.grids import GridError, fetch_page, parse_request, visible_columns
from tests import factories as f

TODAY = date(2026, 3, 1)


def _principal(session: Session, user: Any) -> Principal:
    principal = load_principal(session, user.id)
    assert principal is not None
    return principal


@pytest.fixture
def world(db_session: Session) -> SimpleNamespace:
    """SPEC §3.1's three employees on location North, plus a second location and a stranger.

    A→E2, B→E1, C→E3 on North; D (a prospect) on South; X on a location nobody here belongs to.
    """
    s = db_session
    north, south, foreign = (f.company(s, n) for n in ("North", "South", "Foreign"))
    admin_team = f.team(s, "Administration", [PartnerAction.SEE_RETAIL_PRICE])
    sales_team = f.team(s, "Sales", [PartnerAction.EXPORT])
    e1 = f.partner(s, "e1", Visibility.ALL, [north, south], [sales_team])
    e2 = f.partner(s, "e2", Visibility.NONE, [north], [admin_team])
    e3 = f.partner(s, "e3", Visibility.OWN, [north], [sales_team])
    boss = f.partner(s, "boss", Visibility.ALL, [north], [admin_team])
    e1.display_name = "Erika Eins"
    a = f.customer_with(s, "Alpha", north, e2, city="Berlin", postcode="10115")
    b = f.customer_with(s, "Beta", north, e1, city="Hamburg", postcode="20095")
    c = f.customer_with(s, "Gamma", north, e3, city="Köln", postcode="50667")
    d = f.customer_with(
        s, "Delta", south, e1, city="Berlin", postcode="10117", kind=CustomerKind.PROSPECT
    )
    x = f.customer_with(s, "Xeno", foreign, None, city="Berlin")
    s.commit()
    return SimpleNamespace(
        north=north, south=south, foreign=foreign, e1=e1, e2=e2, e3=e3, boss=boss,
        a=a, b=b, c=c, d=d, x=x,
        **{name: _principal(s, user) for name, user in
           (("p1", e1), ("p2", e2), ("p3", e3), ("pboss", boss))},
    )  # fmt: skip


def _page(
    session: Session, grid: str, principal: Principal, raw: dict[str, Any] | None = None
) -> grids.Page:
    request = parse_request(grid, principal, raw or {})
    return fetch_page(session, grid, principal, request, TODAY)


def _names(page: grids.Page, key: str = "name") -> list[object]:
    return [row[key] for row in page.rows]


def _refused(grid: str, principal: Principal, raw: dict[str, Any]) -> GridError:
    with pytest.raises(GridError) as caught:
        parse_request(grid, principal, raw)
    return caught.value


# --------------------------------------------------------------------------- whitelist


@pytest.mark.parametrize(
    "raw",
    [
        {"columns": ["number", "password_hash"]},
        {"sort": [{"colId": "name; DROP TABLE customer", "sort": "asc"}]},
        {"filters": {"partner_contact_id": {"filterType": "text", "filter": "1"}}},
    ],
)
def test_unknown_columns_are_refused_in_columns_sort_and_filters(
    world: SimpleNamespace, raw: dict[str, Any]
) -> None:
    assert _refused("customers", world.p1, raw).message_key == "grid.error.unknown_column"


@pytest.mark.parametrize(
    "raw",
    [
        {"columns": ["number", "retail_price"]},
        {"sort": [{"colId": "retail_price", "sort": "desc"}]},
        {"filters": {"retail_price": {"filterType": "number", "filter": 1}}},
    ],
)
def test_retail_price_does_not_exist_without_administration(
    world: SimpleNamespace, raw: dict[str, Any]
) -> None:
    # the same error as for a column that does not exist: its existence is not revealed
    assert _refused("subscriptions", world.p1, raw).message_key == "grid.error.unknown_column"


def test_retail_price_is_listed_and_returned_only_for_administration(
    db_session: Session, world: SimpleNamespace
) -> None:
    f.subscription(db_session, world.a, retail_price=Decimal("99.50"))
    db_session.commit()
    assert "retail_price" not in [c.key for c in visible_columns("subscriptions", world.p1)]
    assert "retail_price" in [c.key for c in visible_columns("subscriptions", world.pboss)]

    everyone = _page(db_session, "subscriptions", world.p1)
    assert everyone.total == 1 and "retail_price" not in everyone.rows[0]
    admin = _page(
        db_session,
        "subscriptions",
        world.pboss,
        {"filters": {"retail_price": {"filterType": "number", "filter": "99.5"}}},
    )
    assert admin.rows[0]["retail_price"] == Decimal("99.50")


def test_a_request_parsed_for_administration_cannot_be_replayed_by_someone_else(
    db_session: Session, world: SimpleNamespace
) -> None:
    request = parse_request("subscriptions", world.pboss, {})
    assert "retail_price" in request.columns
    with pytest.raises(GridError, match="unknown_column"):
        grids.grid_query("subscriptions", world.p1, request, TODAY)


@pytest.mark.parametrize(
    ("column", "model"),
    [
        ("start_date", {"filterType": "text", "filter": "2026"}),  # wrong kind for the column
        ("start_date", {"filterType": "date", "dateFrom": "1.3.2026"}),
        ("start_date", {"filterType": "date", "dateFrom": 1767225600}),
        ("start_date", {"filterType": "date", "dateFrom": "2026-03-01 12:00:00"}),
        ("start_date", {"filterType": "date"}),
        ("end_date", {"filterType": "date", "dateFrom": "2026-02-01", "dateTo": "2026-01-01"}),
        ("auto_renew", {"filterType": "bool", "value": "true"}),
        ("seats", {"filterType": "number", "filter": True}),
        ("seats", {"filterType": "number", "filter": "NaN"}),
        ("seats", {"filterType": "number", "filter": 10**13}),
        ("status", {"filterType": "set", "values": ["own", "stolen"]}),
        ("status", {"filterType": "set", "values": []}),
        ("product", {"filterType": "text", "filter": "x", "sql": "1=1"}),
        ("product", {"filterType": "text", "type": "regex", "filter": "x"}),
        ("product", {"filterType": "text", "filter": ""}),
        ("product", "x"),
    ],
)
def test_malformed_filter_models_are_refused(
    world: SimpleNamespace, column: str, model: object
) -> None:
    error = _refused("subscriptions", world.p1, {"filters": {column: model}})
    assert (error.message_key, error.detail.split(".")[0]) == ("grid.error.invalid_filter", column)


@pytest.mark.parametrize(
    ("raw", "message_key"),
    [
        ({"sort": [{"colId": "number", "sort": "sideways"}]}, "invalid_request"),
        ({"sort": [{"colId": "number", "sort": "asc"}, {"colId": "number", "sort": "desc"}]},
         "not_sortable"),
        ({"search": "x" * 101}, "search_too_long"),
        ({"search": 42}, "invalid_request"),
        ({"limit": 0}, "invalid_request"),
        ({"limit": 201}, "invalid_request"),
        ({"limit": "50"}, "invalid_request"),
        ({"offset": -1}, "invalid_request"),
        ({"alarm": 1}, "invalid_request"),
        ({"partner_company_ids": ["1"]}, "invalid_request"),
        ({"where": "1=1"}, "invalid_request"),
        ({"columns": ["number", "number"]}, "invalid_request"),
    ],
)  # fmt: skip
def test_malformed_requests_are_refused_with_a_message_key(
    world: SimpleNamespace, raw: dict[str, Any], message_key: str
) -> None:
    error = _refused("subscriptions", world.p1, raw)
    assert error.message_key == f"grid.error.{message_key}"


def test_a_search_of_100_characters_is_accepted(world: SimpleNamespace) -> None:
    assert parse_request("customers", world.p1, {"search": "x" * 100}).search == "x" * 100


def test_unknown_grid_and_alarm_on_customers_are_refused(world: SimpleNamespace) -> None:
    assert _refused("users", world.p1, {}).message_key == "grid.error.unknown_grid"
    assert _refused("customers", world.p1, {"alarm": True}).message_key == "grid.error.no_alarm"


def test_every_error_message_exists_in_german_and_english() -> None:
    source = Path(grids.__file__).read_text(encoding="utf-8")
    keys = set(re.findall(r'"(grid\.error\.\w+)"', source))
    assert keys and keys <= MESSAGES["de"].keys() and keys <= MESSAGES["en"].keys()


# --------------------------------------------------------------------------- scope


def test_scope_follows_the_worked_example(db_session: Session, world: SimpleNamespace) -> None:
    for owner in (world.a, world.b, world.c, world.d, world.x):
        f.subscription(db_session, owner)
    db_session.commit()
    assert _names(_page(db_session, "customers", world.p1)) == ["Alpha", "Beta", "Delta", "Gamma"]
    assert _names(_page(db_session, "customers", world.p3)) == ["Gamma"]
    nothing = _page(db_session, "customers", world.p2)
    assert nothing.rows == [] and nothing.total == 0

    own_contracts = _page(db_session, "subscriptions", world.p3)
    assert _names(own_contracts, "customer_name") == ["Gamma"]
    assert _page(db_session, "subscriptions", world.p2).total == 0
    assert _page(db_session, "subscriptions", world.p1).total == 4


def test_search_and_filters_never_widen_the_scope(
    db_session: Session, world: SimpleNamespace
) -> None:
    # Xeno is in Berlin too, but on a location E1 is not linked to
    page = _page(db_session, "customers", world.p1, {"search": "berlin"})
    assert _names(page) == ["Alpha", "Delta"]


def test_partner_company_filter_takes_a_subset_of_the_users_locations(
    db_session: Session, world: SimpleNamespace
) -> None:
    south = _page(db_session, "customers", world.p1, {"partner_company_ids": [world.south.id]})
    assert _names(south) == ["Delta"]
    assert south.rows[0]["partner_company"] == "South"
    both = _page(
        db_session, "customers", world.p1, {"partner_company_ids": [world.north.id, world.south.id]}
    )
    assert both.total == 4
    error = _refused("customers", world.p1, {"partner_company_ids": [world.foreign.id]})
    assert error.message_key == "grid.error.partner_company"
    error = _refused("customers", world.p3, {"partner_company_ids": [world.south.id]})
    assert error.message_key == "grid.error.partner_company"


# --------------------------------------------------------------------------- columns and values


def test_customer_rows_carry_location_contact_and_active_contract_count(
    db_session: Session, world: SimpleNamespace
) -> None:
    b = world.b
    f.subscription(db_session, b)  # active: no end
    f.subscription(db_session, b, end_date=TODAY)  # active: ends today
    f.subscription(db_session, b, end_date=TODAY - timedelta(days=1))  # ended
    f.subscription(db_session, b, ContractStatus.OFFER)  # not own
    db_session.commit()
    page = _page(db_session, "customers", world.p1, {"search": "Beta"})
    assert page.rows == [
        {
            "id": b.id,
            "number": b.number,
            "name": "Beta",
            "kind": "customer",
            "city": "Hamburg",
            "postcode": "20095",
            "partner_company": "North",
            "partner_contact": "Erika Eins",
            "active_subscriptions": 2,
        }
    ]
    # a contact without display name is shown by login
    gamma = _page(db_session, "customers", world.pboss, {"search": "Gamma"}).rows[0]
    assert gamma["partner_contact"] == "e3"


def test_subscription_values_are_python_types(db_session: Session, world: SimpleNamespace) -> None:
    row = f.subscription(
        db_session,
        world.a,
        line_of_business="Cloud",
        end_date=date(2026, 12, 31),
        cancelled_at=date(2026, 2, 1),
        auto_renew=False,
        monthly_price=Decimal("12.34"),
        seats=7,
        storage_used_gb=Decimal("1.50"),
        storage_quota_gb=Decimal("10"),
    )
    db_session.commit()
    keys = [c.key for c in visible_columns("subscriptions", world.p1)]
    page = _page(db_session, "subscriptions", world.p1, {"columns": keys})
    assert page.rows == [
        {
            "id": row.id,
            "number": row.number,
            "customer_number": world.a.number,
            "customer_name": "Alpha",
            "product": "DocuWare Cloud",
            "line_of_business": "Cloud",
            "status": "own",
            "start_date": date(2025, 1, 1),
            "end_date": date(2026, 12, 31),
            "cancelled_at": date(2026, 2, 1),
            "auto_renew": False,
            "monthly_price": Decimal("12.34"),
            "seats": 7,
            "storage_used_gb": Decimal("1.50"),
            "storage_quota_gb": Decimal("10.00"),
            "partner_company": "North",
        }
    ]
    assert type(page.rows[0]["seats"]) is int and type(page.rows[0]["auto_renew"]) is bool


def test_chosen_columns_are_returned_in_their_order_and_hidden_defaults_left_out(
    db_session: Session, world: SimpleNamespace
) -> None:
    f.subscription(db_session, world.a)
    db_session.commit()
    default = _page(db_session, "subscriptions", world.p1).rows[0]
    assert "storage_used_gb" not in default and "number" in default
    chosen = _page(db_session, "subscriptions", world.p1, {"columns": ["seats", "number"]})
    assert list(chosen.rows[0]) == ["id", "seats", "number"]


# --------------------------------------------------------------------------- filters


def test_text_filter_matches_a_substring_ignoring_case(
    db_session: Session, world: SimpleNamespace
) -> None:
    page = _page(
        db_session,
        "customers",
        world.p1,
        {"filters": {"name": {"filterType": "text", "filter": "ETA"}}},
    )
    assert _names(page) == ["Beta"]


def test_set_filter_matches_any_of_the_values(db_session: Session, world: SimpleNamespace) -> None:
    for status in (ContractStatus.OWN, ContractStatus.OFFER, ContractStatus.CANCELLED):
        f.subscription(db_session, world.a, status)
    db_session.commit()
    raw = {"filters": {"status": {"filterType": "set", "values": ["own", "cancelled"]}}}
    page = _page(db_session, "subscriptions", world.p1, raw)
    assert sorted(_names(page, "status")) == ["cancelled", "own"]
    prospects = _page(
        db_session,
        "customers",
        world.p1,
        {"filters": {"kind": {"filterType": "set", "values": ["prospect"]}}},
    )
    assert _names(prospects) == ["Delta"]


def test_date_range_filter_includes_both_ends_and_takes_ag_grid_dates(
    db_session: Session, world: SimpleNamespace
) -> None:
    for day in (1, 10, 20, 21):
        f.subscription(db_session, world.a, end_date=date(2026, 4, day))
    f.subscription(db_session, world.a)  # no end date: never in a date range
    db_session.commit()
    raw = {
        "filters": {
            "end_date": {
                "filterType": "date",
                "dateFrom": "2026-04-01 00:00:00",
                "dateTo": "2026-04-20",
            }
        }
    }
    page = _page(db_session, "subscriptions", world.p1, raw)
    assert _names(page, "end_date") == [date(2026, 4, d) for d in (1, 10, 20)]
    open_ended = {"filters": {"end_date": {"filterType": "date", "dateFrom": "2026-04-20"}}}
    assert _page(db_session, "subscriptions", world.p1, open_ended).total == 2


def test_number_range_filter_on_money_and_counts(
    db_session: Session, world: SimpleNamespace
) -> None:
    for price in ("9.99", "10.00", "20.00", "20.01"):
        f.subscription(db_session, world.a, monthly_price=Decimal(price))
    db_session.commit()
    raw = {"filters": {"monthly_price": {"filterType": "number", "filter": 10, "filterTo": "20"}}}
    page = _page(db_session, "subscriptions", world.p1, raw)
    assert sorted(_names(page, "monthly_price")) == [Decimal("10.00"), Decimal("20.00")]

    busy = {"filters": {"active_subscriptions": {"filterType": "number", "filter": 1}}}
    assert _names(_page(db_session, "customers", world.p1, busy)) == ["Alpha"]


def test_bool_filter(db_session: Session, world: SimpleNamespace) -> None:
    f.subscription(db_session, world.a, auto_renew=True)
    manual = f.subscription(db_session, world.a, auto_renew=False)
    db_session.commit()
    raw = {"filters": {"auto_renew": {"filterType": "bool", "value": False}}}
    assert _names(_page(db_session, "subscriptions", world.p1, raw), "id") == [manual.id]


# --------------------------------------------------------------------------- search


def test_search_takes_percent_underscore_and_backslash_literally(
    db_session: Session, world: SimpleNamespace
) -> None:
    for name in ("100% Bio", "1000 Bio", "A_B", "AxB", "C\\D", "CxD"):
        f.customer_with(db_session, name, world.north, world.e1)
    db_session.commit()

    def found(search: str) -> list[object]:
        return _names(_page(db_session, "customers", world.p1, {"search": search}))

    assert found("100%") == ["100% Bio"]
    assert found("a_b") == ["A_B"]
    assert found("c\\d") == ["C\\D"]
    assert found("  %  ") == ["100% Bio"]
    assert len(found("   ")) == 4 + 6  # blank: no search


def test_search_covers_number_name_and_place(db_session: Session, world: SimpleNamespace) -> None:
    assert _names(_page(db_session, "customers", world.p1, {"search": "20095"})) == ["Beta"]
    assert _names(_page(db_session, "customers", world.p1, {"search": world.c.number})) == ["Gamma"]
    contract = f.subscription(db_session, world.b, product="Invoice Processing")
    f.subscription(db_session, world.a)
    db_session.commit()
    by_customer = _page(db_session, "subscriptions", world.p1, {"search": "bet"})
    by_product = _page(db_session, "subscriptions", world.p1, {"search": "INVOICE"})
    assert _names(by_customer, "id") == _names(by_product, "id") == [contract.id]


# --------------------------------------------------------------------------- sort and paging


def test_multi_sort_with_nulls_last_and_id_as_tiebreak(
    db_session: Session, world: SimpleNamespace
) -> None:
    rows = [
        f.subscription(db_session, world.a, ContractStatus.OWN, end_date=date(2026, 5, 1)),
        f.subscription(db_session, world.a, ContractStatus.OFFER, end_date=date(2026, 6, 1)),
        f.subscription(db_session, world.a, ContractStatus.OWN, end_date=None),
        f.subscription(db_session, world.a, ContractStatus.OWN, end_date=date(2026, 7, 1)),
        f.subscription(db_session, world.a, ContractStatus.OWN, end_date=date(2026, 7, 1)),
    ]
    db_session.commit()
    raw = {
        "sort": [{"colId": "status", "sort": "desc"}, {"colId": "end_date", "sort": "asc"}],
    }
    page = _page(db_session, "subscriptions", world.p1, raw)
    assert _names(page, "id") == [rows[i].id for i in (0, 3, 4, 2, 1)]
    descending = {"sort": [{"colId": "end_date", "sort": "desc"}]}
    page = _page(db_session, "subscriptions", world.p1, descending)
    assert _names(page, "id") == [rows[i].id for i in (2, 3, 4, 1, 0)]


def test_pages_follow_the_sort_and_carry_the_total(
    db_session: Session, world: SimpleNamespace
) -> None:
    for number in range(12):
        f.customer_with(db_session, f"Kunde {number:02d}", world.north, world.e1)
    db_session.commit()
    raw: dict[str, Any] = {"search": "kunde", "sort": [{"colId": "name", "sort": "desc"}]}
    first = _page(db_session, "customers", world.p1, {**raw, "limit": 5})
    last = _page(db_session, "customers", world.p1, {**raw, "limit": 5, "offset": 10})
    beyond = _page(db_session, "customers", world.p1, {**raw, "offset": 50})
    assert _names(first) == [f"Kunde {n:02d}" for n in (11, 10, 9, 8, 7)]
    assert _names(last) == ["Kunde 01", "Kunde 00"]
    assert first.total == last.total == beyond.total == 12 and beyond.rows == []


def test_grid_query_returns_every_row_for_the_export(
    db_session: Session, world: SimpleNamespace
) -> None:
    for _ in range(3):
        f.subscription(db_session, world.a)
    db_session.commit()
    request = parse_request("subscriptions", world.p1, {"limit": 1})
    query = grids.grid_query("subscriptions", world.p1, request, TODAY)
    assert len(db_session.connection().execute(query).all()) == 3


# --------------------------------------------------------------------------- alarm


@pytest.fixture
def alarm_rows(db_session: Session, world: SimpleNamespace) -> dict[str, int]:
    """Contracts around every alarm boundary (SPEC §4), by what they test."""
    days = timedelta
    cases: dict[str, dict[str, object]] = {
        "ended_61_days_ago": {"end_date": TODAY - days(61)},
        "ended_60_days_ago": {"end_date": TODAY - days(60)},
        "ended_yesterday": {"end_date": TODAY - days(1)},
        "ends_today": {"end_date": TODAY},
        "ends_in_120_days": {"end_date": TODAY + days(120)},
        "ends_in_121_days": {"end_date": TODAY + days(121)},
        "cancelled_61_days_ago": {"cancelled_at": TODAY - days(61), "end_date": TODAY + days(365)},
        "cancelled_60_days_ago": {"cancelled_at": TODAY - days(60), "end_date": TODAY + days(365)},
        "cancelled_today": {"cancelled_at": TODAY, "end_date": TODAY + days(30)},
        "cancelled_tomorrow": {"cancelled_at": TODAY + days(1), "end_date": TODAY + days(365)},
        "no_dates": {"end_date": None},
    }
    ids = {name: f.subscription(db_session, world.a, **fields).id for name, fields in cases.items()}
    f.subscription(db_session, world.x, end_date=TODAY)  # alarming, but out of scope
    db_session.commit()
    return ids  # type: ignore[return-value]


def test_alarm_rows_and_reasons_at_the_day_boundaries(
    db_session: Session, world: SimpleNamespace, alarm_rows: dict[str, int]
) -> None:
    page = _page(db_session, "subscriptions", world.p1, {"alarm": True})
    reasons = {row["id"]: row["alarm_reason"] for row in page.rows}
    assert reasons == {
        alarm_rows["ended_60_days_ago"]: AlarmReason.ENDED,
        alarm_rows["ended_yesterday"]: AlarmReason.ENDED,
        alarm_rows["ends_today"]: AlarmReason.ENDS_SOON,
        alarm_rows["ends_in_120_days"]: AlarmReason.ENDS_SOON,
        alarm_rows["cancelled_60_days_ago"]: AlarmReason.CANCELLED,
        # cancelled and ending within 120 days: the cancellation is the reason
        alarm_rows["cancelled_today"]: AlarmReason.CANCELLED,
    }
    assert page.total == 6
    assert list(page.rows[0])[:2] == ["id", "alarm_reason"]


def test_alarm_combines_with_filters_and_sorts_by_reason(
    db_session: Session, world: SimpleNamespace, alarm_rows: dict[str, int]
) -> None:
    raw = {
        "alarm": True,
        "filters": {
            "alarm_reason": {"filterType": "set", "values": ["ended", "cancelled"]},
            "end_date": {"filterType": "date", "dateTo": TODAY.isoformat()},
        },
        "sort": [{"colId": "alarm_reason", "sort": "asc"}, {"colId": "end_date", "sort": "asc"}],
        "columns": ["number"],
    }
    page = _page(db_session, "subscriptions", world.p1, raw)
    assert _names(page, "id") == [alarm_rows["ended_60_days_ago"], alarm_rows["ended_yesterday"]]
    assert list(page.rows[0]) == ["id", "alarm_reason", "number"]


def test_alarm_reason_column_exists_only_in_the_alarm_view(world: SimpleNamespace) -> None:
    assert "alarm_reason" not in [c.key for c in visible_columns("subscriptions", world.p1)]
    raw = {"sort": [{"colId": "alarm_reason", "sort": "asc"}]}
    assert _refused("subscriptions", world.p1, raw).message_key == "grid.error.unknown_column"
