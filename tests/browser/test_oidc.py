"""Single sign-on in a real Chromium: Portal's login page, the test provider's own sign-in and
consent pages (oidc-provider), back to Portal with the HttpOnly session, and logout at both."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

if TYPE_CHECKING:  # conftest is loaded by pytest as a plugin, not imported by tests
    from tests.browser.conftest import PortalUI
    from tests.oidc_provider import OidcTestProvider

pytestmark = pytest.mark.browser

COOKIE = "portal_session"


def sign_in_at_provider(ui: PortalUI, provider: OidcTestProvider, login: str) -> int:
    """From Portal's login page through the provider's forms; returns the hydration mark from
    before the browser left Portal, for `expect_page(..., since=)`."""
    page = ui.page
    ui.open("/login")
    mark = ui.hydration.count
    page.locator("#sso-login").click()
    page.wait_for_url(re.compile(re.escape(provider.issuer) + r"/interaction/"))
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("beliebig")
    page.get_by_role("button", name="Sign-in").click()
    consent = page.get_by_role("button", name="Continue")
    back_home = re.compile(re.escape(ui.server.base_url) + "/")
    expect(consent.or_(page.locator("#login, #user-name")).first).to_be_visible()
    if consent.is_visible():  # the provider asks once per browser session
        consent.click()
    page.wait_for_url(back_home)
    return mark


def test_sso_round_trip_lands_e1_on_her_partner_home(
    ui: PortalUI, oidc_provider: OidcTestProvider
) -> None:
    page = ui.page
    ui.open("/login")
    button = page.locator("#sso-login")
    expect(button).to_have_text("Anmelden mit Single Sign-on")
    expect(button).to_have_attribute("href", "/auth/oidc/start")
    ui.screenshot("login-with-sso.png")

    mark = sign_in_at_provider(ui, oidc_provider, "eva")  # the provider's account of E1
    ui.expect_page("/partner", since=mark)

    expect(page.locator("#user-name")).to_have_text("Eva Engel")
    expect(page.locator("#main-nav")).to_have_attribute("data-audience", "partner")
    (cookie,) = [c for c in ui.context.cookies() if c["name"] == COOKIE]
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Lax"
    ui.screenshot("sso-partner-e1.png")


def test_an_unknown_person_is_refused_with_a_message(
    ui: PortalUI, oidc_provider: OidcTestProvider
) -> None:
    page = ui.page
    mark = sign_in_at_provider(ui, oidc_provider, "nobody@nowhere.example")
    ui.expect_page("/login", query=True, since=mark)

    expect(page.locator("#login-message")).to_have_text(
        "Zu dieser Anmeldung gibt es kein Konto im Portal. Bitte wenden Sie sich an Ihren "
        "Ansprechpartner."
    )
    assert COOKIE not in {c["name"] for c in ui.context.cookies()}
    expect(page.locator("#login")).to_be_visible()  # the password login is still offered
    ui.screenshot("sso-refused-unknown.png")


def test_logout_after_sso_also_signs_out_at_the_provider(
    ui: PortalUI, oidc_provider: OidcTestProvider
) -> None:
    page = ui.page
    ui.expect_page("/partner", since=sign_in_at_provider(ui, oidc_provider, "eva"))

    page.locator("#logout").click()
    page.wait_for_url(re.compile(re.escape(oidc_provider.issuer) + r"/session/end"))
    mark = ui.hydration.count
    page.get_by_role("button", name="Yes, sign me out").click()
    ui.expect_page("/login", query=True, since=mark)
    expect(page.locator("#login-message")).to_have_text("Sie wurden abgemeldet.")
    assert COOKIE not in {c["name"] for c in ui.context.cookies()}

    # The provider's session ended too: single sign-on asks for the login again.
    page.locator("#sso-login").click()
    page.wait_for_url(re.compile(re.escape(oidc_provider.issuer) + r"/interaction/"))
    expect(page.locator("input[name=login]")).to_be_visible()
