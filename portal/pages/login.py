"""/login: a native form POST to /auth/login (the route sets the HttpOnly cookie)."""

from __future__ import annotations

import reflex as rx

from portal.components.shell import T, brand, language_switch
from portal.state.login import LoginState


def message() -> rx.Component:
    return rx.cond(
        LoginState.message != "",
        rx.callout(
            LoginState.message,
            color_scheme=rx.cond(LoginState.is_error, "red", "green"),
            role="alert",
            id="login-message",
            width="100%",
        ),
    )


def login_form() -> rx.Component:
    return rx.el.form(
        rx.vstack(
            rx.text(
                T["login.login"],
                as_="label",
                custom_attrs={"htmlFor": "login"},
                size="2",
                weight="medium",
            ),
            rx.input(
                id="login",
                name="login",
                default_value=LoginState.typed_login,
                key=LoginState.typed_login,
                auto_complete="username",
                required=True,
                size="3",
                width="100%",
            ),
            rx.text(
                T["login.password"],
                as_="label",
                custom_attrs={"htmlFor": "password"},
                size="2",
                weight="medium",
            ),
            rx.input(
                id="password",
                name="password",
                type="password",
                auto_complete="current-password",
                required=True,
                size="3",
                width="100%",
            ),
            rx.el.input(type="hidden", name="next", value=LoginState.next_path),
            rx.button(T["login.submit"], type="submit", size="3", width="100%", id="submit"),
            spacing="2",
            width="100%",
        ),
        action="/auth/login",
        method="post",
        on_submit=None,  # no Reflex submit handler: it would call preventDefault
        width="100%",
    )


def login_page() -> rx.Component:
    return rx.center(
        rx.card(
            rx.vstack(
                rx.hstack(
                    brand(),
                    language_switch(LoginState.choose_language),
                    justify="between",
                    width="100%",
                ),
                rx.heading(T["login.title"], size="7"),
                rx.text(T["login.subtitle"], color_scheme="gray"),
                message(),
                login_form(),
                spacing="4",
                width="100%",
            ),
            width="420px",
            padding="var(--space-6)",
        ),
        min_height="100vh",
        background="var(--gray-2)",
        lang=LoginState.locale,
    )
