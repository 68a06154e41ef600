"""/invite: accept an invitation (name and password), a native form POST to the route that
creates the account and signs it in."""

from __future__ import annotations

import reflex as rx

from portal.components.forms import field_label, new_password_field, post_form
from portal.components.shell import T, auth_card
from portal.services.invitations import ACCEPT_ROUTE
from portal.state.invitation import InvitationState
from portal.state.login import LoginState


def _form() -> rx.Component:
    return post_form(
        rx.vstack(
            rx.el.input(type="hidden", name="token", value=InvitationState.token),
            field_label(T["invite.name"], "name"),
            rx.input(
                id="name",
                name="name",
                default_value=InvitationState.typed_name,
                key=InvitationState.typed_name,
                auto_complete="name",
                required=True,
                size="3",
                width="100%",
            ),
            *new_password_field(T["invite.password"], "password"),
            *new_password_field(T["invite.password_repeat"], "password_repeat"),
            rx.text(T["invite.password_hint"], size="1", color_scheme="gray"),
            rx.button(T["invite.submit"], type="submit", size="3", width="100%", id="submit"),
            spacing="2",
            width="100%",
        ),
        action=ACCEPT_ROUTE,
        width="100%",
    )


def invitation_page() -> rx.Component:
    return auth_card(
        rx.heading(T["invite.title"], size="7", id="page-title"),
        rx.cond(
            InvitationState.company != "",
            rx.text(InvitationState.subtitle, color_scheme="gray", id="invite-company"),
        ),
        rx.cond(
            InvitationState.message != "",
            rx.callout(
                InvitationState.message,
                color_scheme="red",
                role="alert",
                id="invite-message",
                width="100%",
            ),
        ),
        rx.cond(
            InvitationState.company != "",
            _form(),
            rx.link(T["invite.to_login"], href="/login", id="to-login"),
        ),
        choose_language=LoginState.choose_language,
        lang=InvitationState.locale,
    )
