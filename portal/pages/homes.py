"""The audience home pages: Übersicht (staff), Mein Business (partner), Kachelansicht (customer)."""

from __future__ import annotations

import reflex as rx

from portal.components.shell import T, app_shell, stat_tile
from portal.state.homes import CustomerHomeState, PartnerHomeState, StaffHomeState
from portal.state.session import SessionState


def _welcome(title_key: str, welcome_key: str) -> rx.Component:
    return rx.vstack(
        rx.heading(T[title_key], size="7", id="page-title"),
        rx.text(T[welcome_key].replace("{name}", SessionState.user_name), color_scheme="gray"),
        spacing="1",
        margin_bottom="var(--space-5)",
    )


def staff_home() -> rx.Component:
    figures = StaffHomeState.figures
    return app_shell(
        _welcome("staff.title", "staff.welcome"),
        rx.flex(
            stat_tile(T["staff.customers"], figures["customers"], "count-customers"),
            stat_tile(T["staff.accounts"], figures["accounts"], "count-accounts"),
            stat_tile(T["staff.inbox_open"], figures["inbox_open"], "count-inbox"),
            stat_tile(T["staff.mails_queued"], figures["mails_queued"], "count-mails"),
            spacing="4",
            wrap="wrap",
        ),
    )


def partner_home() -> rx.Component:
    figures = PartnerHomeState.figures
    return app_shell(
        _welcome("partner.title", "partner.welcome"),
        rx.flex(
            stat_tile(T["partner.customers"], figures["customers"], "count-customers"),
            stat_tile(T["partner.prospects"], figures["prospects"], "count-prospects"),
            stat_tile(T["partner.subscriptions"], figures["subscriptions"], "count-subscriptions"),
            stat_tile(T["partner.alarm"], figures["alarm"], "count-alarm"),
            spacing="4",
            wrap="wrap",
        ),
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.text(T["partner.visibility"] + ":", weight="medium"),
                    rx.badge(T["visibility." + PartnerHomeState.visibility], id="visibility"),
                ),
                rx.hstack(
                    rx.text(T["partner.companies"] + ":", weight="medium"),
                    rx.foreach(PartnerHomeState.companies, lambda c: rx.badge(c, variant="soft")),
                    wrap="wrap",
                ),
                spacing="3",
            ),
            margin_top="var(--space-5)",
        ),
    )


_TILES = (
    ("contracts", "tile.contracts"),
    ("documents", "tile.documents"),
    ("quotes", "tile.quotes"),
    ("orders", "tile.orders"),
    ("invoices", "tile.invoices"),
    ("tickets", "tile.tickets"),
    ("claims", "tile.claims"),
    ("shop_orders", "tile.shop_orders"),
)


def customer_home() -> rx.Component:
    return app_shell(
        _welcome("customer.title", "customer.welcome"),
        rx.grid(
            *(
                stat_tile(T[label], CustomerHomeState.tiles[key], f"tile-{key}")
                for key, label in _TILES
            ),
            columns=rx.breakpoints(initial="1", sm="2", md="4"),
            spacing="4",
        ),
    )
