"""The login page: shows the message the login route sent back, keeps the typed login, offers
single sign-on when the installation configures it."""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx

from portal.config import get_settings
from portal.i18n import LOCALES, catalog, normalize_locale
from portal.services.navigation import home_path
from portal.state.guard import public
from portal.state.session import SessionState


class LoginState(SessionState):
    message_key: str = ""
    is_error: bool = False
    typed_login: str = ""
    next_path: str = ""
    language_chosen: bool = False
    # Single sign-on: whether it is configured and the installation's own button label (not
    # secret; the client secret never leaves the server).
    sso_enabled: bool = False
    sso_custom_label: str = ""

    @rx.var
    def message(self) -> str:
        # Only known login, single sign-on and second-step messages: a crafted ?error= must not put
        # arbitrary text on the page.
        area = self.message_key.split(".", 1)[0]
        if area in ("login", "sso", "totp", "identity") and self.message_key in catalog("de"):
            return catalog(self.locale)[self.message_key]
        return ""

    @rx.var
    def sso_label(self) -> str:
        return self.sso_custom_label or catalog(self.locale)["sso.button"]

    @rx.var
    def sso_href(self) -> str:
        """The start route, carrying where the user wanted to go."""
        if not self.next_path:
            return "/auth/oidc/start"
        return "/auth/oidc/start?" + urlencode({"next": self.next_path})

    @public
    async def load(self):  # type: ignore[no-untyped-def]
        if self._principal is not None:
            return rx.redirect(home_path(self._principal.kind))
        await self._load_branding()
        params = self.router.url.query_parameters
        error, info = params.get("error", ""), params.get("info", "")
        self.message_key = error or info
        self.is_error = bool(error)
        self.typed_login = params.get("login", "")[:254]
        self.next_path = params.get("next", "")[:500]
        settings = get_settings()
        self.sso_enabled = settings.oidc_enabled
        self.sso_custom_label = settings.oidc_button_label
        if not self.language_chosen:
            self.locale = normalize_locale(self.router.headers.accept_language)
        return None

    @public
    def choose_language(self, locale: str) -> None:
        if locale in LOCALES:
            self.locale = locale
            self.language_chosen = True


class HomeRouterState(SessionState):
    @public
    def route(self):  # type: ignore[no-untyped-def]
        """`/` sends each audience to its home, everyone else to the login page."""
        if self._principal is None:
            return rx.redirect("/login")
        return rx.redirect(home_path(self._principal.kind))
