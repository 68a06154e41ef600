"""Staff view of the mail outbox."""

from __future__ import annotations

from sqlmodel import Session

from portal.i18n import format_timestamp
from portal.models.enums import StaffPermission, UserKind
from portal.services.access import Principal
from portal.services.outbox import recent_mails
from portal.state.guard import guarded
from portal.state.session import SessionState


class OutboxState(SessionState):
    mails: list[dict[str, str]] = []

    @guarded(UserKind.STAFF, permission=StaffPermission.SETTINGS)
    async def load(self) -> None:
        def read(session: Session, principal: Principal) -> list[dict[str, str]]:
            return [
                {
                    "recipient": mail.recipient,
                    "subject": mail.subject,
                    "state": mail.state,
                    "attempts": str(mail.attempts),
                    "created": format_timestamp(mail.created_at, principal.locale),
                }
                for mail in recent_mails(session, principal)
            ]

        self.mails = await self._in_session(read)
