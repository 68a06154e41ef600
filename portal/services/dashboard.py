"""Counts for the three home pages, all through the access policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlalchemy.sql import Select
from sqlmodel import Session, select

from portal.models import (
    Approval,
    Claim,
    Customer,
    Document,
    InboxItem,
    MailOutbox,
    PartnerCompany,
    SalesDocument,
    ShopOrder,
    Subscription,
    Ticket,
    User,
)
from portal.models.enums import (
    CustomerKind,
    InboxKind,
    InboxState,
    MailState,
    SalesDocumentKind,
    TicketStatus,
)
from portal.services import access, cart, postbox
from portal.services.access import CustomerArea, Principal
from portal.services.contracts import alarm_condition


def _count(session: Session, query) -> int:  # type: ignore[no-untyped-def]
    return session.exec(select(func.count()).select_from(query.subquery())).one()


def staff_overview(session: Session, principal: Principal) -> dict[str, int]:
    access.ensure_staff(principal)
    return {
        "customers": _count(session, access.scoped_customers(principal)),
        "accounts": session.exec(select(func.count()).select_from(User)).one(),
        "inbox_open": session.exec(
            select(func.count()).where(InboxItem.state != InboxState.DONE)
        ).one(),
        "mails_queued": session.exec(
            select(func.count()).where(MailOutbox.state == MailState.QUEUED)
        ).one(),
    }


@dataclass(frozen=True)
class PartnerOverview:
    counts: dict[str, int]
    companies: list[str]


def partner_overview(session: Session, principal: Principal, today: date) -> PartnerOverview:
    customers = access.scoped_customers(principal)
    subscriptions = access.scoped_subscriptions(principal)
    companies = session.exec(
        select(PartnerCompany.name, PartnerCompany.city)
        .where(PartnerCompany.id.in_(sorted(principal.partner_company_ids)))
        .order_by(PartnerCompany.name)
    ).all()
    counts = {
        "customers": _count(session, customers.where(Customer.kind == CustomerKind.CUSTOMER)),
        "prospects": _count(session, customers.where(Customer.kind == CustomerKind.PROSPECT)),
        "subscriptions": _count(session, subscriptions),
        "alarm": _count(session, subscriptions.where(alarm_condition(today))),
    }
    names = [f"{name} ({city})" if city else name for name, city in companies]
    return PartnerOverview(counts=counts, companies=names)


@dataclass(frozen=True)
class Advisor:
    """The staff advisor (Betreuer) a customer user may contact: shown on purpose."""

    name: str
    email: str
    phone: str


@dataclass(frozen=True)
class ShopTile:
    """The shop tile: pieces in the user's cart and their shop orders staff have not finished."""

    cart_pieces: int
    orders_in_progress: int


# A shop order (or quote request) is in progress while its Postkorb item is not done.
_SHOP_INBOX_KINDS = (InboxKind.ORDER, InboxKind.QUOTE_REQUEST)


def shop_tile(session: Session, principal: Principal) -> ShopTile | None:
    """None for anyone who cannot shop; orders are scoped like the shop's order list (MAIN
    users see their company's, NORMAL users their own), whichever customer is chosen."""
    if access.shop_customer_id(principal) is None:
        return None
    orders = access.scoped_shop_orders(principal).with_only_columns(ShopOrder.id)
    open_items = select(InboxItem).where(
        InboxItem.kind.in_(_SHOP_INBOX_KINDS),
        InboxItem.ref_id.in_(orders),
        InboxItem.state != InboxState.DONE,
    )
    return ShopTile(
        cart_pieces=cart.count(session, principal),
        orders_in_progress=_count(session, open_items),
    )


@dataclass(frozen=True)
class CustomerDashboard:
    """The tile dashboard of one customer user, for all their customers or one of them.

    `areas` are the tiles to show (SPEC §3.3 view types); `counts` has an entry per shown area
    except the postbox, whose tile shows its unread items; `actions` counts what waits for the
    customer.
    """

    areas: tuple[CustomerArea, ...]
    counts: dict[str, int]
    actions: dict[str, int]
    advisor: Advisor | None
    shop: ShopTile | None = None


def _of_customer(query: Select, column, customer_id: int | None) -> Select:  # type: ignore[no-untyped-def]
    return query if customer_id is None else query.where(column == customer_id)


def customer_dashboard(
    session: Session, principal: Principal, customer_id: int | None, today: date
) -> CustomerDashboard:
    """Counts for the tiles through the access policy. `customer_id` must be one the caller
    may see (see `customer_portal.chosen_customer`); None means all of them."""
    areas = access.customer_areas(principal, customer_id)

    def sales(kind: SalesDocumentKind) -> Select:
        return _of_customer(
            access.scoped_sales_documents(principal, kind), SalesDocument.customer_id, customer_id
        )

    queries: dict[CustomerArea, Select] = {
        CustomerArea.CONTRACTS: _of_customer(
            access.scoped_subscriptions(principal), Subscription.customer_id, customer_id
        ),
        CustomerArea.DOCUMENTS: _of_customer(
            access.scoped_documents(principal), Document.customer_id, customer_id
        ),
        CustomerArea.QUOTES: sales(SalesDocumentKind.QUOTE),
        CustomerArea.ORDERS: sales(SalesDocumentKind.ORDER),
        CustomerArea.INVOICES: sales(SalesDocumentKind.INVOICE),
        CustomerArea.TICKETS: _of_customer(
            access.scoped_tickets(principal), Ticket.customer_id, customer_id
        ),
        CustomerArea.CLAIMS: _of_customer(
            access.scoped_claims(principal), Claim.customer_id, customer_id
        ),
    }
    counts = {area.value: _count(session, queries[area]) for area in areas if area in queries}
    actions: dict[str, int] = {}
    if CustomerArea.ORDERS in areas:
        orders = queries[CustomerArea.ORDERS].with_only_columns(SalesDocument.id)
        actions["approvals_waiting"] = _count(
            session,
            select(Approval).where(Approval.order_id.in_(orders), Approval.decision.is_(None)),
        )
    if CustomerArea.INVOICES in areas:
        unpaid = queries[CustomerArea.INVOICES].where(SalesDocument.paid.is_(False))
        actions["invoices_open"] = _count(session, unpaid)
        actions["invoices_overdue"] = _count(session, unpaid.where(SalesDocument.due_date < today))
    if CustomerArea.TICKETS in areas:
        actions["tickets_waiting"] = _count(
            session,
            queries[CustomerArea.TICKETS].where(Ticket.status == TicketStatus.WAITING_FOR_CUSTOMER),
        )
    if CustomerArea.POSTBOX in areas:
        # the user's own mailbox: the same whichever customer is chosen
        actions["postbox_unread"] = postbox.unread_count(session, principal)
    order = {area: index for index, area in enumerate(CustomerArea)}
    return CustomerDashboard(
        areas=tuple(sorted(areas, key=order.__getitem__)),
        counts=counts,
        actions=actions,
        advisor=_advisor(session, principal, customer_id),
        shop=shop_tile(session, principal),
    )


def _advisor(session: Session, principal: Principal, customer_id: int | None) -> Advisor | None:
    """The Betreuer of the chosen customer, or of the user's own company when all are shown."""
    chosen = customer_id if customer_id is not None else principal.customer_id
    if chosen is None:
        return None
    row = session.exec(
        select(User)
        .join(Customer, Customer.advisor_id == User.id)
        .where(Customer.id == chosen, access.customer_condition(principal), User.active)
    ).first()
    if row is None:
        return None
    return Advisor(
        name=row.display_name or row.login,
        email=row.email,
        phone=row.phone,
    )
