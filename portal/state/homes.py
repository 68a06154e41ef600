"""The three audience home pages; the counts come from services through the access policy."""

from __future__ import annotations

from datetime import date

from portal.i18n import format_number
from portal.models.enums import UserKind
from portal.services import dashboard
from portal.state.guard import guarded
from portal.state.session import SessionState


def _formatted(counts: dict[str, int], locale: str) -> dict[str, str]:
    return {key: format_number(value, locale) for key, value in counts.items()}


class StaffHomeState(SessionState):
    figures: dict[str, str] = {}

    @guarded(UserKind.STAFF)
    async def load(self) -> None:
        counts = await self._in_session(dashboard.staff_overview)
        self.figures = _formatted(counts, self.locale)


class PartnerHomeState(SessionState):
    figures: dict[str, str] = {}
    companies: list[str] = []
    visibility: str = ""

    @guarded(UserKind.PARTNER)
    async def load(self) -> None:
        overview = await self._in_session(
            lambda session, principal: dashboard.partner_overview(session, principal, date.today())
        )
        self.figures = _formatted(overview.counts, self.locale)
        self.companies = overview.companies
        self.visibility = self._require_principal().visibility.value


class CustomerHomeState(SessionState):
    tiles: dict[str, str] = {}

    @guarded(UserKind.CUSTOMER)
    async def load(self) -> None:
        counts = await self._in_session(dashboard.customer_tiles)
        self.tiles = _formatted(counts, self.locale)
