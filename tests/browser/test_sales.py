"""Quotes, orders, invoices and proof approvals in a real Chromium against the production build.

Covers what the unit tests cannot: the native multipart upload from /staff/orders with the
session cookie, the customer deciding on the approval page over the websocket, the PDF arriving
as a download, and what the order with its status bar and the approval page look like
(screenshots in test-artifacts/).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, expect

if TYPE_CHECKING:  # conftest is loaded by pytest as a plugin, not imported by tests
    from tests.browser.conftest import PortalServer, PortalUI

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "Portal-Demo-2026"  # portal.services.seed.DEMO_PASSWORD
STAFF = "admin@portal.example"
MAIN = "haupt@druckhaus-dietrich.example"


def _document(kind: str, status: str) -> tuple[int, str]:
    """(id, number) of a demo document, read from the database the server uses."""
    from sqlmodel import col, select

    from portal.db import session_scope
    from portal.models import SalesDocument

    with session_scope() as session:
        row = session.exec(
            select(SalesDocument.id, SalesDocument.number)
            .where(SalesDocument.kind == kind, SalesDocument.status == status)
            .order_by(col(SalesDocument.id))
        ).first()
        assert row is not None, (kind, status)
        return row[0], row[1]


def _outbox(template: str, number: str) -> list[str]:
    from sqlmodel import select

    from portal.db import session_scope
    from portal.models import MailOutbox

    with session_scope() as session:
        return list(
            session.exec(
                select(MailOutbox.recipient).where(
                    MailOutbox.template == template, MailOutbox.subject.contains(number)
                )
            )
        )


def _order_mail_users(login: str) -> list[str]:
    """The active MAIN users of `login`'s company who want order mails, by e-mail."""
    from sqlmodel import col, select

    from portal.db import session_scope
    from portal.models import User

    with session_scope() as session:
        customer_id = session.exec(select(User.customer_id).where(User.login == login)).one()
        return sorted(
            session.exec(
                select(User.email).where(
                    User.customer_id == customer_id,
                    User.customer_role == "main",
                    col(User.active).is_(True),
                    col(User.notify_orders).is_(True),
                )
            )
        )


def _sign_in(ui: PortalUI, login: str, home: str) -> None:
    mark = ui.login(login, DEMO_PASSWORD)
    ui.expect_page(home, since=mark)


def _second_tab(browser: Browser, portal_server: PortalServer, ui: PortalUI) -> PortalUI:
    """Another person in a browser profile of their own (own cookies)."""
    from tests.browser.conftest import HydrationWatch, PortalUI

    context = browser.new_context(
        locale="de-DE", timezone_id="Europe/Berlin", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    return PortalUI(page, context, portal_server, ui.artifacts, HydrationWatch(page))


def test_staff_attaches_a_proof_and_the_main_user_approves_it(
    ui: PortalUI, browser: Browser, portal_server: PortalServer
) -> None:
    from portal.services.pdf import proof_sample_pdf

    _, number = _document("order", "in_progress")
    page = ui.page
    _sign_in(ui, STAFF, "/staff")
    ui.open("/staff/orders")
    row = page.locator(f'[data-order="{number}"]')
    expect(row).to_contain_text("In Bearbeitung")
    row.locator("input[type=file]").set_input_files(
        files=[
            {
                "name": "Etiketten Muster.pdf",
                "mimeType": "application/pdf",
                "buffer": proof_sample_pdf(f"Freigabemuster {number}", ["Etiketten 100 × 50"]),
            }
        ]
    )
    mark = ui.hydration.count
    row.get_by_role("button", name="Muster anhängen").click()
    ui.expect_page("/staff/orders", query=True, since=mark)
    expect(page.locator("#staff-orders-notice")).to_contain_text(number)
    expect(page.locator(f'[data-order="{number}"]')).to_contain_text("wartet auf den Kunden")
    ui.screenshot("sales-staff-orders.png")
    # Every MAIN user of the company who wants order mails (other tests may add one).
    assert MAIN in _outbox("approval_request", number)
    assert sorted(_outbox("approval_request", number)) == _order_mail_users(MAIN)

    customer = _second_tab(browser, portal_server, ui)
    try:
        cpage = customer.page
        _sign_in(customer, MAIN, "/customer")
        customer.open("/customer/approvals")
        approval_row = cpage.locator("[data-testid=approval-row]").filter(has_text=number)
        expect(approval_row).to_contain_text("wartet auf Ihre Entscheidung")
        mark = customer.hydration.count
        with cpage.expect_response(lambda response: "/files/proof/" in response.url) as proof:
            approval_row.get_by_role("link", name="Zur Freigabe").click()
        customer.hydration.wait_after(mark)
        assert proof.value.status == 200
        expect(cpage.locator("#page-title")).to_have_text(f"Freigabemuster zum Auftrag {number}")
        expect(cpage.locator("#approve")).to_be_visible()
        cpage.wait_for_timeout(1000)  # the PDF viewer paints after the response
        customer.screenshot("sales-approval.png")

        cpage.locator("#approval-comment").fill("Bitte so drucken.")
        cpage.locator("#approve").click()
        expect(cpage.locator("#approval-notice")).to_contain_text("freigegeben")
        expect(cpage.locator("#approval-state")).to_have_text("freigegeben")
        expect(cpage.locator("#approval-decided")).to_contain_text("Hanna Haupt")
        expect(cpage.locator("#approve")).to_have_count(0)  # decided once, for good
        customer.screenshot("sales-approval-decided.png")
    finally:
        customer.context.close()

    assert _outbox("approval_confirmation", number) == [STAFF]
    ui.open("/staff/orders")
    expect(page.locator(f'[data-order="{number}"]')).to_contain_text("freigegeben")


def test_order_shows_its_status_bar_and_an_invoice_downloads_as_pdf(ui: PortalUI) -> None:
    page = ui.page
    order_id, order_number = _document("order", "proof")
    invoice_id, invoice_number = _document("invoice", "invoiced")
    _sign_in(ui, MAIN, "/customer")

    ui.open("/customer/orders")
    mark = ui.hydration.count
    page.locator("[data-testid=sales-row]").filter(has_text=order_number).get_by_role(
        "link", name=order_number
    ).click()
    ui.expect_page(f"/customer/orders/{order_id}", since=mark)
    bar = page.locator("#status-bar")
    expect(bar.locator("li")).to_have_count(6)
    expect(bar.locator('li[aria-current="step"]')).to_have_text("Freigabe")
    expect(bar.locator('li[data-state="done"]')).to_have_count(2)
    expect(page.locator("#totals")).to_contain_text("Gesamtbetrag")
    expect(page.locator("#order-approvals")).to_contain_text("wartet auf Ihre Entscheidung")
    ui.screenshot("sales-order-status-bar.png")

    ui.open(f"/customer/invoices/{invoice_id}")
    expect(page.locator("#page-title")).to_have_text(f"Rechnung {invoice_number}")
    with page.expect_download() as download_info:
        page.locator("#download-pdf").click()
    download = download_info.value
    assert download.suggested_filename == f"{invoice_number}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # An order's id under /invoices/ is as unknown as a foreign one: the 404 page.
    ui.open(f"/customer/invoices/{order_id}")
    expect(page.get_by_role("heading", name="Seite nicht gefunden")).to_be_visible()
