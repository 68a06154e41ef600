"""Staff set up access for a customer contact (SPEC §7, issue 6 "Invitations").

From a customer's staff page, a clerk with MANAGE_ACCOUNTS invites a person as MAIN or NORMAL
user. The invitation is a `OneTimeToken` of purpose INVITATION carrying the customer and role
(partner invitations carry a partner company instead, see `portal.services.invitations`). Its
link leads to the set-password page, where the person confirms or corrects the e-mail address
(it becomes the login) and chooses a password; `accept` then creates the customer account and
uses the link up (`one_time_tokens.claim`). Open invitations can be resent (new token, the old
link dies) or revoked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from portal.config import Settings, get_settings
from portal.i18n import normalize_locale
from portal.models import Customer, OneTimeToken, User
from portal.models.clock import utcnow
from portal.models.enums import (
    CustomerKind,
    CustomerRole,
    PasswordStatus,
    StaffPermission,
    TokenPurpose,
    UserKind,
)
from portal.services import one_time_tokens
from portal.services.access import AccessDenied, Principal, ensure
from portal.services.access_links import (
    LINK_INVALID,
    SET_PASSWORD_PATH,
    PasswordSet,
    base_url_or_default,
)
from portal.services.auth import normalize_login
from portal.services.invitations import (
    account_exists,
    audit_acceptance,
    audit_invitation,
    insert_account,
    new_invitation,
    open_invitation,
    open_invitation_rows,
    send_invitation,
)
from portal.services.mail import normalize_recipient
from portal.services.passwords import hash_password, policy_errors
from portal.services.registrations import RegistrationRefused
from portal.services.settings import password_policy

STAFF_CUSTOMERS_PATH = "/staff/customers"
_NAME_MAX = 200


@dataclass(frozen=True)
class AccountRow:
    id: int
    name: str
    login: str
    role: str
    active: bool
    password_status: str
    access_sent_at: datetime | None


@dataclass(frozen=True)
class InvitationRow:
    id: int
    name: str
    email: str
    role: str
    expires_at: datetime
    expired: bool


@dataclass(frozen=True)
class CustomerAccounts:
    id: int
    number: str
    name: str
    accounts: tuple[AccountRow, ...]
    invitations: tuple[InvitationRow, ...]


def staff_customer_path(customer_id: int) -> str:
    return f"{STAFF_CUSTOMERS_PATH}/{customer_id}"


def overview(
    session: Session, principal: Principal, customer_id: int, *, now: datetime | None = None
) -> CustomerAccounts:
    """The customer's accounts and its open (unused, unrevoked) invitations."""
    ensure(principal, StaffPermission.MANAGE_ACCOUNTS)
    now = now or utcnow()
    customer = _customer(session, customer_id)
    users = session.exec(
        select(User)
        .where(User.customer_id == customer_id, User.kind == UserKind.CUSTOMER)
        .order_by(col(User.display_name), col(User.login))
    ).all()
    return CustomerAccounts(
        id=customer_id,
        number=customer.number,
        name=customer.name,
        accounts=tuple(
            AccountRow(
                id=u.id,
                name=u.display_name,
                login=u.login,
                role=u.customer_role or CustomerRole.NORMAL,
                active=u.active,
                password_status=u.password_status,
                access_sent_at=u.access_sent_at,
            )
            for u in users
            if u.id is not None
        ),
        invitations=tuple(
            InvitationRow(
                id=row.id,
                name=str(row.data.get("name", "")),
                email=row.email,
                role=str(row.data.get("role", "")),
                expires_at=row.expires_at,
                expired=row.expires_at <= now,
            )
            for row in _open_rows(session, customer_id)
            if row.id is not None
        ),
    )


def invite(
    session: Session,
    principal: Principal,
    customer_id: int,
    *,
    name: str,
    email: str,
    role: CustomerRole | str,
    base_url: str = "",
    now: datetime | None = None,
    settings: Settings | None = None,
) -> int:
    """Create the invitation and queue its mail in the caller's transaction; returns its id.
    Input to correct raises RegistrationRefused with an `identity.` key."""
    ensure(principal, StaffPermission.MANAGE_ACCOUNTS)
    now = now or utcnow()
    _customer(session, customer_id)
    name = " ".join(name.split())
    if not name:
        raise RegistrationRefused("identity.register_name_missing")
    if len(name) > _NAME_MAX:
        raise RegistrationRefused("identity.register_too_long")
    try:
        role = CustomerRole(role)
    except ValueError as error:
        raise RegistrationRefused("identity.role_invalid") from error
    try:
        address = normalize_login(normalize_recipient(email))
    except ValueError as error:
        raise RegistrationRefused("identity.register_email_invalid") from error
    if account_exists(session, address):
        raise RegistrationRefused("identity.email_taken")
    if any(row.email == address for row in _open_rows(session, customer_id)):
        raise RegistrationRefused("identity.already_invited")
    row = new_invitation(
        principal, address, {"customer_id": customer_id, "role": role.value, "name": name}, now
    )
    _send(session, principal, row, base_url=base_url, now=now, settings=settings)
    audit_invitation(session, principal, "customer.invited", row, customer_id=customer_id)
    assert row.id is not None
    return row.id


def resend(
    session: Session,
    principal: Principal,
    invitation_id: int,
    *,
    base_url: str = "",
    now: datetime | None = None,
    settings: Settings | None = None,
) -> None:
    """A fresh link with a fresh expiry; the link of the earlier mail stops working."""
    row = _manageable(session, principal, invitation_id)
    _send(session, principal, row, base_url=base_url, now=now or utcnow(), settings=settings)
    audit_invitation(session, principal, "customer.invitation_resent", row)


def revoke(
    session: Session, principal: Principal, invitation_id: int, *, now: datetime | None = None
) -> None:
    row = _manageable(session, principal, invitation_id)
    one_time_tokens.revoke(session, row, now=now or utcnow())
    audit_invitation(session, principal, "customer.invitation_revoked", row)


def invitation_email(session: Session, token: str, *, now: datetime | None = None) -> str | None:
    """For the public page: the invited address of a valid customer invitation, nothing else."""
    row = _usable(session, token, now or utcnow())
    return row.email if row is not None else None


def accept(
    session: Session,
    token: str,
    *,
    email: str,
    password: str,
    repeat: str,
    client_address: str = "",
    now: datetime | None = None,
) -> PasswordSet:
    """Create the customer account of a valid invitation and use the link up, in the caller's
    transaction. The login is the invited address: the link proves only that its holder can
    read that mailbox, so another address typed into `email` is refused, never taken."""
    now = now or utcnow()
    row = _usable(session, token, now)
    if row is None:
        return PasswordSet(error=LINK_INVALID)
    customer = session.get(Customer, row.data.get("customer_id"))
    if customer is None:
        return PasswordSet(error=LINK_INVALID)
    login = normalize_login(row.email)
    try:
        typed = normalize_login(normalize_recipient(email))
    except ValueError:
        return PasswordSet(error="identity.register_email_invalid")
    if typed != login:
        return PasswordSet(error="identity.invite_email_fixed")
    if password != repeat:
        return PasswordSet(error="identity.password_mismatch")
    problems = policy_errors(password, login=login, policy=password_policy(session))
    if problems:
        return PasswordSet(error=problems[0])
    if account_exists(session, login):
        return PasswordSet(error="identity.email_taken")
    if not one_time_tokens.claim(session, row.id, now=now):
        return PasswordSet(error=LINK_INVALID)
    user = User(
        kind=UserKind.CUSTOMER,
        login=login,
        email=login,
        display_name=str(row.data.get("name", "")),
        password_hash=hash_password(password),
        password_status=PasswordStatus.USER_SET,
        locale=normalize_locale(str(row.data.get("locale", ""))),
        customer_id=customer.id,
        customer_role=CustomerRole(row.data.get("role", CustomerRole.NORMAL)),
        created_at=now,
    )
    if not insert_account(session, user):  # created meanwhile: the link has nothing left to do
        return PasswordSet(error="identity.email_taken")
    row.user_id = user.id
    session.add(row)
    audit_acceptance(session, "customer.invitation_accepted", user.id, row, client_address)
    assert user.id is not None
    return PasswordSet(user_id=user.id, login=login)


# --------------------------------------------------------------------------- helpers


def _send(
    session: Session,
    principal: Principal,
    row: OneTimeToken,
    *,
    base_url: str,
    now: datetime,
    settings: Settings | None,
) -> None:
    """The customer invitation's mail, with the link to the set-password page."""
    settings = settings or get_settings()
    send_invitation(
        session,
        principal,
        row,
        base_url=base_url_or_default(base_url, settings),
        now=now,
        settings=settings,
        path=SET_PASSWORD_PATH,
    )


def _customer(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None or customer.kind != CustomerKind.CUSTOMER:
        raise AccessDenied("error.not_found")
    return customer


def _open_rows(session: Session, customer_id: int) -> list[OneTimeToken]:
    rows = open_invitation_rows(session)
    return [row for row in rows if row.data.get("customer_id") == customer_id]


def _manageable(session: Session, principal: Principal, invitation_id: int) -> OneTimeToken:
    ensure(principal, StaffPermission.MANAGE_ACCOUNTS)
    row = open_invitation(session, invitation_id)
    if row is None or "customer_id" not in row.data:
        raise AccessDenied("error.not_found")
    return row


def _usable(session: Session, token: str, now: datetime) -> OneTimeToken | None:
    row = one_time_tokens.usable(session, token, [TokenPurpose.INVITATION], now=now)
    return row if row is not None and "customer_id" in row.data else None
