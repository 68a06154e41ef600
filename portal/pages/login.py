"""/login: a native form POST to /auth/login (the route sets the HttpOnly cookie)."""

from __future__ import annotations

import reflex as rx

from portal.components.forms import field_label, post_form
from portal.components.shell import T, auth_card
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
    return post_form(
        rx.vstack(
            field_label(T["login.login"], "login"),
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
            field_label(T["login.password"], "password"),
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
        width="100%",
    )


def sso_login() -> rx.Component:
    """A link the browser really follows (`reload_document`; `rx.el.a` is a React Router link
    that would otherwise route on the client and show the 404 page): the start route answers
    with a redirect to the provider."""
    return rx.vstack(
        rx.hstack(
            rx.separator(size="4", flex="1"),
            rx.text(T["sso.or"], size="2", color_scheme="gray"),
            rx.separator(size="4", flex="1"),
            align="center",
            width="100%",
        ),
        rx.button(
            rx.el.a(
                LoginState.sso_label,
                href=LoginState.sso_href,
                reload_document=True,
                id="sso-login",
            ),
            as_child=True,
            variant="outline",
            size="3",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


def identity_links() -> rx.Component:
    """Forgot password and self-registration (portal.pages.identity)."""
    return rx.hstack(
        rx.link(T["identity.forgot_link"], href="/forgot-password", size="2", id="forgot-link"),
        rx.link(T["identity.register_link"], href="/register", size="2", id="register-link"),
        justify="between",
        width="100%",
        wrap="wrap",
    )


def login_page() -> rx.Component:
    return auth_card(
        rx.heading(T["login.title"], size="7"),
        rx.text(T["login.subtitle"], color_scheme="gray"),
        message(),
        login_form(),
        identity_links(),
        rx.cond(LoginState.sso_enabled, sso_login()),
        choose_language=LoginState.choose_language,
        lang=LoginState.locale,
    )
