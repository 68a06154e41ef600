"""Counts for the three home pages, all through the access policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from portal.models import Customer, InboxItem, MailOutbox, PartnerCompany, User
from portal.models.enums import CustomerKind, InboxState, MailState, SalesDocumentKind
from portal.services import access
from portal.services.access import Principal
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


def customer_tiles(session: Session, principal: Principal) -> dict[str, int]:
    def sales(kind: SalesDocumentKind) -> int:
        return _count(session, access.scoped_sales_documents(principal, kind))

    return {
        "contracts": _count(session, access.scoped_subscriptions(principal)),
        "documents": _count(session, access.scoped_documents(principal)),
        "quotes": sales(SalesDocumentKind.QUOTE),
        "orders": sales(SalesDocumentKind.ORDER),
        "invoices": sales(SalesDocumentKind.INVOICE),
        "tickets": _count(session, access.scoped_tickets(principal)),
        "claims": _count(session, access.scoped_claims(principal)),
        "shop_orders": _count(session, access.scoped_shop_orders(principal)),
    }
