"""Customers, prospects and their contracts (subscriptions)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Index, Numeric, String
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
    created_at: datetime = Field(default_factory=utcnow)


class Subscription(SQLModel, table=True):
    """A contract. `partner_company_id` copies the customer's, so partner grids filter one table."""

    __tablename__ = "subscription"
    __table_args__ = (
        Index("ix_subscription_partner_status_end", "partner_company_id", "status", "end_date"),
        Index("ix_subscription_customer", "customer_id"),
        Index("ix_subscription_end_date", "end_date"),
        Index("ix_subscription_cancelled_at", "cancelled_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=20, sa_column_kwargs={"unique": True})
    customer_id: int = Field(foreign_key="customer.id")
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


class SubscriptionStatusChange(SQLModel, table=True):
    __tablename__ = "subscription_status_change"
    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int = Field(foreign_key="subscription.id", index=True)
    status: str = Field(sa_type=String(16))
    changed_at: datetime = Field(default_factory=utcnow)
    changed_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    note: str = Field(default="", max_length=500)
