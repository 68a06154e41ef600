"""/staff/customers (search) and /staff/customers/[customer_id] (accounts, open invitations,
"Zugang einrichten"): staff with MANAGE_ACCOUNTS invite customer contacts."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal.config import get_settings, mail_link_base
from portal.i18n import format_timestamp, t
from portal.models.enums import CustomerRole, StaffPermission, UserKind
from portal.services import customer_invitations, registrations
from portal.services.access import AccessDenied
from portal.services.customer_invitations import staff_customer_path
from portal.services.ids import parse_record_id
from portal.services.registrations import RegistrationRefused
from portal.state.guard import guarded
from portal.state.session import SessionState

LOADING, FOUND, NOT_FOUND = "loading", "found", "not_found"
_STAFF = (UserKind.STAFF,)
_MANAGE = StaffPermission.MANAGE_ACCOUNTS


def _text(form_data: dict[str, Any], key: str, limit: int = 300) -> str:
    value = form_data.get(key, "")
    return value[:limit] if isinstance(value, str) else ""


class StaffCustomerSearchState(SessionState):
    query: str = ""
    results: list[dict[str, str]] = []
    searched: bool = False

    @guarded(*_STAFF, permission=_MANAGE)
    async def load(self) -> None:
        self.reset()

    @guarded(*_STAFF, permission=_MANAGE)
    async def search(self, form_data: dict[str, Any]) -> None:
        query = _text(form_data, "query", 100)
        self.query = query

        def work(session, principal) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
            return [
                {"number": c.number, "name": c.name, "href": staff_customer_path(c.id)}
                for c in registrations.find_customers(session, principal, query)
            ]

        self.results = await self._in_session(work)
        self.searched = True


class StaffCustomerState(SessionState):
    _customer_id: int | None = None
    status: str = LOADING
    title: str = ""
    accounts: list[dict[str, str]] = []
    invitations: list[dict[str, str]] = []
    invite_role: str = CustomerRole.NORMAL.value
    form_key: int = 0  # a new key re-mounts the invite form empty after a sent invitation
    notice: str = ""
    error: str = ""

    @rx.var
    def invite_intro(self) -> str:
        return t("identity.invite_intro", self.locale, days=get_settings().invitation_days)

    @guarded(*_STAFF, permission=_MANAGE)
    async def load(self) -> None:
        self.reset()
        self._customer_id = parse_record_id(self.router.page.params.get("customer_id"))
        await self._refresh()

    async def _refresh(self) -> None:
        customer_id = self._customer_id
        if customer_id is None:
            self.status = NOT_FOUND
            return
        try:
            view = await self._in_session(
                lambda session, principal: customer_invitations.overview(
                    session, principal, customer_id
                )
            )
        except AccessDenied:
            self.status = NOT_FOUND
            return
        locale = self.locale
        self.title = f"{view.name} ({view.number})"
        self.accounts = [
            {
                "name": a.name,
                "login": a.login,
                "role": t(f"identity.role_{a.role}", locale),
                "password": t(f"identity.pw_{a.password_status}", locale),
                "access_sent": format_timestamp(a.access_sent_at, locale),
            }
            for a in view.accounts
        ]
        self.invitations = [
            {
                "id": str(i.id),
                "name": i.name,
                "email": i.email,
                "role": t(f"identity.role_{i.role}", locale),
                "valid": t("identity.expired", locale)
                if i.expired
                else format_timestamp(i.expires_at, locale),
            }
            for i in view.invitations
        ]
        self.status = FOUND

    def _say(self, notice: str = "", error: str = "", **values: object) -> None:
        self.notice = t(notice, self.locale, **values) if notice else ""
        self.error = t(error, self.locale) if error else ""

    def _base_url(self) -> str:
        return mail_link_base()

    @guarded(*_STAFF, permission=_MANAGE)
    def choose_role(self, role: str) -> None:
        if role in {r.value for r in CustomerRole}:
            self.invite_role = role

    async def _act(self, work, notice: str, **values: object) -> None:  # type: ignore[no-untyped-def]
        """Run a change; a refusal keeps the form as typed and says why."""

        def guarded_work(session, principal) -> str:  # type: ignore[no-untyped-def]
            try:
                work(session, principal)
            except RegistrationRefused as refused:
                session.rollback()
                return refused.message_key
            except AccessDenied as denied:
                session.rollback()
                return denied.message_key
            return ""

        error = await self._in_session(guarded_work)
        if error:
            self._say(error=error)
            return
        self._say(notice=notice, **values)
        await self._refresh()

    @guarded(*_STAFF, permission=_MANAGE)
    async def invite(self, form_data: dict[str, Any]) -> None:
        customer_id = self._customer_id
        if customer_id is None:
            return
        name, email = _text(form_data, "name"), _text(form_data, "email")
        role, base_url = self.invite_role, self._base_url()
        await self._act(
            lambda session, principal: customer_invitations.invite(
                session,
                principal,
                customer_id,
                name=name,
                email=email,
                role=role,
                base_url=base_url,
            ),
            "identity.invited",
            email=email.strip(),
        )
        if not self.error:
            self.form_key += 1

    @guarded(*_STAFF, permission=_MANAGE)
    async def resend(self, invitation_id: str) -> None:
        row_id, base_url = self._own_invitation(invitation_id), self._base_url()
        if row_id is None:
            return
        await self._act(
            lambda session, principal: customer_invitations.resend(
                session, principal, row_id, base_url=base_url
            ),
            "identity.resent",
        )

    @guarded(*_STAFF, permission=_MANAGE)
    async def revoke(self, invitation_id: str) -> None:
        row_id = self._own_invitation(invitation_id)
        if row_id is None:
            return
        await self._act(
            lambda session, principal: customer_invitations.revoke(session, principal, row_id),
            "identity.revoked",
        )

    def _own_invitation(self, invitation_id: str) -> int | None:
        """Only invitations this page lists (the service checks again)."""
        if not isinstance(invitation_id, str):
            return None
        if invitation_id not in {row["id"] for row in self.invitations}:
            return None
        return parse_record_id(invitation_id)
