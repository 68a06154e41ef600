"""One customer or prospect as a partner sees it, and the change of its partner contact
(SPEC §3.1: only teams with CHANGE_PARTNER_CONTACT; the contact is an active partner user of
the customer's partner company). Reads go through the access policy; a customer out of scope
and an unknown id raise the same AccessDenied("error.not_found")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from portal.models import Customer, PartnerCompany, Subscription, User, UserPartnerCompany
from portal.models.enums import PartnerAction, UserKind
from portal.services import access, audit
from portal.services.access import AccessDenied, Principal
from portal.services.subscriptions import visible_retail_price


@dataclass(frozen=True)
class Person:
    id: int
    name: str


@dataclass(frozen=True)
class ContractLine:
    id: int
    number: str
    product: str
    status: str
    start_date: date | None
    end_date: date | None
    monthly_price: Decimal
    retail_price: Decimal | None  # None: the caller may not see retail prices
    currency: str


@dataclass(frozen=True)
class CustomerDetail:
    id: int
    number: str
    name: str
    kind: str
    is_private: bool
    street: str
    postcode: str
    city: str
    country: str
    email: str
    phone: str
    partner_company: str
    partner_contact: Person | None
    contracts: tuple[ContractLine, ...]
    # Empty unless the caller may change the partner contact.
    contact_choices: tuple[Person, ...]


def _name(user: User) -> str:
    return user.display_name or user.login


def contact_choices(session: Session, partner_company_id: int | None) -> tuple[Person, ...]:
    """Who can be partner contact of a customer of this partner company: its active partner
    users, by name."""
    if partner_company_id is None:
        return ()
    users = session.exec(
        select(User)
        .join(UserPartnerCompany, UserPartnerCompany.user_id == User.id)
        .where(
            UserPartnerCompany.partner_company_id == partner_company_id,
            User.kind == UserKind.PARTNER,
            User.active.is_(True),
        )
    ).all()
    return tuple(sorted((Person(u.id, _name(u)) for u in users), key=lambda p: p.name.casefold()))


def visible_customer(session: Session, principal: Principal, customer_id: int) -> Customer:
    return access.get_visible(
        session, principal, access.scoped_customers(principal), Customer, customer_id
    )


def customer_detail(session: Session, principal: Principal, customer_id: int) -> CustomerDetail:
    customer = visible_customer(session, principal, customer_id)
    company = (
        session.get(PartnerCompany, customer.partner_company_id)
        if customer.partner_company_id is not None
        else None
    )
    contact = (
        session.get(User, customer.partner_contact_id)
        if customer.partner_contact_id is not None
        else None
    )
    contracts = session.exec(
        access.scoped_subscriptions(principal)
        .where(Subscription.customer_id == customer.id)
        .order_by(Subscription.number)
    ).all()
    may_change = access.can(principal, PartnerAction.CHANGE_PARTNER_CONTACT)
    return CustomerDetail(
        id=customer.id,
        number=customer.number,
        name=customer.name,
        kind=customer.kind,
        is_private=customer.is_private,
        street=customer.street,
        postcode=customer.postcode,
        city=customer.city,
        country=customer.country,
        email=customer.email,
        phone=customer.phone,
        partner_company=company.name if company else "",
        partner_contact=Person(contact.id, _name(contact)) if contact else None,
        contracts=tuple(
            ContractLine(
                id=s.id,
                number=s.number,
                product=s.product,
                status=s.status,
                start_date=s.start_date,
                end_date=s.end_date,
                monthly_price=s.monthly_price,
                retail_price=visible_retail_price(principal, s),
                currency=s.currency,
            )
            for s in contracts
        ),
        contact_choices=contact_choices(session, customer.partner_company_id) if may_change else (),
    )


def change_partner_contact(
    session: Session, principal: Principal, customer_id: int, contact_id: int
) -> Person:
    """Make `contact_id` the customer's partner contact; audited with the previous and new one.

    Scope first (an invisible customer is "not found", whatever the team), then the team's
    permission, then the contact: an active partner user of the customer's partner company.
    """
    customer = visible_customer(session, principal, customer_id)
    access.ensure(principal, PartnerAction.CHANGE_PARTNER_CONTACT)
    chosen = next(
        (p for p in contact_choices(session, customer.partner_company_id) if p.id == contact_id),
        None,
    )
    if chosen is None:
        raise AccessDenied("detail.error.contact_not_eligible")
    previous = customer.partner_contact_id
    if previous == chosen.id:
        return chosen
    customer.partner_contact_id = chosen.id
    session.add(customer)
    audit.record_by(
        session,
        principal,
        "customer.partner_contact_changed",
        target_type="customer",
        target_id=customer.id,
        detail={"from": previous, "to": chosen.id},
    )
    return chosen
