"""Managing partner colleagues: the people list, visibility and teams (SPEC §3.1), always audited.

Who may manage whom is decided by `portal.services.access.can_manage_person`. Which teams a
manager may hand out is decided here (`assignable_teams`): teams are installation-wide rows, so
"a team of the own companies" means a built-in team or one already in use at one of the
manager's locations, and nobody hands out rights he does not hold himself (a Management member
cannot make a colleague, or a sock puppet, Administration and so see retail prices).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, col, select

from portal.models import PartnerCompany, Team, User, UserPartnerCompany, UserTeam
from portal.models.enums import PartnerAction, UserKind, Visibility
from portal.services import audit
from portal.services.access import AccessDenied, Principal, can_manage_person, ensure


@dataclass(frozen=True)
class TeamOption:
    id: int
    name: str


@dataclass(frozen=True)
class Colleague:
    """One row of the People page: only the caller's own locations are named."""

    id: int
    name: str
    email: str
    locations: tuple[str, ...]
    visibility: Visibility
    teams: tuple[TeamOption, ...]
    active: bool
    last_login_at: datetime | None
    may_change_visibility: bool
    may_change_teams: bool


def _person_companies(session: Session, person_id: int) -> list[int]:
    """The partner companies of a partner user; AccessDenied for anyone else (same answer for
    unknown ids and non-partners, so an id probe learns nothing)."""
    person = session.get(User, person_id)
    if person is None or person.kind != UserKind.PARTNER:
        raise AccessDenied("error.not_found")
    return list(
        session.exec(
            select(UserPartnerCompany.partner_company_id).where(
                UserPartnerCompany.user_id == person_id
            )
        ).all()
    )


def set_visibility(
    session: Session, principal: Principal, person_id: int, visibility: Visibility | str
) -> None:
    """Change a partner user's visibility; refused unless the policy allows it for this person."""
    try:
        visibility = Visibility(visibility)
    except ValueError as error:
        raise AccessDenied("error.invalid_value") from error
    companies = _person_companies(session, person_id)
    if not can_manage_person(principal, companies, person_id=person_id):
        raise AccessDenied()
    person = session.get(User, person_id)
    assert person is not None  # _person_companies checked it
    previous = person.visibility
    person.visibility = visibility
    session.add(person)
    audit.record_by(
        session,
        principal,
        "partner.visibility_changed",
        target_type="user",
        target_id=person_id,
        detail={"from": previous, "to": visibility.value},
    )


def assignable_teams(session: Session, principal: Principal) -> list[Team]:
    """Teams the principal may give to colleagues or invitees: built-in or in use at one of his
    locations, and permitting nothing he is not permitted himself."""
    if PartnerAction.MANAGE_PEOPLE not in principal.partner_actions:
        return []
    in_use_here = (
        select(UserTeam.team_id)
        .join(UserPartnerCompany, col(UserPartnerCompany.user_id) == UserTeam.user_id)
        .where(
            col(UserPartnerCompany.partner_company_id).in_(sorted(principal.partner_company_ids))
        )
    )
    own = {action.value for action in principal.partner_actions}
    teams = session.exec(
        select(Team)
        .where(or_(col(Team.builtin).is_(True), col(Team.id).in_(in_use_here)))
        .order_by(col(Team.name))
    ).all()
    return [team for team in teams if set(team.actions) <= own]


def check_assignable(session: Session, principal: Principal, team_ids: Iterable[int]) -> set[int]:
    """The ids, or AccessDenied if any of them may not be handed out by the principal."""
    wanted = set(team_ids)
    if wanted - {team.id for team in assignable_teams(session, principal)}:
        raise AccessDenied("people.team_not_allowed")
    return wanted


def set_teams(
    session: Session, principal: Principal, person_id: int, team_ids: Iterable[int]
) -> None:
    """Replace a colleague's teams. Teams the person already holds may stay even if the manager
    could not hand them out; every team added must be assignable. Nobody changes his own teams
    (that would be handing rights to oneself)."""
    companies = _person_companies(session, person_id)
    if person_id == principal.user_id or not can_manage_person(
        principal, companies, person_id=person_id
    ):
        raise AccessDenied()
    wanted = set(team_ids)
    current = set(session.exec(select(UserTeam.team_id).where(UserTeam.user_id == person_id)))
    check_assignable(session, principal, wanted - current)
    for team_id in current - wanted:
        row = session.get(UserTeam, (person_id, team_id))
        if row is not None:
            session.delete(row)
    session.add_all(UserTeam(user_id=person_id, team_id=team_id) for team_id in wanted - current)
    audit.record_by(
        session,
        principal,
        "partner.teams_changed",
        target_type="user",
        target_id=person_id,
        detail={"from": sorted(current), "to": sorted(wanted)},
    )


def colleagues(session: Session, principal: Principal) -> list[Colleague]:
    """Partner users of the principal's own companies (the principal among them), for people
    managers only."""
    ensure(principal, PartnerAction.MANAGE_PEOPLE)
    company_ids = sorted(principal.partner_company_ids)
    links = session.exec(
        select(UserPartnerCompany.user_id, PartnerCompany.id, PartnerCompany.name)
        .join(PartnerCompany, col(PartnerCompany.id) == UserPartnerCompany.partner_company_id)
        .where(col(UserPartnerCompany.partner_company_id).in_(company_ids))
        .order_by(col(PartnerCompany.name))
    ).all()
    companies_of: dict[int, list[int]] = defaultdict(list)
    locations_of: dict[int, list[str]] = defaultdict(list)
    for user_id, company_id, name in links:
        companies_of[user_id].append(company_id)
        locations_of[user_id].append(name)
    if not companies_of:
        return []
    people = session.exec(
        select(User)
        .where(User.kind == UserKind.PARTNER, col(User.id).in_(sorted(companies_of)))
        .order_by(col(User.display_name), col(User.login))
    ).all()
    teams_of: dict[int, list[TeamOption]] = defaultdict(list)
    for user_id, team_id, team_name in session.exec(
        select(UserTeam.user_id, Team.id, Team.name)
        .join(Team, col(Team.id) == UserTeam.team_id)
        .where(col(UserTeam.user_id).in_(sorted(companies_of)))
        .order_by(col(Team.name))
    ):
        teams_of[user_id].append(TeamOption(team_id, team_name))
    rows = []
    for person in people:
        assert person.id is not None
        manageable = can_manage_person(principal, companies_of[person.id], person_id=person.id)
        rows.append(
            Colleague(
                id=person.id,
                name=person.display_name or person.login,
                email=person.email or person.login,
                locations=tuple(locations_of[person.id]),
                visibility=Visibility(person.visibility),
                teams=tuple(teams_of[person.id]),
                active=person.active,
                last_login_at=person.last_login_at,
                may_change_visibility=manageable,
                may_change_teams=manageable and person.id != principal.user_id,
            )
        )
    return rows
