"""Signed-out identity pages in the login card: /forgot-password, /set-password, /register."""

from __future__ import annotations

import reflex as rx

from portal.components.forms import field_label, new_password_field, post_form
from portal.components.shell import T, auth_card
from portal.services.access_links import SET_PASSWORD_ROUTE
from portal.state.identity import ForgotPasswordState, RegisterState, SetPasswordState
from portal.state.login import LoginState


def _callout(text: rx.Var, color: str, element_id: str) -> rx.Component:
    return rx.cond(
        text != "",
        rx.callout(text, color_scheme=color, role="alert", id=element_id, width="100%"),
    )


def _to_login() -> rx.Component:
    return rx.link(T["identity.to_login"], href="/login", id="to-login")


def _card(*content: rx.Component, lang: rx.Var) -> rx.Component:
    return auth_card(*content, choose_language=LoginState.choose_language, lang=lang)


def forgot_password_page() -> rx.Component:
    state = ForgotPasswordState
    return _card(
        rx.heading(T["identity.forgot_title"], size="7", id="page-title"),
        rx.cond(
            state.sent,
            rx.callout(
                T["identity.forgot_sent"],
                color_scheme="green",
                role="status",
                id="forgot-sent",
                width="100%",
            ),
            rx.form(
                rx.vstack(
                    rx.text(T["identity.forgot_intro"], color_scheme="gray"),
                    _callout(state.error, "red", "forgot-error"),
                    field_label(T["identity.forgot_login"], "login"),
                    rx.input(
                        id="login",
                        name="login",
                        auto_complete="username",
                        size="3",
                        width="100%",
                    ),
                    rx.button(
                        T["identity.forgot_submit"],
                        type="submit",
                        size="3",
                        width="100%",
                        id="submit",
                    ),
                    spacing="2",
                    width="100%",
                ),
                on_submit=state.submit,
                width="100%",
            ),
        ),
        _to_login(),
        lang=state.locale,
    )


def _invited_email() -> rx.Component:
    """A customer invitation: the person confirms or corrects the address (the login)."""
    return rx.vstack(
        field_label(T["identity.invite_email_label"], "email"),
        rx.input(
            id="email",
            name="email",
            type="email",
            default_value=SetPasswordState.invited_email,
            key=SetPasswordState.invited_email,
            auto_complete="email",
            required=True,
            size="3",
            width="100%",
        ),
        spacing="2",
        width="100%",
    )


def set_password_page() -> rx.Component:
    state = SetPasswordState
    return _card(
        rx.heading(T["identity.set_title"], size="7", id="page-title"),
        rx.cond(state.login != "", rx.text(state.subtitle, color_scheme="gray", id="set-for")),
        _callout(state.message, "red", "set-message"),
        rx.cond(
            state.login != "",
            post_form(
                rx.vstack(
                    rx.el.input(type="hidden", name="token", value=state.token),
                    rx.cond(state.invited_email != "", _invited_email()),
                    *new_password_field(T["identity.password"], "password"),
                    *new_password_field(T["identity.password_repeat"], "password_repeat"),
                    rx.text(T["identity.password_hint"], size="1", color_scheme="gray"),
                    rx.button(
                        T["identity.set_submit"], type="submit", size="3", width="100%", id="submit"
                    ),
                    spacing="2",
                    width="100%",
                ),
                action=SET_PASSWORD_ROUTE,
                width="100%",
            ),
            rx.link(T["identity.forgot_link"], href="/forgot-password", id="to-forgot"),
        ),
        _to_login(),
        lang=state.locale,
    )


def _register_field(field: str, **props: object) -> list[rx.Component]:
    component = rx.text_area if field == "message" else rx.input
    return [
        field_label(T[f"identity.register_{field}"], field),
        component(
            id=field,
            name=field,
            size="3" if field != "message" else "2",
            width="100%",
            **props,
        ),
    ]


def register_page() -> rx.Component:
    state = RegisterState
    return _card(
        rx.heading(T["identity.register_title"], size="7", id="page-title"),
        rx.cond(
            state.done,
            rx.callout(
                T["identity.register_done"],
                color_scheme="green",
                role="status",
                id="register-done",
                width="100%",
            ),
            rx.form(
                rx.vstack(
                    rx.text(T["identity.register_intro"], color_scheme="gray"),
                    _callout(state.error, "red", "register-error"),
                    *_register_field("name", auto_complete="name", required=True),
                    *_register_field("email", type="email", auto_complete="email", required=True),
                    *_register_field("company", auto_complete="organization"),
                    *_register_field("customer_number"),
                    *_register_field("phone", auto_complete="tel"),
                    *_register_field("message", rows="3"),
                    rx.button(
                        T["identity.register_submit"],
                        type="submit",
                        size="3",
                        width="100%",
                        id="submit",
                    ),
                    spacing="2",
                    width="100%",
                ),
                on_submit=state.submit,
                width="100%",
            ),
        ),
        _to_login(),
        lang=state.locale,
    )
