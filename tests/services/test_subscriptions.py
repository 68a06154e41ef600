"""Contract detail for partners: scope, retail price by team, status history, whether the
licence can be downloaded. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from sqlmodel import Session

from portal.models import SubscriptionStatusChange
from portal.models.enums import ContractStatus, Visibility
from portal.services.access import AccessDenied
from portal.services.subscriptions import subscription_detail
from tests.services import detail_world
from tests.services.detail_world import principal


@pytest.fixture
def world(db_session: Session) -> SimpleNamespace:
    return detail_world.build(db_session)


def test_detail_has_the_customer_and_the_history_newest_first(world) -> None:
    s = world.session
    for day, status in ((1, ContractStatus.OFFER), (20, ContractStatus.OWN)):
        s.add(
            SubscriptionStatusChange(
                subscription_id=world.a_contract.id,
                status=status,
                changed_at=datetime(2025, 1, day, 10, tzinfo=UTC),
                note=f"Tag {day}",
            )
        )
    s.commit()
    detail = subscription_detail(s, principal(s, world.e1), world.a_contract.id)
    assert (detail.customer_id, detail.customer_name) == (world.a.id, "Alpha Bau GmbH")
    assert [(h.status, h.note) for h in detail.history] == [("own", "Tag 20"), ("offer", "Tag 1")]


def test_retail_price_and_licence_follow_the_team(world) -> None:
    s = world.session
    world.a_contract.license_file_path = "licenses/a.lic"
    world.e2.visibility = Visibility.ALL
    s.commit()
    management = subscription_detail(s, principal(s, world.e1), world.a_contract.id)
    assert management.retail_price is None and management.license_downloadable
    administration = subscription_detail(s, principal(s, world.e2), world.a_contract.id)
    assert str(administration.retail_price) == "59.00" and administration.license_downloadable
    own = subscription_detail(s, principal(s, world.e3), world.c_contract.id)
    assert own.retail_price is None and not own.license_downloadable  # team without the action


def test_contract_without_licence_file_offers_no_download(world) -> None:
    s = world.session
    detail = subscription_detail(s, principal(s, world.e1), world.a_contract.id)
    assert not detail.license_downloadable


def test_contract_out_of_scope_is_not_found_like_an_unknown_id(world) -> None:
    s = world.session
    cases = ((world.e1, world.x_contract.id), (world.e3, world.a_contract.id), (world.e1, 99999))
    for user, subscription_id in cases:
        with pytest.raises(AccessDenied) as denied:
            subscription_detail(s, principal(s, user), subscription_id)
        assert denied.value.message_key == "error.not_found"
