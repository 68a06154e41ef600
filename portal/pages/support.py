"""Pages of tickets, claims, the postbox and the profile (customers first, every audience may
use it). Layout only; the states hold the data, the services decide."""

from __future__ import annotations

import reflex as rx

from portal.components.file_input import file_input
from portal.components.forms import field_label, submit_and_cancel
from portal.components.shell import T, app_shell, language_switch, message_page
from portal.services.attachments import CLAIM_UPLOAD_ROUTE, TICKET_UPLOAD_ROUTE
from portal.services.claims import CLAIMS_PATH
from portal.services.tickets import TICKETS_PATH
from portal.state.session import SessionState
from portal.state.support import (
    CLAIM_FILES,
    CLAIM_FORM,
    FOUND,
    NOT_FOUND,
    REPLY_FILES,
    REPLY_FORM,
    TICKET_FILES,
    TICKET_FORM,
    ClaimsState,
    NewClaimState,
    NewTicketState,
    PostboxState,
    ProfileState,
    TicketDetailState,
    TicketsState,
)

NEW_TICKET_PATH = TICKETS_PATH + "/new"
NEW_CLAIM_PATH = CLAIMS_PATH + "/new"
# What the claim form holds right now (read in the browser at the click), so a button that
# re-renders the form keeps everything typed.
_CLAIM_FORM_DATA = rx.Var(
    f"Object.fromEntries(new FormData(document.getElementById('{CLAIM_FORM}')))"
)
_ACCEPT = "application/pdf,image/png,image/jpeg,image/webp,.pdf,.png,.jpg,.jpeg,.webp"
# The submit handler checks the text first, then posts the form natively with its files.
_NATIVE = {"method": "post", "enc_type": "multipart/form-data"}


def _heading(title_key: str, *extra: rx.Component) -> rx.Component:
    return rx.hstack(
        rx.heading(T[title_key], size="7", id="page-title"),
        rx.spacer(),
        *extra,
        align="center",
        width="100%",
    )


def _button_link(label_key: str, href: str, element_id: str, icon: str = "plus") -> rx.Component:
    return rx.link(
        rx.button(rx.icon(icon, size=16), T[label_key], size="3"), href=href, id=element_id
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
        text != "", rx.callout(text, color_scheme=color, role="alert", id=element_id, width="100%")
    )


def _error(errors: rx.Var, name: str, input_id: str) -> rx.Component:
    return rx.cond(
        errors.contains(name),
        rx.text(errors[name], color_scheme="red", size="2", id=f"{input_id}-error"),
    )


def _input(state, name: str, label_key: str, input_id: str, **props: object) -> rx.Component:  # type: ignore[no-untyped-def]
    error = state.errors.get(name, "")
    return rx.vstack(
        field_label(T[label_key], input_id),
        rx.input(
            id=input_id,
            name=name,
            default_value=state.values.get(name, ""),
            aria_invalid=error != "",
            color_scheme=rx.cond(error != "", "red", "gray"),
            size="3",
            width="100%",
            **props,
        ),
        _error(state.errors, name, input_id),
        spacing="1",
        width="100%",
    )


def _textarea(state, name: str, label_key: str, input_id: str, **props: object) -> rx.Component:  # type: ignore[no-untyped-def]
    error = state.errors.get(name, "")
    return rx.vstack(
        field_label(T[label_key], input_id),
        rx.text_area(
            id=input_id,
            name=name,
            default_value=state.values.get(name, ""),
            aria_invalid=error != "",
            rows="6",
            size="3",
            width="100%",
            **props,
        ),
        _error(state.errors, name, input_id),
        spacing="1",
        width="100%",
    )


def _upload(upload_id: str, errors: rx.Var | None = None) -> rx.Component:
    """Up to five attachments, posted with the form; the route checks them again (type by
    content, size, count)."""
    return rx.vstack(
        rx.text(T["support.field.files"], size="2", weight="medium"),
        file_input(
            upload_id,
            _ACCEPT,
            T["support.files.choose"],
            name="files",
            multiple=True,
            required=False,
            label=T["support.files.choose"],
        ),
        _error(errors, "files", upload_id) if errors is not None else rx.fragment(),
        spacing="1",
        width="100%",
    )


def _table(headers: tuple[str, ...], rows: rx.Var, row, empty_key: str) -> rx.Component:  # type: ignore[no-untyped-def]
    return rx.cond(
        rows.length() > 0,
        rx.table.root(
            rx.table.header(
                rx.table.row(*(rx.table.column_header_cell(T[key]) for key in headers))
            ),
            rx.table.body(rx.foreach(rows, row)),
            variant="surface",
            width="100%",
        ),
        rx.card(rx.text(T[empty_key], color_scheme="gray"), width="100%"),
    )


def _file_links(files: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.foreach(
            files,
            lambda f: rx.link(
                rx.hstack(rx.icon("paperclip", size=14), f["name"], spacing="1"),
                href=f["href"],
                reload_document=True,  # a real request to the authenticated route
                size="2",
                data_testid="attachment-link",
            ),
        ),
        spacing="3",
        wrap="wrap",
    )


def _status_badge(status: rx.Var) -> rx.Component:
    return rx.badge(
        T["support.status." + status],
        color_scheme=rx.match(
            status, ("waiting_for_customer", "amber"), ("closed", "gray"), "blue"
        ),
        data_testid="ticket-status",
    )


# --------------------------------------------------------------------------- tickets


def _ticket_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.link(row["subject"], href=row["href"])),
        rx.table.cell(_status_badge(row["status"])),
        rx.table.cell(row["creator"]),
        rx.table.cell(row["updated"]),
        data_testid="ticket-row",
    )


def tickets_page() -> rx.Component:
    return app_shell(
        rx.vstack(
            _heading(
                "support.tickets.title",
                _button_link("support.tickets.new", NEW_TICKET_PATH, "new-ticket"),
            ),
            rx.text(T["support.tickets.intro"], color_scheme="gray"),
            _table(
                (
                    "support.col.subject",
                    "support.col.status",
                    "support.col.creator",
                    "support.col.updated",
                ),
                TicketsState.rows,
                _ticket_row,
                "support.tickets.empty",
            ),
            spacing="4",
            width="100%",
        )
    )


def new_ticket_page() -> rx.Component:
    state = NewTicketState
    return app_shell(
        rx.vstack(
            _back("support.back.tickets", TICKETS_PATH),
            _heading("support.new.title"),
            rx.card(
                rx.form(
                    rx.vstack(
                        _callout(state.summary, "red", "ticket-message"),
                        _input(
                            state,
                            "subject",
                            "support.field.subject",
                            "ticket-subject",
                            max_length=200,
                            auto_focus=True,
                        ),
                        _textarea(
                            state, "body", "support.field.body", "ticket-body", max_length=10_000
                        ),
                        _upload(TICKET_FILES, state.errors),
                        submit_and_cancel(
                            T["support.submit.ticket"],
                            "ticket-submit",
                            T["support.cancel"],
                            TICKETS_PATH,
                        ),
                        spacing="4",
                        width="100%",
                    ),
                    on_submit=state.submit,
                    id=TICKET_FORM,
                    key=state.form_key.to_string(),
                    action=TICKET_UPLOAD_ROUTE,
                    width="100%",
                    **_NATIVE,
                ),
                padding="var(--space-5)",
                width="100%",
                max_width="760px",
            ),
            spacing="4",
            width="100%",
        )
    )


def _message(message: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(message["author"], weight="bold", size="2"),
                rx.text(message["at"], color_scheme="gray", size="2"),
                spacing="3",
            ),
            rx.text(message["body"], white_space="pre-wrap"),
            _file_links(message["files"]),
            spacing="2",
            width="100%",
        ),
        width="100%",
        background=rx.cond(message["from_staff"], "var(--accent-2)", "var(--color-panel-solid)"),
        data_testid="ticket-message",
    )


def _reply_form() -> rx.Component:
    state = TicketDetailState
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(T["support.reply.title"], size="4"),
                _callout(state.reply_error, "red", "reply-error"),
                rx.text_area(
                    name="body",
                    id="reply-body",
                    default_value=state.reply_text,
                    key=state.reply_key.to_string(),
                    rows="4",
                    width="100%",
                    aria_label=T["support.reply.title"],
                ),
                _upload(REPLY_FILES),
                rx.button(T["support.reply.submit"], type="submit", id="reply-submit"),
                spacing="3",
                width="100%",
            ),
            on_submit=state.send_reply,
            id=REPLY_FORM,
            action=state.reply_url,
            width="100%",
            **_NATIVE,
        ),
        padding="var(--space-5)",
        width="100%",
    )


def ticket_detail_page() -> rx.Component:
    state = TicketDetailState
    return rx.cond(
        state.status == NOT_FOUND,
        message_page(T["page.404.title"], T["page.404.text"]),
        app_shell(
            rx.cond(
                state.status == FOUND,
                rx.vstack(
                    _back("support.back.tickets", TICKETS_PATH),
                    _heading(
                        "support.tickets.title",
                        rx.cond(
                            state.ticket_status == "closed",
                            rx.button(
                                T["support.ticket.reopen"],
                                variant="soft",
                                on_click=state.set_closed(False),
                                id="ticket-reopen",
                            ),
                            rx.button(
                                T["support.ticket.close"],
                                variant="soft",
                                color_scheme="gray",
                                on_click=state.set_closed(True),
                                id="ticket-close",
                            ),
                        ),
                    ),
                    rx.hstack(
                        rx.heading(state.subject, size="5", id="ticket-subject-title"),
                        _status_badge(state.ticket_status),
                        spacing="3",
                        align="center",
                    ),
                    rx.text(state.meta, color_scheme="gray", size="2"),
                    rx.foreach(state.messages, _message),
                    _reply_form(),
                    spacing="4",
                    width="100%",
                    max_width="860px",
                ),
                rx.center(rx.spinner(size="3"), padding="var(--space-9)"),
            )
        ),
    )


# --------------------------------------------------------------------------- claims


def _claim_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["date"]),
        rx.table.cell(row["contract"]),
        rx.table.cell(row["place"]),
        rx.table.cell(rx.text(row["description"], size="2"), _file_links(row["files"])),
        rx.table.cell(row["reporter"]),
        rx.table.cell(rx.badge(T["support.claim.status." + row["status"]])),
        data_testid="claim-row",
    )


def claims_page() -> rx.Component:
    return app_shell(
        rx.vstack(
            _heading(
                "support.claims.title",
                _button_link("support.claims.new", NEW_CLAIM_PATH, "new-claim"),
            ),
            rx.text(T["support.claims.intro"], color_scheme="gray"),
            _table(
                (
                    "support.claim.date",
                    "support.claim.contract",
                    "support.claim.place",
                    "support.claim.description",
                    "support.claim.reporter",
                    "support.col.status",
                ),
                ClaimsState.rows,
                _claim_row,
                "support.claims.empty",
            ),
            spacing="4",
            width="100%",
        )
    )


def _contract_choice() -> rx.Component:
    state = NewClaimState
    return rx.vstack(
        field_label(T["support.claim.contract"], "claim-contract"),
        rx.select.root(
            rx.select.trigger(
                placeholder=T["support.claim.contract_placeholder"],
                id="claim-contract",
                width="100%",
            ),
            rx.select.content(
                rx.foreach(state.contracts, lambda c: rx.select.item(c["name"], value=c["id"]))
            ),
            value=state.values.get("contract", ""),
            on_change=state.choose_contract,
            size="3",
        ),
        rx.el.input(type="hidden", name="contract", value=state.values.get("contract", "")),
        _error(state.errors, "contract", "claim-contract"),
        spacing="1",
        width="100%",
    )


def _claim_form() -> rx.Component:
    state = NewClaimState
    return rx.form(
        rx.vstack(
            _callout(state.summary, "red", "claim-message"),
            _contract_choice(),
            _input(state, "claim_date", "support.claim.date", "claim-date", type="date"),
            _input(state, "place", "support.claim.place", "claim-place", max_length=300),
            rx.cond(
                state.risk_address != "",
                rx.button(
                    rx.icon("map-pin", size=14),
                    T["support.claim.use_risk_address"],
                    ": ",
                    state.risk_address,
                    type="button",
                    variant="soft",
                    size="2",
                    id="use-risk-address",
                    # the surrounding form's fields, so nothing typed is lost
                    on_click=state.use_risk_address(_CLAIM_FORM_DATA),
                ),
            ),
            _textarea(
                state,
                "description",
                "support.claim.description",
                "claim-description",
                max_length=10_000,
            ),
            _upload(CLAIM_FILES, state.errors),
            submit_and_cancel(
                T["support.claim.submit"], "claim-submit", T["support.cancel"], CLAIMS_PATH
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=state.submit,
        id=CLAIM_FORM,
        key=state.form_key.to_string(),
        action=CLAIM_UPLOAD_ROUTE,
        width="100%",
        **_NATIVE,
    )


def new_claim_page() -> rx.Component:
    state = NewClaimState
    return app_shell(
        rx.vstack(
            _back("support.back.claims", CLAIMS_PATH),
            _heading("support.claims.new"),
            rx.card(
                rx.cond(
                    state.contracts.length() > 0,
                    _claim_form(),
                    rx.callout(T["support.claims.no_contracts"], color_scheme="amber"),
                ),
                padding="var(--space-5)",
                width="100%",
                max_width="760px",
            ),
            spacing="4",
            width="100%",
        )
    )


# --------------------------------------------------------------------------- postbox


def _postbox_row(item: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(item["at"]),
        rx.table.cell(
            rx.cond(
                item["kind"] == "document",
                T["support.postbox.document"],
                T["support.postbox.message"],
            )
        ),
        rx.table.cell(
            rx.hstack(
                rx.cond(item["unread"], rx.badge(T["support.postbox.new"], color_scheme="red")),
                rx.cond(
                    item["href"] != "",
                    rx.link(item["title"], href=item["href"]),
                    rx.text(item["title"], weight=rx.cond(item["unread"], "bold", "regular")),
                ),
                spacing="2",
            )
        ),
        rx.table.cell(item["sender"]),
        rx.table.cell(
            rx.cond(
                item["unread"] & (item["kind"] == "document"),
                rx.button(
                    T["support.postbox.mark_read"],
                    size="1",
                    variant="soft",
                    on_click=PostboxState.mark_read(item["kind"], item["id"]),
                ),
            )
        ),
        data_testid="postbox-row",
    )


def postbox_page() -> rx.Component:
    state = PostboxState
    folders = ("inbox", "outbox", "history", "messages")
    return app_shell(
        rx.vstack(
            _heading(
                "support.postbox.title",
                rx.cond(
                    state.unread > 0,
                    rx.badge(
                        T["support.postbox.unread"].replace("{count}", state.unread.to_string()),
                        color_scheme="red",
                        size="2",
                        id="postbox-unread",
                    ),
                ),
            ),
            rx.tabs.root(
                rx.tabs.list(
                    *(
                        rx.tabs.trigger(T[f"support.postbox.{f}"], value=f, id=f"folder-{f}")
                        for f in folders
                    )
                ),
                value=state.folder,
                on_change=state.choose_folder,
            ),
            _table(
                (
                    "support.col.date",
                    "support.col.kind",
                    "support.col.title",
                    "support.col.from",
                    "support.col.status",
                ),
                state.items,
                _postbox_row,
                "support.postbox.empty",
            ),
            spacing="4",
            width="100%",
        )
    )


# --------------------------------------------------------------------------- profile


def _password_field(name: str, label_key: str, auto_complete: str) -> rx.Component:
    state = ProfileState
    input_id = f"password-{name}"
    return rx.vstack(
        field_label(T[label_key], input_id),
        rx.input(
            id=input_id,
            name=name,
            type="password",
            auto_complete=auto_complete,
            required=True,
            size="3",
            width="100%",
        ),
        _error(state.password_errors, name, input_id),
        spacing="1",
        width="100%",
    )


def _card(title_key: str, *content: rx.Component) -> rx.Component:
    return rx.card(
        rx.vstack(rx.heading(T[title_key], size="4"), *content, spacing="3", width="100%"),
        padding="var(--space-5)",
        width="100%",
    )


def profile_page() -> rx.Component:
    state = ProfileState
    return app_shell(
        rx.vstack(
            _heading("profile.title"),
            rx.grid(
                _card(
                    "profile.password.title",
                    rx.text(T["profile.password.hint"], color_scheme="gray", size="2"),
                    _callout(state.password_notice, "green", "password-notice"),
                    rx.form(
                        rx.vstack(
                            _password_field(
                                "current", "profile.password.current", "current-password"
                            ),
                            _password_field("new", "profile.password.new", "new-password"),
                            _password_field("repeat", "profile.password.repeat", "new-password"),
                            rx.button(
                                T["profile.password.submit"], type="submit", id="password-submit"
                            ),
                            spacing="3",
                            width="100%",
                        ),
                        on_submit=state.change_password,
                        key=state.password_key.to_string(),
                        width="100%",
                    ),
                ),
                rx.vstack(
                    _card(
                        "profile.notify.title",
                        _callout(state.notify_notice, "green", "notify-notice"),
                        _callout(state.notify_error, "red", "notify-error"),
                        rx.form(
                            rx.vstack(
                                *(
                                    rx.text(
                                        rx.hstack(
                                            rx.checkbox(
                                                name=name,
                                                default_checked=state.notify.get(name, False),
                                                id=f"notify-{name}",
                                            ),
                                            T[f"profile.notify.{name.removeprefix('notify_')}"],
                                            spacing="2",
                                        ),
                                        as_="label",
                                        size="2",
                                    )
                                    for name in (
                                        "notify_documents",
                                        "notify_tickets",
                                        "notify_orders",
                                    )
                                ),
                                rx.button(
                                    T["profile.notify.submit"], type="submit", id="notify-submit"
                                ),
                                spacing="3",
                            ),
                            on_submit=state.save_notifications,
                            key=rx.cond(state.notify.length() > 0, "loaded", "loading"),
                        ),
                    ),
                    _card(
                        "profile.language.title",
                        rx.text(T["profile.language.hint"], color_scheme="gray", size="2"),
                        language_switch(SessionState.set_language),
                    ),
                    spacing="5",
                    width="100%",
                ),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="5",
                width="100%",
            ),
            spacing="4",
            width="100%",
        )
    )
