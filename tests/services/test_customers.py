"""Customer detail and the change of its partner contact (SPEC §3.1): scope first, then the
team, then the person; every change audited with from/to. SQLite and PostgreSQL."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from portal.models import AuditEvent, Customer
from portal.models.enums import Visibility
from portal.services import customers
from portal.services.access import AccessDenied
from tests import factories as f
from tests.services import detail_world
from tests.services.detail_world import principal


@pytest.fixture
def world(db_session: Session) -> SimpleNamespace:
    return detail_world.build(db_session)


def contact_of(session: Session, customer: Customer) -> int | None:
    session.expire_all()
    return session.get(Customer, customer.id).partner_contact_id  # type: ignore[union-attr]


def test_detail_shows_master_data_partner_company_contact_and_contracts(world) -> None:
    s = world.session
    detail = customers.customer_detail(s, principal(s, world.e1), world.a.id)
    assert (detail.name, detail.postcode, detail.partner_company) == (
        "Alpha Bau GmbH",
        "10115",
        "Muster IT GmbH",
    )
    assert detail.partner_contact == customers.Person(world.e2.id, "Emil Ernst")
    assert [c.number for c in detail.contracts] == [world.a_contract.number]


def test_retail_price_only_for_teams_that_may_see_it(world) -> None:
    s = world.session
    management = customers.customer_detail(s, principal(s, world.e1), world.a.id)
    assert management.contracts[0].retail_price is None
    world.e2.visibility = Visibility.ALL  # Administration, which may see retail prices
    s.commit()
    administration = customers.customer_detail(s, principal(s, world.e2), world.a.id)
    assert str(administration.contracts[0].retail_price) == "59.00"


def test_contact_choices_are_active_users_of_the_customers_company_for_permitted_teams(
    world,
) -> None:
    s = world.session
    inactive = f.partner(s, "alt@muster.example", Visibility.ALL, [world.muster])
    inactive.active = False
    s.commit()
    permitted = customers.customer_detail(s, principal(s, world.e1), world.a.id)
    assert [p.name for p in permitted.contact_choices] == ["Emil Ernst", "Erik Esser", "Eva Engel"]
    not_permitted = customers.customer_detail(s, principal(s, world.e3), world.c.id)
    assert not_permitted.contact_choices == ()


def test_permitted_team_changes_the_partner_contact_and_it_is_audited(world) -> None:
    s = world.session
    chosen = customers.change_partner_contact(s, principal(s, world.e1), world.a.id, world.e3.id)
    s.commit()
    assert chosen == customers.Person(world.e3.id, "Erik Esser")
    assert contact_of(s, world.a) == world.e3.id
    event = s.exec(
        select(AuditEvent).where(AuditEvent.action == "customer.partner_contact_changed")
    ).one()
    assert (event.actor_id, event.target_type, event.target_id) == (
        world.e1.id,
        "customer",
        str(world.a.id),
    )
    assert event.detail == {"from": world.e2.id, "to": world.e3.id}


def test_choosing_the_current_contact_again_changes_and_audits_nothing(world) -> None:
    s = world.session
    customers.change_partner_contact(s, principal(s, world.e1), world.a.id, world.e2.id)
    s.commit()
    assert s.exec(select(AuditEvent)).all() == []


def test_team_without_the_action_may_not_change_the_contact(world) -> None:
    s = world.session
    with pytest.raises(AccessDenied) as denied:
        customers.change_partner_contact(s, principal(s, world.e3), world.c.id, world.e1.id)
    assert denied.value.message_key == "error.forbidden"
    assert contact_of(s, world.c) == world.e3.id


def test_contact_from_another_partner_company_is_refused(world) -> None:
    s = world.session
    hamburg_only = f.partner(s, "hh@nordlicht.example", Visibility.ALL, [world.nord])
    s.commit()
    for person in (world.x1, hamburg_only):
        with pytest.raises(AccessDenied) as denied:
            customers.change_partner_contact(s, principal(s, world.e1), world.a.id, person.id)
        assert denied.value.message_key == "detail.error.contact_not_eligible"
    assert contact_of(s, world.a) == world.e2.id


def test_contact_of_the_same_company_who_is_inactive_or_not_a_partner_is_refused(world) -> None:
    s = world.session
    inactive = f.partner(s, "alt@muster.example", Visibility.ALL, [world.muster])
    inactive.active = False
    staff = f.staff(s, "admin@portal.example", [])
    s.commit()
    for person_id in (inactive.id, staff.id, 999_999):
        with pytest.raises(AccessDenied) as denied:
            customers.change_partner_contact(s, principal(s, world.e1), world.a.id, person_id)
        assert denied.value.message_key == "detail.error.contact_not_eligible"


def test_customer_out_of_scope_is_not_found_like_an_unknown_id(world) -> None:
    s = world.session
    e1 = principal(s, world.e1)
    for customer_id in (world.x.id, 999_999):
        with pytest.raises(AccessDenied) as denied:
            customers.change_partner_contact(s, e1, customer_id, world.e1.id)
        assert denied.value.message_key == "error.not_found"
        with pytest.raises(AccessDenied) as denied:
            customers.customer_detail(s, e1, customer_id)
        assert denied.value.message_key == "error.not_found"
    assert contact_of(s, world.x) == world.x1.id


def test_visibility_none_sees_no_customer_even_as_its_contact(world) -> None:
    s = world.session
    with pytest.raises(AccessDenied) as denied:
        customers.customer_detail(s, principal(s, world.e2), world.a.id)
    assert denied.value.message_key == "error.not_found"
