"""The People page (/partner/people).

Thin: every decision is made by `portal.services.people` / `portal.services.invitations`
through the access policy. Ids come from the browser as text and are parsed and re-checked by
the services; the state holds only what the page shows (colleagues the caller manages), and the
team ids per person stay in a backend var.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from portal.config import get_settings, mail_link_base
from portal.i18n import format_timestamp, t
from portal.models.enums import UserKind
from portal.services import invitations, people
from portal.services.access import AccessDenied, Principal
from portal.services.ids import parse_record_id
from portal.services.invitations import InvitationRefused
from portal.state.guard import guarded
from portal.state.session import SessionState


def _record_id(raw: object) -> int:
    value = parse_record_id(raw)
    if value is None:
        raise AccessDenied("error.invalid_value")
    return value


class PeopleState(SessionState):
    people: list[dict[str, str]] = []
    companies: list[dict[str, str]] = []
    teams: list[dict[str, str]] = []  # the teams the caller may hand out
    invitations: list[dict[str, str]] = []
    notice: str = ""
    error: str = ""
    # the team dialog of one colleague
    editing_id: str = ""
    editing_name: str = ""
    editing_teams: list[str] = []
    # the invite form: chosen teams, and a key that gives a fresh form after a success
    invite_teams: list[str] = []
    invite_form_key: int = 0
    _team_ids_of: dict[str, list[str]] = {}

    @rx.var
    def invite_intro(self) -> str:
        return t("people.invite_intro", self.locale, days=get_settings().invitation_days)

    @rx.var
    def teams_title(self) -> str:
        return t("people.teams_title", self.locale, name=self.editing_name)

    def _say(self, key: str = "", error: str = "", **values: object) -> None:
        self.notice = t(key, self.locale, **values) if key else ""
        self.error = t(error, self.locale) if error else ""

    def _base_url(self) -> str:
        """Where invitation links point: PORTAL_PUBLIC_URL, else the address the page has."""
        return mail_link_base()

    async def _refresh(self) -> None:
        def read(session: Session, principal: Principal) -> dict[str, Any]:
            locale = principal.locale
            options = invitations.options(session, principal)
            rows = people.colleagues(session, principal)
            return {
                "people": [
                    {
                        "id": str(row.id),
                        "name": row.name,
                        "email": row.email,
                        "locations": ", ".join(row.locations),
                        "visibility": row.visibility.value,
                        "teams": ", ".join(team.name for team in row.teams),
                        "active": "1" if row.active else "",
                        "last_login": format_timestamp(row.last_login_at, locale),
                        "may_visibility": "1" if row.may_change_visibility else "",
                        "may_teams": "1" if row.may_change_teams else "",
                    }
                    for row in rows
                ],
                "team_ids_of": {str(row.id): [str(team.id) for team in row.teams] for row in rows},
                "companies": [{"id": str(i), "name": name} for i, name in options.companies],
                "teams": [{"id": str(team.id), "name": team.name} for team in options.teams],
                "invitations": [
                    {
                        "id": str(row.id),
                        "email": row.email,
                        "name": row.name,
                        "company": row.company,
                        "created": format_timestamp(row.created_at, locale),
                        "expires": format_timestamp(row.expires_at, locale),
                        "expired": "1" if row.expired else "",
                    }
                    for row in invitations.open_invitations(session, principal)
                ],
            }

        data = await self._in_session(read)
        self.people = data["people"]
        self._team_ids_of = data["team_ids_of"]
        self.companies = data["companies"]
        self.teams = data["teams"]
        self.invitations = data["invitations"]

    @guarded(UserKind.PARTNER)
    async def load(self) -> None:
        self._say()
        self.editing_id = ""
        self.invite_teams = []
        await self._refresh()

    @guarded(UserKind.PARTNER)
    async def set_person_visibility(self, person_id: str, visibility: str) -> None:
        target = _record_id(person_id)
        await self._in_session(
            lambda session, principal: people.set_visibility(session, principal, target, visibility)
        )
        self._say("people.visibility_saved")
        await self._refresh()

    @guarded(UserKind.PARTNER)
    def open_teams(self, person_id: str) -> None:
        """Only a colleague whose teams the list said may change; saving checks again."""
        row = next((p for p in self.people if p["id"] == person_id and p["may_teams"]), None)
        if row is None:
            raise AccessDenied("error.not_found")
        self.editing_id = row["id"]
        self.editing_name = row["name"]
        self.editing_teams = list(self._team_ids_of.get(row["id"], []))

    @guarded(UserKind.PARTNER)
    def close_teams(self) -> None:
        self.editing_id = ""

    @guarded(UserKind.PARTNER)
    def toggle_editing_team(self, team_id: str, checked: bool) -> None:
        self.editing_teams = _toggled(self.editing_teams, team_id, checked)

    @guarded(UserKind.PARTNER)
    def toggle_invite_team(self, team_id: str, checked: bool) -> None:
        self.invite_teams = _toggled(self.invite_teams, team_id, checked)

    @guarded(UserKind.PARTNER)
    async def save_teams(self) -> None:
        target = _record_id(self.editing_id)
        team_ids = [_record_id(team_id) for team_id in self.editing_teams]
        await self._in_session(
            lambda session, principal: people.set_teams(session, principal, target, team_ids)
        )
        self.editing_id = ""
        self._say("people.teams_saved")
        await self._refresh()

    @guarded(UserKind.PARTNER)
    async def invite(self, form_data: dict[str, Any]) -> None:
        email = str(form_data.get("email", ""))[:254]
        name = str(form_data.get("name", ""))[:200]
        company_id = _record_id(form_data.get("company_id", ""))
        visibility = str(form_data.get("visibility", ""))
        team_ids = [_record_id(team_id) for team_id in self.invite_teams]
        base_url = self._base_url()
        try:
            await self._in_session(
                lambda session, principal: invitations.invite(
                    session,
                    principal,
                    email=email,
                    name=name,
                    company_id=company_id,
                    team_ids=team_ids,
                    visibility=visibility,
                    base_url=base_url,
                )
            )
        except InvitationRefused as refused:
            self._say(error=refused.message_key)
            return
        self._say("people.invited", email=email.strip())
        self.invite_teams = []
        self.invite_form_key += 1
        await self._refresh()

    @guarded(UserKind.PARTNER)
    async def resend(self, invitation_id: str) -> None:
        target = _record_id(invitation_id)
        base_url = self._base_url()
        await self._in_session(
            lambda session, principal: invitations.resend(
                session, principal, target, base_url=base_url
            )
        )
        self._say("people.resent")
        await self._refresh()

    @guarded(UserKind.PARTNER)
    async def revoke(self, invitation_id: str) -> None:
        target = _record_id(invitation_id)
        await self._in_session(
            lambda session, principal: invitations.revoke(session, principal, target)
        )
        self._say("people.revoked")
        await self._refresh()


def _toggled(chosen: list[str], team_id: str, checked: bool) -> list[str]:
    rest = [existing for existing in chosen if existing != team_id]
    return [*rest, team_id] if checked else rest
