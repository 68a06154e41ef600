"""/staff/customers and /staff/customers/[customer_id]: find a customer, see its accounts and
open invitations, set up access for a contact ("Zugang einrichten")."""

from __future__ import annotations

import reflex as rx

from portal.components.forms import field_label
from portal.components.page import back_link, notices, page_title, record_page
from portal.components.shell import T, app_shell
from portal.services.customer_invitations import STAFF_CUSTOMERS_PATH
from portal.state.staff_customers import StaffCustomerSearchState, StaffCustomerState

S = StaffCustomerState


def _header(*keys: str) -> rx.Component:
    return rx.table.header(rx.table.row(*(rx.table.column_header_cell(T[k]) for k in keys)))


def _result_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["number"]),
        rx.table.cell(rx.link(row["name"], href=row["href"])),
        data_testid="customer-row",
    )


def staff_customers_page() -> rx.Component:
    state = StaffCustomerSearchState
    return app_shell(
        rx.vstack(
            page_title(T["identity.customers_title"]),
            rx.text(T["identity.customers_intro"], color_scheme="gray"),
            rx.form(
                rx.hstack(
                    rx.input(
                        name="query",
                        placeholder=T["identity.customers_search"],
                        aria_label=T["identity.customers_search"],
                        id="customers-query",
                        flex="1",
                    ),
                    rx.button(T["identity.review_search_button"], type="submit", id="search"),
                    width="100%",
                ),
                on_submit=state.search,
                width="100%",
            ),
            rx.cond(
                state.results.length() > 0,
                rx.table.root(
                    _header("identity.customer_number", "identity.customer_name"),
                    rx.table.body(rx.foreach(state.results, _result_row)),
                    width="100%",
                ),
                rx.cond(
                    state.searched,
                    rx.text(T["identity.review_no_customers"], color_scheme="gray"),
                    rx.text(T["customer_search.hint"], color_scheme="gray", id="customers-hint"),
                ),
            ),
            spacing="4",
            width="100%",
            max_width="860px",
        )
    )


def _account_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["name"]),
        rx.table.cell(row["login"]),
        rx.table.cell(row["role"]),
        rx.table.cell(row["password"]),
        rx.table.cell(row["access_sent"]),
        data_testid="account-row",
    )


def _invitation_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["name"]),
        rx.table.cell(row["email"]),
        rx.table.cell(row["role"]),
        rx.table.cell(row["valid"]),
        rx.table.cell(
            rx.hstack(
                rx.button(
                    T["identity.resend"], size="1", variant="soft", on_click=S.resend(row["id"])
                ),
                rx.button(
                    T["identity.revoke"],
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=S.revoke(row["id"]),
                ),
                spacing="2",
            )
        ),
        data_testid="invitation-row",
    )


def _invite_form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(T["identity.invite_title"], size="4"),
                rx.text(S.invite_intro, size="2", color_scheme="gray"),
                field_label(T["identity.register_name"], "invite-name"),
                rx.input(id="invite-name", name="name", required=True, width="100%"),
                field_label(T["identity.register_email"], "invite-email"),
                rx.input(
                    id="invite-email", name="email", type="email", required=True, width="100%"
                ),
                rx.text(T["identity.review_role"], size="2", weight="medium"),
                rx.radio_group.root(
                    rx.radio_group.item(T["identity.role_main"], value="main"),
                    rx.radio_group.item(T["identity.role_normal"], value="normal"),
                    value=S.invite_role,
                    on_change=S.choose_role,
                    direction="row",
                    id="invite-role",
                ),
                rx.button(T["identity.invite_submit"], type="submit", id="invite-submit"),
                spacing="2",
                width="100%",
            ),
            on_submit=S.invite,
            key=S.form_key,
            width="100%",
        ),
        width="100%",
    )


def staff_customer_page() -> rx.Component:
    return record_page(
        S.status,
        back_link(T["identity.customers_title"], STAFF_CUSTOMERS_PATH),
        page_title(S.title),
        notices(S.notice, S.error, "customer"),
        rx.heading(T["identity.accounts_title"], size="4"),
        rx.cond(
            S.accounts.length() > 0,
            rx.table.root(
                _header(
                    "identity.register_name",
                    "identity.login",
                    "identity.review_role",
                    "identity.password_status",
                    "identity.access_sent",
                ),
                rx.table.body(rx.foreach(S.accounts, _account_row)),
                width="100%",
            ),
            rx.text(T["identity.no_accounts"], color_scheme="gray"),
        ),
        rx.heading(T["identity.invitations_title"], size="4"),
        rx.cond(
            S.invitations.length() > 0,
            rx.table.root(
                _header(
                    "identity.register_name",
                    "identity.register_email",
                    "identity.review_role",
                    "identity.valid_until",
                    "identity.actions",
                ),
                rx.table.body(rx.foreach(S.invitations, _invitation_row)),
                width="100%",
            ),
            rx.text(T["identity.no_invitations"], color_scheme="gray"),
        ),
        _invite_form(),
        spacing="4",
        max_width="960px",
    )
