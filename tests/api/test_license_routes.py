"""GET /files/license/{id} over HTTP (Starlette TestClient against build_api()): the session
cookie decides who asks, the policy what they get. SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from portal.config import get_settings
from portal.models import AuditEvent
from portal.services.licenses import download_url, write_license_file
from tests.services import detail_world


@pytest.fixture
def world(api_world) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    def build(session: Session, data_dir: Path) -> SimpleNamespace:
        world = detail_world.build(session)
        for contract, customer in ((world.a_contract, world.a), (world.c_contract, world.c)):
            contract.license_file_path = write_license_file(data_dir, contract, customer.name)
        return world

    return api_world(build, lambda w: (w.e1, w.e3))


def get(world, subscription_id: object, login: str | None = None):  # type: ignore[no-untyped-def]
    return world.as_login(login).get(f"/files/license/{subscription_id}")


def test_without_a_session_the_browser_is_sent_to_login_and_back(world) -> None:
    response = get(world, world.a_contract.id)
    assert response.status_code == 303
    assert response.headers["location"] == (
        f"/login?next=%2Ffiles%2Flicense%2F{world.a_contract.id}"
    )


def test_a_contract_out_of_scope_or_unknown_is_404(world) -> None:
    for subscription_id in (world.x_contract.id, 999_999, "abc", "1e3"):
        response = get(world, subscription_id, "e1@muster.example")
        assert response.status_code == 404, subscription_id
        assert "Not found" not in response.text and "nicht sichtbar" in response.text


def test_a_team_without_download_license_gets_403(world) -> None:
    response = get(world, world.c_contract.id, "e3@muster.example")  # E3's own customer
    assert response.status_code == 403


def test_happy_path_streams_the_file_as_attachment_and_audits(world) -> None:
    response = get(world, world.a_contract.id, "e1@muster.example")
    assert response.status_code == 200
    expected = (Path(get_settings().data_dir) / world.a_contract.license_file_path).read_bytes()
    assert response.content == expected
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="{world.a_contract.number}.lic"'
    )
    assert response.headers["cache-control"] == "no-store"
    assert download_url(world.a_contract.id) == f"/files/license/{world.a_contract.id}"
    world.session.expire_all()
    events = world.session.exec(
        select(AuditEvent).where(AuditEvent.action == "license.downloaded")
    ).all()
    assert [(e.actor_id, e.target_id) for e in events] == [(world.e1.id, str(world.a_contract.id))]
