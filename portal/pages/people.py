"""/partner/people: colleagues of the own locations (visibility, teams), invitations."""

from __future__ import annotations

import reflex as rx

from portal.components.forms import field_label
from portal.components.shell import T, app_shell
from portal.models.enums import Visibility
from portal.state.people import PeopleState


def _visibility_items() -> list[rx.Component]:
    return [rx.select.item(T[f"visibility.{value}"], value=value.value) for value in Visibility]


def _person(person: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(person["name"], weight="medium"), white_space="nowrap"),
        rx.table.cell(person["email"]),
        rx.table.cell(person["locations"]),
        rx.table.cell(
            rx.cond(
                person["may_visibility"] != "",
                rx.select.root(
                    rx.select.trigger(
                        id="visibility-" + person["id"],
                        aria_label=T["people.visibility"] + " " + person["name"],
                    ),
                    rx.select.content(*_visibility_items()),
                    value=person["visibility"],
                    on_change=lambda value: PeopleState.set_person_visibility(person["id"], value),
                    size="1",
                ),
                rx.badge(T["visibility." + person["visibility"]], variant="soft"),
            )
        ),
        rx.table.cell(
            rx.hstack(
                rx.text(rx.cond(person["teams"] != "", person["teams"], "–"), size="2"),
                rx.cond(
                    person["may_teams"] != "",
                    rx.icon_button(
                        rx.icon("pencil", size=14),
                        on_click=PeopleState.open_teams(person["id"]),
                        variant="ghost",
                        size="1",
                        aria_label=T["people.edit_teams"] + " " + person["name"],
                        id="teams-" + person["id"],
                    ),
                ),
                align="center",
                spacing="2",
            )
        ),
        rx.table.cell(
            rx.cond(
                person["active"] != "",
                rx.badge(T["people.active"], color_scheme="green", variant="soft"),
                rx.badge(T["people.inactive"], color_scheme="gray", variant="soft"),
            )
        ),
        rx.table.cell(rx.cond(person["last_login"] != "", person["last_login"], T["people.never"])),
        data_testid="person-row",
    )


def _people_table() -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                *(
                    rx.table.column_header_cell(T[key])
                    for key in (
                        "people.name",
                        "people.email",
                        "people.locations",
                        "people.visibility",
                        "people.teams",
                        "people.active",
                        "people.last_login",
                    )
                )
            )
        ),
        rx.table.body(rx.foreach(PeopleState.people, _person)),
        variant="surface",
        width="100%",
        id="people-table",
    )


def _team_checkbox(team: rx.Var, chosen: rx.Var, toggle) -> rx.Component:  # type: ignore[no-untyped-def]
    return rx.checkbox(
        team["name"],
        checked=chosen.contains(team["id"]),
        on_change=lambda checked: toggle(team["id"], checked),
        id="team-" + team["id"],
    )


def _teams_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(PeopleState.teams_title),
            rx.vstack(
                rx.foreach(
                    PeopleState.teams,
                    lambda team: _team_checkbox(
                        team, PeopleState.editing_teams, PeopleState.toggle_editing_team
                    ),
                ),
                rx.hstack(
                    rx.button(
                        T["people.cancel"],
                        on_click=PeopleState.close_teams,
                        variant="soft",
                        color_scheme="gray",
                    ),
                    rx.button(T["people.save"], on_click=PeopleState.save_teams, id="save-teams"),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                margin_top="var(--space-3)",
            ),
        ),
        open=PeopleState.editing_id != "",
        on_open_change=lambda _open: PeopleState.close_teams(),
    )


def _invite_form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(T["people.invite_title"], size="4"),
                rx.text(PeopleState.invite_intro, size="2", color_scheme="gray"),
                rx.grid(
                    rx.vstack(
                        field_label(T["people.invite_email"], "invite-email"),
                        rx.input(
                            id="invite-email",
                            name="email",
                            type="email",
                            required=True,
                            width="100%",
                        ),
                        spacing="1",
                    ),
                    rx.vstack(
                        field_label(T["people.invite_name"], "invite-name"),
                        rx.input(id="invite-name", name="name", required=True, width="100%"),
                        spacing="1",
                    ),
                    rx.vstack(
                        field_label(T["people.invite_location"], "invite-location"),
                        rx.select.root(
                            rx.select.trigger(id="invite-location", width="100%"),
                            rx.select.content(
                                rx.foreach(
                                    PeopleState.companies,
                                    lambda c: rx.select.item(c["name"], value=c["id"]),
                                )
                            ),
                            name="company_id",
                            default_value=PeopleState.companies[0]["id"],
                            required=True,
                        ),
                        spacing="1",
                    ),
                    rx.vstack(
                        field_label(T["people.visibility"], "invite-visibility"),
                        rx.select.root(
                            rx.select.trigger(id="invite-visibility", width="100%"),
                            rx.select.content(*_visibility_items()),
                            name="visibility",
                            default_value=Visibility.OWN.value,
                        ),
                        spacing="1",
                    ),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="3",
                    width="100%",
                ),
                rx.text(T["people.teams"], size="2", weight="medium"),
                rx.hstack(
                    rx.foreach(
                        PeopleState.teams,
                        lambda team: _team_checkbox(
                            team, PeopleState.invite_teams, PeopleState.toggle_invite_team
                        ),
                    ),
                    spacing="4",
                    wrap="wrap",
                ),
                rx.button(T["people.invite_submit"], type="submit", id="invite-submit"),
                spacing="3",
                width="100%",
            ),
            on_submit=PeopleState.invite,
            reset_on_submit=False,
            key=PeopleState.invite_form_key,
            id="invite-form",
        ),
        width="100%",
    )


def _invitation(invitation: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(invitation["email"]),
        rx.table.cell(invitation["name"]),
        rx.table.cell(invitation["company"]),
        rx.table.cell(invitation["created"]),
        rx.table.cell(
            rx.hstack(
                rx.text(invitation["expires"]),
                rx.cond(
                    invitation["expired"] != "",
                    rx.badge(T["people.expired"], color_scheme="orange"),
                ),
                spacing="2",
            )
        ),
        rx.table.cell(
            rx.hstack(
                rx.button(
                    T["people.resend"],
                    on_click=PeopleState.resend(invitation["id"]),
                    size="1",
                    variant="soft",
                    id="resend-" + invitation["id"],
                ),
                rx.button(
                    T["people.revoke"],
                    on_click=PeopleState.revoke(invitation["id"]),
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    id="revoke-" + invitation["id"],
                ),
                spacing="2",
            )
        ),
        data_testid="invitation-row",
    )


def _invitations() -> rx.Component:
    return rx.vstack(
        rx.heading(T["people.open_invitations"], size="4"),
        rx.cond(
            PeopleState.invitations.length() > 0,
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *(
                            rx.table.column_header_cell(T[key])
                            for key in (
                                "people.email",
                                "people.name",
                                "people.invite_location",
                                "people.invited_at",
                                "people.expires",
                            )
                        ),
                        rx.table.column_header_cell(""),
                    )
                ),
                rx.table.body(rx.foreach(PeopleState.invitations, _invitation)),
                variant="surface",
                width="100%",
                id="invitations-table",
            ),
            rx.text(T["people.no_invitations"], color_scheme="gray"),
        ),
        spacing="3",
        width="100%",
    )


def _messages() -> rx.Component:
    return rx.fragment(
        rx.cond(
            PeopleState.notice != "",
            rx.callout(PeopleState.notice, color_scheme="green", role="status", id="people-notice"),
        ),
        rx.cond(
            PeopleState.error != "",
            rx.callout(PeopleState.error, color_scheme="red", role="alert", id="people-error"),
        ),
    )


def people_page() -> rx.Component:
    return app_shell(
        rx.vstack(
            rx.heading(T["people.title"], size="7", id="page-title"),
            rx.text(T["people.intro"], color_scheme="gray"),
            _messages(),
            _people_table(),
            # Mounted once the locations are loaded, so the location select gets its default.
            rx.cond(PeopleState.companies.length() > 0, _invite_form()),
            _invitations(),
            _teams_dialog(),
            spacing="5",
            width="100%",
        )
    )
