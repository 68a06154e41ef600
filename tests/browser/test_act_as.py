"""Act as an account in a real Chromium against the production build: the admin acts as the
demo customer, sees the banner on the customer's dashboard, opens a ticket as the customer,
returns with the banner's button and finds the start, the action (actor admin, account
haupt) and the end in /staff/audit; the CSV export of the filtered log is read back.
"""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

if TYPE_CHECKING:  # conftest is loaded by pytest as a plugin, not imported by tests
    from tests.browser.conftest import PortalUI

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "Portal-Demo-2026"  # portal.services.seed.DEMO_PASSWORD
MAIN = "haupt@druckhaus-dietrich.example"
ADMIN = "admin@portal.example"


def _user_id(login: str) -> int:
    from sqlmodel import select

    from portal.db import session_scope
    from portal.models import User

    with session_scope() as session:
        return session.exec(select(User.id).where(User.login == login)).one()


def _press_act_as(ui: PortalUI, user_id: int) -> None:
    """The act-as button (`act_as_button`) on the account's staff page."""
    ui.open(f"/staff/accounts/{user_id}")
    ui.page.locator("#act-as").click()


def act_as_ticket_and_back(ui: PortalUI, user_id: int, login: str) -> None:
    """Signed in as staff: act as the account from its staff page, see the banner, open a
    ticket as the account, return with the banner's button, and find the start, the ticket
    (actor admin, the account) and the end in /staff/audit filtered to the account."""
    page = ui.page
    mark = ui.hydration.count
    _press_act_as(ui, user_id)
    ui.expect_page("/customer", since=mark)
    banner = page.locator("#acting-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Sie handeln als")
    expect(banner).to_contain_text(login)
    expect(page.locator("#main-nav")).to_have_attribute("data-audience", "customer")
    ui.screenshot("act-as-banner.png")

    # An action as the customer: a new ticket (the banner stays on every page).
    ui.open("/customer/tickets/new")
    expect(banner).to_be_visible()
    subject = f"Als Account {uuid.uuid4().hex[:6]}"
    page.locator("#ticket-subject").fill(subject)
    page.locator("#ticket-body").fill("Im Auftrag des Kunden angelegt.")
    page.locator("#ticket-submit").click()
    page.wait_for_url(re.compile(r"/customer/tickets/\d+/?$"))
    expect(page.locator("#ticket-subject-title")).to_have_text(subject)

    mark = ui.hydration.count
    page.locator("#act-as-end").click()
    # Back on the account's staff page the button was on.
    page.wait_for_url(re.compile(rf"/staff/accounts/{user_id}/?$"))
    ui.hydration.wait_after(mark)
    expect(page.locator("#acting-banner")).to_have_count(0)
    expect(page.locator("#main-nav")).to_have_attribute("data-audience", "staff")

    ui.open("/staff/audit")
    page.locator("#audit-acting_as").fill(login)
    page.locator("#audit-apply").click()
    rows = page.locator("[data-testid=audit-row]")
    expect(rows.first).to_be_visible()
    for action in ("act_as.start", "ticket.created", "act_as.end"):
        row = rows.and_(page.locator(f"[data-action='{action}']")).first
        expect(row).to_contain_text(ADMIN)
        expect(row).to_contain_text(login)


def test_act_as_banner_action_back_and_audit_log(ui: PortalUI) -> None:
    page = ui.page
    customer_id = _user_id(MAIN)
    mark = ui.login(ADMIN, DEMO_PASSWORD)
    ui.expect_page("/staff", since=mark)
    act_as_ticket_and_back(ui, customer_id, MAIN)

    rows = page.locator("[data-testid=audit-row]")
    event = rows.filter(has_text="NewTicketState.submit").first
    expect(event).to_contain_text("Aktion als Account")
    started = rows.and_(page.locator("[data-action='act_as.start']")).first
    expect(started).to_contain_text(f"back=/staff/accounts/{customer_id}")
    ui.screenshot("act-as-audit.png")

    # The export with the same filter, through the authenticated route.
    with page.expect_download() as download_info:
        page.locator("#audit-export").click()
    content = download_info.value.path().read_bytes().decode("utf-8-sig")
    lines = content.splitlines()
    assert lines[0].startswith("Zeitpunkt;Aktion;")
    exported = {line.split(";")[1] for line in lines[1:]}
    assert {"act_as.start", "ticket.created", "act_as.end"} <= exported
