"""Customer pages of quotes, orders, invoices and approvals, and the clerks' /staff/orders.

A document or approval the caller may not see shows the 404 page, exactly like an unknown id.
Files (PDF, proof, upload) go through Starlette routes, so their links reload the document
instead of routing client-side.
"""

from __future__ import annotations

import reflex as rx

from portal.components.file_input import file_input
from portal.components.forms import field_label, post_form
from portal.components.page import callout, card, page_title, record_page, sum_row, table
from portal.components.shell import T, app_shell
from portal.components.status_bar import status_bar
from portal.state.sales import (
    ApprovalDetailState,
    ApprovalListState,
    SalesDetailState,
    SalesListState,
    StaffOrdersState,
)


def _file_link(label: rx.Var, href: rx.Var, icon: str, **props: object) -> rx.Component:
    """A link to a file route: a full request with the session cookie, not client routing."""
    return rx.link(
        rx.hstack(rx.icon(icon, size=16), label, spacing="2", align="center"),
        href=href,
        is_external=False,
        reload_document=True,
        **props,
    )


# --------------------------------------------------------------------------- lists


def _sales_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.link(row["number"], href=row["href"])),
        rx.table.cell(row["date"]),
        rx.table.cell(row["status"]),
        rx.table.cell(
            rx.cond(
                row["payment"] != "",
                rx.badge(row["payment"], color_scheme=row["payment_color"], variant="soft"),
            ),
            rx.cond(row["due"] != "", rx.text(row["due"], size="1", color_scheme="gray")),
        ),
        rx.table.cell(row["total"], text_align="right"),
        data_testid="sales-row",
    )


def sales_list_page() -> rx.Component:
    state = SalesListState
    return app_shell(
        rx.vstack(
            page_title(T["sales.list." + state.kind]),
            rx.cond(
                state.rows.length() > 0,
                table(
                    ("sales.number", "sales.date", "sales.status", "sales.payment", "sales.total"),
                    state.rows,
                    _sales_row,
                    id="sales-list",
                ),
                rx.text(T["sales.empty." + state.kind], color_scheme="gray"),
            ),
            spacing="5",
            width="100%",
        )
    )


# --------------------------------------------------------------------------- detail


def _line_row(line: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(line["position"]),
        rx.table.cell(
            rx.text(line["description"]),
            rx.cond(line["article"] != "", rx.text(line["article"], size="1", color_scheme="gray")),
        ),
        rx.table.cell(line["quantity"], text_align="right", white_space="nowrap"),
        rx.table.cell(line["unit_price"], text_align="right", white_space="nowrap"),
        rx.table.cell(line["tax_rate"], text_align="right"),
        rx.table.cell(line["amount"], text_align="right", white_space="nowrap"),
    )


def _approval_badge(row: rx.Var) -> rx.Component:
    return rx.badge(row["state_label"], color_scheme=row["color"], variant="soft", size="2")


def _order_approval(row: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.icon("file-check", size=18),
        rx.text(row["requested_at"]),
        _approval_badge(row),
        rx.spacer(),
        rx.link(T["approvals.show"], href=row["href"]),
        align="center",
        spacing="3",
        width="100%",
        data_testid="order-approval",
    )


def sales_detail_page() -> rx.Component:
    state = SalesDetailState
    return record_page(
        state.status,
        rx.link(
            rx.hstack(rx.icon("arrow-left", size=16), T["sales.back_to_list"], spacing="1"),
            href=state.list_href,
            size="2",
            underline="none",
        ),
        rx.hstack(
            page_title(state.title),
            _file_link(T["sales.download_pdf"], state.pdf_href, "file-down", id="download-pdf"),
            justify="between",
            align="center",
            width="100%",
        ),
        card(rx.heading(T["sales.status_bar"], size="3"), status_bar(state.stages)),
        rx.data_list.root(
            rx.foreach(
                state.facts,
                lambda fact: rx.data_list.item(
                    rx.data_list.label(T[fact["label_key"]], min_width="140px"),
                    rx.data_list.value(fact["value"]),
                ),
            ),
        ),
        rx.cond(
            state.approvals.length() > 0,
            card(
                rx.heading(T["approvals.title"], size="3"),
                rx.foreach(state.approvals, _order_approval),
                id="order-approvals",
            ),
        ),
        card(
            rx.heading(T["sales.lines"], size="3"),
            table(
                (
                    "sales.col.position",
                    "sales.col.description",
                    "sales.col.quantity",
                    "sales.col.unit_price",
                    "sales.col.tax_rate",
                    "sales.col.amount",
                ),
                state.lines,
                _line_row,
            ),
            rx.vstack(rx.foreach(state.sums, sum_row), spacing="1", width="100%", id="totals"),
        ),
    )


# --------------------------------------------------------------------------- approvals


def _approval_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.link(row["order_number"], href=row["order_href"])),
        rx.table.cell(row["requested_at"]),
        rx.table.cell(row["requested_by"]),
        rx.table.cell(_approval_badge(row)),
        rx.table.cell(rx.link(T["approvals.show"], href=row["href"])),
        data_testid="approval-row",
    )


def approvals_page() -> rx.Component:
    state = ApprovalListState
    return app_shell(
        rx.vstack(
            page_title(T["approvals.title"]),
            rx.text(T["approvals.intro"], color_scheme="gray"),
            rx.cond(
                state.rows.length() > 0,
                table(
                    (
                        "approvals.order",
                        "approvals.requested_at",
                        "approvals.requested_by",
                        "approvals.state",
                        "approvals.show",
                    ),
                    state.rows,
                    _approval_row,
                    id="approval-list",
                ),
                rx.text(T["approvals.empty"], color_scheme="gray"),
            ),
            spacing="5",
            width="100%",
        )
    )


def _proof_preview() -> rx.Component:
    state = ApprovalDetailState
    return rx.cond(
        state.is_image,
        rx.image(
            src=state.proof_href,
            alt=T["approvals.view_proof"],
            max_width="100%",
            max_height="640px",
            border="1px solid var(--gray-6)",
        ),
        rx.el.iframe(
            src=state.proof_href,
            title=T["approvals.view_proof"],
            width="100%",
            height="640px",
            border="1px solid var(--gray-6)",
        ),
    )


def _decision_form() -> rx.Component:
    state = ApprovalDetailState
    return rx.vstack(
        field_label(T["approvals.comment"], "approval-comment"),
        rx.text_area(
            value=state.comment,
            on_change=state.set_comment,
            id="approval-comment",
            rows="3",
            width="100%",
        ),
        rx.text(T["approvals.comment_hint"], size="1", color_scheme="gray"),
        rx.hstack(
            rx.button(
                rx.icon("check", size=16),
                T["approvals.approve"],
                on_click=state.decide("approved"),
                color_scheme="green",
                id="approve",
            ),
            rx.button(
                rx.icon("x", size=16),
                T["approvals.reject"],
                on_click=state.decide("rejected"),
                color_scheme="red",
                variant="soft",
                id="reject",
            ),
            spacing="3",
        ),
        spacing="2",
        width="100%",
    )


def approval_detail_page() -> rx.Component:
    state = ApprovalDetailState
    approval = state.approval
    return record_page(
        state.status,
        rx.link(
            rx.hstack(rx.icon("arrow-left", size=16), T["approvals.title"], spacing="1"),
            href="/customer/approvals",
            size="2",
            underline="none",
        ),
        page_title(state.title),
        callout(state.notice, "green", "approval-notice"),
        callout(state.error, "red", "approval-error"),
        card(
            rx.hstack(
                rx.text(T["approvals.state"], weight="medium"),
                rx.badge(
                    approval["state_label"],
                    color_scheme=approval["color"],
                    variant="soft",
                    size="2",
                    id="approval-state",
                ),
                align="center",
                spacing="3",
            ),
            rx.text(
                T["approvals.requested_by"]
                + ": "
                + approval["requested_by"]
                + ", "
                + approval["requested_at"],
                size="2",
                color_scheme="gray",
            ),
            rx.cond(approval["decided"] != "", rx.text(approval["decided"], id="approval-decided")),
            rx.cond(
                approval["comment"] != "",
                rx.blockquote(approval["comment"], id="approval-comment-shown"),
            ),
            rx.hstack(
                rx.link(
                    T["approvals.order"] + " " + approval["order_number"],
                    href=approval["order_href"],
                ),
                _file_link(
                    T["approvals.open_proof"],
                    state.proof_href,
                    "external-link",
                    target="_blank",
                    id="open-proof",
                ),
                spacing="5",
            ),
            rx.cond(approval["state"] == "pending", _decision_form()),
        ),
        card(rx.heading(T["approvals.view_proof"], size="3"), _proof_preview()),
    )


# --------------------------------------------------------------------------- staff

_PROOF_ACCEPT = "application/pdf,image/png,image/jpeg,image/webp,.pdf,.png,.jpg,.jpeg,.webp"


def _upload_form(row: rx.Var) -> rx.Component:
    """A native multipart POST to the upload route (see portal/api/sales_routes.py)."""
    return post_form(
        rx.hstack(
            file_input("proof-file-" + row["id"], _PROOF_ACCEPT, row["file_label"]),
            rx.button(T["staff_orders.attach"], type="submit", size="1", variant="soft"),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        action=row["upload_url"],
        enc_type="multipart/form-data",
    )


def _staff_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row["number"], white_space="nowrap"),
        rx.table.cell(row["customer"]),
        rx.table.cell(row["date"], white_space="nowrap"),
        rx.table.cell(row["status"]),
        rx.table.cell(
            rx.cond(
                row["proof_state"] != "",
                rx.badge(
                    row["proof_label"],
                    color_scheme=rx.match(
                        row["proof_state"], ("approved", "green"), ("rejected", "red"), "amber"
                    ),
                    variant="soft",
                ),
                rx.text(row["proof_label"], size="1", color_scheme="gray"),
            )
        ),
        rx.table.cell(_upload_form(row)),
        data_testid="staff-order-row",
        data_order=row["number"],
    )


def staff_orders_page() -> rx.Component:
    state = StaffOrdersState
    return app_shell(
        rx.vstack(
            page_title(T["staff_orders.title"]),
            rx.text(state.intro, color_scheme="gray"),
            callout(state.notice, "green", "staff-orders-notice"),
            callout(state.error, "red", "staff-orders-error"),
            rx.cond(
                state.rows.length() > 0,
                table(
                    (
                        "sales.number",
                        "sales.customer",
                        "sales.date",
                        "sales.status",
                        "staff_orders.proof",
                        "staff_orders.attach",
                    ),
                    state.rows,
                    _staff_row,
                    id="staff-orders",
                ),
                rx.text(T["staff_orders.empty"], color_scheme="gray"),
            ),
            spacing="5",
            width="100%",
        ),
        wide=True,
    )
