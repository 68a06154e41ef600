"""States of /staff/settings (one small state per section) and /staff/permission-groups.

Thin: every value the browser sends is bounded here and validated again by the services, which
also check the SETTINGS permission and audit. Forms are uncontrolled (`default_value`); a
section's `form_key` changes after loading so the inputs show the stored values. A refused
change leaves the form as typed and shows the reason. The logo is uploaded by a native form
POST to `portal.api.branding_routes`, which comes back here with a message key in the URL.
"""

import asyncio
from typing import Any

import reflex as rx

from portal.config import get_settings
from portal.i18n import LOCALES, t
from portal.models.enums import StaffPermission, UserKind
from portal.services import (
    branding,
    mail_templates,
    permission_groups,
    settings_admin,
    smtp_settings,
)
from portal.services.ids import parse_record_id
from portal.state.guard import guarded
from portal.state.session import SessionState

_TEXT_MAX = 50_000


def _form(form_data: Any, names: tuple[str, ...], limit: int = 500) -> dict[str, str]:
    """Only the expected fields, as bounded text (the browser may send anything)."""
    data = form_data if isinstance(form_data, dict) else {}
    return {name: str(data.get(name, "") or "")[:limit] for name in names}


def _checked(form_data: Any, name: str) -> bool:
    data = form_data if isinstance(form_data, dict) else {}
    return data.get(name) in (True, "on", "true", "1")


SETTINGS = {"permission": StaffPermission.SETTINGS}
# What the logo upload route may send back in the URL (the URL is the visitor's: nothing else).
_LOGO_NOTICES = frozenset({"settings.branding.logo_saved"})
_LOGO_ERRORS = frozenset({"upload.error.empty", "upload.error.too_large", "upload.error.type"})


class BrandingSettingsState(SessionState):
    form_key: int = 0
    name: str = ""
    color: str = ""
    logo_url: str = ""
    imprint_url: str = ""
    privacy_url: str = ""
    error: str = ""
    notice: str = ""

    @guarded(UserKind.STAFF, **SETTINGS)
    async def load(self) -> None:
        found = await self._in_session(lambda session, _p: branding.current(session))
        self._show(found)
        params = self.router.page.params
        notice, error = params.get("notice"), params.get("error")
        self.notice = t(notice, self.locale) if notice in _LOGO_NOTICES else ""
        self.error = t(error, self.locale) if error in _LOGO_ERRORS else ""
        self.form_key += 1

    def _show(self, found: branding.Branding) -> None:
        self.name, self.color, self.logo_url = found.name, found.primary_color, found.logo_url
        # the header of this very page follows at once
        self.brand_name, self.brand_color, self.brand_logo = self.name, self.color, self.logo_url
        self.imprint_url, self.privacy_url = found.imprint_url, found.privacy_url
        self.brand_imprint_url, self.brand_privacy_url = self.imprint_url, self.privacy_url

    @guarded(UserKind.STAFF, **SETTINGS)
    async def save(self, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        values = _form(form_data, ("name", "color", *branding.LEGAL_LINKS), limit=1000)
        try:
            found = await self._in_session(
                lambda session, principal: branding.save(
                    session,
                    principal,
                    name=values["name"],
                    primary_color=values["color"],
                    imprint_url=values["imprint_url"],
                    privacy_url=values["privacy_url"],
                )
            )
        except branding.BrandingInvalid as refused:
            self.error = t(refused.message_key, self.locale)
            return None
        self.error = ""
        self._show(found)
        return rx.toast.success(t("settings.saved", self.locale))

    @guarded(UserKind.STAFF, **SETTINGS)
    async def remove_logo(self) -> None:
        data_dir = get_settings().data_dir
        found = await self._in_session(
            lambda session, principal: branding.remove_logo(session, principal, data_dir=data_dir)
        )
        self.notice = ""  # "Logo gespeichert" no longer applies
        self._show(found)


class SmtpSettingsState(SessionState):
    form_key: int = 0
    host: str = ""
    port: str = ""
    user: str = ""
    password_set: bool = False
    starttls: bool = False
    mail_from: str = ""
    stored: bool = False
    error: str = ""
    test_message: str = ""
    test_ok: bool = False
    sending: bool = False

    @guarded(UserKind.STAFF, **SETTINGS)
    async def load(self) -> None:
        self._show(await self._in_session(smtp_settings.view))
        self.error, self.test_message = "", ""
        self.form_key += 1

    def _show(self, view: smtp_settings.SmtpView) -> None:
        self.host, self.port, self.user = view.host, str(view.port), view.user
        self.password_set, self.starttls = view.password_set, view.starttls
        self.mail_from, self.stored = view.mail_from, view.stored

    @guarded(UserKind.STAFF, **SETTINGS)
    async def save(self, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        values = _form(form_data, ("host", "port", "user", "password", "mail_from"))
        starttls, clear = _checked(form_data, "starttls"), _checked(form_data, "clear_password")
        try:
            view = await self._in_session(
                lambda session, principal: smtp_settings.save(
                    session,
                    principal,
                    host=values["host"],
                    port=values["port"],
                    user=values["user"],
                    password=values["password"],
                    clear_password=clear,
                    starttls=starttls,
                    mail_from=values["mail_from"],
                )
            )
        except smtp_settings.SmtpInvalid as refused:
            self.error = t(refused.message_key, self.locale)
            return None
        self._show(view)
        self.form_key += 1  # empties the password field again
        if view.password_dropped:
            self.error = t("settings.smtp.password_dropped", self.locale)
            return rx.toast.warning(self.error)
        self.error = ""
        return rx.toast.success(t("settings.saved", self.locale))

    @guarded(UserKind.STAFF, **SETTINGS)
    async def send_test(self, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        """Send the test mail now with the saved settings and say what kind of failure occurred."""
        recipient = _form(form_data, ("recipient",))["recipient"]
        self.test_message, self.sending = "", True
        yield
        try:
            prepared = await self._in_session(
                lambda session, principal: smtp_settings.prepare_test_mail(
                    session, principal, recipient
                )
            )
        except smtp_settings.SmtpInvalid as refused:
            self.test_ok, self.test_message = False, t(refused.message_key, self.locale)
        else:
            key = await asyncio.to_thread(smtp_settings.send_test_mail, prepared)
            self.test_ok = not key
            self.test_message = (
                t(key, self.locale)
                if key
                else t("settings.smtp.test.sent", self.locale, recipient=prepared.recipient)
            )
        self.sending = False


class TemplateSettingsState(SessionState):
    form_key: int = 0
    template: str = "registration"
    language: str = "de"
    subject: str = ""
    text: str = ""
    html: str = ""
    customized: bool = False
    placeholders: str = ""
    error: str = ""
    preview_subject: str = ""
    preview_text: str = ""
    preview_html: str = ""

    @rx.var
    def template_options(self) -> list[str]:
        return mail_templates.templates()

    @guarded(UserKind.STAFF, **SETTINGS)
    async def load(self) -> None:
        await self._open(self.template, self.language)

    async def _open(self, template: str, language: str) -> None:
        if template not in mail_templates.templates() or language not in LOCALES:
            return
        found = await self._in_session(
            lambda session, principal: mail_templates.source(session, principal, template, language)
        )
        self.template, self.language = template, language
        self.subject, self.text, self.html = found.subject, found.text, found.html
        self.customized = found.customized
        self.placeholders = ", ".join(mail_templates.placeholders(template))
        self.error = ""
        try:
            self._preview(
                await asyncio.to_thread(
                    mail_templates.check, template, found.subject, found.text, found.html
                )
            )
        except mail_templates.TemplateInvalid as refused:
            self._refused(refused)
        self.form_key += 1

    def _preview(self, rendered: Any) -> None:
        self.preview_subject, self.preview_text = rendered.subject, rendered.body_text
        self.preview_html = rendered.body_html or ""

    @guarded(UserKind.STAFF, **SETTINGS)
    async def choose_template(self, template: str) -> None:
        await self._open(str(template), self.language)

    @guarded(UserKind.STAFF, **SETTINGS)
    async def choose_language(self, language: str) -> None:
        await self._open(self.template, str(language))

    @guarded(UserKind.STAFF, **SETTINGS)
    def set_source(self, part: str, value: str) -> None:
        """The edited subject, text or HTML (sent when the field loses focus)."""
        if part in ("subject", "text", "html"):
            setattr(self, part, str(value)[:_TEXT_MAX])

    def _typed(self) -> dict[str, str]:
        return {"subject": self.subject, "text": self.text, "html": self.html}

    def _refused(self, refused: mail_templates.TemplateInvalid) -> None:
        self.error = t(refused.message_key, self.locale, **refused.values)

    @guarded(UserKind.STAFF, **SETTINGS)
    async def preview(self) -> None:
        """Render what is typed with sample values (nothing stored; no database needed), in a
        worker thread: even a bounded render must not hold up the event loop of every user."""
        values = self._typed()
        try:
            rendered = await asyncio.to_thread(
                mail_templates.check,
                self.template,
                values["subject"],
                values["text"],
                values["html"],
            )
        except mail_templates.TemplateInvalid as refused:
            self._refused(refused)
            return
        self.error = ""
        self._preview(rendered)

    @guarded(UserKind.STAFF, **SETTINGS)
    async def save(self):  # type: ignore[no-untyped-def]
        values, template, language = self._typed(), self.template, self.language
        try:
            rendered = await self._in_session(
                lambda session, principal: mail_templates.save(
                    session, principal, template, language, **values
                )
            )
        except mail_templates.TemplateInvalid as refused:
            self._refused(refused)
            return None
        self.error, self.customized = "", True
        self._preview(rendered)
        return rx.toast.success(t("settings.saved", self.locale))

    @guarded(UserKind.STAFF, **SETTINGS)
    async def reset_template(self):  # type: ignore[no-untyped-def]
        template, language = self.template, self.language
        await self._in_session(
            lambda session, principal: mail_templates.reset(session, principal, template, language)
        )
        await self._open(template, language)
        return rx.toast.success(t("settings.templates.reset_done", self.locale))


class ShopSettingsState(SessionState):
    show_prices: bool = True
    term: str = ""
    customers: list[dict[str, str]] = []

    @guarded(UserKind.STAFF, **SETTINGS)
    async def load(self) -> None:
        self.show_prices = await self._in_session(settings_admin.shop_prices)

    @guarded(UserKind.STAFF, **SETTINGS)
    async def set_show_prices(self, value: bool):  # type: ignore[no-untyped-def]
        shown = value is True
        await self._in_session(
            lambda session, principal: settings_admin.set_shop_prices(session, principal, shown)
        )
        self.show_prices = shown
        return rx.toast.success(t("settings.saved", self.locale))

    @guarded(UserKind.STAFF, **SETTINGS)
    async def search(self, form_data: dict[str, Any]) -> None:
        term = _form(form_data, ("term",), 100)["term"]
        self.term = term
        found = await self._in_session(
            lambda session, principal: settings_admin.find_customers(session, principal, term)
        )
        self.customers = [
            {
                "id": str(c.id),
                "name": c.name,
                "number": c.number,
                "choice": settings_admin.price_choice(c),
            }
            for c in found
        ]

    @guarded(UserKind.STAFF, **SETTINGS)
    async def set_customer_choice(self, customer_id: str, choice: str):  # type: ignore[no-untyped-def]
        record_id, choice = parse_record_id(str(customer_id)), str(choice)
        if record_id is None or choice not in settings_admin.PRICE_CHOICES:
            return None
        try:
            await self._in_session(
                lambda session, principal: settings_admin.set_customer_prices(
                    session, principal, record_id, choice
                )
            )
        except settings_admin.SettingInvalid as refused:
            return rx.toast.error(t(refused.message_key, self.locale))
        self.customers = [
            {**c, "choice": choice} if c["id"] == str(record_id) else c for c in self.customers
        ]
        return rx.toast.success(t("settings.saved", self.locale))


class PasswordSettingsState(SessionState):
    form_key: int = 0
    min_length: str = ""
    check_common: bool = True
    error: str = ""

    @guarded(UserKind.STAFF, **SETTINGS)
    async def load(self) -> None:
        policy = await self._in_session(settings_admin.current_password_policy)
        self.min_length, self.check_common = str(policy.min_length), policy.check_common
        self.error = ""
        self.form_key += 1

    @guarded(UserKind.STAFF, **SETTINGS)
    async def save(self, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        length, common = (
            _form(form_data, ("min_length",))["min_length"],
            _checked(form_data, "check_common"),
        )
        try:
            policy = await self._in_session(
                lambda session, principal: settings_admin.set_password_policy(
                    session, principal, min_length=length, check_common=common
                )
            )
        except settings_admin.SettingInvalid as refused:
            self.error = t(refused.message_key, self.locale)
            return None
        self.error = ""
        self.min_length, self.check_common = str(policy.min_length), policy.check_common
        return rx.toast.success(t("settings.saved", self.locale))


SETTINGS_LOADERS = (
    BrandingSettingsState.load,
    SmtpSettingsState.load,
    TemplateSettingsState.load,
    ShopSettingsState.load,
    PasswordSettingsState.load,
)


class PermissionGroupsState(SessionState):
    """/staff/permission-groups: groups with their permissions and members."""

    groups: list[dict[str, Any]] = []
    staff: list[dict[str, str]] = []
    error: str = ""
    form_key: int = 0

    @guarded(UserKind.STAFF, **SETTINGS)
    async def load(self) -> None:
        def read(session, principal):  # type: ignore[no-untyped-def]
            return (
                permission_groups.groups(session, principal),
                permission_groups.staff_users(session, principal),
            )

        found_groups, found_staff = await self._in_session(read)
        self.staff = [
            {"id": str(s.id), "name": s.display_name, "login": s.login} for s in found_staff
        ]
        self.groups = [
            {
                "id": str(g.id),
                "name": g.name,
                "permissions": [p.value for p in g.permissions],
                "members": [str(m) for m in g.member_ids],
            }
            for g in found_groups
        ]
        self.form_key += 1

    async def _change(self, work) -> bool:  # type: ignore[no-untyped-def]
        try:
            await self._in_session(work)
        except permission_groups.GroupInvalid as refused:
            self.error = t(refused.message_key, self.locale)
            return False
        self.error = ""
        await self.load()
        return True

    @guarded(UserKind.STAFF, **SETTINGS)
    async def create(self, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        name = _form(form_data, ("name",), 200)["name"]
        chosen = _permissions(form_data)
        if await self._change(
            lambda session, principal: permission_groups.create(session, principal, name, chosen)
        ):
            return rx.toast.success(t("settings.saved", self.locale))
        return None

    @guarded(UserKind.STAFF, **SETTINGS)
    async def save_group(self, group_id: str, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        record_id = parse_record_id(str(group_id))
        if record_id is None:
            return None
        name, chosen = _form(form_data, ("name",), 200)["name"], _permissions(form_data)
        if await self._change(
            lambda session, principal: permission_groups.update(
                session, principal, record_id, name, chosen
            )
        ):
            return rx.toast.success(t("settings.saved", self.locale))
        return None

    @guarded(UserKind.STAFF, **SETTINGS)
    async def delete_group(self, group_id: str):  # type: ignore[no-untyped-def]
        record_id = parse_record_id(str(group_id))
        if record_id is None:
            return None
        if await self._change(
            lambda session, principal: permission_groups.delete_group(session, principal, record_id)
        ):
            return rx.toast.success(t("settings.groups.deleted", self.locale))
        return None

    @guarded(UserKind.STAFF, **SETTINGS)
    async def set_member(self, group_id: str, user_id: str, member: bool):  # type: ignore[no-untyped-def]
        group, user = parse_record_id(str(group_id)), parse_record_id(str(user_id))
        if group is None or user is None:
            return None
        wanted = member is True
        if await self._change(
            lambda session, principal: permission_groups.set_membership(
                session, principal, group, user, wanted
            )
        ):
            return rx.toast.success(t("settings.saved", self.locale))
        return None


def _permissions(form_data: Any) -> list[str]:
    """The checked permission boxes (named `perm_<permission>`)."""
    return [p.value for p in StaffPermission if _checked(form_data, f"perm_{p.value}")]
