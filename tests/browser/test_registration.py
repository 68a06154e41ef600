"""Identity flows in a real browser with real mail: self-registration on the login page, staff
approval from the registration page, the access mail read from the test SMTP server, setting a
password through its link and signing in; and "forgot password" the same way."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.browser.conftest import HydrationWatch, PortalUI
from tests.smtp_server import SmtpTestServer

DEMO_PASSWORD = "Portal-Demo-2026"
APPLICANT = "neu.kunde@druckhaus-dietrich.example"
NEW_PASSWORD = "Sommerwiese-42"


def _db_lookup(work):  # type: ignore[no-untyped-def]
    """Read the server's database (the same SQLite file) the way staff would find the row."""
    from portal.db import session_scope

    with session_scope() as session:
        return work(session)


def _customer_number(name: str) -> str:
    from sqlmodel import select

    from portal.models import Customer

    return _db_lookup(lambda s: s.exec(select(Customer.number).where(Customer.name == name)).one())


def _customer_id(name: str) -> int:
    from sqlmodel import select

    from portal.models import Customer

    return _db_lookup(lambda s: s.exec(select(Customer.id).where(Customer.name == name)).one())


def _registration_id(email: str) -> int:
    from sqlmodel import select

    from portal.models import Registration

    return _db_lookup(
        lambda s: s.exec(select(Registration.id).where(Registration.email == email)).one()
    )


def _inbox_item_id(registration_id: int) -> int:
    from sqlmodel import select

    from portal.models import InboxItem
    from portal.models.enums import InboxKind

    return _db_lookup(
        lambda s: s.exec(
            select(InboxItem.id).where(
                InboxItem.kind == InboxKind.REGISTRATION, InboxItem.ref_id == registration_id
            )
        ).one()
    )


def _inbox_item_state(item_id: int) -> str:
    from portal.models import InboxItem

    return _db_lookup(lambda s: s.get(InboxItem, item_id).state)


def _fresh_ui(ui: PortalUI, browser: Browser) -> PortalUI:
    """A second browser profile (no cookies of the first) on the same server."""
    context = browser.new_context(
        locale="de-DE", timezone_id="Europe/Berlin", viewport={"width": 1280, "height": 800}
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    return PortalUI(page, context, ui.server, ui.artifacts, HydrationWatch(page))


def _set_password_and_sign_in(person: PortalUI, link: str, login: str, home: str) -> None:
    page = person.page
    mark = person.hydration.count
    page.goto(link)
    person.hydration.wait_after(mark)
    expect(page.locator("#page-title")).to_have_text("Passwort festlegen")
    expect(page.locator("#set-for")).to_contain_text(login)
    page.locator("#password").fill(NEW_PASSWORD)
    page.locator("#password_repeat").fill(NEW_PASSWORD)
    mark = person.hydration.count
    page.locator("#submit").click()
    person.expect_page("/login", query=True, since=mark)
    expect(page.locator("#login-message")).to_contain_text("Passwort ist gespeichert")
    expect(page.locator("#login")).to_have_value(login)
    page.locator("#password").fill(NEW_PASSWORD)
    mark = person.hydration.count
    page.locator("#submit").click()
    person.expect_page(home, since=mark)
    # The link works once only.
    mark = person.hydration.count
    page.goto(link)
    person.hydration.wait_after(mark)
    expect(page.locator("#set-message")).to_contain_text("ungültig, abgelaufen")


def test_self_registration_is_approved_and_the_access_mail_lets_the_person_in(
    ui: PortalUI, browser: Browser, smtp_server: SmtpTestServer
) -> None:
    page = ui.page
    ui.open("/login")
    mark = ui.hydration.count
    page.locator("#register-link").click()
    ui.expect_page("/register", since=mark)
    number = _customer_number("Druckhaus Dietrich GmbH")
    page.locator("#name").fill("Nora Neu")
    page.locator("#email").fill(APPLICANT)
    page.locator("#company").fill("Druckhaus Dietrich GmbH")
    page.locator("#customer_number").fill(number)
    page.locator("#phone").fill("030 1234567")
    page.locator("#message").fill("Bitte um einen Zugang für die Buchhaltung.")
    # Without the privacy consent the server refuses, and nothing typed is lost.
    page.locator("#submit").click()
    expect(page.locator("#register-error")).to_contain_text("Datenschutzhinweise gelesen")
    expect(page.locator("#name")).to_have_value("Nora Neu")
    expect(page.locator("#message")).to_have_value("Bitte um einen Zugang für die Buchhaltung.")
    ui.screenshot("registration-consent-missing.png")
    page.locator("#privacy-consent").click()
    expect(page.locator("#privacy-consent")).to_have_attribute("aria-checked", "true")
    page.locator("#submit").click()
    expect(page.locator("#register-done")).to_contain_text("Vielen Dank")
    ui.screenshot("registration-submitted.png")
    received = smtp_server.wait_for(APPLICANT, subject_contains="Registrierung")
    assert "Nora Neu" in received.text

    staff = _fresh_ui(ui, browser)
    try:
        mark = staff.login("admin@portal.example", DEMO_PASSWORD)
        staff.expect_page("/staff", since=mark)
        # The registration waits in the Postkorb; its item leads to the review page.
        staff.open("/staff/inbox")
        item_id = _inbox_item_id(_registration_id(APPLICANT))
        expect(staff.page.get_by_text("Registrierung", exact=False).first).to_be_visible()
        mark = staff.hydration.count
        staff.page.locator(f"[data-testid=inbox-open-{item_id}]").click()
        staff.expect_page(f"/staff/inbox/{item_id}", since=mark)
        mark = staff.hydration.count
        staff.page.locator("#item-link").click()
        staff.expect_page(f"/staff/registrations/{_registration_id(APPLICANT)}", since=mark)
        expect(staff.page.locator("#reg-email")).to_have_text(APPLICANT)
        expect(staff.page.locator("#reg-state")).to_have_text("offen")
        choice = staff.page.locator("#customer-choice")
        expect(
            choice.get_by_role("radio", name=f"{number} · Druckhaus Dietrich GmbH")
        ).to_be_checked()
        staff.page.locator("#role-choice").get_by_role("radio", name="Hauptbenutzer").click()
        staff.screenshot("registration-review.png")
        staff.page.locator("#approve").click()
        expect(staff.page.locator("#review-notice")).to_contain_text("Freigegeben")
        expect(staff.page.locator("#reg-state")).to_have_text("freigegeben")
        # Approving closed the Postkorb item.
        assert _inbox_item_state(item_id) == "done"
    finally:
        staff.context.close()

    access = smtp_server.wait_for(APPLICANT, subject_contains="Zugangsdaten")
    assert APPLICANT in access.text and NEW_PASSWORD not in access.text
    _set_password_and_sign_in(ui, access.link("/set-password"), APPLICANT, "/customer")
    ui.screenshot("registration-signed-in.png")


def test_forgot_password_mails_a_link_that_sets_a_new_password(
    ui: PortalUI, smtp_server: SmtpTestServer
) -> None:
    from portal.models import Customer, User
    from portal.models.enums import CustomerKind, CustomerRole, UserKind
    from portal.services.passwords import hash_password

    login = "vergesslich@druckhaus-dietrich.example"

    def add_user(session) -> None:  # type: ignore[no-untyped-def]
        from sqlmodel import select

        customer = session.exec(
            select(Customer).where(Customer.kind == CustomerKind.CUSTOMER)
        ).first()
        session.add(
            User(
                kind=UserKind.CUSTOMER,
                login=login,
                email=login,
                display_name="Vera Vergesslich",
                password_hash=hash_password("Altes-Passwort-1"),
                customer_id=customer.id,
                customer_role=CustomerRole.NORMAL,
            )
        )

    _db_lookup(add_user)
    page = ui.page
    ui.open("/login")
    mark = ui.hydration.count
    page.locator("#forgot-link").click()
    ui.expect_page("/forgot-password", since=mark)
    page.locator("#login").fill("niemand@nirgends.example")
    page.locator("#submit").click()
    unknown_answer = page.locator("#forgot-sent")
    expect(unknown_answer).to_be_visible()
    answer_for_unknown = unknown_answer.inner_text()

    ui.open("/forgot-password")
    page.locator("#login").fill(login)
    page.locator("#submit").click()
    expect(page.locator("#forgot-sent")).to_have_text(answer_for_unknown)
    reset = smtp_server.wait_for(login, subject_contains="Neues Passwort")
    _set_password_and_sign_in(ui, reset.link("/set-password"), login, "/customer")
    assert smtp_server.received_by("niemand@nirgends.example") == []


def test_staff_set_up_access_for_a_customer_contact_who_accepts_the_invitation(
    ui: PortalUI, browser: Browser, smtp_server: SmtpTestServer
) -> None:
    invitee_email = "kontakt@druckhaus-dietrich.example"
    page = ui.page
    mark = ui.login("admin@portal.example", DEMO_PASSWORD)
    ui.expect_page("/staff", since=mark)
    mark = ui.hydration.count
    page.locator("#main-nav").get_by_role("link", name="Kunden").click()
    ui.expect_page("/staff/customers", since=mark)
    page.locator("#customers-query").fill("Druckhaus")
    page.locator("#search").click()
    mark = ui.hydration.count
    page.locator("[data-testid=customer-row]").get_by_role(
        "link", name="Druckhaus Dietrich GmbH"
    ).click()
    ui.expect_page(f"/staff/customers/{_customer_id('Druckhaus Dietrich GmbH')}", since=mark)
    expect(page.locator("#page-title")).to_contain_text("Druckhaus Dietrich GmbH")
    expect(page.locator("[data-testid=account-row]").first).to_be_visible()

    page.locator("#invite-name").fill("Kim Kontakt")
    page.locator("#invite-email").fill(invitee_email)
    page.locator("#invite-role").get_by_role("radio", name="Benutzer", exact=True).click()
    page.locator("#invite-submit").click()
    expect(page.locator("#customer-notice")).to_contain_text(invitee_email)
    expect(page.locator("[data-testid=invitation-row]")).to_contain_text(invitee_email)
    first = smtp_server.wait_for(invitee_email, subject_contains="Einladung")
    page.locator("[data-testid=invitation-row]").get_by_role("button", name="Erneut senden").click()
    expect(page.locator("#customer-notice")).to_contain_text("alte Link")
    second = smtp_server.wait_for(invitee_email, subject_contains="Einladung", after=1)
    ui.screenshot("staff-customer-invitation.png")
    assert first.link("/set-password") != second.link("/set-password")

    invitee = _fresh_ui(ui, browser)
    try:
        person = invitee.page
        mark = invitee.hydration.count
        person.goto(first.link("/set-password"))
        invitee.hydration.wait_after(mark)
        expect(person.locator("#set-message")).to_contain_text("ungültig, abgelaufen")

        mark = invitee.hydration.count
        person.goto(second.link("/set-password"))
        invitee.hydration.wait_after(mark)
        expect(person.locator("#email")).to_have_value(invitee_email)
        # the link proves only the invited mailbox: that address is the login, not editable
        # (the service refuses any other: tests/services/test_customer_invitations.py)
        expect(person.locator("#email")).not_to_be_editable()
        person.locator("#password").fill(NEW_PASSWORD)
        person.locator("#password_repeat").fill(NEW_PASSWORD)
        mark = invitee.hydration.count
        person.locator("#submit").click()
        invitee.expect_page("/login", query=True, since=mark)
        expect(person.locator("#login")).to_have_value(invitee_email)
        person.locator("#password").fill(NEW_PASSWORD)
        mark = invitee.hydration.count
        person.locator("#submit").click()
        invitee.expect_page("/customer", since=mark)
    finally:
        invitee.context.close()


def test_signed_out_pages_show_the_branding_staff_set(ui: PortalUI) -> None:
    """Not only the login page: the registration, password and invitation pages show the
    installation's name and colour too (also for an invalid link)."""
    from portal.db import session_scope
    from portal.services import branding, settings

    with session_scope() as session:
        before = settings.read(session, branding.BRANDING_SETTING)
        settings.write(
            session,
            branding.BRANDING_SETTING,
            {
                **before,
                "name": "Druckerei Süd",
                "primary_color": "#aa3300",
                "imprint_url": "https://druckerei.example/impressum",
                "privacy_url": "https://druckerei.example/datenschutz",
            },
        )
    try:
        pages = ("/login", "/register", "/forgot-password", "/set-password?token=x")
        for path in (*pages, "/invite?token=x"):
            ui.open(path)
            expect(ui.page.locator("#brand-name")).to_have_text("Druckerei Süd")
            for link, label, url in (
                ("#imprint-link", "Impressum", "https://druckerei.example/impressum"),
                ("#privacy-link", "Datenschutz", "https://druckerei.example/datenschutz"),
            ):
                expect(ui.page.locator(link)).to_have_text(label)
                expect(ui.page.locator(link)).to_have_attribute("href", url)
                expect(ui.page.locator(link)).to_have_attribute("target", "_blank")
                expect(ui.page.locator(link)).to_have_attribute("rel", "noopener noreferrer")
            root_style = ui.page.locator("#brand-name").evaluate(
                "el => getComputedStyle(el).getPropertyValue('--portal-brand')"
            )
            assert root_style.strip() == "#aa3300", path
        ui.screenshot("branding-invite-page.png")
        ui.open("/register")
        expect(ui.page.locator("#register-privacy-link")).to_have_attribute(
            "href", "https://druckerei.example/datenschutz"
        )
        ui.screenshot("branding-register-legal-links.png")
        mark = ui.login("admin@portal.example", DEMO_PASSWORD)  # the login page: links too
        ui.expect_page("/staff", since=mark)
        expect(ui.page.locator("#imprint-link")).to_have_attribute(
            "href", "https://druckerei.example/impressum"
        )
        expect(ui.page.locator("#privacy-link")).to_have_text("Datenschutz")
        ui.screenshot("branding-signed-in-legal-links.png")
    finally:
        with session_scope() as session:
            settings.write(session, branding.BRANDING_SETTING, before)
