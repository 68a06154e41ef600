"""Self-registration from the login page and its approval by staff (SPEC §7 Registrations).

Anyone may register; the request lands in the Postkorb (`staff_inbox`) and the applicant gets a
confirmation mail. The applicant must confirm having read the privacy information; the time of
that consent is kept in the request's audit detail (no column of its own). The public answer is
always the same "received": a second request for an open registration or for an e-mail that
already has an account changes nothing and says nothing, so the form cannot be used to find out
who has an account. Requests are limited per client address.

Staff with MANAGE_ACCOUNTS pick the customer and role and approve, which creates the customer
account without a password (status INITIAL) and sends it an activation link
(`access_links.send_access`); or they reject with a reason. Either way the inbox item is done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, update
from sqlmodel import Session, col, select

from portal.config import Settings, get_settings
from portal.i18n import normalize_locale
from portal.models import Customer, InboxItem, Registration, User
from portal.models.clock import utcnow
from portal.models.enums import (
    CustomerKind,
    CustomerRole,
    InboxKind,
    InboxState,
    PasswordStatus,
    StaffPermission,
    UserKind,
)
from portal.services import access_links, audit, staff_inbox
from portal.services.access import AccessDenied, Principal, ensure
from portal.services.auth import normalize_login
from portal.services.branding import portal_name
from portal.services.invitations import account_exists, insert_account
from portal.services.mail import normalize_recipient, queue_mail

REGISTER_PATH = "/register"
STAFF_PATH = "/staff/registrations"
MAX_PER_ADDRESS_PER_HOUR = 5
SEARCH_LIMIT = 20
OPEN, APPROVED, REJECTED = "open", "approved", "rejected"
# Field lengths of the `registration` table; longer input is refused, not cut.
_LIMITS = {"name": 200, "company": 200, "customer_number": 40, "phone": 60, "message": 2000}
_REASON_MAX = 500


class RegistrationRefused(Exception):
    """Input the applicant or the clerk can correct; carries an i18n message key."""

    def __init__(self, message_key: str) -> None:
        super().__init__(message_key)
        self.message_key = message_key


@dataclass(frozen=True)
class RegistrationView:
    id: int
    name: str
    email: str
    company: str
    customer_number: str
    phone: str
    message: str
    locale: str
    state: str
    created_at: datetime
    decided_at: datetime | None
    user_id: int | None


@dataclass(frozen=True)
class CustomerChoice:
    id: int
    number: str
    name: str


def staff_path(registration_id: int) -> str:
    return f"{STAFF_PATH}/{registration_id}"


def submit(
    session: Session,
    *,
    name: str,
    email: str,
    company: str = "",
    customer_number: str = "",
    phone: str = "",
    message: str = "",
    privacy_consent: bool,
    locale: str = "de",
    client_address: str = "",
    now: datetime | None = None,
) -> None:
    """Validate and store a registration with its inbox item and confirmation mail, in the
    caller's transaction. Raises RegistrationRefused for input to correct (and when this
    address sent too many); returns silently for duplicates (see the module docstring)."""
    now = now or utcnow()
    fields = {
        "name": " ".join(name.split()),
        "company": " ".join(company.split()),
        "customer_number": customer_number.strip(),
        "phone": phone.strip(),
        "message": message.strip(),
    }
    if not fields["name"]:
        raise RegistrationRefused("identity.register_name_missing")
    for field, limit in _LIMITS.items():
        if len(fields[field]) > limit:
            raise RegistrationRefused("identity.register_too_long")
    try:
        address = normalize_login(normalize_recipient(email))
    except ValueError as error:
        raise RegistrationRefused("identity.register_email_invalid") from error
    if privacy_consent is not True:
        raise RegistrationRefused("identity.register_consent_missing")
    consent = {"email": address, "privacy_consent_at": now.isoformat()}
    recent = session.exec(
        select(func.count()).where(
            Registration.client_address == client_address[:64],
            col(Registration.created_at) > now - timedelta(hours=1),
        )
    ).one()
    if recent >= MAX_PER_ADDRESS_PER_HOUR:
        raise RegistrationRefused("identity.register_throttled")
    if account_exists(session, address) or _open_registration(session, address) is not None:
        audit.record(
            session,
            "registration.duplicate",
            client_address=client_address,
            detail=consent,
        )
        return
    locale = normalize_locale(locale)
    registration = Registration(
        email=address,
        display_name=fields["name"],
        company=fields["company"],
        customer_number=fields["customer_number"],
        phone=fields["phone"],
        message=fields["message"],
        locale=locale,
        client_address=client_address[:64],
        created_at=now,
    )
    session.add(registration)
    session.flush()
    assert registration.id is not None
    title = f"{fields['name']} ({fields['company'] or address})"
    staff_inbox.add_item(session, InboxKind.REGISTRATION, registration.id, title)
    queue_mail(
        session,
        template="registration",
        locale=locale,
        recipient=address,
        context={"name": fields["name"], "portal_name": portal_name(session)},
    )
    audit.record(
        session,
        "registration.submitted",
        target_type="registration",
        target_id=registration.id,
        client_address=client_address,
        detail=consent,
    )


def detail(session: Session, principal: Principal, registration_id: int) -> RegistrationView:
    ensure(principal, StaffPermission.MANAGE_ACCOUNTS)
    row = session.get(Registration, registration_id)
    if row is None or row.id is None:
        raise AccessDenied("error.not_found")
    return RegistrationView(
        id=row.id,
        name=row.display_name,
        email=row.email,
        company=row.company,
        customer_number=row.customer_number,
        phone=row.phone,
        message=row.message,
        locale=row.locale,
        state=row.state,
        created_at=row.created_at,
        decided_at=row.decided_at,
        user_id=row.user_id,
    )


def find_customers(session: Session, principal: Principal, query: str) -> list[CustomerChoice]:
    """Customers (not prospects) whose number equals or whose name contains `query`; an exact
    number comes first, so the applicant's customer number picks its customer."""
    ensure(principal, StaffPermission.MANAGE_ACCOUNTS)
    text = query.strip()[:100]
    if not text:
        return []
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = session.exec(
        select(Customer)
        .where(
            Customer.kind == CustomerKind.CUSTOMER,
            or_(
                func.lower(Customer.number) == text.lower(),
                col(Customer.name).ilike(pattern, escape="\\"),
            ),
        )
        .order_by((func.lower(Customer.number) == text.lower()).desc(), col(Customer.name))
        .limit(SEARCH_LIMIT)
    ).all()
    return [CustomerChoice(row.id, row.number, row.name) for row in rows if row.id is not None]


def approve(
    session: Session,
    principal: Principal,
    registration_id: int,
    *,
    customer_id: int,
    role: CustomerRole | str,
    base_url: str = "",
    client_address: str = "",
    now: datetime | None = None,
    settings: Settings | None = None,
) -> int:
    """Create the customer account of an open registration (login = its e-mail, no password)
    and mail it an activation link; returns the new user's id."""
    ensure(principal, StaffPermission.MANAGE_ACCOUNTS)
    now = now or utcnow()
    row = _open(session, registration_id)
    try:
        role = CustomerRole(role)
    except ValueError as error:
        raise RegistrationRefused("identity.role_invalid") from error
    customer = session.get(Customer, customer_id)
    if customer is None or customer.kind != CustomerKind.CUSTOMER:
        raise RegistrationRefused("identity.customer_missing")
    if account_exists(session, row.email):
        raise RegistrationRefused("identity.email_taken")
    user = User(
        kind=UserKind.CUSTOMER,
        login=row.email,
        email=row.email,
        display_name=row.display_name,
        phone=row.phone,
        password_hash=None,
        password_status=PasswordStatus.INITIAL,
        locale=row.locale,
        customer_id=customer.id,
        customer_role=role,
        created_at=now,
    )
    if not insert_account(session, user):
        raise RegistrationRefused("identity.email_taken")
    assert user.id is not None
    _decide(session, principal, row, APPROVED, now, user_id=user.id)
    audit.record_by(
        session,
        principal,
        "registration.approved",
        target_type="registration",
        target_id=row.id,
        client_address=client_address,
        detail={"user_id": user.id, "customer_id": customer.id, "role": role.value},
    )
    access_links.send_access(
        session,
        principal,
        [user.id],
        client_address=client_address,
        base_url=base_url,
        now=now,
        settings=settings or get_settings(),
    )
    return user.id


def reject(
    session: Session,
    principal: Principal,
    registration_id: int,
    *,
    reason: str,
    client_address: str = "",
    now: datetime | None = None,
) -> None:
    """Close an open registration without an account; the reason is kept in the audit log."""
    ensure(principal, StaffPermission.MANAGE_ACCOUNTS)
    reason = reason.strip()
    if not reason:
        raise RegistrationRefused("identity.reason_missing")
    if len(reason) > _REASON_MAX:
        raise RegistrationRefused("identity.register_too_long")
    row = _open(session, registration_id)
    _decide(session, principal, row, REJECTED, now or utcnow())
    audit.record_by(
        session,
        principal,
        "registration.rejected",
        target_type="registration",
        target_id=row.id,
        client_address=client_address,
        detail={"reason": reason},
    )


# --------------------------------------------------------------------------- helpers


def _open(session: Session, registration_id: int) -> Registration:
    row = session.get(Registration, registration_id)
    if row is None:
        raise AccessDenied("error.not_found")
    if row.state != OPEN:
        raise RegistrationRefused("identity.registration_decided")
    return row


def _decide(
    session: Session,
    principal: Principal,
    row: Registration,
    state: str,
    now: datetime,
    *,
    user_id: int | None = None,
) -> None:
    """Record the decision (a conditional UPDATE: of two clerks deciding at once, one wins)
    and mark the registration's Postkorb item done."""
    decision = {
        "state": state,
        "decided_at": now,
        "decided_by_id": principal.actor_id or principal.user_id,
        "user_id": user_id,
    }
    decided = session.exec(  # type: ignore[call-overload]
        update(Registration)
        .where(col(Registration.id) == row.id, col(Registration.state) == OPEN)
        .values(**decision)
        .execution_options(synchronize_session=False)
    ).rowcount
    if decided != 1:
        raise RegistrationRefused("identity.registration_decided")
    for field, value in decision.items():
        setattr(row, field, value)
    session.add(row)
    session.exec(  # type: ignore[call-overload]
        update(InboxItem)
        .where(
            col(InboxItem.kind) == InboxKind.REGISTRATION,
            col(InboxItem.ref_id) == row.id,
            col(InboxItem.state) != InboxState.DONE,
        )
        .values(state=InboxState.DONE, done_at=now)
        .execution_options(synchronize_session=False)
    )


def _open_registration(session: Session, address: str) -> Registration | None:
    return session.exec(
        select(Registration).where(Registration.email == address, Registration.state == OPEN)
    ).first()
