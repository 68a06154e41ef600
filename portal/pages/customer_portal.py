"""The customer portal pages: tile dashboard (/customer), contracts (/customer/contracts and
/customer/contracts/[contract_id]) and documents (/customer/documents).

Big tiles and plain words; a contract the user may not see shows the 404 page, exactly like an
unknown id. Downloads are real requests to the authenticated file route.
"""

from __future__ import annotations

import reflex as rx

from portal.components.forms import field_label
from portal.components.shell import T, app_shell, message_page
from portal.services.access import CustomerArea
from portal.services.shop import SHOP_PATH
from portal.state.customer_portal import (
    ALL,
    CONTRACTS_PATH,
    DOCUMENTS_PATH,
    FOUND,
    NOT_FOUND,
    CustomerContractDetailState,
    CustomerContractsState,
    CustomerDashboardState,
    CustomerDocumentsState,
    CustomerPortalState,
)
from portal.state.session import SessionState


def _heading(title: rx.Var | str, *extra: rx.Component) -> rx.Component:
    return rx.hstack(
        rx.heading(title, size="7", id="page-title"),
        *extra,
        align="center",
        spacing="3",
        wrap="wrap",
    )


def customer_switcher(on_change) -> rx.Component:  # type: ignore[no-untyped-def]
    """ "Daten von": shown only when the user's grants span several customers."""
    return rx.cond(
        CustomerPortalState.customer_options.length() > 1,
        rx.hstack(
            field_label(T["cp.switcher.label"], "customer-switcher"),
            rx.select.root(
                rx.select.trigger(id="customer-switcher", min_width="260px"),
                rx.select.content(
                    rx.select.item(T["cp.switcher.all"], value=ALL),
                    rx.foreach(
                        CustomerPortalState.customer_options,
                        lambda option: rx.select.item(option["name"], value=option["id"]),
                    ),
                ),
                value=CustomerPortalState.customer,
                on_change=on_change,
                size="3",
            ),
            align="center",
            spacing="3",
        ),
    )


# --------------------------------------------------------------------------- dashboard

# area → (label key, icon, list page); quotes, orders, invoices, tickets, claims and the
# postbox have their own pages elsewhere.
_TILES: tuple[tuple[CustomerArea, str, str, str], ...] = (
    (CustomerArea.CONTRACTS, "tile.contracts", "file-pen-line", CONTRACTS_PATH),
    (CustomerArea.DOCUMENTS, "tile.documents", "folder-open", DOCUMENTS_PATH),
    (CustomerArea.QUOTES, "tile.quotes", "file-text", "/customer/quotes"),
    (CustomerArea.ORDERS, "tile.orders", "package", "/customer/orders"),
    (CustomerArea.INVOICES, "tile.invoices", "receipt", "/customer/invoices"),
    (CustomerArea.TICKETS, "tile.tickets", "message-circle", "/customer/tickets"),
    (CustomerArea.CLAIMS, "tile.claims", "shield-alert", "/customer/claims"),
    (CustomerArea.POSTBOX, "cp.tile.postbox", "mail", "/customer/postbox"),
)
# What waits for the customer, per tile.
_ACTIONS: dict[CustomerArea, tuple[str, ...]] = {
    CustomerArea.ORDERS: ("approvals_waiting",),
    CustomerArea.INVOICES: ("invoices_open", "invoices_overdue"),
    CustomerArea.TICKETS: ("tickets_waiting",),
    CustomerArea.POSTBOX: ("postbox_unread",),
}


def _action(key: str) -> rx.Component:
    count = CustomerDashboardState.actions[key]
    return rx.cond(
        count > 0,
        rx.badge(
            rx.icon("circle-alert", size=16),
            T[f"cp.action.{key}"].replace("{n}", count.to_string()),
            color_scheme="orange",
            size="3",
            data_testid=f"action-{key}",
        ),
    )


def _all_done(first_key: str) -> rx.Component:
    """Reassurance when nothing waits (the first action of a tile covers the others)."""
    return rx.cond(
        CustomerDashboardState.actions[first_key] > 0,
        rx.fragment(),
        rx.text(T["cp.action.none"], color_scheme="green", size="2"),
    )


def _tile_link(
    icon: str, count: rx.Component, label_key: str, hint_key: str, href: str, testid: str, *body
) -> rx.Component:
    """The frame every dashboard tile shares: icon and count, title, hint, then `body`."""
    return rx.link(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.center(
                        rx.icon(icon, size=28),
                        width="52px",
                        height="52px",
                        border_radius="var(--radius-4)",
                        background="var(--accent-3)",
                        color="var(--accent-11)",
                    ),
                    count,
                    justify="between",
                    align="center",
                    width="100%",
                ),
                rx.heading(T[label_key], size="5"),
                rx.text(T[hint_key], color_scheme="gray", size="3"),
                *body,
                spacing="2",
                align="start",
            ),
            padding="var(--space-5)",
            height="100%",
        ),
        href=href,
        underline="none",
        color="inherit",
        data_testid=testid,
        aria_label=T[label_key],
    )


def _tile(area: CustomerArea, label_key: str, icon: str, href: str) -> rx.Component:
    actions = _ACTIONS.get(area, ())
    count = (
        rx.text(
            CustomerDashboardState.counts[area.value],
            size="8",
            weight="bold",
            data_testid=f"count-{area.value}",
        )
        if area != CustomerArea.POSTBOX
        else rx.fragment()
    )
    return rx.cond(
        CustomerDashboardState.areas.contains(area.value),
        _tile_link(
            icon,
            count,
            label_key,
            f"cp.hint.{area.value}",
            href,
            f"tile-{area.value}",
            *(_action(key) for key in actions),
            _all_done(actions[0]) if actions else rx.fragment(),
        ),
    )


def _shop_tile() -> rx.Component:
    """Every customer user may shop: the cart's pieces and the orders staff still work on."""
    shop = CustomerDashboardState.shop
    return rx.cond(
        shop.contains("cart"),
        _tile_link(
            "shopping-cart",
            rx.fragment(),
            "cp.tile.shop",
            "cp.hint.shop",
            SHOP_PATH,
            "tile-shop",
            rx.text(
                T["cp.shop.cart"].replace("{n}", shop["cart"]), size="3", data_testid="shop-cart"
            ),
            rx.text(
                T["cp.shop.orders"].replace("{n}", shop["orders"]),
                size="3",
                data_testid="shop-orders",
            ),
        ),
    )


def _advisor_card() -> rx.Component:
    advisor = CustomerDashboardState.advisor
    return rx.card(
        rx.vstack(
            rx.text(T["cp.advisor.title"], size="2", color_scheme="gray", weight="medium"),
            rx.cond(
                advisor["name"] != "",
                rx.hstack(
                    rx.avatar(fallback=advisor["initials"], size="6", radius="full"),
                    rx.vstack(
                        rx.text(advisor["name"], size="5", weight="bold", id="advisor-name"),
                        rx.cond(
                            advisor["phone"] != "",
                            rx.link(
                                rx.hstack(rx.icon("phone", size=16), advisor["phone"], spacing="2"),
                                href=advisor["tel"],
                                is_external=True,
                                aria_label=T["cp.advisor.phone"],
                                id="advisor-phone",
                            ),
                        ),
                        rx.cond(
                            advisor["email"] != "",
                            rx.link(
                                rx.hstack(rx.icon("mail", size=16), advisor["email"], spacing="2"),
                                href="mailto:" + advisor["email"],
                                is_external=True,
                                aria_label=T["cp.advisor.email"],
                                id="advisor-email",
                            ),
                        ),
                        spacing="1",
                    ),
                    spacing="4",
                    align="center",
                ),
                rx.text(T["cp.advisor.none"]),
            ),
            spacing="3",
        ),
        padding="var(--space-5)",
        id="advisor-card",
        min_width="300px",
    )


def customer_home() -> rx.Component:
    state = CustomerDashboardState
    return app_shell(
        rx.flex(
            rx.vstack(
                rx.heading(
                    T["customer.welcome"].replace("{name}", SessionState.user_name),
                    size="8",
                    id="page-title",
                ),
                customer_switcher(state.choose_customer),
                spacing="4",
            ),
            _advisor_card(),
            justify="between",
            align="start",
            wrap="wrap",
            gap="var(--space-5)",
            margin_bottom="var(--space-6)",
        ),
        rx.grid(
            *(_tile(*tile) for tile in _TILES),
            _shop_tile(),
            # As many columns as tiles of a readable width fit beside the menu.
            grid_template_columns="repeat(auto-fill, minmax(240px, 1fr))",
            spacing="5",
            id="tiles",
        ),
    )


# --------------------------------------------------------------------------- lists


def _pager(state) -> rx.Component:  # type: ignore[no-untyped-def]
    return rx.hstack(
        rx.text(T["cp.list.count"].replace("{total}", state.total), color_scheme="gray"),
        rx.spacer(),
        rx.button(
            rx.icon("chevron-left", size=16),
            T["grid.previous"],
            on_click=state.turn_page(False),
            disabled=state.page == 0,
            variant="soft",
            id="page-previous",
        ),
        rx.text(
            T["cp.list.page"]
            .replace("{page}", (state.page + 1).to_string())
            .replace("{pages}", state.pages.to_string()),
            id="page-info",
        ),
        rx.button(
            T["grid.next"],
            rx.icon("chevron-right", size=16),
            on_click=state.turn_page(True),
            disabled=state.page + 1 >= state.pages,
            variant="soft",
            id="page-next",
        ),
        align="center",
        width="100%",
    )


def _table(headers: tuple[str, ...], rows: rx.Var, row, empty_key: str) -> rx.Component:  # type: ignore[no-untyped-def]
    return rx.cond(
        rows.length() > 0,
        rx.card(
            rx.table.root(
                rx.table.header(
                    rx.table.row(*(rx.table.column_header_cell(T[key]) for key in headers))
                ),
                rx.table.body(rx.foreach(rows, row)),
                variant="ghost",
                size="3",
                width="100%",
            ),
            width="100%",
        ),
        rx.callout(T[empty_key], icon="info", width="100%"),
    )


def _contract_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.link(row["number"], href=row["href"], weight="medium"), white_space="nowrap"
        ),
        rx.table.cell(row["product"]),
        rx.table.cell(row["line_of_business"]),
        rx.table.cell(row["customer"]),
        rx.table.cell(rx.badge(T["grid.value.status." + row["status"]], variant="soft")),
        rx.table.cell(row["start"]),
        rx.table.cell(row["end"]),
        rx.table.cell(row["monthly_price"], text_align="right"),
        data_testid="contract-row",
    )


def contracts_page() -> rx.Component:
    state = CustomerContractsState
    return app_shell(
        rx.vstack(
            _heading(T["cp.contracts.title"]),
            customer_switcher(state.choose_customer),
            _table(
                (
                    "cp.col.number",
                    "cp.col.product",
                    "cp.col.line_of_business",
                    "cp.col.customer",
                    "cp.col.status",
                    "cp.col.start",
                    "cp.col.end",
                    "cp.col.monthly_price",
                ),
                state.rows,
                _contract_row,
                "cp.contracts.empty",
            ),
            _pager(state),
            spacing="5",
            width="100%",
        )
    )


def _download(href: rx.Var) -> rx.Component:
    # A real request to the authenticated route, not a client-side route change.
    return rx.cond(
        href != "",
        rx.link(
            rx.button(rx.icon("download", size=16), T["cp.download"], variant="soft"),
            href=href,
            reload_document=True,
            data_testid="document-download",
        ),
        rx.text(T["cp.no_file"], color_scheme="gray"),
    )


def _document_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.text(row["title"], weight="medium")),
        rx.table.cell(row["customer"]),
        rx.table.cell(row["contract"], white_space="nowrap"),
        rx.table.cell(row["keywords"]),
        rx.table.cell(T["cp.direction." + row["direction"]]),
        rx.table.cell(row["date"], white_space="nowrap"),
        rx.table.cell(row["size"]),
        rx.table.cell(_download(row["href"])),
        data_testid="document-row",
    )


_DOCUMENT_HEADERS = (
    "cp.col.title",
    "cp.col.customer",
    "cp.col.contract",
    "cp.col.keywords",
    "cp.col.direction",
    "cp.col.date",
    "cp.col.size",
    "cp.download",
)


def _keyword_filter() -> rx.Component:
    state = CustomerDocumentsState
    return rx.hstack(
        field_label(T["cp.documents.keyword"], "keyword-filter"),
        rx.select.root(
            rx.select.trigger(id="keyword-filter", min_width="220px"),
            rx.select.content(
                rx.select.item(T["cp.documents.all_keywords"], value=ALL),
                rx.foreach(state.keywords, lambda k: rx.select.item(k, value=k)),
            ),
            value=state.keyword,
            on_change=state.choose_keyword,
            size="3",
        ),
        align="center",
        spacing="3",
    )


def documents_page() -> rx.Component:
    state = CustomerDocumentsState
    return app_shell(
        rx.vstack(
            _heading(T["cp.documents.title"]),
            rx.hstack(
                customer_switcher(state.choose_customer),
                _keyword_filter(),
                spacing="6",
                wrap="wrap",
            ),
            _table(_DOCUMENT_HEADERS, state.rows, _document_row, "cp.documents.empty"),
            _pager(state),
            spacing="5",
            width="100%",
        )
    )


# --------------------------------------------------------------------------- contract detail


def contract_detail_page() -> rx.Component:
    state = CustomerContractDetailState
    content = rx.vstack(
        rx.link(
            rx.hstack(rx.icon("arrow-left", size=16), T["cp.back.contracts"], spacing="1"),
            href=CONTRACTS_PATH,
            underline="none",
        ),
        _heading(
            state.product,
            rx.badge(T["grid.value.status." + state.contract_status], size="2", variant="soft"),
            rx.text(state.number, color_scheme="gray", size="4"),
        ),
        rx.card(
            rx.vstack(
                rx.heading(T["cp.contract.data"], size="4"),
                rx.data_list.root(
                    rx.foreach(
                        state.facts,
                        lambda fact: rx.data_list.item(
                            rx.data_list.label(T[fact["label_key"]], min_width="200px"),
                            rx.data_list.value(fact["value"]),
                        ),
                    ),
                    rx.cond(
                        state.reference_address != "",
                        rx.data_list.item(
                            rx.data_list.label(
                                T["cp.contract.reference_address"], min_width="200px"
                            ),
                            rx.data_list.value(state.reference_address, id="reference-address"),
                        ),
                    ),
                    size="3",
                ),
                spacing="3",
            ),
            padding="var(--space-5)",
            width="100%",
        ),
        rx.heading(T["cp.contract.documents"], size="5"),
        _table(_DOCUMENT_HEADERS, state.documents, _document_row, "cp.documents.empty"),
        spacing="5",
        width="100%",
    )
    return rx.cond(
        state.status == NOT_FOUND,
        message_page(T["page.404.title"], T["page.404.text"]),
        app_shell(
            rx.cond(
                state.status == FOUND,
                content,
                rx.center(rx.spinner(size="3"), padding="var(--space-9)"),
            )
        ),
    )
