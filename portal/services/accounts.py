"""Account administration by staff (SPEC §7): customer and partner users.

Staff with MANAGE_ACCOUNTS create, edit, deactivate and delete the accounts of customers and
partners; staff accounts are out of reach here (`access.scoped_accounts`). Every id the browser
sends is looked up through that scope again.

Passwords: a new account gets a generated password that `create` returns exactly once, for the
clerk to read off the screen; only its argon2 hash is stored, and its status is STAFF_SET. The
clerk may later type a new password (policy-checked) or generate another one. Sending access
(`portal.services.access_links.send_access`) mails an activation link instead: plaintext
passwords are never mailed, stored or exported.

Deleting: an account that has history in Portal (shop orders, tickets, claims, messages,
documents, approvals, audit entries as the actor, being a customer's partner contact, ...) is
NOT deleted: `delete` refuses with `accounts.delete_has_records` and the clerk deactivates it
instead, so no order or ticket loses its author and the audit trail keeps its actor. What
belongs to the account alone (its sessions, links, team/location/grant memberships, saved grid
views, two-factor data) is removed with it; mails already sent keep their text. The rule is
found through every foreign key to `user_account` in the metadata, so a table added later is
covered without touching this module.

Every change is audited with `audit.record_by` (create, edit, password set, (de)activate,
delete, export).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete as sql_delete
from sqlalchemy import func, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel, col, select

from portal.i18n import format_timestamp, normalize_locale, t
from portal.models import (
    AccessGrantMember,
    AuthSession,
    Customer,
    GridPreference,
    LoginAttempt,
    LoginChallenge,
    NotificationSent,
    OneTimeToken,
    PartnerCompany,
    RecoveryCode,
    Team,
    User,
    UserIdentity,
    UserPartnerCompany,
    UserPermissionGroup,
    UserTeam,
)
from portal.models.clock import utcnow
from portal.models.enums import (
    CustomerRole,
    PasswordStatus,
    StaffPermission,
    TokenPurpose,
    UserKind,
    Visibility,
)
from portal.services import audit, one_time_tokens
from portal.services.access import AccessDenied, Principal, ensure, scoped_accounts
from portal.services.auth import end_all_sessions, normalize_login
from portal.services.csv_file import write_csv
from portal.services.mail import normalize_recipient
from portal.services.passwords import MAX_PASSWORD_LENGTH, hash_password, policy_errors
from portal.services.settings import password_policy

EXPORT_ROUTE = "/files/accounts.csv"  # portal/api/account_export_routes.py
GENERATED_LENGTH = 8  # SPEC §7; longer only when the installation's policy demands it
# No 0/O/o, 1/l/I/i: the clerk reads the password to someone over the phone.
_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_LOWER = "abcdefghjkmnpqrstuvwxyz"
_DIGITS = "23456789"
_ALPHABET = _UPPER + _LOWER + _DIGITS
_LOGIN = re.compile(r"[a-z0-9][a-z0-9._@+\-]{2,253}")
_NAME_MAX = 200
KINDS = (UserKind.CUSTOMER, UserKind.PARTNER)


class AccountRefused(Exception):
    """Input the clerk can correct; `message_key` is in portal/i18n/accounts.py and `field`
    names the form field it belongs to."""

    def __init__(self, message_key: str, field: str = "") -> None:
        super().__init__(message_key)
        self.message_key = message_key
        self.field = field


@dataclass(frozen=True)
class AccountForm:
    """What the create and edit forms send, as the browser sent it (checked by `_validated`).

    Customers: `customer_number` and `role`. Partners: `partner_company_ids`, `team_ids` and
    `visibility`. `kind` is fixed once the account exists."""

    kind: str
    login: str
    email: str
    display_name: str
    customer_number: str = ""
    role: str = CustomerRole.NORMAL
    partner_company_ids: tuple[int, ...] = ()
    team_ids: tuple[int, ...] = ()
    visibility: str = Visibility.NONE
    notify_documents: bool = True
    notify_tickets: bool = True
    notify_orders: bool = True
    locale: str = "de"


@dataclass(frozen=True)
class Created:
    """A new account and its generated password, which exists nowhere else: show it once."""

    user_id: int
    password: str


@dataclass(frozen=True)
class Option:
    id: int
    name: str


@dataclass(frozen=True)
class AccountOptions:
    """What the forms offer: partner locations and teams (customers are given by number)."""

    companies: tuple[Option, ...]
    teams: tuple[Option, ...]


@dataclass(frozen=True)
class AccountDetail:
    id: int
    form: AccountForm
    active: bool
    password_status: str
    last_login_at: datetime | None
    access_sent_at: datetime | None
    customer_name: str = ""


@dataclass(frozen=True)
class ExportOptions:
    """SPEC §7 export options; each `False` leaves those accounts out."""

    include_inactive: bool = False
    include_user_set: bool = False
    include_notified: bool = False


@dataclass
class _Checked:
    kind: UserKind
    login: str
    email: str
    display_name: str
    customer_id: int | None = None
    role: CustomerRole | None = None
    company_ids: list[int] = field(default_factory=list)
    team_ids: list[int] = field(default_factory=list)
    visibility: Visibility = Visibility.NONE


# --------------------------------------------------------------------------- reading


def options(session: Session, principal: Principal) -> AccountOptions:
    ensure(principal, StaffPermission.MANAGE_ACCOUNTS)
    companies = session.exec(select(PartnerCompany).order_by(col(PartnerCompany.name))).all()
    teams = session.exec(select(Team).order_by(col(Team.name))).all()
    return AccountOptions(
        companies=tuple(Option(c.id, c.name) for c in companies if c.id is not None),
        teams=tuple(Option(t.id, t.name) for t in teams if t.id is not None),
    )


def get_account(session: Session, principal: Principal, user_id: int) -> AccountDetail:
    """One account for the edit page; `error.not_found` for ids outside the scope."""
    user = _account(session, principal, user_id)
    customer = session.get(Customer, user.customer_id) if user.customer_id else None
    companies = session.exec(
        select(UserPartnerCompany.partner_company_id).where(UserPartnerCompany.user_id == user.id)
    ).all()
    teams = session.exec(select(UserTeam.team_id).where(UserTeam.user_id == user.id)).all()
    return AccountDetail(
        id=user_id,
        form=AccountForm(
            kind=user.kind,
            login=user.login,
            email=user.email,
            display_name=user.display_name,
            customer_number=customer.number if customer else "",
            role=user.customer_role or CustomerRole.NORMAL,
            partner_company_ids=tuple(sorted(companies)),
            team_ids=tuple(sorted(teams)),
            visibility=user.visibility,
            notify_documents=user.notify_documents,
            notify_tickets=user.notify_tickets,
            notify_orders=user.notify_orders,
            locale=user.locale,
        ),
        active=user.active,
        password_status=user.password_status,
        last_login_at=user.last_login_at,
        access_sent_at=user.access_sent_at,
        customer_name=customer.name if customer else "",
    )


# --------------------------------------------------------------------------- changing


def create(
    session: Session, principal: Principal, form: AccountForm, *, client_address: str = ""
) -> Created:
    """Create the account with a generated password (returned once, stored hashed only)."""
    ensure(principal, StaffPermission.MANAGE_ACCOUNTS)
    checked = _validated(session, form, user_id=None)
    password = generate_password(session, login=checked.login)
    user = User(
        kind=checked.kind,
        login=checked.login,
        password_hash=hash_password(password),
        password_status=PasswordStatus.STAFF_SET,
        locale=normalize_locale(form.locale),
    )
    _apply(user, checked, form)
    session.add(user)
    session.flush()
    _set_links(session, user, checked)
    _audit(session, principal, "account.created", user, client_address, kind=checked.kind)
    return Created(user_id=user.id, password=password)  # type: ignore[arg-type]


def update_account(
    session: Session,
    principal: Principal,
    user_id: int,
    form: AccountForm,
    *,
    client_address: str = "",
) -> None:
    """Save the edit form; the kind of an account never changes."""
    user = _account(session, principal, user_id)
    if form.kind != user.kind:
        raise AccountRefused("accounts.kind_fixed", "kind")
    checked = _validated(session, form, user_id=user.id)
    address_changed = (user.login, user.email) != (checked.login, checked.email)
    _apply(user, checked, form)
    session.add(user)
    if address_changed:
        _retire_open_links(session, user)  # they went to the old address
    _set_links(session, user, checked)
    _audit(session, principal, "account.updated", user, client_address)


def set_password(
    session: Session,
    principal: Principal,
    user_id: int,
    password: str,
    *,
    client_address: str = "",
) -> None:
    """A password the clerk typed, checked against the installation's policy."""
    user = _account(session, principal, user_id)
    if not isinstance(password, str) or len(password) > MAX_PASSWORD_LENGTH:
        raise AccountRefused("accounts.password_too_long", "password")
    errors = policy_errors(password, login=user.login, policy=password_policy(session))
    if errors:
        raise AccountRefused(errors[0], "password")
    _store_password(session, principal, user, password, client_address)


def generate_new_password(
    session: Session, principal: Principal, user_id: int, *, client_address: str = ""
) -> str:
    """A fresh generated password for the account, returned once like at creation."""
    user = _account(session, principal, user_id)
    password = generate_password(session, login=user.login)
    _store_password(session, principal, user, password, client_address)
    return password


def set_active(
    session: Session,
    principal: Principal,
    user_id: int,
    active: bool,
    *,
    client_address: str = "",
) -> None:
    """Deactivating ends every session of the account at once (and load_principal refuses a
    deactivated user from then on)."""
    user = _account(session, principal, user_id)
    if user.active == bool(active):
        return
    user.active = bool(active)
    session.add(user)
    ended = 0 if active else end_all_sessions(session, user.id)  # type: ignore[arg-type]
    action = "account.reactivated" if active else "account.deactivated"
    _audit(session, principal, action, user, client_address, sessions_ended=ended)


def delete(
    session: Session, principal: Principal, user_id: int, *, client_address: str = ""
) -> None:
    """Delete an account without history (see the module docstring); otherwise refuse with
    `accounts.delete_has_records` so the clerk deactivates it instead."""
    user = _account(session, principal, user_id)
    login, kind = user.login, user.kind
    if _has_history(session, user_id):
        raise AccountRefused("accounts.delete_has_records")
    _delete_own_rows(session, user_id)
    session.delete(user)
    session.flush()
    audit.record_by(
        session,
        principal,
        "account.deleted",
        target_type="user",
        target_id=user_id,
        client_address=client_address,
        detail={"login": login, "kind": kind},
    )


# Rows that exist only for the account: deleted with it (the last two lose the link only).
_OWN_ROWS = (
    UserPartnerCompany,
    UserTeam,
    UserPermissionGroup,
    UserIdentity,
    RecoveryCode,
    LoginChallenge,
    GridPreference,
    AccessGrantMember,
    OneTimeToken,
)
_OWN_TABLES = frozenset(
    [m.__tablename__ for m in (*_OWN_ROWS, AuthSession, LoginAttempt, NotificationSent)]  # type: ignore[attr-defined]
)


def _has_history(session: Session, user_id: int) -> bool:
    """Whether any row outside the account's own rows refers to it: every foreign key to
    `user_account` of every table is asked, so a table added later counts as history."""
    for table in SQLModel.metadata.sorted_tables:
        if table.name in _OWN_TABLES:
            continue
        for key in table.foreign_keys:
            if key.column.table.name != User.__tablename__:
                continue
            found = session.execute(
                sa_select(key.parent).where(key.parent == user_id).limit(1)
            ).first()
            if found is not None:
                return True
    return False


def _delete_own_rows(session: Session, user_id: int) -> None:
    """What exists only for the account; anything else referencing it is history."""
    for model in _OWN_ROWS:
        session.exec(sql_delete(model).where(model.user_id == user_id))  # type: ignore[attr-defined]
    session.exec(
        sql_delete(AuthSession).where(
            (col(AuthSession.user_id) == user_id) | (col(AuthSession.acting_as_user_id) == user_id)
        )
    )
    # Failed-login counts and mailed facts stay (throttling, no second mail); they just lose
    # the link to the account.
    session.exec(
        update(LoginAttempt).where(col(LoginAttempt.user_id) == user_id).values(user_id=None)
    )
    session.exec(
        update(NotificationSent)
        .where(col(NotificationSent.recipient_id) == user_id)
        .values(recipient_id=None)
    )


# --------------------------------------------------------------------------- passwords


def generate_password(session: Session, *, login: str = "") -> str:
    """8 characters (or the policy's minimum, if higher) from an alphabet without look-alikes,
    with upper case, lower case and a digit, that passes the installation's password policy."""
    policy = password_policy(session)
    length = max(GENERATED_LENGTH, policy.min_length)
    while True:
        password = "".join(secrets.choice(_ALPHABET) for _ in range(length))
        if (
            any(c in _UPPER for c in password)
            and any(c in _LOWER for c in password)
            and any(c in _DIGITS for c in password)
            and not policy_errors(password, login=login, policy=policy)
        ):
            return password


def _store_password(
    session: Session, principal: Principal, user: User, password: str, client_address: str
) -> None:
    """A password staff chose replaces every way in the old one (or a mailed link) gave:
    live sessions end and open activation/reset links stop working."""
    user.password_hash = hash_password(password)
    user.password_status = PasswordStatus.STAFF_SET
    session.add(user)
    ended = end_all_sessions(session, user.id)  # type: ignore[arg-type]
    _retire_open_links(session, user)
    _audit(session, principal, "account.password_set", user, client_address, sessions_ended=ended)


def _retire_open_links(session: Session, user: User) -> None:
    """Unused activation and password-reset links of the account stop working."""
    now = utcnow()
    for purpose in (TokenPurpose.ACTIVATION, TokenPurpose.PASSWORD_RESET):
        one_time_tokens.retire_open(session, user.id, purpose, now=now)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- export


EXPORT_COLUMNS = (
    "login",
    "email",
    "display_name",
    "kind",
    "organisation",
    "role",
    "active",
    "password_status",
    "last_login",
    "access_sent",
)


def export_csv(
    session: Session,
    principal: Principal,
    export_options: ExportOptions,
    *,
    client_address: str = "",
) -> bytes:
    """The accounts as CSV for German Excel (`csv_file.write_csv`: UTF-8 with BOM, ';', cells
    neutralised against formulas); never a password or a hash. Audited with its options."""
    query = scoped_accounts(principal)
    if not export_options.include_inactive:
        query = query.where(col(User.active).is_(True))
    if not export_options.include_user_set:
        query = query.where(col(User.password_status) != PasswordStatus.USER_SET)
    if not export_options.include_notified:
        query = query.where(col(User.access_sent_at).is_(None))
    users = session.exec(query.order_by(col(User.login))).all()
    locale = principal.locale
    customers = _customers(session, {u.customer_id for u in users if u.customer_id})
    companies = _company_names(session, [u.id for u in users if u.kind == UserKind.PARTNER])
    headers = [t(f"accounts.csv.{key}", locale) for key in EXPORT_COLUMNS]
    rows = []
    for user in users:
        customer = customers.get(user.customer_id) if user.customer_id else None
        organisation = (
            f"{customer.number} {customer.name}" if customer else companies.get(user.id, "")
        )
        rows.append(
            [
                user.login,
                user.email,
                user.display_name,
                t(f"accounts.kind.{user.kind}", locale),
                organisation,
                t(f"accounts.role.{user.customer_role}", locale) if user.customer_role else "",
                t("grid.value.yes" if user.active else "grid.value.no", locale),
                t(f"accounts.password_status.{user.password_status}", locale),
                format_timestamp(user.last_login_at, locale),
                format_timestamp(user.access_sent_at, locale),
            ]
        )
    audit.record_by(
        session,
        principal,
        "account.exported",
        target_type="user",
        client_address=client_address,
        detail={
            "rows": len(users),
            "include_inactive": export_options.include_inactive,
            "include_user_set": export_options.include_user_set,
            "include_notified": export_options.include_notified,
        },
    )
    return write_csv(headers, rows)


def _customers(session: Session, ids: set[int]) -> dict[int, Customer]:
    if not ids:
        return {}
    rows = session.exec(select(Customer).where(col(Customer.id).in_(sorted(ids)))).all()
    return {c.id: c for c in rows if c.id is not None}


def _company_names(session: Session, user_ids: list[int | None]) -> dict[int, str]:
    ids = sorted(i for i in user_ids if i is not None)
    if not ids:
        return {}
    rows = session.exec(
        select(UserPartnerCompany.user_id, PartnerCompany.name)
        .join(PartnerCompany, col(PartnerCompany.id) == UserPartnerCompany.partner_company_id)
        .where(col(UserPartnerCompany.user_id).in_(ids))
        .order_by(col(PartnerCompany.name))
    ).all()
    names: dict[int, list[str]] = {}
    for user_id, name in rows:
        names.setdefault(user_id, []).append(name)
    return {user_id: ", ".join(parts) for user_id, parts in names.items()}


# --------------------------------------------------------------------------- helpers


def _account(session: Session, principal: Principal, user_id: int) -> User:
    """An account through the staff scope; a guessed or staff id reads as not found."""
    if type(user_id) is not int:
        raise AccessDenied("error.not_found")
    query = scoped_accounts(principal).where(User.id == user_id)
    user = session.exec(query).first()
    if user is None:
        raise AccessDenied("error.not_found")
    return user


def _validated(session: Session, form: AccountForm, *, user_id: int | None) -> _Checked:
    """Every field checked in form order; the first problem is refused with its field."""
    try:
        kind = UserKind(form.kind)
    except ValueError:
        raise AccountRefused("accounts.kind_invalid", "kind") from None
    if kind not in KINDS:
        raise AccountRefused("accounts.kind_invalid", "kind")
    login = normalize_login(form.login if isinstance(form.login, str) else "")
    if not _LOGIN.fullmatch(login):
        raise AccountRefused("accounts.login_invalid", "login")
    taken = select(User.id).where(func.lower(User.login) == login)
    if user_id is not None:
        taken = taken.where(User.id != user_id)
    if session.exec(taken).first() is not None:
        raise AccountRefused("accounts.login_taken", "login")
    try:
        email = normalize_recipient(form.email if isinstance(form.email, str) else "")
    except ValueError:
        raise AccountRefused("accounts.email_invalid", "email") from None
    name = " ".join(str(form.display_name).split())[:_NAME_MAX]
    if not name:
        raise AccountRefused("accounts.name_missing", "display_name")
    checked = _Checked(kind=kind, login=login, email=email, display_name=name)
    if kind == UserKind.CUSTOMER:
        number = str(form.customer_number).strip()
        customer_id = session.exec(select(Customer.id).where(Customer.number == number)).first()
        if not number or customer_id is None:
            raise AccountRefused("accounts.customer_unknown", "customer_number")
        try:
            checked.role = CustomerRole(form.role)
        except ValueError:
            raise AccountRefused("accounts.role_invalid", "role") from None
        checked.customer_id = customer_id
        return checked
    checked.company_ids = _existing(session, PartnerCompany, form.partner_company_ids)
    if not checked.company_ids:
        raise AccountRefused("accounts.company_missing", "partner_company_ids")
    checked.team_ids = _existing(session, Team, form.team_ids)
    try:
        checked.visibility = Visibility(form.visibility)
    except ValueError:
        raise AccountRefused("accounts.visibility_invalid", "visibility") from None
    return checked


def _existing(
    session: Session, model: type[PartnerCompany] | type[Team], ids: Iterable[int]
) -> list[int]:
    """The ids that exist; an id that does not is refused (the browser sent it, not a form)."""
    wanted = sorted({i for i in ids if type(i) is int})
    if len(wanted) != len(list(ids)):
        raise AccountRefused("accounts.selection_invalid")
    if not wanted:
        return []
    found = session.exec(select(model.id).where(col(model.id).in_(wanted))).all()
    if len(found) != len(wanted):
        raise AccountRefused("accounts.selection_invalid")
    return wanted


def _apply(user: User, checked: _Checked, form: AccountForm) -> None:
    user.login = checked.login
    user.email = checked.email
    user.display_name = checked.display_name
    user.notify_documents = form.notify_documents is True
    user.notify_tickets = form.notify_tickets is True
    user.notify_orders = form.notify_orders is True
    if checked.kind == UserKind.CUSTOMER:
        user.customer_id = checked.customer_id
        user.customer_role = checked.role
    else:
        user.visibility = checked.visibility


def _set_links(session: Session, user: User, checked: _Checked) -> None:
    """A partner's locations and teams become exactly the checked ones."""
    if checked.kind != UserKind.PARTNER:
        return
    session.exec(sql_delete(UserPartnerCompany).where(col(UserPartnerCompany.user_id) == user.id))
    session.exec(sql_delete(UserTeam).where(col(UserTeam.user_id) == user.id))
    for company_id in checked.company_ids:
        session.add(UserPartnerCompany(user_id=user.id, partner_company_id=company_id))  # type: ignore[arg-type]
    for team_id in checked.team_ids:
        session.add(UserTeam(user_id=user.id, team_id=team_id))  # type: ignore[arg-type]
    session.flush()


def _audit(
    session: Session,
    principal: Principal,
    action: str,
    user: User,
    client_address: str,
    **detail: object,
) -> None:
    audit.record_by(
        session,
        principal,
        action,
        target_type="user",
        target_id=user.id,
        client_address=client_address,
        detail={"login": user.login, **detail},
    )
