"""Two-factor login in a real Chromium against the production build: enrolment on the security
page, the code step of the sign-in with an app code and with a recovery code, the staff reset.

The browser tests share one seeded database, so these tests use accounts of their own (made
in the database here) and leave the demo accounts as they were.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pyotp
import pytest
from playwright.sync_api import expect

if TYPE_CHECKING:  # conftest is loaded by pytest as a plugin, not imported by tests
    from tests.browser.conftest import PortalServer, PortalUI

pytestmark = pytest.mark.browser

PASSWORD = "Portal-Demo-2026"
STAFF_LOGIN = "sicherheit@portal.example"
PARTNER_LOGIN = "zweifaktor@muster-it.example"
ENGLISH_LOGIN = "sprache@muster-it.example"


def _add_user(login: str, name: str, kind: str, **totp_fields: object) -> None:
    """A user of our own in the database the server uses; staff get every permission."""
    from portal.db import session_scope
    from portal.models import PermissionGroup, User, UserPermissionGroup
    from portal.models.enums import StaffPermission, UserKind
    from portal.services.passwords import hash_password

    with session_scope() as session:
        user = User(
            kind=kind,
            login=login,
            display_name=name,
            password_hash=hash_password(PASSWORD),
            **totp_fields,
        )
        session.add(user)
        session.flush()
        if kind == UserKind.STAFF:
            group = PermissionGroup(
                name=f"Alle Rechte ({login})", permissions=list(StaffPermission)
            )
            session.add(group)
            session.flush()
            session.add(UserPermissionGroup(user_id=user.id, group_id=group.id))


@pytest.fixture(scope="module")
def staff_account(portal_server: PortalServer) -> str:
    _add_user(STAFF_LOGIN, "Silke Sicher", "staff")
    return STAFF_LOGIN


@pytest.fixture(scope="module")
def enrolled_partner(portal_server: PortalServer) -> str:
    """A partner who already has two-factor login (as the security page would leave it)."""
    from portal.models.clock import utcnow
    from portal.services.crypto import encrypt

    _add_user(
        PARTNER_LOGIN,
        "Zora Zweifaktor",
        "partner",
        totp_secret_encrypted=encrypt(pyotp.random_base32()),
        totp_enabled_at=utcnow(),
    )
    return PARTNER_LOGIN


def _totp_state(login: str) -> tuple[object, object]:
    from sqlmodel import select

    from portal.db import session_scope
    from portal.models import User

    with session_scope() as session:
        user = session.exec(select(User).where(User.login == login)).one()
        return user.totp_enabled_at, user.totp_secret_encrypted


def _logout(ui: PortalUI) -> None:
    mark = ui.hydration.count
    ui.page.locator("#logout").click()
    ui.expect_page("/login", query=True, since=mark)


def _password_step(ui: PortalUI, login: str) -> None:
    """Password right: the code page, and no session cookie yet."""
    mark = ui.login(login, PASSWORD)
    ui.expect_page("/login/code", since=mark)
    assert "portal_session" not in {c["name"] for c in ui.context.cookies()}


def _submit_code(ui: PortalUI, code: str) -> int:
    ui.page.locator("#code").fill(code)
    mark = ui.hydration.count
    ui.page.locator("#submit").click()
    return mark


def _enrol(ui: PortalUI) -> tuple[str, list[str]]:
    """Set up the app on the security page; returns the secret and the recovery codes."""
    page = ui.page
    mark = ui.hydration.count
    page.locator("#security-link").click()
    ui.expect_page("/profile/security", since=mark)
    expect(page.locator("#totp-status")).to_have_text("Nicht eingerichtet")

    page.locator("#totp-start").click()
    expect(page.locator("#totp-qr")).to_be_visible()
    assert page.locator("#totp-qr").get_attribute("src").startswith("data:image/svg+xml;base64,")
    secret = page.locator("#totp-manual-key").inner_text().replace(" ", "")
    assert len(secret) == 32
    ui.screenshot("two-factor-enrol.png")

    page.locator("#totp-confirm-code").fill(pyotp.TOTP(secret).now())
    page.locator("#totp-confirm").click()
    codes = page.locator("[data-testid=recovery-code]")
    expect(codes).to_have_count(10)
    expect(page.locator("#totp-notice")).to_have_text(
        "Die Zwei-Faktor-Anmeldung ist eingeschaltet."
    )
    expect(page.locator("#totp-manual-key")).to_have_count(0)  # the key is gone from the page
    ui.screenshot("two-factor-recovery-codes.png")
    recovery_codes = codes.all_inner_texts()

    page.locator("#totp-codes-done").click()
    expect(codes).to_have_count(0)
    expect(page.locator("#totp-status")).to_have_text("Eingeschaltet")
    expect(page.locator("#recovery-left")).to_have_text("10")
    ui.screenshot("two-factor-enabled.png")
    return secret, recovery_codes


def test_enrol_then_sign_in_with_app_code_and_with_a_recovery_code_once(
    ui: PortalUI, staff_account: str
) -> None:
    page = ui.page
    mark = ui.login(staff_account, PASSWORD)
    ui.expect_page("/staff", since=mark)
    secret, recovery_codes = _enrol(ui)
    _logout(ui)

    # Password, then a code of the next time step (the confirmation used the current one).
    _password_step(ui, staff_account)
    expect(page.locator("#code")).to_have_attribute("autocomplete", "one-time-code")
    expect(page.locator("#code")).to_have_attribute("inputmode", "numeric")
    ui.screenshot("two-factor-code-page.png")
    mark = _submit_code(ui, pyotp.TOTP(secret).at(time.time() + 30))
    ui.expect_page("/staff", since=mark)
    expect(page.locator("#page-title")).to_have_text("Übersicht")
    assert "portal_mfa" not in {c["name"] for c in ui.context.cookies()}
    _logout(ui)

    _password_step(ui, staff_account)
    page.locator("#toggle-recovery").click()
    expect(page.get_by_label("Wiederherstellungscode")).to_be_visible()
    mark = _submit_code(ui, recovery_codes[0])
    ui.expect_page("/staff", since=mark)
    _logout(ui)

    _password_step(ui, staff_account)
    page.locator("#toggle-recovery").click()
    mark = _submit_code(ui, recovery_codes[0])
    ui.expect_page("/login/code", query=True, since=mark)
    expect(page.locator("#code-message")).to_have_text(
        "Der Code ist falsch oder wurde bereits verwendet. Bitte versuchen Sie es erneut."
    )
    expect(page.get_by_label("Wiederherstellungscode")).to_be_visible()  # still that mode
    assert "portal_session" not in {c["name"] for c in ui.context.cookies()}
    ui.screenshot("two-factor-recovery-refused.png")

    page.locator("#lang-en").click()
    expect(page.get_by_role("heading", name="Verification code")).to_be_visible()
    expect(page.locator("#code-message")).to_have_text(
        "The code is wrong or has already been used. Please try again."
    )
    ui.screenshot("two-factor-code-page-english.png")


def test_staff_resets_the_two_factor_login_of_an_account(
    ui: PortalUI, staff_account: str, enrolled_partner: str
) -> None:
    page = ui.page
    mark = ui.login("admin@portal.example", PASSWORD)
    ui.expect_page("/staff", since=mark)
    mark = ui.hydration.count
    page.get_by_role("link", name="Zwei-Faktor-Anmeldung").click()
    ui.expect_page("/staff/two-factor", since=mark)

    row = page.locator("[data-testid=two-factor-account]", has_text=enrolled_partner)
    expect(row).to_contain_text("Partner")
    ui.screenshot("two-factor-staff.png")
    row.locator("[data-testid=reset]").click()
    expect(page.get_by_role("alertdialog")).to_contain_text(enrolled_partner)
    page.locator("[data-testid=confirm-reset]").click()

    expect(page.locator("#reset-notice")).to_have_text(
        f"Die Zwei-Faktor-Anmeldung von {enrolled_partner} wurde zurückgesetzt."
    )
    expect(row).to_have_count(0)
    assert _totp_state(enrolled_partner) == (None, None)
    # The partner now signs in with the password alone.
    _logout(ui)
    mark = ui.login(enrolled_partner, PASSWORD)
    ui.expect_page("/partner", since=mark)


@pytest.fixture(scope="module")
def english_partner(portal_server: PortalServer) -> str:
    _add_user(ENGLISH_LOGIN, "Paul Sprache", "partner")
    return ENGLISH_LOGIN


def test_security_page_in_english_cancel_enrol_regenerate_disable(
    ui: PortalUI, english_partner: str
) -> None:
    """Any audience reaches its security page from the user menu; every action of the page."""
    page = ui.page
    mark = ui.login(english_partner, PASSWORD)
    ui.expect_page("/partner", since=mark)
    mark = ui.hydration.count
    page.locator("#security-link").click()
    ui.expect_page("/profile/security", since=mark)
    page.locator("#lang-en").click()
    expect(page.locator("#page-title")).to_have_text("Security")
    expect(page.locator("#totp-status")).to_have_text("Not set up")

    page.locator("#totp-start").click()
    expect(page.locator("#totp-qr")).to_be_visible()
    page.get_by_role("button", name="Cancel").click()
    expect(page.locator("#totp-qr")).to_have_count(0)

    page.locator("#totp-start").click()
    ui.screenshot("two-factor-enrol-english.png")
    secret = page.locator("#totp-manual-key").inner_text().replace(" ", "")
    page.locator("#totp-confirm-code").fill("000000")
    page.locator("#totp-confirm").click()
    expect(page.locator("#totp-error")).to_have_text(
        "The code is wrong or has already been used. Please try again."
    )
    page.locator("#totp-confirm-code").fill(pyotp.TOTP(secret).now())
    page.locator("#totp-confirm").click()
    codes = page.locator("[data-testid=recovery-code]")
    expect(codes).to_have_count(10)
    first_codes = codes.all_inner_texts()
    page.locator("#totp-codes-done").click()
    ui.screenshot("two-factor-enabled-english.png")

    # The next time step: the confirmation already used the current one.
    page.locator("#totp-regenerate-code").fill(pyotp.TOTP(secret).at(time.time() + 30))
    page.get_by_role("button", name="Create new codes").click()
    expect(codes).to_have_count(10)
    new_codes = codes.all_inner_texts()
    assert not set(new_codes) & set(first_codes)
    page.locator("#totp-codes-done").click()

    page.locator("#totp-disable-password").fill(PASSWORD)
    page.locator("#totp-disable-code").fill(first_codes[0])  # replaced: no longer valid
    page.get_by_role("button", name="Turn off").click()
    expect(page.locator("#totp-error")).to_have_text("The password or the code is wrong.")
    page.locator("#totp-disable-password").fill(PASSWORD)
    page.locator("#totp-disable-code").fill(new_codes[0])
    page.get_by_role("button", name="Turn off").click()
    expect(page.locator("#totp-notice")).to_have_text("Two-factor sign-in is off.")
    expect(page.locator("#totp-status")).to_have_text("Not set up")
    assert _totp_state(english_partner) == (None, None)
