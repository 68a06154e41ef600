"""Pages of the staff inbox (Postkorb): the list with filters and row buttons, and one item's
page with the record it refers to. Layout only; the states hold the data, the services decide.

The row buttons' test ids (`inbox-assign-<id>`, `inbox-done-<id>`, `inbox-open-<id>`) are
used by the shop's browser test as well: keep them.
"""

from __future__ import annotations

import reflex as rx

from portal.components.forms import field_label
from portal.components.shell import T, app_shell
from portal.pages.customer_portal import _pager
from portal.pages.partner_detail import _card, _detail_page, _facts
from portal.pages.support import _back, _callout, _file_links, _heading, _message, _table
from portal.services.staff_inbox import INBOX_PATH
from portal.state.inbox import ALL, InboxItemState, InboxListState


def _select(
    label_key: str, select_id: str, value: rx.Var, options: rx.Var, prefix: str, on_change
) -> rx.Component:  # type: ignore[no-untyped-def]
    return rx.vstack(
        field_label(T[label_key], select_id),
        rx.select.root(
            rx.select.trigger(id=select_id, min_width="180px"),
            rx.select.content(
                rx.select.item(T["inbox.all"], value=ALL),
                rx.foreach(options, lambda o: rx.select.item(T[prefix + o], value=o)),
            ),
            value=value,
            on_change=on_change,
        ),
        spacing="1",
    )


def _state_badge(state: rx.Var) -> rx.Component:
    return rx.badge(
        T["inbox.state." + state],
        color_scheme=rx.match(state, ("open", "red"), ("in_progress", "amber"), "green"),
        variant="soft",
        data_testid="inbox-state-badge",
    )


def _kind_badge(kind: rx.Var) -> rx.Component:
    return rx.badge(T["inbox.kind." + kind], variant="outline", data_testid="inbox-kind-badge")


def _switch(label_key: str, switch_id: str, checked: rx.Var, on_change) -> rx.Component:  # type: ignore[no-untyped-def]
    return rx.el.label(
        rx.hstack(
            rx.switch(checked=checked, on_change=on_change, id=switch_id),
            rx.text(T[label_key], size="2"),
            spacing="2",
            align="center",
        ),
        padding_bottom="var(--space-2)",
    )


def _filters() -> rx.Component:
    state = InboxListState
    return rx.hstack(
        _select(
            "inbox.kind", "inbox-kind", state.kind, state.kinds, "inbox.kind.", state.filter_kind
        ),
        _select(
            "inbox.state",
            "inbox-state",
            state.state,
            state.states,
            "inbox.state.",
            state.filter_state,
        ),
        rx.form(
            rx.vstack(
                field_label(T["inbox.search"], "inbox-search"),
                rx.hstack(
                    rx.input(
                        id="inbox-search",
                        name="search",
                        default_value=state.search,
                        placeholder=T["inbox.search_placeholder"],
                        max_length=100,
                        min_width="240px",
                    ),
                    rx.icon_button(
                        rx.icon("search", size=16),
                        type="submit",
                        aria_label=T["inbox.search"],
                        id="inbox-search-submit",
                    ),
                    spacing="2",
                ),
                spacing="1",
            ),
            on_submit=state.apply_search,
            width="auto",
        ),
        _switch("inbox.mine", "inbox-mine", state.mine, state.toggle_mine),
        _switch("inbox.unassigned", "inbox-unassigned", state.unassigned, state.toggle_unassigned),
        spacing="4",
        align="end",
        wrap="wrap",
    )


def _row_actions(row: rx.Var) -> rx.Component:
    act = InboxListState.act
    return rx.hstack(
        rx.link(
            rx.button(T["inbox.open"], size="1", variant="soft"),
            href=row["href"],
            data_testid="inbox-open-" + row["id"],
        ),
        rx.cond(
            row["state"] == "open",
            rx.button(
                T["inbox.assign"],
                size="1",
                on_click=act("assign", row["id"]),
                data_testid="inbox-assign-" + row["id"],
            ),
        ),
        rx.cond(
            row["state"] != "done",
            rx.button(
                T["inbox.done"],
                size="1",
                color_scheme="green",
                on_click=act("done", row["id"]),
                data_testid="inbox-done-" + row["id"],
            ),
            rx.button(
                T["inbox.reopen"],
                size="1",
                variant="outline",
                on_click=act("reopen", row["id"]),
                data_testid="inbox-reopen-" + row["id"],
            ),
        ),
        spacing="2",
    )


def _row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(_kind_badge(row["kind"])),
        rx.table.row_header_cell(rx.link(row["title"], href=row["href"])),
        rx.table.cell(row["created"], white_space="nowrap"),
        rx.table.cell(rx.cond(row["assignee"] != "", row["assignee"], T["inbox.nobody"])),
        rx.table.cell(_state_badge(row["state"])),
        rx.table.cell(_row_actions(row)),
        data_testid="inbox-row",
    )


def inbox_page() -> rx.Component:
    state = InboxListState
    return app_shell(
        rx.vstack(
            _heading("inbox.title"),
            rx.text(T["inbox.intro"], color_scheme="gray"),
            _filters(),
            _callout(state.notice, "green", "inbox-notice"),
            _callout(state.error, "red", "inbox-error"),
            _table(
                (
                    "inbox.kind",
                    "inbox.col.title",
                    "inbox.col.created",
                    "inbox.col.assignee",
                    "inbox.state",
                    "inbox.col.actions",
                ),
                state.rows,
                _row,
                "inbox.empty",
            ),
            _pager(state),
            spacing="4",
            width="100%",
        )
    )


# --------------------------------------------------------------------------- one item


def _item_actions() -> rx.Component:
    state = InboxItemState
    return rx.hstack(
        rx.cond(
            state.state == "open",
            rx.button(T["inbox.assign"], on_click=state.act("assign"), id="item-assign"),
        ),
        rx.cond(
            state.state == "in_progress",
            rx.button(
                T["inbox.unassign"],
                variant="soft",
                on_click=state.act("unassign"),
                id="item-unassign",
            ),
        ),
        rx.cond(
            state.state != "done",
            rx.button(
                T["inbox.done"], color_scheme="green", on_click=state.act("done"), id="item-done"
            ),
            rx.button(
                T["inbox.reopen"], variant="outline", on_click=state.act("reopen"), id="item-reopen"
            ),
        ),
        spacing="2",
    )


def _lines() -> rx.Component:
    return _card(
        "inbox.detail.lines",
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *(
                        rx.table.column_header_cell(T[key])
                        for key in (
                            "inbox.detail.article",
                            "inbox.detail.printer",
                            "inbox.detail.quantity",
                            "inbox.detail.unit_price",
                            "inbox.detail.line_total",
                        )
                    )
                )
            ),
            rx.table.body(
                rx.foreach(
                    InboxItemState.lines,
                    lambda line: rx.table.row(
                        rx.table.cell(line["article"]),
                        rx.table.cell(line["printer"]),
                        rx.table.cell(line["quantity"], white_space="nowrap"),
                        rx.table.cell(line["unit_price"], white_space="nowrap"),
                        rx.table.cell(line["total"], white_space="nowrap"),
                        data_testid="inbox-line",
                    ),
                )
            ),
            variant="surface",
            width="100%",
        ),
    )


def _reply() -> rx.Component:
    state = InboxItemState
    return _card(
        "inbox.detail.reply",
        rx.form(
            rx.vstack(
                rx.text_area(
                    id="inbox-reply",
                    name="body",
                    key=state.reply_key,
                    default_value=state.reply_text,
                    rows="4",
                    width="100%",
                    aria_label=T["inbox.detail.reply"],
                ),
                rx.button(T["inbox.detail.send_reply"], type="submit", id="inbox-reply-send"),
                spacing="2",
                width="100%",
            ),
            on_submit=state.send_reply,
            width="100%",
        ),
    )


def inbox_item_page() -> rx.Component:
    state = InboxItemState
    return _detail_page(
        state.status,
        _back("inbox.back", INBOX_PATH),
        rx.vstack(
            rx.hstack(
                _kind_badge(state.kind),
                _state_badge(state.state),
                rx.text(
                    T["inbox.item.since"].replace("{date}", state.created),
                    color_scheme="gray",
                    size="2",
                ),
                rx.cond(
                    state.assignee != "",
                    rx.text(state.assignee, size="2", id="item-assignee"),
                ),
                spacing="3",
                align="center",
                wrap="wrap",
            ),
            rx.heading(state.title, size="6", id="page-title"),
            spacing="2",
        ),
        _item_actions(),
        _callout(state.notice, "green", "inbox-notice"),
        _callout(state.error, "red", "inbox-error"),
        rx.cond(
            state.link != "",
            rx.link(
                rx.button(rx.icon("external-link", size=16), T["inbox.detail.work_on"]),
                href=state.link,
                id="item-link",
            ),
        ),
        rx.cond(
            state.facts.length() > 0,
            # pre-line: delivery addresses and descriptions keep their line breaks
            _card("inbox.detail.facts", _facts(state.facts, "inbox-facts"), white_space="pre-line"),
        ),
        rx.cond(state.lines.length() > 0, _lines()),
        rx.cond(
            state.messages.length() > 0,
            _card(
                "inbox.detail.messages",
                rx.vstack(rx.foreach(state.messages, _message), spacing="3", width="100%"),
            ),
        ),
        rx.cond(state.can_reply, _reply()),
        rx.cond(
            state.files.length() > 0,
            _card("inbox.detail.files", _file_links(state.files)),
        ),
    )
