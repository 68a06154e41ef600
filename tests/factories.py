"""Small builders for test data; each adds a row and flushes so ids are known."""

from __future__ import annotations

from datetime import date
from itertools import count

from sqlmodel import Session

from portal.models import (
    AccessGrant,
    AccessGrantContract,
    AccessGrantCustomer,
    AccessGrantMember,
    Customer,
    PartnerCompany,
    PermissionGroup,
    Subscription,
    Team,
    User,
    UserPartnerCompany,
    UserPermissionGroup,
    UserTeam,
)
from portal.models.enums import ContractStatus, CustomerRole, UserKind, Visibility

_numbers = count(1)


def add(session: Session, row):  # type: ignore[no-untyped-def]
    session.add(row)
    session.flush()
    return row


def company(session: Session, name: str) -> PartnerCompany:
    return add(session, PartnerCompany(name=name, city="Berlin"))


def team(session: Session, name: str, actions: list[str]) -> Team:
    return add(session, Team(name=name, actions=actions, builtin=True))


def partner(
    session: Session,
    login: str,
    visibility: Visibility,
    companies: list[PartnerCompany],
    teams: list[Team] = (),  # type: ignore[assignment]
) -> User:
    user = add(session, User(kind=UserKind.PARTNER, login=login, visibility=visibility))
    for c in companies:
        add(session, UserPartnerCompany(user_id=user.id, partner_company_id=c.id))
    for t in teams:
        add(session, UserTeam(user_id=user.id, team_id=t.id))
    return user


def staff(session: Session, login: str, permissions: list[str]) -> User:
    user = add(session, User(kind=UserKind.STAFF, login=login))
    group = add(session, PermissionGroup(name=f"group-{login}", permissions=permissions))
    add(session, UserPermissionGroup(user_id=user.id, group_id=group.id))
    return user


def customer(
    session: Session,
    name: str,
    company_: PartnerCompany | None = None,
    contact: User | None = None,
) -> Customer:
    return add(
        session,
        Customer(
            number=f"K-{next(_numbers):06d}",
            name=name,
            partner_company_id=company_.id if company_ else None,
            partner_contact_id=contact.id if contact else None,
        ),
    )


def customer_user(session: Session, login: str, of: Customer, role: CustomerRole) -> User:
    return add(
        session, User(kind=UserKind.CUSTOMER, login=login, customer_id=of.id, customer_role=role)
    )


def subscription(
    session: Session,
    of: Customer,
    status: ContractStatus = ContractStatus.OWN,
    **fields: object,
) -> Subscription:
    values: dict[str, object] = {
        "number": f"V-{next(_numbers):07d}",
        "customer_id": of.id,
        "partner_company_id": of.partner_company_id,
        "product": "DocuWare Cloud",
        "status": status,
        "start_date": date(2025, 1, 1),
    }
    values.update(fields)
    return add(session, Subscription(**values))


def grant(
    session: Session,
    members: list[User],
    customers: list[Customer],
    contracts: list[Subscription] = (),  # type: ignore[assignment]
    **settings: object,
) -> AccessGrant:
    row = add(session, AccessGrant(name="Freischaltung", **settings))
    for m in members:
        add(session, AccessGrantMember(grant_id=row.id, user_id=m.id))
    for c in customers:
        add(session, AccessGrantCustomer(grant_id=row.id, customer_id=c.id))
    for s in contracts:
        add(session, AccessGrantContract(grant_id=row.id, subscription_id=s.id))
    return row


def customer_with(
    session: Session,
    name: str,
    company_: PartnerCompany | None = None,
    contact: User | None = None,
    **fields: object,
) -> Customer:
    """A customer with further fields set (kind, city, postcode, …), for grid tests."""
    row = customer(session, name, company_, contact)
    for key, value in fields.items():
        setattr(row, key, value)
    return add(session, row)
