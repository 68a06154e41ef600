"""CSV exports of the access grants (SPEC §7): by customer with each member's login statistics,
and by contract with how each contract is shared.

Which contracts a grant shares is asked of the grants engine (`access.grant_contract_condition`),
never re-implemented here, so the export shows what members really see. Both exports need
`StaffPermission.MANAGE_GRANTS` and are audited. Served by `portal.api.grant_export_routes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, select

from portal.config import get_settings
from portal.i18n import format_day, format_timestamp, t
from portal.models import (
    AccessGrant,
    AccessGrantContract,
    AccessGrantCustomer,
    AccessGrantMember,
    Claim,
    Customer,
    LoginAttempt,
    Subscription,
    User,
)
from portal.models.clock import utcnow
from portal.models.enums import GrantViewType, ShareStatus, StaffPermission
from portal.services import access
from portal.services.access import GrantScope, Principal
from portal.services.audit import record_by
from portal.services.csv_file import write_csv

EXPORT_ROUTE = "/files/grants/{kind}.csv"
KINDS = ("customers", "contracts")


def export_path(kind: str) -> str:
    return EXPORT_ROUTE.format(kind=kind)


@dataclass(frozen=True)
class CsvExport:
    filename: str
    content: bytes
    rows: int


def export(
    session: Session,
    principal: Principal,
    kind: str,
    *,
    now: datetime | None = None,
    client_address: str = "",
) -> CsvExport:
    """One of the two exports (`KINDS`), audited; ValueError for an unknown kind."""
    access.ensure(principal, StaffPermission.MANAGE_GRANTS)
    if kind not in KINDS:
        raise ValueError(kind)
    now = now or utcnow()
    header, rows = (
        _by_customer(session, principal.locale, now)
        if kind == "customers"
        else _by_contract(session, principal.locale)
    )
    record_by(
        session,
        principal,
        "grant.export",
        target_type="access_grant",
        client_address=client_address,
        detail={"kind": kind, "rows": len(rows)},
    )
    local_day = now.astimezone(_zone()).date().isoformat()
    return CsvExport(
        filename=f"freischaltungen-{kind}-{local_day}.csv",
        content=write_csv(header, rows),
        rows=len(rows),
    )


# --------------------------------------------------------------------------- by customer


def month_starts(now: datetime) -> tuple[datetime, datetime]:
    """The starts of this and of last month in the installation's time zone (aware datetimes)."""
    zone = _zone()
    local = now.astimezone(zone)
    this = datetime(local.year, local.month, 1, tzinfo=zone)
    last = (
        datetime(local.year - 1, 12, 1, tzinfo=zone)
        if local.month == 1
        else datetime(local.year, local.month - 1, 1, tzinfo=zone)
    )
    return this.astimezone(UTC), last.astimezone(UTC)


def _by_customer(
    session: Session, locale: str, now: datetime
) -> tuple[list[str], list[list[str | int]]]:
    header = [
        t(f"grants.csv.{key}", locale)
        for key in (
            "customer",
            "customer_number",
            "grant",
            "member",
            "login",
            "last_login",
            "last_claim",
            "logins_this_month",
            "logins_last_month",
            "logins_total",
        )
    ]
    pairs = session.exec(
        select(Customer, AccessGrant)
        .join(AccessGrantCustomer, AccessGrantCustomer.customer_id == Customer.id)
        .join(AccessGrant, AccessGrant.id == AccessGrantCustomer.grant_id)
        .order_by(func.lower(Customer.name), Customer.number, func.lower(AccessGrant.name))
    ).all()
    members: dict[int, list[User]] = {}
    for grant_id, user in session.exec(
        select(AccessGrantMember.grant_id, User)
        .join(User, User.id == AccessGrantMember.user_id)
        .order_by(func.lower(User.display_name), User.login)
    ).all():
        members.setdefault(grant_id, []).append(user)
    this_month, last_month = month_starts(now)
    this_counts = _login_counts(session, this_month, None)
    last_counts = _login_counts(session, last_month, this_month)
    last_claims = dict(
        session.exec(
            select(Claim.reporter_id, func.max(Claim.created_at)).group_by(Claim.reporter_id)
        ).all()
    )
    rows: list[list[str | int]] = []
    for customer, grant in pairs:
        for user in members.get(grant.id, []) or [None]:
            row: list[str | int] = [customer.name, customer.number, grant.name]
            if user is None:
                rows.append([*row, "", "", "", "", 0, 0, 0])
                continue
            claim_at = last_claims.get(user.id)
            rows.append(
                [
                    *row,
                    user.display_name or user.login,
                    user.login,
                    format_timestamp(user.last_login_at, locale),
                    format_day(claim_at.astimezone(_zone()).date(), locale) if claim_at else "",
                    this_counts.get(user.id, 0),
                    last_counts.get(user.id, 0),
                    user.login_count,
                ]
            )
    return header, rows


def _login_counts(session: Session, start: datetime, end: datetime | None) -> dict[int, int]:
    """Successful logins per user in [start, end)."""
    query = (
        select(LoginAttempt.user_id, func.count())
        .where(
            LoginAttempt.success.is_(True),  # type: ignore[attr-defined]
            LoginAttempt.user_id.is_not(None),  # type: ignore[union-attr]
            LoginAttempt.at >= start,
        )
        .group_by(LoginAttempt.user_id)
    )
    if end is not None:
        query = query.where(LoginAttempt.at < end)
    return dict(session.exec(query).all())


# --------------------------------------------------------------------------- by contract


def _by_contract(session: Session, locale: str) -> tuple[list[str], list[list[str | int]]]:
    header = [
        t(f"grants.csv.{key}", locale)
        for key in (
            "grant",
            "customer",
            "customer_number",
            "contract",
            "product",
            "line_of_business",
            "status",
            "shared",
        )
    ]
    rows: list[list[str | int]] = []
    grants = session.exec(select(AccessGrant).order_by(func.lower(AccessGrant.name))).all()
    for grant in grants:
        scope = _scope(session, grant)
        auto = set(
            session.exec(
                select(Subscription.id).where(access.grant_contract_condition(scope))
            ).all()
        )
        manual = _ids(session, AccessGrantContract.subscription_id, AccessGrantContract, grant.id)
        contracts = session.exec(
            select(Subscription, Customer)
            .join(Customer, Customer.id == Subscription.customer_id)
            .where(Subscription.id.in_(sorted(auto | manual)))
            .order_by(func.lower(Customer.name), Subscription.number)
        ).all()
        for contract, customer in contracts:
            how = [
                t(key, locale)
                for key, applies in (
                    ("grants.csv.shared_auto", contract.id in auto),
                    ("grants.csv.shared_manual", contract.id in manual),
                )
                if applies
            ]
            rows.append(
                [
                    grant.name,
                    customer.name,
                    customer.number,
                    contract.number,
                    contract.product,
                    contract.line_of_business,
                    t(f"grid.value.status.{contract.status}", locale),
                    ", ".join(how),
                ]
            )
    return header, rows


def _scope(session: Session, grant: AccessGrant) -> GrantScope:
    """The grant's auto-share rule as the engine reads it (manual contracts kept apart)."""
    return GrantScope(
        grant_id=grant.id,
        view_type=GrantViewType(grant.view_type),
        customer_ids=frozenset(
            _ids(session, AccessGrantCustomer.customer_id, AccessGrantCustomer, grant.id)
        ),
        member_ids=frozenset(),
        share_statuses=frozenset(
            ShareStatus(s) for s in grant.auto_share_statuses if s in set(ShareStatus)
        ),
        lines_of_business=frozenset(grant.lines_of_business),
        contract_ids=frozenset(),
        include_claims=grant.include_claims,
        share_tickets=grant.share_tickets,
        show_reference_addresses=grant.show_reference_addresses,
        document_keywords=frozenset(),
    )


def _ids(session: Session, column, link, grant_id: int) -> set[int]:  # type: ignore[no-untyped-def]
    return set(session.exec(select(column).where(link.grant_id == grant_id)).all())


def _zone() -> ZoneInfo:
    return ZoneInfo(get_settings().timezone)
