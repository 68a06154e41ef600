"""Back-office settings in a real Chromium: the admin renames the portal and changes its colour
(seen in the header after a reload and on the login page), uploads a logo (a PDF refused by its
content), an invalid mail template is refused
with the placeholder named and nothing stored, a valid one is saved and previewed. The stored
values are put back at the end: all browser tests share one server and database."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

if TYPE_CHECKING:  # conftest is loaded by pytest as a plugin, not imported by tests
    from tests.browser.conftest import PortalUI

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "Portal-Demo-2026"  # portal.services.seed.DEMO_PASSWORD
NEW_NAME = "Druckerei Süd Portal"
NEW_COLOR = "#b03a2e"
TEMPLATE_KEY = "mail_template.registration.de"
# A valid 1x1 PNG (the preview must render it).
LOGO_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _setting(key: str) -> object:
    from portal.db import session_scope
    from portal.models import Setting

    with session_scope() as session:
        row = session.get(Setting, key)
        return None if row is None else row.value


@pytest.fixture
def restore_settings() -> Iterator[None]:
    """Put branding and the registration template back as they were before the test."""
    from portal.db import session_scope
    from portal.models import Setting

    before = {key: _setting(key) for key in ("branding", TEMPLATE_KEY)}
    yield
    with session_scope() as session:
        for key, value in before.items():
            row = session.get(Setting, key)
            if value is None:
                if row is not None:
                    session.delete(row)
            else:
                row = row or Setting(key=key, value=value)
                row.value = value
                session.add(row)


def test_admin_brands_the_portal_and_edits_a_mail_template(
    ui: PortalUI, restore_settings: None
) -> None:
    page = ui.page
    mark = ui.login("admin@portal.example", DEMO_PASSWORD)
    ui.expect_page("/staff", since=mark)
    page.locator("[data-testid=nav-link]", has_text="Einstellungen").click()
    ui.expect_page("/staff/settings")
    expect(page.locator("#brand-name-input")).to_have_value("Portal")

    # Branding: a bad colour is refused, then name and colour are saved
    page.locator("#brand-name-input").fill(NEW_NAME)
    page.locator("#brand-color").fill("rot")
    page.locator("#brand-save").click()
    expect(page.locator("#branding-error")).to_contain_text("#rrggbb")
    assert _setting("branding") == {"name": "Portal", "primary_color": "#1f5fa8"}
    expect(page.locator("#brand-name-input")).to_have_value(NEW_NAME)  # nothing typed is lost
    page.locator("#brand-color").fill(NEW_COLOR)
    page.locator("#brand-save").click()
    expect(page.locator("#brand-name")).to_have_text(NEW_NAME)

    ui.open("/staff/settings")
    expect(page.locator("#brand-name")).to_have_text(NEW_NAME)
    expect(page.locator("#app-header")).to_have_css("border-top-color", "rgb(176, 58, 46)")

    # Legal links: only https is taken; the saved one shows in the footer of every page
    imprint = "https://druckerei.example/impressum"
    page.locator("#brand-imprint-url").fill("http://druckerei.example/impressum")
    page.locator("#brand-save").click()
    expect(page.locator("#branding-error")).to_contain_text("https-Adresse")
    page.locator("#brand-imprint-url").fill(imprint)
    page.locator("#brand-save").click()
    expect(page.locator("#imprint-link")).to_have_attribute("href", imprint)
    assert _setting("branding")["imprint_url"] == imprint
    ui.screenshot("settings-branding.png")

    # Logo: a native form POST to the upload route; a PDF is refused by its content, a PNG shown
    page.locator("#logo-file").set_input_files(
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": b"%PDF-1.4 kein Bild"}]
    )
    expect(page.locator("[data-file-name]").first).to_have_text("logo.png")
    page.locator("#logo-upload").click()
    expect(page.locator("#branding-error")).to_contain_text("Dateityp")
    expect(page.locator("#logo-preview")).to_have_count(0)
    page.locator("#logo-file").set_input_files(
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": LOGO_PNG}]
    )
    page.locator("#logo-upload").click()
    expect(page.locator("#branding-notice")).to_have_text("Logo gespeichert.")
    expect(page.locator("#logo-preview")).to_be_visible()
    ui.screenshot("settings-logo.png")
    page.get_by_role("button", name="Logo entfernen").click()
    expect(page.locator("#logo-preview")).to_have_count(0)

    # Templates: an unknown placeholder is refused and named, nothing is stored
    page.locator("#tab-templates").click()
    expect(page.locator("#template-state")).to_have_text("Standard")
    subject = page.locator("#template-subject")
    text = page.locator("#template-text")
    subject.fill("Willkommen bei {{ portal_name }}")
    text.fill("Hallo {{ name }}, Ihr Passwort lautet {{ passwort }}.")
    page.locator("#template-save").click()
    expect(page.locator("#template-error")).to_contain_text("passwort")
    expect(page.locator("#template-error")).to_contain_text("Nichts gespeichert")
    ui.screenshot("settings-template-refused.png")
    assert _setting(TEMPLATE_KEY) is None

    # broken syntax names the line
    text.fill("Hallo {{ name }},\n{% if name %}offen")
    page.locator("#template-save").click()
    expect(page.locator("#template-error")).to_contain_text("Zeile 2")
    assert _setting(TEMPLATE_KEY) is None

    # a valid version is saved, the preview shows it with sample values
    text.fill("Hallo {{ name }},\n\nwillkommen bei {{ portal_name }}!")
    page.locator("#template-save").click()
    expect(page.locator("#template-error")).to_have_count(0)
    expect(page.locator("#template-state")).to_have_text("Angepasst")
    expect(page.locator("#preview-subject")).to_have_text("Willkommen bei Portal")
    expect(page.locator("#preview-text")).to_contain_text("Hallo Erika Mustermann,")
    # the HTML version is rendered in the sandboxed frame, not an empty box
    expect(page.frame_locator("#preview-html").locator("body")).to_contain_text("Erika Mustermann")
    stored = _setting(TEMPLATE_KEY)
    assert isinstance(stored, dict) and "{{ portal_name }}!" in stored["text"]
    ui.screenshot("settings-template-saved.png")

    # reset to the default removes the stored version
    page.locator("#template-reset").click()
    expect(page.locator("#template-state")).to_have_text("Standard")
    assert _setting(TEMPLATE_KEY) is None

    # SMTP: the password is never sent back, only whether one is set
    page.locator("#tab-smtp").click()
    expect(page.locator("#smtp-password")).to_have_value("")
    expect(page.locator("#smtp-password-state")).to_be_visible()
    # the test mail goes at once to the SMTP server the browser tests run
    page.locator("#smtp-test-to").fill("ops@portal.example")
    page.locator("#smtp-test").click()
    expect(page.locator("#smtp-test-result")).to_have_text(
        "Testmail an ops@portal.example gesendet."
    )
    ui.screenshot("settings-smtp.png")
    page.locator("#tab-shop").click()
    page.locator("#shop-search").fill("Dietrich")
    page.locator("#shop-search").press("Enter")
    expect(page.locator("text=Druckhaus Dietrich").first).to_be_visible()
    ui.screenshot("settings-shop.png")

    # permission groups: the demo groups with their permissions and members
    page.locator("[data-testid=nav-link]", has_text="Berechtigungen").click()
    ui.expect_page("/staff/permission-groups")
    expect(page.locator("[data-testid=permission-group]").first).to_be_visible()
    groups = page.locator("[data-testid=permission-group]")
    before = groups.count()
    page.locator("#group-new-name").fill("Katalogpflege")
    page.get_by_role("checkbox", name="Katalog", exact=True).last.click()
    page.locator("#group-create").click()
    expect(groups).to_have_count(before + 1)
    created = groups.filter(has=page.locator("input[value=Katalogpflege]"))
    expect(created.get_by_role("checkbox", name="Katalog", exact=True)).to_be_checked()
    ui.screenshot("settings-permission-groups.png")
    created.get_by_role("button", name="Löschen").click()
    expect(groups).to_have_count(before)

    # the login page shows the branding too
    page.context.clear_cookies()
    ui.open("/login")
    expect(page.locator("#brand-name")).to_have_text(NEW_NAME)
    ui.screenshot("settings-login-branded.png")
