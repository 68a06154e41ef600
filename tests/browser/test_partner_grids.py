"""The partner grids in a real Chromium: SPEC §3.1's worked example, saved views, the alarm view
and the Excel export, checked against the database the server uses (not against copies of the
seed's numbers)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
import pytest
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import text

from tests.browser.test_login import DEMO_PASSWORD

if TYPE_CHECKING:
    from tests.browser.conftest import PortalUI

pytestmark = pytest.mark.browser

E1, E2, E3 = (f"e{i}@muster-it.example" for i in (1, 2, 3))


def _sql(query: str, **params: object) -> list[tuple]:
    from portal.db import session_scope

    with session_scope() as session:
        return [tuple(row) for row in session.connection().execute(text(query), params)]


def _companies_of(login: str) -> list[int]:
    return [
        row[0]
        for row in _sql(
            "SELECT l.partner_company_id FROM user_partner_company l "
            "JOIN user_account u ON u.id = l.user_id WHERE u.login = :login",
            login=login,
        )
    ]


def _sign_in(ui: PortalUI, login: str) -> None:
    mark = ui.login(login, DEMO_PASSWORD)
    ui.expect_page("/partner", since=mark)


def _open_grid(ui: PortalUI, path: str) -> None:
    ui.open(path)
    expect(ui.page.locator("#grid .ag-root")).to_be_visible()
    # Each test starts from the default view, whatever an earlier test saved.
    _settle(ui.page, lambda: ui.page.locator("#grid-reset").click())


def _settle(page: Page, action: Callable[[], object]) -> None:
    """Run an action that changes the grid and wait until the server has shown its answer
    (the grid's `data-revision` counts the pages the server sent)."""
    grid = page.locator("#grid")
    before = grid.get_attribute("data-revision")
    action()
    expect(grid).not_to_have_attribute("data-revision", before or "")


def _total(page: Page) -> int:
    shown = page.locator("#grid-range").inner_text()
    if not shown:
        return 0
    return int(re.sub(r"\D", "", shown.rsplit(" ", 1)[-1]))


def _expect_total(page: Page, total: int) -> None:
    if total == 0:
        expect(page.locator("#grid-range")).to_have_text("")
        expect(page.locator(".ag-overlay-no-rows-center, .ag-overlay")).to_contain_text(
            "Keine Einträge"
        )
    else:
        expect(page.locator("#grid-range")).to_have_text(
            re.compile(rf"von {total:,}$".replace(",", r"\."))
        )


def _headers(page: Page) -> list[str]:
    """Header texts in their visual order (AG Grid positions cells absolutely)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('#grid .ag-header-cell')]
            .map((cell) => [cell.getBoundingClientRect().left, cell.innerText.trim()])
            .sort((a, b) => a[0] - b[0]).map((pair) => pair[1])"""
    )


def _column(page: Page, col_id: str) -> list[str]:
    return page.locator(f"#grid .ag-row [col-id={col_id}]").all_inner_texts()


def _names(page: Page) -> list[str]:
    return _column(page, "name")


def _search(page: Page, term: str) -> None:
    _settle(page, lambda: page.locator("#grid-search").fill(term))


# -------------------------------------------------------------------------------- the example


def test_worked_example_e1_sees_a_b_c_e3_only_c(ui: PortalUI) -> None:
    _sign_in(ui, E1)
    _open_grid(ui, "/partner/customers")
    page = ui.page
    ids = ",".join(map(str, _companies_of(E1)))
    (expected,) = _sql(f"SELECT count(*) FROM customer WHERE partner_company_id IN ({ids})")
    _expect_total(page, expected[0])
    for name in ("Alpha Bau GmbH", "Bäckerei Brandt", "Café Central KG"):
        _search(page, name)
        expect(page.locator("#grid .ag-row [col-id=name]")).to_have_text([name])
    # Two locations: each row says which one it belongs to, and the filter narrows to one.
    _search(page, "")
    expect(page.locator("#grid-locations")).to_contain_text("Nordlicht Systemhaus GmbH")
    _settle(page, page.locator("#grid-locations").get_by_text("Nordlicht Systemhaus GmbH").click)
    (nordlicht,) = _sql(
        "SELECT count(*) FROM customer c JOIN partner_company p ON p.id = c.partner_company_id "
        "WHERE p.name = 'Nordlicht Systemhaus GmbH'"
    )
    _expect_total(page, nordlicht[0])
    assert set(_column(page, "partner_company")) == {"Nordlicht Systemhaus GmbH"}
    ui.screenshot("grid-customers-e1.png")


def test_e3_with_own_sees_only_c_and_cannot_export(ui: PortalUI) -> None:
    _sign_in(ui, E3)
    _open_grid(ui, "/partner/customers")
    expect(ui.page.locator("#grid .ag-row [col-id=name]")).to_have_text(["Café Central KG"])
    expect(ui.page.locator("#grid-export")).to_have_count(0)  # no team with the export action
    # A click on the row opens the customer's detail page.
    ((customer_id,),) = _sql("SELECT id FROM customer WHERE name = 'Café Central KG'")
    ui.page.locator("#grid .ag-row [col-id=name]").first.click()
    ui.page.wait_for_url(ui.url_re(f"/partner/customers/{customer_id}"))
    expect(ui.page.locator("#page-title")).to_contain_text("Café Central KG")


def _set_own_visibility(ui: PortalUI, label: str) -> None:
    ui.open("/partner")
    ui.page.locator("#own-visibility").click()
    ui.page.get_by_role("option", name=label).click()
    expect(ui.page.locator("#visibility")).to_have_text(label)


def test_e2_sees_nothing_until_he_sets_his_own_visibility_to_all(ui: PortalUI) -> None:
    """E2: Administration, visibility NONE, partner contact of A; may change his own visibility."""
    _sign_in(ui, E2)
    _open_grid(ui, "/partner/customers")
    _expect_total(ui.page, 0)
    _set_own_visibility(ui, "Alle")
    try:
        _open_grid(ui, "/partner/customers")
        ids = ",".join(map(str, _companies_of(E2)))
        (expected,) = _sql(f"SELECT count(*) FROM customer WHERE partner_company_id IN ({ids})")
        _expect_total(ui.page, expected[0])
        for name in ("Alpha Bau GmbH", "Bäckerei Brandt", "Café Central KG"):
            _search(ui.page, name)
            expect(ui.page.locator("#grid .ag-row [col-id=name]")).to_have_text([name])
        # Administration sees the retail price, in the grid and in the column chooser.
        ui.open("/partner/subscriptions")
        assert "Endkundenpreis" in _headers(ui.page)
    finally:
        _set_own_visibility(ui, "Keine")  # the demo world stays as seeded for other tests


def test_retail_price_only_for_administration(ui: PortalUI) -> None:
    _sign_in(ui, E1)  # Management, not Administration
    _open_grid(ui, "/partner/subscriptions")
    page = ui.page
    assert "Endkundenpreis" not in _headers(page)
    page.locator("#grid-columns").click()
    expect(page.locator("[data-column=monthly_price]")).to_be_visible()
    expect(page.locator("[data-column=retail_price]")).to_have_count(0)
    page.keyboard.press("Escape")


# -------------------------------------------------------------------------------- saved views


def _drag_header(page: Page, source: Locator, target: Locator) -> None:
    box, goal = source.bounding_box(), target.bounding_box()
    assert box and goal
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    steps = 12
    for i in range(1, steps + 1):
        page.mouse.move(
            box["x"]
            + box["width"] / 2
            + (goal["x"] + 10 - box["x"] - box["width"] / 2) * i / steps,
            box["y"] + box["height"] / 2,
        )
        page.wait_for_timeout(30)
    page.mouse.up()


def test_reorder_and_hide_a_column_then_reload_restores_the_view(ui: PortalUI) -> None:
    _sign_in(ui, E1)
    _open_grid(ui, "/partner/subscriptions")
    page = ui.page
    headers = _headers(page)
    assert headers[:3] == ["Vertragsnummer", "Kundennummer", "Kunde"]

    product = page.locator("#grid .ag-header-cell[col-id=product]")
    first = page.locator("#grid .ag-header-cell[col-id=number]")
    _settle(page, lambda: _drag_header(page, product, first))
    assert _headers(page)[0] == "Produkt"

    page.locator("#grid-columns").click()
    _settle(page, page.locator("[data-column=customer_number]").click)
    page.keyboard.press("Escape")
    arranged = _headers(page)
    assert "Kundennummer" not in arranged and arranged[0] == "Produkt"

    ui.open("/partner/subscriptions")
    expect(page.locator("#grid .ag-root")).to_be_visible()
    assert _headers(page) == arranged
    ui.screenshot("grid-view-restored.png")

    _settle(page, lambda: page.locator("#grid-reset").click())
    assert _headers(page) == headers


# -------------------------------------------------------------------------------- alarm


def _alarm_oracle(login: str) -> dict[str, str]:
    """Contract number -> reason, computed here from the SPEC §4 rule (not the app's code)."""
    today = date.today()
    ids = ",".join(map(str, _companies_of(login)))
    rows = _sql(
        "SELECT number, end_date, cancelled_at FROM subscription "
        f"WHERE partner_company_id IN ({ids})"
    )
    reasons: dict[str, str] = {}
    for number, end, cancelled in rows:
        end = date.fromisoformat(str(end)) if end else None
        cancelled = date.fromisoformat(str(cancelled)) if cancelled else None
        if cancelled and today - timedelta(days=60) <= cancelled <= today:
            reasons[number] = "Gekündigt (≤ 60 Tage)"
        elif end and today - timedelta(days=60) <= end < today:
            reasons[number] = "Beendet (≤ 60 Tage)"
        elif end and today <= end <= today + timedelta(days=120):
            reasons[number] = "Endet (≤ 120 Tage)"
    return reasons


def test_alarm_view_shows_the_right_rows_with_reasons(ui: PortalUI) -> None:
    _sign_in(ui, E1)
    _open_grid(ui, "/partner/subscriptions")
    page = ui.page
    expected = _alarm_oracle(E1)
    assert expected, "the demo seed must have contracts in the alarm view"
    expect(page.locator("#grid-alarm")).to_contain_text(f"({len(expected)})")

    page.locator("#grid-page-size").click()
    _settle(page, page.get_by_role("option", name="200").click)
    _settle(page, page.locator("#grid-alarm").click)
    _expect_total(page, len(expected))
    assert _headers(page)[0] == "Alarmgrund"
    shown = dict(zip(_column(page, "number"), _column(page, "alarm_reason"), strict=True))
    assert shown == expected
    ui.screenshot("grid-alarm.png")
    _settle(page, page.locator("#grid-alarm").click)  # leave the alarm off for the next test


# -------------------------------------------------------------------------------- export


def test_export_downloads_exactly_the_view(ui: PortalUI, tmp_path: Path) -> None:
    _sign_in(ui, E1)
    _open_grid(ui, "/partner/subscriptions")
    page = ui.page
    page.locator("#grid-filters").click()
    page.locator("[data-filter=status]").get_by_text("Eigenvertrag").click()
    _settle(page, page.locator("#grid-filters-apply").click)
    _settle(page, lambda: page.get_by_role("columnheader", name="Ende").click())
    total = _total(page)
    assert total > 0
    headers = _headers(page)
    first_page_numbers = _column(page, "number")

    with page.expect_download(timeout=60_000) as download:
        page.locator("#grid-export").click()
    name = download.value.suggested_filename
    assert re.fullmatch(r"Vertraege_\d{4}-\d{2}-\d{2}\.xlsx", name)
    path = tmp_path / name
    download.value.save_as(path)
    expect(page.locator("#grid-export-message")).to_contain_text(f"{total}")

    frame = pl.read_excel(path, engine="openpyxl")
    assert frame.columns == headers
    assert "Endkundenpreis" not in frame.columns
    assert frame.height == total
    assert set(frame["Status"].to_list()) == {"Eigenvertrag"}
    assert frame["Vertragsnummer"].to_list()[: len(first_page_numbers)] == first_page_numbers
    ends = [d for d in frame["Ende"].to_list() if d is not None]
    assert ends == sorted(ends)
    ui.screenshot("grid-export.png")
