"""/staff/settings (branding, SMTP, mail templates, shop, passwords) and
/staff/permission-groups."""

from __future__ import annotations

import reflex as rx

from portal.api.branding_routes import UPLOAD_ROUTE as LOGO_UPLOAD_ROUTE
from portal.components.file_input import file_input
from portal.components.forms import post_form
from portal.components.page import callout
from portal.components.shell import T, app_shell
from portal.i18n import LOCALES
from portal.models.enums import StaffPermission
from portal.services import branding
from portal.state.settings import (
    BrandingSettingsState,
    PasswordSettingsState,
    PermissionGroupsState,
    ShopSettingsState,
    SmtpSettingsState,
    TemplateSettingsState,
)

_LOGO_ACCEPT = "image/png,image/jpeg,image/webp,.png,.jpg,.jpeg,.webp"


def _error(message: rx.Var, test_id: str) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle-alert", color_scheme="red", role="alert", id=test_id),
    )


def _field(label: rx.Var, control: rx.Component) -> rx.Component:
    return rx.vstack(rx.text(label, size="2", weight="medium"), control, spacing="1", width="100%")


def _section(*children: rx.Component) -> rx.Component:
    return rx.card(
        rx.vstack(*children, spacing="4", width="100%"), padding="var(--space-5)", width="100%"
    )


# --------------------------------------------------------------------------- branding


def _branding() -> rx.Component:
    state = BrandingSettingsState
    return _section(
        rx.form(
            rx.vstack(
                _field(
                    T["settings.branding.name"],
                    rx.input(
                        name="name", default_value=state.name, max_length=80, id="brand-name-input"
                    ),
                ),
                _field(
                    T["settings.branding.color"],
                    rx.hstack(
                        rx.input(
                            name="color", default_value=state.color, max_length=7, id="brand-color"
                        ),
                        rx.box(
                            width="32px",
                            height="32px",
                            border_radius="var(--radius-2)",
                            background=state.color,
                        ),
                        align="center",
                    ),
                ),
                *(
                    _field(
                        T[f"settings.branding.{link}"],
                        rx.input(
                            name=link,
                            default_value=getattr(state, link),
                            type="url",
                            max_length=branding.URL_MAX,
                            placeholder="https://",
                            width="100%",
                            id=f"brand-{link.replace('_', '-')}",
                        ),
                    )
                    for link in branding.LEGAL_LINKS
                ),
                rx.button(T["settings.save"], type="submit", id="brand-save"),
                spacing="3",
                width="100%",
                max_width="480px",
            ),
            on_submit=state.save,
            key=state.form_key.to_string(),
        ),
        rx.divider(),
        _field(
            T["settings.branding.logo"],
            rx.vstack(
                rx.cond(
                    state.logo_url != "",
                    rx.hstack(
                        rx.image(src=state.logo_url, height="48px", alt="", id="logo-preview"),
                        rx.button(
                            T["settings.branding.logo_remove"],
                            on_click=state.remove_logo,
                            variant="soft",
                            color_scheme="gray",
                        ),
                        align="center",
                    ),
                    rx.text(T["settings.branding.logo_none"], color_scheme="gray", size="2"),
                ),
                post_form(
                    rx.hstack(
                        file_input("logo-file", _LOGO_ACCEPT, T["settings.branding.logo_choose"]),
                        rx.button(
                            T["settings.branding.logo_upload"],
                            type="submit",
                            variant="soft",
                            id="logo-upload",
                        ),
                        spacing="2",
                        align="center",
                    ),
                    action=LOGO_UPLOAD_ROUTE,
                    enc_type="multipart/form-data",
                ),
                spacing="2",
                width="100%",
            ),
        ),
        callout(state.notice, "green", "branding-notice"),
        _error(state.error, "branding-error"),
    )


# --------------------------------------------------------------------------- SMTP


def _smtp() -> rx.Component:
    state = SmtpSettingsState
    return _section(
        rx.text(T["settings.smtp.intro"], size="2"),
        rx.text(
            rx.cond(state.stored, T["settings.smtp.source_db"], T["settings.smtp.source_env"]),
            size="2",
            color_scheme="gray",
        ),
        rx.form(
            rx.vstack(
                rx.hstack(
                    _field(
                        T["settings.smtp.host"],
                        rx.input(name="host", default_value=state.host, id="smtp-host"),
                    ),
                    _field(
                        T["settings.smtp.port"],
                        rx.input(name="port", default_value=state.port, id="smtp-port"),
                    ),
                    width="100%",
                ),
                _field(
                    T["settings.smtp.user"],
                    rx.input(name="user", default_value=state.user, id="smtp-user"),
                ),
                _field(
                    rx.hstack(
                        T["settings.smtp.password"],
                        rx.badge(
                            rx.cond(
                                state.password_set,
                                T["settings.smtp.password_set"],
                                T["settings.smtp.password_unset"],
                            ),
                            color_scheme=rx.cond(state.password_set, "green", "gray"),
                            id="smtp-password-state",
                        ),
                    ),
                    rx.vstack(
                        rx.input(
                            name="password",
                            type="password",
                            auto_complete="new-password",
                            placeholder=T["settings.smtp.password_hint"],
                            id="smtp-password",
                            width="100%",
                        ),
                        rx.checkbox(
                            T["settings.smtp.clear_password"],
                            name="clear_password",
                            size="2",
                        ),
                        width="100%",
                    ),
                ),
                rx.checkbox(
                    T["settings.smtp.starttls"],
                    name="starttls",
                    default_checked=state.starttls,
                    size="2",
                ),
                _field(
                    T["settings.smtp.from"],
                    rx.input(name="mail_from", default_value=state.mail_from, id="smtp-from"),
                ),
                rx.button(T["settings.save"], type="submit", id="smtp-save"),
                spacing="3",
                width="100%",
                max_width="560px",
            ),
            on_submit=state.save,
            key=state.form_key.to_string(),
        ),
        _error(state.error, "smtp-error"),
        rx.divider(),
        rx.form(
            rx.hstack(
                rx.input(
                    name="recipient",
                    type="email",
                    placeholder=T["settings.smtp.test_to"],
                    aria_label=T["settings.smtp.test_to"],
                    id="smtp-test-to",
                    width="320px",
                ),
                rx.button(
                    T["settings.smtp.test"], type="submit", loading=state.sending, id="smtp-test"
                ),
                align="center",
            ),
            on_submit=state.send_test,
        ),
        rx.cond(
            state.test_message != "",
            rx.callout(
                state.test_message,
                color_scheme=rx.cond(state.test_ok, "green", "red"),
                role="status",
                id="smtp-test-result",
            ),
        ),
    )


# --------------------------------------------------------------------------- templates


def _templates() -> rx.Component:
    state = TemplateSettingsState
    return _section(
        rx.hstack(
            _field(
                T["settings.templates.template"],
                rx.select.root(
                    rx.select.trigger(id="template-select"),
                    rx.select.content(
                        rx.foreach(
                            state.template_options,
                            lambda name: rx.select.item(T["settings.template." + name], value=name),
                        )
                    ),
                    value=state.template,
                    on_change=state.choose_template,
                ),
            ),
            _field(
                T["settings.templates.language"],
                rx.select.root(
                    rx.select.trigger(id="template-language"),
                    rx.select.content(
                        *(rx.select.item(code.upper(), value=code) for code in LOCALES)
                    ),
                    value=state.language,
                    on_change=state.choose_language,
                ),
            ),
            rx.badge(
                rx.cond(
                    state.customized,
                    T["settings.templates.customized"],
                    T["settings.templates.default"],
                ),
                color_scheme=rx.cond(state.customized, "amber", "gray"),
                id="template-state",
            ),
            align="end",
            spacing="4",
        ),
        rx.text(
            T["settings.templates.placeholders"].replace("{names}", state.placeholders),
            size="2",
            color_scheme="gray",
        ),
        rx.box(
            rx.vstack(
                _field(
                    T["settings.templates.subject"],
                    rx.input(
                        default_value=state.subject,
                        on_blur=lambda value: state.set_source("subject", value),
                        id="template-subject",
                        width="100%",
                    ),
                ),
                _field(
                    T["settings.templates.text"],
                    rx.text_area(
                        default_value=state.text,
                        on_blur=lambda value: state.set_source("text", value),
                        rows="10",
                        id="template-text",
                        font_family="monospace",
                        width="100%",
                    ),
                ),
                _field(
                    T["settings.templates.html"],
                    rx.text_area(
                        default_value=state.html,
                        on_blur=lambda value: state.set_source("html", value),
                        rows="8",
                        id="template-html",
                        font_family="monospace",
                        width="100%",
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            key=state.form_key.to_string(),
            width="100%",
        ),
        rx.hstack(
            rx.button(T["settings.save"], on_click=state.save, id="template-save"),
            rx.button(
                T["settings.templates.preview"],
                on_click=state.preview,
                variant="soft",
                id="template-preview",
            ),
            rx.button(
                T["settings.templates.reset"],
                on_click=state.reset_template,
                variant="soft",
                color_scheme="gray",
                disabled=~state.customized,
                id="template-reset",
            ),
        ),
        _error(state.error, "template-error"),
        rx.divider(),
        rx.heading(T["settings.templates.preview_hint"], size="3"),
        rx.text(state.preview_subject, weight="bold", id="preview-subject"),
        rx.el.pre(
            state.preview_text,
            white_space="pre-wrap",
            font_size="13px",
            padding="var(--space-3)",
            background="var(--gray-3)",
            border_radius="var(--radius-2)",
            width="100%",
            id="preview-text",
        ),
        rx.cond(
            state.preview_html != "",
            # sandbox="": the staff-written HTML runs no script and reaches nothing of the app
            rx.el.iframe(
                src_doc=state.preview_html,
                sandbox="",
                title=T["settings.templates.preview"],
                width="100%",
                height="420px",
                border="1px solid var(--gray-5)",
                id="preview-html",
            ),
        ),
    )


# --------------------------------------------------------------------------- shop, passwords


def _customer_row(customer: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(customer["number"]),
        rx.table.cell(customer["name"]),
        rx.table.cell(
            rx.select.root(
                rx.select.trigger(),
                rx.select.content(
                    *(
                        rx.select.item(T[f"settings.shop.choice.{c}"], value=c)
                        for c in ("inherit", "shown", "hidden")
                    )
                ),
                value=customer["choice"],
                on_change=lambda choice: ShopSettingsState.set_customer_choice(
                    customer["id"], choice
                ),
            )
        ),
    )


def _shop() -> rx.Component:
    state = ShopSettingsState
    return _section(
        rx.text(
            rx.switch(checked=state.show_prices, on_change=state.set_show_prices, id="shop-prices"),
            " ",
            T["settings.shop.show_prices"],
            as_="label",
        ),
        rx.divider(),
        rx.heading(T["settings.shop.customer_title"], size="3"),
        rx.form(
            rx.hstack(
                rx.input(
                    name="term",
                    placeholder=T["settings.shop.search"],
                    aria_label=T["settings.shop.search"],
                    width="320px",
                    id="shop-search",
                ),
                rx.button(
                    rx.icon("search", size=16),
                    type="submit",
                    variant="soft",
                    aria_label=T["settings.shop.search"],
                ),
            ),
            on_submit=state.search,
        ),
        rx.cond(
            state.customers.length() > 0,
            rx.table.root(
                rx.table.body(rx.foreach(state.customers, _customer_row)), variant="surface"
            ),
            rx.cond(
                state.term != "",
                rx.text(T["settings.shop.no_results"], color_scheme="gray", size="2"),
            ),
        ),
    )


def _passwords() -> rx.Component:
    state = PasswordSettingsState
    return _section(
        rx.form(
            rx.vstack(
                _field(
                    T["settings.passwords.min_length"],
                    rx.input(
                        name="min_length",
                        type="number",
                        min=8,
                        max=64,
                        default_value=state.min_length,
                        width="120px",
                        id="password-min",
                    ),
                ),
                rx.checkbox(
                    T["settings.passwords.check_common"],
                    name="check_common",
                    default_checked=state.check_common,
                    size="2",
                ),
                rx.button(T["settings.save"], type="submit", id="password-save"),
                spacing="3",
            ),
            on_submit=state.save,
            key=state.form_key.to_string(),
        ),
        _error(state.error, "password-error"),
    )


def settings_page() -> rx.Component:
    sections = (
        ("branding", _branding),
        ("smtp", _smtp),
        ("templates", _templates),
        ("shop", _shop),
        ("passwords", _passwords),
    )
    return app_shell(
        rx.heading(T["settings.title"], size="7", margin_bottom="var(--space-4)", id="page-title"),
        rx.tabs.root(
            rx.tabs.list(
                *(
                    rx.tabs.trigger(T[f"settings.tab.{name}"], value=name, id=f"tab-{name}")
                    for name, _ in sections
                )
            ),
            *(
                rx.tabs.content(build(), value=name, padding_top="var(--space-4)")
                for name, build in sections
            ),
            default_value="branding",
        ),
    )


# --------------------------------------------------------------------------- permission groups


def _permission_boxes(checked: rx.Var | None) -> rx.Component:
    return rx.flex(
        *(
            rx.checkbox(
                T[f"settings.groups.perm.{p.value}"],
                name=f"perm_{p.value}",
                default_checked=checked.contains(p.value) if checked is not None else False,
                size="2",
            )
            for p in StaffPermission
        ),
        wrap="wrap",
        gap="var(--space-4)",
    )


def _group_card(group: rx.Var) -> rx.Component:
    state = PermissionGroupsState
    permissions = group["permissions"].to(list[str])
    members = group["members"].to(list[str])
    return rx.card(
        rx.vstack(
            rx.form(
                rx.vstack(
                    rx.hstack(
                        rx.input(
                            name="name",
                            default_value=group["name"].to(str),
                            aria_label=T["settings.groups.name"],
                            width="320px",
                        ),
                        rx.button(T["settings.save"], type="submit", size="2"),
                        rx.button(
                            T["settings.groups.delete"],
                            type="button",
                            color_scheme="red",
                            variant="soft",
                            size="2",
                            on_click=state.delete_group(group["id"]),
                        ),
                        align="center",
                    ),
                    _permission_boxes(permissions),
                    spacing="3",
                ),
                on_submit=lambda data: state.save_group(group["id"], data),
            ),
            rx.text(T["settings.groups.members"], size="2", weight="medium"),
            rx.flex(
                rx.foreach(
                    state.staff,
                    lambda person: rx.checkbox(
                        person["name"],
                        checked=members.contains(person["id"]),
                        on_change=lambda value: state.set_member(group["id"], person["id"], value),
                        size="2",
                    ),
                ),
                wrap="wrap",
                gap="var(--space-4)",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="permission-group",
    )


def permission_groups_page() -> rx.Component:
    state = PermissionGroupsState
    return app_shell(
        rx.heading(
            T["settings.groups.title"], size="7", margin_bottom="var(--space-4)", id="page-title"
        ),
        rx.vstack(
            _error(state.error, "groups-error"),
            rx.box(
                rx.vstack(rx.foreach(state.groups, _group_card), spacing="3", width="100%"),
                key=state.form_key.to_string(),
                width="100%",
            ),
            rx.card(
                rx.form(
                    rx.vstack(
                        rx.heading(T["settings.groups.new"], size="3"),
                        rx.input(
                            name="name",
                            placeholder=T["settings.groups.name"],
                            aria_label=T["settings.groups.name"],
                            width="320px",
                            id="group-new-name",
                        ),
                        _permission_boxes(None),
                        rx.button(T["settings.groups.create"], type="submit", id="group-create"),
                        spacing="3",
                    ),
                    on_submit=state.create,
                    reset_on_submit=True,
                ),
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
    )
