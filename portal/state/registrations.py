"""/staff/registrations/[registration_id]: staff with MANAGE_ACCOUNTS review a self-registration,
pick the customer and role and approve (account + activation mail), or reject with a reason.
The Postkorb links here."""

from __future__ import annotations

from typing import Any

from portal.config import mail_link_base
from portal.i18n import format_timestamp, t
from portal.models.enums import CustomerRole, StaffPermission, UserKind
from portal.services import registrations
from portal.services.access import AccessDenied
from portal.services.ids import parse_record_id
from portal.services.registrations import RegistrationRefused
from portal.state.guard import guarded
from portal.state.session import SessionState

LOADING, FOUND, NOT_FOUND = "loading", "found", "not_found"
_STAFF = (UserKind.STAFF,)
_MANAGE = StaffPermission.MANAGE_ACCOUNTS


class RegistrationReviewState(SessionState):
    _registration_id: int | None = None
    status: str = LOADING
    registration: dict[str, str] = {}
    search: str = ""
    customers: list[dict[str, str]] = []
    searched: bool = False
    customer_id: str = ""
    role: str = CustomerRole.NORMAL.value
    notice: str = ""
    error: str = ""

    @guarded(*_STAFF, permission=_MANAGE)
    async def load(self) -> None:
        self.reset()
        self._registration_id = parse_record_id(self.router.page.params.get("registration_id"))
        if not await self._show():
            return
        self.search = self.registration.get("customer_number", "")
        if self.search:
            await self._search()

    async def _show(self) -> bool:
        registration_id = self._registration_id
        if registration_id is None:
            self.status = NOT_FOUND
            return False
        try:
            view = await self._in_session(
                lambda session, principal: registrations.detail(session, principal, registration_id)
            )
        except AccessDenied:
            self.status = NOT_FOUND
            return False
        self.registration = {
            "id": str(view.id),
            "name": view.name,
            "email": view.email,
            "company": view.company,
            "customer_number": view.customer_number,
            "phone": view.phone,
            "message": view.message,
            "state": view.state,
            "received": format_timestamp(view.created_at, self.locale),
        }
        self.status = FOUND
        return True

    async def _search(self) -> None:
        query = self.search

        def work(session, principal) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
            return [
                {"id": str(c.id), "label": f"{c.number} · {c.name}"}
                for c in registrations.find_customers(session, principal, query)
            ]

        self.customers = await self._in_session(work)
        self.searched = True
        if len(self.customers) >= 1 and not self.customer_id:
            self.customer_id = self.customers[0]["id"]

    @guarded(*_STAFF, permission=_MANAGE)
    async def search_customers(self, form_data: dict[str, Any]) -> None:
        query = form_data.get("query", "")
        self.search = query[:100] if isinstance(query, str) else ""
        self.customer_id = ""
        await self._search()

    @guarded(*_STAFF, permission=_MANAGE)
    def choose_customer(self, customer_id: str) -> None:
        if isinstance(customer_id, str) and customer_id in {c["id"] for c in self.customers}:
            self.customer_id = customer_id

    @guarded(*_STAFF, permission=_MANAGE)
    def choose_role(self, role: str) -> None:
        if role in {r.value for r in CustomerRole}:
            self.role = role

    def _say(self, notice: str = "", error: str = "") -> None:
        self.notice = t(notice, self.locale) if notice else ""
        self.error = t(error, self.locale) if error else ""

    async def _decide(self, work, notice: str) -> None:  # type: ignore[no-untyped-def]
        """Run `work(session, principal)`; a refusal rolls back and says why."""

        def refusable(session, principal) -> str:  # type: ignore[no-untyped-def]
            try:
                work(session, principal)
            except RegistrationRefused as refused:
                session.rollback()
                return refused.message_key
            return ""

        error = await self._in_session(refusable)
        if error:
            self._say(error=error)
            return
        self._say(notice=notice)
        await self._show()

    @guarded(*_STAFF, permission=_MANAGE)
    async def approve(self) -> None:
        registration_id, customer_id = self._registration_id, parse_record_id(self.customer_id)
        if registration_id is None:
            return
        if customer_id is None:
            self._say(error="identity.customer_missing")
            return
        role, address = self.role, self._client_address()
        base_url = mail_link_base()
        await self._decide(
            lambda session, principal: registrations.approve(
                session,
                principal,
                registration_id,
                customer_id=customer_id,
                role=role,
                base_url=base_url,
                client_address=address,
            ),
            "identity.review_approved",
        )

    @guarded(*_STAFF, permission=_MANAGE)
    async def reject(self, form_data: dict[str, Any]) -> None:
        registration_id = self._registration_id
        reason = form_data.get("reason", "")
        reason = reason[:1000] if isinstance(reason, str) else ""
        if registration_id is None:
            return
        address = self._client_address()
        await self._decide(
            lambda session, principal: registrations.reject(
                session, principal, registration_id, reason=reason, client_address=address
            ),
            "identity.review_rejected",
        )
