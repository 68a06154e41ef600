"""What a Postkorb item refers to, read for the item's detail page.

One shape for every kind, so the page stays one layout: labelled facts, the lines of a shop
order or quote request, the messages of a ticket, files. Values are formatted here for the
reader's locale (dates, money); labels are i18n keys. The records are read through the policy's
staff scopes (`access.scoped_*`), and the caller must hold INBOX (checked by `staff_inbox`).

A quote request never shows a price ("Preisanfrage"): its lines carry none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlmodel import Session, select

from portal.i18n import format_day, format_money, format_timestamp, t
from portal.models import (
    Asset,
    CatalogItem,
    Claim,
    Customer,
    Registration,
    SalesDocument,
    ShopOrder,
    ShopOrderLine,
    Subscription,
    User,
)
from portal.models.enums import InboxKind
from portal.services import access, approvals, attachments, staff_inbox, tickets
from portal.services.access import AccessDenied, Principal
from portal.services.attachments import AttachmentRow
from portal.services.sales import line_amount


@dataclass(frozen=True)
class Fact:
    label_key: str
    value: str


@dataclass(frozen=True)
class FileLink:
    name: str
    href: str


@dataclass(frozen=True)
class OrderLine:
    article: str  # number and name
    printer: str  # model, serial number, location; "" for a line without a printer
    quantity: str
    unit_price: str  # "" for a quote request
    total: str


@dataclass(frozen=True)
class Message:
    author: str
    from_staff: bool
    at: str
    body: str
    files: list[FileLink]


@dataclass(frozen=True)
class InboxDetail:
    item: staff_inbox.InboxRow
    heading: str
    facts: list[Fact] = field(default_factory=list)
    lines: list[OrderLine] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    files: list[FileLink] = field(default_factory=list)
    link: str = ""  # where the record is worked on outside the Postkorb
    can_reply: bool = False  # a ticket: staff may answer right here


def _name(user: User | None) -> str:
    if user is None:
        return ""
    return f"{user.display_name} ({user.login})" if user.display_name else user.login


def _links(files: list[AttachmentRow] | tuple[AttachmentRow, ...]) -> list[FileLink]:
    return [FileLink(f.file_name, attachments.download_url(f.id)) for f in files]


def item_detail(session: Session, principal: Principal, item_id: int, locale: str) -> InboxDetail:
    """The item and its record; a record that is gone leaves the item with its title only."""
    item = staff_inbox.get_item(session, principal, item_id, locale)
    read = _READERS.get(item.kind)
    try:
        return read(session, principal, item, locale) if read else InboxDetail(item, item.title)
    except AccessDenied:
        return InboxDetail(item, item.title, link=staff_inbox.item_url(item.kind, item.ref_id))


def _shop_order(
    session: Session, principal: Principal, item: staff_inbox.InboxRow, locale: str
) -> InboxDetail:
    order = access.get_visible(
        session, principal, access.scoped_shop_orders(principal), ShopOrder, item.ref_id
    )
    customer = session.get(Customer, order.customer_id)
    priced = item.kind != InboxKind.QUOTE_REQUEST and order.gross_total is not None
    rows = session.exec(
        select(ShopOrderLine, CatalogItem, Asset)
        .join(CatalogItem, CatalogItem.id == ShopOrderLine.item_id)
        .outerjoin(Asset, Asset.id == ShopOrderLine.asset_id)
        .where(ShopOrderLine.shop_order_id == order.id)
        .order_by(ShopOrderLine.id)
    ).all()
    quote = t("inbox.detail.quote_price", locale)

    def money(value: Decimal | None) -> str:
        return format_money(value, locale) if priced and value is not None else quote

    lines = [
        OrderLine(
            article=f"{article.article_number} {article.name}",
            printer=", ".join(p for p in (a.model, a.serial_number, a.location) if p) if a else "",
            quantity=f"{line.quantity} {article.unit}",
            unit_price=money(line.unit_price),
            total=money(
                line_amount(Decimal(line.quantity), line.unit_price)
                if line.unit_price is not None
                else None
            ),
        )
        for line, article, a in rows
    ]
    facts = [
        Fact("inbox.detail.number", order.number),
        Fact("inbox.detail.customer", f"{customer.name} ({customer.number})" if customer else ""),
        Fact("inbox.detail.user", _name(session.get(User, order.user_id))),
        Fact("inbox.detail.created", format_timestamp(order.created_at, locale)),
        Fact("inbox.detail.delivery_address", order.delivery_address),
        Fact("inbox.detail.reference", order.reference),
    ]
    if priced:
        facts += [
            Fact("inbox.detail.net_total", money(order.net_total)),
            Fact("inbox.detail.tax_total", money(order.tax_total)),
            Fact("inbox.detail.gross_total", money(order.gross_total)),
        ]
    else:
        facts.append(Fact("inbox.detail.prices", quote))
    return InboxDetail(item, item.title, facts=facts, lines=lines)


def _ticket(
    session: Session, principal: Principal, item: staff_inbox.InboxRow, locale: str
) -> InboxDetail:
    found = tickets.ticket_detail(session, principal, item.ref_id)
    ticket = found.ticket
    facts = [
        Fact("inbox.detail.subject", ticket.subject),
        Fact("inbox.detail.customer", ticket.customer_name),
        Fact("inbox.detail.user", ticket.creator_name),
        Fact("inbox.detail.created", format_timestamp(ticket.created_at, locale)),
        Fact("inbox.detail.status", t(f"inbox.ticket.{ticket.status}", locale)),
    ]
    messages = [
        Message(
            author=m.author_name,
            from_staff=m.from_staff,
            at=format_timestamp(m.created_at, locale),
            body=m.body,
            files=_links(m.files),
        )
        for m in found.messages
    ]
    return InboxDetail(item, item.title, facts=facts, messages=messages, can_reply=True)


def _claim(
    session: Session, principal: Principal, item: staff_inbox.InboxRow, locale: str
) -> InboxDetail:
    claim = access.get_visible(
        session, principal, access.scoped_claims(principal), Claim, item.ref_id
    )
    contract = session.get(Subscription, claim.subscription_id)
    customer = session.get(Customer, claim.customer_id)
    facts = [
        Fact(
            "inbox.detail.contract",
            f"{contract.number} {contract.product}" if contract else str(claim.subscription_id),
        ),
        Fact("inbox.detail.customer", customer.name if customer else ""),
        Fact("inbox.detail.user", _name(session.get(User, claim.reporter_id))),
        Fact("inbox.detail.claim_date", format_day(claim.claim_date, locale)),
        Fact("inbox.detail.place", claim.place),
        Fact("inbox.detail.description", claim.description),
    ]
    files = _links(attachments.attachments_of(session, attachments.CLAIM, [claim.id]))
    return InboxDetail(item, item.title, facts=facts, files=files)


def _approval(
    session: Session, principal: Principal, item: staff_inbox.InboxRow, locale: str
) -> InboxDetail:
    approval = approvals.approval_detail(session, principal, item.ref_id)
    order = session.get(SalesDocument, approval.order_id)
    customer = session.get(Customer, order.customer_id) if order else None
    decision = approval.decision or "pending"
    facts = [
        Fact("inbox.detail.order", approval.order_number),
        Fact("inbox.detail.customer", customer.name if customer else ""),
        Fact("inbox.detail.decision", t(f"inbox.decision.{decision}", locale)),
        Fact("inbox.detail.decided_by", approval.decided_by),
        Fact("inbox.detail.decided_at", format_timestamp(approval.decided_at, locale)),
        Fact("inbox.detail.comment", approval.comment),
    ]
    proof = FileLink(t("inbox.detail.proof", locale), approvals.proof_url(approval.id))
    return InboxDetail(
        item, item.title, facts=facts, files=[proof], link=approvals.STAFF_ORDERS_PATH
    )


def _registration(
    session: Session, principal: Principal, item: staff_inbox.InboxRow, locale: str
) -> InboxDetail:
    registration = session.get(Registration, item.ref_id)
    link = staff_inbox.item_url(item.kind, item.ref_id)
    if registration is None:
        return InboxDetail(item, item.title, link=link)
    facts = [
        Fact("inbox.detail.name", registration.display_name),
        Fact("inbox.detail.email", registration.email),
        Fact("inbox.detail.company", registration.company),
        Fact("inbox.detail.customer_number", registration.customer_number),
        Fact("inbox.detail.created", format_timestamp(registration.created_at, locale)),
        Fact("inbox.detail.status", t(f"inbox.registration.{registration.state}", locale)),
    ]
    return InboxDetail(item, item.title, facts=facts, link=link)


_READERS = {
    InboxKind.ORDER.value: _shop_order,
    InboxKind.QUOTE_REQUEST.value: _shop_order,
    InboxKind.TICKET.value: _ticket,
    InboxKind.CLAIM.value: _claim,
    InboxKind.APPROVAL.value: _approval,
    InboxKind.REGISTRATION.value: _registration,
}
