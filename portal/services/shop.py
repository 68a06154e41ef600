"""The online shop and the printer shop of customer users (SPEC §6): articles, printers with
their compatible accessories, and shop orders / quote requests made from the cart.

A customer user shops for their own company (`access.shop_customer_id`). Whether prices are
shown is decided per customer (`settings.shows_prices`); when they are hidden, no function here
returns a price (the fields are None), so nothing above this module can leak one, and checkout
makes a quote request without prices. The browser never sends a price: every amount is
computed here from the catalog with `sales.compute_totals` (cents, half-up, tax per rate).
The cart itself lives in `portal.services.cart`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from portal.models import Asset, CatalogItem, Customer
from portal.services import access, settings
from portal.services.access import AccessDenied, Principal
from portal.services.catalog import compatible_with

SHOP_PATH = "/customer/shop"
PRINTERS_PATH = "/customer/printers"
CART_PATH = "/customer/cart"
ORDERS_PATH = "/customer/shop-orders"
IMAGE_ROUTE = "/files/catalog/{item_id}/image"
MAX_QUANTITY = 999
SEARCH_MAX = 100
LIST_LIMIT = 200


class ShopRefused(Exception):
    """Input the shop cannot accept; carries an i18n message key (area `shop.`)."""

    def __init__(self, message_key: str) -> None:
        super().__init__(message_key)
        self.message_key = message_key


@dataclass(frozen=True)
class ArticleRow:
    """An article as a customer sees it; `price`/`tax_rate` are None when prices are hidden."""

    id: int
    article_number: str
    name: str
    description: str
    category: str
    unit: str
    stock_hint: str
    image_url: str  # "" when the article has no image
    price: Decimal | None
    tax_rate: Decimal | None


@dataclass(frozen=True)
class PrinterRow:
    id: int
    model: str
    serial_number: str
    location: str
    accessories: tuple[ArticleRow, ...]


def article_path(item_id: int) -> str:
    return f"{SHOP_PATH}/{item_id}"


def order_path(order_id: int) -> str:
    return f"{ORDERS_PATH}/{order_id}"


def parse_quantity(raw: object) -> int:
    """A whole number 1..MAX_QUANTITY from whatever the browser sent, else ShopRefused."""
    if isinstance(raw, bool):
        raise ShopRefused("shop.error.quantity")
    if isinstance(raw, int):
        value = raw
    else:
        text = str(raw if raw is not None else "").strip()
        if not (text.isascii() and text.isdigit()) or len(text) > 6:
            raise ShopRefused("shop.error.quantity")
        value = int(text)
    if not 0 < value <= MAX_QUANTITY:
        raise ShopRefused("shop.error.quantity")
    return value


def shop_customer(session: Session, principal: Principal) -> Customer:
    """The customer the caller shops for; only customer users with a company may shop."""
    customer_id = access.shop_customer_id(principal)
    customer = session.get(Customer, customer_id) if customer_id is not None else None
    if customer is None:
        raise AccessDenied()
    return customer


def prices_visible(session: Session, principal: Principal) -> bool:
    return settings.shows_prices(session, shop_customer(session, principal))


def orderable_items():  # type: ignore[no-untyped-def]
    """Articles a customer may put into the cart: active and flagged for the shop."""
    return select(CatalogItem).where(
        col(CatalogItem.active).is_(True), col(CatalogItem.in_shop).is_(True)
    )


def article_row(item: CatalogItem, show_prices: bool) -> ArticleRow:
    return ArticleRow(
        id=item.id,
        article_number=item.article_number,
        name=item.name,
        description=item.description,
        category=item.category,
        unit=item.unit,
        stock_hint=item.stock_hint,
        image_url=IMAGE_ROUTE.format(item_id=item.id) if item.image_path else "",
        price=item.price if show_prices else None,
        tax_rate=item.tax_rate if show_prices else None,
    )


def categories(session: Session, principal: Principal) -> list[str]:
    shop_customer(session, principal)
    rows = session.exec(
        orderable_items()
        .with_only_columns(CatalogItem.category)
        .where(CatalogItem.category != "")
        .distinct()
        .order_by(CatalogItem.category)
    ).all()
    return list(rows)


def search_articles(
    session: Session, principal: Principal, *, text: str = "", category: str = ""
) -> list[ArticleRow]:
    """Shop articles matching every word of `text` (number, name or description) and the
    category; unknown categories simply match nothing."""
    show = prices_visible(session, principal)
    query = orderable_items()
    for word in " ".join(str(text)[:SEARCH_MAX].split()).lower().split(" "):
        if word:  # autoescape: a typed % or _ is a character, not a wildcard
            query = query.where(
                or_(
                    *(
                        func.lower(column).contains(word, autoescape=True)
                        for column in (
                            CatalogItem.article_number,
                            CatalogItem.name,
                            CatalogItem.description,
                        )
                    )
                )
            )
    if category:
        query = query.where(CatalogItem.category == str(category))
    items = session.exec(query.order_by(CatalogItem.name, CatalogItem.id).limit(LIST_LIMIT)).all()
    return [article_row(item, show) for item in items]


def orderable_item(session: Session, item_id: int) -> CatalogItem:
    item = session.exec(orderable_items().where(CatalogItem.id == item_id)).first()
    if item is None:
        raise ShopRefused("shop.error.unavailable")
    return item


def article(session: Session, principal: Principal, item_id: int) -> ArticleRow:
    show = prices_visible(session, principal)
    try:
        return article_row(orderable_item(session, item_id), show)
    except ShopRefused:
        raise AccessDenied("error.not_found") from None


# --------------------------------------------------------------------------- printers


def customer_printer(session: Session, principal: Principal, asset_id: int) -> Asset:
    """A printer of the caller's shop customer; another customer's is refused like a bad id."""
    customer = shop_customer(session, principal)
    asset = session.exec(
        access.scoped_assets(principal).where(
            Asset.id == asset_id, Asset.customer_id == customer.id
        )
    ).first()
    if asset is None:
        raise ShopRefused("shop.error.printer")
    return asset


def printers(session: Session, principal: Principal) -> list[PrinterRow]:
    customer = shop_customer(session, principal)
    show = settings.shows_prices(session, customer)
    assets = session.exec(
        access.scoped_assets(principal)
        .where(Asset.customer_id == customer.id)
        .order_by(Asset.location, Asset.model, Asset.id)
    ).all()
    accessories = compatible_with(session, [a.model for a in assets])
    return [
        PrinterRow(
            id=a.id,
            model=a.model,
            serial_number=a.serial_number,
            location=a.location,
            accessories=tuple(article_row(item, show) for item in accessories.get(a.model, [])),
        )
        for a in assets
    ]


def printer_label(asset: Asset) -> str:
    """How a cart or order line names its printer: model, serial number and site."""
    label = f"{asset.model} ({asset.serial_number})"
    return f"{label} – {asset.location}" if asset.location else label
