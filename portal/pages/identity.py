"""Signed-out identity pages in the login card: /forgot-password, /set-password, /register."""

from __future__ import annotations

import reflex as rx

from portal.components.forms import field_label, new_password_field, post_form
from portal.components.page import callout, page_title
from portal.components.shell import T, auth_card
from portal.services.access_links import SET_PASSWORD_ROUTE
from portal.state.identity import ForgotPasswordState, RegisterState, SetPasswordState
from portal.state.login import LoginState


def _to_login() -> rx.Component:
    return rx.link(T["identity.to_login"], href="/login", id="to-login")


def _card(*content: rx.Component, lang: rx.Var) -> rx.Component:
    return auth_card(*content, choose_language=LoginState.choose_language, lang=lang)


def _request_page(
    state: type[rx.State],
    done: rx.Var,
    *,
    title: str,
    done_text: str,
    done_id: str,
    intro: str,
    error_id: str,
    submit: str,
    fields: list[rx.Component],
) -> rx.Component:
    """A signed-out request (reset link, registration): intro, error and fields in a form that,
    once sent, gives way to a green confirmation. Keys are i18n keys."""
    return _card(
        page_title(T[title]),
        rx.cond(
            done,
            rx.callout(T[done_text], color_scheme="green", role="status", id=done_id, width="100%"),
            rx.form(
                rx.vstack(
                    rx.text(T[intro], color_scheme="gray"),
                    callout(state.error, "red", error_id),
                    *fields,
                    rx.button(T[submit], type="submit", size="3", width="100%", id="submit"),
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


def forgot_password_page() -> rx.Component:
    return _request_page(
        ForgotPasswordState,
        ForgotPasswordState.sent,
        title="identity.forgot_title",
        done_text="identity.forgot_sent",
        done_id="forgot-sent",
        intro="identity.forgot_intro",
        error_id="forgot-error",
        submit="identity.forgot_submit",
        fields=[
            field_label(T["identity.forgot_login"], "login"),
            rx.input(id="login", name="login", auto_complete="username", size="3", width="100%"),
        ],
    )


def _invited_email() -> rx.Component:
    """A customer invitation: the invited address becomes the login; it is shown read-only
    (the service refuses any other, which the link holder could not prove to own)."""
    return rx.vstack(
        field_label(T["identity.invite_email_label"], "email"),
        rx.input(
            id="email",
            name="email",
            type="email",
            default_value=SetPasswordState.invited_email,
            key=SetPasswordState.invited_email,
            auto_complete="email",
            read_only=True,
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
        page_title(T["identity.set_title"]),
        rx.cond(state.login != "", rx.text(state.subtitle, color_scheme="gray", id="set-for")),
        callout(state.message, "red", "set-message"),
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


def _privacy_consent() -> rx.Component:
    """What the data is used for, the privacy policy (when staff linked one) and the consent
    the service insists on (an unticked box is refused there, with the form kept as typed)."""
    privacy_url = RegisterState.brand_privacy_url
    return rx.vstack(
        rx.text(T["identity.register_privacy_notice"], size="2", color_scheme="gray"),
        rx.cond(
            privacy_url != "",
            rx.link(
                T["identity.register_privacy_link"],
                href=privacy_url,
                target="_blank",
                rel="noopener noreferrer",
                size="2",
                id="register-privacy-link",
            ),
        ),
        rx.checkbox(
            T["identity.register_consent"],
            name="privacy_consent",
            id="privacy-consent",
            size="2",
        ),
        spacing="2",
        width="100%",
        padding_top="var(--space-2)",
    )


def register_page() -> rx.Component:
    return _request_page(
        RegisterState,
        RegisterState.done,
        title="identity.register_title",
        done_text="identity.register_done",
        done_id="register-done",
        intro="identity.register_intro",
        error_id="register-error",
        submit="identity.register_submit",
        fields=[
            *_register_field("name", auto_complete="name", required=True),
            *_register_field("email", type="email", auto_complete="email", required=True),
            *_register_field("company", auto_complete="organization"),
            *_register_field("customer_number"),
            *_register_field("phone", auto_complete="tel"),
            *_register_field("message", rows="3"),
            _privacy_consent(),
        ],
    )
