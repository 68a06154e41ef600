"""Claims (Schadenmeldungen) of customer users: which contracts a claim can be reported on,
the report itself with attachments, and the list (SPEC §3.3, §5).

A claim is reported on a contract the caller sees (`access.scoped_subscriptions`); a foreign
contract is "not found". For building and household lines the risk address is offered as the
place, but only where the caller may see reference addresses. The list is `access.scoped_claims`
(claim-reporter grants: only claims of members). New claims land in the staff inbox.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import ColumnElement, false, or_
from sqlmodel import Session, select

from portal.models import Claim, Customer, Subscription, User
from portal.models.enums import InboxKind
from portal.services import access, attachments, audit, staff_inbox
from portal.services.access import AccessDenied, Principal
from portal.services.attachments import AttachmentRow, IncomingFile

CLAIMS_PATH = "/customer/claims"
# Lines of business whose risk address is where a claim happens (Gebäude, Hausrat).
RISK_ADDRESS_LINES = frozenset({"Gebäude", "Hausrat"})
PLACE_MAX, DESCRIPTION_MAX = 300, 10_000


class ClaimRefused(Exception):
    """Input that cannot be accepted; `errors` maps field -> i18n message key."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors

    @property
    def message_key(self) -> str:
        """The first field's message, for a route that can only answer with one key."""
        return next(iter(self.errors.values()))


@dataclass(frozen=True)
class ClaimContract:
    id: int
    label: str
    risk_address: str  # empty unless offered as the place


@dataclass(frozen=True)
class ClaimRow:
    id: int
    contract_number: str
    customer_name: str
    reporter_name: str
    claim_date: date
    place: str
    description: str
    status: str
    created_at: datetime
    files: tuple[AttachmentRow, ...]


def _risk_address(subscription: Subscription) -> str:
    place = f"{subscription.risk_postcode} {subscription.risk_city}".strip()
    return ", ".join(part for part in (subscription.risk_street, place) if part)


def _shows_risk_address(principal: Principal) -> ColumnElement[bool]:
    """Contracts whose risk address the caller may see (SPEC §3.3): a MAIN user's own
    company's, otherwise only through a grant that shares the contract and shows reference
    addresses. Built from the policy's grant condition; when `access` offers this rule itself
    (a colleague's `reference_address_condition` is in progress), use that instead."""
    parts = [
        access.grant_contract_condition(g) for g in principal.grants if g.show_reference_addresses
    ]
    if principal.is_main_user and principal.customer_id is not None:
        parts.append(Subscription.customer_id == principal.customer_id)
    return or_(*parts) if parts else false()


def claim_contracts(session: Session, principal: Principal) -> list[ClaimContract]:
    """The contracts the caller may report a claim on, with the risk address where offered."""
    visible = access.scoped_subscriptions(principal).with_only_columns(Subscription.id)
    with_address = set(
        session.exec(
            select(Subscription.id).where(
                Subscription.id.in_(visible), _shows_risk_address(principal)
            )
        ).all()
    )
    rows = session.exec(access.scoped_subscriptions(principal).order_by(Subscription.number)).all()
    return [
        ClaimContract(
            id=s.id,
            label=" · ".join(p for p in (s.number, s.product, s.line_of_business) if p),
            risk_address=_risk_address(s)
            if s.line_of_business in RISK_ADDRESS_LINES and s.id in with_address
            else "",
        )
        for s in rows
    ]


def claim_fields(
    session: Session,
    principal: Principal,
    *,
    subscription_id: int | None,
    claim_date: str,
    place: str,
    description: str,
    today: date,
) -> tuple[Subscription, date, str, str]:
    """The claim's contract (in the caller's scope, else AccessDenied) and fields, cleaned;
    raises ClaimRefused. Also asked by the page before the form (with its files) is posted."""
    errors: dict[str, str] = {}
    subscription = None
    if subscription_id is None:
        errors["contract"] = "support.error.contract_required"
    else:
        subscription = access.get_visible(
            session,
            principal,
            access.scoped_subscriptions(principal),
            Subscription,
            subscription_id,
        )
    try:
        day = date.fromisoformat(claim_date.strip())
    except ValueError:
        errors["claim_date"] = "support.error.date_invalid"
    else:
        if day > today:
            errors["claim_date"] = "support.error.date_future"
    place = " ".join(place.split())
    if len(place) > PLACE_MAX:
        errors["place"] = "support.error.place_too_long"
    description = description.strip()
    if not description:
        errors["description"] = "support.error.description_required"
    elif len(description) > DESCRIPTION_MAX:
        errors["description"] = "support.error.body_too_long"
    if errors or subscription is None:
        raise ClaimRefused(errors)
    return subscription, day, place, description


def report_claim(
    session: Session,
    principal: Principal,
    *,
    subscription_id: int | None,
    claim_date: str,
    place: str,
    description: str,
    files: Sequence[IncomingFile] = (),
    data_dir: Path,
    today: date,
    client_address: str = "",
) -> int:
    """File a claim; raises ClaimRefused (field errors), UploadRefused (a file) or AccessDenied
    (a contract the caller does not see). Nothing is stored unless everything is accepted."""
    if not principal.is_customer:
        raise AccessDenied()
    subscription, day, place, description = claim_fields(
        session,
        principal,
        subscription_id=subscription_id,
        claim_date=claim_date,
        place=place,
        description=description,
        today=today,
    )
    checked = attachments.check_files(files)
    claim = Claim(
        subscription_id=subscription.id,
        customer_id=subscription.customer_id,
        reporter_id=principal.user_id,
        claim_date=day,
        place=place,
        description=description,
    )
    session.add(claim)
    session.flush()
    attachments.store_files(
        session,
        principal,
        checked,
        owner_kind=attachments.CLAIM,
        owner_id=claim.id,
        data_dir=data_dir,
    )
    customer = session.get(Customer, subscription.customer_id)
    staff_inbox.add_item(
        session,
        InboxKind.CLAIM,
        claim.id,
        f"Schadenmeldung {subscription.number} ({customer.name if customer else ''})",
    )
    audit.record_by(
        session,
        principal,
        "claim.reported",
        target_type="claim",
        target_id=claim.id,
        client_address=client_address,
    )
    return claim.id


def list_claims(session: Session, principal: Principal) -> list[ClaimRow]:
    visible = access.scoped_claims(principal).with_only_columns(Claim.id)
    rows = session.exec(
        select(Claim, Subscription.number, Customer.name, User)
        .join(Subscription, Subscription.id == Claim.subscription_id)
        .join(Customer, Customer.id == Claim.customer_id)
        .join(User, User.id == Claim.reporter_id)
        .where(Claim.id.in_(visible))
        .order_by(Claim.created_at.desc(), Claim.id.desc())
    ).all()
    files = attachments.attachments_of(session, attachments.CLAIM, [c.id for c, *_ in rows])
    return [
        ClaimRow(
            id=claim.id,
            contract_number=number,
            customer_name=customer_name,
            reporter_name=reporter.display_name or reporter.login,
            claim_date=claim.claim_date,
            place=claim.place,
            description=claim.description,
            status=claim.status,
            created_at=claim.created_at,
            files=tuple(f for f in files if f.owner_id == claim.id),
        )
        for claim, number, customer_name, reporter in rows
    ]
