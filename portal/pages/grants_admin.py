"""/staff/grants: access grants (Freischaltungen) — list on the left, the selected grant's editor
on the right (every change is saved at once), CSV exports, and the customers in no grant yet
with a link to their invitation form.

The exports are links to a Starlette route (a full request with the session cookie), never a
download over the websocket.
"""

from __future__ import annotations

import reflex as rx

from portal.components.shell import T, app_shell
from portal.state.grants_admin import (
    EXPORT_CONTRACTS,
    EXPORT_CUSTOMERS,
    FLAGS,
    NO_PROFILE,
    SAVED,
    SAVING,
    STATUS_VALUES,
    VIEW_TYPES,
    GrantsAdminState,
    UngrantedCustomersState,
)

S = GrantsAdminState


def _section(title_key: str, *content: rx.Component, **props: object) -> rx.Component:
    return rx.vstack(
        rx.heading(T[title_key], size="3"),
        *content,
        spacing="2",
        width="100%",
        **props,
    )


def _save_badge() -> rx.Component:
    return rx.match(
        S.save_state,
        (SAVING, rx.badge(T["grants.saving"], color_scheme="amber", id="grant-save-state")),
        (SAVED, rx.badge(T["grants.saved"], color_scheme="green", id="grant-save-state")),
        rx.fragment(),
    )


def _export_link(label_key: str, href: str, element_id: str) -> rx.Component:
    return rx.link(
        rx.button(rx.icon("download", size=16), T[label_key], variant="soft", size="2"),
        href=href,
        is_external=False,
        reload_document=True,
        id=element_id,
    )


# ---------------------------------------------------------------------------- list


def _grant_item(row: rx.Var) -> rx.Component:
    selected = row["id"] == S.selected_id
    return rx.box(
        rx.text(row["name"], weight="medium"),
        rx.text(row["counts"], size="1", color_scheme="gray"),
        on_click=S.select(row["id"]),
        cursor="pointer",
        padding="var(--space-2) var(--space-3)",
        border_radius="var(--radius-2)",
        background=rx.cond(selected, "var(--accent-4)", "transparent"),
        _hover={"background": "var(--accent-3)"},
        width="100%",
        class_name="grant-item",
        data_selected=rx.cond(selected, "true", "false"),
    )


def _create_form() -> rx.Component:
    return rx.cond(
        S.creating,
        rx.vstack(
            rx.input(
                value=S.new_name,
                on_change=S.set_new_name,
                placeholder=T["grants.new_name"],
                id="grant-new-name",
                width="100%",
            ),
            rx.cond(S.create_error != "", rx.text(S.create_error, color_scheme="red", size="2")),
            rx.hstack(
                rx.button(T["grants.create"], on_click=S.create, id="grant-create"),
                rx.button(T["grants.cancel"], on_click=S.cancel_create, variant="soft"),
                spacing="2",
            ),
            spacing="2",
            width="100%",
        ),
    )


def _grant_list() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.input(
                    value=S.search,
                    on_change=S.set_search.debounce(300),
                    placeholder=T["grants.search"],
                    id="grant-search",
                    width="100%",
                ),
                rx.button(
                    rx.icon("plus", size=16),
                    T["grants.new"],
                    on_click=S.start_create,
                    id="grant-new",
                ),
                width="100%",
            ),
            _create_form(),
            rx.cond(
                S.grants.length() > 0,
                rx.vstack(rx.foreach(S.grants, _grant_item), spacing="1", width="100%"),
                rx.text(T["grants.none"], color_scheme="gray"),
            ),
            rx.separator(),
            _export_link("grants.export_customers", EXPORT_CUSTOMERS, "grant-export-customers"),
            _export_link("grants.export_contracts", EXPORT_CONTRACTS, "grant-export-contracts"),
            spacing="3",
            width="100%",
        ),
        width=["100%", "100%", "320px"],
        flex_shrink="0",
    )


# ---------------------------------------------------------------------------- editor


def _delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(
                rx.icon("trash-2", size=16),
                T["grants.delete"],
                color_scheme="red",
                variant="soft",
                id="grant-delete",
            )
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title(T["grants.delete"]),
            rx.alert_dialog.description(S.delete_question),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(T["grants.cancel"], variant="soft")),
                rx.alert_dialog.action(
                    rx.button(
                        T["grants.delete"],
                        color_scheme="red",
                        on_click=S.delete,
                        id="grant-delete-confirm",
                    )
                ),
                spacing="3",
                justify="end",
                margin_top="var(--space-4)",
            ),
        ),
        open=S.confirm_delete,
        on_open_change=S.ask_delete,
    )


def _header() -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(T["grants.name"], size="1", color_scheme="gray"),
            rx.input(
                default_value=S.name,
                key=S.selected_id + S.name,
                on_blur=S.save_name,
                id="grant-name",
                width="100%",
                max_length=200,
            ),
            spacing="1",
            flex="1",
        ),
        _save_badge(),
        _delete_dialog(),
        align="end",
        spacing="3",
        width="100%",
    )


def _settings() -> rx.Component:
    return _section(
        "grants.settings",
        rx.hstack(
            rx.text(T["grants.view_type"], size="2"),
            rx.select.root(
                rx.select.trigger(id="grant-view-type"),
                rx.select.content(
                    *(rx.select.item(T[f"grants.view.{v}"], value=v) for v in VIEW_TYPES)
                ),
                value=S.view_type,
                on_change=S.set_view,
            ),
            align="center",
            spacing="3",
        ),
        *(
            rx.text(
                rx.flex(
                    rx.switch(
                        checked=getattr(S, flag),
                        on_change=lambda on, flag=flag: S.set_flag(flag, on),
                        id=f"grant-flag-{flag}",
                    ),
                    T[f"grants.flag.{flag}"],
                    spacing="2",
                ),
                as_="label",
                size="2",
            )
            for flag in FLAGS
        ),
    )


def _checkbox(label: rx.Var, checked: rx.Var, on_change, element_id: str | rx.Var) -> rx.Component:  # type: ignore[no-untyped-def]
    return rx.text(
        rx.flex(
            rx.checkbox(checked=checked, on_change=on_change, id=element_id), label, spacing="2"
        ),
        as_="label",
        size="2",
    )


def _checkbox_grid(*children: rx.Component) -> rx.Component:
    """Checkboxes in as many columns as fit, each wide enough for its longest label
    ("Fremdanteil", "Eigenvertrag"), so no label is cut or runs into the next."""
    return rx.box(
        *children,
        display="grid",
        grid_template_columns="repeat(auto-fill, minmax(8.5em, 1fr))",
        gap="var(--space-2) var(--space-3)",
        width="100%",
    )


def _statuses() -> rx.Component:
    return _section(
        "grants.statuses",
        _checkbox_grid(
            *(
                _checkbox(
                    T[f"grants.status.{value}"],
                    S.share_statuses.contains(value),
                    lambda on, value=value: S.set_status(value, on),
                    f"grant-status-{value}",
                )
                for value in STATUS_VALUES
            ),
        ),
        rx.cond(
            S.lines.length() > 0,
            rx.vstack(
                rx.text(T["grants.lines"], size="2", color_scheme="gray"),
                _checkbox_grid(
                    rx.foreach(
                        S.lines,
                        lambda line: _checkbox(
                            line,
                            S.selected_lines.contains(line),
                            lambda on: S.set_line(line, on),
                            "grant-line-" + line,
                        ),
                    ),
                ),
                spacing="1",
                width="100%",
            ),
        ),
    )


def _profile_editor() -> rx.Component:
    return rx.cond(
        S.profile_edit_id != "",
        rx.card(
            rx.vstack(
                rx.input(
                    value=S.profile_name,
                    on_change=S.set_profile_name,
                    placeholder=T["grants.profile_name"],
                    id="profile-name",
                    width="100%",
                ),
                rx.input(
                    value=S.profile_keywords,
                    on_change=S.set_profile_keywords,
                    placeholder=T["grants.profile_keywords"],
                    id="profile-keywords",
                    width="100%",
                ),
                rx.cond(
                    S.profile_error != "", rx.text(S.profile_error, color_scheme="red", size="2")
                ),
                rx.hstack(
                    rx.button(T["grants.profile_save"], on_click=S.save_profile, id="profile-save"),
                    rx.button(T["grants.cancel"], on_click=S.close_profile, variant="soft"),
                    spacing="2",
                ),
                spacing="2",
                width="100%",
            ),
            width="100%",
        ),
    )


def _profile() -> rx.Component:
    return _section(
        "grants.profile",
        rx.hstack(
            rx.select.root(
                rx.select.trigger(id="grant-profile"),
                rx.select.content(
                    rx.select.item(T["grants.profile_none"], value=NO_PROFILE),
                    rx.foreach(
                        S.profiles,
                        lambda p: rx.select.item(p["name"], value=p["id"]),
                    ),
                ),
                value=S.profile_id,
                on_change=S.set_profile,
            ),
            rx.cond(
                S.profile_id != NO_PROFILE,
                rx.button(
                    rx.icon("pencil", size=14),
                    on_click=S.edit_profile(S.profile_id),
                    variant="ghost",
                    aria_label=T["grants.profiles"],
                ),
            ),
            rx.button(
                rx.icon("plus", size=14),
                T["grants.profile_new"],
                on_click=S.edit_profile(""),
                variant="ghost",
                id="profile-new",
            ),
            align="center",
            spacing="3",
        ),
        rx.foreach(
            S.profiles,
            lambda p: rx.cond(
                p["id"] == S.profile_id,
                rx.text(p["keywords"], size="1", color_scheme="gray"),
            ),
        ),
        _profile_editor(),
    )


def _links(
    title_key: str,
    kind: str,
    items: rx.Var,
    query: rx.Var,
    on_search,  # type: ignore[no-untyped-def]
    hits: rx.Var,
    placeholder_key: str,
) -> rx.Component:
    """Linked records with "remove", and a search with "add" for new ones."""

    def linked(item: rx.Var) -> rx.Component:
        return rx.hstack(
            rx.vstack(
                rx.text(item["label"], weight="medium"),
                rx.text(item["detail"], size="1", color_scheme="gray"),
                spacing="0",
                min_width="0",
            ),
            rx.spacer(),
            rx.icon_button(
                rx.icon("x", size=14),
                on_click=S.link(kind, item["id"], False),
                variant="ghost",
                color_scheme="red",
                aria_label=T["grants.remove"],
                title=T["grants.remove"],
            ),
            align="center",
            width="100%",
            class_name=f"grant-{kind}",
        )

    def hit(item: rx.Var) -> rx.Component:
        return rx.hstack(
            rx.text(item["label"]),
            rx.text(item["detail"], size="1", color_scheme="gray"),
            rx.spacer(),
            rx.button(
                rx.icon("plus", size=14),
                T["grants.add"],
                on_click=S.link(kind, item["id"], True),
                size="1",
                variant="soft",
            ),
            align="center",
            width="100%",
            class_name=f"grant-{kind}-hit",
        )

    return _section(
        title_key,
        rx.cond(
            items.length() > 0,
            rx.vstack(rx.foreach(items, linked), spacing="1", width="100%"),
            rx.text(T["grants.empty_list"], size="2", color_scheme="gray"),
        ),
        rx.input(
            value=query,
            on_change=on_search.debounce(300),
            placeholder=T[placeholder_key],
            id=f"grant-{kind}-search",
            width="100%",
        ),
        rx.cond(
            query != "",
            rx.cond(
                hits.length() > 0,
                rx.vstack(rx.foreach(hits, hit), spacing="1", width="100%"),
                rx.text(T["grants.no_hits"], size="2", color_scheme="gray"),
            ),
        ),
    )


def _editor() -> rx.Component:
    return rx.card(
        rx.cond(
            S.selected_id != "",
            rx.vstack(
                _header(),
                rx.cond(
                    S.error != "",
                    rx.callout(S.error, color_scheme="red", role="alert", id="grant-error"),
                ),
                rx.grid(
                    rx.vstack(
                        _settings(),
                        _statuses(),
                        _profile(),
                        spacing="5",
                        width="100%",
                    ),
                    rx.vstack(
                        _links(
                            "grants.members",
                            "member",
                            S.members,
                            S.member_query,
                            S.find_members,
                            S.member_hits,
                            "grants.members_search",
                        ),
                        _links(
                            "grants.customers",
                            "customer",
                            S.customers,
                            S.customer_query,
                            S.find_customers,
                            S.customer_hits,
                            "grants.customers_search",
                        ),
                        _links(
                            "grants.contracts",
                            "contract",
                            S.contracts,
                            S.contract_query,
                            S.find_contracts,
                            S.contract_hits,
                            "grants.contracts_search",
                        ),
                        spacing="5",
                        width="100%",
                    ),
                    columns=rx.breakpoints(initial="1", lg="2"),
                    spacing="6",
                    width="100%",
                ),
                spacing="4",
                width="100%",
                id="grant-editor",
            ),
            rx.text(T["grants.pick"], color_scheme="gray"),
        ),
        flex="1",
        width="100%",
        min_width="0",
    )


# ---------------------------------------------------------------------------- customers in no grant


def _ungranted_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["name"]),
        rx.table.cell(row["number"]),
        rx.table.cell(row["city"]),
        rx.table.cell(
            rx.link(
                rx.hstack(rx.icon("user-plus", size=14), T["grants.invite"], spacing="1"),
                href=row["href"],
            )
        ),
    )


def _ungranted() -> rx.Component:
    state = UngrantedCustomersState
    return rx.vstack(
        rx.input(
            value=state.query,
            on_change=state.set_query.debounce(300),
            placeholder=T["grants.ungranted_search"],
            id="ungranted-search",
            max_width="420px",
            width="100%",
        ),
        rx.text(state.count_label, size="2", color_scheme="gray", id="ungranted-count"),
        rx.table.root(
            rx.table.body(rx.foreach(state.rows, _ungranted_row)),
            variant="surface",
            width="100%",
            id="ungranted-table",
        ),
        rx.hstack(
            rx.button(T["grants.prev"], on_click=state.turn(-1), variant="soft", size="1"),
            rx.text(state.page_label, size="2"),
            rx.button(T["grants.next"], on_click=state.turn(1), variant="soft", size="1"),
            align="center",
            spacing="3",
        ),
        spacing="3",
        width="100%",
        padding_top="var(--space-4)",
    )


def grants_admin_page() -> rx.Component:
    return app_shell(
        rx.vstack(
            rx.hstack(
                rx.heading(T["grants.title"], size="7", id="page-title"),
                align="center",
                width="100%",
            ),
            rx.cond(
                S.notice != "",
                rx.callout(S.notice, color_scheme="green", id="grant-notice", width="100%"),
            ),
            rx.tabs.root(
                rx.tabs.list(
                    rx.tabs.trigger(T["grants.tab.grants"], value="grants", id="tab-grants"),
                    rx.tabs.trigger(
                        T["grants.tab.ungranted"],
                        value="ungranted",
                        id="tab-ungranted",
                        on_click=UngrantedCustomersState.load,
                    ),
                ),
                rx.tabs.content(
                    rx.flex(
                        _grant_list(),
                        _editor(),
                        direction=rx.breakpoints(initial="column", md="row"),
                        spacing="4",
                        width="100%",
                        align="start",
                        padding_top="var(--space-4)",
                    ),
                    value="grants",
                ),
                rx.tabs.content(_ungranted(), value="ungranted"),
                default_value="grants",
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
        wide=True,
    )
