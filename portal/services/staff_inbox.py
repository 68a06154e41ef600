"""The staff inbox (Postkorb): what customers hand in lands here, staff with INBOX list it.

Only the minimal list for now (kind and state filters); working the items comes with the back
office. Titles are written for staff, so they may name the customer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from portal.models import InboxItem
from portal.models.enums import InboxKind, InboxState, StaffPermission
from portal.services import access
from portal.services.access import Principal

INBOX_PATH = "/staff/inbox"
LIST_LIMIT = 200


def add_item(session: Session, kind: InboxKind, ref_id: int, title: str) -> InboxItem:
    """A new open item in the caller's transaction, so it exists exactly when its record does."""
    item = InboxItem(kind=kind, ref_id=ref_id, title=title[:200])
    session.add(item)
    return item


@dataclass(frozen=True)
class InboxRow:
    id: int
    kind: str
    ref_id: int
    title: str
    state: str
    created_at: datetime


def list_items(
    session: Session, principal: Principal, *, kind: str = "", state: str = ""
) -> list[InboxRow]:
    """Newest first; unknown filter values (the browser sends anything) mean no filter."""
    access.ensure(principal, StaffPermission.INBOX)
    query = select(InboxItem)
    if kind in {k.value for k in InboxKind}:
        query = query.where(InboxItem.kind == kind)
    if state in {s.value for s in InboxState}:
        query = query.where(InboxItem.state == state)
    rows = session.exec(
        query.order_by(InboxItem.created_at.desc(), InboxItem.id.desc()).limit(LIST_LIMIT)
    ).all()
    return [InboxRow(r.id, r.kind, r.ref_id, r.title, r.state, r.created_at) for r in rows]
