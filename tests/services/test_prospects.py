"""New prospects: validation, the caller's company and contact, the duplicate check by name and
postcode (named inside the caller's scope, only reported outside it). SQLite and PostgreSQL."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from portal.models import AuditEvent, Customer
from portal.models.enums import CustomerKind
from portal.services import prospects
from portal.services.access import AccessDenied
from tests import factories as f
from tests.services import detail_world
from tests.services.detail_world import principal

FORM = {
    "name": "Neue Werkstatt GmbH",
    "street": "Hauptstraße 1",
    "postcode": "10115",
    "city": "Berlin",
    "email": "info@werkstatt.example",
    "phone": "+49 30 1234567",
}


@pytest.fixture
def world(db_session: Session) -> SimpleNamespace:
    return detail_world.build(db_session)


def create(world, user, **changes: str):  # type: ignore[no-untyped-def]
    s = world.session
    outcome = prospects.create_prospect(s, principal(s, user), {**FORM, **changes})
    s.commit()
    return outcome


def test_prospect_belongs_to_the_chosen_company_with_the_creator_as_contact(world) -> None:
    outcome = create(world, world.e1, partner_company_id=str(world.nord.id), is_private="on")
    assert outcome.ok
    row = world.session.get(Customer, outcome.customer_id)
    assert (row.kind, row.partner_company_id, row.partner_contact_id) == (
        CustomerKind.PROSPECT,
        world.nord.id,
        world.e1.id,
    )
    assert row.is_private and row.number == f"I-{row.id:07d}"
    assert (row.street, row.city, row.email) == ("Hauptstraße 1", "Berlin", FORM["email"])
    event = world.session.exec(
        select(AuditEvent).where(AuditEvent.action == "customer.prospect_created")
    ).one()
    assert (event.actor_id, event.target_id) == (world.e1.id, str(row.id))


def test_a_single_company_is_taken_without_asking(world) -> None:
    outcome = create(world, world.e3)
    row = world.session.get(Customer, outcome.customer_id)
    assert row.partner_company_id == world.muster.id and row.partner_contact_id == world.e3.id


def test_several_companies_need_a_choice_of_ones_own(world) -> None:
    assert create(world, world.e1).errors == {
        "partner_company_id": "prospect.error.company_required"
    }
    for chosen, key in (
        (str(world.other.id), "prospect.error.company_invalid"),
        ("999999", "prospect.error.company_invalid"),
        ("abc", "prospect.error.company_required"),
    ):
        assert create(world, world.e1, partner_company_id=chosen).errors == {
            "partner_company_id": key
        }
    assert create(world, world.e3, partner_company_id=str(world.other.id)).errors == {
        "partner_company_id": "prospect.error.company_invalid"
    }
    assert world.session.exec(select(Customer).where(Customer.name == FORM["name"])).all() == []


def test_missing_and_malformed_fields_are_reported_per_field(world) -> None:
    outcome = create(
        world, world.e3, name="  ", postcode="1", city="", email="kein-at", phone="abc"
    )
    assert outcome.errors == {
        "name": "prospect.error.name_required",
        "postcode": "prospect.error.postcode_invalid",
        "city": "prospect.error.city_required",
        "email": "prospect.error.email_invalid",
        "phone": "prospect.error.phone_invalid",
    }
    assert create(world, world.e3, name="x" * 201).errors == {"name": "prospect.error.too_long"}


def test_duplicate_in_scope_is_named_whatever_the_case_and_spacing(world) -> None:
    nord = str(world.nord.id)
    outcome = create(
        world, world.e1, name="  bäckerei   BRANDT ", postcode=" 101 17", partner_company_id=nord
    )
    assert outcome == prospects.ProspectOutcome(
        duplicate=prospects.Duplicate(world.b.id, world.b.number, world.b.name)
    )


def test_a_duplicate_is_reported_even_while_other_fields_still_need_fixing(world) -> None:
    outcome = create(world, world.e1, name="Bäckerei Brandt", postcode="10117", email="x")
    assert outcome.duplicate is not None and outcome.errors == {
        "email": "prospect.error.email_invalid",
        "partner_company_id": "prospect.error.company_required",
    }


def test_duplicate_outside_scope_is_refused_without_revealing_it(world) -> None:
    # E3 (OWN) may not see Alpha Bau (contact E2); X belongs to another partner entirely.
    for name, postcode, existing in (
        ("Alpha Bau GmbH", "10115", world.a),
        ("xenia fremd gmbh", "80331", world.x),
    ):
        outcome = create(world, world.e3, name=name, postcode=postcode)
        assert outcome == prospects.ProspectOutcome(duplicate_elsewhere=True)
        event = world.session.exec(
            select(AuditEvent)
            .where(AuditEvent.action == "customer.prospect_duplicate_elsewhere")
            .order_by(AuditEvent.id.desc())
        ).first()
        assert event.target_id == str(existing.id) and event.actor_id == world.e3.id
    assert world.session.exec(select(Customer).where(Customer.name == "Alpha Bau GmbH")).all() == [
        world.a
    ]


def test_same_name_with_another_postcode_is_no_duplicate(world) -> None:
    assert create(world, world.e3, name="Alpha Bau GmbH", postcode="10117").ok


def test_visibility_none_and_staff_cannot_create_prospects(world) -> None:
    s = world.session
    staff = f.staff(s, "admin@portal.example", [])
    s.commit()
    for user in (world.e2, staff):
        with pytest.raises(AccessDenied) as denied:
            prospects.create_prospect(s, principal(s, user), FORM)
        assert denied.value.message_key == "prospect.error.not_allowed"
