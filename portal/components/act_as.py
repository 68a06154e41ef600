"""Act-as pieces: the staff button that starts it and the banner shown while it lasts.

Both are native form POSTs to `portal.api.act_as_routes`: the switch gives the session a new
HttpOnly cookie, which only a real HTTP response can set.
"""

from __future__ import annotations

import reflex as rx

from portal.components.forms import post_form
from portal.state.session import SessionState

T = SessionState.t


def act_as_button(user_id: rx.Var | int | str, back: rx.Var | str = "") -> rx.Component:
    """ "Als Account anmelden" for one customer/partner account. `back` is the staff page to
    return to (default: the page the button is on). Staff without the permission are refused
    by the route; hide it from them with `SessionState` if the page shows it to all staff."""
    return post_form(
        rx.el.input(type="hidden", name="user_id", value=user_id),
        rx.el.input(type="hidden", name="back", value=back),
        rx.button(
            rx.icon("log-in", size=16),
            T["act_as.button"],
            type="submit",
            variant="soft",
            id="act-as",
        ),
        action="/auth/act-as",
    )


def acting_banner() -> rx.Component:
    """The persistent banner on every signed-in page while staff act as an account."""
    return rx.cond(
        SessionState.acting_as,
        rx.hstack(
            rx.icon("user-cog", size=18),
            rx.text(
                T["act_as.banner"],
                " ",
                rx.el.strong(SessionState.acting_name),
                " (",
                SessionState.acting_login,
                ")",
                id="acting-as-text",
            ),
            post_form(
                rx.button(
                    T["act_as.back"], type="submit", size="1", color_scheme="gray", id="act-as-end"
                ),
                action="/auth/act-as/end",
            ),
            align="center",
            justify="center",
            spacing="3",
            width="100%",
            padding_y="var(--space-2)",
            background="var(--amber-9)",
            color="black",
            role="status",
            id="acting-banner",
        ),
    )
