"""The cart, checkout and the shop orders of customer users (SPEC §6, §3.2).

Cart lines are rows of `cart_line` (no price: every line is priced here when shown or checked
out). Every change re-checks the article (active, in the shop), the printer (the caller's
company's) and the compatibility, and refuses with a message key before anything is written.
Checkout makes one ShopOrder with its lines, the Postkorb item, the confirmation mail and the
audit record in the caller's transaction: all of it or nothing. With prices hidden it is a
quote request and stores no price at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import uuid4

from sqlmodel import Session, col, delete, select

from portal.i18n import format_money, format_number, t
from portal.models import Asset, CartLine, CatalogItem, Customer, ShopOrder, ShopOrderLine, User
from portal.models.enums import InboxKind, ShopOrderKind
from portal.services import access, audit, settings, staff_inbox
from portal.services.access import AccessDenied, Principal
from portal.services.branding import portal_name
from portal.services.catalog import is_compatible
from portal.services.mail import queue_mail
from portal.services.sales import Totals, compute_totals, line_amount
from portal.services.shop import (
    MAX_QUANTITY,
    ShopRefused,
    customer_printer,
    order_path,
    orderable_item,
    parse_quantity,
    printer_label,
    shop_customer,
)

ADDRESS_MAX = 1000
REFERENCE_MAX = 60  # ShopOrder.reference
MAX_CART_LINES = 100
# Postkorb titles are German like the rest of the back office's stored titles.
_INBOX_TITLE = {ShopOrderKind.ORDER: "Bestellung", ShopOrderKind.QUOTE_REQUEST: "Angebotsanfrage"}


@dataclass(frozen=True)
class CartRow:
    """A cart line as shown; prices are None when hidden."""

    id: int
    item_id: int
    article_number: str
    name: str
    unit: str
    quantity: int
    printer: str
    unit_price: Decimal | None
    tax_rate: Decimal | None
    amount: Decimal | None


@dataclass(frozen=True)
class CartView:
    rows: list[CartRow]
    show_prices: bool
    totals: Totals | None  # None when prices are hidden
    delivery_address: str  # the customer's address, to prefill the checkout form

    @property
    def count(self) -> int:
        return sum(r.quantity for r in self.rows)


def customer_address(customer: Customer) -> str:
    city = " ".join(p for p in (customer.postcode, customer.city) if p)
    return "\n".join(p for p in (customer.name, customer.street, city) if p)


def _lines(session: Session, principal: Principal, customer_id: int):  # type: ignore[no-untyped-def]
    return select(CartLine).where(
        CartLine.user_id == principal.user_id, CartLine.customer_id == customer_id
    )


def _check_line(
    session: Session, principal: Principal, item_id: int, asset_id: int | None
) -> tuple[CatalogItem, Asset | None]:
    """The article must be orderable; a printer must be the caller's company's, and the
    article compatible with its model."""
    item = orderable_item(session, item_id)
    if asset_id is None:
        return item, None
    asset = customer_printer(session, principal, asset_id)
    if not is_compatible(session, item.id, asset.model):
        raise ShopRefused("shop.error.not_compatible")
    return item, asset


def add(
    session: Session,
    principal: Principal,
    item_id: int,
    quantity: object,
    asset_id: int | None = None,
) -> int:
    """Put an article (for a printer) into the cart; the same article for the same printer is
    merged into one line. Returns the line's new quantity."""
    customer = shop_customer(session, principal)
    amount = parse_quantity(quantity)
    _check_line(session, principal, item_id, asset_id)
    _merge_twins(session, principal, customer.id)
    line = session.exec(
        _lines(session, principal, customer.id).where(
            CartLine.item_id == item_id, CartLine.asset_id == asset_id
        )
    ).first()
    if line is None:
        count = len(session.exec(_lines(session, principal, customer.id)).all())
        if count >= MAX_CART_LINES:
            raise ShopRefused("shop.error.cart_full")
        line = CartLine(
            user_id=principal.user_id,
            customer_id=customer.id,
            item_id=item_id,
            asset_id=asset_id,
            quantity=0,
        )
    if line.quantity + amount > MAX_QUANTITY:
        raise ShopRefused("shop.error.quantity")
    line.quantity += amount
    session.add(line)
    session.flush()
    return line.quantity


def _merge_twins(session: Session, principal: Principal, customer_id: int) -> None:
    """Two tabs adding the same article at once can each insert a line (the table has no
    unique key on article and printer), so twins are folded into the oldest line whenever the
    cart is read for a change, a view or checkout. Folding is idempotent: two transactions doing
    it at once write the same quantity and delete the same rows."""
    lines = session.exec(
        _lines(session, principal, customer_id).order_by(CartLine.added_at, CartLine.id)
    ).all()
    keepers: dict[tuple[int, int | None], CartLine] = {}
    twins: list[CartLine] = []
    for line in lines:
        keeper = keepers.setdefault((line.item_id, line.asset_id), line)
        if keeper is not line:
            keeper.quantity = min(MAX_QUANTITY, keeper.quantity + line.quantity)
            session.add(keeper)
            twins.append(line)
    if twins:
        session.exec(  # type: ignore[call-overload]
            delete(CartLine)
            .where(col(CartLine.id).in_([line.id for line in twins]))
            .execution_options(synchronize_session=False)
        )
        for line in twins:
            session.expunge(line)
        session.flush()


def _own_line(session: Session, principal: Principal, line_id: int) -> CartLine:
    customer = shop_customer(session, principal)
    line = session.exec(
        _lines(session, principal, customer.id).where(CartLine.id == line_id)
    ).first()
    if line is None:
        raise ShopRefused("shop.error.line_not_found")
    return line


def set_quantity(session: Session, principal: Principal, line_id: int, quantity: object) -> None:
    line = _own_line(session, principal, line_id)
    line.quantity = parse_quantity(quantity)
    session.add(line)


def remove(session: Session, principal: Principal, line_id: int) -> None:
    session.delete(_own_line(session, principal, line_id))


def clear(session: Session, principal: Principal) -> None:
    customer = shop_customer(session, principal)
    session.exec(  # type: ignore[call-overload]
        delete(CartLine).where(
            col(CartLine.user_id) == principal.user_id, col(CartLine.customer_id) == customer.id
        )
    )


def count(session: Session, principal: Principal) -> int:
    """Pieces in the cart, for the badge; 0 for anyone who cannot shop."""
    customer_id = access.shop_customer_id(principal)
    if customer_id is None:
        return 0
    return sum(line.quantity for line in session.exec(_lines(session, principal, customer_id)))


def view(session: Session, principal: Principal) -> CartView:
    customer = shop_customer(session, principal)
    show = settings.shows_prices(session, customer)
    _merge_twins(session, principal, customer.id)
    rows = session.exec(
        select(CartLine, CatalogItem)
        .join(CatalogItem, CatalogItem.id == CartLine.item_id)
        .where(CartLine.user_id == principal.user_id, CartLine.customer_id == customer.id)
        .order_by(CartLine.added_at, CartLine.id)
    ).all()
    assets = _assets(session, [line.asset_id for line, _ in rows])
    result = []
    for line, item in rows:
        asset = assets.get(line.asset_id) if line.asset_id else None
        amount = line_amount(Decimal(line.quantity), item.price) if show else None
        result.append(
            CartRow(
                id=line.id,
                item_id=item.id,
                article_number=item.article_number,
                name=item.name,
                unit=item.unit,
                quantity=line.quantity,
                printer=printer_label(asset) if asset else "",
                unit_price=item.price if show else None,
                tax_rate=item.tax_rate if show else None,
                amount=amount,
            )
        )
    totals = (
        compute_totals((r.amount, r.tax_rate) for r in result)  # type: ignore[misc]
        if show and result
        else None
    )
    return CartView(result, show, totals, customer_address(customer))


def _assets(session: Session, ids: list[int | None]) -> dict[int, Asset]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    return {a.id: a for a in session.exec(select(Asset).where(col(Asset.id).in_(wanted)))}


# --------------------------------------------------------------------------- checkout


def checkout(
    session: Session,
    principal: Principal,
    *,
    delivery_address: str,
    reference: str,
    base_url: str,
    client_address: str = "",
) -> ShopOrder:
    """Turn the cart into an order (prices shown) or a quote request (hidden). Every line is
    checked again; one that is no longer orderable refuses the whole checkout."""
    customer = shop_customer(session, principal)
    address = "\n".join(line.strip() for line in str(delivery_address).strip().splitlines())
    reference = " ".join(str(reference).split())
    if not address:
        raise ShopRefused("shop.error.address_required")
    if len(address) > ADDRESS_MAX:
        raise ShopRefused("shop.error.address_too_long")
    if len(reference) > REFERENCE_MAX:
        raise ShopRefused("shop.error.reference_too_long")
    _merge_twins(session, principal, customer.id)
    cart_lines = session.exec(
        _lines(session, principal, customer.id).order_by(CartLine.added_at, CartLine.id)
    ).all()
    if not cart_lines:
        raise ShopRefused("shop.error.cart_empty")
    checked = []
    for line in cart_lines:
        try:
            item, asset = _check_line(session, principal, line.item_id, line.asset_id)
        except ShopRefused:
            raise ShopRefused("shop.error.line_unavailable") from None
        checked.append((line, item, asset))
    show = settings.shows_prices(session, customer)
    kind = ShopOrderKind.ORDER if show else ShopOrderKind.QUOTE_REQUEST
    totals = (
        compute_totals(
            (line_amount(Decimal(line.quantity), item.price), item.tax_rate)
            for line, item, _ in checked
        )
        if show
        else None
    )
    order = ShopOrder(
        number=f"tmp-{uuid4().hex}"[:30],  # unique placeholder until the id is known
        customer_id=customer.id,
        user_id=principal.user_id,
        kind=kind,
        delivery_address=address,
        reference=reference,
        net_total=totals.net if totals else None,
        tax_total=totals.tax if totals else None,
        gross_total=totals.gross if totals else None,
    )
    session.add(order)
    session.flush()
    order.number = f"WS-{order.created_at.year}-{order.id:06d}"
    session.add(order)
    for line, item, asset in checked:
        session.add(
            ShopOrderLine(
                shop_order_id=order.id,
                item_id=item.id,
                asset_id=asset.id if asset else None,
                quantity=line.quantity,
                unit_price=item.price if show else None,
                tax_rate=item.tax_rate,
            )
        )
        session.delete(line)
    staff_inbox.add_item(
        session,
        InboxKind.ORDER if show else InboxKind.QUOTE_REQUEST,
        order.id,
        f"{_INBOX_TITLE[kind]} {order.number} – {customer.name}",
    )
    session.flush()
    _confirm(session, principal, order, base_url)
    audit.record_by(
        session,
        principal,
        f"shop.{kind.value}",
        target_type="shop_order",
        target_id=order.id,
        client_address=client_address,
        detail={"number": order.number, "lines": len(checked)},
    )
    return order


def _confirm(session: Session, principal: Principal, order: ShopOrder, base_url: str) -> None:
    """The order confirmation to the ordering user, in their language."""
    user = session.get(User, principal.user_id)
    if user is None or not user.email:
        return
    detail = order_detail(session, principal, order.id, locale=user.locale)
    queue_mail(
        session,
        template="order_confirmation",
        locale=user.locale,
        recipient=user.email,
        context={
            "name": user.display_name or user.login,
            "order_number": order.number,
            "is_quote_request": order.kind == ShopOrderKind.QUOTE_REQUEST,
            "lines": [
                {
                    "quantity": line.quantity,
                    "name": line.name,
                    "article_number": line.article_number,
                    "printer": line.printer,
                    "amount": line.amount,
                }
                for line in detail.lines
            ],
            "totals": [{"label": s.label, "amount": s.amount} for s in detail.sums],
            "link": f"{base_url.rstrip('/')}{order_path(order.id)}",
            "portal_name": portal_name(session),
        },
    )


# --------------------------------------------------------------------------- orders


@dataclass(frozen=True)
class OrderRow:
    id: int
    number: str
    kind: str
    status: str
    created_at: datetime
    user_name: str
    gross_total: str  # formatted; "" when prices are hidden or it is a quote request


@dataclass(frozen=True)
class OrderLineRow:
    article_number: str
    name: str
    quantity: str
    printer: str
    unit_price: str  # formatted, "" when hidden
    amount: str


@dataclass(frozen=True)
class SumRow:
    label: str
    amount: str
    strong: bool = False


@dataclass(frozen=True)
class OrderDetail:
    order: OrderRow
    delivery_address: str
    reference: str
    lines: list[OrderLineRow]
    sums: list[SumRow]  # empty when hidden


def _shows_order_prices(session: Session, order: ShopOrder) -> bool:
    """An order's prices are shown only while its customer sees prices at all."""
    customer = session.get(Customer, order.customer_id)
    return (
        order.kind == ShopOrderKind.ORDER
        and order.gross_total is not None
        and customer is not None
        and settings.shows_prices(session, customer)
    )


def _order_row(session: Session, order: ShopOrder, user: User | None, locale: str) -> OrderRow:
    total = ""
    if _shows_order_prices(session, order):
        total = format_money(order.gross_total, locale)  # type: ignore[arg-type]
    return OrderRow(
        id=order.id,
        number=order.number,
        kind=order.kind,
        status=order.status,
        created_at=order.created_at,
        user_name=(user.display_name or user.login) if user else "",
        gross_total=total,
    )


def list_orders(session: Session, principal: Principal, locale: str) -> list[OrderRow]:
    """MAIN users: all of their company; NORMAL users: their own (access.scoped_shop_orders)."""
    if not principal.is_customer:
        raise AccessDenied()
    visible = access.scoped_shop_orders(principal).with_only_columns(ShopOrder.id)
    rows = session.exec(
        select(ShopOrder, User)
        .join(User, User.id == ShopOrder.user_id)
        .where(col(ShopOrder.id).in_(visible))
        .order_by(col(ShopOrder.created_at).desc(), col(ShopOrder.id).desc())
    ).all()
    return [_order_row(session, order, user, locale) for order, user in rows]


def _visible_order(session: Session, principal: Principal, order_id: int) -> ShopOrder:
    if not principal.is_customer:
        raise AccessDenied("error.not_found")
    return access.get_visible(
        session, principal, access.scoped_shop_orders(principal), ShopOrder, order_id
    )


def order_detail(
    session: Session, principal: Principal, order_id: int, *, locale: str
) -> OrderDetail:
    order = _visible_order(session, principal, order_id)
    show = _shows_order_prices(session, order)
    rows = session.exec(
        select(ShopOrderLine, CatalogItem)
        .join(CatalogItem, CatalogItem.id == ShopOrderLine.item_id)
        .where(ShopOrderLine.shop_order_id == order.id)
        .order_by(ShopOrderLine.id)
    ).all()
    assets = _assets(session, [line.asset_id for line, _ in rows])

    def money(value: Decimal | None) -> str:
        return format_money(value, locale) if show and value is not None else ""

    lines = []
    for line, item in rows:
        asset = assets.get(line.asset_id) if line.asset_id else None
        amount = (
            line_amount(Decimal(line.quantity), line.unit_price)
            if line.unit_price is not None
            else None
        )
        lines.append(
            OrderLineRow(
                article_number=item.article_number,
                name=item.name,
                quantity=f"{format_number(line.quantity, locale)} {item.unit}",
                printer=printer_label(asset) if asset else "",
                unit_price=money(line.unit_price),
                amount=money(amount),
            )
        )
    sums: list[SumRow] = []
    if show:
        totals = compute_totals(
            (line_amount(Decimal(line.quantity), line.unit_price), line.tax_rate)
            for line, _ in rows
            if line.unit_price is not None
        )
        sums = [
            SumRow(t("shop.net", locale), money(totals.net)),
            *(
                SumRow(
                    t(
                        "shop.tax_at",
                        locale,
                        rate=f"{format_number(tax.rate.normalize(), locale)} %",
                    ),
                    money(tax.tax),
                )
                for tax in totals.taxes
            ),
            SumRow(t("shop.gross", locale), money(totals.gross), strong=True),
        ]
    user = session.get(User, order.user_id)
    return OrderDetail(
        order=_order_row(session, order, user, locale),
        delivery_address=order.delivery_address,
        reference=order.reference,
        lines=lines,
        sums=sums,
    )


def reorder(session: Session, principal: Principal, order_id: int) -> list[str]:
    """Put a past order's lines into the cart again; returns the names of lines that can no
    longer be ordered (article gone, printer gone, no longer compatible) and were skipped."""
    order = _visible_order(session, principal, order_id)
    shop_customer(session, principal)
    rows = session.exec(
        select(ShopOrderLine, CatalogItem)
        .join(CatalogItem, CatalogItem.id == ShopOrderLine.item_id)
        .where(ShopOrderLine.shop_order_id == order.id)
        .order_by(ShopOrderLine.id)
    ).all()
    skipped = []
    for line, item in rows:
        try:  # add() checks everything before it writes, so a refusal changes nothing
            add(session, principal, line.item_id, line.quantity, line.asset_id)
        except ShopRefused:
            skipped.append(item.name)
    return skipped
