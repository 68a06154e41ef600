"""Form pieces shared by the pages."""

from __future__ import annotations

import reflex as rx


def field_label(text: rx.Var | str, for_id: str) -> rx.Component:
    """A real `<label for=...>` (Reflex's `html_for` lands in the CSS, not on the element)."""
    return rx.text(text, as_="label", custom_attrs={"htmlFor": for_id}, size="2", weight="medium")


def new_password_field(label: rx.Var | str, field: str) -> list[rx.Component]:
    """Label and input of a password being chosen (invitation, set-password pages)."""
    return [
        field_label(label, field),
        rx.input(
            id=field,
            name=field,
            type="password",
            auto_complete="new-password",
            required=True,
            size="3",
            width="100%",
        ),
    ]


def post_form(*children: rx.Component, action: str, **props: object) -> rx.Component:
    """A native form POST to a Starlette route (login, logout, the TOTP step): only a real
    HTTP response can set or clear the HttpOnly session cookie. `on_submit=None` drops the
    handler Reflex adds to every form, which would call preventDefault."""
    return rx.el.form(*children, action=action, method="post", on_submit=None, **props)


def submit_and_cancel(
    submit_label: rx.Var | str, submit_id: str, cancel_label: rx.Var | str, cancel_href: str
) -> rx.Component:
    """The buttons under a create form: submit, and a quiet cancel back to the list."""
    return rx.hstack(
        rx.button(submit_label, type="submit", size="3", id=submit_id),
        rx.link(
            rx.button(cancel_label, variant="soft", color_scheme="gray", size="3"),
            href=cancel_href,
        ),
        spacing="3",
    )
