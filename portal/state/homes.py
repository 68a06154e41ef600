"""The staff and partner home pages (the customer's is `portal.state.customer_portal`); the
counts come from services through the access policy."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from portal.i18n import format_number
from portal.models.enums import PartnerAction, UserKind
from portal.services import dashboard, people
from portal.services.access import Principal, load_principal
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
    # "Meine Sichtbarkeit": a team may allow changing one's own visibility (SPEC §3.1, E2)
    may_change_own_visibility: bool = False

    async def _show(self) -> None:
        overview = await self._in_session(
            lambda session, principal: dashboard.partner_overview(session, principal, date.today())
        )
        principal = self._require_principal()
        self.figures = _formatted(overview.counts, self.locale)
        self.companies = overview.companies
        self.visibility = principal.visibility.value
        self.may_change_own_visibility = (
            PartnerAction.CHANGE_OWN_VISIBILITY in principal.partner_actions
        )

    @guarded(UserKind.PARTNER)
    async def load(self) -> None:
        await self._show()

    @guarded(UserKind.PARTNER)
    async def change_own_visibility(self, visibility: str) -> None:
        """The policy decides (`people.set_visibility` via `can_manage_person`); the figures are
        counted again with the principal as it is now."""

        def change(session: Session, principal: Principal) -> Principal | None:
            people.set_visibility(session, principal, principal.user_id, visibility)
            return load_principal(session, principal.user_id, actor_id=principal.actor_id)

        principal = await self._in_session(change)
        self._principal = principal
        await self._show()
