"""Sign-in, sign-out and access in a real Chromium against the production build.

These cover what unit tests cannot: that the native form POST really sets an HttpOnly cookie the
websocket handshake then carries, that each audience lands on its home with its navigation, that
the guards redirect in the browser, and what the pages look like (screenshots in test-artifacts/).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

if TYPE_CHECKING:  # conftest is loaded by pytest as a plugin, not imported by tests
    from tests.browser.conftest import PortalUI

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "Portal-Demo-2026"  # portal.services.seed.DEMO_PASSWORD; README lists it too
COOKIE = "portal_session"


@dataclass(frozen=True)
class Audience:
    """One demo login and what its home must show."""

    screenshot: str
    login: str
    home: str
    kind: str
    nav: tuple[str, ...]
    #: The home page's title when it is not the first menu entry ({name}: the user's name).
    title: str | None = None


STAFF = Audience(
    "login-staff.png", "admin@portal.example", "/staff", "staff",
    ("Übersicht", "Postkorb", "Aufträge & Freigaben", "Kunden", "Accounts", "Freischaltungen",
     "Katalog", "Druckerbestand", "Einstellungen", "Berechtigungen", "Zwei-Faktor-Anmeldung",
     "Postausgang (E-Mail)", "Protokoll"),
)  # fmt: skip
PARTNER_GRIDS = ("Mein Business", "Kunden & Interessenten", "Verträge")
# E1 is in Management (may manage people), E3 in no team.
PARTNER_E1 = Audience(
    "login-partner-e1.png", "e1@muster-it.example", "/partner", "partner",
    (*PARTNER_GRIDS, "Kollegen"),
)  # fmt: skip
PARTNER_E3 = Audience(
    "login-partner-e3.png", "e3@muster-it.example", "/partner", "partner", PARTNER_GRIDS
)
CUSTOMER_MAIN = Audience(
    "login-customer.png", "haupt@druckhaus-dietrich.example", "/customer", "customer",
    ("Kachelansicht", "Verträge", "Dokumente", "Postbox", "Angebote", "Aufträge", "Freigaben",
     "Rechnungen", "Tickets", "Schäden", "Shop", "Druckerzubehör", "Warenkorb",
     "Shop-Bestellungen"),
    title="Willkommen, {name}",
)  # fmt: skip


def display_name(login: str) -> str:
    """The name the header must show, read from the database the server uses (no copy of the
    seed's names here, so a renamed demo user does not break the test)."""
    from sqlmodel import select

    from portal.db import session_scope
    from portal.models import User

    with session_scope() as session:
        return session.exec(select(User.display_name).where(User.login == login)).one()


def as_int(text: str) -> int:
    """A figure as the page formats it for de (e.g. "1.234") as an int."""
    digits = re.sub(r"\D", "", text)
    assert digits, f"no number in {text!r}"
    return int(digits)


def sign_in(ui: PortalUI, audience: Audience) -> None:
    mark = ui.login(audience.login, DEMO_PASSWORD)
    ui.expect_page(audience.home, since=mark)


@pytest.mark.parametrize(
    "audience",
    [STAFF, PARTNER_E1, PARTNER_E3, CUSTOMER_MAIN],
    ids=["staff", "partner-e1", "partner-e3", "customer-main"],
)
def test_login_lands_on_home_with_navigation_then_logout(ui: PortalUI, audience: Audience) -> None:
    page = ui.page
    sign_in(ui, audience)

    nav = page.locator("#main-nav")
    expect(nav).to_have_attribute("data-audience", audience.kind)
    expect(nav.locator("[data-testid=nav-link]")).to_have_text(list(audience.nav))
    name = display_name(audience.login)
    expect(page.locator("#user-name")).to_have_text(name)
    title = (audience.title or audience.nav[0]).format(name=name)
    expect(page.locator("#page-title")).to_have_text(title)

    if audience is PARTNER_E3:
        # Visibility OWN: only the customer E3 is the contact of ("Café Central KG").
        expect(page.locator("[data-testid=count-customers]")).to_have_text("1")
        expect(page.locator("#visibility")).not_to_be_empty()
    elif audience is PARTNER_E1:
        # Visibility ALL over two locations: more than E3's single customer.
        count = page.locator("[data-testid=count-customers]")
        expect(count).to_have_text(re.compile(r"\d"))
        assert as_int(count.inner_text()) > 1

    ui.screenshot(audience.screenshot)

    mark = ui.hydration.count
    page.locator("#logout").click()
    ui.expect_page("/login", query=True, since=mark)
    expect(page.locator("#login-message")).to_have_text("Sie wurden abgemeldet.")
    assert COOKIE not in {cookie["name"] for cookie in ui.context.cookies()}

    # The server ended the session: the home page now sends the browser back to /login.
    page.goto(ui.server.url(audience.home))
    page.wait_for_url(ui.url_re("/login", query=True))
    expect(page.locator("#login")).to_be_visible()


def test_wrong_password_keeps_login_and_explains(ui: PortalUI) -> None:
    page = ui.page
    login = "e2@muster-it.example"
    mark = ui.login(login, "Falsches-Passwort-1")
    ui.expect_page("/login", query=True, since=mark)

    expect(page.locator("#login-message")).to_have_text("Benutzername oder Passwort ist falsch.")
    expect(page.locator("#login")).to_have_value(login)
    expect(page.locator("#password")).to_have_value("")
    assert COOKIE not in {cookie["name"] for cookie in ui.context.cookies()}
    ui.screenshot("login-wrong-password.png")


def test_session_cookie_is_httponly_lax_and_invisible_to_scripts(ui: PortalUI) -> None:
    page = ui.page
    frames: list[str] = []
    page.on(
        "websocket",
        lambda ws: ws.on("framereceived", lambda f: frames.append(f if isinstance(f, str) else "")),
    )
    sign_in(ui, Audience("", "mitarbeiter@druckhaus-dietrich.example", "/customer", "", ()))

    (cookie,) = [c for c in ui.context.cookies() if c["name"] == COOKIE]
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"
    assert cookie["path"] == "/"
    token = cookie["value"]
    assert len(token) >= 32

    document_cookie = page.evaluate("document.cookie")
    assert COOKIE not in document_cookie
    assert token not in document_cookie
    # Reflex mirrors the handshake headers into router state; the Cookie header must not be
    # among what reaches the browser.
    assert frames, "no websocket frames seen"
    assert not any(token in frame for frame in frames)


def test_signed_out_browser_is_sent_to_login(ui: PortalUI) -> None:
    page = ui.page
    page.goto(ui.server.url("/partner"))
    page.wait_for_url(ui.url_re("/login", query=True))
    expect(page.locator("#login")).to_be_visible()
    expect(page.locator("#main-nav")).to_have_count(0)


def test_partner_opening_staff_page_gets_403(ui: PortalUI) -> None:
    page = ui.page
    sign_in(ui, PARTNER_E3)
    page.goto(ui.server.url("/staff"))
    page.wait_for_url(ui.url_re("/403"))
    expect(page.get_by_role("heading", name="Kein Zugriff")).to_be_visible()
    expect(page.locator("[data-testid=count-customers]")).to_have_count(0)
    ui.screenshot("forbidden-partner-on-staff.png")


def test_language_switch_on_login_page(ui: PortalUI) -> None:
    page = ui.page
    ui.open("/login")
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
    expect(page.locator("#submit")).to_have_text("Anmelden")

    page.locator("#lang-en").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.locator("#submit")).to_have_text("Sign in")
    expect(page.get_by_text("User name or e-mail", exact=True)).to_be_visible()
    expect(page.locator("#lang-en")).to_have_attribute("aria-pressed", "true")
    ui.screenshot("login-english.png")


def test_login_fields_are_labelled(ui: PortalUI) -> None:
    """Screen readers and a click on the label need `<label for=...>` tied to each input."""
    page = ui.page
    ui.open("/login")
    expect(page.get_by_label("Benutzername oder E-Mail")).to_have_attribute("id", "login")
    expect(page.get_by_label("Passwort", exact=True)).to_have_attribute("id", "password")


def test_health_reports_database_ok(ui: PortalUI) -> None:
    response = ui.context.request.get(ui.server.url("/health"))
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"status": "ok", "database": "ok"}
