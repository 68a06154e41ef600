"""/staff/grants in a real Chromium against the production build: switching between the demo
grants without leaving the page (?grant= follows), a share setting saved at once with the
"Gespeichert" state, the by-customer CSV export as a real download read back with its login
statistics, and the customers without a grant with their invite links (screenshots in
test-artifacts/)."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

if TYPE_CHECKING:  # conftest is loaded by pytest as a plugin, not imported by tests
    from tests.browser.conftest import PortalUI

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "Portal-Demo-2026"  # portal.services.seed.DEMO_PASSWORD
STAFF = "admin@portal.example"
FAMILY, BUILDING = "Familie/Firma Dietrich", "Druckhaus Dietrich – Gebäude"
HANNA = "haupt@druckhaus-dietrich.example"


def _grant(name: str) -> tuple[int, list[str]]:
    """(id, auto-share statuses) of a demo grant, read from the database the server uses."""
    from sqlmodel import select

    from portal.db import session_scope
    from portal.models import AccessGrant

    with session_scope() as session:
        grant = session.exec(select(AccessGrant).where(AccessGrant.name == name)).one()
        return grant.id, list(grant.auto_share_statuses)


def _statistics(login: str) -> tuple[int, int]:
    """(logins this month, total) of an account as the export must count them."""
    from sqlmodel import func, select

    from portal.db import session_scope
    from portal.models import LoginAttempt, User
    from portal.services.grant_export import month_starts

    with session_scope() as session:
        user = session.exec(select(User).where(User.login == login)).one()
        this_month, _ = month_starts(datetime.now(UTC))
        count = session.exec(
            select(func.count()).where(
                LoginAttempt.user_id == user.id,
                LoginAttempt.success.is_(True),  # type: ignore[attr-defined]
                LoginAttempt.at >= this_month,
            )
        ).one()
        return count, user.login_count


def test_switch_toggle_export_and_customers_without_grant(ui: PortalUI) -> None:
    page = ui.page
    mark = ui.login(STAFF, DEMO_PASSWORD)
    ui.expect_page("/staff", since=mark)
    expect(page.get_by_role("link", name="Freischaltungen")).to_be_visible()
    ui.open("/staff/grants")
    family_id, _ = _grant(FAMILY)
    building_id, statuses = _grant(BUILDING)

    items = page.locator(".grant-item")
    expect(items).to_have_count(2)
    expect(page.locator("#grant-name")).to_have_value(BUILDING)  # first by name
    items.filter(has_text=FAMILY).click()
    expect(page.locator("#grant-name")).to_have_value(FAMILY)
    page.wait_for_url(ui.url_re(f"/staff/grants?grant={family_id}"))
    expect(page.locator(".grant-member")).to_contain_text("Hanna Haupt")
    expect(page.locator("#grant-status-cancelled")).to_be_checked()
    ui.screenshot("grants-family.png")

    items.filter(has_text=BUILDING).click()
    expect(page.locator("#grant-name")).to_have_value(BUILDING)
    page.wait_for_url(ui.url_re(f"/staff/grants?grant={building_id}"))
    assert "offer" not in statuses
    offer = page.locator("#grant-status-offer")
    expect(offer).not_to_be_checked()
    offer.click()
    expect(page.locator("#grant-save-state")).to_have_text("Gespeichert")
    expect(offer).to_be_checked()
    assert "offer" in _grant(BUILDING)[1]
    ui.screenshot("grants-saved.png")
    offer.click()  # back to the demo's setting
    expect(offer).not_to_be_checked()
    expect(page.locator("#grant-save-state")).to_have_text("Gespeichert")
    assert _grant(BUILDING)[1] == statuses

    with page.expect_download() as info:
        page.locator("#grant-export-customers").click()
    download = info.value
    assert download.suggested_filename.startswith("freischaltungen-customers-")
    content = download.path().read_bytes()
    assert content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    hanna = [r for r in rows if r["Login"] == HANNA]
    assert {r["Freischaltung"] for r in hanna} == {FAMILY}
    this_month, total = _statistics(HANNA)
    for row in hanna:
        assert row["Anmeldungen diesen Monat"] == str(this_month)
        assert row["Anmeldungen gesamt"] == str(total)
        assert row["Anmeldungen letzten Monat"].isdigit()
        assert "Letzte Schadenmeldung" in row
    assert {r["Kunde"] for r in rows} >= {"Doris Dietrich", "Druckhaus Dietrich GmbH"}

    page.locator("#tab-ungranted").click()
    expect(page.locator("#ungranted-count")).to_have_text(
        re.compile(r"^[\d.]+ Kunden? ohne Freischaltung$")
    )
    invite = page.locator("#ungranted-table").get_by_role("link", name="Einladen").first
    expect(invite).to_have_attribute("href", re.compile(r"^/staff/customers/\d+$"))
    ui.screenshot("grants-ungranted.png")
