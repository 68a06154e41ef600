"""Cross-cutting tables: staff inbox, grid views, mail outbox, audit log, settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from portal.models.clock import utcnow
from portal.models.enums import InboxState, MailState


class InboxItem(SQLModel, table=True):
    """A Postkorb entry: something that needs staff action."""

    __tablename__ = "inbox_item"
    __table_args__ = (Index("ix_inbox_state_kind", "state", "kind"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(sa_type=String(16))  # InboxKind
    ref_id: int
    title: str = Field(default="", max_length=200)
    state: str = Field(default=InboxState.OPEN, sa_type=String(12))
    assigned_to_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow)
    done_at: datetime | None = None


class GridPreference(SQLModel, table=True):
    """The whole saved view of one grid for one user (columns, order, widths, sort, filters...)."""

    __tablename__ = "grid_preference"
    __table_args__ = (UniqueConstraint("user_id", "grid_key"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id")
    grid_key: str = Field(max_length=60)
    view: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class MailOutbox(SQLModel, table=True):
    __tablename__ = "mail_outbox"
    __table_args__ = (Index("ix_mail_outbox_state_next", "state", "next_attempt_at"),)
    id: int | None = Field(default=None, primary_key=True)
    template: str = Field(max_length=60)
    locale: str = Field(default="de", max_length=8)
    recipient: str = Field(max_length=254)
    subject: str = Field(max_length=300)
    body_text: str = Field(sa_type=Text)
    body_html: str | None = Field(default=None, sa_type=Text)
    state: str = Field(default=MailState.QUEUED, sa_type=String(8))
    attempts: int = 0
    last_error: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    next_attempt_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_at", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    actor_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    acting_as_id: int | None = Field(default=None, foreign_key="user_account.id")
    action: str = Field(max_length=60, index=True)
    target_type: str = Field(default="", max_length=40)
    target_id: str = Field(default="", max_length=40)
    at: datetime = Field(default_factory=utcnow)
    client_address: str = Field(default="", max_length=64)
    detail: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Setting(SQLModel, table=True):
    """Installation settings edited by staff (branding, shop prices, password policy, ...)."""

    __tablename__ = "setting"
    key: str = Field(max_length=60, primary_key=True)
    value: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class NotificationSent(SQLModel, table=True):
    """One row per fact a partner contact was told about, so each fact is mailed exactly once.

    `fact` names the occurrence (e.g. the update's due date), so a later update mails again.
    """

    __tablename__ = "notification_sent"
    __table_args__ = (UniqueConstraint("kind", "subscription_id", "fact"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)
    subscription_id: int = Field(foreign_key="subscription.id")
    fact: str = Field(max_length=40)
    recipient_id: int | None = Field(default=None, foreign_key="user_account.id")
    sent_at: datetime = Field(default_factory=utcnow)
