"""/invite: the public page of an invitation link. Its only handler reveals the company name
for a valid token and nothing for any other; the form posts to the Starlette route
(`portal.api.invitation_routes`), which creates the account and sets the session cookie."""

from __future__ import annotations

import asyncio

import reflex as rx

from portal.db import session_scope
from portal.i18n import catalog, normalize_locale, t
from portal.services import invitations
from portal.state.guard import public
from portal.state.login import LoginState
from portal.state.session import SessionState

_TOKEN_MAX = 100


class InvitationState(SessionState):
    company: str = ""
    token: str = ""
    error_key: str = ""
    typed_name: str = ""

    @rx.var
    def message(self) -> str:
        # Only our own messages: a crafted ?error= must not put arbitrary text on the page.
        area = self.error_key.split(".", 1)[0]
        if area in ("invite", "password") and self.error_key in catalog("de"):
            return catalog(self.locale)[self.error_key]
        return ""

    @rx.var
    def subtitle(self) -> str:
        return t("invite.subtitle", self.locale, company=self.company) if self.company else ""

    @public
    async def load(self) -> None:
        params = self.router.url.query_parameters
        token = params.get("token", "")[:_TOKEN_MAX]
        # The language switch is the login page's, so a choice made there holds here too.
        login = await self.get_state(LoginState)
        if not login.language_chosen:
            self.locale = normalize_locale(self.router.headers.accept_language)
        # The installation's name, logo and colour, as on the login page.
        await self._load_branding()

        def lookup() -> str | None:
            with session_scope() as session:
                return invitations.invitation_company(session, token)

        company = await asyncio.to_thread(lookup)
        self.company = company or ""
        self.token = token if company else ""
        self.error_key = params.get("error", "")[:40] if company else "invite.invalid"
        self.typed_name = params.get("name", "")[:200] if company else ""
