"""The staff and partner home pages: Übersicht (staff), Mein Business (partner); the customer's
Kachelansicht is in `portal.pages.customer_portal`."""

from __future__ import annotations

import reflex as rx

from portal.components.forms import field_label
from portal.components.shell import T, app_shell, stat_tile
from portal.models.enums import Visibility
from portal.state.homes import PartnerHomeState, StaffHomeState
from portal.state.session import SessionState


def _welcome(title_key: str, welcome_key: str) -> rx.Component:
    return rx.vstack(
        rx.heading(T[title_key], size="7", id="page-title"),
        rx.text(T[welcome_key].replace("{name}", SessionState.user_name), color_scheme="gray"),
        spacing="1",
        margin_bottom="var(--space-5)",
    )


def _figure_row(figures: rx.Var, tiles: tuple[tuple[str, str, str], ...]) -> rx.Component:
    """Stat tiles from (figure key, label key, test id) triples."""
    return rx.flex(
        *(stat_tile(T[label], figures[key], test_id) for key, label, test_id in tiles),
        spacing="4",
        wrap="wrap",
    )


def staff_home() -> rx.Component:
    return app_shell(
        _welcome("staff.title", "staff.welcome"),
        _figure_row(
            StaffHomeState.figures,
            (
                ("customers", "staff.customers", "count-customers"),
                ("accounts", "staff.accounts", "count-accounts"),
                ("inbox_open", "staff.inbox_open", "count-inbox"),
                ("mails_queued", "staff.mails_queued", "count-mails"),
            ),
        ),
    )


def own_visibility() -> rx.Component:
    """ "Meine Sichtbarkeit": only for teams that allow changing one's own (SPEC §3.1)."""
    return rx.hstack(
        field_label(T["people.own_visibility"], "own-visibility"),
        rx.select.root(
            rx.select.trigger(id="own-visibility", aria_label=T["people.own_visibility"]),
            rx.select.content(
                *(
                    rx.select.item(T[f"visibility.{value}"], value=value.value)
                    for value in Visibility
                )
            ),
            value=PartnerHomeState.visibility,
            on_change=PartnerHomeState.change_own_visibility,
        ),
        align="center",
        spacing="2",
        margin_left="var(--space-4)",
    )


def partner_home() -> rx.Component:
    return app_shell(
        _welcome("partner.title", "partner.welcome"),
        _figure_row(
            PartnerHomeState.figures,
            (
                ("customers", "partner.customers", "count-customers"),
                ("prospects", "partner.prospects", "count-prospects"),
                ("subscriptions", "partner.subscriptions", "count-subscriptions"),
                ("alarm", "partner.alarm", "count-alarm"),
            ),
        ),
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.text(T["partner.visibility"] + ":", weight="medium"),
                    rx.badge(T["visibility." + PartnerHomeState.visibility], id="visibility"),
                    rx.cond(PartnerHomeState.may_change_own_visibility, own_visibility()),
                    align="center",
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
