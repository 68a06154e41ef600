"""Reading the mail outbox for staff (the dev default keeps mails here instead of sending)."""

from __future__ import annotations

from sqlmodel import Session, select

from portal.models import MailOutbox
from portal.models.enums import StaffPermission
from portal.services import access
from portal.services.access import Principal


def recent_mails(session: Session, principal: Principal, limit: int = 100) -> list[MailOutbox]:
    access.ensure(principal, StaffPermission.SETTINGS)
    return list(session.exec(select(MailOutbox).order_by(MailOutbox.id.desc()).limit(limit)).all())
