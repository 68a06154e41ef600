"""Signed-out identity pages: forgot password, set password (activation and reset links),
self-registration. Every handler is public, so each validates what it gets and reveals nothing
an anonymous caller may not know: the reset answer is the same for every input, the set-password
page learns only the login of a valid link, the registration answer is the same "received"."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from portal.config import mail_link_base
from portal.db import session_scope
from portal.i18n import catalog, normalize_locale
from portal.services import access_links, customer_invitations, registrations
from portal.services.one_time_tokens import TOKEN_MAX
from portal.services.registrations import RegistrationRefused
from portal.state.guard import public
from portal.state.login import LoginState
from portal.state.session import SessionState

_REGISTER_FIELDS = ("name", "email", "company", "customer_number", "phone", "message")
_FIELD_MAX = 4000  # longer than any field may be; the service refuses what is too long


def _text(form_data: dict[str, Any], key: str) -> str:
    value = form_data.get(key, "")
    return value[:_FIELD_MAX] if isinstance(value, str) else ""


class _PublicPageState(SessionState):
    """What every signed-out page shows like the login page: the login page's language choice
    (else the browser's) and the installation's branding (name, logo, colour set by staff)."""

    async def _prepare_page(self) -> None:
        login = await self.get_state(LoginState)
        if not login.language_chosen:
            self.locale = normalize_locale(self.router.headers.accept_language)
        await self._load_branding()

    def _base_url(self) -> str:
        return mail_link_base()


class ForgotPasswordState(_PublicPageState):
    sent: bool = False
    error_key: str = ""

    @rx.var
    def error(self) -> str:
        return catalog(self.locale)[self.error_key] if self.error_key else ""

    @public
    async def load(self) -> None:
        self.sent = False
        self.error_key = ""
        await self._prepare_page()

    @public
    async def submit(self, form_data: dict[str, Any]) -> None:
        wanted = _text(form_data, "login").strip()[:254]
        if not wanted:
            self.error_key = "identity.forgot_missing"
            return
        address, base_url = self._client_address(), self._base_url()

        def work() -> None:
            with session_scope() as session:
                access_links.request_password_reset(session, wanted, address, base_url=base_url)

        await asyncio.to_thread(work)
        self.error_key = ""
        self.sent = True


class SetPasswordState(_PublicPageState):
    """/set-password?token=...: the form posts to `access_links.SET_PASSWORD_ROUTE`. A customer
    invitation link (`customer_invitations`) also asks for the e-mail that becomes the login."""

    token: str = ""
    login: str = ""
    invited_email: str = ""
    error_key: str = ""

    @rx.var
    def message(self) -> str:
        # Only our own messages: a crafted ?error= must not put arbitrary text on the page.
        area = self.error_key.split(".", 1)[0]
        if area in ("identity", "password") and self.error_key in catalog("de"):
            return catalog(self.locale)[self.error_key]
        return ""

    @rx.var
    def subtitle(self) -> str:
        return catalog(self.locale)["identity.set_for"].format(login=self.login)

    @public
    async def load(self) -> None:
        params = self.router.url.query_parameters
        token = params.get("token", "")[:TOKEN_MAX]
        await self._prepare_page()

        def lookup() -> tuple[str | None, str | None]:
            with session_scope() as session:
                login = access_links.link_login(session, token)
                invited = None if login else customer_invitations.invitation_email(session, token)
                return login, invited

        login, invited = await asyncio.to_thread(lookup)
        self.login = login or invited or ""
        self.invited_email = params.get("email", "")[:254] or invited or "" if invited else ""
        self.token = token if self.login else ""
        self.error_key = params.get("error", "")[:60] if self.login else access_links.LINK_INVALID


class RegisterState(_PublicPageState):
    """/register: what was typed stays in the form when something must be corrected."""

    values: dict[str, str] = {}
    error_key: str = ""
    done: bool = False

    @rx.var
    def error(self) -> str:
        return catalog(self.locale)[self.error_key] if self.error_key else ""

    @public
    async def load(self) -> None:
        self.values = {}
        self.error_key = ""
        self.done = False
        await self._prepare_page()

    @public
    async def submit(self, form_data: dict[str, Any]) -> None:
        values = {key: _text(form_data, key) for key in _REGISTER_FIELDS}
        self.values = values
        # An unticked checkbox is not sent at all; anything but "on" is no consent.
        consent = form_data.get("privacy_consent") in (True, "on")
        address, locale = self._client_address(), self.locale

        def work() -> str:
            with session_scope() as session:
                try:
                    registrations.submit(
                        session,
                        name=values["name"],
                        email=values["email"],
                        company=values["company"],
                        customer_number=values["customer_number"],
                        phone=values["phone"],
                        message=values["message"],
                        privacy_consent=consent,
                        locale=locale,
                        client_address=address,
                    )
                except RegistrationRefused as refused:
                    session.rollback()
                    return refused.message_key
                return ""

        self.error_key = await asyncio.to_thread(work)
        self.done = not self.error_key
