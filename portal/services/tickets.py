"""Support tickets of customer users: list, open with attachments, reply, close/reopen.

Who sees which ticket is decided by `access.scoped_tickets` alone (SPEC §3.2: MAIN users all of
their company's, NORMAL users their own, grants that share processes their co-members'). Every
function loads the ticket through that scope, so a foreign id is "not found". A new ticket lands
in the staff inbox; a reply moves the ticket to whoever must answer next.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, select

from portal.models import Customer, Ticket, TicketMessage, User
from portal.models.clock import utcnow
from portal.models.enums import InboxKind, TicketStatus, UserKind
from portal.services import access, attachments, audit, staff_inbox
from portal.services.access import AccessDenied, Principal
from portal.services.attachments import AttachmentRow, IncomingFile

TICKETS_PATH = "/customer/tickets"
SUBJECT_MAX, BODY_MAX = 200, 10_000


class TicketRefused(Exception):
    """Input that cannot be accepted; `errors` maps field -> i18n message key."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors

    @property
    def message_key(self) -> str:
        """The first field's message, for a route that can only answer with one key."""
        return next(iter(self.errors.values()))


@dataclass(frozen=True)
class TicketRow:
    id: int
    subject: str
    status: str
    customer_name: str
    creator_name: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class MessageRow:
    id: int
    author_name: str
    from_staff: bool
    body: str
    created_at: datetime
    files: tuple[AttachmentRow, ...]


@dataclass(frozen=True)
class TicketDetail:
    ticket: TicketRow
    messages: list[MessageRow]


def ticket_path(ticket_id: int) -> str:
    return f"{TICKETS_PATH}/{ticket_id}"


def _name(user: User | None) -> str:
    return (user.display_name or user.login) if user else ""


def list_tickets(session: Session, principal: Principal) -> list[TicketRow]:
    visible = access.scoped_tickets(principal).with_only_columns(Ticket.id)
    rows = session.exec(
        select(Ticket, Customer.name, User)
        .join(Customer, Customer.id == Ticket.customer_id)
        .join(User, User.id == Ticket.creator_id)
        .where(Ticket.id.in_(visible))
        .order_by(Ticket.updated_at.desc(), Ticket.id.desc())
    ).all()
    return [_row(ticket, customer, creator) for ticket, customer, creator in rows]


def _row(ticket: Ticket, customer_name: str, creator: User | None) -> TicketRow:
    return TicketRow(
        id=ticket.id,
        subject=ticket.subject,
        status=ticket.status,
        customer_name=customer_name,
        creator_name=_name(creator),
        created_at=ticket.created_at,
        updated_at=ticket.updated_at,
    )


def _visible(session: Session, principal: Principal, ticket_id: int) -> Ticket:
    return access.get_visible(
        session, principal, access.scoped_tickets(principal), Ticket, ticket_id
    )


def ticket_detail(session: Session, principal: Principal, ticket_id: int) -> TicketDetail:
    ticket = _visible(session, principal, ticket_id)
    customer = session.get(Customer, ticket.customer_id)
    messages = session.exec(
        select(TicketMessage, User)
        .join(User, User.id == TicketMessage.author_id)
        .where(TicketMessage.ticket_id == ticket.id)
        .order_by(TicketMessage.created_at, TicketMessage.id)
    ).all()
    files = attachments.attachments_of(
        session, attachments.TICKET_MESSAGE, [m.id for m, _ in messages]
    )
    return TicketDetail(
        ticket=_row(
            ticket, customer.name if customer else "", session.get(User, ticket.creator_id)
        ),
        messages=[
            MessageRow(
                id=m.id,
                author_name=_name(author),
                from_staff=author.kind == UserKind.STAFF,
                body=m.body,
                created_at=m.created_at,
                files=tuple(f for f in files if f.owner_id == m.id),
            )
            for m, author in messages
        ],
    )


def _check_body(body: str, errors: dict[str, str]) -> str:
    body = body.strip()
    if not body:
        errors["body"] = "support.error.body_required"
    elif len(body) > BODY_MAX:
        errors["body"] = "support.error.body_too_long"
    return body


def _ticket_customer(session: Session, principal: Principal, raw: int | None) -> int:
    """The own company by default; another customer only if the caller sees it."""
    customer_id = raw if raw is not None else principal.customer_id
    if (
        customer_id is None
        or not session.exec(
            access.scoped_customers(principal).where(Customer.id == customer_id)
        ).first()
    ):
        raise AccessDenied("error.not_found")
    return customer_id


def ticket_fields(subject: str, body: str) -> tuple[str, str]:
    """A new ticket's subject and first message, cleaned; raises TicketRefused. Also asked by
    the page before the form (with its files) is posted, so a field error keeps the files."""
    errors: dict[str, str] = {}
    subject = " ".join(subject.split())
    if not subject:
        errors["subject"] = "support.error.subject_required"
    elif len(subject) > SUBJECT_MAX:
        errors["subject"] = "support.error.subject_too_long"
    body = _check_body(body, errors)
    if errors:
        raise TicketRefused(errors)
    return subject, body


def reply_body(body: str) -> str:
    """A reply's text, cleaned; raises TicketRefused (also asked by the page first)."""
    errors: dict[str, str] = {}
    body = _check_body(body, errors)
    if errors:
        raise TicketRefused(errors)
    return body


def create_ticket(
    session: Session,
    principal: Principal,
    *,
    subject: str,
    body: str,
    files: Sequence[IncomingFile] = (),
    data_dir: Path,
    customer_id: int | None = None,
    client_address: str = "",
) -> int:
    """Open a ticket with its first message and files; raises TicketRefused (field errors),
    UploadRefused (a file) or AccessDenied. Nothing is stored unless everything is accepted."""
    if not principal.is_customer:
        raise AccessDenied()
    subject, body = ticket_fields(subject, body)
    checked = attachments.check_files(files)
    owner = _ticket_customer(session, principal, customer_id)
    now = utcnow()
    ticket = Ticket(
        customer_id=owner,
        creator_id=principal.user_id,
        subject=subject,
        status=TicketStatus.OPEN,
        created_at=now,
        updated_at=now,
    )
    session.add(ticket)
    session.flush()
    message = TicketMessage(
        ticket_id=ticket.id, author_id=principal.user_id, body=body, created_at=now
    )
    session.add(message)
    session.flush()
    attachments.store_files(
        session,
        principal,
        checked,
        owner_kind=attachments.TICKET_MESSAGE,
        owner_id=message.id,
        data_dir=data_dir,
    )
    customer = session.get(Customer, owner)
    staff_inbox.add_item(
        session,
        InboxKind.TICKET,
        ticket.id,
        f"Ticket: {subject} ({customer.name if customer else ''})",
    )
    audit.record_by(
        session,
        principal,
        "ticket.created",
        target_type="ticket",
        target_id=ticket.id,
        client_address=client_address,
    )
    return ticket.id


def reply(
    session: Session,
    principal: Principal,
    ticket_id: int,
    *,
    body: str,
    files: Sequence[IncomingFile] = (),
    data_dir: Path,
    client_address: str = "",
) -> None:
    """Add a message; a customer's reply waits for staff, a staff reply for the customer.
    A reply to a closed ticket reopens it."""
    ticket = _visible(session, principal, ticket_id)
    body = reply_body(body)
    checked = attachments.check_files(files)
    now = utcnow()
    message = TicketMessage(
        ticket_id=ticket.id, author_id=principal.user_id, body=body, created_at=now
    )
    session.add(message)
    session.flush()
    attachments.store_files(
        session,
        principal,
        checked,
        owner_kind=attachments.TICKET_MESSAGE,
        owner_id=message.id,
        data_dir=data_dir,
    )
    ticket.status = (
        TicketStatus.WAITING_FOR_CUSTOMER if principal.is_staff else TicketStatus.WAITING_FOR_STAFF
    )
    ticket.updated_at = now
    session.add(ticket)
    audit.record_by(
        session,
        principal,
        "ticket.replied",
        target_type="ticket",
        target_id=ticket.id,
        client_address=client_address,
    )


def set_closed(
    session: Session,
    principal: Principal,
    ticket_id: int,
    closed: bool,
    *,
    client_address: str = "",
) -> None:
    """Close a ticket (the matter is settled) or reopen it (it is not); both audited."""
    ticket = _visible(session, principal, ticket_id)
    ticket.status = TicketStatus.CLOSED if closed else TicketStatus.WAITING_FOR_STAFF
    ticket.updated_at = utcnow()
    session.add(ticket)
    audit.record_by(
        session,
        principal,
        "ticket.closed" if closed else "ticket.reopened",
        target_type="ticket",
        target_id=ticket.id,
        client_address=client_address,
    )
