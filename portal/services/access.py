"""The access policy: the one place that turns a principal into scoped queries and permissions.

SPEC §3 is implemented here and nowhere else. Pages, states, exports and APIs ask this module
for a scoped `Select` and add their own filters, sorting and paging on top; they never start
from an unscoped query of user data. Staff see every record and are gated by permissions;
partners by visibility (ALL/OWN/NONE) over their partner companies; customer users by their
role (MAIN/NORMAL) and by the access grants (Freischaltungen) they are members of.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from sqlalchemy import ColumnElement, and_, false, or_, true
from sqlalchemy.sql import Select
from sqlmodel import Session, select

from portal.models import (
    AccessGrant,
    AccessGrantContract,
    AccessGrantCustomer,
    AccessGrantMember,
    Asset,
    Claim,
    Customer,
    Document,
    DocumentKeyword,
    DocumentProfile,
    PermissionGroup,
    SalesDocument,
    ShopOrder,
    Subscription,
    Team,
    Ticket,
    User,
    UserPartnerCompany,
    UserPermissionGroup,
    UserTeam,
)
from portal.models.enums import (
    ContractStatus,
    CustomerRole,
    GrantViewType,
    PartnerAction,
    ShareStatus,
    StaffPermission,
    UserKind,
    Visibility,
)

Action = PartnerAction | StaffPermission
E = TypeVar("E", bound=StrEnum)


class AccessDenied(Exception):
    """Raised when a principal may not do or see something; carries an i18n message key."""

    def __init__(self, message_key: str = "error.forbidden") -> None:
        super().__init__(message_key)
        self.message_key = message_key


@dataclass(frozen=True)
class GrantScope:
    """What one access grant shares with its members, loaded once per principal."""

    grant_id: int
    view_type: GrantViewType
    customer_ids: frozenset[int]
    member_ids: frozenset[int]
    share_statuses: frozenset[ShareStatus]
    lines_of_business: frozenset[str]
    contract_ids: frozenset[int]
    include_claims: bool
    share_tickets: bool
    show_reference_addresses: bool
    document_keywords: frozenset[str]


@dataclass(frozen=True)
class Principal:
    """The authenticated caller: everything access decisions need, nothing secret.

    `actor_id` is the staff user behind an act-as session (SPEC §3.4); rules apply to the
    account being acted as, audit records both.
    """

    user_id: int
    kind: UserKind
    login: str
    display_name: str
    locale: str = "de"
    visibility: Visibility = Visibility.NONE
    partner_company_ids: frozenset[int] = frozenset()
    partner_actions: frozenset[PartnerAction] = frozenset()
    staff_permissions: frozenset[StaffPermission] = frozenset()
    customer_id: int | None = None
    customer_role: CustomerRole | None = None
    grants: tuple[GrantScope, ...] = field(default=())
    actor_id: int | None = None

    @property
    def is_staff(self) -> bool:
        return self.kind == UserKind.STAFF

    @property
    def is_partner(self) -> bool:
        return self.kind == UserKind.PARTNER

    @property
    def is_customer(self) -> bool:
        return self.kind == UserKind.CUSTOMER

    @property
    def is_main_user(self) -> bool:
        return self.is_customer and self.customer_role == CustomerRole.MAIN


# --------------------------------------------------------------------------- loading


def load_principal(
    session: Session, user_id: int, *, actor_id: int | None = None
) -> Principal | None:
    """The principal of an active user, or None (unknown or deactivated users get nothing)."""
    user = session.get(User, user_id)
    if user is None or not user.active:
        return None
    kind = UserKind(user.kind)
    base = {
        "user_id": user_id,
        "kind": kind,
        "login": user.login,
        "display_name": user.display_name or user.login,
        "locale": user.locale,
        "actor_id": actor_id,
    }
    if kind == UserKind.PARTNER:
        return Principal(
            **base,
            visibility=Visibility(user.visibility),
            partner_company_ids=frozenset(
                session.exec(
                    select(UserPartnerCompany.partner_company_id).where(
                        UserPartnerCompany.user_id == user_id
                    )
                ).all()
            ),
            partner_actions=_team_actions(session, user_id),
        )
    if kind == UserKind.CUSTOMER:
        return Principal(
            **base,
            customer_id=user.customer_id,
            customer_role=CustomerRole(user.customer_role or CustomerRole.NORMAL),
            grants=_grant_scopes(session, user_id),
        )
    return Principal(**base, staff_permissions=_staff_permissions(session, user_id))


def _team_actions(session: Session, user_id: int) -> frozenset[PartnerAction]:
    rows = session.exec(
        select(Team.actions)
        .join(UserTeam, UserTeam.team_id == Team.id)
        .where(UserTeam.user_id == user_id)
    ).all()
    return _known(PartnerAction, (a for actions in rows for a in actions))


def _staff_permissions(session: Session, user_id: int) -> frozenset[StaffPermission]:
    rows = session.exec(
        select(PermissionGroup.permissions)
        .join(UserPermissionGroup, UserPermissionGroup.group_id == PermissionGroup.id)
        .where(UserPermissionGroup.user_id == user_id)
    ).all()
    return _known(StaffPermission, (p for permissions in rows for p in permissions))


def _known(enum: type[E], values: Iterable[str]) -> frozenset[E]:
    """Stored values that the code knows; a value removed from an enum grants nothing."""
    allowed = {member.value for member in enum}
    return frozenset(enum(value) for value in values if value in allowed)


def _grant_scopes(session: Session, user_id: int) -> tuple[GrantScope, ...]:
    grants = session.exec(
        select(AccessGrant)
        .join(AccessGrantMember, AccessGrantMember.grant_id == AccessGrant.id)
        .where(AccessGrantMember.user_id == user_id)
        .order_by(AccessGrant.id)
    ).all()
    scopes = []
    for grant in grants:

        def ids(column, where_column, grant_id=grant.id) -> frozenset[int]:  # type: ignore[no-untyped-def]
            return frozenset(session.exec(select(column).where(where_column == grant_id)).all())

        keywords: frozenset[str] = frozenset()
        if grant.document_profile_id is not None:
            profile = session.get(DocumentProfile, grant.document_profile_id)
            keywords = frozenset(profile.keywords) if profile else frozenset()
        scopes.append(
            GrantScope(
                grant_id=grant.id,
                view_type=GrantViewType(grant.view_type),
                customer_ids=ids(AccessGrantCustomer.customer_id, AccessGrantCustomer.grant_id),
                member_ids=ids(AccessGrantMember.user_id, AccessGrantMember.grant_id),
                share_statuses=_known(ShareStatus, grant.auto_share_statuses),
                lines_of_business=frozenset(grant.lines_of_business),
                contract_ids=ids(AccessGrantContract.subscription_id, AccessGrantContract.grant_id),
                include_claims=grant.include_claims,
                share_tickets=grant.share_tickets,
                show_reference_addresses=grant.show_reference_addresses,
                document_keywords=keywords,
            )
        )
    return tuple(scopes)


# --------------------------------------------------------------------------- customers


def customer_condition(principal: Principal) -> ColumnElement[bool]:
    """The customers a principal may see, as a condition on `Customer`."""
    if principal.is_staff:
        return true()
    if principal.is_partner:
        return _partner_customer_condition(principal, Customer.partner_company_id)
    own = [principal.customer_id] if principal.customer_id is not None else []
    granted = [cid for g in principal.grants for cid in g.customer_ids]
    return _in(Customer.id, [*own, *granted])


def _partner_customer_condition(principal: Principal, company_column) -> ColumnElement[bool]:  # type: ignore[no-untyped-def]
    """ALL: the partner companies' rows; OWN: of those, the customers the user is partner
    contact of (a subquery for other tables, so the condition stands on its own)."""
    if principal.visibility == Visibility.NONE or not principal.partner_company_ids:
        return false()
    in_companies = company_column.in_(sorted(principal.partner_company_ids))
    if principal.visibility == Visibility.ALL:
        return in_companies
    if company_column is Customer.partner_company_id:
        return and_(in_companies, Customer.partner_contact_id == principal.user_id)
    own_customers = select(Customer.id).where(Customer.partner_contact_id == principal.user_id)
    return and_(in_companies, Subscription.customer_id.in_(own_customers))


def scoped_customers(principal: Principal) -> Select:
    return select(Customer).where(customer_condition(principal))


# --------------------------------------------------------------------------- contracts


def share_status_condition(status: ShareStatus) -> ColumnElement[bool]:
    """SPEC §3.3: plain statuses match directly, the derived ones by their date rules."""
    s = Subscription
    if status == ShareStatus.APPLICATION:
        return and_(s.status == ContractStatus.OWN, s.application_date.is_not(None))
    if status == ShareStatus.POLICY:
        return and_(s.status == ContractStatus.OWN, s.document_date.is_not(None))
    if status == ShareStatus.OWN:
        return or_(
            and_(
                s.status == ContractStatus.OWN,
                s.application_date.is_(None),
                s.document_date.is_(None),
            ),
            and_(s.status == ContractStatus.OFFER, s.offer_date.is_not(None)),
        )
    return s.status == ContractStatus(status.value)


def grant_contract_condition(grant: GrantScope) -> ColumnElement[bool]:
    """Contracts one grant shares: auto-shared by status (and line of business), or manual."""
    parts: list[ColumnElement[bool]] = []
    if grant.customer_ids and grant.share_statuses:
        auto = and_(
            Subscription.customer_id.in_(sorted(grant.customer_ids)),
            or_(*(share_status_condition(s) for s in sorted(grant.share_statuses))),
        )
        if grant.lines_of_business:
            auto = and_(auto, Subscription.line_of_business.in_(sorted(grant.lines_of_business)))
        parts.append(auto)
    if grant.contract_ids:
        parts.append(Subscription.id.in_(sorted(grant.contract_ids)))
    return or_(*parts) if parts else false()


def subscription_condition(principal: Principal) -> ColumnElement[bool]:
    """The contracts a principal may see, as a condition on `Subscription` alone."""
    if principal.is_staff:
        return true()
    if principal.is_partner:
        return _partner_customer_condition(principal, Subscription.partner_company_id)
    parts = [grant_contract_condition(g) for g in principal.grants]
    if principal.is_main_user and principal.customer_id is not None:
        parts.append(Subscription.customer_id == principal.customer_id)
    return or_(*parts) if parts else false()


def scoped_subscriptions(principal: Principal) -> Select:
    return select(Subscription).where(subscription_condition(principal))


def reference_address_condition(principal: Principal) -> ColumnElement[bool]:
    """Contracts whose reference (risk) address the principal may see, as a condition on
    `Subscription`: staff and partners with the contract itself, MAIN users for their own
    company's contracts, everyone else only through a grant that shares the contract *and*
    shows reference addresses (SPEC §3.3)."""
    if not principal.is_customer:
        return subscription_condition(principal)
    parts = [grant_contract_condition(g) for g in principal.grants if g.show_reference_addresses]
    if principal.is_main_user and principal.customer_id is not None:
        parts.append(Subscription.customer_id == principal.customer_id)
    return or_(*parts) if parts else false()


class CustomerArea(StrEnum):
    """The areas of the customer portal, one tile each on the dashboard (SPEC §5)."""

    CONTRACTS = "contracts"
    DOCUMENTS = "documents"
    QUOTES = "quotes"
    ORDERS = "orders"
    INVOICES = "invoices"
    TICKETS = "tickets"
    CLAIMS = "claims"
    POSTBOX = "postbox"


_ALL_AREAS = frozenset(CustomerArea)
# The postbox is the user's own mail, so every view has it.
_VIEW_AREAS: dict[GrantViewType, frozenset[CustomerArea]] = {
    GrantViewType.TILES: _ALL_AREAS,
    GrantViewType.COMMERCIAL: _ALL_AREAS,
    GrantViewType.PRIVATE: frozenset(
        _ALL_AREAS - {CustomerArea.QUOTES, CustomerArea.ORDERS, CustomerArea.INVOICES}
    ),
    GrantViewType.CLAIM_REPORTER: frozenset({CustomerArea.CLAIMS, CustomerArea.POSTBOX}),
}
# NORMAL users see no quotes, orders or invoices and of their company only what they created.
_ROLE_AREAS: dict[CustomerRole, frozenset[CustomerArea]] = {
    CustomerRole.MAIN: _ALL_AREAS,
    CustomerRole.NORMAL: frozenset(
        {CustomerArea.TICKETS, CustomerArea.CLAIMS, CustomerArea.POSTBOX}
    ),
}


def _grant_areas(grant: GrantScope) -> frozenset[CustomerArea]:
    """What a grant's view type shows, of what a grant can share at all: contracts and
    documents always, tickets and claims only when its settings share them."""
    shareable = {CustomerArea.CONTRACTS, CustomerArea.DOCUMENTS, CustomerArea.POSTBOX}
    if grant.share_tickets:
        shareable.add(CustomerArea.TICKETS)
    if grant.include_claims or grant.view_type == GrantViewType.CLAIM_REPORTER:
        shareable.add(CustomerArea.CLAIMS)
    return _VIEW_AREAS[grant.view_type] & shareable


def customer_areas(principal: Principal, customer_id: int | None = None) -> frozenset[CustomerArea]:
    """The areas a customer user's dashboard shows, for all their customers (None) or one:
    the own company's by role, each grant's by its view type; tiles outside are absent."""
    if not principal.is_customer:
        return frozenset()
    areas: set[CustomerArea] = set()
    if customer_id is None or customer_id == principal.customer_id:
        areas |= _ROLE_AREAS[principal.customer_role or CustomerRole.NORMAL]
    for grant in principal.grants:
        if customer_id is None or customer_id in grant.customer_ids:
            areas |= _grant_areas(grant)
    return frozenset(areas)


# --------------------------------------------------------------------------- records of customers


def _customer_ids(principal: Principal) -> Select:
    return select(Customer.id).where(customer_condition(principal))


def scoped_documents(principal: Principal) -> Select:
    """Documents: of the own company for MAIN users; otherwise (SPEC §3.3) a document is visible
    when its contract is visible, or it belongs to a grant customer and carries a keyword of
    that grant's document profile."""
    if principal.is_staff:
        return select(Document)
    if principal.is_partner:
        return select(Document).where(Document.customer_id.in_(_customer_ids(principal)))
    parts: list[ColumnElement[bool]] = [
        Document.subscription_id.in_(
            select(Subscription.id).where(subscription_condition(principal))
        )
    ]
    if principal.is_main_user and principal.customer_id is not None:
        parts.append(Document.customer_id == principal.customer_id)
    for grant in principal.grants:
        if grant.customer_ids and grant.document_keywords:
            parts.append(
                and_(
                    Document.customer_id.in_(sorted(grant.customer_ids)),
                    Document.id.in_(
                        select(DocumentKeyword.document_id).where(
                            DocumentKeyword.keyword.in_(sorted(grant.document_keywords))
                        )
                    ),
                )
            )
    return select(Document).where(or_(*parts))


def scoped_sales_documents(principal: Principal, kind: str | None = None) -> Select:
    """Quotes, orders, invoices: MAIN users see their company's; NORMAL users none (SPEC §3.2)."""
    if principal.is_staff:
        condition: ColumnElement[bool] = true()
    elif principal.is_partner:
        condition = SalesDocument.customer_id.in_(_customer_ids(principal))
    elif principal.is_main_user and principal.customer_id is not None:
        condition = SalesDocument.customer_id == principal.customer_id
    else:
        condition = false()
    query = select(SalesDocument).where(condition)
    return query.where(SalesDocument.kind == kind) if kind else query


def scoped_tickets(principal: Principal) -> Select:
    """MAIN: all of the company; NORMAL: own; grants sharing processes: co-members' tickets
    about the grant's customers."""
    if principal.is_staff:
        return select(Ticket)
    if principal.is_partner:
        return select(Ticket).where(Ticket.customer_id.in_(_customer_ids(principal)))
    parts: list[ColumnElement[bool]] = [Ticket.creator_id == principal.user_id]
    if principal.is_main_user and principal.customer_id is not None:
        parts.append(Ticket.customer_id == principal.customer_id)
    for grant in principal.grants:
        if grant.share_tickets and grant.customer_ids:
            # Co-members' tickets about the grant's customers, not about their other business.
            parts.append(
                and_(
                    Ticket.creator_id.in_(sorted(grant.member_ids)),
                    Ticket.customer_id.in_(sorted(grant.customer_ids)),
                )
            )
    return select(Ticket).where(or_(*parts))


def scoped_claims(principal: Principal) -> Select:
    """MAIN: the company's claims; NORMAL: own reports; grants with "include claims": claims on
    the contracts they share, for the claim-reporter view only those reported by members."""
    if principal.is_staff:
        return select(Claim)
    if principal.is_partner:
        return select(Claim).where(Claim.customer_id.in_(_customer_ids(principal)))
    parts: list[ColumnElement[bool]] = [Claim.reporter_id == principal.user_id]
    if principal.is_main_user and principal.customer_id is not None:
        parts.append(Claim.customer_id == principal.customer_id)
    for grant in principal.grants:
        if not grant.include_claims:
            continue
        on_shared = Claim.subscription_id.in_(
            select(Subscription.id).where(grant_contract_condition(grant))
        )
        if grant.view_type == GrantViewType.CLAIM_REPORTER:
            on_shared = and_(on_shared, _in(Claim.reporter_id, grant.member_ids))
        parts.append(on_shared)
    return select(Claim).where(or_(*parts))


def scoped_shop_orders(principal: Principal) -> Select:
    """MAIN: all shop orders of the company; NORMAL: own (SPEC §3.2)."""
    if principal.is_staff:
        return select(ShopOrder)
    if principal.is_partner:
        return select(ShopOrder).where(ShopOrder.customer_id.in_(_customer_ids(principal)))
    if principal.is_main_user and principal.customer_id is not None:
        return select(ShopOrder).where(ShopOrder.customer_id == principal.customer_id)
    return select(ShopOrder).where(ShopOrder.user_id == principal.user_id)


def shop_customer_id(principal: Principal) -> int | None:
    """The customer a customer user shops for: their own company (MAIN and NORMAL alike order
    for it; grant customers are shared for reading, not for buying). None for everyone else."""
    return principal.customer_id if principal.is_customer else None


def scoped_assets(principal: Principal) -> Select:
    """Printers: staff all; partners their customers'; customer users their own company's."""
    if principal.is_staff:
        return select(Asset)
    if principal.is_partner:
        return select(Asset).where(Asset.customer_id.in_(_customer_ids(principal)))
    customer_id = shop_customer_id(principal)
    return select(Asset).where(Asset.customer_id == customer_id if customer_id else false())


def scoped_accounts(principal: Principal) -> Select:
    """The customer and partner accounts staff administer (SPEC §7); staff accounts are not
    among them. Only staff with MANAGE_ACCOUNTS get any row."""
    ensure(principal, StaffPermission.MANAGE_ACCOUNTS)
    return select(User).where(User.kind.in_([UserKind.CUSTOMER, UserKind.PARTNER]))  # type: ignore[attr-defined]


def _in(column, values: Iterable[int]) -> ColumnElement[bool]:  # type: ignore[no-untyped-def]
    values = sorted(set(values))
    return column.in_(values) if values else false()


# --------------------------------------------------------------------------- actions


def can(principal: Principal, action: Action) -> bool:
    """Team actions for partners (SPEC §3.1), permission groups for staff (SPEC §3.4)."""
    if isinstance(action, PartnerAction):
        return principal.is_partner and action in principal.partner_actions
    return principal.is_staff and action in principal.staff_permissions


def ensure(principal: Principal, action: Action) -> None:
    if not can(principal, action):
        raise AccessDenied()


def ensure_staff(principal: Principal) -> None:
    """For staff-wide reads (account counts, the inbox) that no permission group narrows."""
    if not principal.is_staff:
        raise AccessDenied()


def can_manage_person(
    principal: Principal, person_company_ids: Iterable[int], *, person_id: int
) -> bool:
    """May the principal change this partner user's visibility or teams?

    Management/Administration manage colleagues of their own partner companies; changing one's
    own visibility needs Administration (SPEC §3.1: E2 may lift his own NONE to ALL).
    """
    if not principal.is_partner:
        return False
    if person_id == principal.user_id:
        return PartnerAction.CHANGE_OWN_VISIBILITY in principal.partner_actions
    shares_company = bool(principal.partner_company_ids & set(person_company_ids))
    return shares_company and PartnerAction.MANAGE_PEOPLE in principal.partner_actions


def get_visible(session: Session, principal: Principal, query: Select, model, record_id: int):  # type: ignore[no-untyped-def]
    """One record by id through a scoped query; AccessDenied when absent or out of scope, so a
    guessed id never tells whether the record exists."""
    row = session.exec(query.where(model.id == record_id)).first()
    if row is None:
        raise AccessDenied("error.not_found")
    return row
