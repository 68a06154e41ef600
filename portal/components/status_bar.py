"""The status bar of a sales document: its pipeline stages, done ones ticked, the current one
highlighted. Stages are `{"label", "state"}` with state done | current | upcoming."""

from __future__ import annotations

import reflex as rx

from portal.components.shell import PRIMARY, T


def _marker(state: rx.Var) -> rx.Component:
    return rx.center(
        rx.match(
            state,
            ("done", rx.icon("check", size=14, color="white")),
            ("current", rx.box(width="8px", height="8px", border_radius="50%", background="white")),
            rx.fragment(),
        ),
        width="24px",
        height="24px",
        border_radius="50%",
        flex_shrink="0",
        background=rx.cond(state == "upcoming", "var(--gray-4)", PRIMARY),
        border=rx.cond(state == "upcoming", "2px solid var(--gray-6)", f"2px solid {PRIMARY}"),
    )


def _step(stage: rx.Var) -> rx.Component:
    state = stage["state"]
    return rx.el.li(
        rx.vstack(
            rx.box(
                height="4px",
                width="100%",
                border_radius="2px",
                background=rx.cond(state == "upcoming", "var(--gray-5)", PRIMARY),
            ),
            rx.hstack(
                _marker(state),
                rx.text(
                    stage["label"],
                    size="2",
                    weight=rx.cond(state == "current", "bold", "regular"),
                    color=rx.cond(state == "upcoming", "var(--gray-10)", "var(--gray-12)"),
                ),
                align="center",
                spacing="2",
            ),
            spacing="2",
            width="100%",
        ),
        aria_current=rx.cond(state == "current", "step", "false"),
        data_state=state,
        flex="1",
        min_width="110px",
        list_style="none",
    )


def status_bar(stages: rx.Var) -> rx.Component:
    return rx.el.ol(
        rx.foreach(stages, _step),
        aria_label=T["sales.status_bar"],
        id="status-bar",
        display="flex",
        flex_wrap="wrap",
        gap="var(--space-3)",
        padding="0",
        margin="0",
        width="100%",
    )
