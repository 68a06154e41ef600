"""The base state of Portal: who is calling (backend-only) and what the shell shows.

`_principal` is set by `AccessMiddleware` before every event from the HttpOnly session cookie
of the websocket handshake; it is a backend var and never reaches the browser. Every app state
subclasses `SessionState`, so handlers read `self._principal`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

import reflex as rx
from sqlmodel import select

from portal.db import session_scope
from portal.i18n import LOCALES, catalog, normalize_locale
from portal.models import User
from portal.models.enums import StaffPermission
from portal.services import access, staff_inbox
from portal.services.access import Principal
from portal.services.branding import DEFAULT_COLOR, DEFAULT_NAME, Branding
from portal.services.branding import current as current_branding
from portal.services.navigation import nav_entries, navigation_for
from portal.services.net import client_ip
from portal.services.staff_inbox import INBOX_PATH
from portal.state.guard import ALL_AUDIENCES, guarded

R = TypeVar("R")


class SessionState(rx.State):
    _principal: Principal | None = None
    _bound_session: str = ""  # hash of the session this tab's state belongs to (middleware)

    locale: str = "de"
    audience: str = ""
    user_name: str = ""
    acting_as: bool = False
    # The account staff act as (banner "Sie handeln als …"); empty when not acting.
    acting_name: str = ""
    acting_login: str = ""
    nav_items: list[dict[str, str]] = []
    # The installation's branding (header and login card): name, accent colour, logo URL.
    brand_name: str = DEFAULT_NAME
    brand_color: str = DEFAULT_COLOR
    brand_logo: str = ""
    # Links to the Impressum and the Datenschutzerklärung (footer); empty: not shown.
    brand_imprint_url: str = ""
    brand_privacy_url: str = ""

    @rx.var
    def t(self) -> dict[str, str]:
        return catalog(self.locale)

    def _require_principal(self) -> Principal:
        """The middleware guarantees a principal for guarded handlers; this narrows the type."""
        if self._principal is None:
            raise PermissionError("no principal")
        return self._principal

    async def _in_session(self, work: Callable[..., R]) -> R:
        """Run `work(session, principal)` in a worker thread with its own transaction, so
        database work never blocks the event loop that serves every user."""
        principal = self._require_principal()

        def run() -> R:
            with session_scope() as session:
                return work(session, principal)

        return await asyncio.to_thread(run)

    def _client_address(self) -> str:
        """The caller's address as the HTTP routes see it (trusted proxies honoured)."""
        headers = self.router.headers.raw_headers
        return client_ip(self.router.session.client_ip, headers.get("x-forwarded-for", ""))

    @guarded(*ALL_AUDIENCES)
    async def load_shell(self) -> None:
        """Fill the header (name, audience, navigation, language) for the signed-in user."""
        principal = self._require_principal()
        self.locale = normalize_locale(principal.locale)
        self.audience = principal.kind.value
        self.user_name = principal.display_name
        self.acting_as = principal.actor_id is not None
        self.acting_name = principal.display_name if self.acting_as else ""
        self.acting_login = principal.login if self.acting_as else ""
        await self._load_branding()
        badges = await self._nav_badges(principal)
        self.nav_items = nav_entries(navigation_for(principal), badges)

    async def _load_branding(self) -> None:
        """Branding as staff set it; public data, so signed-out pages load it too."""

        def read() -> Branding:
            with session_scope() as session:
                return current_branding(session)

        found = await asyncio.to_thread(read)
        self.brand_name, self.brand_color = found.name, found.primary_color
        self.brand_logo = found.logo_url
        self.brand_imprint_url, self.brand_privacy_url = found.imprint_url, found.privacy_url

    async def _nav_badges(self, principal: Principal) -> dict[str, str]:
        """Counts beside menu entries: the Postkorb's not-done items, for staff with INBOX."""
        if not access.can(principal, StaffPermission.INBOX):
            return {}
        found = await self._in_session(staff_inbox.counts)
        return {INBOX_PATH: str(found.total) if found.total else ""}

    async def _refresh_nav_badges(self) -> None:
        """After the Postkorb changed: the new counts into the menu already shown."""
        badges = await self._nav_badges(self._require_principal())
        self.nav_items = [
            {**item, "count": badges.get(item["path"], "")} for item in self.nav_items
        ]

    @guarded(*ALL_AUDIENCES)
    async def set_language(self, locale: str) -> None:
        """Store the chosen language on the user, so every device shows it next time; staff
        acting as an account change only this tab's language, not the account's setting."""
        if locale not in LOCALES:
            return

        def store(session, principal: Principal) -> None:  # type: ignore[no-untyped-def]
            user = session.exec(select(User).where(User.id == principal.user_id)).one()
            user.locale = locale
            session.add(user)

        if self._require_principal().actor_id is None:
            await self._in_session(store)
        self.locale = locale
