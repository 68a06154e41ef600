"""Reading the audit log for staff (SPEC §7 "Audit log: searchable, exportable"; issue 6).

Who (the real actor), acting as whom, what, which record, when, from where. Only staff with
StaffPermission.MANAGE_ACCOUNTS may read or export it: it names every account's logins and
actions. Filters combine with AND; the free-text search matches the actor's and the account's
login or name and the action. Newest first, paged; the CSV export applies the same filters.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from babel.dates import get_timezone
from sqlalchemy import func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from portal.config import get_settings
from portal.models import AuditEvent, User
from portal.models.enums import StaffPermission
from portal.services import access, audit
from portal.services.access import Principal
from portal.services.csv_file import write_csv

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000
EXPORT_ACTION = "audit.exported"
_TEXT_MAX = 100

Actor = aliased(User, name="actor")
Account = aliased(User, name="account")


@dataclass(frozen=True)
class AuditFilter:
    """What the filter bar sends; every field optional. Dates are days of the installation's
    time zone, both inclusive."""

    search: str = ""
    actor: str = ""  # login or name of the real actor (substring)
    acting_as: str = ""  # login or name of the account acted as (substring)
    action: str = ""  # prefix: "login." finds every login event
    target_type: str = ""
    target_id: str = ""
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    action: str
    actor_login: str
    actor_name: str
    account_login: str
    account_name: str
    target_type: str
    target_id: str
    client_address: str
    detail: dict[str, Any]


def parse_filter(values: dict[str, str]) -> AuditFilter:
    """A filter from untrusted text (query string, form): cut to size, bad dates ignored."""

    def text(key: str) -> str:
        return str(values.get(key, "")).strip()[:_TEXT_MAX]

    return AuditFilter(
        search=text("q"),
        actor=text("actor"),
        acting_as=text("acting_as"),
        action=text("action"),
        target_type=text("target_type"),
        target_id=text("target_id"),
        date_from=_day(text("from")),
        date_to=_day(text("to")),
    )


def filter_params(flt: AuditFilter) -> dict[str, str]:
    """The inverse of `parse_filter`, for the export link of the page."""
    pairs = {
        "q": flt.search,
        "actor": flt.actor,
        "acting_as": flt.acting_as,
        "action": flt.action,
        "target_type": flt.target_type,
        "target_id": flt.target_id,
        "from": flt.date_from.isoformat() if flt.date_from else "",
        "to": flt.date_to.isoformat() if flt.date_to else "",
    }
    return {key: value for key, value in pairs.items() if value}


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _utc_start_of(day: date) -> datetime:
    """Midnight of a day in the installation's time zone, in UTC as the table stores it."""
    zone = get_timezone(get_settings().timezone)
    return datetime.combine(day, time.min).replace(tzinfo=zone).astimezone(UTC)


def _like(value: str) -> str:
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _person_matches(alias: Any, value: str) -> Any:
    pattern = _like(value)
    return or_(
        func.lower(alias.login).like(pattern, escape="\\"),
        func.lower(alias.display_name).like(pattern, escape="\\"),
    )


def _query(flt: AuditFilter) -> Any:
    query = (
        select(AuditEvent, Actor.login, Actor.display_name, Account.login, Account.display_name)
        .outerjoin(Actor, col(AuditEvent.actor_id) == Actor.id)
        .outerjoin(Account, col(AuditEvent.acting_as_id) == Account.id)
    )
    if flt.actor:
        query = query.where(_person_matches(Actor, flt.actor))
    if flt.acting_as:
        query = query.where(_person_matches(Account, flt.acting_as))
    if flt.action:
        prefix = flt.action.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(col(AuditEvent.action).like(f"{prefix}%", escape="\\"))
    if flt.target_type:
        query = query.where(AuditEvent.target_type == flt.target_type)
    if flt.target_id:
        query = query.where(AuditEvent.target_id == flt.target_id)
    if flt.date_from:
        query = query.where(AuditEvent.at >= _utc_start_of(flt.date_from))
    if flt.date_to:
        query = query.where(AuditEvent.at < _utc_start_of(flt.date_to + timedelta(days=1)))
    if flt.search:
        pattern = _like(flt.search)
        query = query.where(
            or_(
                _person_matches(Actor, flt.search),
                _person_matches(Account, flt.search),
                func.lower(AuditEvent.action).like(pattern, escape="\\"),
            )
        )
    return query


def _rows(session: Session, query: Any) -> Iterator[AuditRow]:
    for event, actor_login, actor_name, account_login, account_name in session.exec(query):
        yield AuditRow(
            id=event.id,
            at=event.at,
            action=event.action,
            actor_login=actor_login or "",
            actor_name=actor_name or "",
            account_login=account_login or "",
            account_name=account_name or "",
            target_type=event.target_type,
            target_id=event.target_id,
            client_address=event.client_address,
            detail=dict(event.detail or {}),
        )


def search(
    session: Session, principal: Principal, flt: AuditFilter, *, page: int = 0
) -> tuple[int, list[AuditRow]]:
    """(number of matching events, the events of `page`), newest first."""
    access.ensure(principal, StaffPermission.MANAGE_ACCOUNTS)
    query = _query(flt)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    page = max(0, page)
    ordered = query.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
    return total, list(_rows(session, ordered.offset(page * PAGE_SIZE).limit(PAGE_SIZE)))


CSV_HEADERS = (
    "Zeitpunkt",
    "Aktion",
    "Ausgeführt von (Login)",
    "Ausgeführt von (Name)",
    "Als Account (Login)",
    "Als Account (Name)",
    "Datensatz-Typ",
    "Datensatz-ID",
    "Adresse",
    "Details",
)


def _aware(value: datetime) -> datetime:
    """Stored timestamps are UTC; SQLite may hand them back without the zone."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def format_detail(detail: dict[str, Any]) -> str:
    """`key=value` pairs, sorted, for the table and the export."""
    return ", ".join(f"{key}={detail[key]}" for key in sorted(detail))


def export_csv(
    session: Session, principal: Principal, flt: AuditFilter, *, client_address: str = ""
) -> bytes:
    """The filtered log as CSV for German Excel (see `portal.services.csv_file`), timestamps in
    the installation's time zone; at most EXPORT_LIMIT rows, newest first. The export itself is
    audited (exports are security-relevant)."""
    access.ensure(principal, StaffPermission.MANAGE_ACCOUNTS)
    zone = get_timezone(get_settings().timezone)
    ordered = _query(flt).order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
    rows = [
        (
            _aware(row.at).astimezone(zone).strftime("%d.%m.%Y %H:%M:%S"),
            row.action,
            row.actor_login,
            row.actor_name,
            row.account_login,
            row.account_name,
            row.target_type,
            row.target_id,
            row.client_address,
            format_detail(row.detail),
        )
        for row in _rows(session, ordered.limit(EXPORT_LIMIT))
    ]
    audit.record_by(
        session,
        principal,
        EXPORT_ACTION,
        client_address=client_address,
        detail={"rows": len(rows), **filter_params(flt)},
    )
    return write_csv(CSV_HEADERS, rows)
