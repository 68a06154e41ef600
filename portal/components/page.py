"""Pieces every signed-in page is built from: its title, its messages, its tables, the way back
to a list, and the frame of a page showing one record (404 for an unknown or foreign id)."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from portal.components.shell import T, app_shell, message_page

# The `status` values of a record page's state (see e.g. portal.state.sales).
FOUND, NOT_FOUND = "found", "not_found"


def page_title(text: rx.Var | str) -> rx.Component:
    """The page's one heading; browser tests find it by its id."""
    return rx.heading(text, size="7", id="page-title")


def callout(text: rx.Var, color: str, element_id: str) -> rx.Component:
    """A message shown only while it is not empty."""
    return rx.cond(
        text != "",
        rx.callout(text, color_scheme=color, role="alert", id=element_id, width="100%"),
    )


def notices(notice: rx.Var, error: rx.Var, prefix: str) -> rx.Component:
    """A green notice and a red error (an alert), each only while set: `<prefix>-notice`,
    `<prefix>-error`."""
    return rx.fragment(
        rx.cond(notice != "", rx.callout(notice, color_scheme="green", id=f"{prefix}-notice")),
        rx.cond(
            error != "",
            rx.callout(error, color_scheme="red", role="alert", id=f"{prefix}-error"),
        ),
    )


def table(
    headers: tuple[str, ...],
    rows: rx.Var,
    row: Callable[[rx.Var], rx.Component],
    **props: object,
) -> rx.Component:
    """A table with i18n-keyed column headers (never wrapped: a header broken over three lines
    is harder to read than a slightly wider column) and one `row(item)` per item of `rows`."""
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                *(rx.table.column_header_cell(T[key], white_space="nowrap") for key in headers)
            )
        ),
        rx.table.body(rx.foreach(rows, row)),
        variant="surface",
        width="100%",
        **props,
    )


def back_link(label: rx.Var | str, href: str) -> rx.Component:
    """The arrow link back to the list a record page was opened from."""
    return rx.link(
        rx.hstack(rx.icon("arrow-left", size=16), label, spacing="1", align="center"),
        href=href,
        size="2",
        underline="none",
    )


def record_page(status: rx.Var, *content: rx.Component, **props: object) -> rx.Component:
    """One record's page: the 404 page when it is unknown or not the caller's (the same for
    both), a spinner while loading, else `content` in a column (`props` style the column)."""
    return rx.cond(
        status == NOT_FOUND,
        message_page(T["page.404.title"], T["page.404.text"]),
        app_shell(
            rx.cond(
                status == FOUND,
                rx.vstack(*content, **{"spacing": "5", "width": "100%", **props}),
                rx.center(rx.spinner(size="3"), padding="var(--space-9)"),
            )
        ),
    )


def card(*content: rx.Component, **props: object) -> rx.Component:
    """A padded full-width card of stacked content (detail pages)."""
    return rx.card(
        rx.vstack(*content, spacing="3", width="100%"),
        padding="var(--space-5)",
        width="100%",
        **props,
    )


def sum_row(entry: rx.Var) -> rx.Component:
    """A right-aligned total line; `strong` entries (the gross sum) in bold."""
    weight = rx.cond(entry["strong"] != "", "bold", "regular")
    return rx.hstack(
        rx.text(entry["label"], weight=weight),
        rx.text(entry["amount"], weight=weight, min_width="120px", text_align="right"),
        justify="end",
        spacing="6",
        width="100%",
    )
