"""Tickets with messages, and claims (Schadenmeldungen)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import String, Text
from sqlmodel import Field, SQLModel

from portal.models.clock import utcnow
from portal.models.enums import TicketStatus


class Ticket(SQLModel, table=True):
    __tablename__ = "ticket"
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    creator_id: int = Field(foreign_key="user_account.id", index=True)
    subject: str = Field(max_length=200)
    status: str = Field(default=TicketStatus.OPEN, sa_type=String(24))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class TicketMessage(SQLModel, table=True):
    __tablename__ = "ticket_message"
    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="ticket.id", index=True)
    author_id: int = Field(foreign_key="user_account.id")
    body: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow)


class Claim(SQLModel, table=True):
    __tablename__ = "claim"
    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int = Field(foreign_key="subscription.id", index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    reporter_id: int = Field(foreign_key="user_account.id", index=True)
    claim_date: date
    place: str = Field(default="", max_length=300)
    description: str = Field(sa_type=Text)
    status: str = Field(default="reported", max_length=20)
    created_at: datetime = Field(default_factory=utcnow)
