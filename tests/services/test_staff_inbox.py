"""The minimal staff inbox: permission, filters, newest first."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from portal.models.enums import InboxKind, InboxState
from portal.services import staff_inbox
from portal.services.access import AccessDenied
from tests import factories as f
from tests.services.support_world import build


def test_inbox_needs_the_inbox_permission(db_session: Session) -> None:
    w = build(db_session)
    outsider = f.staff(db_session, "settings-only", ["settings"])
    for user in (outsider, w.main):
        with pytest.raises(AccessDenied):
            staff_inbox.list_items(db_session, w.who(user))


def test_filters_by_kind_and_state_and_ignores_unknown_values(db_session: Session) -> None:
    w = build(db_session)
    staff_inbox.add_item(db_session, InboxKind.TICKET, 1, "T")
    claim = staff_inbox.add_item(db_session, InboxKind.CLAIM, 2, "C")
    claim.state = InboxState.DONE
    db_session.commit()
    clerk = w.who(w.clerk)
    assert [r.title for r in staff_inbox.list_items(db_session, clerk, kind="claim")] == ["C"]
    assert [r.title for r in staff_inbox.list_items(db_session, clerk, state="open")] == ["T"]
    assert len(staff_inbox.list_items(db_session, clerk, kind="'; drop", state="?")) == 2
