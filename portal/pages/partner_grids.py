"""/partner/customers and /partner/subscriptions: the partner's daily work grids."""

from __future__ import annotations

import reflex as rx

from portal.components.grid import data_grid
from portal.components.shell import T, app_shell
from portal.state.partner_detail import NEW_PROSPECT_PATH
from portal.state.partner_grids import CustomerGridState, SubscriptionGridState


def _title(key: str, *actions: rx.Component) -> rx.Component:
    return rx.hstack(
        rx.heading(T[key], size="7", id="page-title"),
        rx.spacer(),
        *actions,
        width="100%",
        align="center",
    )


def customers_page() -> rx.Component:
    return app_shell(
        _title(
            "grid.title.customers",
            rx.link(
                rx.button(rx.icon("user-plus", size=16), T["grid.new_prospect"]),
                href=NEW_PROSPECT_PATH,
                id="new-prospect",
            ),
        ),
        data_grid(CustomerGridState),
        wide=True,
    )


def subscriptions_page() -> rx.Component:
    return app_shell(
        _title("grid.title.subscriptions"), data_grid(SubscriptionGridState), wide=True
    )
