"""Customers, prospects and their contracts (subscriptions)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Index, Numeric, String, func
from sqlalchemy.orm import InstrumentedAttribute
from sqlmodel import Field, SQLModel

from portal.models.clock import utcnow
from portal.models.enums import CustomerKind


class Customer(SQLModel, table=True):
    __tablename__ = "customer"
    __table_args__ = (
        Index("ix_customer_partner_kind", "partner_company_id", "kind"),
        Index("ix_customer_partner_contact", "partner_contact_id"),
        Index("ix_customer_name", "name"),
        Index("ix_customer_postcode_name", "postcode", "name"),
        # the partner grids: one ordered walk per location (sorted by name)
        Index("ix_customer_partner_name", "partner_company_id", "name"),
    )
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=20, sa_column_kwargs={"unique": True})
    name: str = Field(max_length=200)
    kind: str = Field(default=CustomerKind.CUSTOMER, sa_type=String(10))
    is_private: bool = False
    street: str = Field(default="", max_length=200)
    postcode: str = Field(default="", max_length=10)
    city: str = Field(default="", max_length=120)
    country: str = Field(default="DE", max_length=2)
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=60)
    partner_company_id: int | None = Field(default=None, foreign_key="partner_company.id")
    partner_contact_id: int | None = Field(default=None, foreign_key="user_account.id")
    advisor_id: int | None = Field(default=None, foreign_key="user_account.id")  # Betreuer
    # Shop prices for this customer: None follows the installation setting (SPEC §6).
    show_prices: bool | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Subscription(SQLModel, table=True):
    """A contract. `partner_company_id` copies the customer's, so partner grids filter one table.

    `customer_name` and `customer_number` copy the customer's too, so the subscriptions grid
    sorts and searches them on one table. The database keeps them in sync (triggers of migration
    0005, on insert and on every change of the customer or of the copies): whatever the
    application writes there is replaced, and an object just inserted through the ORM still
    holds the empty default until it is refreshed.
    """

    __tablename__ = "subscription"
    __table_args__ = (
        Index("ix_subscription_partner_status_end", "partner_company_id", "status", "end_date"),
        # the OWN scope counts its customers' contracts from the index alone, also with a
        # status filter or the alarm view
        Index(
            "ix_subscription_customer",
            "customer_id",
            "partner_company_id",
            "status",
            "end_date",
            "cancelled_at",
        ),
        Index("ix_subscription_end_date", "end_date"),
        Index("ix_subscription_cancelled_at", "cancelled_at"),
        # the partner grids: one ordered walk per location (end date, customer name) and the
        # cancelled-recently part of the alarm view
        Index("ix_subscription_partner_end", "partner_company_id", "end_date"),
        Index("ix_subscription_partner_customer_name", "partner_company_id", "customer_name"),
        Index("ix_subscription_partner_cancelled", "partner_company_id", "cancelled_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=20, sa_column_kwargs={"unique": True})
    customer_id: int = Field(foreign_key="customer.id")
    customer_name: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    customer_number: str = Field(default="", max_length=20, sa_column_kwargs={"server_default": ""})
    partner_company_id: int | None = Field(default=None, foreign_key="partner_company.id")
    product: str = Field(max_length=120)
    line_of_business: str = Field(default="", max_length=60)  # Sparte
    status: str = Field(sa_type=String(16))  # ContractStatus
    offer_date: date | None = None
    application_date: date | None = None
    document_date: date | None = None
    start_date: date | None = None
    end_date: date | None = None
    cancelled_at: date | None = None
    auto_renew: bool = True
    monthly_price: Decimal = Field(default=Decimal("0"), sa_type=Numeric(12, 2))
    retail_price: Decimal = Field(default=Decimal("0"), sa_type=Numeric(12, 2))
    currency: str = Field(default="EUR", max_length=3)
    seats: int = 0
    storage_used_gb: Decimal = Field(default=Decimal("0"), sa_type=Numeric(12, 2))
    storage_quota_gb: Decimal = Field(default=Decimal("0"), sa_type=Numeric(12, 2))
    license_file_path: str | None = Field(default=None, max_length=300)
    update_due_date: date | None = None  # next on-premises update the partner should install
    risk_street: str = Field(default="", max_length=200)  # reference / risk address
    risk_postcode: str = Field(default="", max_length=10)
    risk_city: str = Field(default="", max_length=120)


def _trigram_index(name: str, *columns: InstrumentedAttribute[str]) -> Index:
    """A PostgreSQL GIN trigram index over `lower(column)`: the grids' substring search takes
    that form there (`lower(x) LIKE lower(pattern)`, exactly what ILIKE does in a UTF-8
    database). An expression index, so the SQLite migration leaves it out and alembic's
    comparison skips it there."""
    return Index(
        name,
        *(func.lower(column).label(column.key) for column in columns),
        postgresql_using="gin",
        postgresql_ops={column.key: "gin_trgm_ops" for column in columns},
    )


# lower(name) is migration 0001's ix_customer_name_trgm
_trigram_index("ix_customer_search_trgm", Customer.number, Customer.city, Customer.postcode)
_trigram_index(
    "ix_subscription_search_trgm",
    Subscription.number,
    Subscription.customer_number,
    Subscription.customer_name,
    Subscription.product,
)


class SubscriptionStatusChange(SQLModel, table=True):
    __tablename__ = "subscription_status_change"
    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int = Field(foreign_key="subscription.id", index=True)
    status: str = Field(sa_type=String(16))
    changed_at: datetime = Field(default_factory=utcnow)
    changed_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    note: str = Field(default="", max_length=500)
