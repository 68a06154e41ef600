"""Administration of access grants (Freischaltungen, SPEC §3.3, §7) for staff.

Every function checks `StaffPermission.MANAGE_GRANTS` through the access policy, validates each
id it is given (an unknown id, a member who is not a customer user, a status the grants engine
does not know: refused with an i18n message key), changes the grant in the caller's transaction
and audits the change there too, so a change and its audit row commit together. A grant's
settings take effect at once: `portal.services.access` loads them again for every principal.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, or_
from sqlmodel import Session, select

from portal.models import (
    AccessGrant,
    AccessGrantContract,
    AccessGrantCustomer,
    AccessGrantMember,
    Customer,
    Subscription,
    User,
)
from portal.models.enums import GrantViewType, ShareStatus, StaffPermission, UserKind
from portal.models.grants import DocumentProfile
from portal.services import access
from portal.services.access import Principal
from portal.services.audit import record_by
from portal.services.grids import contains

NAME_MAX = 200
PROFILE_NAME_MAX = 100
KEYWORD_MAX = 60
KEYWORDS_MAX = 50
SEARCH_LIMIT = 20
FLAGS = ("include_claims", "show_reference_addresses", "share_tickets")


class GrantRefused(Exception):
    """A change that cannot be made; carries the i18n key of the reason shown to the clerk."""

    def __init__(self, message_key: str) -> None:
        super().__init__(message_key)
        self.message_key = message_key


@dataclass(frozen=True)
class GrantRow:
    id: int
    name: str
    customers: int
    members: int


@dataclass(frozen=True)
class Option:
    """A search hit or a linked record: its id and what the clerk reads."""

    id: int
    label: str
    detail: str = ""


@dataclass(frozen=True)
class GrantDetail:
    id: int
    name: str
    view_type: GrantViewType
    include_claims: bool
    show_reference_addresses: bool
    share_tickets: bool
    share_statuses: frozenset[ShareStatus]
    lines_of_business: tuple[str, ...]
    document_profile_id: int | None
    members: tuple[Option, ...]
    customers: tuple[Option, ...]
    contracts: tuple[Option, ...]


@dataclass(frozen=True)
class ProfileRow:
    id: int
    name: str
    keywords: tuple[str, ...]


# --------------------------------------------------------------------------- reading


def list_grants(session: Session, principal: Principal, search: str = "") -> list[GrantRow]:
    """All grants, by name; `search` matches the grant's name, a customer's name or number, or
    a member's name or login."""
    access.ensure(principal, StaffPermission.MANAGE_GRANTS)
    customers = (
        select(AccessGrantCustomer.grant_id, func.count().label("n"))
        .group_by(AccessGrantCustomer.grant_id)
        .subquery()
    )
    members = (
        select(AccessGrantMember.grant_id, func.count().label("n"))
        .group_by(AccessGrantMember.grant_id)
        .subquery()
    )
    query = (
        select(AccessGrant.id, AccessGrant.name, customers.c.n, members.c.n)
        .outerjoin(customers, customers.c.grant_id == AccessGrant.id)
        .outerjoin(members, members.c.grant_id == AccessGrant.id)
        .order_by(func.lower(AccessGrant.name), AccessGrant.id)
    )
    text = search.strip()
    if text:
        by_customer = (
            select(AccessGrantCustomer.grant_id)
            .join(Customer, Customer.id == AccessGrantCustomer.customer_id)
            .where(or_(contains(Customer.name, text), contains(Customer.number, text)))
        )
        by_member = (
            select(AccessGrantMember.grant_id)
            .join(User, User.id == AccessGrantMember.user_id)
            .where(or_(contains(User.display_name, text), contains(User.login, text)))
        )
        query = query.where(
            or_(
                contains(AccessGrant.name, text),
                AccessGrant.id.in_(by_customer),
                AccessGrant.id.in_(by_member),
            )
        )
    return [
        GrantRow(id=gid, name=name, customers=nc or 0, members=nm or 0)
        for gid, name, nc, nm in session.exec(query).all()
    ]


def grant_detail(session: Session, principal: Principal, grant_id: int) -> GrantDetail:
    access.ensure(principal, StaffPermission.MANAGE_GRANTS)
    grant = _grant(session, grant_id)
    members = session.exec(
        select(User)
        .join(AccessGrantMember, AccessGrantMember.user_id == User.id)
        .where(AccessGrantMember.grant_id == grant_id)
        .order_by(func.lower(User.display_name), User.login)
    ).all()
    customers = session.exec(
        select(Customer)
        .join(AccessGrantCustomer, AccessGrantCustomer.customer_id == Customer.id)
        .where(AccessGrantCustomer.grant_id == grant_id)
        .order_by(func.lower(Customer.name), Customer.number)
    ).all()
    contracts = session.exec(
        select(Subscription, Customer)
        .join(AccessGrantContract, AccessGrantContract.subscription_id == Subscription.id)
        .join(Customer, Customer.id == Subscription.customer_id)
        .where(AccessGrantContract.grant_id == grant_id)
        .order_by(Subscription.number)
    ).all()
    return GrantDetail(
        id=grant_id,
        name=grant.name,
        view_type=GrantViewType(grant.view_type),
        include_claims=grant.include_claims,
        show_reference_addresses=grant.show_reference_addresses,
        share_tickets=grant.share_tickets,
        share_statuses=frozenset(
            ShareStatus(s) for s in grant.auto_share_statuses if s in set(ShareStatus)
        ),
        lines_of_business=tuple(grant.lines_of_business),
        document_profile_id=grant.document_profile_id,
        members=tuple(_user_option(u) for u in members),
        customers=tuple(_customer_option(c) for c in customers),
        contracts=tuple(_contract_option(s, c) for s, c in contracts),
    )


def lines_of_business(session: Session, principal: Principal) -> list[str]:
    """The lines of business (Sparten) contracts have, for the auto-share limit."""
    access.ensure(principal, StaffPermission.MANAGE_GRANTS)
    return list(
        session.exec(
            select(Subscription.line_of_business)
            .where(Subscription.line_of_business != "")
            .distinct()
            .order_by(Subscription.line_of_business)
        ).all()
    )


def search_users(session: Session, principal: Principal, grant_id: int, text: str) -> list[Option]:
    """Customer user accounts by name or login that are not members of the grant yet."""
    text = _search_text(session, principal, grant_id, text)
    if not text:
        return []
    members = select(AccessGrantMember.user_id).where(AccessGrantMember.grant_id == grant_id)
    rows = session.exec(
        select(User)
        .where(
            User.kind == UserKind.CUSTOMER,
            User.id.not_in(members),
            or_(contains(User.display_name, text), contains(User.login, text)),
        )
        .order_by(func.lower(User.display_name), User.login)
        .limit(SEARCH_LIMIT)
    ).all()
    return [_user_option(u) for u in rows]


def search_customers(
    session: Session, principal: Principal, grant_id: int, text: str
) -> list[Option]:
    """Customers by name or number that are not in the grant yet."""
    text = _search_text(session, principal, grant_id, text)
    if not text:
        return []
    linked = select(AccessGrantCustomer.customer_id).where(AccessGrantCustomer.grant_id == grant_id)
    rows = session.exec(
        access.scoped_customers(principal)
        .where(
            Customer.id.not_in(linked),
            or_(contains(Customer.name, text), contains(Customer.number, text)),
        )
        .order_by(func.lower(Customer.name), Customer.number)
        .limit(SEARCH_LIMIT)
    ).all()
    return [_customer_option(c) for c in rows]


def search_contracts(
    session: Session, principal: Principal, grant_id: int, text: str
) -> list[Option]:
    """Contracts of any customer by number or customer name/number, not yet shared manually."""
    text = _search_text(session, principal, grant_id, text)
    if not text:
        return []
    shared = select(AccessGrantContract.subscription_id).where(
        AccessGrantContract.grant_id == grant_id
    )
    rows = session.exec(
        select(Subscription, Customer)
        .join(Customer, Customer.id == Subscription.customer_id)
        .where(
            access.subscription_condition(principal),
            Subscription.id.not_in(shared),
            or_(
                contains(Subscription.number, text),
                contains(Customer.name, text),
                contains(Customer.number, text),
            ),
        )
        .order_by(Subscription.number)
        .limit(SEARCH_LIMIT)
    ).all()
    return [_contract_option(s, c) for s, c in rows]


def document_profiles(session: Session, principal: Principal) -> list[ProfileRow]:
    access.ensure(principal, StaffPermission.MANAGE_GRANTS)
    rows = session.exec(
        select(DocumentProfile).order_by(func.lower(DocumentProfile.name), DocumentProfile.id)
    ).all()
    return [ProfileRow(id=p.id, name=p.name, keywords=tuple(p.keywords)) for p in rows]


# --------------------------------------------------------------------------- grants


def create_grant(session: Session, principal: Principal, name: str) -> int:
    access.ensure(principal, StaffPermission.MANAGE_GRANTS)
    clean = _grant_name(session, name)
    grant = AccessGrant(name=clean)
    session.add(grant)
    session.flush()
    _audit(session, principal, "grant.create", grant.id, name=clean)
    return grant.id


def rename_grant(session: Session, principal: Principal, grant_id: int, name: str) -> None:
    access.ensure(principal, StaffPermission.MANAGE_GRANTS)
    grant = _grant(session, grant_id)
    clean = _grant_name(session, name, except_id=grant_id)
    if clean == grant.name:
        return
    _audit(session, principal, "grant.rename", grant_id, old=grant.name, new=clean)
    grant.name = clean
    session.add(grant)


def delete_grant(session: Session, principal: Principal, grant_id: int) -> None:
    """The grant with its member, customer and contract rows, in the caller's transaction."""
    access.ensure(principal, StaffPermission.MANAGE_GRANTS)
    grant = _grant(session, grant_id)
    detail = grant_detail(session, principal, grant_id)
    for link in (AccessGrantMember, AccessGrantCustomer, AccessGrantContract):
        session.exec(delete(link).where(link.grant_id == grant_id))  # type: ignore[call-overload]
    session.delete(grant)
    _audit(
        session,
        principal,
        "grant.delete",
        grant_id,
        name=detail.name,
        members=[m.id for m in detail.members],
        customers=[c.id for c in detail.customers],
        contracts=[c.id for c in detail.contracts],
    )
    session.flush()


# --------------------------------------------------------------------------- links


def add_member(session: Session, principal: Principal, grant_id: int, user_id: int) -> None:
    access.ensure(principal, StaffPermission.MANAGE_GRANTS)
    _grant(session, grant_id)
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None:
        raise GrantRefused(_MEMBER.missing)
    if user.kind != UserKind.CUSTOMER:
        raise GrantRefused("grants.error.not_customer_user")
    _add_link(session, principal, _MEMBER, grant_id, user_id, login=user.login)


def remove_member(session: Session, principal: Principal, grant_id: int, user_id: int) -> None:
    _remove_link(session, principal, _MEMBER, grant_id, user_id)


def add_customer(session: Session, principal: Principal, grant_id: int, customer_id: int) -> None:
    access.ensure(principal, StaffPermission.MANAGE_GRANTS)
    _grant(session, grant_id)
    customer = _visible(
        session, principal, access.scoped_customers(principal), Customer, customer_id
    )
    if customer is None:
        raise GrantRefused(_CUSTOMER.missing)
    _add_link(session, principal, _CUSTOMER, grant_id, customer_id, number=customer.number)


def remove_customer(
    session: Session, principal: Principal, grant_id: int, customer_id: int
) -> None:
    _remove_link(session, principal, _CUSTOMER, grant_id, customer_id)


def add_contract(
    session: Session, principal: Principal, grant_id: int, subscription_id: int
) -> None:
    """Share one contract manually, also of a customer outside the grant (SPEC §3.3)."""
    access.ensure(principal, StaffPermission.MANAGE_GRANTS)
    _grant(session, grant_id)
    contract = _visible(
        session, principal, access.scoped_subscriptions(principal), Subscription, subscription_id
    )
    if contract is None:
        raise GrantRefused(_CONTRACT.missing)
    _add_link(session, principal, _CONTRACT, grant_id, subscription_id, number=contract.number)


def remove_contract(
    session: Session, principal: Principal, grant_id: int, subscription_id: int
) -> None:
    _remove_link(session, principal, _CONTRACT, grant_id, subscription_id)


# --------------------------------------------------------------------------- settings


def set_flag(session: Session, principal: Principal, grant_id: int, flag: str, on: bool) -> None:
    """Include claims, show reference addresses or share tickets."""
    access.ensure(principal, StaffPermission.MANAGE_GRANTS)
    grant = _grant(session, grant_id)
    if flag not in FLAGS or not isinstance(on, bool):
        raise GrantRefused("grants.error.bad_setting")
    if getattr(grant, flag) != on:
        setattr(grant, flag, on)
        session.add(grant)
        _audit(session, principal, f"grant.{flag}", grant_id, value=on)


def set_view_type(session: Session, principal: Principal, grant_id: int, view_type: str) -> None:
    access.ensure(principal, StaffPermission.MANAGE_GRANTS)
    grant = _grant(session, grant_id)
    if view_type not in set(GrantViewType):
        raise GrantRefused("grants.error.bad_setting")
    if grant.view_type != view_type:
        _audit(session, principal, "grant.view_type", grant_id, old=grant.view_type, new=view_type)
        grant.view_type = GrantViewType(view_type)
        session.add(grant)


def set_share_status(
    session: Session, principal: Principal, grant_id: int, status: str, on: bool
) -> None:
    """Turn auto-sharing of contracts with one status (SPEC §3.3) on or off."""
    access.ensure(principal, StaffPermission.MANAGE_GRANTS)
    grant = _grant(session, grant_id)
    if status not in set(ShareStatus) or not isinstance(on, bool):
        raise GrantRefused("grants.error.bad_setting")
    current = [s for s in grant.auto_share_statuses if s != status]
    updated = [*current, status] if on else current
    ordered = [s.value for s in ShareStatus if s.value in updated]
    if ordered != list(grant.auto_share_statuses):
        grant.auto_share_statuses = ordered  # a new list, so the JSON column is seen as changed
        session.add(grant)
        _audit(session, principal, "grant.share_status", grant_id, status=status, value=on)


def set_line_of_business(
    session: Session, principal: Principal, grant_id: int, line: str, on: bool
) -> None:
    """Limit auto-sharing to chosen lines of business; none chosen means all lines."""
    access.ensure(principal, StaffPermission.MANAGE_GRANTS)
    grant = _grant(session, grant_id)
    known = set(lines_of_business(session, principal)) | set(grant.lines_of_business)
    if not isinstance(line, str) or line not in known or not isinstance(on, bool):
        raise GrantRefused("grants.error.bad_setting")
    current = [x for x in grant.lines_of_business if x != line]
    updated = sorted([*current, line] if on else current)
    if updated != list(grant.lines_of_business):
        grant.lines_of_business = updated
        session.add(grant)
        _audit(session, principal, "grant.line_of_business", grant_id, line=line, value=on)


def set_document_profile(
    session: Session, principal: Principal, grant_id: int, profile_id: int | None
) -> None:
    access.ensure(principal, StaffPermission.MANAGE_GRANTS)
    grant = _grant(session, grant_id)
    if profile_id is not None and (
        not isinstance(profile_id, int) or session.get(DocumentProfile, profile_id) is None
    ):
        raise GrantRefused("grants.error.no_profile")
    if grant.document_profile_id != profile_id:
        _audit(
            session,
            principal,
            "grant.document_profile",
            grant_id,
            old=grant.document_profile_id,
            new=profile_id,
        )
        grant.document_profile_id = profile_id
        session.add(grant)


# --------------------------------------------------------------------------- document profiles


def save_profile(
    session: Session, principal: Principal, profile_id: int | None, name: str, keywords: str
) -> int:
    """Create (profile_id None) or change a document profile; keywords comma-separated."""
    access.ensure(principal, StaffPermission.MANAGE_GRANTS)
    clean = name.strip() if isinstance(name, str) else ""
    if not clean:
        raise GrantRefused("grants.error.profile_name_required")
    if len(clean) > PROFILE_NAME_MAX:
        raise GrantRefused("grants.error.profile_name_too_long")
    words = _keywords(keywords)
    if profile_id is None:
        profile = DocumentProfile(name=clean, keywords=words)
        session.add(profile)
        session.flush()
        action = "grant.profile_create"
    else:
        found = session.get(DocumentProfile, profile_id) if isinstance(profile_id, int) else None
        if found is None:
            raise GrantRefused("grants.error.no_profile")
        profile = found
        profile.name, profile.keywords = clean, words
        session.add(profile)
        action = "grant.profile_update"
    record_by(
        session,
        principal,
        action,
        target_type="document_profile",
        target_id=profile.id,
        detail={"name": clean, "keywords": words},
    )
    return profile.id


# --------------------------------------------------------------------------- helpers


def _grant(session: Session, grant_id: int) -> AccessGrant:
    grant = session.get(AccessGrant, grant_id) if isinstance(grant_id, int) else None
    if grant is None:
        raise GrantRefused("grants.error.no_grant")
    return grant


@dataclass(frozen=True)
class _LinkKind:
    """One kind of grant link table: its model, the linked id's column, its audit and refusal."""

    model: type[AccessGrantMember] | type[AccessGrantCustomer] | type[AccessGrantContract]
    column: str
    action: str
    missing: str


_MEMBER = _LinkKind(AccessGrantMember, "user_id", "member", "grants.error.no_user")
_CUSTOMER = _LinkKind(AccessGrantCustomer, "customer_id", "customer", "grants.error.no_customer")
_CONTRACT = _LinkKind(
    AccessGrantContract, "subscription_id", "contract", "grants.error.no_contract"
)


def _add_link(
    session: Session,
    principal: Principal,
    kind: _LinkKind,
    grant_id: int,
    record_id: int,
    **detail: object,
) -> None:
    """Link a checked record once (linking it again changes nothing) and audit the addition."""
    if session.get(kind.model, (grant_id, record_id)) is None:
        session.add(kind.model(grant_id=grant_id, **{kind.column: record_id}))
        _audit(
            session,
            principal,
            f"grant.{kind.action}_add",
            grant_id,
            **{kind.column: record_id},
            **detail,
        )


def _remove_link(
    session: Session, principal: Principal, kind: _LinkKind, grant_id: int, record_id: int
) -> None:
    """Unlink a record from a grant; an id that is not linked is refused."""
    access.ensure(principal, StaffPermission.MANAGE_GRANTS)
    _grant(session, grant_id)
    key = (grant_id, record_id)
    link = session.get(kind.model, key) if isinstance(record_id, int) else None
    if link is None:
        raise GrantRefused(kind.missing)
    session.delete(link)
    _audit(session, principal, f"grant.{kind.action}_remove", grant_id, **{kind.column: record_id})


def _search_text(session: Session, principal: Principal, grant_id: int, text: str) -> str:
    """Check the permission and the grant for a search; the trimmed text ('' searches nothing)."""
    access.ensure(principal, StaffPermission.MANAGE_GRANTS)
    _grant(session, grant_id)
    return text.strip()


def _visible(session, principal, query, model, record_id):  # type: ignore[no-untyped-def]
    """A record through the policy's scoped query, or None (unknown, malformed or out of scope)."""
    if not isinstance(record_id, int):
        return None
    try:
        return access.get_visible(session, principal, query, model, record_id)
    except access.AccessDenied:
        return None


def _grant_name(session: Session, name: str, except_id: int | None = None) -> str:
    clean = " ".join(name.split()) if isinstance(name, str) else ""
    if not clean:
        raise GrantRefused("grants.error.name_required")
    if len(clean) > NAME_MAX:
        raise GrantRefused("grants.error.name_too_long")
    taken = session.exec(
        select(AccessGrant.id).where(func.lower(AccessGrant.name) == clean.lower())
    ).all()
    if any(gid != except_id for gid in taken):
        raise GrantRefused("grants.error.name_taken")
    return clean


def _keywords(raw: str) -> list[str]:
    words: list[str] = []
    for part in (raw if isinstance(raw, str) else "").split(","):
        word = part.strip()
        if not word or word in words:
            continue
        if len(word) > KEYWORD_MAX:
            raise GrantRefused("grants.error.keyword_too_long")
        words.append(word)
    if len(words) > KEYWORDS_MAX:
        raise GrantRefused("grants.error.too_many_keywords")
    return words


def _audit(session: Session, principal: Principal, action: str, grant_id: int, **detail) -> None:  # type: ignore[no-untyped-def]
    record_by(
        session, principal, action, target_type="access_grant", target_id=grant_id, detail=detail
    )


def _user_option(user: User) -> Option:
    return Option(id=user.id, label=user.display_name or user.login, detail=user.login)


def _customer_option(customer: Customer) -> Option:
    return Option(id=customer.id, label=customer.name, detail=customer.number)


def _contract_option(contract: Subscription, customer: Customer) -> Option:
    return Option(
        id=contract.id,
        label=contract.number,
        detail=f"{customer.name} ({customer.number}) · {contract.product}",
    )


# --------------------------------------------------------------------------- customers in no grant

CUSTOMER_PAGE_SIZE = 25


@dataclass(frozen=True)
class UngrantedCustomer:
    id: int
    name: str
    number: str
    city: str
    invite_path: str


def customer_page_path(customer_id: int) -> str:
    """The staff customer page that carries the invitation form."""
    return f"/staff/customers/{customer_id}"


def customers_without_grant(
    session: Session, principal: Principal, search: str = "", page: int = 1
) -> tuple[list[UngrantedCustomer], int]:
    """Customers that no grant joins yet (one page of them, by name) and how many there are."""
    access.ensure(principal, StaffPermission.MANAGE_GRANTS)
    page = page if isinstance(page, int) and page > 0 else 1
    query = access.scoped_customers(principal).where(
        Customer.id.not_in(select(AccessGrantCustomer.customer_id))
    )
    text = search.strip() if isinstance(search, str) else ""
    if text:
        query = query.where(or_(contains(Customer.name, text), contains(Customer.number, text)))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(func.lower(Customer.name), Customer.number)
        .offset((page - 1) * CUSTOMER_PAGE_SIZE)
        .limit(CUSTOMER_PAGE_SIZE)
    ).all()
    return [
        UngrantedCustomer(
            id=c.id,
            name=c.name,
            number=c.number,
            city=c.city,
            invite_path=customer_page_path(c.id),
        )
        for c in rows
    ], total
