"""The customer portal in a real Chromium against the production build: the tile dashboard of
the demo MAIN and NORMAL users shows the counts the database holds (computed here from the
demo grants' rules with plain queries, not through portal.services.access), the customer
switcher narrows them, a document downloads, and a contract outside the grants is the 404 page.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, or_
from sqlmodel import Session, select

from portal.db import session_scope
from portal.models import (
    Approval,
    Claim,
    Customer,
    Document,
    DocumentKeyword,
    SalesDocument,
    Subscription,
    Ticket,
    User,
)

if TYPE_CHECKING:  # conftest is loaded by pytest as a plugin, not imported by tests
    from tests.browser.conftest import PortalUI

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "Portal-Demo-2026"  # portal.services.seed.DEMO_PASSWORD
MAIN = "haupt@druckhaus-dietrich.example"
NORMAL = "mitarbeiter@druckhaus-dietrich.example"
FIRM, PRIVATE = "Druckhaus Dietrich GmbH", "Doris Dietrich"


def _ids(session: Session, query) -> set[int]:  # type: ignore[no-untyped-def]
    return set(session.exec(query).all())


def _count(session: Session, query) -> int:  # type: ignore[no-untyped-def]
    return session.exec(select(func.count()).select_from(query.subquery())).one()


def _customer(session: Session, name: str) -> int:
    return session.exec(select(Customer.id).where(Customer.name == name)).one()


def _user(session: Session, login: str) -> int:
    return session.exec(select(User.id).where(User.login == login)).one()


def _own_shared(status_column=Subscription.status):  # type: ignore[no-untyped-def]
    """The demo grants share status OWN by all three derived statuses (application, policy,
    own), and OFFER with an offer date."""
    return or_(
        status_column == "own",
        (status_column == "offer") & Subscription.offer_date.is_not(None),
    )


def _expected_main(session: Session, customer: str | None) -> dict[str, int]:
    """Hanna Haupt: MAIN of the firm; "Familie/Firma Dietrich" shares Doris Dietrich's own
    and cancelled contracts, her liability contract by hand, and documents with the keywords
    Vertrag, Rechnung, Police."""
    firm, private = _customer(session, FIRM), _customer(session, PRIVATE)
    hanna = _user(session, MAIN)
    shared = select(Subscription.id).where(
        Subscription.customer_id == private,
        or_(_own_shared(), Subscription.status == "cancelled", Subscription.status == "foreign"),
    )
    contracts = _ids(session, select(Subscription.id).where(Subscription.customer_id == firm))
    contracts |= _ids(session, shared)
    keyword_docs = select(DocumentKeyword.document_id).where(
        DocumentKeyword.keyword.in_(["Vertrag", "Rechnung", "Police"])
    )
    documents = _ids(
        session,
        select(Document.id).where(
            or_(
                Document.customer_id == firm,
                Document.subscription_id.in_(contracts),
                (Document.customer_id == private) & Document.id.in_(keyword_docs),
            )
        ),
    )
    chosen = {FIRM: firm, PRIVATE: private}.get(customer or "")

    def of(rows: set[int], model) -> int:  # type: ignore[no-untyped-def]
        if chosen is None:
            return len(rows)
        return _count(
            session, select(model.id).where(model.id.in_(rows), model.customer_id == chosen)
        )

    tickets = _ids(
        session,
        select(Ticket.id).where(or_(Ticket.customer_id == firm, Ticket.creator_id == hanna)),
    )
    claims = _ids(
        session,
        select(Claim.id).where(
            or_(
                Claim.customer_id == firm,
                Claim.reporter_id == hanna,
                Claim.subscription_id.in_(contracts),
            )
        ),
    )
    counts = {
        "contracts": of(contracts, Subscription),
        "documents": of(documents, Document),
        "tickets": of(tickets, Ticket),
        "claims": of(claims, Claim),
    }
    if chosen != private:  # quotes, orders and invoices are the firm's only
        for kind, key in (("quote", "quotes"), ("order", "orders"), ("invoice", "invoices")):
            counts[key] = _count(
                session,
                select(SalesDocument.id).where(
                    SalesDocument.customer_id == firm, SalesDocument.kind == kind
                ),
            )
    return counts


def _expected_actions(session: Session) -> dict[str, int]:
    firm, hanna = _customer(session, FIRM), _user(session, MAIN)
    orders = select(SalesDocument.id).where(
        SalesDocument.customer_id == firm, SalesDocument.kind == "order"
    )
    unpaid = select(SalesDocument.id).where(
        SalesDocument.customer_id == firm,
        SalesDocument.kind == "invoice",
        SalesDocument.paid.is_(False),
    )
    waiting = select(Ticket.id).where(
        or_(Ticket.customer_id == firm, Ticket.creator_id == hanna),
        Ticket.status == "waiting_for_customer",
    )
    return {
        "approvals_waiting": _count(
            session,
            select(Approval.id).where(Approval.order_id.in_(orders), Approval.decision.is_(None)),
        ),
        "invoices_open": _count(session, unpaid),
        "tickets_waiting": _count(session, waiting),
    }


def _expected_normal(session: Session) -> dict[str, int]:
    """Max Mitarbeiter: NORMAL, own tickets and claims; the building-insurance grant shares
    the firm's building contracts and documents with the keyword Police."""
    firm, max_ = _customer(session, FIRM), _user(session, NORMAL)
    contracts = _ids(
        session,
        select(Subscription.id).where(
            Subscription.customer_id == firm,
            Subscription.line_of_business == "Gebäude",
            _own_shared(),
        ),
    )
    police = select(DocumentKeyword.document_id).where(DocumentKeyword.keyword == "Police")
    documents = select(Document.id).where(
        or_(
            Document.subscription_id.in_(contracts),
            (Document.customer_id == firm) & Document.id.in_(police),
        )
    )
    return {
        "contracts": len(contracts),
        "documents": _count(session, documents),
        "tickets": _count(session, select(Ticket.id).where(Ticket.creator_id == max_)),
        "claims": _count(session, select(Claim.id).where(Claim.reporter_id == max_)),
    }


def _sign_in(ui: PortalUI, login: str) -> None:
    mark = ui.login(login, DEMO_PASSWORD)
    ui.expect_page("/customer", since=mark)


def _expect_tiles(ui: PortalUI, counts: dict[str, int]) -> None:
    page = ui.page
    for area, count in counts.items():
        expect(page.get_by_test_id(f"count-{area}")).to_have_text(str(count))
    shown = set(counts) | {"postbox"}
    for area in ("contracts", "documents", "quotes", "orders", "invoices", "tickets", "claims"):
        if area not in shown:
            expect(page.get_by_test_id(f"tile-{area}")).to_have_count(0)
    expect(page.get_by_test_id("tile-postbox")).to_be_visible()


def test_main_users_dashboard_matches_the_data_and_the_switcher_narrows_it(ui: PortalUI) -> None:
    page = ui.page
    _sign_in(ui, MAIN)
    with session_scope() as session:
        everything = _expected_main(session, None)
        actions = _expected_actions(session)
        private_only = _expected_main(session, PRIVATE)
    _expect_tiles(ui, everything)
    for key, count in actions.items():
        badge = page.get_by_test_id(f"action-{key}")
        if count:
            expect(badge).to_contain_text(str(count))
        else:
            expect(badge).to_have_count(0)
    expect(page.locator("#advisor-name")).to_have_text("Thomas Berger")
    expect(page.locator("#advisor-phone")).to_contain_text("+49 30")
    expect(page.locator("#advisor-email")).to_have_text("berater@portal.example")
    expect(page.get_by_test_id("tile-contracts")).to_have_attribute(
        "href", re.compile(r"/customer/contracts/?$")
    )
    shop = page.get_by_test_id("tile-shop")  # every customer user may shop
    expect(shop).to_have_attribute("href", re.compile(r"/customer/shop/?$"))
    expect(shop.get_by_test_id("shop-cart")).to_have_text(re.compile(r"^Im Warenkorb: [\d.]+$"))
    expect(shop.get_by_test_id("shop-orders")).to_have_text(
        re.compile(r"^Bestellungen in Bearbeitung: [\d.]+$")
    )
    ui.screenshot("customer-dashboard.png")

    page.locator("#customer-switcher").click()
    page.get_by_role("option", name=PRIVATE).click()
    _expect_tiles(ui, private_only)  # her private data: no quotes, orders, invoices
    ui.screenshot("customer-dashboard-private.png")


def test_normal_users_dashboard_shows_only_own_and_granted_records(ui: PortalUI) -> None:
    _sign_in(ui, NORMAL)
    with session_scope() as session:
        expected = _expected_normal(session)
    _expect_tiles(ui, expected)
    expect(ui.page.get_by_test_id("tile-shop")).to_be_visible()
    expect(ui.page.locator("#customer-switcher")).to_have_count(0)  # one customer only


def test_a_document_downloads_after_the_keyword_filter(ui: PortalUI) -> None:
    page = ui.page
    _sign_in(ui, MAIN)
    ui.open("/customer/documents")
    page.locator("#keyword-filter").click()
    page.get_by_role("option", name="Police", exact=True).click()
    rows = page.get_by_test_id("document-row")
    expect(rows.filter(has_not_text="Police")).to_have_count(0)
    expect(rows.first).to_contain_text("Police")
    ui.screenshot("customer-documents.png")
    with page.expect_download() as info:
        rows.first.get_by_test_id("document-download").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"


def test_contracts_detail_shows_the_risk_address_and_a_foreign_contract_is_404(
    ui: PortalUI,
) -> None:
    page = ui.page
    with session_scope() as session:
        firm = _customer(session, FIRM)
        building = session.exec(
            select(Subscription).where(
                Subscription.customer_id == firm, Subscription.line_of_business == "Gebäude"
            )
        ).first()
        private = _customer(session, PRIVATE)
        foreign = session.exec(
            select(Subscription.id).where(Subscription.customer_id == private)
        ).first()
    _sign_in(ui, NORMAL)
    ui.open("/customer/contracts")
    expect(page.get_by_test_id("contract-row")).to_have_count(1)
    page.get_by_test_id("contract-row").get_by_role("link").click()
    ui.page.wait_for_url(ui.url_re(f"/customer/contracts/{building.id}"))
    expect(page.locator("#reference-address")).to_contain_text(building.risk_city)
    ui.open(f"/customer/contracts/{foreign}")
    expect(page.get_by_text("Seite nicht gefunden")).to_be_visible()
    expect(page.locator("#reference-address")).to_have_count(0)
    ui.screenshot("customer-contract-404.png")
