"""Saved grid views: stored per user and grid, restored on any device, never wider than the
principal's rights; and the filter form's translation into filter models."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from portal.models import GridPreference
from portal.services import grid_views, grids
from portal.services.grid_views import GridView, filters_from_form, sanitize_view

TODAY = date(2026, 3, 1)


def test_a_saved_view_comes_back_for_the_same_user_only(
    db_session: Session, world: SimpleNamespace
) -> None:
    view = GridView(
        columns=("status", "number", "end_date"),
        widths={"number": 222},
        sort=(("end_date", "desc"), ("number", "asc")),
        filters={"status": {"filterType": "set", "values": ["own"]}},
        search="alp",
        page_size=100,
        alarm=True,
    )
    grid_views.save_view(db_session, world.p1, "subscriptions", view)
    db_session.commit()

    restored = grid_views.load_view(db_session, world.p1, "subscriptions")
    assert restored.columns == view.columns
    assert restored.widths["number"] == 222
    assert restored.sort == view.sort
    assert restored.filters == view.filters
    assert (restored.search, restored.page_size, restored.alarm) == ("alp", 100, True)
    assert grid_views.load_view(db_session, world.p3, "subscriptions") == grid_views.default_view(
        "subscriptions", world.p3
    )


def test_saving_twice_updates_the_one_row_and_reset_removes_it(
    db_session: Session, world: SimpleNamespace
) -> None:
    base = grid_views.default_view("customers", world.p1)
    grid_views.save_view(db_session, world.p1, "customers", base)
    grid_views.save_view(db_session, world.p1, "customers", replace(base, columns=("name",)))
    db_session.commit()
    rows = db_session.exec(select(GridPreference).where(GridPreference.user_id == world.e1.id))
    assert [row.view["columns"] for row in rows] == [["name"]]

    assert grid_views.reset_view(db_session, world.p1, "customers") == base
    db_session.commit()
    assert grid_views.load_view(db_session, world.p1, "customers") == base


def test_a_stored_view_loses_what_the_user_may_no_longer_use(world: SimpleNamespace) -> None:
    """The retail price was saved by an Administration member; E1 (no Administration) loads
    the same JSON: column, width, sort and filter on it disappear, the rest stays."""
    stored = {
        "columns": ["number", "retail_price", "no_such_column", "number"],
        "widths": {"retail_price": 300, "number": 5000},
        "sort": [["retail_price", "asc"], ["number", "desc"], ["number", "asc"]],
        "filters": {
            "retail_price": {"filterType": "number", "filter": 1},
            "status": {"filterType": "set", "values": ["own"]},
            "end_date": {"filterType": "date", "dateFrom": "not a date"},
        },
        "page_size": 7,
        "partner_company_ids": [world.north.id, world.foreign.id],
        "search": "x" * 500,
    }
    view = sanitize_view("subscriptions", world.p1, stored)
    assert view.columns == ("number",)
    assert "retail_price" not in view.widths
    assert view.widths["number"] == grid_views.MAX_WIDTH
    assert view.sort == (("number", "desc"),)
    assert list(view.filters) == ["status"]
    assert view.page_size == grids.DEFAULT_LIMIT
    assert view.partner_company_ids == (world.north.id,)
    assert len(view.search) == grids.MAX_SEARCH_LENGTH
    view.request("subscriptions", world.p1)  # and it parses


@pytest.mark.parametrize("junk", [None, [], "x", 1, {"columns": "number"}, {"sort": 5}])
def test_junk_gives_the_default_view(world: SimpleNamespace, junk: object) -> None:
    assert sanitize_view("customers", world.p1, junk).columns == (
        grid_views.default_view("customers", world.p1).columns
    )


def test_the_filter_form_becomes_filter_models(world: SimpleNamespace) -> None:
    form = {
        "f.product.text": "  cloud ",
        "f.status.v:own": "on",
        "f.status.v:offer": "on",
        "f.end_date.from": "2026-01-01",
        "f.end_date.to": "",
        "f.monthly_price.from": "10,5",
        "f.auto_renew.bool": "false",
        "f.seats.from": "",
        "f.number.text": "   ",
    }
    filters = filters_from_form("subscriptions", world.p1, form)
    assert filters == {
        "product": {"filterType": "text", "filter": "cloud"},
        "status": {"filterType": "set", "values": ["offer", "own"]},
        "end_date": {"filterType": "date", "dateFrom": "2026-01-01", "dateTo": None},
        "monthly_price": {"filterType": "number", "filter": "10.5", "filterTo": None},
        "auto_renew": {"filterType": "bool", "value": False},
    }
    replace(grid_views.default_view("subscriptions", world.p1), filters=filters).request(
        "subscriptions", world.p1
    )


def test_form_values_are_still_validated(world: SimpleNamespace) -> None:
    filters = filters_from_form(
        "subscriptions", world.p1, {"f.end_date.from": "2027-01-01", "f.end_date.to": "2026-01-01"}
    )
    view = replace(grid_views.default_view("subscriptions", world.p1), filters=filters)
    with pytest.raises(grids.GridError) as refused:
        view.request("subscriptions", world.p1)
    assert refused.value.message_key == "grid.error.invalid_filter"


def test_the_form_cannot_filter_a_hidden_column(world: SimpleNamespace) -> None:
    assert filters_from_form("subscriptions", world.p1, {"f.retail_price.from": "1"}) == {}
    assert filters_from_form("subscriptions", world.p2, {"f.retail_price.from": "1"}) == {
        "retail_price": {"filterType": "number", "filter": "1", "filterTo": None}
    }


def test_set_options_are_the_fixed_values_or_what_the_principal_sees(
    db_session: Session, world: SimpleNamespace
) -> None:
    assert grid_views.set_options(db_session, "subscriptions", world.p1, "status", TODAY) == list(
        grids.get_grid("subscriptions").columns[5].values
    )
    from tests import factories as f

    f.subscription(db_session, world.c, line_of_business="Leben")
    f.subscription(db_session, world.x, line_of_business="Geheim")
    db_session.commit()
    assert grid_views.set_options(
        db_session, "subscriptions", world.p3, "line_of_business", TODAY
    ) == ["Leben"]
