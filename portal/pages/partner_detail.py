"""The partner's detail pages: customer (/partner/customers/[customer_id]), contract
(/partner/subscriptions/[subscription_id]) and the new prospect (/partner/prospects/new).

A customer or contract the caller may not see shows the 404 page, exactly like an unknown id.
"""

from __future__ import annotations

import reflex as rx

from portal.components.forms import field_label, submit_and_cancel
from portal.components.shell import T, app_shell, message_page
from portal.state.partner_detail import (
    CUSTOMERS_PATH,
    FOUND,
    NOT_FOUND,
    SUBSCRIPTIONS_PATH,
    CustomerDetailState,
    NewProspectState,
    SubscriptionDetailState,
)


def _detail_page(status: rx.Var, *content: rx.Component) -> rx.Component:
    return rx.cond(
        status == NOT_FOUND,
        message_page(T["page.404.title"], T["page.404.text"]),
        app_shell(
            rx.cond(
                status == FOUND,
                rx.vstack(*content, spacing="5", width="100%"),
                rx.center(rx.spinner(size="3"), padding="var(--space-9)"),
            )
        ),
    )


def _back(label_key: str, href: str) -> rx.Component:
    return rx.link(
        rx.hstack(rx.icon("arrow-left", size=16), T[label_key], spacing="1", align="center"),
        href=href,
        size="2",
        underline="none",
    )


def _callout(text: rx.Var, color: str, element_id: str) -> rx.Component:
    return rx.cond(
        text != "",
        rx.callout(text, color_scheme=color, role="alert", id=element_id, width="100%"),
    )


def _facts(facts: rx.Var, test_id: str) -> rx.Component:
    return rx.data_list.root(
        rx.foreach(
            facts,
            lambda fact: rx.data_list.item(
                rx.data_list.label(T[fact["label_key"]], min_width="170px"),
                rx.data_list.value(fact["value"]),
            ),
        ),
        data_testid=test_id,
    )


def _card(title_key: str, *content: rx.Component, **props: object) -> rx.Component:
    return rx.card(
        rx.vstack(rx.heading(T[title_key], size="4"), *content, spacing="3", width="100%"),
        padding="var(--space-5)",
        width="100%",
        **props,
    )


def _status_badge(status: rx.Var) -> rx.Component:
    return rx.badge(T["grid.value.status." + status], variant="soft")


# --------------------------------------------------------------------------- customer


def _choice(
    label: rx.Var, select_id: str, name: str, options: rx.Var, **root_props: object
) -> rx.Component:
    """A labelled select of `{"id", "name"}` options that submits the id with its form."""
    return rx.vstack(
        field_label(label, select_id),
        rx.select.root(
            rx.select.trigger(
                placeholder=root_props.pop("placeholder", ""), id=select_id, width="100%"
            ),
            rx.select.content(
                rx.foreach(
                    options, lambda option: rx.select.item(option["name"], value=option["id"])
                )
            ),
            name=name,
            **root_props,
        ),
        spacing="1",
        width="100%",
    )


def _contact_form() -> rx.Component:
    state = CustomerDetailState
    return rx.form(
        rx.vstack(
            _choice(
                T["detail.new_contact"],
                "contact-select",
                "contact_id",
                state.contact_choices,
                default_value=state.contact_id,
                key=state.contact_id,  # a new current contact re-mounts with it selected
            ),
            rx.button(T["detail.change_contact"], type="submit", id="change-contact"),
            spacing="2",
            width="100%",
        ),
        on_submit=state.change_contact,
        width="100%",
    )


def _contact_card() -> rx.Component:
    state = CustomerDetailState
    return _card(
        "detail.partner_contact",
        rx.text(
            rx.cond(state.contact_name != "", state.contact_name, T["detail.no_contact"]),
            size="4",
            weight="medium",
            id="partner-contact",
        ),
        _callout(state.notice, "green", "contact-notice"),
        _callout(state.error, "red", "contact-error"),
        rx.cond(state.contact_choices.length() > 0, _contact_form()),
    )


def _contract_row(contract: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.link(contract["number"], href=contract["href"])),
        rx.table.cell(contract["product"]),
        rx.table.cell(_status_badge(contract["status"])),
        rx.table.cell(contract["start"]),
        rx.table.cell(contract["end"]),
        rx.table.cell(contract["monthly_price"], text_align="right"),
        rx.cond(
            CustomerDetailState.show_retail,
            rx.table.cell(contract["retail_price"], text_align="right"),
        ),
        data_testid="contract-row",
    )


def _contracts_card() -> rx.Component:
    state = CustomerDetailState
    headers = ("detail.col.number", "detail.col.product", "detail.col.status")
    return _card(
        "detail.contracts",
        rx.cond(
            state.contracts.length() > 0,
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *(rx.table.column_header_cell(T[key]) for key in headers),
                        rx.table.column_header_cell(T["detail.col.start"]),
                        rx.table.column_header_cell(T["detail.col.end"]),
                        rx.table.column_header_cell(
                            T["detail.col.monthly_price"], text_align="right"
                        ),
                        rx.cond(
                            state.show_retail,
                            rx.table.column_header_cell(
                                T["detail.col.retail_price"], text_align="right"
                            ),
                        ),
                    )
                ),
                rx.table.body(rx.foreach(state.contracts, _contract_row)),
                variant="ghost",
                width="100%",
            ),
            rx.text(T["detail.no_contracts"], color_scheme="gray"),
        ),
    )


def customer_detail_page() -> rx.Component:
    state = CustomerDetailState
    return _detail_page(
        state.status,
        _back("detail.back_customers", CUSTOMERS_PATH),
        rx.hstack(
            rx.heading(state.name, size="7", id="page-title"),
            rx.badge(T["grid.value.kind." + state.kind], size="2", id="customer-kind"),
            rx.text(state.number, color_scheme="gray"),
            align="center",
            spacing="3",
            wrap="wrap",
        ),
        rx.grid(
            _card("detail.master_data", _facts(state.facts, "customer-facts")),
            _contact_card(),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="5",
            width="100%",
        ),
        _contracts_card(),
    )


# --------------------------------------------------------------------------- contract


def _history_row(step: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(step["at"]),
        rx.table.cell(_status_badge(step["status"])),
        rx.table.cell(step["note"]),
        data_testid="history-row",
    )


def _history_card() -> rx.Component:
    state = SubscriptionDetailState
    return _card(
        "detail.history",
        rx.cond(
            state.history.length() > 0,
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(T["detail.history_date"]),
                        rx.table.column_header_cell(T["detail.col.status"]),
                        rx.table.column_header_cell(T["detail.history_note"]),
                    )
                ),
                rx.table.body(rx.foreach(state.history, _history_row)),
                variant="ghost",
                width="100%",
            ),
            rx.text(T["detail.history_empty"], color_scheme="gray"),
        ),
    )


def _license_card() -> rx.Component:
    return _card(
        "detail.license",
        rx.text(T["detail.license_hint"], color_scheme="gray", size="2"),
        # A real request to the authenticated route, not a client-side route change.
        rx.link(
            rx.button(rx.icon("download", size=16), T["detail.license_download"], size="3"),
            href=SubscriptionDetailState.license_href,
            reload_document=True,
            id="license-download",
        ),
    )


def subscription_detail_page() -> rx.Component:
    state = SubscriptionDetailState
    return _detail_page(
        state.status,
        _back("detail.back_subscriptions", SUBSCRIPTIONS_PATH),
        rx.hstack(
            rx.heading(
                T["detail.subscription_title"].replace("{number}", state.number),
                size="7",
                id="page-title",
            ),
            _status_badge(state.contract_status),
            align="center",
            spacing="3",
            wrap="wrap",
        ),
        rx.hstack(
            rx.text(T["detail.field.customer"], color_scheme="gray"),
            rx.link(state.customer_label, href=state.customer_href, id="customer-link"),
            spacing="2",
        ),
        rx.grid(
            _card("detail.contract_data", _facts(state.facts, "subscription-facts")),
            rx.vstack(
                rx.cond(state.license_href != "", _license_card()),
                _history_card(),
                spacing="5",
                width="100%",
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="5",
            width="100%",
        ),
    )


# --------------------------------------------------------------------------- new prospect


def _field(name: str, *, required: bool = False, **props: object) -> rx.Component:
    state = NewProspectState
    error = state.errors.get(name, "")
    input_id = f"prospect-{name}"
    return rx.vstack(
        field_label(T[f"prospect.{name}"], input_id),
        rx.input(
            id=input_id,
            name=name,
            default_value=state.values.get(name, ""),
            required=required,
            aria_invalid=error != "",
            aria_describedby=f"{input_id}-error",
            color_scheme=rx.cond(error != "", "red", "gray"),
            size="3",
            width="100%",
            **props,
        ),
        rx.cond(
            error != "",
            rx.text(error, color_scheme="red", size="2", id=f"{input_id}-error"),
        ),
        spacing="1",
        width="100%",
    )


def _company_field() -> rx.Component:
    state = NewProspectState
    error = state.errors.get("partner_company_id", "")
    return rx.cond(
        state.companies.length() > 1,
        rx.vstack(
            _choice(
                T["prospect.company"],
                "prospect-company",
                "partner_company_id",
                state.companies,
                placeholder=T["prospect.company_placeholder"],
                default_value=state.company_id,
                size="3",
            ),
            rx.cond(error != "", rx.text(error, color_scheme="red", size="2")),
            spacing="1",
            width="100%",
        ),
    )


def _prospect_form() -> rx.Component:
    state = NewProspectState
    return rx.form(
        rx.vstack(
            _company_field(),
            _field("name", required=True, max_length=200, auto_focus=True),
            _field("street", max_length=200, auto_complete="street-address"),
            rx.grid(
                _field("postcode", required=True, max_length=10, auto_complete="postal-code"),
                _field("city", required=True, max_length=120),
                columns="1fr 2fr",
                spacing="3",
                width="100%",
            ),
            rx.grid(
                _field("email", type="email", max_length=254, auto_complete="email"),
                _field("phone", type="tel", max_length=60, auto_complete="tel"),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="3",
                width="100%",
            ),
            rx.text(
                rx.hstack(
                    rx.checkbox(
                        name="is_private",
                        default_checked=state.is_private,
                        id="prospect-private",
                    ),
                    T["prospect.private"],
                    spacing="2",
                ),
                as_="label",
                size="2",
            ),
            submit_and_cancel(
                T["prospect.submit"], "prospect-submit", T["prospect.cancel"], CUSTOMERS_PATH
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=state.submit,
        width="100%",
    )


def new_prospect_page() -> rx.Component:
    state = NewProspectState
    return app_shell(
        rx.vstack(
            _back("detail.back_customers", CUSTOMERS_PATH),
            rx.heading(T["prospect.title"], size="7", id="page-title"),
            rx.text(T["prospect.intro"], color_scheme="gray"),
            rx.card(
                rx.cond(
                    state.allowed,
                    rx.vstack(
                        _callout(state.summary, "red", "prospect-message"),
                        rx.cond(
                            state.duplicate.contains("href"),
                            rx.callout.root(
                                rx.callout.text(state.duplicate["text"]),
                                rx.link(
                                    T["prospect.open_existing"],
                                    href=state.duplicate["href"],
                                    id="open-duplicate",
                                ),
                                color_scheme="amber",
                                role="alert",
                                id="prospect-duplicate",
                                width="100%",
                            ),
                        ),
                        _prospect_form(),
                        spacing="4",
                        width="100%",
                    ),
                    rx.callout(T["prospect.error.not_allowed"], color_scheme="amber"),
                ),
                padding="var(--space-5)",
                width="100%",
                max_width="720px",
            ),
            spacing="4",
            width="100%",
        )
    )
