"""Account administration in a real browser with real mail (issue 6): staff create a customer
account (a duplicate login is refused without losing the input), read the one-time password,
check the account in the grid, send access; the activation mail is read from the test SMTP
server, its link sets a password, and the new user signs in; staff then act as the new account
(banner, a ticket, back) and find both in the audit log."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.browser.conftest import PortalUI
from tests.browser.test_act_as import _user_id, act_as_ticket_and_back
from tests.browser.test_partner_grids import _settle
from tests.browser.test_registration import (
    DEMO_PASSWORD,
    _customer_number,
    _fresh_ui,
    _set_password_and_sign_in,
)
from tests.smtp_server import SmtpTestServer

NEW_LOGIN = "anna.admin@alpha-bau.example"


def test_create_account_send_access_set_password_and_sign_in(
    ui: PortalUI, browser: Browser, smtp_server: SmtpTestServer
) -> None:
    page = ui.page
    ui.expect_page("/staff", since=ui.login("admin@portal.example", DEMO_PASSWORD))
    mark = ui.hydration.count
    page.locator("#main-nav").get_by_role("link", name="Accounts").click()
    ui.expect_page("/staff/accounts", since=mark)
    expect(page.locator("#grid .ag-row").first).to_be_visible()

    # New account; first with a login that exists in other letter case.
    page.locator("#new-account").click()
    page.locator("#account-login").fill("E1@Muster-IT.example")
    page.locator("#account-email").fill(NEW_LOGIN)
    page.locator("#account-display_name").fill("Anna Admin")
    page.locator("#account-customer_number").fill(_customer_number("Alpha Bau GmbH"))
    page.locator("#role-main").click()
    page.locator("#notify_tickets").click()
    page.locator("#account-create").click()
    expect(page.locator("#error-login")).to_contain_text("bereits vergeben")
    # nothing typed is lost
    expect(page.locator("#account-email")).to_have_value(NEW_LOGIN)
    expect(page.locator("#account-display_name")).to_have_value("Anna Admin")
    page.locator("#account-login").fill(NEW_LOGIN)
    page.locator("#account-create").click()

    # The generated password, once.
    dialog = page.locator("#password-dialog")
    expect(dialog).to_contain_text(NEW_LOGIN)
    password = page.locator("#one-time-password").inner_text().strip()
    assert len(password) == 8
    ui.screenshot("accounts-one-time-password.png")
    page.locator("#password-close").click()
    expect(dialog).to_have_count(0)

    # Find and check it in the grid, send access.
    _settle(page, lambda: page.locator("#grid-search").fill("anna.admin"))
    row = page.locator("#grid .ag-center-cols-container .ag-row")
    expect(row.locator("[col-id=login]")).to_have_text([NEW_LOGIN])
    expect(row.locator("[col-id=password_status]")).to_have_text(["Vom Innendienst gesetzt"])
    page.locator("#grid .ag-row .ag-selection-checkbox input").first.check()
    ui.page.wait_for_timeout(300)  # the selection reaches the server before the click
    _settle(page, lambda: page.locator("#send-access").click())
    expect(page.locator("#accounts-notice")).to_contain_text("Zugang an 1 Account(s) gesendet")
    expect(row.locator("[col-id=access_sent]")).not_to_have_text([""])
    ui.screenshot("accounts-access-sent.png")

    # The account opens from the grid: the edit page shows what was saved.
    mark = ui.hydration.count
    row.locator("[col-id=login]").click()
    ui.hydration.wait_after(mark)
    expect(page.locator("#account-login")).to_have_value(NEW_LOGIN)
    expect(page.locator("#notify_tickets")).to_have_attribute("data-state", "unchecked")
    ui.screenshot("accounts-detail.png")

    # The person reads the mail, sets a password through its link and signs in.
    access = smtp_server.wait_for(NEW_LOGIN, subject_contains="Zugangsdaten")
    assert password not in access.text
    person = _fresh_ui(ui, browser)
    try:
        _set_password_and_sign_in(person, access.link("/set-password"), NEW_LOGIN, "/customer")
    finally:
        person.context.close()

    # Staff act as the new account, act, return, and find it all in the audit log.
    act_as_ticket_and_back(ui, _user_id(NEW_LOGIN), NEW_LOGIN)
    # The account is told by mail that staff acted as it.
    notice = smtp_server.wait_for(NEW_LOGIN, subject_contains="in Ihrem Namen gehandelt")
    assert "Sabine Schulz" in notice.text  # the demo admin's name
