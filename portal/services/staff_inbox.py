"""The staff inbox (Postkorb): one list of everything customers hand in that needs staff action.

Producers (tickets, claims, approval decisions, shop orders and quote requests, self-
registrations) call `add_item` in their own transaction, so an item exists exactly when its
record does. Staff with INBOX list, filter and work the items:

- `assign_to_me` is one conditional UPDATE (`… WHERE assigned_to_id IS NULL AND state = open`),
  so when two clerks take the same item at the same moment only one wins; the other learns who
  has it. Taking an item moves it to "in progress".
- `mark_done` / `reopen` / `unassign` change the state; taking and finishing are audited.
- `counts` feeds the badge of the Postkorb entry in the staff navigation (not-done items).

Stored titles are German (like the back office's) and are what the title search looks in. What
staff see is built at read time in their language: the kind's title template
(`inbox.item_title.<kind>`) filled with the referenced record's facts (order number, ticket
subject, contract, customer, registrant), read with one query per kind for a whole page. An item
whose record is gone keeps its stored title. The search also matches a kind by its label in any
language ("order", "Bestellung").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, or_, update
from sqlmodel import Session, col, select

from portal.i18n import DEFAULT_LOCALE, LOCALES, t
from portal.models import (
    Approval,
    Claim,
    Customer,
    InboxItem,
    Registration,
    SalesDocument,
    ShopOrder,
    Subscription,
    Ticket,
    User,
)
from portal.models.clock import utcnow
from portal.models.enums import InboxKind, InboxState, StaffPermission
from portal.services import access, audit
from portal.services.access import AccessDenied, Principal
from portal.services.customer_portal import PAGE_SIZE, Page

INBOX_PATH = "/staff/inbox"
SEARCH_MAX = 100
KINDS = frozenset(k.value for k in InboxKind)
STATES = frozenset(s.value for s in InboxState)
# Pages where a referenced record is worked on outside the Postkorb (registrations are approved
# on their own page, built with the account administration).
REGISTRATIONS_PATH = "/staff/registrations"


class InboxRefused(Exception):
    """A step that cannot be done now; `message_key` is an i18n key, `holder` who has the item."""

    def __init__(self, message_key: str, holder: str = "") -> None:
        super().__init__(message_key)
        self.message_key = message_key
        self.holder = holder


def add_item(session: Session, kind: InboxKind, ref_id: int, title: str) -> InboxItem:
    """A new open item in the caller's transaction, so it exists exactly when its record does."""
    item = InboxItem(kind=kind, ref_id=ref_id, title=title[:200])
    session.add(item)
    return item


def item_path(item_id: int) -> str:
    """The Postkorb's own detail page of an item."""
    return f"{INBOX_PATH}/{item_id}"


def item_url(kind: str, ref_id: int) -> str:
    """Where the referenced record is worked on when that is not the Postkorb's detail page
    ("" when the detail page shows and works it itself)."""
    if kind == InboxKind.REGISTRATION:
        return f"{REGISTRATIONS_PATH}/{ref_id}"
    return ""


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class InboxRow:
    id: int
    kind: str
    ref_id: int
    title: str
    state: str
    created_at: datetime
    done_at: datetime | None
    assigned_to_id: int | None
    assignee: str  # display name (or login) of who has it, "" when nobody


@dataclass(frozen=True)
class InboxFilter:
    """What the list shows; unknown values (the browser sends anything) mean "no filter"."""

    kind: str = ""
    state: str = ""
    mine: bool = False
    unassigned: bool = False
    search: str = ""


def _name(user: User | None) -> str:
    return (user.display_name or user.login) if user else ""


def _conditions(principal: Principal, chosen: InboxFilter) -> list:  # type: ignore[type-arg]
    conditions = []
    if chosen.kind in KINDS:
        conditions.append(InboxItem.kind == chosen.kind)
    if chosen.state in STATES:
        conditions.append(InboxItem.state == chosen.state)
    if chosen.mine:
        conditions.append(InboxItem.assigned_to_id == principal.user_id)
    elif chosen.unassigned:
        conditions.append(col(InboxItem.assigned_to_id).is_(None))
    needle = chosen.search.strip()[:SEARCH_MAX].lower()
    if needle:
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        in_title = func.lower(InboxItem.title).like(f"%{escaped}%", escape="\\")
        named = _kinds_named(needle)
        conditions.append(or_(in_title, col(InboxItem.kind).in_(named)) if named else in_title)
    return conditions


def _kinds_named(needle: str) -> list[str]:
    """Kinds whose label contains the search text in any language."""
    return [
        kind.value
        for kind in InboxKind
        if any(needle in t(f"inbox.kind.{kind.value}", locale).lower() for locale in LOCALES)
    ]


# --------------------------------------------------------------------------- shown titles


def _shop_order_facts(session: Session, ids: set[int]) -> dict[int, dict[str, str]]:
    rows = session.exec(
        select(ShopOrder.id, ShopOrder.number, Customer.name)
        .join(Customer, Customer.id == ShopOrder.customer_id)
        .where(col(ShopOrder.id).in_(ids))
    ).all()
    return {ref: {"number": number, "customer": name} for ref, number, name in rows}


def _ticket_facts(session: Session, ids: set[int]) -> dict[int, dict[str, str]]:
    rows = session.exec(
        select(Ticket.id, Ticket.subject, Customer.name)
        .join(Customer, Customer.id == Ticket.customer_id)
        .where(col(Ticket.id).in_(ids))
    ).all()
    return {ref: {"subject": subject, "customer": name} for ref, subject, name in rows}


def _claim_facts(session: Session, ids: set[int]) -> dict[int, dict[str, str]]:
    rows = session.exec(
        select(Claim.id, Subscription.number, Customer.name)
        .join(Subscription, Subscription.id == Claim.subscription_id)
        .join(Customer, Customer.id == Claim.customer_id)
        .where(col(Claim.id).in_(ids))
    ).all()
    return {ref: {"contract": number, "customer": name} for ref, number, name in rows}


def _approval_facts(session: Session, ids: set[int]) -> dict[int, dict[str, str]]:
    rows = session.exec(
        select(Approval.id, SalesDocument.number, Approval.decision)
        .join(SalesDocument, SalesDocument.id == Approval.order_id)
        .where(col(Approval.id).in_(ids))
    ).all()
    return {ref: {"number": n, "decision": decision or "pending"} for ref, n, decision in rows}


def _registration_facts(session: Session, ids: set[int]) -> dict[int, dict[str, str]]:
    rows = session.exec(
        select(
            Registration.id, Registration.display_name, Registration.company, Registration.email
        ).where(col(Registration.id).in_(ids))
    ).all()
    return {ref: {"name": name, "company": company or email} for ref, name, company, email in rows}


_FACTS = {
    InboxKind.ORDER: _shop_order_facts,
    InboxKind.QUOTE_REQUEST: _shop_order_facts,
    InboxKind.TICKET: _ticket_facts,
    InboxKind.CLAIM: _claim_facts,
    InboxKind.APPROVAL: _approval_facts,
    InboxKind.REGISTRATION: _registration_facts,
}


def _shown_titles(session: Session, rows: Iterable[InboxRow], locale: str) -> list[InboxRow]:
    """The rows with their titles in `locale`: one query per kind present, not per row."""
    rows = list(rows)
    wanted: dict[str, set[int]] = {}
    for row in rows:
        wanted.setdefault(row.kind, set()).add(row.ref_id)
    facts = {
        kind: _FACTS[InboxKind(kind)](session, ids) for kind, ids in wanted.items() if kind in KINDS
    }
    shown = []
    for row in rows:
        found = facts.get(row.kind, {}).get(row.ref_id)
        if found is None:  # the record is gone: the stored title is all there is
            shown.append(row)
            continue
        values = dict(found)
        if "decision" in values:
            values["decision"] = t(f"inbox.decision.{values['decision']}", locale)
        title = t(f"inbox.item_title.{row.kind}", locale, **values)
        shown.append(replace(row, title=title))
    return shown


def _row(item: InboxItem, assignee: User | None) -> InboxRow:
    return InboxRow(
        id=item.id,
        kind=item.kind,
        ref_id=item.ref_id,
        title=item.title,
        state=item.state,
        created_at=item.created_at,
        done_at=item.done_at,
        assigned_to_id=item.assigned_to_id,
        assignee=_name(assignee),
    )


def list_page(
    session: Session,
    principal: Principal,
    chosen: InboxFilter = InboxFilter(),
    page: int = 0,
    locale: str = DEFAULT_LOCALE,
) -> Page[InboxRow]:
    """One page (0-based) of items, newest first, titled in `locale`; a page beyond the end
    shows the last one."""
    access.ensure(principal, StaffPermission.INBOX)
    conditions = _conditions(principal, chosen)
    total = session.exec(select(func.count(InboxItem.id)).where(*conditions)).one()
    page = min(max(page, 0), max(0, (total - 1) // PAGE_SIZE))
    rows = session.exec(
        select(InboxItem, User)
        .outerjoin(User, User.id == InboxItem.assigned_to_id)
        .where(*conditions)
        .order_by(col(InboxItem.created_at).desc(), col(InboxItem.id).desc())
        .offset(page * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return Page(_shown_titles(session, (_row(i, u) for i, u in rows), locale), total, page)


def list_items(
    session: Session,
    principal: Principal,
    *,
    kind: str = "",
    state: str = "",
    locale: str = DEFAULT_LOCALE,
) -> list[InboxRow]:
    """The first page with only kind and state filters (dashboards and tests)."""
    return list_page(session, principal, InboxFilter(kind=kind, state=state), 0, locale).rows


def get_item(
    session: Session, principal: Principal, item_id: int, locale: str = DEFAULT_LOCALE
) -> InboxRow:
    """One item, titled in `locale`."""
    access.ensure(principal, StaffPermission.INBOX)
    found = session.exec(
        select(InboxItem, User)
        .outerjoin(User, User.id == InboxItem.assigned_to_id)
        .where(InboxItem.id == item_id)
    ).first()
    if found is None:
        raise AccessDenied("error.not_found")
    return _shown_titles(session, [_row(*found)], locale)[0]


@dataclass(frozen=True)
class InboxCounts:
    """Items not done yet (open or in progress), per kind and in all."""

    per_kind: dict[str, int]
    total: int


def counts(session: Session, principal: Principal) -> InboxCounts:
    access.ensure(principal, StaffPermission.INBOX)
    rows = session.exec(
        select(InboxItem.kind, func.count(InboxItem.id))
        .where(InboxItem.state != InboxState.DONE)
        .group_by(InboxItem.kind)
    ).all()
    per_kind = {kind.value: 0 for kind in InboxKind}
    per_kind.update({kind: number for kind, number in rows if kind in per_kind})
    return InboxCounts(per_kind, sum(per_kind.values()))


# --------------------------------------------------------------------------- working


def _audit(
    session: Session, principal: Principal, action: str, item_id: int, **detail: str
) -> None:
    audit.record_by(
        session,
        principal,
        f"inbox.{action}",
        target_type="inbox_item",
        target_id=item_id,
        detail=detail or None,
    )


def _existing(session: Session, item_id: int) -> InboxItem:
    item = session.get(InboxItem, item_id)
    if item is None:
        raise AccessDenied("error.not_found")
    return item


def assign_to_me(session: Session, principal: Principal, item_id: int) -> None:
    """Take an open, unassigned item. Refused with who has it when somebody was faster."""
    access.ensure(principal, StaffPermission.INBOX)
    taken = session.execute(
        update(InboxItem)
        .where(
            col(InboxItem.id) == item_id,
            col(InboxItem.assigned_to_id).is_(None),
            col(InboxItem.state) != InboxState.DONE,
        )
        .values(assigned_to_id=principal.user_id, state=InboxState.IN_PROGRESS)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        item = _existing(session, item_id)
        if item.state == InboxState.DONE:
            raise InboxRefused("inbox.error.done")
        if item.assigned_to_id == principal.user_id:
            return  # already mine: taking it again changes nothing
        raise InboxRefused("inbox.error.taken", _name(session.get(User, item.assigned_to_id)))
    session.expire_all()
    _audit(session, principal, "assigned", item_id)


def unassign(session: Session, principal: Principal, item_id: int) -> None:
    """Give an item back to the pool (open again); done items stay done."""
    access.ensure(principal, StaffPermission.INBOX)
    item = _existing(session, item_id)
    if item.state == InboxState.DONE:
        raise InboxRefused("inbox.error.done")
    holder = item.assigned_to_id
    item.assigned_to_id = None
    item.state = InboxState.OPEN
    session.add(item)
    if holder is not None:
        _audit(session, principal, "unassigned", item_id, holder=str(holder))


def mark_done(session: Session, principal: Principal, item_id: int) -> None:
    """Finish an item; an unassigned one is recorded as done by the caller."""
    access.ensure(principal, StaffPermission.INBOX)
    item = _existing(session, item_id)
    if item.state == InboxState.DONE:
        return
    item.state = InboxState.DONE
    item.done_at = utcnow()
    if item.assigned_to_id is None:
        item.assigned_to_id = principal.user_id
    session.add(item)
    _audit(session, principal, "done", item_id)


def reopen(session: Session, principal: Principal, item_id: int) -> None:
    """A done item needs action again: back to in progress with its assignee (open without)."""
    access.ensure(principal, StaffPermission.INBOX)
    item = _existing(session, item_id)
    if item.state != InboxState.DONE:
        return
    item.state = InboxState.IN_PROGRESS if item.assigned_to_id else InboxState.OPEN
    item.done_at = None
    session.add(item)
    _audit(session, principal, "reopened", item_id)
