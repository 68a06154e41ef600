"""States of two-factor login: the code page of the login, the own security page, the staff
reset page. Every decision is made by `portal.services.totp`; these only keep what the page
shows. Secrets follow one rule: the enrolment key and QR code live in state only while the user
enrols, recovery codes only until the user confirms having stored them, and the stored
(encrypted) secret, recovery-code hashes and challenge tokens never reach a state at all.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from portal.i18n import catalog, format_timestamp, t
from portal.models.enums import StaffPermission, UserKind
from portal.services import totp
from portal.services.access import AccessDenied, Principal
from portal.state.guard import ALL_AUDIENCES, guarded, public
from portal.state.session import SessionState


class TwoFactorCodeState(SessionState):
    """/login/code (public: the visitor has only a challenge cookie, no session yet). Language,
    `next` and the redirect of signed-in visitors come from `LoginState.load`, run first."""

    error_key: str = ""
    recovery: bool = False

    @rx.var
    def message(self) -> str:
        # Only our own messages: a crafted ?error= must not put arbitrary text on the page.
        if self.error_key.startswith("totp.") and self.error_key in catalog("de"):
            return catalog(self.locale)[self.error_key]
        return ""

    @public
    def load(self) -> None:
        params = self.router.url.query_parameters
        self.error_key = params.get("error", "")[:40]
        self.recovery = params.get("mode", "") == "recovery"

    @public
    def use_recovery(self, recovery: bool) -> None:
        """Switch the field between an app code and a recovery code (the route takes both)."""
        self.recovery = bool(recovery)
        self.error_key = ""


class SecurityState(SessionState):
    """/profile/security: the signed-in user's own two-factor login."""

    enabled: bool = False
    enabled_at: str = ""
    recovery_left: int = 0
    must_enrol: bool = False
    password_login: bool = True
    # Only while enrolling: what the authenticator app needs.
    qr_data_uri: str = ""
    manual_key: str = ""
    # Only right after they were made, until the user has stored them.
    recovery_codes: list[str] = []
    notice_key: str = ""
    error_key: str = ""

    @rx.var
    def enrolling(self) -> bool:
        return self.manual_key != ""

    @rx.var
    def notice(self) -> str:
        return t(self.notice_key, self.locale) if self.notice_key else ""

    @rx.var
    def error(self) -> str:
        return t(self.error_key, self.locale) if self.error_key else ""

    def _show(self, status: totp.Status) -> None:
        self.enabled = status.enabled_at is not None
        self.enabled_at = format_timestamp(status.enabled_at, self.locale)
        self.recovery_left = status.recovery_codes_left
        self.must_enrol = status.must_enrol
        self.password_login = status.password_login

    def _forget_enrolment(self) -> None:
        self.qr_data_uri = ""
        self.manual_key = ""

    async def _refresh(self) -> None:
        self._show(await self._in_session(totp.status))

    @guarded(*ALL_AUDIENCES)
    async def load(self) -> None:
        """A fresh page: whatever was on screen before (key, codes) is gone for good."""
        self._forget_enrolment()
        self.recovery_codes = []
        self.notice_key = self.error_key = ""
        await self._refresh()

    @guarded(*ALL_AUDIENCES)
    async def start_enrolment(self) -> None:
        enrolment = await self._in_session(totp.begin_enrolment)
        self.qr_data_uri = enrolment.qr_data_uri
        self.manual_key = enrolment.manual_key
        self.notice_key = self.error_key = ""

    @guarded(*ALL_AUDIENCES)
    def cancel_enrolment(self) -> None:
        """Only forgets the key on screen; the unconfirmed secret stays inactive until the next
        start replaces it."""
        self._forget_enrolment()
        self.error_key = ""

    @guarded(*ALL_AUDIENCES)
    async def confirm(self, form_data: dict[str, Any]) -> None:
        code = str(form_data.get("code", ""))
        address = self._client_address()
        outcome = await self._in_session(
            lambda session, principal: totp.confirm_enrolment(
                session, principal, code, client_address=address
            )
        )
        if self._take(outcome, "totp.enabled"):
            self._forget_enrolment()
        await self._refresh()

    @guarded(*ALL_AUDIENCES)
    async def regenerate(self, form_data: dict[str, Any]) -> None:
        code = str(form_data.get("code", ""))
        address = self._client_address()
        outcome = await self._in_session(
            lambda session, principal: totp.regenerate_recovery_codes(
                session, principal, code, client_address=address
            )
        )
        self._take(outcome, "totp.regenerated")
        await self._refresh()

    @guarded(*ALL_AUDIENCES)
    async def disable(self, form_data: dict[str, Any]) -> None:
        password = str(form_data.get("password", ""))
        code = str(form_data.get("code", ""))
        address = self._client_address()
        outcome = await self._in_session(
            lambda session, principal: totp.disable(
                session, principal, password, code, client_address=address
            )
        )
        self._take(outcome, "totp.disabled")
        await self._refresh()

    @guarded(*ALL_AUDIENCES)
    def codes_stored(self) -> None:
        """The user has stored the recovery codes: they leave the state for good."""
        self.recovery_codes = []

    def _take(self, outcome: totp.Outcome, success_key: str) -> bool:
        self.error_key = outcome.error or ""
        self.notice_key = "" if outcome.error else success_key
        self.recovery_codes = list(outcome.recovery_codes)
        return outcome.ok


class StaffTwoFactorState(SessionState):
    """/staff/two-factor: accounts with two-factor login, and their reset."""

    accounts: list[dict[str, str]] = []
    notice: str = ""

    async def _list(self) -> None:
        def read(session: Session, principal: Principal) -> list[dict[str, str]]:
            return [
                {
                    "id": str(user.id),
                    "login": user.login,
                    "name": user.display_name,
                    "kind": user.kind,
                    "enabled_at": format_timestamp(user.totp_enabled_at, principal.locale),
                    "own": "1" if user.id == principal.user_id else "",
                }
                for user in totp.enabled_accounts(session, principal)
            ]

        self.accounts = await self._in_session(read)

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_ACCOUNTS)
    async def load(self) -> None:
        self.notice = ""
        await self._list()

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_ACCOUNTS)
    async def reset_account(self, user_id: str) -> None:
        """The id comes from the browser: the service checks permission and target again."""
        try:
            target = int(user_id)
        except (TypeError, ValueError) as error:
            raise AccessDenied("error.invalid_value") from error
        address = self._client_address()
        login = await self._in_session(
            lambda session, principal: (
                totp.staff_reset(session, principal, target, client_address=address).login
            )
        )
        self.notice = t("totp.reset_done", self.locale, login=login)
        await self._list()
