"""The three audience home pages; the counts come from services through the access policy."""

from __future__ import annotations

import asyncio
from datetime import date

from portal.db import session_scope
from portal.i18n import format_number
from portal.models.enums import UserKind
from portal.services import dashboard
from portal.state.guard import guarded
from portal.state.session import SessionState


class StaffHomeState(SessionState):
    figures: dict[str, str] = {}

    @guarded(UserKind.STAFF)
    async def load(self) -> None:
        principal = self._require_principal()

        def read() -> dict[str, int]:
            with session_scope() as session:
                return dashboard.staff_overview(session, principal)

        counts = await asyncio.to_thread(read)
        self.figures = {k: format_number(v, principal.locale) for k, v in counts.items()}


class PartnerHomeState(SessionState):
    figures: dict[str, str] = {}
    companies: list[str] = []
    visibility: str = ""

    @guarded(UserKind.PARTNER)
    async def load(self) -> None:
        principal = self._require_principal()

        def read() -> dict[str, object]:
            with session_scope() as session:
                return dashboard.partner_overview(session, principal, date.today())

        overview = await asyncio.to_thread(read)
        self.companies = list(overview.pop("companies"))  # type: ignore[call-overload]
        self.figures = {k: format_number(v, principal.locale) for k, v in overview.items()}  # type: ignore[arg-type]
        self.visibility = principal.visibility.value


class CustomerHomeState(SessionState):
    tiles: dict[str, str] = {}

    @guarded(UserKind.CUSTOMER)
    async def load(self) -> None:
        principal = self._require_principal()

        def read() -> dict[str, int]:
            with session_scope() as session:
                return dashboard.customer_tiles(session, principal)

        counts = await asyncio.to_thread(read)
        self.tiles = {k: format_number(v, principal.locale) for k, v in counts.items()}
