"""A complete data grid for any `GridMixin` state: toolbar (search, locations, alarm, filters,
columns, reset, export), filter chips, the AG Grid table, the pager and the export progress."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal.components.ag_grid import ag_grid
from portal.components.shell import T
from portal.services.grid_views import PAGE_SIZES, field_name
from portal.services.grids import MAX_SEARCH_LENGTH


def _search(state: Any) -> rx.Component:
    return rx.input(
        rx.input.slot(rx.icon("search", size=16)),
        placeholder=T["grid.search"],
        value=state.search,
        on_change=state.set_search.debounce(400),
        # One character more than allowed, so an over-long term gets the server's message.
        max_length=MAX_SEARCH_LENGTH + 1,
        width="18rem",
        id="grid-search",
        aria_label=T["grid.search"],
    )


def _locations(state: Any) -> rx.Component:
    return rx.cond(
        state.locations.length() > 1,
        rx.hstack(
            rx.text(T["grid.locations"], ":", weight="medium", size="2"),
            rx.foreach(
                state.locations,
                lambda location: rx.checkbox(
                    location["name"],
                    checked=location["checked"].to(bool),
                    on_change=lambda checked: state.toggle_location(
                        location["id"].to(int), checked
                    ),
                    size="2",
                ),
            ),
            spacing="3",
            align="center",
            id="grid-locations",
        ),
    )


def _alarm(state: Any) -> rx.Component:
    return rx.cond(
        state.has_alarm,
        rx.tooltip(
            rx.button(
                rx.icon("bell-ring", size=16),
                state.alarm_label,
                variant=rx.cond(state.alarm, "solid", "soft"),
                color_scheme="red",
                on_click=state.toggle_alarm,
                id="grid-alarm",
                aria_pressed=state.alarm,
            ),
            content=T["grid.alarm_hint"],
        ),
    )


def _column_chooser(state: Any) -> rx.Component:
    return rx.popover.root(
        rx.popover.trigger(
            rx.button(
                rx.icon("columns-3", size=16), T["grid.columns"], variant="soft", id="grid-columns"
            )
        ),
        rx.popover.content(
            rx.text(T["grid.columns_hint"], size="1", color_scheme="gray"),
            rx.vstack(
                rx.foreach(
                    state.column_choices,
                    lambda choice: rx.checkbox(
                        choice["label"],
                        checked=choice["visible"].to(bool),
                        on_change=lambda checked: state.toggle_column(
                            choice["key"].to(str), checked
                        ),
                        data_column=choice["key"],
                    ),
                ),
                spacing="2",
                margin_top="var(--space-2)",
            ),
            max_width="20rem",
        ),
    )


def _filter_input(state: Any, item: Any) -> rx.Component:
    key = item.key
    return rx.match(
        item.kind,
        (
            "text",
            rx.input(
                name=field_name_var(key, "text"),
                default_value=item.text,
                placeholder=T["grid.filter_contains"],
                max_length=100,
            ),
        ),
        (
            "set",
            rx.flex(
                rx.foreach(
                    item.options,
                    lambda option: rx.checkbox(
                        option.label, name=option.name, default_checked=option.checked
                    ),
                ),
                wrap="wrap",
                spacing="3",
            ),
        ),
        (
            "date_range",
            rx.hstack(
                rx.input(
                    type="date",
                    name=field_name_var(key, "from"),
                    default_value=item.low,
                    aria_label=T["grid.filter_from"],
                ),
                rx.text("–"),
                rx.input(
                    type="date",
                    name=field_name_var(key, "to"),
                    default_value=item.high,
                    aria_label=T["grid.filter_to"],
                ),
                align="center",
            ),
        ),
        (
            "number_range",
            rx.hstack(
                rx.input(
                    name=field_name_var(key, "from"),
                    default_value=item.low,
                    placeholder=T["grid.filter_from"],
                    input_mode="decimal",
                    width="8rem",
                ),
                rx.text("–"),
                rx.input(
                    name=field_name_var(key, "to"),
                    default_value=item.high,
                    placeholder=T["grid.filter_to"],
                    input_mode="decimal",
                    width="8rem",
                ),
                align="center",
            ),
        ),
        (
            "bool",
            rx.el.select(
                rx.el.option(T["grid.filter_any"], value=""),
                rx.el.option(T["grid.value.yes"], value="true"),
                rx.el.option(T["grid.value.no"], value="false"),
                name=field_name_var(key, "bool"),
                default_value=item.flag,
                class_name="portal-select",
            ),
        ),
        rx.fragment(),
    )


def field_name_var(key: rx.Var, part: str) -> rx.Var:
    """`grid_views.field_name` on the browser side, for a column key held in a var."""
    prefix, suffix = field_name("KEY", part).split("KEY")
    return prefix + key.to(str) + suffix


def _filters(state: Any) -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.button(
                rx.icon("filter", size=16), T["grid.filters"], variant="soft", id="grid-filters"
            )
        ),
        rx.dialog.content(
            rx.dialog.title(T["grid.filters"]),
            rx.form(
                rx.vstack(
                    rx.foreach(
                        state.filter_fields,
                        lambda item: rx.box(
                            rx.text(item.label, weight="medium", size="2"),
                            _filter_input(state, item),
                            width="100%",
                            data_filter=item.key,
                        ),
                    ),
                    rx.cond(
                        state.error != "",
                        rx.callout(
                            state.error, color_scheme="red", icon="triangle-alert", width="100%"
                        ),
                    ),
                    rx.hstack(
                        rx.button(
                            T["grid.filters_clear"],
                            type="button",
                            variant="soft",
                            color_scheme="gray",
                            on_click=state.clear_filters,
                        ),
                        rx.button(T["grid.filters_apply"], type="submit", id="grid-filters-apply"),
                        justify="end",
                        width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=state.apply_filters,
            ),
            max_width="40rem",
        ),
        open=state.filters_open,
        on_open_change=state.set_filters_open,
    )


def _chips(state: Any) -> rx.Component:
    return rx.flex(
        rx.foreach(
            state.active_filters,
            lambda chip: rx.badge(
                chip["text"],
                rx.icon(
                    "x",
                    size=12,
                    cursor="pointer",
                    on_click=state.remove_filter(chip["key"].to(str)),
                ),
                size="2",
                variant="soft",
                data_chip=chip["key"],
            ),
        ),
        wrap="wrap",
        spacing="2",
    )


def _pager(state: Any) -> rx.Component:
    return rx.hstack(
        rx.text(state.range_text, size="2", id="grid-range"),
        rx.spacer(),
        rx.text(T["grid.page_size"], size="2"),
        rx.select(
            [str(size) for size in PAGE_SIZES],
            value=state.page_size.to_string(),
            on_change=state.set_page_size,
            size="1",
            id="grid-page-size",
        ),
        rx.button(
            rx.icon("chevron-left", size=16),
            T["grid.previous"],
            variant="soft",
            size="1",
            disabled=~state.has_previous,
            on_click=state.previous_page,
            id="grid-previous",
        ),
        rx.button(
            T["grid.next"],
            rx.icon("chevron-right", size=16),
            variant="soft",
            size="1",
            disabled=~state.has_next,
            on_click=state.next_page,
            id="grid-next",
        ),
        align="center",
        width="100%",
    )


def _export(state: Any) -> rx.Component:
    return rx.vstack(
        rx.cond(
            state.export_running,
            rx.vstack(
                rx.progress(value=state.export_percent, max=100, width="20rem"),
                rx.text(state.export_progress_text, size="1", color_scheme="gray"),
                id="grid-export-progress",
            ),
        ),
        rx.cond(
            state.export_message != "",
            rx.hstack(
                rx.text(state.export_message, size="2", id="grid-export-message"),
                rx.cond(
                    state.export_url != "",
                    rx.link(
                        T["grid.export_download"],
                        href=state.export_url,
                        is_external=False,
                        id="grid-export-link",
                    ),
                ),
            ),
        ),
        align="end",
    )


# AG Grid's checkbox column; a click on a checkbox selects and does not open the row.
_ROW_SELECTION = {"mode": "multiRow", "checkboxes": True, "headerCheckbox": True}


def data_grid(state: Any, *, selectable: bool = False) -> rx.Component:
    """`selectable` adds row checkboxes whose ids land in the state's `selected_ids`."""
    selection: dict[str, Any] = (
        {"row_selection": _ROW_SELECTION, "on_selection_changed": state.select_rows}
        if selectable
        else {}
    )
    toolbar = rx.flex(
        _search(state),
        _alarm(state),
        _filters(state),
        _column_chooser(state),
        rx.button(
            rx.icon("rotate-ccw", size=16),
            T["grid.reset_view"],
            variant="ghost",
            on_click=state.reset_view,
            id="grid-reset",
        ),
        rx.spacer(),
        rx.cond(
            state.can_export,
            rx.button(
                rx.icon("file-spreadsheet", size=16),
                T["grid.export"],
                on_click=state.start_export,
                loading=state.export_running,
                color_scheme="green",
                id="grid-export",
            ),
        ),
        wrap="wrap",
        spacing="3",
        align="center",
        width="100%",
    )
    return rx.vstack(
        toolbar,
        _locations(state),
        _export(state),
        _chips(state),
        rx.cond(
            state.error != "",
            rx.callout(state.error, color_scheme="red", icon="triangle-alert", id="grid-error"),
        ),
        rx.box(
            ag_grid(
                row_data=state.rows,
                column_defs=state.column_defs,
                overlay_no_rows_template=T["grid.no_rows"],
                on_sort_changed=state.columns_changed,
                on_drag_stopped=state.columns_changed,
                on_row_clicked=state.open_row,
                loading=~state.loaded,
                **selection,
            ),
            width="100%",
            id="grid",
            class_name="portal-grid",
            data_revision=state.revision,
        ),
        _pager(state),
        spacing="3",
        width="100%",
    )
