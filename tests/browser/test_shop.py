"""The printer shop in a real Chromium against the production build.

The demo MAIN user orders toner for one of the company's printers (an order with prices); with
the installation's prices switched off the same flow makes a quote request, and no price shows
in the pages or in any websocket frame of the shop's states; staff then find, take and finish
both in the Postkorb, and both confirmation mails are in the outbox.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, expect

if TYPE_CHECKING:  # conftest is loaded by pytest as a plugin, not imported by tests
    from tests.browser.conftest import PortalServer, PortalUI

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "Portal-Demo-2026"  # portal.services.seed.DEMO_PASSWORD
STAFF = "admin@portal.example"
MAIN = "haupt@druckhaus-dietrich.example"
TONER = "TK-1170"  # portal.services.seed: fits the Kyocera ECOSYS M2540dn
PRINTER_SERIAL = "VCF3Z04711"  # Druckhaus' Kyocera at "Hauptsitz, Empfang"
# 2 x 89.90 = 179.80 net, 34.16 VAT (19 %), 213.96 gross
PRICE_TEXTS = ("89,90", "89.90", "179,80", "179.80", "213,96", "213.96", "34,16")


def _ids() -> tuple[int, int, Decimal]:
    """(printer id, toner id, toner price) from the database the server uses."""
    from sqlmodel import select

    from portal.db import session_scope
    from portal.models import Asset, CatalogItem

    with session_scope() as session:
        asset = session.exec(select(Asset).where(Asset.serial_number == PRINTER_SERIAL)).one()
        toner = session.exec(select(CatalogItem).where(CatalogItem.article_number == TONER)).one()
        return asset.id, toner.id, toner.price


def _show_prices(value: bool) -> None:
    from portal.db import session_scope
    from portal.services import settings

    with session_scope() as session:
        settings.write(session, settings.SHOP_SETTING, {"show_prices": value})


def _latest_order() -> tuple[int, str, str, Decimal | None]:
    from sqlmodel import col, select

    from portal.db import session_scope
    from portal.models import ShopOrder

    with session_scope() as session:
        order = session.exec(select(ShopOrder).order_by(col(ShopOrder.id).desc())).first()
        assert order is not None
        return order.id, order.number, order.kind, order.gross_total


def _inbox_item(order_id: int, kind: str) -> tuple[int, str]:
    from sqlmodel import select

    from portal.db import session_scope
    from portal.models import InboxItem

    with session_scope() as session:
        item = session.exec(
            select(InboxItem).where(InboxItem.ref_id == order_id, InboxItem.kind == kind)
        ).one()
        return item.id, item.state


def _mails(number: str) -> list[tuple[str, str]]:
    from sqlmodel import select

    from portal.db import session_scope
    from portal.models import MailOutbox

    with session_scope() as session:
        return [
            (m.recipient, m.body_text)
            for m in session.exec(
                select(MailOutbox).where(
                    MailOutbox.template == "order_confirmation", MailOutbox.subject.contains(number)
                )
            )
        ]


def _tab(browser: Browser, portal_server: PortalServer, ui: PortalUI) -> PortalUI:
    """A fresh browser profile: its own cookies and its own (empty) app state."""
    from tests.browser.conftest import HydrationWatch, PortalUI

    context = browser.new_context(
        locale="de-DE", timezone_id="Europe/Berlin", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    return PortalUI(page, context, portal_server, ui.artifacts, HydrationWatch(page))


def _record_frames(tab: PortalUI) -> list[str]:
    """Every websocket frame the tab sends or receives, as text."""
    frames: list[str] = []

    def on_socket(socket) -> None:  # type: ignore[no-untyped-def]
        def keep(payload: str | bytes) -> None:
            frames.append(payload if isinstance(payload, str) else payload.decode(errors="replace"))

        socket.on("framereceived", keep)
        socket.on("framesent", keep)

    tab.page.on("websocket", on_socket)
    return frames


def _shop_deltas(frames: list[str]) -> list[str]:
    """The parts of the received deltas that belong to the shop's states."""
    parts = []
    for frame in frames:
        start = frame.find("[")
        try:
            message = json.loads(frame[start:]) if start >= 0 else None
        except ValueError:
            continue
        if not isinstance(message, list) or len(message) < 2 or not isinstance(message[1], dict):
            continue
        delta = message[1].get("delta") or {}
        parts.extend(json.dumps(v, ensure_ascii=False) for k, v in delta.items() if "shop" in k)
    return parts


def _sign_in(tab: PortalUI, login: str, home: str) -> None:
    mark = tab.login(login, DEMO_PASSWORD)
    tab.expect_page(home, since=mark)


def _order_toner(tab: PortalUI, printer_id: int, toner_id: int, reference: str) -> None:
    """Printer shop → 2 x toner for the printer → cart → checkout."""
    page = tab.page
    tab.open("/customer/printers")
    card = page.locator(f"[data-testid=printer-{printer_id}]")
    expect(card).to_contain_text(PRINTER_SERIAL)
    expect(card).to_contain_text("Hauptsitz, Empfang")
    form = page.locator(f"[data-testid=printer-add-{printer_id}-{toner_id}]")
    form.locator("input[name=quantity]").fill("2")
    form.get_by_role("button", name="In den Warenkorb").click()
    expect(page.locator("#shop-notice")).to_contain_text("2×")
    expect(page.locator("#cart-count")).to_have_text("2")
    tab.open("/customer/cart")
    line = page.locator("[data-testid=cart-line]")
    expect(line).to_have_count(1)
    expect(line).to_contain_text(f"Kyocera ECOSYS M2540dn ({PRINTER_SERIAL}) – Hauptsitz, Empfang")
    expect(page.locator("#checkout-address")).to_contain_text("Druckhaus Dietrich GmbH")
    page.locator("#checkout-reference").fill(reference)


def test_order_then_quote_request_without_prices_then_staff_finish_both(
    ui: PortalUI, browser: Browser, portal_server: PortalServer
) -> None:
    printer_id, toner_id, price = _ids()
    assert price == Decimal("89.90")
    _show_prices(True)

    # 1. Prices shown: an order, with the server's totals.
    _sign_in(ui, MAIN, "/customer")
    _order_toner(ui, printer_id, toner_id, "PO-4711")
    page = ui.page
    expect(page.locator("#cart-sums")).to_contain_text("213,96")
    ui.screenshot("shop-cart-prices.png")
    page.locator("#checkout-submit").click()
    expect(page.locator("#order-link")).to_contain_text("Bestellung")
    order_id, order_number, kind, gross = _latest_order()
    assert (kind, gross) == ("order", Decimal("213.96"))
    expect(page.locator("#order-link")).to_contain_text(order_number)
    # The thanks is shown once: the link to the new order inside the notice.
    expect(page.locator("#shop-notice #order-link")).to_be_visible()
    assert page.locator("body").inner_text().count(order_number) == 1
    mark = ui.hydration.count
    page.locator("#order-link").click()
    ui.expect_page(f"/customer/shop-orders/{order_id}", since=mark)
    expect(page.locator("body")).to_contain_text("PO-4711")
    expect(page.locator("#order-lines")).to_contain_text(PRINTER_SERIAL)
    expect(page.locator("body")).to_contain_text("213,96")
    ui.screenshot("shop-order.png")

    # 2. Prices hidden for the installation: a fresh session makes a quote request.
    _show_prices(False)
    try:
        hidden = _tab(browser, portal_server, ui)
        frames = _record_frames(hidden)
        _sign_in(hidden, MAIN, "/customer")
        frames.clear()  # the dashboard's own amounts (invoices) are not the shop's
        page = hidden.page
        texts = []
        hidden.open("/customer/shop")
        expect(page.locator("[data-testid=shop-tile]").first).to_be_visible()
        texts.append(page.locator("body").inner_text())
        _order_toner(hidden, printer_id, toner_id, "Anfrage 12")
        texts.append(page.locator("body").inner_text())
        expect(page.locator("#checkout-submit")).to_have_text("Angebot anfordern")
        hidden.screenshot("shop-cart-hidden.png")
        page.locator("#checkout-submit").click()
        expect(page.locator("#order-link")).to_contain_text("Angebotsanfrage")
        quote_id, quote_number, kind, gross = _latest_order()
        assert (kind, gross) == ("quote_request", None)
        hidden.open(f"/customer/shop-orders/{quote_id}")
        expect(page.locator("#order-title")).to_contain_text(quote_number)
        texts.append(page.locator("body").inner_text())
        hidden.open("/customer/shop-orders")
        expect(page.locator("[data-testid=shop-order-row]").first).to_be_visible()
        texts.append(page.locator("body").inner_text())
        hidden.screenshot("shop-orders-hidden.png")
        hidden.open(f"/customer/shop/{toner_id}")
        expect(page.locator("#article-name")).to_contain_text("TK-1170")
        expect(page.locator("body")).to_contain_text("Preis auf Anfrage")
        texts.append(page.locator("body").inner_text())
        for text in texts:
            for price_text in ("€", "EUR", *PRICE_TEXTS):
                assert price_text not in text, price_text
        assert frames, "no websocket frames recorded"
        for frame in frames:
            for price_text in PRICE_TEXTS:
                assert price_text not in frame, (price_text, frame[:300])
        shop_parts = _shop_deltas(frames)
        assert any("TK-1170" in part for part in shop_parts)
        for part in shop_parts:
            assert "€" not in part and "EUR" not in part, part[:300]
        hidden.context.close()
    finally:
        _show_prices(True)

    # 3. Staff: both in the Postkorb; take and finish each.
    staff = _tab(browser, portal_server, ui)
    _sign_in(staff, STAFF, "/staff")
    staff.open("/staff/inbox")
    for ref_id, inbox_kind, number in (
        (order_id, "order", order_number),
        (quote_id, "quote_request", quote_number),
    ):
        item_id, state = _inbox_item(ref_id, inbox_kind)
        assert state == "open"
        row = staff.page.locator("[data-testid=inbox-row]").filter(has_text=number)
        expect(row).to_have_count(1)
        staff.page.locator(f"[data-testid=inbox-assign-{item_id}]").click()
        expect(row.locator("[data-testid=inbox-state-badge]")).to_have_text("In Arbeit")
        staff.page.locator(f"[data-testid=inbox-done-{item_id}]").click()
        expect(staff.page.locator(f"[data-testid=inbox-reopen-{item_id}]")).to_be_visible()
        assert _inbox_item(ref_id, inbox_kind)[1] == "done"
    staff.screenshot("shop-inbox-done.png")
    staff.context.close()

    # 4. The confirmation mails, to the ordering user; the quote request's without prices.
    (order_mail,) = _mails(order_number)
    (quote_mail,) = _mails(quote_number)
    assert order_mail[0] == quote_mail[0] == MAIN
    assert "213,96" in order_mail[1] and PRINTER_SERIAL in order_mail[1]
    assert "Angebotsanfrage" in quote_mail[1] and "€" not in quote_mail[1]
