"""Shop services: totals (tax per rate, cents), compatibility, MAIN/NORMAL visibility of shop
orders, hidden prices → quote request without any price, and every kind of bad input."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from portal.models import (
    Asset,
    AuditEvent,
    CartLine,
    CatalogItem,
    InboxItem,
    MailOutbox,
    PrinterCompatibility,
    ShopOrder,
    ShopOrderLine,
)
from portal.models.enums import CustomerRole, InboxKind, ShopOrderKind
from portal.services import cart, catalog, settings, shop
from portal.services.access import AccessDenied, load_principal
from portal.services.shop import ShopRefused
from tests import factories as f

BASE = "https://portal.example"


def _item(s: Session, number: str, price: str, rate: str = "19", **fields: object) -> CatalogItem:
    return f.add(
        s,
        CatalogItem(
            article_number=number,
            name=fields.pop("name", f"Artikel {number}"),
            price=Decimal(price),
            tax_rate=Decimal(rate),
            category=fields.pop("category", "Toner"),
            **fields,
        ),
    )


def build(s: Session) -> SimpleNamespace:
    firm, stranger = f.customer(s, "Firma"), f.customer(s, "Fremd")
    firm.street, firm.postcode, firm.city = "Hauptstraße 1", "04109", "Leipzig"
    main = f.customer_user(s, "main", firm, CustomerRole.MAIN)
    normal = f.customer_user(s, "normal", firm, CustomerRole.NORMAL)
    other = f.customer_user(s, "other", stranger, CustomerRole.MAIN)
    for user in (main, normal, other):
        user.email = f"{user.login}@example.com"
    main.locale = "en"
    toner = _item(s, "T-1", "49.99", name="Toner schwarz X500")
    drum = _item(s, "D-1", "0.05", category="Trommel")  # a cent price, for rounding
    paper = _item(s, "P-1", "4.10", "7", category="Papier", name="Kopierpapier A4")
    hidden = _item(s, "H-1", "10.00", in_shop=False)
    inactive = _item(s, "I-1", "10.00", active=False)
    printer = f.add(
        s, Asset(customer_id=firm.id, model="X500", serial_number="SN1", location="Empfang")
    )
    foreign_printer = f.add(s, Asset(customer_id=stranger.id, model="X500", serial_number="SN9"))
    for item in (toner, drum):
        f.add(s, PrinterCompatibility(item_id=item.id, printer_model="X500"))
    s.commit()
    return SimpleNamespace(
        firm=firm,
        stranger=stranger,
        main=main,
        normal=normal,
        other=other,
        toner=toner,
        drum=drum,
        paper=paper,
        hidden=hidden,
        inactive=inactive,
        printer=printer,
        foreign_printer=foreign_printer,
        who=lambda user: load_principal(s, user.id),
    )


@pytest.fixture
def w(db_session: Session) -> SimpleNamespace:
    return build(db_session)


def _checkout(s: Session, principal, reference: str = "PO-1") -> ShopOrder:  # type: ignore[no-untyped-def]
    order = cart.checkout(
        s, principal, delivery_address="Firma\nHauptstraße 1", reference=reference, base_url=BASE
    )
    s.commit()
    return order


def test_totals_per_tax_rate_rounded_to_cents(db_session: Session, w: SimpleNamespace) -> None:
    s, main = db_session, w.who(w.main)
    cart.add(s, main, w.toner.id, 3, w.printer.id)  # 149.97 at 19 %
    cart.add(s, main, w.drum.id, "7")  # 0.35 at 19 %
    cart.add(s, main, w.paper.id, 5)  # 20.50 at 7 %
    s.commit()
    view = cart.view(s, main)
    assert view.show_prices and view.totals is not None
    assert [r.amount for r in view.rows] == [Decimal("149.97"), Decimal("0.35"), Decimal("20.50")]
    taxes = {t.rate: (t.base, t.tax) for t in view.totals.taxes}
    # 150.32 * 19 % = 28.5608 → 28.56; 20.50 * 7 % = 1.435 → 1.44 (half-up)
    assert taxes == {
        Decimal("7"): (Decimal("20.50"), Decimal("1.44")),
        Decimal("19"): (Decimal("150.32"), Decimal("28.56")),
    }
    assert view.totals.net == Decimal("170.82")
    assert view.totals.gross == Decimal("200.82")
    order = _checkout(s, main)
    assert order.kind == ShopOrderKind.ORDER
    assert (order.net_total, order.tax_total, order.gross_total) == (
        Decimal("170.82"),
        Decimal("30.00"),
        Decimal("200.82"),
    )
    assert order.number.startswith("WS-") and order.number.endswith(f"{order.id:06d}")
    lines = s.exec(select(ShopOrderLine).where(ShopOrderLine.shop_order_id == order.id)).all()
    assert {(line.item_id, line.asset_id, line.quantity) for line in lines} == {
        (w.toner.id, w.printer.id, 3),
        (w.drum.id, None, 7),
        (w.paper.id, None, 5),
    }
    assert all(line.unit_price is not None for line in lines)
    assert s.exec(select(CartLine)).all() == []
    inbox = s.exec(select(InboxItem).where(InboxItem.ref_id == order.id)).one()
    assert inbox.kind == InboxKind.ORDER and order.number in inbox.title
    mail = s.exec(select(MailOutbox).where(MailOutbox.template == "order_confirmation")).one()
    assert mail.recipient == "main@example.com" and mail.locale == "en"
    assert order.number in mail.subject
    assert "Toner schwarz X500" in mail.body_text and "X500 (SN1) – Empfang" in mail.body_text
    assert "€200.82" in mail.body_text and "Gross total" in mail.body_text
    assert s.exec(select(AuditEvent).where(AuditEvent.action == "shop.order")).one()


def test_adding_merges_the_same_article_for_the_same_printer(
    db_session: Session, w: SimpleNamespace
) -> None:
    s, main = db_session, w.who(w.main)
    assert cart.add(s, main, w.toner.id, 2, w.printer.id) == 2
    assert cart.add(s, main, w.toner.id, "3", w.printer.id) == 5
    cart.add(s, main, w.toner.id, 1)  # without printer: its own line
    s.commit()
    assert sorted(r.quantity for r in cart.view(s, main).rows) == [1, 5]
    assert cart.count(s, main) == 6


def test_twin_lines_of_two_tabs_adding_at_once_are_merged(
    db_session: Session, w: SimpleNamespace
) -> None:
    """Both tabs found no line and inserted one: the cart shows, changes and orders one."""
    s, main = db_session, w.who(w.main)
    for quantity in (2, 3):
        s.add(
            CartLine(
                user_id=w.main.id,
                customer_id=w.main.customer_id,
                item_id=w.toner.id,
                asset_id=w.printer.id,
                quantity=quantity,
            )
        )
    s.commit()
    assert [r.quantity for r in cart.view(s, main).rows] == [5]
    s.commit()
    assert len(s.exec(select(CartLine)).all()) == 1
    s.add(
        CartLine(
            user_id=w.main.id,
            customer_id=w.main.customer_id,
            item_id=w.toner.id,
            asset_id=w.printer.id,
            quantity=1,
        )
    )
    s.commit()
    assert cart.add(s, main, w.toner.id, 1, w.printer.id) == 7
    s.commit()
    assert [r.quantity for r in cart.view(s, main).rows] == [7]


def test_compatibility_rule(db_session: Session, w: SimpleNamespace) -> None:
    s, main = db_session, w.who(w.main)
    assert catalog.is_compatible(s, w.toner.id, "X500")
    assert not catalog.is_compatible(s, w.paper.id, "X500")
    (printer,) = shop.printers(s, main)
    assert printer.model == "X500"
    assert {a.id for a in printer.accessories} == {w.toner.id, w.drum.id}
    with pytest.raises(ShopRefused) as refused:
        cart.add(s, main, w.paper.id, 1, w.printer.id)
    assert refused.value.message_key == "shop.error.not_compatible"
    # an accessory taken out of the shop is no longer offered for the printer
    w.drum.in_shop = False
    s.commit()
    (printer,) = shop.printers(s, main)
    assert {a.id for a in printer.accessories} == {w.toner.id}


def test_main_sees_all_company_shop_orders_normal_only_own(
    db_session: Session, w: SimpleNamespace
) -> None:
    s = db_session
    main, normal, other = w.who(w.main), w.who(w.normal), w.who(w.other)
    cart.add(s, main, w.toner.id, 1)
    by_main = _checkout(s, main)
    cart.add(s, normal, w.paper.id, 2)
    by_normal = _checkout(s, normal)
    assert {r.id for r in cart.list_orders(s, main, "de")} == {by_main.id, by_normal.id}
    assert {r.id for r in cart.list_orders(s, normal, "de")} == {by_normal.id}
    assert cart.list_orders(s, other, "de") == []
    with pytest.raises(AccessDenied):
        cart.order_detail(s, normal, by_main.id, locale="de")
    with pytest.raises(AccessDenied):
        cart.order_detail(s, other, by_normal.id, locale="de")
    detail = cart.order_detail(s, main, by_normal.id, locale="de")
    assert detail.lines[0].name == "Kopierpapier A4"


def test_hidden_prices_make_a_quote_request_without_any_price(
    db_session: Session, w: SimpleNamespace
) -> None:
    s, main = db_session, w.who(w.main)
    settings.write(s, settings.SHOP_SETTING, {"show_prices": False})
    s.commit()
    assert all(a.price is None and a.tax_rate is None for a in shop.search_articles(s, main))
    assert shop.article(s, main, w.toner.id).price is None
    assert all(a.price is None for p in shop.printers(s, main) for a in p.accessories)
    cart.add(s, main, w.toner.id, 2, w.printer.id)
    s.commit()
    view = cart.view(s, main)
    assert not view.show_prices and view.totals is None
    assert all(r.unit_price is None and r.amount is None for r in view.rows)
    order = _checkout(s, main)
    assert order.kind == ShopOrderKind.QUOTE_REQUEST
    assert (order.net_total, order.tax_total, order.gross_total) == (None, None, None)
    line = s.exec(select(ShopOrderLine).where(ShopOrderLine.shop_order_id == order.id)).one()
    assert line.unit_price is None
    assert s.exec(select(InboxItem).where(InboxItem.ref_id == order.id)).one().kind == (
        InboxKind.QUOTE_REQUEST
    )
    mail = s.exec(select(MailOutbox)).one()
    assert "quote request" in mail.subject
    for text in (mail.body_text, mail.body_html or ""):
        assert "€" not in text and "99.98" not in text and "49.99" not in text
    detail = cart.order_detail(s, main, order.id, locale="de")
    assert detail.sums == [] and all(line.amount == "" for line in detail.lines)
    assert cart.list_orders(s, main, "de")[0].gross_total == ""


def test_customer_override_beats_the_installation_setting(
    db_session: Session, w: SimpleNamespace
) -> None:
    s = db_session
    settings.write(s, settings.SHOP_SETTING, {"show_prices": False})
    w.firm.show_prices = True
    s.commit()
    assert shop.prices_visible(s, w.who(w.main))
    assert not shop.prices_visible(s, w.who(w.other))


@pytest.mark.parametrize("quantity", [0, -1, 1000, "1.5", "abc", "", None, True, 2.5, "1e3"])
def test_bad_quantities_are_refused(db_session: Session, w: SimpleNamespace, quantity) -> None:  # type: ignore[no-untyped-def]
    s, main = db_session, w.who(w.main)
    with pytest.raises(ShopRefused) as refused:
        cart.add(s, main, w.toner.id, quantity)
    assert refused.value.message_key == "shop.error.quantity"
    assert s.exec(select(CartLine)).all() == []


def test_bad_articles_printers_and_lines_are_refused(
    db_session: Session, w: SimpleNamespace
) -> None:
    s, main, other = db_session, w.who(w.main), w.who(w.other)
    cases = [
        (lambda: cart.add(s, main, w.hidden.id, 1), "shop.error.unavailable"),
        (lambda: cart.add(s, main, w.inactive.id, 1), "shop.error.unavailable"),
        (lambda: cart.add(s, main, 999_999, 1), "shop.error.unavailable"),
        (lambda: cart.add(s, main, w.toner.id, 1, w.foreign_printer.id), "shop.error.printer"),
        (lambda: cart.add(s, main, w.toner.id, 1, 999_999), "shop.error.printer"),
        (lambda: cart.add(s, main, w.paper.id, 1, w.printer.id), "shop.error.not_compatible"),
    ]
    for call, key in cases:
        with pytest.raises(ShopRefused) as refused:
            call()
        assert refused.value.message_key == key
    assert s.exec(select(CartLine)).all() == []
    with pytest.raises(AccessDenied):
        shop.article(s, main, w.hidden.id)
    # someone else's cart line
    cart.add(s, other, w.toner.id, 1)
    s.commit()
    (line,) = s.exec(select(CartLine)).all()
    for call in (
        lambda: cart.set_quantity(s, main, line.id, 5),
        lambda: cart.remove(s, main, line.id),
    ):
        with pytest.raises(ShopRefused) as refused:
            call()
        assert refused.value.message_key == "shop.error.line_not_found"
    s.rollback()
    assert s.get(CartLine, line.id).quantity == 1
    # a quantity over the maximum by merging
    cart.add(s, other, w.toner.id, 998)
    with pytest.raises(ShopRefused):
        cart.add(s, other, w.toner.id, 1)


def test_bad_checkouts_order_nothing(db_session: Session, w: SimpleNamespace) -> None:
    s, main = db_session, w.who(w.main)
    with pytest.raises(ShopRefused) as refused:
        _checkout(s, main)
    assert refused.value.message_key == "shop.error.cart_empty"
    cart.add(s, main, w.toner.id, 1, w.printer.id)
    s.commit()
    for address, reference, key in [
        ("  ", "", "shop.error.address_required"),
        ("x" * 1001, "", "shop.error.address_too_long"),
        ("Firma", "r" * 61, "shop.error.reference_too_long"),
    ]:
        with pytest.raises(ShopRefused) as refused:
            cart.checkout(s, main, delivery_address=address, reference=reference, base_url=BASE)
        assert refused.value.message_key == key
    w.toner.active = False  # taken out of the shop while in the cart
    s.commit()
    with pytest.raises(ShopRefused) as refused:
        _checkout(s, main)
    assert refused.value.message_key == "shop.error.line_unavailable"
    s.rollback()
    assert s.exec(select(ShopOrder)).all() == []
    assert s.exec(select(InboxItem)).all() == [] and s.exec(select(MailOutbox)).all() == []
    assert len(s.exec(select(CartLine)).all()) == 1


def test_cart_changes_and_reorder(db_session: Session, w: SimpleNamespace) -> None:
    s, main = db_session, w.who(w.main)
    cart.add(s, main, w.toner.id, 1, w.printer.id)
    cart.add(s, main, w.paper.id, 2)
    s.commit()
    toner_line, paper_line = cart.view(s, main).rows
    cart.set_quantity(s, main, toner_line.id, "4")
    cart.remove(s, main, paper_line.id)
    s.commit()
    assert [(r.item_id, r.quantity) for r in cart.view(s, main).rows] == [(w.toner.id, 4)]
    cart.add(s, main, w.paper.id, 2)
    order = _checkout(s, main)
    w.paper.in_shop = False
    s.commit()
    skipped = cart.reorder(s, main, order.id)
    s.commit()
    assert skipped == ["Kopierpapier A4"]
    assert [(r.item_id, r.quantity, r.printer) for r in cart.view(s, main).rows] == [
        (w.toner.id, 4, "X500 (SN1) – Empfang")
    ]
    cart.clear(s, main)
    s.commit()
    assert cart.view(s, main).rows == []
    with pytest.raises(AccessDenied):
        cart.reorder(s, w.who(w.other), order.id)


def test_search_and_category(db_session: Session, w: SimpleNamespace) -> None:
    s, main = db_session, w.who(w.main)
    assert {a.id for a in shop.search_articles(s, main)} == {w.toner.id, w.drum.id, w.paper.id}
    assert [a.id for a in shop.search_articles(s, main, text="schwarz x500")] == [w.toner.id]
    assert [a.id for a in shop.search_articles(s, main, category="Papier")] == [w.paper.id]
    assert shop.search_articles(s, main, category="nope") == []
    assert shop.categories(s, main) == ["Papier", "Toner", "Trommel"]
    assert shop.search_articles(s, main, text="%") == []
