"""Documents, sales documents (quote/order/invoice) with lines, proof approvals, attachments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Column, Index, Numeric, String, Text
from sqlmodel import Field, SQLModel

from portal.models.clock import utcnow


class Document(SQLModel, table=True):
    __tablename__ = "document"
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    subscription_id: int | None = Field(default=None, foreign_key="subscription.id", index=True)
    title: str = Field(max_length=200)
    direction: str = Field(sa_type=String(3))  # DocumentDirection
    file_path: str = Field(default="", max_length=300)
    mime_type: str = Field(default="application/pdf", max_length=100)
    size_bytes: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, foreign_key="user_account.id")


class DocumentKeyword(SQLModel, table=True):
    """A keyword of a document, in its own table so grant rules can match keywords in SQL."""

    __tablename__ = "document_keyword"
    __table_args__ = (Index("ix_document_keyword_keyword", "keyword", "document_id"),)
    document_id: int = Field(foreign_key="document.id", primary_key=True)
    keyword: str = Field(max_length=60, primary_key=True)


class SalesDocument(SQLModel, table=True):
    __tablename__ = "sales_document"
    __table_args__ = (Index("ix_sales_document_customer_kind", "customer_id", "kind"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(sa_type=String(8))  # SalesDocumentKind
    customer_id: int = Field(foreign_key="customer.id")
    number: str = Field(max_length=30, sa_column_kwargs={"unique": True})
    doc_date: date
    due_date: date | None = None
    status: str = Field(default="received", max_length=30)  # a step of the pipeline
    currency: str = Field(default="EUR", max_length=3)
    net_total: Decimal = Field(default=Decimal("0"), sa_type=Numeric(12, 2))
    tax_total: Decimal = Field(default=Decimal("0"), sa_type=Numeric(12, 2))
    gross_total: Decimal = Field(default=Decimal("0"), sa_type=Numeric(12, 2))
    paid: bool = False
    created_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    clerk_id: int | None = Field(default=None, foreign_key="user_account.id")  # Sachbearbeiter
    related_id: int | None = Field(default=None, foreign_key="sales_document.id")


class SalesDocumentLine(SQLModel, table=True):
    __tablename__ = "sales_document_line"
    id: int | None = Field(default=None, primary_key=True)
    sales_document_id: int = Field(foreign_key="sales_document.id", index=True)
    position: int
    article_number: str = Field(default="", max_length=40)
    description: str = Field(max_length=300)
    quantity: Decimal = Field(sa_type=Numeric(12, 3))
    unit: str = Field(default="Stk", max_length=20)
    unit_price: Decimal = Field(sa_type=Numeric(12, 2))
    tax_rate: Decimal = Field(default=Decimal("19"), sa_type=Numeric(5, 2))
    line_total: Decimal = Field(sa_type=Numeric(12, 2))


class Approval(SQLModel, table=True):
    """A print-proof approval (Freigabe); decision fields are written once."""

    __tablename__ = "approval"
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="sales_document.id", index=True)
    proof_file_path: str = Field(max_length=300)
    proof_mime_type: str = Field(default="application/pdf", max_length=100)
    requested_by_id: int = Field(foreign_key="user_account.id")
    requested_at: datetime = Field(default_factory=utcnow)
    decision: str | None = Field(default=None, sa_type=String(10))  # ApprovalDecision
    comment: str = Field(default="", sa_type=Text)
    decided_at: datetime | None = None
    decided_by_id: int | None = Field(default=None, foreign_key="user_account.id")


class Attachment(SQLModel, table=True):
    """A file attached to a ticket message or a claim (`owner_kind` + `owner_id`)."""

    __tablename__ = "attachment"
    __table_args__ = (Index("ix_attachment_owner", "owner_kind", "owner_id"),)
    id: int | None = Field(default=None, primary_key=True)
    owner_kind: str = Field(max_length=20)
    owner_id: int
    file_name: str = Field(max_length=200)
    file_path: str = Field(max_length=300)
    mime_type: str = Field(max_length=100)
    size_bytes: int
    uploaded_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    uploaded_at: datetime = Field(default_factory=utcnow)
    meta: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
