"""Catalog, customer printers (assets) and shop orders / quote requests."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Index, Numeric, String, Text
from sqlmodel import Field, SQLModel

from portal.models.clock import utcnow


class CatalogItem(SQLModel, table=True):
    __tablename__ = "catalog_item"
    id: int | None = Field(default=None, primary_key=True)
    article_number: str = Field(max_length=40, sa_column_kwargs={"unique": True})
    name: str = Field(max_length=200)
    description: str = Field(default="", sa_type=Text)
    category: str = Field(default="", max_length=60, index=True)
    image_path: str | None = Field(default=None, max_length=300)
    unit: str = Field(default="Stk", max_length=20)
    price: Decimal = Field(sa_type=Numeric(12, 2))
    tax_rate: Decimal = Field(default=Decimal("19"), sa_type=Numeric(5, 2))
    stock_hint: str = Field(default="", max_length=60)
    in_shop: bool = True
    active: bool = True


class PrinterCompatibility(SQLModel, table=True):
    __tablename__ = "printer_compatibility"
    item_id: int = Field(foreign_key="catalog_item.id", primary_key=True)
    printer_model: str = Field(max_length=120, primary_key=True, index=True)


class Asset(SQLModel, table=True):
    """A printer at a customer's site."""

    __tablename__ = "asset"
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    model: str = Field(max_length=120)
    serial_number: str = Field(max_length=60)
    location: str = Field(default="", max_length=200)


class ShopOrder(SQLModel, table=True):
    __tablename__ = "shop_order"
    __table_args__ = (Index("ix_shop_order_customer_user", "customer_id", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=30, sa_column_kwargs={"unique": True})
    customer_id: int = Field(foreign_key="customer.id")
    user_id: int = Field(foreign_key="user_account.id")
    kind: str = Field(sa_type=String(16))  # ShopOrderKind
    status: str = Field(default="received", max_length=20)
    delivery_address: str = Field(default="", sa_type=Text)
    reference: str = Field(default="", max_length=60)
    net_total: Decimal | None = Field(default=None, sa_type=Numeric(12, 2))
    tax_total: Decimal | None = Field(default=None, sa_type=Numeric(12, 2))
    gross_total: Decimal | None = Field(default=None, sa_type=Numeric(12, 2))
    created_at: datetime = Field(default_factory=utcnow)


class ShopOrderLine(SQLModel, table=True):
    __tablename__ = "shop_order_line"
    id: int | None = Field(default=None, primary_key=True)
    shop_order_id: int = Field(foreign_key="shop_order.id", index=True)
    item_id: int = Field(foreign_key="catalog_item.id")
    asset_id: int | None = Field(default=None, foreign_key="asset.id")
    quantity: int
    unit_price: Decimal | None = Field(default=None, sa_type=Numeric(12, 2))
    tax_rate: Decimal = Field(default=Decimal("19"), sa_type=Numeric(5, 2))


class CartLine(SQLModel, table=True):
    """A line of a customer user's cart, kept in the database so it survives devices and reloads.

    No price here: the server prices every line when it shows or checks out the cart.
    """

    __tablename__ = "cart_line"
    __table_args__ = (Index("ix_cart_line_user_customer", "user_id", "customer_id"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id")
    customer_id: int = Field(foreign_key="customer.id")
    item_id: int = Field(foreign_key="catalog_item.id")
    asset_id: int | None = Field(default=None, foreign_key="asset.id")
    quantity: int
    added_at: datetime = Field(default_factory=utcnow)
