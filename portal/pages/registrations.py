"""/staff/registrations/[registration_id]: review a self-registration (approve or reject)."""

from __future__ import annotations

import reflex as rx

from portal.components.page import back_link, notices, page_title, record_page
from portal.components.shell import T
from portal.services.staff_inbox import INBOX_PATH
from portal.state.registrations import RegistrationReviewState

S = RegistrationReviewState


def _fact(label_key: str, field: str) -> rx.Component:
    return rx.data_list.item(
        rx.data_list.label(T[label_key]),
        rx.data_list.value(S.registration[field], id=f"reg-{field}"),
    )


def _facts() -> rx.Component:
    return rx.data_list.root(
        _fact("identity.register_name", "name"),
        _fact("identity.register_email", "email"),
        _fact("identity.register_company", "company"),
        _fact("identity.register_customer_number", "customer_number"),
        _fact("identity.register_phone", "phone"),
        _fact("identity.register_message", "message"),
        _fact("identity.review_received", "received"),
        rx.data_list.item(
            rx.data_list.label(T["identity.review_state"]),
            rx.data_list.value(
                rx.badge(T["identity.state_" + S.registration["state"]], id="reg-state")
            ),
        ),
    )


def _customer_option(row: rx.Var) -> rx.Component:
    return rx.radio_group.item(row["label"], value=row["id"])


def _approve_form() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.form(
                rx.hstack(
                    rx.input(
                        name="query",
                        default_value=S.search,
                        key=S.search,
                        placeholder=T["identity.review_search"],
                        aria_label=T["identity.review_search"],
                        id="customer-query",
                        flex="1",
                    ),
                    rx.button(
                        T["identity.review_search_button"], type="submit", id="customer-search"
                    ),
                    width="100%",
                ),
                on_submit=S.search_customers,
                width="100%",
            ),
            rx.text(T["identity.review_customer"], weight="medium", size="2"),
            rx.cond(
                S.customers.length() > 0,
                rx.radio_group.root(
                    rx.foreach(S.customers, _customer_option),
                    value=S.customer_id,
                    on_change=S.choose_customer,
                    id="customer-choice",
                    direction="column",
                ),
                rx.cond(
                    S.searched,
                    rx.text(T["identity.review_no_customers"], color_scheme="gray", size="2"),
                ),
            ),
            rx.text(T["identity.review_role"], weight="medium", size="2"),
            rx.radio_group.root(
                rx.radio_group.item(T["identity.role_main"], value="main"),
                rx.radio_group.item(T["identity.role_normal"], value="normal"),
                value=S.role,
                on_change=S.choose_role,
                direction="row",
                id="role-choice",
            ),
            rx.button(T["identity.review_approve"], on_click=S.approve, id="approve", size="3"),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _reject_form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.text(T["identity.review_reason"], as_="label", weight="medium", size="2"),
                rx.text_area(name="reason", id="reject-reason", width="100%", rows="2"),
                rx.button(
                    T["identity.review_reject"],
                    type="submit",
                    color_scheme="red",
                    variant="soft",
                    id="reject",
                ),
                spacing="2",
                width="100%",
            ),
            on_submit=S.reject,
            width="100%",
        ),
        width="100%",
    )


def registration_review_page() -> rx.Component:
    return record_page(
        S.status,
        back_link(T["identity.review_back"], INBOX_PATH),
        page_title(T["identity.review_title"]),
        notices(S.notice, S.error, "review"),
        _facts(),
        rx.cond(S.registration["state"] == "open", _approve_form()),
        rx.cond(S.registration["state"] == "open", _reject_form()),
        spacing="4",
        max_width="760px",
    )
