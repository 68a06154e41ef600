"""Customer shop pages: online shop, article, printer shop, cart with checkout, shop orders.

Prices are whatever text the state holds; with prices hidden the state holds none, so these
pages only decide whether to show a price column at all.
"""

from __future__ import annotations

import reflex as rx

from portal.components.forms import field_label
from portal.components.page import callout, card, page_title, record_page, sum_row, table
from portal.components.shell import T, app_shell
from portal.services.shop import CART_PATH, MAX_QUANTITY, ORDERS_PATH, SHOP_PATH
from portal.state.shop import (
    ALL_CATEGORIES,
    ArticleState,
    CartState,
    PrintersState,
    ShopBaseState,
    ShopOrderDetailState,
    ShopOrdersState,
    ShopState,
)


def _messages(notice: rx.Component | None = None) -> rx.Component:
    """The notice (a page may give its own, e.g. with a link) and the error."""
    return rx.fragment(
        callout(ShopBaseState.notice, "green", "shop-notice") if notice is None else notice,
        callout(ShopBaseState.error, "red", "shop-error"),
    )


def _header(title_key: str, *, here: str = "") -> rx.Component:
    """Title, the link to the shop orders and the cart button; `here` (ORDERS_PATH or
    CART_PATH) leaves out the one pointing at the page itself."""
    orders = rx.link(T["shop.nav.orders"], href=ORDERS_PATH, id="shop-orders-link")
    cart = rx.link(
        rx.button(
            rx.icon("shopping-cart", size=16),
            T["shop.nav.cart"],
            rx.badge(ShopBaseState.cart_count, variant="solid", id="cart-count"),
            variant="soft",
        ),
        href=CART_PATH,
    )
    return rx.hstack(
        page_title(T[title_key]),
        rx.spacer(),
        *(link for path, link in ((ORDERS_PATH, orders), (CART_PATH, cart)) if path != here),
        align="center",
        spacing="4",
        width="100%",
    )


def _page(
    title_key: str,
    *content: rx.Component,
    notice: rx.Component | None = None,
    here: str = "",
) -> rx.Component:
    return app_shell(
        rx.vstack(
            _header(title_key, here=here), _messages(notice), *content, spacing="5", width="100%"
        )
    )


def _image(article: rx.Var, size: str) -> rx.Component:
    return rx.cond(
        article["image"] != "",
        rx.image(src=article["image"], alt=article["name"], height=size, object_fit="contain"),
        rx.center(rx.icon("package", size=48, color="var(--gray-8)"), height=size),
    )


def _price(article: rx.Var) -> rx.Component:
    return rx.cond(
        article["price"] != "",
        rx.hstack(
            rx.text(article["price"], weight="bold", data_testid="article-price"),
            rx.text(T["shop.plus_vat"], size="1", color_scheme="gray"),
            spacing="2",
            align="baseline",
        ),
        rx.text(T["shop.price_on_request"], color_scheme="gray", size="2"),
    )


def _add_form(article: rx.Var, test_id: rx.Var | str) -> rx.Component:
    """Quantity and "add to cart"; the printer (if any) and article travel as ids only."""
    return rx.form(
        rx.hstack(
            rx.el.input(type="hidden", name="item", value=article["id"]),
            rx.el.input(type="hidden", name="printer", value=article["printer"]),
            rx.input(
                name="quantity",
                type="number",
                default_value="1",
                min=1,
                max=MAX_QUANTITY,
                width="80px",
                min_width="80px",
                flex_shrink="0",
                aria_label=T["shop.quantity"],
            ),
            rx.button(rx.icon("shopping-cart", size=16), T["shop.add_to_cart"], type="submit"),
            spacing="2",
            align="center",
        ),
        on_submit=ShopBaseState.add_to_cart,
        reset_on_submit=False,
        data_testid=test_id,
    )


# --------------------------------------------------------------------------- online shop


def _tile(article: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.link(_image(article, "120px"), href=article["href"], width="100%"),
            rx.link(rx.text(article["name"], weight="medium"), href=article["href"]),
            rx.text(article["number"], size="1", color_scheme="gray"),
            _price(article),
            _add_form(article, "shop-add-" + article["id"]),
            spacing="2",
            width="100%",
        ),
        data_testid="shop-tile",
    )


def _category_select() -> rx.Component:
    return rx.select.root(
        rx.select.trigger(placeholder=T["shop.category"], id="shop-category"),
        rx.select.content(
            rx.select.item(T["shop.category.all"], value=ALL_CATEGORIES),
            rx.foreach(ShopState.categories, lambda c: rx.select.item(c, value=c)),
        ),
        value=ShopState.category,
        on_change=ShopState.set_category,
    )


def shop_page() -> rx.Component:
    return _page(
        "shop.title",
        rx.text(T["shop.intro"], color_scheme="gray"),
        rx.hstack(
            rx.form(
                rx.hstack(
                    rx.input(
                        name="q",
                        default_value=ShopState.search_text,
                        placeholder=T["shop.search"],
                        id="shop-search",
                        width="320px",
                    ),
                    rx.button(rx.icon("search", size=16), type="submit", aria_label="search"),
                    spacing="2",
                ),
                on_submit=ShopState.search,
                reset_on_submit=False,
            ),
            _category_select(),
            spacing="4",
            wrap="wrap",
        ),
        rx.cond(
            ShopState.articles.length() > 0,
            rx.grid(
                rx.foreach(ShopState.articles, _tile),
                columns=rx.breakpoints(initial="1", sm="2", md="3", lg="4"),
                spacing="4",
                width="100%",
            ),
            rx.text(T["shop.empty"], color_scheme="gray"),
        ),
    )


def article_page() -> rx.Component:
    article = ArticleState.article
    return record_page(
        ArticleState.status,
        _header("shop.title"),
        _messages(),
        rx.link(T["shop.back_to_shop"], href=SHOP_PATH, size="2"),
        card(
            rx.flex(
                rx.box(_image(article, "240px"), width=["100%", "320px"]),
                rx.vstack(
                    rx.heading(article["name"], size="6", id="article-name"),
                    rx.data_list.root(
                        rx.data_list.item(
                            rx.data_list.label(T["shop.article_number"]),
                            rx.data_list.value(article["number"]),
                        ),
                        rx.data_list.item(
                            rx.data_list.label(T["shop.category"]),
                            rx.data_list.value(article["category"]),
                        ),
                        rx.data_list.item(
                            rx.data_list.label(T["shop.stock"]),
                            rx.data_list.value(article["stock"]),
                        ),
                    ),
                    rx.text(article["description"], white_space="pre-wrap"),
                    _price(article),
                    _add_form(article, "article-add"),
                    spacing="3",
                ),
                spacing="5",
                direction=rx.breakpoints(initial="column", md="row"),
            )
        ),
    )


# --------------------------------------------------------------------------- printer shop


def _accessory(article: rx.Var) -> rx.Component:
    return rx.hstack(
        _image(article, "48px"),
        rx.vstack(
            rx.link(article["name"], href=article["href"]),
            rx.text(article["number"], size="1", color_scheme="gray"),
            spacing="0",
        ),
        rx.spacer(),
        _price(article),
        _add_form(article, "printer-add-" + article["printer"] + "-" + article["id"]),
        align="center",
        spacing="3",
        width="100%",
        wrap="wrap",
    )


def _printer_card(printer: rx.Var) -> rx.Component:
    return card(
        rx.hstack(
            rx.icon("printer", size=24),
            rx.heading(printer["model"], size="4"),
            align="center",
            spacing="2",
        ),
        rx.text(
            T["shop.printer.serial"],
            ": ",
            printer["serial"],
            " · ",
            T["shop.printer.site"],
            ": ",
            printer["site"],
            size="2",
            color_scheme="gray",
        ),
        rx.cond(
            printer["accessories"].to(list).length() > 0,
            rx.vstack(
                rx.foreach(printer["accessories"].to(list[dict[str, str]]), _accessory),
                spacing="3",
                width="100%",
            ),
            rx.text(T["shop.printers.no_accessories"], color_scheme="gray", size="2"),
        ),
        data_testid="printer-" + printer["id"].to(str),
    )


def printers_page() -> rx.Component:
    return _page(
        "shop.printers.title",
        rx.text(T["shop.printers.intro"], color_scheme="gray"),
        rx.cond(
            PrintersState.printers.length() > 0,
            rx.vstack(rx.foreach(PrintersState.printers, _printer_card), spacing="4", width="100%"),
            rx.text(T["shop.printers.empty"], color_scheme="gray"),
        ),
    )


# --------------------------------------------------------------------------- cart


def _cart_row(line: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.link(line["name"], href=line["href"]),
            rx.text(line["number"], size="1", color_scheme="gray"),
        ),
        rx.table.cell(rx.cond(line["printer"] != "", line["printer"], "–")),
        rx.table.cell(
            rx.form(
                rx.hstack(
                    rx.el.input(type="hidden", name="line", value=line["id"]),
                    rx.input(
                        name="quantity",
                        type="number",
                        default_value=line["quantity"],
                        key=line["id"] + "-" + line["quantity"],
                        min=1,
                        max=MAX_QUANTITY,
                        width="80px",
                        aria_label=T["shop.quantity"],
                    ),
                    rx.button(
                        rx.icon("check", size=14),
                        type="submit",
                        variant="soft",
                        size="1",
                        aria_label=T["shop.cart.update"],
                    ),
                    spacing="1",
                    align="center",
                ),
                on_submit=CartState.set_quantity,
                reset_on_submit=False,
            )
        ),
        rx.cond(CartState.show_prices, rx.table.cell(line["unit_price"], text_align="right")),
        rx.cond(CartState.show_prices, rx.table.cell(line["amount"], text_align="right")),
        rx.table.cell(
            rx.icon_button(
                rx.icon("trash-2", size=14),
                on_click=CartState.remove(line["id"]),
                variant="ghost",
                color_scheme="red",
                aria_label=T["shop.cart.remove"],
            )
        ),
        data_testid="cart-line",
    )


_LINE_HEADERS = ("shop.col.article", "shop.col.printer", "shop.col.quantity")
_PRICE_HEADERS = ("shop.col.unit_price", "shop.col.amount")


def _lines_table(
    show_prices: rx.Var, rows: rx.Var, row, extra: int, **props: object
) -> rx.Component:  # type: ignore[no-untyped-def]
    """Article, printer, quantity, the price columns only when prices are shown, and `extra`
    empty header cells (the cart's remove button)."""

    def header(keys: tuple[str, ...]) -> rx.Component:
        return rx.table.row(
            *(rx.table.column_header_cell(T[key]) for key in keys),
            *(rx.table.column_header_cell("") for _ in range(extra)),
        )

    return rx.table.root(
        rx.table.header(
            rx.cond(show_prices, header(_LINE_HEADERS + _PRICE_HEADERS), header(_LINE_HEADERS))
        ),
        rx.table.body(rx.foreach(rows, row)),
        variant="surface",
        width="100%",
        **props,
    )


def _checkout_form() -> rx.Component:
    return card(
        rx.heading(T["shop.checkout.title"], size="4"),
        rx.cond(~CartState.show_prices, rx.callout(T["shop.cart.quote_hint"], icon="info")),
        field_label(T["shop.checkout.address"], "checkout-address"),
        rx.text_area(
            value=CartState.address,
            on_change=CartState.set_address,
            id="checkout-address",
            rows="4",
            width="100%",
        ),
        field_label(T["shop.checkout.reference"], "checkout-reference"),
        rx.input(
            value=CartState.reference,
            on_change=CartState.set_reference,
            id="checkout-reference",
            max_length=60,
            width="100%",
        ),
        rx.button(
            rx.cond(CartState.show_prices, T["shop.checkout.order"], T["shop.checkout.quote"]),
            on_click=CartState.checkout,
            id="checkout-submit",
            size="3",
        ),
    )


def _cart_notice() -> rx.Component:
    """After checkout the thanks is shown once: as the link to the new order, in the notice."""
    return rx.cond(
        CartState.notice != "",
        rx.callout(
            rx.cond(
                CartState.order_href != "",
                rx.link(CartState.notice, href=CartState.order_href, id="order-link"),
                CartState.notice,
            ),
            color_scheme="green",
            role="alert",
            id="shop-notice",
            width="100%",
        ),
    )


def cart_page() -> rx.Component:
    return _page(
        "shop.cart.title",
        rx.cond(
            CartState.lines.length() > 0,
            rx.vstack(
                _lines_table(CartState.show_prices, CartState.lines, _cart_row, 1, id="cart-table"),
                rx.cond(
                    CartState.sums.length() > 0,
                    rx.vstack(rx.foreach(CartState.sums, sum_row), width="100%", id="cart-sums"),
                ),
                rx.button(
                    T["shop.cart.clear"],
                    on_click=CartState.clear_cart,
                    variant="outline",
                    color_scheme="red",
                ),
                _checkout_form(),
                spacing="4",
                width="100%",
            ),
            rx.vstack(
                rx.text(T["shop.cart.empty"], color_scheme="gray"),
                rx.link(T["shop.back_to_shop"], href=SHOP_PATH, id="cart-back-to-shop"),
                spacing="2",
            ),
        ),
        notice=_cart_notice(),
        here=CART_PATH,
    )


# --------------------------------------------------------------------------- orders


def _order_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.link(row["number"], href=row["href"])),
        rx.table.cell(row["kind"]),
        rx.table.cell(row["date"]),
        rx.table.cell(row["user"]),
        rx.table.cell(row["status"]),
        rx.table.cell(row["total"], text_align="right"),
        data_testid="shop-order-row",
    )


def shop_orders_page() -> rx.Component:
    return _page(
        "shop.orders.title",
        rx.cond(
            ShopOrdersState.rows.length() > 0,
            table(
                (
                    "shop.col.number",
                    "shop.col.kind",
                    "shop.col.date",
                    "shop.col.user",
                    "shop.col.status",
                    "shop.col.total",
                ),
                ShopOrdersState.rows,
                _order_row,
                id="shop-orders",
            ),
            rx.text(T["shop.orders.empty"], color_scheme="gray"),
        ),
        here=ORDERS_PATH,
    )


def _order_line(line: rx.Var) -> rx.Component:
    show = ShopOrderDetailState.show_prices
    return rx.table.row(
        rx.table.cell(
            rx.text(line["name"]), rx.text(line["number"], size="1", color_scheme="gray")
        ),
        rx.table.cell(line["printer"]),
        rx.table.cell(line["quantity"], text_align="right", white_space="nowrap"),
        rx.cond(show, rx.table.cell(line["unit_price"], text_align="right", white_space="nowrap")),
        rx.cond(show, rx.table.cell(line["amount"], text_align="right", white_space="nowrap")),
    )


def shop_order_page() -> rx.Component:
    state = ShopOrderDetailState
    return record_page(
        state.status,
        _header("shop.orders.title"),
        _messages(),
        rx.link(T["shop.orders.back"], href=ORDERS_PATH, size="2"),
        rx.hstack(
            rx.heading(state.order["kind"], " ", state.order["number"], size="6", id="order-title"),
            rx.button(
                rx.icon("repeat", size=16), T["shop.reorder"], on_click=state.reorder, id="reorder"
            ),
            justify="between",
            align="center",
            width="100%",
        ),
        rx.data_list.root(
            rx.data_list.item(
                rx.data_list.label(T["shop.col.date"]), rx.data_list.value(state.order["date"])
            ),
            rx.data_list.item(
                rx.data_list.label(T["shop.col.user"]), rx.data_list.value(state.order["user"])
            ),
            rx.data_list.item(
                rx.data_list.label(T["shop.col.status"]), rx.data_list.value(state.order["status"])
            ),
            rx.data_list.item(
                rx.data_list.label(T["shop.order.reference"]), rx.data_list.value(state.reference)
            ),
            rx.data_list.item(
                rx.data_list.label(T["shop.order.address"]),
                rx.data_list.value(rx.text(state.address, white_space="pre-wrap")),
            ),
        ),
        _lines_table(state.show_prices, state.lines, _order_line, 0, id="order-lines"),
        rx.cond(state.sums.length() > 0, rx.vstack(rx.foreach(state.sums, sum_row), width="100%")),
    )
