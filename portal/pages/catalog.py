"""Staff pages of the catalog (issue 5): articles, the import with its preview, customers'
printers. Layout only; the states hold the data, the services decide.

Uploads (article pictures, import files) are native multipart forms to the routes of
`portal/api/catalog_routes.py`, which answer with a redirect back to these pages.
"""

from __future__ import annotations

import reflex as rx

from portal.api.catalog_routes import IMPORT_PATH, IMPORT_ROUTE
from portal.components.file_input import file_input
from portal.components.forms import field_label, post_form
from portal.components.page import callout, page_title, table
from portal.components.shell import T, app_shell
from portal.state.catalog import CatalogImportState, CatalogState, InventoryState

CATALOG_PATH = "/staff/catalog"
INVENTORY_PATH = "/staff/inventory"
_IMAGE_ACCEPT = "image/png,image/jpeg,image/webp,.png,.jpg,.jpeg,.webp"
_IMPORT_ACCEPT = (
    ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)


def _field(
    state: type[rx.State],
    name: str,
    label: str,
    *,
    multiline: bool = False,
    datalist: str | None = None,
) -> rx.Component:
    """A labelled input showing the state's value of the form and its error underneath."""
    element_id = f"field-{name}"
    common = {
        "name": name,
        "id": element_id,
        "default_value": state.form[name],  # type: ignore[attr-defined]
        "width": "100%",
    }
    control = (
        rx.text_area(rows="3", **common)
        if multiline
        else rx.input(**common, custom_attrs={"list": datalist} if datalist else {})
    )
    error = state.form_errors[name]  # type: ignore[attr-defined]
    return rx.vstack(
        field_label(T[label], element_id),
        control,
        rx.cond(error, rx.text(error, color_scheme="red", size="1", id=f"error-{name}")),
        spacing="1",
        width="100%",
    )


def _save_close(save_id: str, close: rx.EventHandler) -> rx.Component:
    return rx.hstack(
        rx.button(T["catalog.save"], type="submit", id=save_id),
        rx.button(
            T["catalog.close"], type="button", variant="soft", color_scheme="gray", on_click=close
        ),
        spacing="3",
    )


# --------------------------------------------------------------------------- articles


def _filter_bar() -> rx.Component:
    state = CatalogState
    return rx.form(
        rx.hstack(
            rx.input(
                name="search",
                id="catalog-search",
                placeholder=T["catalog.search"],
                default_value=state.search,
                aria_label=T["catalog.search"],
                width="27em",
                max_width="100%",
            ),
            rx.select.root(
                rx.select.trigger(aria_label=T["catalog.col.category"]),
                rx.select.content(
                    rx.select.item(T["catalog.filter.all_categories"], value="all"),
                    rx.foreach(state.categories, lambda c: rx.select.item(c, value=c)),
                ),
                name="category",
                default_value="all",
            ),
            rx.select.root(
                rx.select.trigger(aria_label=T["catalog.filter.status"]),
                rx.select.content(
                    *(
                        rx.select.item(T[f"catalog.filter.{value}"], value=value)
                        for value in ("all", "active", "inactive", "shop", "not_shop")
                    )
                ),
                name="status",
                default_value="all",
            ),
            rx.button(T["catalog.filter.apply"], type="submit", id="catalog-filter"),
            spacing="3",
            wrap="wrap",
            align="center",
        ),
        on_submit=CatalogState.apply_filter,
        reset_on_submit=False,
    )


def _flag(value: rx.Var, yes: str, no: str) -> rx.Component:
    return rx.cond(
        value != "",
        rx.badge(T[yes], color_scheme="green", variant="soft"),
        rx.badge(T[no], color_scheme="gray", variant="soft"),
    )


def _item_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row["number"], white_space="nowrap"),
        rx.table.cell(row["name"]),
        rx.table.cell(row["category"]),
        rx.table.cell(rx.text(row["price"], white_space="nowrap"), text_align="right"),
        rx.table.cell(row["tax"]),
        rx.table.cell(row["stock"]),
        rx.table.cell(
            rx.hstack(
                _flag(row["in_shop"], "catalog.flag.in_shop", "catalog.flag.not_in_shop"),
                _flag(row["active"], "catalog.flag.active", "catalog.flag.inactive"),
                spacing="1",
                wrap="wrap",
            )
        ),
        rx.table.cell(
            rx.vstack(
                rx.button(
                    T["catalog.edit"],
                    on_click=CatalogState.edit_item(row["id"]),
                    size="1",
                    variant="soft",
                ),
                rx.cond(
                    row["active"] != "",
                    rx.button(
                        T["catalog.deactivate"],
                        on_click=CatalogState.set_active(row["id"], False),
                        size="1",
                        variant="soft",
                        color_scheme="red",
                    ),
                    rx.button(
                        T["catalog.reactivate"],
                        on_click=CatalogState.set_active(row["id"], True),
                        size="1",
                        variant="soft",
                        color_scheme="green",
                    ),
                ),
                spacing="1",
                align="start",
            )
        ),
        data_testid="catalog-row",
        data_article=row["number"],
    )


def _image_form() -> rx.Component:
    state = CatalogState
    return rx.vstack(
        rx.text(T["catalog.image"], size="2", weight="medium"),
        rx.cond(
            state.image_url != "",
            rx.image(src=state.image_url, alt=T["catalog.image"], max_height="8em"),
            rx.text(T["catalog.image.none"], size="1", color_scheme="gray"),
        ),
        post_form(
            rx.hstack(
                file_input("image-file", _IMAGE_ACCEPT, T["catalog.image.choose"]),
                rx.button(T["catalog.image.upload"], type="submit", size="1", variant="soft"),
                spacing="2",
                align="center",
            ),
            action=state.upload_url,
            enc_type="multipart/form-data",
        ),
        rx.text(T["catalog.image.hint"], size="1", color_scheme="gray"),
        spacing="2",
        width="100%",
    )


def _item_form() -> rx.Component:
    state = CatalogState
    return rx.card(
        rx.vstack(
            rx.heading(
                rx.cond(state.editing_id == "new", T["catalog.new"], T["catalog.edit_title"]),
                size="4",
            ),
            rx.form(
                rx.vstack(
                    rx.grid(
                        _field(state, "article_number", "catalog.col.number"),
                        _field(state, "name", "catalog.col.name"),
                        _field(state, "category", "catalog.col.category"),
                        _field(state, "unit", "catalog.col.unit"),
                        _field(state, "price", "catalog.col.price"),
                        _field(state, "tax_rate", "catalog.col.tax"),
                        _field(state, "stock_hint", "catalog.col.stock"),
                        columns=rx.breakpoints(initial="1", md="2"),
                        spacing="3",
                        width="100%",
                    ),
                    _field(state, "description", "catalog.col.description", multiline=True),
                    _field(state, "compatible", "catalog.compatible", multiline=True),
                    rx.text(T["catalog.compatible.hint"], size="1", color_scheme="gray"),
                    rx.hstack(
                        rx.checkbox(
                            T["catalog.flag.in_shop"],
                            checked=state.form_in_shop,
                            on_change=CatalogState.set_in_shop,
                        ),
                    ),
                    _save_close("catalog-save", CatalogState.close_form),
                    spacing="3",
                    width="100%",
                ),
                on_submit=CatalogState.save,
                reset_on_submit=False,
                key=state.form_key,
                id="catalog-form",
            ),
            rx.cond(state.editing_id != "new", _image_form()),
            spacing="4",
            width="100%",
        ),
        width="100%",
    )


def catalog_page() -> rx.Component:
    state = CatalogState
    return app_shell(
        rx.vstack(
            rx.hstack(
                page_title(T["catalog.title"]),
                rx.spacer(),
                rx.button(T["catalog.new"], on_click=CatalogState.new_item, id="catalog-new"),
                rx.link(rx.button(T["catalog.import.title"], variant="soft"), href=IMPORT_PATH),
                width="100%",
                align="center",
                spacing="3",
            ),
            callout(state.notice, "green", "catalog-notice"),
            callout(state.error, "red", "catalog-error"),
            rx.cond(state.editing_id != "", _item_form()),
            _filter_bar(),
            rx.cond(
                state.rows.length() > 0,
                table(
                    (
                        "catalog.head.number",
                        "catalog.col.name",
                        "catalog.col.category",
                        "catalog.head.price",
                        "catalog.head.tax",
                        "catalog.head.stock",
                        "catalog.col.flags",
                        "catalog.col.actions",
                    ),
                    state.rows,
                    _item_row,
                    id="catalog-table",
                ),
                rx.text(T["catalog.empty"], color_scheme="gray"),
            ),
            spacing="5",
            width="100%",
        ),
        wide=True,
    )


# --------------------------------------------------------------------------- import


def _preview_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["row"]),
        rx.table.cell(row["number"]),
        rx.table.cell(row["name"]),
        rx.table.cell(
            rx.badge(
                row["action_label"],
                color_scheme=rx.match(row["action"], ("new", "green"), ("update", "blue"), "red"),
                variant="soft",
            )
        ),
        rx.table.cell(rx.text(row["errors"], color_scheme="red", size="2")),
        data_testid="import-row",
        data_action=row["action"],
    )


def catalog_import_page() -> rx.Component:
    state = CatalogImportState
    return app_shell(
        rx.vstack(
            page_title(T["catalog.import.title"]),
            rx.text(state.intro, color_scheme="gray"),
            rx.link(T["catalog.back"], href=CATALOG_PATH),
            callout(state.notice, "green", "import-notice"),
            callout(state.error, "red", "import-error"),
            post_form(
                rx.hstack(
                    file_input("import-file", _IMPORT_ACCEPT, T["catalog.import.choose"]),
                    rx.button(T["catalog.import.upload"], type="submit", id="import-upload"),
                    spacing="3",
                    align="center",
                ),
                action=IMPORT_ROUTE,
                enc_type="multipart/form-data",
            ),
            rx.cond(
                state.rows.length() > 0,
                rx.vstack(
                    rx.heading(T["catalog.import.preview"], size="4"),
                    rx.text(state.summary, id="import-summary"),
                    rx.cond(state.ignored != "", rx.text(state.ignored, color_scheme="gray")),
                    table(
                        (
                            "catalog.import.col.row",
                            "catalog.col.number",
                            "catalog.col.name",
                            "catalog.import.col.action",
                            "catalog.import.col.errors",
                        ),
                        state.rows,
                        _preview_row,
                        id="import-preview",
                    ),
                    rx.button(
                        T["catalog.import.apply"],
                        on_click=CatalogImportState.apply,
                        disabled=~state.can_import,
                        id="import-apply",
                    ),
                    rx.cond(
                        state.error_count > 0,
                        rx.text(T["catalog.import.fix_first"], color_scheme="red", size="2"),
                    ),
                    spacing="3",
                    width="100%",
                ),
            ),
            spacing="5",
            width="100%",
        ),
        wide=True,
    )


# --------------------------------------------------------------------------- inventory


def _customer_choice(row: rx.Var) -> rx.Component:
    return rx.button(
        row["label"],
        " · ",
        row["city"],
        on_click=InventoryState.pick(row["id"]),
        variant="soft",
        size="2",
        data_testid="inventory-customer",
    )


def _printer_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row["model"]),
        rx.table.cell(row["serial_number"]),
        rx.table.cell(row["location"]),
        rx.table.cell(
            rx.vstack(
                rx.button(
                    T["catalog.edit"],
                    on_click=InventoryState.edit_printer(row["id"]),
                    size="1",
                    variant="soft",
                ),
                rx.button(
                    T["inventory.remove"],
                    on_click=InventoryState.remove(row["id"]),
                    size="1",
                    variant="soft",
                    color_scheme="red",
                ),
                spacing="2",
            )
        ),
        data_testid="printer-row",
    )


def _printer_form() -> rx.Component:
    state = InventoryState
    return rx.card(
        rx.form(
            rx.vstack(
                rx.el.datalist(
                    rx.foreach(state.models, lambda m: rx.el.option(value=m)),
                    id="printer-models",
                ),
                rx.grid(
                    _field(state, "model", "inventory.col.model", datalist="printer-models"),
                    _field(state, "serial_number", "inventory.col.serial"),
                    _field(state, "location", "inventory.col.location"),
                    columns=rx.breakpoints(initial="1", md="3"),
                    spacing="3",
                    width="100%",
                ),
                _save_close("printer-save", InventoryState.close_form),
                spacing="3",
                width="100%",
            ),
            on_submit=InventoryState.save,
            reset_on_submit=False,
            key=state.form_key,
            id="printer-form",
        ),
        width="100%",
    )


def inventory_page() -> rx.Component:
    state = InventoryState
    return app_shell(
        rx.vstack(
            page_title(T["inventory.title"]),
            rx.text(T["inventory.intro"], color_scheme="gray"),
            callout(state.notice, "green", "inventory-notice"),
            callout(state.error, "red", "inventory-error"),
            rx.form(
                rx.hstack(
                    rx.input(
                        name="search",
                        id="inventory-search",
                        placeholder=T["inventory.search"],
                        aria_label=T["inventory.search"],
                        default_value=state.search,
                        width="18em",
                    ),
                    rx.button(T["inventory.find"], type="submit"),
                    spacing="3",
                ),
                on_submit=InventoryState.find_customers,
                reset_on_submit=False,
            ),
            rx.hstack(rx.foreach(state.customers, _customer_choice), spacing="2", wrap="wrap"),
            rx.cond(
                (state.customers.length() == 0) & (state.customer_id == ""),
                rx.text(T["customer_search.hint"], color_scheme="gray", id="inventory-hint"),
            ),
            rx.cond(
                state.customer_id != "",
                rx.vstack(
                    rx.hstack(
                        rx.heading(state.customer_label, size="5", id="inventory-customer"),
                        rx.spacer(),
                        rx.button(
                            T["inventory.add"],
                            on_click=InventoryState.new_printer,
                            id="printer-new",
                        ),
                        width="100%",
                        align="center",
                    ),
                    rx.cond(state.editing_id != "", _printer_form()),
                    rx.cond(
                        state.printers.length() > 0,
                        table(
                            (
                                "inventory.col.model",
                                "inventory.col.serial",
                                "inventory.col.location",
                                "catalog.col.actions",
                            ),
                            state.printers,
                            _printer_row,
                            id="printer-table",
                        ),
                        rx.text(T["inventory.empty"], color_scheme="gray"),
                    ),
                    spacing="4",
                    width="100%",
                ),
            ),
            spacing="5",
            width="100%",
        ),
        wide=True,
    )
