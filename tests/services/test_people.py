"""The People page's service: the list is scoped to the own locations, teams are handed out
only within the own locations and rights, every change is audited. SQLite and PostgreSQL."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from portal.models import AuditEvent, UserTeam
from portal.models.enums import Visibility
from portal.services import people
from portal.services.access import AccessDenied
from tests.services.people_world import build, principal


@pytest.fixture
def world(db_session: Session) -> SimpleNamespace:
    return build(db_session)


def teams_of(session: Session, user_id: int) -> set[int]:
    return set(session.exec(select(UserTeam.team_id).where(UserTeam.user_id == user_id)))


def test_people_list_shows_only_colleagues_of_the_own_locations(world) -> None:
    s = world.session
    rows = people.colleagues(s, principal(s, world.e1))
    assert [row.name for row in rows] == ["Emil Ernst", "Erik Esser", "Eva Engel"]
    eva = rows[2]
    assert eva.locations == ("Muster IT GmbH", "Nordlicht Systemhaus GmbH")
    assert [t.name for t in eva.teams] == ["Management"]
    assert eva.visibility == Visibility.ALL and eva.active


def test_people_list_names_only_the_callers_locations_of_a_colleague(world) -> None:
    s = world.session
    rows = people.colleagues(s, principal(s, world.e2))  # e2 is at Muster only
    eva = next(row for row in rows if row.name == "Eva Engel")
    assert eva.locations == ("Muster IT GmbH",)


def test_people_list_needs_the_manage_people_action(world) -> None:
    s = world.session
    with pytest.raises(AccessDenied):
        people.colleagues(s, principal(s, world.e3))


def test_own_row_allows_own_visibility_only_with_that_action_and_never_own_teams(world) -> None:
    s = world.session
    by_name = {row.name: row for row in people.colleagues(s, principal(s, world.e1))}
    assert not by_name["Eva Engel"].may_change_visibility  # Management: no own visibility
    assert not by_name["Eva Engel"].may_change_teams
    assert by_name["Erik Esser"].may_change_visibility and by_name["Erik Esser"].may_change_teams
    own = next(r for r in people.colleagues(s, principal(s, world.e2)) if r.name == "Emil Ernst")
    assert own.may_change_visibility and not own.may_change_teams


def test_assignable_teams_are_of_the_own_locations_and_within_the_own_rights(world) -> None:
    s = world.session
    e1_teams = {t.name for t in people.assignable_teams(s, principal(s, world.e1))}
    assert e1_teams == {"Management", "Vertrieb Muster"}  # not Administration, not Fremd
    e2_teams = {t.name for t in people.assignable_teams(s, principal(s, world.e2))}
    assert e2_teams == {"Administration", "Management", "Vertrieb Muster"}
    assert people.assignable_teams(s, principal(s, world.e3)) == []


def test_set_teams_replaces_the_teams_and_is_audited(world) -> None:
    s = world.session
    people.set_teams(s, principal(s, world.e1), world.e3.id, [world.management.id])
    s.commit()
    assert teams_of(s, world.e3.id) == {world.management.id}
    event = s.exec(select(AuditEvent).where(AuditEvent.action == "partner.teams_changed")).one()
    assert event.actor_id == world.e1.id and event.target_id == str(world.e3.id)
    assert event.detail == {"from": [world.sales_here.id], "to": [world.management.id]}


def test_a_team_of_another_company_is_refused(world) -> None:
    s = world.session
    with pytest.raises(AccessDenied):
        people.set_teams(s, principal(s, world.e1), world.e3.id, [world.sales_there.id])
    assert teams_of(s, world.e3.id) == {world.sales_here.id}


def test_a_team_with_more_rights_than_the_manager_has_is_refused(world) -> None:
    s = world.session
    with pytest.raises(AccessDenied):
        people.set_teams(s, principal(s, world.e1), world.e3.id, [world.administration.id])


def test_a_held_team_may_stay_while_others_change(world) -> None:
    """E1 cannot hand out Administration, but editing E2's other teams must not fail on it."""
    s = world.session
    wanted = [world.administration.id, world.sales_here.id]
    people.set_teams(s, principal(s, world.e1), world.e2.id, wanted)
    assert teams_of(s, world.e2.id) == set(wanted)


def test_nobody_changes_his_own_teams(world) -> None:
    s = world.session
    with pytest.raises(AccessDenied):
        people.set_teams(s, principal(s, world.e2), world.e2.id, [world.management.id])


def test_colleagues_of_another_company_cannot_be_managed(world) -> None:
    s = world.session
    with pytest.raises(AccessDenied):
        people.set_teams(s, principal(s, world.x1), world.e3.id, [])
    with pytest.raises(AccessDenied):
        people.set_visibility(s, principal(s, world.x1), world.e3.id, Visibility.ALL)


def test_unknown_or_non_partner_ids_are_not_found(world) -> None:
    s = world.session
    with pytest.raises(AccessDenied, match=r"error\.not_found"):
        people.set_teams(s, principal(s, world.e1), 999_999, [])
