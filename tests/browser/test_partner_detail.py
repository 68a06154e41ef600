"""The partner's detail pages in a real Chromium against the production build: a customer
opened by URL with the change of its partner contact, the licence download of a contract,
a customer out of scope (the 404 page), and a new prospect with the duplicate check.

The browser tests share one seeded database: the customer whose contact changes is made here
and handed to E2 (visibility "Keine"), so nobody else's view of the demo data changes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

if TYPE_CHECKING:  # conftest is loaded by pytest as a plugin, not imported by tests
    from tests.browser.conftest import PortalServer, PortalUI

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "Portal-Demo-2026"  # portal.services.seed.DEMO_PASSWORD
E1 = "e1@muster-it.example"
E3 = "e3@muster-it.example"
DETAIL_URL_RE = re.compile(r"/partner/customers/\d+/?$")


def _customer_id(name: str) -> int:
    from sqlmodel import select

    from portal.db import session_scope
    from portal.models import Customer

    with session_scope() as session:
        return session.exec(select(Customer.id).where(Customer.name == name)).one()


def _license_contract_id(customer_name: str) -> int:
    from sqlmodel import select

    from portal.db import session_scope
    from portal.models import Customer, Subscription

    with session_scope() as session:
        return session.exec(
            select(Subscription.id)
            .join(Customer, Customer.id == Subscription.customer_id)
            .where(Customer.name == customer_name, Subscription.license_file_path.is_not(None))
        ).first()


@pytest.fixture(scope="module")
def own_customer(portal_server: PortalServer) -> int:
    """A Muster customer of this test, with E1 as partner contact and one contract."""
    from datetime import date
    from decimal import Decimal

    from sqlmodel import select

    from portal.db import session_scope
    from portal.models import Customer, PartnerCompany, Subscription, User

    with session_scope() as session:
        muster = session.exec(
            select(PartnerCompany).where(PartnerCompany.name == "Muster IT GmbH")
        ).one()
        e1 = session.exec(select(User).where(User.login == E1)).one()
        customer = Customer(
            number="K-BROWSER-1",
            name="Kontaktwechsel Test GmbH",
            street="Teststraße 1",
            postcode="10115",
            city="Berlin",
            partner_company_id=muster.id,
            partner_contact_id=e1.id,
        )
        session.add(customer)
        session.flush()
        session.add(
            Subscription(
                number="V-BROWSER-1",
                customer_id=customer.id,
                partner_company_id=muster.id,
                product="DocuWare Cloud Business",
                status="own",
                start_date=date(2025, 1, 1),
                monthly_price=Decimal("1234.50"),
            )
        )
        return customer.id


def _sign_in(ui: PortalUI, login: str) -> None:
    mark = ui.login(login, DEMO_PASSWORD)
    ui.expect_page("/partner", since=mark)


def _choose(ui: PortalUI, trigger: str, option: str) -> None:
    """A Radix select: open it, click the option."""
    ui.page.locator(trigger).click()
    ui.page.get_by_role("option", name=option, exact=True).click()


def test_e1_changes_the_partner_contact_and_downloads_a_licence(
    ui: PortalUI, own_customer: int
) -> None:
    page = ui.page
    _sign_in(ui, E1)
    ui.open(f"/partner/customers/{_customer_id('Druckhaus Dietrich GmbH')}")
    expect(page.locator("#page-title")).to_have_text("Druckhaus Dietrich GmbH")
    expect(page.locator("[data-testid=contract-row]").first).to_be_visible()
    expect(page.locator("#customer-kind")).to_have_text("Kunde")
    ui.screenshot("partner-customer-detail.png")

    ui.open(f"/partner/customers/{own_customer}")
    expect(page.locator("#partner-contact")).to_have_text("Eva Engel")
    expect(page.locator("[data-testid=contract-row]")).to_contain_text("1.234,50")
    _choose(ui, "#contact-select", "Emil Ernst")
    page.locator("#change-contact").click()
    expect(page.locator("#partner-contact")).to_have_text("Emil Ernst")
    expect(page.locator("#contact-notice")).to_contain_text("Emil Ernst ist jetzt Partner-Kontakt")
    ui.open(f"/partner/customers/{own_customer}")  # stored, not just shown
    expect(page.locator("#partner-contact")).to_have_text("Emil Ernst")

    ui.open(f"/partner/subscriptions/{_license_contract_id('Druckhaus Dietrich GmbH')}")
    expect(page.locator("[data-testid=history-row]").first).to_be_visible()
    with page.expect_download() as download:
        page.locator("#license-download").click()
    assert download.value.suggested_filename.endswith(".lic")
    assert Path(download.value.path()).read_bytes().startswith(b"[License]")
    ui.screenshot("partner-subscription-detail.png")


def test_e3_opening_a_customer_outside_her_scope_gets_the_404_page(ui: PortalUI) -> None:
    page = ui.page
    _sign_in(ui, E3)
    for customer in (str(_customer_id("Alpha Bau GmbH")), "999999", "abc"):
        ui.open(f"/partner/customers/{customer}")
        expect(page.get_by_role("heading", name="Seite nicht gefunden")).to_be_visible()
        expect(page.get_by_text("Alpha Bau")).to_have_count(0)
    ui.screenshot("partner-customer-not-found.png")


def test_e1_creates_a_prospect_and_a_duplicate_is_refused_keeping_the_input(
    ui: PortalUI,
) -> None:
    page = ui.page
    _sign_in(ui, E1)
    ui.open("/partner/prospects/new")
    fields = {
        "#prospect-name": "Gärtnerei Grün",
        "#prospect-street": "Blumenweg 2",
        "#prospect-postcode": "12045",
        "#prospect-city": "Berlin",
        "#prospect-email": "info@gaertnerei-gruen.example",
    }
    _choose(ui, "#prospect-company", "Nordlicht Systemhaus GmbH")
    for selector, value in fields.items():
        page.locator(selector).fill(value)
    mark = ui.hydration.count
    page.locator("#prospect-submit").click()
    page.wait_for_url(DETAIL_URL_RE)
    ui.hydration.wait_after(mark)
    expect(page.locator("#page-title")).to_have_text("Gärtnerei Grün")
    expect(page.locator("#customer-kind")).to_have_text("Interessent")
    expect(page.locator("#partner-contact")).to_have_text("Eva Engel")

    ui.open("/partner/prospects/new")
    _choose(ui, "#prospect-company", "Muster IT GmbH")
    typed = {**fields, "#prospect-name": "  gärtnerei   GRÜN ", "#prospect-phone": "030 123"}
    for selector, value in typed.items():
        page.locator(selector).fill(value)
    page.locator("#prospect-submit").click()
    expect(page.locator("#prospect-duplicate")).to_contain_text("Gärtnerei Grün")
    expect(page.locator("#prospect-duplicate")).to_contain_text("bereits erfasst")
    for selector, value in typed.items():
        expect(page.locator(selector)).to_have_value(value)
    ui.screenshot("partner-prospect-duplicate.png")
    page.locator("#open-duplicate").click()
    expect(page.locator("#page-title")).to_have_text("Gärtnerei Grün")
