"""/staff/accounts (grid, new account, send access, CSV export) and /staff/accounts/[user_id]
(edit, password, deactivate, delete, act as). Layout only; the states hold the data."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal.components.act_as import act_as_button
from portal.components.forms import field_label
from portal.components.grid import data_grid
from portal.components.shell import T, app_shell
from portal.models.enums import CustomerRole, Visibility
from portal.state.accounts import LIST_PATH, AccountDetailState, AccountListState


def _messages(state: Any) -> rx.Component:
    return rx.fragment(
        rx.cond(
            state.notice != "",
            rx.callout(state.notice, color_scheme="green", icon="check", id="accounts-notice"),
        ),
        rx.cond(
            state.alert != "",
            rx.callout(state.alert, color_scheme="red", icon="triangle-alert", id="accounts-alert"),
        ),
    )


def _text_field(state: Any, name: str, label: str) -> rx.Component:
    element_id = f"account-{name}"
    error = state.form_errors[name]
    return rx.vstack(
        field_label(T[label], element_id),
        rx.input(name=name, id=element_id, default_value=state.form[name], width="100%"),
        rx.cond(error, rx.text(error, color_scheme="red", size="1", id=f"error-{name}")),
        spacing="1",
        width="100%",
    )


def _radio(state: Any, value: rx.Var, handler: Any, options: list[tuple[str, str]], name: str):  # type: ignore[no-untyped-def]
    return rx.radio_group.root(
        rx.hstack(
            *(
                rx.radio_group.item(T[label], value=key, id=f"{name}-{key}")
                for key, label in options
            ),
            spacing="4",
        ),
        value=value,
        on_change=handler,
        name=name,
    )


def _checks(state: Any, items: rx.Var, chosen: rx.Var, handler: Any, prefix: str) -> rx.Component:
    return rx.flex(
        rx.foreach(
            items,
            lambda item: rx.checkbox(
                item["name"],
                checked=chosen.contains(item["id"]),
                on_change=lambda checked: handler(item["id"], checked),
                id=f"{prefix}-" + item["id"],
            ),
        ),
        wrap="wrap",
        spacing="4",
    )


def _account_fields(state: Any, *, new: bool) -> rx.Component:
    kind_choice = (
        rx.vstack(
            rx.text(T["accounts.kind_label"], weight="medium", size="2"),
            _radio(
                state,
                state.form_kind,
                state.set_form_kind,
                [("customer", "accounts.kind.customer"), ("partner", "accounts.kind.partner")],
                "kind",
            ),
        )
        if new
        else rx.fragment()
    )
    customer_fields = rx.vstack(
        _text_field(state, "customer_number", "accounts.customer_number"),
        rx.text(T["accounts.role"], weight="medium", size="2"),
        _radio(
            state,
            state.form_role,
            state.set_form_role,
            [(role.value, f"accounts.role.{role.value}") for role in CustomerRole],
            "role",
        ),
        rx.cond(
            state.form_errors["role"],
            rx.text(state.form_errors["role"], color_scheme="red", size="1"),
        ),
        width="100%",
    )
    partner_fields = rx.vstack(
        rx.text(T["accounts.companies"], weight="medium", size="2"),
        _checks(state, state.companies, state.form_companies, state.toggle_company, "company"),
        rx.cond(
            state.form_errors["partner_company_ids"],
            rx.text(state.form_errors["partner_company_ids"], color_scheme="red", size="1"),
        ),
        rx.text(T["accounts.teams"], weight="medium", size="2"),
        _checks(state, state.teams, state.form_teams, state.toggle_team, "team"),
        rx.text(T["accounts.visibility"], weight="medium", size="2"),
        _radio(
            state,
            state.form_visibility,
            state.set_form_visibility,
            [(v.value, f"accounts.visibility.{v.value}") for v in Visibility],
            "visibility",
        ),
        width="100%",
    )
    notifications = rx.vstack(
        rx.text(T["accounts.notifications"], weight="medium", size="2"),
        rx.hstack(
            *(
                rx.checkbox(
                    T[f"accounts.{which}"],
                    checked=getattr(state, which),
                    on_change=lambda checked, which=which: state.set_notify(which, checked),
                    id=which,
                )
                for which in ("notify_documents", "notify_tickets", "notify_orders")
            ),
            spacing="4",
        ),
    )
    return rx.vstack(
        kind_choice,
        _text_field(state, "login", "accounts.login"),
        _text_field(state, "email", "accounts.email"),
        _text_field(state, "display_name", "accounts.display_name"),
        rx.cond(state.form_kind == "customer", customer_fields, partner_fields),
        notifications,
        spacing="3",
        width="100%",
    )


def _password_dialog(state: Any) -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(state.password_title),
            rx.code(state.new_password, size="7", id="one-time-password"),
            rx.text(T["accounts.password_once_hint"], size="2", color_scheme="gray"),
            rx.hstack(
                rx.button(
                    T["accounts.close"], on_click=state.close_password(False), id="password-close"
                ),
                justify="end",
                width="100%",
            ),
            id="password-dialog",
        ),
        open=state.new_password != "",
        on_open_change=state.close_password,
    )


# --------------------------------------------------------------------------- the list


def _create_dialog() -> rx.Component:
    state = AccountListState
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(T["accounts.new_title"]),
            rx.cond(
                state.alert != "",
                rx.callout(state.alert, color_scheme="red", icon="triangle-alert"),
            ),
            rx.form(
                _account_fields(state, new=True),
                rx.hstack(
                    rx.button(
                        T["accounts.cancel"],
                        type="button",
                        variant="soft",
                        color_scheme="gray",
                        on_click=state.set_creating(False),
                    ),
                    rx.button(T["accounts.create"], type="submit", id="account-create"),
                    justify="end",
                    width="100%",
                    margin_top="1em",
                ),
                on_submit=state.create,
                reset_on_submit=False,
                key=state.form_key,
                id="account-form",
            ),
            max_width="640px",
        ),
        open=state.creating,
        on_open_change=state.set_creating,
    )


def _export_menu() -> rx.Component:
    state = AccountListState
    options = (
        ("export_inactive", "accounts.export_inactive"),
        ("export_user_set", "accounts.export_user_set"),
        ("export_notified", "accounts.export_notified"),
    )
    return rx.popover.root(
        rx.popover.trigger(
            rx.button(
                rx.icon("file-down", size=16), T["accounts.export"], variant="soft", id="export"
            )
        ),
        rx.popover.content(
            rx.vstack(
                rx.text(T["accounts.export_title"], weight="medium"),
                *(
                    rx.checkbox(
                        T[label],
                        checked=getattr(state, which),
                        on_change=lambda checked, which=which: state.set_export_option(
                            which, checked
                        ),
                        id=which,
                    )
                    for which, label in options
                ),
                rx.link(
                    rx.button(rx.icon("download", size=16), T["accounts.export_download"]),
                    href=state.export_href,
                    is_external=False,
                    id="export-download",
                    custom_attrs={"download": ""},
                ),
                spacing="2",
            )
        ),
    )


def accounts_page() -> rx.Component:
    state = AccountListState
    return app_shell(
        rx.hstack(
            rx.heading(T["accounts.title"], size="7", id="page-title"),
            rx.spacer(),
            rx.button(
                rx.icon("user-plus", size=16),
                T["accounts.new"],
                on_click=state.open_create,
                id="new-account",
            ),
            rx.tooltip(
                rx.button(
                    rx.icon("send", size=16),
                    T["accounts.send_access"],
                    on_click=state.send_access,
                    variant="soft",
                    id="send-access",
                ),
                content=T["accounts.send_access_hint"],
            ),
            _export_menu(),
            width="100%",
            align="center",
            spacing="3",
        ),
        rx.text(T["accounts.intro"], color_scheme="gray", size="2", margin_bottom="var(--space-4)"),
        rx.cond(
            state.notice != "",
            rx.callout(state.notice, color_scheme="green", icon="check", id="accounts-notice"),
        ),
        rx.cond(
            (state.alert != "") & ~state.creating,
            rx.callout(state.alert, color_scheme="red", icon="triangle-alert", id="accounts-alert"),
        ),
        data_grid(state, selectable=True),
        _create_dialog(),
        _password_dialog(state),
        wide=True,
    )


# --------------------------------------------------------------------------- one account


def _status_block() -> rx.Component:
    state = AccountDetailState
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(T["accounts.status"], ":", weight="medium"),
                rx.cond(
                    state.active,
                    rx.badge(T["accounts.active"], color_scheme="green", id="account-active"),
                    rx.badge(T["accounts.inactive"], color_scheme="gray", id="account-active"),
                ),
            ),
            rx.text(T["accounts.password_status_label"], ": ", state.password_status),
            rx.text(T["accounts.last_login"], ": ", state.last_login),
            rx.text(T["accounts.access_sent"], ": ", state.access_sent),
            rx.hstack(
                rx.button(
                    rx.cond(state.active, T["accounts.deactivate"], T["accounts.reactivate"]),
                    on_click=state.toggle_active,
                    variant="soft",
                    id="toggle-active",
                ),
                rx.button(
                    T["accounts.delete"],
                    color_scheme="red",
                    variant="soft",
                    on_click=state.set_confirm_delete(True),
                    id="delete-account",
                ),
                # "Als Account anmelden" (helper F's route checks ACT_AS again)
                rx.cond(state.can_act_as, act_as_button(state.account_id)),
                spacing="3",
                wrap="wrap",
            ),
            spacing="2",
        ),
        width="100%",
    )


def _password_block() -> rx.Component:
    state = AccountDetailState
    return rx.card(
        rx.vstack(
            rx.heading(T["accounts.password_section"], size="4"),
            rx.form(
                rx.hstack(
                    rx.input(
                        name="password",
                        type="password",
                        id="account-password",
                        placeholder=T["accounts.new_password"],
                        auto_complete="new-password",
                        width="18em",
                    ),
                    rx.button(T["accounts.set_password"], type="submit", id="set-password"),
                    rx.button(
                        T["accounts.generate_password"],
                        type="button",
                        variant="soft",
                        on_click=state.generate_password,
                        id="generate-password",
                    ),
                    spacing="3",
                    wrap="wrap",
                ),
                on_submit=state.set_password,
                reset_on_submit=False,
                key=state.password_key,
            ),
            rx.cond(
                state.password_error != "",
                rx.text(state.password_error, color_scheme="red", size="2", id="password-error"),
            ),
            spacing="2",
        ),
        width="100%",
    )


def _delete_dialog() -> rx.Component:
    state = AccountDetailState
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(T["accounts.delete_title"]),
            rx.alert_dialog.description(state.delete_text),
            rx.hstack(
                rx.alert_dialog.cancel(
                    rx.button(T["accounts.cancel"], variant="soft", color_scheme="gray")
                ),
                rx.alert_dialog.action(
                    rx.button(
                        T["accounts.delete"],
                        color_scheme="red",
                        on_click=state.delete,
                        id="confirm-delete",
                    )
                ),
                justify="end",
                spacing="3",
                margin_top="1em",
            ),
        ),
        open=state.confirm_delete,
        on_open_change=state.set_confirm_delete,
    )


def account_page() -> rx.Component:
    state = AccountDetailState
    return app_shell(
        rx.vstack(
            rx.link(T["accounts.back"], href=LIST_PATH, id="back-to-list"),
            rx.heading(T["accounts.edit_title"], size="7", id="page-title"),
            _messages(state),
            rx.cond(
                state.found,
                rx.vstack(
                    _status_block(),
                    rx.card(
                        rx.form(
                            _account_fields(state, new=False),
                            rx.button(
                                T["accounts.save"],
                                type="submit",
                                id="account-save",
                                margin_top="1em",
                            ),
                            on_submit=state.save,
                            reset_on_submit=False,
                            key=state.form_key,
                            id="account-form",
                        ),
                        width="100%",
                    ),
                    _password_block(),
                    spacing="4",
                    width="100%",
                    max_width="760px",
                ),
            ),
            _password_dialog(state),
            _delete_dialog(),
            spacing="4",
            width="100%",
        )
    )
