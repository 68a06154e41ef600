"""The People page in a real Chromium: E1 (Management) invites a colleague, the link from the
invitation mail (read from the outbox table the server writes) is opened in a fresh browser,
the colleague sets name and password, is signed in, and can sign in again with them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, expect

if TYPE_CHECKING:  # conftest is loaded by pytest as a plugin, not imported by tests
    from tests.browser.conftest import PortalUI

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "Portal-Demo-2026"  # portal.services.seed.DEMO_PASSWORD; README lists it too
NEW_EMAIL = "nina.neu@muster-it.example"
NEW_NAME = "Nina Neu"
NEW_PASSWORD = "Sommerwiese-42"


def invitation_link(recipient: str) -> str:
    """The link of the newest invitation mail to `recipient`, as the invitee would click it."""
    from sqlmodel import col, select

    from portal.db import session_scope
    from portal.models import MailOutbox

    with session_scope() as session:
        mail = session.exec(
            select(MailOutbox)
            .where(MailOutbox.recipient == recipient, MailOutbox.template == "invitation")
            .order_by(col(MailOutbox.id).desc())
        ).first()
        assert mail is not None, "no invitation mail in the outbox"
        found = re.search(r"http\S+/invite\?token=\S+", mail.body_text)
        assert found is not None, mail.body_text
        return found.group(0)


def fresh_ui(ui: PortalUI, browser: Browser) -> PortalUI:
    """A second, unrelated browser profile (no cookies of E1) on the same server."""
    from tests.browser.conftest import HydrationWatch, PortalUI

    context = browser.new_context(
        locale="de-DE", timezone_id="Europe/Berlin", viewport={"width": 1280, "height": 800}
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    return PortalUI(page, context, ui.server, ui.artifacts, HydrationWatch(page))


def test_management_invites_a_colleague_who_sets_a_password_and_signs_in(
    ui: PortalUI, browser: Browser
) -> None:
    page = ui.page
    mark = ui.login("e1@muster-it.example", DEMO_PASSWORD)
    ui.expect_page("/partner", since=mark)
    ui.open("/partner/people")
    expect(page.locator("#page-title")).to_have_text("Kollegen")
    expect(page.locator("[data-testid=person-row]")).to_have_count(3)

    page.locator("#invite-email").fill(NEW_EMAIL)
    page.locator("#invite-name").fill(NEW_NAME)
    page.get_by_role("checkbox", name="Management").click()
    page.locator("#invite-submit").click()
    expect(page.locator("#people-notice")).to_contain_text(NEW_EMAIL)
    expect(page.locator("[data-testid=invitation-row]")).to_contain_text(NEW_EMAIL)

    invitee = fresh_ui(ui, browser)
    try:
        mark = invitee.hydration.count
        invitee.page.goto(invitation_link(NEW_EMAIL))
        invitee.hydration.wait_after(mark)
        expect(invitee.page.locator("#invite-company")).to_contain_text("Muster IT GmbH")
        invitee.page.locator("#name").fill(NEW_NAME)
        invitee.page.locator("#password").fill(NEW_PASSWORD)
        invitee.page.locator("#password_repeat").fill(NEW_PASSWORD)
        invitee.screenshot("invitation-accept.png")
        mark = invitee.hydration.count
        invitee.page.locator("#submit").click()
        invitee.expect_page("/partner", since=mark)
        expect(invitee.page.locator("#user-name")).to_have_text(NEW_NAME)
        # Management was given: the new colleague may manage people too.
        expect(invitee.page.locator("#main-nav")).to_contain_text("Kollegen")
    finally:
        invitee.context.close()

    again = fresh_ui(ui, browser)
    try:
        mark = again.login(NEW_EMAIL, NEW_PASSWORD)
        again.expect_page("/partner", since=mark)
        expect(again.page.locator("#user-name")).to_have_text(NEW_NAME)
    finally:
        again.context.close()

    ui.open("/partner/people")
    rows = page.locator("[data-testid=person-row]")
    expect(rows).to_have_count(4)
    expect(rows.filter(has_text=NEW_NAME)).to_contain_text("Management")
    expect(page.locator("[data-testid=invitation-row]")).to_have_count(0)
    ui.screenshot("people.png")


def test_an_unknown_invitation_link_says_so_and_shows_no_form(ui: PortalUI) -> None:
    """Unknown, used and expired links get the same message (the service tests cover which)."""
    page = ui.page
    ui.open("/invite?token=not-a-valid-token")
    expect(page.locator("#invite-message")).to_contain_text("ungültig, abgelaufen")
    expect(page.locator("#password")).to_have_count(0)
    ui.screenshot("invitation-invalid.png")
