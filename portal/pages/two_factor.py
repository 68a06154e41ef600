"""Two-factor login pages: the code step of the sign-in (/login/code), the own security page
(/profile/security) and the staff reset page (/staff/two-factor)."""

from __future__ import annotations

import reflex as rx

from portal.components.forms import field_label, post_form
from portal.components.shell import T, app_shell, auth_card
from portal.services.navigation import SECURITY_PATH
from portal.state.login import LoginState
from portal.state.two_factor import SecurityState, StaffTwoFactorState, TwoFactorCodeState


def _app_code_input(input_id: str, **props: object) -> rx.Component:
    """A six-digit code: phones offer the number pad and the code from an SMS/app."""
    return rx.input(
        id=input_id,
        name="code",
        auto_complete="one-time-code",
        input_mode="numeric",
        pattern="[0-9 ]*",
        max_length=7,
        required=True,
        size="3",
        **props,
    )


def _callout(text: rx.Var, color: str, element_id: str) -> rx.Component:
    return rx.cond(
        text != "",
        rx.callout(text, color_scheme=color, role="alert", id=element_id, width="100%"),
    )


# --------------------------------------------------------------------------- /login/code


def _code_field() -> rx.Component:
    recovery = TwoFactorCodeState.recovery
    return rx.vstack(
        field_label(rx.cond(recovery, T["totp.recovery_label"], T["totp.code_label"]), "code"),
        rx.cond(
            recovery,
            rx.input(
                id="code",
                key="recovery",
                name="code",
                auto_complete="off",
                auto_capitalize="none",
                spell_check=False,
                placeholder="xxxx-xxxx-xxxx",
                required=True,
                auto_focus=True,
                size="3",
                width="100%",
                font_family="var(--code-font-family)",
            ),
            _app_code_input("code", key="app", auto_focus=True, width="100%"),
        ),
        spacing="2",
        width="100%",
    )


def _code_form() -> rx.Component:
    return post_form(
        rx.vstack(
            _code_field(),
            rx.button(T["totp.submit"], type="submit", size="3", width="100%", id="submit"),
            spacing="3",
            width="100%",
        ),
        action="/auth/totp",
        width="100%",
    )


def code_page() -> rx.Component:
    recovery = TwoFactorCodeState.recovery
    return auth_card(
        rx.heading(T["totp.code_title"], size="7"),
        rx.text(
            rx.cond(recovery, T["totp.recovery_subtitle"], T["totp.code_subtitle"]),
            color_scheme="gray",
        ),
        _callout(TwoFactorCodeState.message, "red", "code-message"),
        _code_form(),
        rx.button(
            rx.cond(recovery, T["totp.use_app"], T["totp.use_recovery"]),
            on_click=TwoFactorCodeState.use_recovery(~recovery),
            variant="ghost",
            size="2",
            id="toggle-recovery",
        ),
        rx.link(T["totp.back_to_login"], href="/login", size="2", id="back-to-login"),
        choose_language=LoginState.choose_language,
        lang=LoginState.locale,
    )


# --------------------------------------------------------------------------- /profile/security


def _status() -> rx.Component:
    return rx.data_list.root(
        rx.data_list.item(
            rx.data_list.label(T["totp.status"]),
            rx.data_list.value(
                rx.cond(
                    SecurityState.enabled,
                    rx.badge(T["totp.status_on"], color_scheme="green", id="totp-status"),
                    rx.badge(T["totp.status_off"], color_scheme="gray", id="totp-status"),
                )
            ),
        ),
        rx.cond(
            SecurityState.enabled,
            rx.fragment(
                rx.data_list.item(
                    rx.data_list.label(T["totp.enabled_since"]),
                    rx.data_list.value(SecurityState.enabled_at),
                ),
                rx.data_list.item(
                    rx.data_list.label(T["totp.recovery_left"]),
                    rx.data_list.value(SecurityState.recovery_left, id="recovery-left"),
                ),
            ),
        ),
    )


def _start() -> rx.Component:
    return rx.cond(
        SecurityState.password_login,
        rx.button(
            rx.icon("smartphone", size=16),
            T["totp.start"],
            on_click=SecurityState.start_enrolment,
            size="3",
            id="totp-start",
        ),
        rx.text(T["totp.sso_only"], color_scheme="gray"),
    )


def _enrolment() -> rx.Component:
    """Step 1 scan (or type the key), step 2 confirm with a code: in reading order."""
    return rx.vstack(
        rx.text(T["totp.scan"], weight="medium"),
        rx.flex(
            rx.image(
                src=SecurityState.qr_data_uri,
                alt=T["totp.qr_alt"],
                width="200px",
                height="200px",
                id="totp-qr",
                border="1px solid var(--gray-5)",
                border_radius="var(--radius-2)",
            ),
            rx.vstack(
                rx.text(T["totp.manual"], size="2", color_scheme="gray"),
                rx.code(
                    SecurityState.manual_key, size="3", id="totp-manual-key", variant="outline"
                ),
                spacing="2",
            ),
            spacing="5",
            wrap="wrap",
            align="center",
        ),
        rx.text(T["totp.confirm_hint"], weight="medium", margin_top="var(--space-2)"),
        rx.el.form(
            rx.hstack(
                _app_code_input(
                    "totp-confirm-code",
                    width="140px",
                    auto_focus=True,
                    aria_label=T["totp.code_label"],
                ),
                rx.button(T["totp.confirm"], type="submit", size="3", id="totp-confirm"),
                rx.button(
                    T["totp.cancel"],
                    type="button",
                    variant="soft",
                    color_scheme="gray",
                    size="3",
                    on_click=SecurityState.cancel_enrolment,
                ),
                spacing="2",
                wrap="wrap",
            ),
            on_submit=SecurityState.confirm,
            reset_on_submit=True,
        ),
        spacing="3",
        width="100%",
        on_unmount=SecurityState.cancel_enrolment,  # leaving the page drops the key
    )


def _recovery_codes() -> rx.Component:
    return rx.callout.root(
        rx.vstack(
            rx.heading(T["totp.codes_title"], size="4"),
            rx.text(T["totp.codes_hint"], size="2"),
            rx.grid(
                rx.foreach(
                    SecurityState.recovery_codes,
                    lambda code: rx.code(
                        code, size="3", variant="ghost", data_testid="recovery-code"
                    ),
                ),
                columns="2",
                spacing_x="6",
                spacing_y="2",
                padding_y="var(--space-2)",
                id="recovery-codes",
            ),
            rx.button(
                rx.icon("check", size=16),
                T["totp.codes_done"],
                on_click=SecurityState.codes_stored,
                id="totp-codes-done",
            ),
            spacing="3",
        ),
        color_scheme="amber",
        width="100%",
        on_unmount=SecurityState.codes_stored,  # leaving the page: the codes are gone for good
    )


def _section(title_key: str, hint_key: str, *content: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.heading(T[title_key], size="3"),
        rx.text(T[hint_key], size="2", color_scheme="gray"),
        *content,
        spacing="2",
        width="100%",
    )


def _regenerate() -> rx.Component:
    return _section(
        "totp.regenerate_title",
        "totp.regenerate_hint",
        rx.el.form(
            rx.hstack(
                _app_code_input(
                    "totp-regenerate-code", width="140px", aria_label=T["totp.code_label"]
                ),
                rx.button(T["totp.regenerate"], type="submit", variant="soft", size="3"),
                spacing="2",
            ),
            on_submit=SecurityState.regenerate,
            reset_on_submit=True,
        ),
    )


def _disable() -> rx.Component:
    return _section(
        "totp.disable_title",
        "totp.disable_hint",
        rx.el.form(
            rx.flex(
                rx.vstack(
                    field_label(T["totp.password"], "totp-disable-password"),
                    rx.input(
                        id="totp-disable-password",
                        name="password",
                        type="password",
                        auto_complete="current-password",
                        required=True,
                        size="3",
                    ),
                    spacing="1",
                ),
                rx.vstack(
                    field_label(T["totp.code_or_recovery"], "totp-disable-code"),
                    rx.input(
                        id="totp-disable-code",
                        name="code",
                        auto_complete="one-time-code",
                        required=True,
                        size="3",
                    ),
                    spacing="1",
                ),
                rx.button(
                    T["totp.disable"], type="submit", color_scheme="red", variant="soft", size="3"
                ),
                spacing="3",
                align="end",
                wrap="wrap",
            ),
            on_submit=SecurityState.disable,
            reset_on_submit=True,
        ),
    )


def _enabled() -> rx.Component:
    return rx.vstack(
        rx.separator(size="4"),
        _regenerate(),
        rx.separator(size="4"),
        _disable(),
        spacing="5",
        width="100%",
    )


def security_page() -> rx.Component:
    return app_shell(
        rx.heading(
            T["totp.security_title"], size="7", id="page-title", margin_bottom="var(--space-4)"
        ),
        rx.card(
            rx.vstack(
                rx.heading(T["totp.section_title"], size="5"),
                rx.text(T["totp.intro"], color_scheme="gray"),
                rx.cond(
                    SecurityState.must_enrol,
                    rx.callout(
                        T["totp.required"],
                        icon="shield-alert",
                        color_scheme="amber",
                        id="totp-required",
                    ),
                ),
                _callout(SecurityState.notice, "green", "totp-notice"),
                _callout(SecurityState.error, "red", "totp-error"),
                _status(),
                rx.cond(
                    SecurityState.recovery_codes.length() > 0,
                    _recovery_codes(),
                    rx.cond(
                        SecurityState.enabled,
                        _enabled(),
                        rx.cond(SecurityState.enrolling, _enrolment(), _start()),
                    ),
                ),
                spacing="4",
                width="100%",
            ),
            max_width="760px",
            padding="var(--space-5)",
        ),
    )


# --------------------------------------------------------------------------- /staff/two-factor


def _reset_button(account: rx.Var) -> rx.Component:
    """Asks first: a reset removes the account's second factor at once."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(
                T["totp.reset"], color_scheme="red", variant="soft", size="1", data_testid="reset"
            )
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title(T["totp.reset_question"].replace("{login}", account["login"])),
            rx.alert_dialog.description(T["totp.staff_intro"], size="2"),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button(T["totp.cancel"], variant="soft", color_scheme="gray")
                ),
                rx.alert_dialog.action(
                    rx.button(
                        T["totp.reset"],
                        color_scheme="red",
                        on_click=StaffTwoFactorState.reset_account(account["id"]),
                        data_testid="confirm-reset",
                    )
                ),
                spacing="3",
                justify="end",
                margin_top="var(--space-4)",
            ),
        ),
    )


def _account_row(account: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(account["login"]),
        rx.table.cell(account["name"]),
        rx.table.cell(T["audience." + account["kind"]]),
        rx.table.cell(account["enabled_at"]),
        rx.table.cell(
            # One's own second factor is changed with password and code, not by a reset.
            rx.cond(
                account["own"] == "1",
                rx.link(T["totp.nav_security"], href=SECURITY_PATH, size="2"),
                _reset_button(account),
            )
        ),
        data_testid="two-factor-account",
    )


def staff_two_factor_page() -> rx.Component:
    columns = ("totp.col_login", "totp.col_name", "totp.col_kind", "totp.col_enabled_at")
    return app_shell(
        rx.heading(T["totp.staff_title"], size="7", id="page-title"),
        rx.text(T["totp.staff_intro"], color_scheme="gray", margin_y="var(--space-3)"),
        _callout(StaffTwoFactorState.notice, "green", "reset-notice"),
        rx.cond(
            StaffTwoFactorState.accounts.length() > 0,
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *(rx.table.column_header_cell(T[key]) for key in columns),
                        rx.table.column_header_cell(""),
                    )
                ),
                rx.table.body(rx.foreach(StaffTwoFactorState.accounts, _account_row)),
                variant="surface",
                margin_top="var(--space-4)",
            ),
            rx.text(T["totp.staff_empty"], color_scheme="gray", margin_top="var(--space-4)"),
        ),
    )
