"""One contract as a partner sees it: its data, status history and whether its licence file may
be downloaded (SPEC §4 "Contract detail"). Everything is read through the access policy; the
retail price leaves this module only for principals whose team may see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session, select

from portal.models import Customer, Subscription, SubscriptionStatusChange
from portal.models.enums import PartnerAction
from portal.services import access
from portal.services.access import Principal


def visible_retail_price(principal: Principal, subscription: Subscription) -> Decimal | None:
    """The retail price for Administration (SEE_RETAIL_PRICE), None for everyone else."""
    if access.can(principal, PartnerAction.SEE_RETAIL_PRICE):
        return subscription.retail_price
    return None


@dataclass(frozen=True)
class StatusStep:
    status: str
    changed_at: datetime
    note: str


@dataclass(frozen=True)
class SubscriptionDetail:
    """Copied values, so nothing the caller may not see travels on with an ORM object."""

    id: int
    number: str
    product: str
    line_of_business: str
    status: str
    offer_date: date | None
    application_date: date | None
    document_date: date | None
    start_date: date | None
    end_date: date | None
    cancelled_at: date | None
    update_due_date: date | None
    auto_renew: bool
    monthly_price: Decimal
    retail_price: Decimal | None
    currency: str
    seats: int
    storage_used_gb: Decimal
    storage_quota_gb: Decimal
    risk_address: str
    customer_id: int
    customer_number: str
    customer_name: str
    history: tuple[StatusStep, ...]
    license_downloadable: bool


def license_downloadable(principal: Principal, subscription: Subscription) -> bool:
    """A licence file exists and the caller's team may download licences."""
    return bool(subscription.license_file_path) and access.can(
        principal, PartnerAction.DOWNLOAD_LICENSE
    )


def subscription_detail(
    session: Session, principal: Principal, subscription_id: int
) -> SubscriptionDetail:
    """The contract if the principal may see it; AccessDenied("error.not_found") otherwise, the
    same for unknown ids, so a guessed id tells nothing."""
    sub = access.get_visible(
        session, principal, access.scoped_subscriptions(principal), Subscription, subscription_id
    )
    # A visible contract has a visible customer for partners (same company, same contact).
    customer = access.get_visible(
        session, principal, access.scoped_customers(principal), Customer, sub.customer_id
    )
    history = session.exec(
        select(SubscriptionStatusChange)
        .where(SubscriptionStatusChange.subscription_id == sub.id)
        .order_by(SubscriptionStatusChange.changed_at.desc(), SubscriptionStatusChange.id.desc())
    ).all()
    risk = ", ".join(
        part for part in (sub.risk_street, f"{sub.risk_postcode} {sub.risk_city}".strip()) if part
    )
    return SubscriptionDetail(
        id=sub.id,
        number=sub.number,
        product=sub.product,
        line_of_business=sub.line_of_business,
        status=sub.status,
        offer_date=sub.offer_date,
        application_date=sub.application_date,
        document_date=sub.document_date,
        start_date=sub.start_date,
        end_date=sub.end_date,
        cancelled_at=sub.cancelled_at,
        update_due_date=sub.update_due_date,
        auto_renew=sub.auto_renew,
        monthly_price=sub.monthly_price,
        retail_price=visible_retail_price(principal, sub),
        currency=sub.currency,
        seats=sub.seats,
        storage_used_gb=sub.storage_used_gb,
        storage_quota_gb=sub.storage_quota_gb,
        risk_address=risk,
        customer_id=customer.id,
        customer_number=customer.number,
        customer_name=customer.name,
        history=tuple(StatusStep(h.status, h.changed_at, h.note) for h in history),
        license_downloadable=license_downloadable(principal, sub),
    )
