"""The customer's postbox: Posteingang, Postausgang, Verlauf and Meldungen (SPEC §5).

There is no table of postbox messages; the postbox is a view of what already exists, each
through the access policy:
- documents (`scoped_documents`): direction "out" (vendor → customer) is incoming mail,
  direction "in" (customer → vendor) is outgoing mail;
- ticket messages of visible tickets (`scoped_tickets`): staff replies are incoming, the
  customers' messages outgoing. Meldungen lists the ticket messages alone.
Read receipts are audit events (`postbox.read`, one per user and item, written by the user
themself — staff acting as the account do not mark anything read), so "unread" needs no new
table: an incoming item is unread until such an event exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import and_, cast, func
from sqlmodel import Session, select

from portal.models import AuditEvent, Document, Ticket, TicketMessage, User
from portal.models.enums import DocumentDirection, UserKind
from portal.services import access, audit
from portal.services.access import AccessDenied, Principal

POSTBOX_PATH = "/customer/postbox"
READ_ACTION = "postbox.read"
LIST_LIMIT = 100


class ItemKind(StrEnum):
    DOCUMENT = "document"
    TICKET_MESSAGE = "ticket_message"


class Folder(StrEnum):
    INBOX = "inbox"
    OUTBOX = "outbox"
    HISTORY = "history"
    MESSAGES = "messages"


@dataclass(frozen=True)
class PostboxItem:
    kind: ItemKind
    id: int
    incoming: bool
    title: str
    sender: str
    at: datetime
    ticket_id: int | None  # ticket messages open their ticket
    unread: bool


def _read_ids(session: Session, principal: Principal, kind: ItemKind) -> set[str]:
    return set(
        session.exec(
            select(AuditEvent.target_id).where(
                AuditEvent.action == READ_ACTION,
                AuditEvent.actor_id == principal.user_id,
                AuditEvent.acting_as_id.is_(None),
                AuditEvent.target_type == kind.value,
            )
        ).all()
    )


def _documents(session: Session, principal: Principal, direction: str | None) -> list[Document]:
    query = access.scoped_documents(principal)
    if direction is not None:
        query = query.where(Document.direction == direction)
    return list(
        session.exec(
            query.order_by(Document.created_at.desc(), Document.id.desc()).limit(LIST_LIMIT)
        ).all()
    )


def _messages(session: Session, principal: Principal, from_staff: bool | None):  # type: ignore[no-untyped-def]
    visible = access.scoped_tickets(principal).with_only_columns(Ticket.id)
    query = (
        select(TicketMessage, Ticket.subject, User)
        .join(Ticket, Ticket.id == TicketMessage.ticket_id)
        .join(User, User.id == TicketMessage.author_id)
        .where(TicketMessage.ticket_id.in_(visible))
    )
    if from_staff is not None:
        query = query.where((User.kind == UserKind.STAFF) == from_staff)
    return session.exec(
        query.order_by(TicketMessage.created_at.desc(), TicketMessage.id.desc()).limit(LIST_LIMIT)
    ).all()


def folder_items(session: Session, principal: Principal, folder: Folder) -> list[PostboxItem]:
    """The items of one folder, newest first."""
    if not principal.is_customer:
        raise AccessDenied()
    read_docs = _read_ids(session, principal, ItemKind.DOCUMENT)
    read_msgs = _read_ids(session, principal, ItemKind.TICKET_MESSAGE)
    direction = {
        Folder.INBOX: DocumentDirection.OUT,
        Folder.OUTBOX: DocumentDirection.IN,
    }.get(folder)
    from_staff = {Folder.INBOX: True, Folder.OUTBOX: False}.get(folder)
    items: list[PostboxItem] = []
    if folder != Folder.MESSAGES:
        for doc in _documents(session, principal, direction):
            incoming = doc.direction == DocumentDirection.OUT
            items.append(
                PostboxItem(
                    kind=ItemKind.DOCUMENT,
                    id=doc.id,
                    incoming=incoming,
                    title=doc.title,
                    sender="",
                    at=doc.created_at,
                    ticket_id=None,
                    unread=incoming and str(doc.id) not in read_docs,
                )
            )
    for message, subject, author in _messages(session, principal, from_staff):
        incoming = author.kind == UserKind.STAFF
        items.append(
            PostboxItem(
                kind=ItemKind.TICKET_MESSAGE,
                id=message.id,
                incoming=incoming,
                title=subject,
                sender=author.display_name or author.login,
                at=message.created_at,
                ticket_id=message.ticket_id,
                unread=incoming and str(message.id) not in read_msgs,
            )
        )
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:LIST_LIMIT]


def unread_count(session: Session, principal: Principal) -> int:
    """Incoming items (documents from the vendor, staff replies) the user has not read yet;
    the dashboard's postbox tile shows it."""
    if not principal.is_customer:
        return 0
    docs = access.scoped_documents(principal).where(
        Document.direction == DocumentDirection.OUT,
        Document.id.not_in(_read_subquery(principal, ItemKind.DOCUMENT)),
    )
    visible = access.scoped_tickets(principal).with_only_columns(Ticket.id)
    messages = (
        select(TicketMessage.id)
        .join(User, and_(User.id == TicketMessage.author_id, User.kind == UserKind.STAFF))
        .where(
            TicketMessage.ticket_id.in_(visible),
            TicketMessage.id.not_in(_read_subquery(principal, ItemKind.TICKET_MESSAGE)),
        )
    )
    count = select(func.count()).select_from
    return (
        session.exec(count(docs.subquery())).one() + session.exec(count(messages.subquery())).one()
    )


def _read_subquery(principal: Principal, kind: ItemKind):  # type: ignore[no-untyped-def]
    """Ids (as integers) the user has marked read; the audit log stores target ids as text."""
    column = Document.id if kind == ItemKind.DOCUMENT else TicketMessage.id
    return select(cast(AuditEvent.target_id, column.type)).where(
        AuditEvent.action == READ_ACTION,
        AuditEvent.actor_id == principal.user_id,
        AuditEvent.acting_as_id.is_(None),
        AuditEvent.target_type == kind.value,
    )


def mark_read(session: Session, principal: Principal, kind: str, item_id: int) -> None:
    """Mark one incoming item of the caller's postbox read; items outside it are "not found".
    Staff acting as the account leave it unread for its owner."""
    if principal.actor_id is not None:
        return
    try:
        item_kind = ItemKind(kind)
    except ValueError:
        raise AccessDenied("error.not_found") from None
    if item_kind == ItemKind.DOCUMENT:
        access.get_visible(
            session, principal, access.scoped_documents(principal), Document, item_id
        )
    else:
        message = session.get(TicketMessage, item_id)
        if message is None:
            raise AccessDenied("error.not_found")
        access.get_visible(
            session, principal, access.scoped_tickets(principal), Ticket, message.ticket_id
        )
    if str(item_id) in _read_ids(session, principal, item_kind):
        return
    audit.record_by(session, principal, READ_ACTION, target_type=item_kind.value, target_id=item_id)


def mark_ticket_read(session: Session, principal: Principal, ticket_id: int) -> None:
    """Opening a ticket reads its staff replies (the ticket was loaded through the policy)."""
    if principal.actor_id is not None or not principal.is_customer:
        return
    read = _read_ids(session, principal, ItemKind.TICKET_MESSAGE)
    ids = session.exec(
        select(TicketMessage.id)
        .join(User, User.id == TicketMessage.author_id)
        .where(TicketMessage.ticket_id == ticket_id, User.kind == UserKind.STAFF)
    ).all()
    for message_id in ids:
        if str(message_id) not in read:
            audit.record_by(
                session,
                principal,
                READ_ACTION,
                target_type=ItemKind.TICKET_MESSAGE.value,
                target_id=message_id,
            )
