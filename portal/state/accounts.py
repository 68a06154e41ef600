"""Staff account administration: the list (/staff/accounts) and one account (/staff/accounts/N).

Thin: `portal.services.accounts` decides and audits, `access_links.send_access` mails the
activation links; every id and value from the browser is re-checked there. The list is the
shared grid (`GridMixin` with the "accounts" grid spec). A generated password is held in a
browser-visible field only while its dialog is open: the clerk has to read it, and it is
cleared on close and never stored anywhere in plain text.

Bad input keeps everything typed: text fields are uncontrolled inputs whose form is only
replaced (new `form_key`) after a success; choices (kind, role, locations, teams,
notifications) live in the state.
"""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import urlencode

import reflex as rx
from sqlmodel import Session

from portal.config import mail_link_base
from portal.i18n import format_timestamp, t
from portal.models.enums import CustomerRole, StaffPermission, UserKind, Visibility
from portal.services import access_links, accounts
from portal.services.access import AccessDenied, Principal
from portal.services.accounts import AccountForm, AccountRefused
from portal.services.ids import parse_record_id
from portal.state.grid import GridMixin
from portal.state.guard import guarded
from portal.state.session import SessionState

STAFF = UserKind.STAFF
MANAGE = StaffPermission.MANAGE_ACCOUNTS
LIST_PATH = "/staff/accounts"
TEXT_FIELDS = ("login", "email", "display_name", "customer_number")
_TEXT_MAX = 254


def _text(form_data: dict[str, Any], name: str) -> str:
    value = form_data.get(name) if isinstance(form_data, dict) else None
    return value[:_TEXT_MAX] if isinstance(value, str) else ""


def _ids(values: list[str]) -> tuple[int, ...]:
    return tuple(i for i in (parse_record_id(v) for v in values) if i is not None)


class AccountFormMixin(rx.State, mixin=True):
    """The account form shared by the create dialog and the edit page."""

    form: dict[str, str] = {}
    form_errors: dict[str, str] = {}
    form_key: int = 0
    form_kind: str = UserKind.CUSTOMER.value
    form_role: str = CustomerRole.NORMAL.value
    form_visibility: str = Visibility.NONE.value
    form_companies: list[str] = []
    form_teams: list[str] = []
    notify_documents: bool = True
    notify_tickets: bool = True
    notify_orders: bool = True
    companies: list[dict[str, str]] = []
    teams: list[dict[str, str]] = []
    notice: str = ""
    alert: str = ""

    def _say(self, key: str = "", error: str = "", **values: object) -> None:
        locale = self.locale  # type: ignore[attr-defined]
        self.notice = t(key, locale, **values) if key else ""
        self.alert = t(error, locale) if error else ""

    async def _load_options(self) -> None:
        options = await self._in_session(accounts.options)  # type: ignore[attr-defined]
        self.companies = [{"id": str(o.id), "name": o.name} for o in options.companies]
        self.teams = [{"id": str(o.id), "name": o.name} for o in options.teams]

    def _account_form(self, form_data: dict[str, Any]) -> AccountForm:
        """Remembers what was typed (kept on refusal) and builds the service's input."""
        self.form = {name: _text(form_data, name) for name in TEXT_FIELDS}
        return AccountForm(
            kind=self.form_kind,
            login=self.form["login"],
            email=self.form["email"],
            display_name=self.form["display_name"],
            customer_number=self.form["customer_number"],
            role=self.form_role,
            partner_company_ids=_ids(self.form_companies),
            team_ids=_ids(self.form_teams),
            visibility=self.form_visibility,
            notify_documents=self.notify_documents,
            notify_tickets=self.notify_tickets,
            notify_orders=self.notify_orders,
            locale=self.locale,  # type: ignore[attr-defined]
        )

    def _refused(self, refused: AccountRefused) -> None:
        message = t(refused.message_key, self.locale)  # type: ignore[attr-defined]
        self.form_errors = {refused.field or "form": message}
        self.alert = message

    def _fill(self, form: AccountForm) -> None:
        self.form = {name: str(getattr(form, name)) for name in TEXT_FIELDS}
        self.form_kind = form.kind
        self.form_role = form.role
        self.form_visibility = form.visibility
        self.form_companies = [str(i) for i in form.partner_company_ids]
        self.form_teams = [str(i) for i in form.team_ids]
        self.notify_documents = form.notify_documents
        self.notify_tickets = form.notify_tickets
        self.notify_orders = form.notify_orders
        self.form_errors = {}
        self.form_key += 1

    @guarded(STAFF, permission=MANAGE)
    def set_form_kind(self, kind: str) -> None:
        if kind in (UserKind.CUSTOMER, UserKind.PARTNER):
            self.form_kind = kind

    @guarded(STAFF, permission=MANAGE)
    def set_form_role(self, role: str) -> None:
        if role in tuple(CustomerRole):
            self.form_role = role

    @guarded(STAFF, permission=MANAGE)
    def set_form_visibility(self, visibility: str) -> None:
        if visibility in tuple(Visibility):
            self.form_visibility = visibility

    @guarded(STAFF, permission=MANAGE)
    def toggle_company(self, company_id: str, checked: bool) -> None:
        self.form_companies = _toggled(self.form_companies, company_id, checked)

    @guarded(STAFF, permission=MANAGE)
    def toggle_team(self, team_id: str, checked: bool) -> None:
        self.form_teams = _toggled(self.form_teams, team_id, checked)

    @guarded(STAFF, permission=MANAGE)
    def set_notify(self, which: str, checked: bool) -> None:
        if which in ("notify_documents", "notify_tickets", "notify_orders"):
            setattr(self, which, checked is True)


def _toggled(chosen: list[str], value: str, checked: bool) -> list[str]:
    if parse_record_id(value) is None:
        return chosen
    rest = [v for v in chosen if v != value]
    return [*rest, value] if checked is True else rest


class AccountListState(AccountFormMixin, GridMixin, SessionState):
    _grid: ClassVar[str] = "accounts"
    _detail_path: ClassVar[str] = LIST_PATH + "/{id}"

    creating: bool = False
    #: the generated password of the account just created, shown once in a dialog
    new_password: str = ""
    new_login: str = ""
    export_inactive: bool = False
    export_user_set: bool = False
    export_notified: bool = False

    @rx.var
    def export_href(self) -> str:
        options = {
            "include_inactive": self.export_inactive,
            "include_user_set": self.export_user_set,
            "include_notified": self.export_notified,
        }
        query = urlencode({key: "1" for key, on in options.items() if on})
        return accounts.EXPORT_ROUTE + (f"?{query}" if query else "")

    @rx.var
    def password_title(self) -> str:
        return t("accounts.password_once_title", self.locale, login=self.new_login)

    @guarded(STAFF, permission=MANAGE)
    async def load_options(self) -> None:
        self.new_password = self.new_login = ""  # shown once: never again after a reload
        self._say()
        await self._load_options()

    @guarded(STAFF, permission=MANAGE)
    def open_create(self) -> None:
        self._say()
        self._fill(AccountForm(kind=UserKind.CUSTOMER, login="", email="", display_name=""))
        self.creating = True

    @guarded(STAFF, permission=MANAGE)
    def set_creating(self, open_: bool) -> None:
        self.creating = open_ is True

    @guarded(STAFF, permission=MANAGE)
    async def create(self, form_data: dict[str, Any]) -> None:
        form = self._account_form(form_data)
        address = self._client_address()

        def work(session: Session, principal: Principal) -> accounts.Created:
            return accounts.create(session, principal, form, client_address=address)

        try:
            created = await self._in_session(work)
        except AccountRefused as refused:
            return self._refused(refused)
        self.creating = False
        self.form_errors = {}
        self.form_key += 1
        self.new_login, self.new_password = form.login.strip().lower(), created.password
        self._say("accounts.created")
        await self._change(self._current(), self.offset, save=False)

    @guarded(STAFF, permission=MANAGE)
    def close_password(self, open_: bool = False) -> None:
        """The close button or the dialog's own closing (Escape, outside click)."""
        if open_ is not True:
            self.new_password = self.new_login = ""

    @guarded(STAFF, permission=MANAGE)
    async def send_access(self) -> None:
        ids = list(self.selected_ids)
        if not ids:
            return self._say(error="accounts.nothing_selected")
        address = self._client_address()
        base_url = mail_link_base()

        def work(session: Session, principal: Principal) -> access_links.SendAccessResult:
            return access_links.send_access(
                session, principal, ids, client_address=address, base_url=base_url
            )

        result = await self._in_session(work)
        self._say("accounts.access_sent_result", sent=result.sent, skipped=result.skipped)
        await self._change(self._current(), self.offset, save=False)

    @guarded(STAFF, permission=MANAGE)
    def set_export_option(self, which: str, checked: bool) -> None:
        if which in ("export_inactive", "export_user_set", "export_notified"):
            setattr(self, which, checked is True)


class AccountDetailState(AccountFormMixin, SessionState):
    account_id: int = 0
    found: bool = False
    active: bool = True
    password_status: str = ""
    last_login: str = ""
    access_sent: str = ""
    customer_name: str = ""
    can_act_as: bool = False
    password_key: int = 0
    password_error: str = ""
    #: a password generated here, shown once in a dialog
    new_password: str = ""
    confirm_delete: bool = False

    @rx.var
    def password_title(self) -> str:
        return t("accounts.password_once_title", self.locale, login=self.form.get("login", ""))

    @rx.var
    def delete_text(self) -> str:
        return t("accounts.delete_confirm", self.locale, login=self.form.get("login", ""))

    @guarded(STAFF, permission=MANAGE)
    async def load(self) -> None:
        self.reset()
        user_id = parse_record_id(self.router.page.params.get("user_id"))
        principal = self._require_principal()
        self.can_act_as = StaffPermission.ACT_AS in principal.staff_permissions
        if user_id is None:
            return self._say(error="error.not_found")
        try:
            await self._read(user_id)
        except AccessDenied as denied:
            return self._say(error=denied.message_key)
        await self._load_options()

    async def _read(self, user_id: int) -> None:
        detail = await self._in_session(
            lambda session, principal: accounts.get_account(session, principal, user_id)
        )
        locale = self.locale
        self.account_id = detail.id
        self.found = True
        self.active = detail.active
        self.password_status = t(f"accounts.password_status.{detail.password_status}", locale)
        never = t("accounts.never", locale)
        self.last_login = format_timestamp(detail.last_login_at, locale) or never
        self.access_sent = format_timestamp(detail.access_sent_at, locale) or never
        self.customer_name = detail.customer_name
        self._fill(detail.form)

    @guarded(STAFF, permission=MANAGE)
    async def save(self, form_data: dict[str, Any]) -> None:
        form = self._account_form(form_data)
        user_id, address = self.account_id, self._client_address()

        def work(session: Session, principal: Principal) -> None:
            accounts.update_account(session, principal, user_id, form, client_address=address)

        try:
            await self._in_session(work)
        except AccountRefused as refused:
            return self._refused(refused)
        await self._read(user_id)
        self._say("accounts.saved")

    @guarded(STAFF, permission=MANAGE)
    async def set_password(self, form_data: dict[str, Any]) -> None:
        password = form_data.get("password") if isinstance(form_data, dict) else None
        user_id, address = self.account_id, self._client_address()

        def work(session: Session, principal: Principal) -> None:
            accounts.set_password(
                session, principal, user_id, password or "", client_address=address
            )

        try:
            await self._in_session(work)
        except AccountRefused as refused:
            self.password_error = t(refused.message_key, self.locale)
            return
        self.password_error = ""
        self.password_key += 1
        await self._read(user_id)
        self._say("accounts.password_saved")

    @guarded(STAFF, permission=MANAGE)
    async def generate_password(self) -> None:
        user_id, address = self.account_id, self._client_address()

        def work(session: Session, principal: Principal) -> str:
            return accounts.generate_new_password(
                session, principal, user_id, client_address=address
            )

        self.new_password = await self._in_session(work)
        self.password_error = ""
        await self._read(user_id)

    @guarded(STAFF, permission=MANAGE)
    def close_password(self, open_: bool = False) -> None:
        """The close button or the dialog's own closing (Escape, outside click); `load`
        resets the state, so a reload never shows the password again."""
        if open_ is not True:
            self.new_password = ""

    @guarded(STAFF, permission=MANAGE)
    async def toggle_active(self) -> None:
        user_id, address, active = self.account_id, self._client_address(), not self.active

        def work(session: Session, principal: Principal) -> None:
            accounts.set_active(session, principal, user_id, active, client_address=address)

        await self._in_session(work)
        await self._read(user_id)
        self._say("accounts.reactivated" if active else "accounts.deactivated")

    @guarded(STAFF, permission=MANAGE)
    def set_confirm_delete(self, open_: bool) -> None:
        self.confirm_delete = open_ is True

    @guarded(STAFF, permission=MANAGE)
    async def delete(self) -> rx.event.EventSpec | None:
        user_id, address = self.account_id, self._client_address()

        def work(session: Session, principal: Principal) -> None:
            accounts.delete(session, principal, user_id, client_address=address)

        self.confirm_delete = False
        try:
            await self._in_session(work)
        except AccountRefused as refused:
            self._say(error=refused.message_key)
            return None
        return rx.redirect(LIST_PATH)
