"""/staff/audit: who, acting as whom, what, which record, when, from where."""

from __future__ import annotations

import reflex as rx

from portal.components.forms import field_label
from portal.components.shell import T, app_shell
from portal.state.audit import AuditState

_FIELDS = (
    ("q", "audit.search", "text"),
    ("actor", "audit.filter.actor", "text"),
    ("acting_as", "audit.filter.acting_as", "text"),
    ("action", "audit.filter.action", "text"),
    ("target_type", "audit.filter.target_type", "text"),
    ("target_id", "audit.filter.target_id", "text"),
    ("from", "audit.filter.from", "date"),
    ("to", "audit.filter.to", "date"),
)


def _field(name: str, label_key: str, kind: str) -> rx.Component:
    field_id = f"audit-{name}"
    return rx.vstack(
        field_label(T[label_key], field_id),
        rx.input(id=field_id, name=name, type=kind, max_length=100, width="180px"),
        spacing="1",
    )


def filter_bar() -> rx.Component:
    return rx.form(
        rx.flex(
            *(_field(*spec) for spec in _FIELDS),
            rx.button(T["audit.apply"], type="submit", id="audit-apply"),
            # A real request to the authenticated route, not a client-side route change; its
            # button is no submit button, so the click follows the link instead of filtering.
            rx.link(
                rx.button(
                    rx.icon("download", size=16), T["audit.export"], type="button", variant="soft"
                ),
                href=AuditState.export_href,
                reload_document=True,
                id="audit-export",
            ),
            wrap="wrap",
            gap="var(--space-3)",
            align="end",
        ),
        on_submit=AuditState.apply,
        reset_on_submit=False,
        margin_bottom="var(--space-4)",
    )


def _row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["at"], white_space="nowrap"),
        rx.table.cell(row["actor"]),
        rx.table.cell(row["acting_as"]),
        rx.table.cell(rx.text(row["action_label"], title=row["action"])),
        rx.table.cell(row["target"]),
        rx.table.cell(row["address"]),
        rx.table.cell(rx.text(row["detail"], size="1", color_scheme="gray")),
        data_testid="audit-row",
        data_action=row["action"],
    )


def pager() -> rx.Component:
    return rx.hstack(
        rx.text(AuditState.count_text, size="2", id="audit-count"),
        rx.button(
            T["audit.prev"],
            on_click=AuditState.go(AuditState.page - 1),
            disabled=AuditState.page <= 0,
            size="1",
            variant="soft",
        ),
        rx.button(
            T["audit.next"],
            on_click=AuditState.go(AuditState.page + 1),
            disabled=AuditState.page + 1 >= AuditState.pages,
            size="1",
            variant="soft",
        ),
        align="center",
        spacing="3",
        margin_top="var(--space-3)",
    )


def audit_page() -> rx.Component:
    return app_shell(
        rx.heading(T["audit.title"], size="7", margin_bottom="var(--space-4)", id="page-title"),
        filter_bar(),
        rx.cond(
            AuditState.rows.length() > 0,
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *(
                            rx.table.column_header_cell(T[key])
                            for key in (
                                "audit.col.at",
                                "audit.col.actor",
                                "audit.col.acting_as",
                                "audit.col.action",
                                "audit.col.target",
                                "audit.col.address",
                                "audit.col.detail",
                            )
                        )
                    )
                ),
                rx.table.body(rx.foreach(AuditState.rows, _row)),
                variant="surface",
                width="100%",
            ),
            rx.text(T["audit.empty"], color_scheme="gray"),
        ),
        pager(),
        wide=True,
    )
