"""Act as an account ("Als Account anmelden", SPEC §3.4): staff open a customer's or partner's
own view in the same browser.

The staff member's session row gets `acting_as_user_id`; `portal.services.auth.principal_for_token`
then yields the account's principal with `actor_id` = the staff member, so every rule applies
to the account while `portal.services.audit.record_by` records both. Starting and ending give
the session a new token: the tab's state is bound to the token (`AccessMiddleware`), so nothing
loaded for one identity stays in the browser state of the other.

It cannot be chained: a session that already acts cannot start again, and the acted-as
principal is a customer or partner, so staff handlers refuse it anyway. The account learns of
it by mail, once per start, in its own language.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from portal.config import Settings, get_settings
from portal.i18n import format_timestamp
from portal.models import AuditEvent, User
from portal.models.clock import utcnow
from portal.models.enums import StaffPermission, UserKind
from portal.services import access, audit
from portal.services.access import AccessDenied, load_principal
from portal.services.auth import hash_token, resolve_session
from portal.services.branding import portal_name
from portal.services.mail import normalize_recipient, queue_mail
from portal.services.navigation import home_path
from portal.services.totp import must_enrol

START_ACTION = "act_as.start"
END_ACTION = "act_as.end"
ENROL_FIRST = "act_as.error.enrol"
# Every event handler / file request made while acting (see AccessMiddleware, api.caller).
EVENT_ACTION = "act_as.event"
REQUEST_ACTION = "act_as.request"
MAIL_TEMPLATE = "act_as_notice"
_ACTABLE = frozenset({UserKind.CUSTOMER, UserKind.PARTNER})


@dataclass(frozen=True)
class Switch:
    """The outcome of a start or end: the new cookie token and where the browser goes next."""

    token: str
    path: str


def start(
    session: Session,
    token: str | None,
    target_user_id: int,
    *,
    back: str | None = None,
    client_address: str = "",
    now: datetime | None = None,
    settings: Settings | None = None,
) -> Switch:
    """Let the staff session of `token` act as the active customer/partner `target_user_id`;
    `back` (a local path) is the staff page that `end` returns to.

    Raises AccessDenied (message key) for a missing session, missing permission, a staff
    member who must enrol in two-factor login first (`act_as.error.enrol`: the middleware would
    stop them anywhere else), a session that already acts, staff or inactive targets. Audited
    and mailed in the caller's transaction, so the switch, its audit row and the notice
    commit together."""
    now = now or utcnow()
    row = resolve_session(session, token, now=now)
    if row is None:
        raise AccessDenied("error.forbidden")
    if row.acting_as_user_id is not None:
        raise AccessDenied("act_as.error.chained")
    staff = load_principal(session, row.user_id)
    if staff is None:
        raise AccessDenied("error.forbidden")
    access.ensure(staff, StaffPermission.ACT_AS)
    if must_enrol(session, staff.user_id, settings or get_settings()):
        raise AccessDenied(ENROL_FIRST)
    target = session.get(User, target_user_id)
    if target is None or not target.active or UserKind(target.kind) not in _ACTABLE:
        raise AccessDenied("act_as.error.target")
    row.acting_as_user_id = target.id
    new_token = _rotate(row)
    session.add(row)
    notified = _notify(session, target, staff.display_name, now)
    audit.record(
        session,
        START_ACTION,
        actor_id=staff.user_id,
        acting_as_id=target.id,
        target_type="user",
        target_id=target.id,
        client_address=client_address,
        detail={"login": target.login, "notified": notified, "back": _staff_page(back)},
    )
    return Switch(token=new_token, path=home_path(target.kind))


def end(
    session: Session,
    token: str | None,
    *,
    client_address: str = "",
    now: datetime | None = None,
) -> Switch:
    """Return the session of `token` to the staff member's own view: the page acting began on
    (kept in the start's audit row), else the staff home. Raises AccessDenied when the session
    does not act as anyone."""
    row = resolve_session(session, token, now=now)
    if row is None or row.acting_as_user_id is None:
        raise AccessDenied("act_as.error.not_acting")
    account_id = row.acting_as_user_id
    back = _began_on(session, row.user_id, account_id)
    row.acting_as_user_id = None
    new_token = _rotate(row)
    session.add(row)
    audit.record(
        session,
        END_ACTION,
        actor_id=row.user_id,
        acting_as_id=account_id,
        target_type="user",
        target_id=account_id,
        client_address=client_address,
    )
    return Switch(token=new_token, path=back or home_path(UserKind.STAFF))


def _began_on(session: Session, staff_id: int, account_id: int) -> str:
    """The `back` page of the latest start by this staff member as this account."""
    started = session.exec(
        select(AuditEvent)
        .where(
            AuditEvent.action == START_ACTION,
            AuditEvent.actor_id == staff_id,
            AuditEvent.acting_as_id == account_id,
        )
        .order_by(AuditEvent.id.desc())  # type: ignore[union-attr]
        .limit(1)
    ).first()
    return str(started.detail.get("back", "")) if started else ""


def _staff_page(path: str | None) -> str:
    """Only a local staff page is a place to return to (never an account's page or another site)."""
    if path and path.startswith("/staff") and not path.startswith("//") and "\\" not in path:
        return path
    return ""


def _rotate(row) -> str:  # type: ignore[no-untyped-def]
    token = secrets.token_urlsafe(32)
    row.token_hash = hash_token(token)
    return token


def _notify(session: Session, account: User, staff_name: str, now: datetime) -> bool:
    """Queue the notice to the account; False when it has no usable address to write to."""
    try:
        recipient = normalize_recipient(account.email or account.login)
    except ValueError:
        return False
    queue_mail(
        session,
        template=MAIL_TEMPLATE,
        locale=account.locale,
        recipient=recipient,
        context={
            "name": account.display_name or account.login,
            "staff_name": staff_name,
            "at": format_timestamp(now, account.locale),
            "portal_name": portal_name(session),
        },
    )
    return True


def record_event(
    session: Session,
    principal: access.Principal,
    action: str,
    what: str,
    *,
    client_address: str = "",
) -> None:
    """Audit one thing done while acting (an event handler's name, a request path); never its
    arguments, which may hold secrets. Does nothing for a principal that is not acting."""
    if principal.actor_id is None:
        return
    audit.record_by(
        session, principal, action, client_address=client_address, detail={"what": what[:200]}
    )
