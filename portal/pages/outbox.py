"""/staff/mail: the mail outbox (queued, sent, failed)."""

from __future__ import annotations

import reflex as rx

from portal.components.shell import T, app_shell
from portal.state.outbox import OutboxState


def _row(mail: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(mail["recipient"]),
        rx.table.cell(mail["subject"]),
        rx.table.cell(rx.badge(T["mail_state." + mail["state"]])),
        rx.table.cell(mail["attempts"]),
        rx.table.cell(mail["created"]),
    )


def outbox_page() -> rx.Component:
    return app_shell(
        rx.heading(T["outbox.title"], size="7", margin_bottom="var(--space-4)", id="page-title"),
        rx.cond(
            OutboxState.mails.length() > 0,
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *(
                            rx.table.column_header_cell(T[key])
                            for key in (
                                "outbox.recipient",
                                "outbox.subject",
                                "outbox.state",
                                "outbox.attempts",
                                "outbox.created",
                            )
                        )
                    )
                ),
                rx.table.body(rx.foreach(OutboxState.mails, _row)),
                variant="surface",
            ),
            rx.text(T["outbox.empty"], color_scheme="gray"),
        ),
    )
