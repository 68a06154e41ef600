"""Licence files: written under the data dir, served only inside the licence folder, only in
scope and with the team action, and every download audited. SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from portal.models import AuditEvent
from portal.services.access import AccessDenied
from portal.services.licenses import license_download, write_license_file
from tests.services import detail_world
from tests.services.detail_world import principal


@pytest.fixture
def world(db_session: Session, tmp_path: Path) -> SimpleNamespace:
    world = detail_world.build(db_session)
    world.data_dir = tmp_path
    for contract, customer in ((world.a_contract, world.a), (world.x_contract, world.x)):
        contract.license_file_path = write_license_file(tmp_path, contract, customer.name)
    db_session.commit()
    return world


def download(world, user, subscription_id: int):  # type: ignore[no-untyped-def]
    s = world.session
    return license_download(
        s, principal(s, user), subscription_id, data_dir=world.data_dir, client_address="10.0.0.9"
    )


def test_written_file_lies_in_the_licence_folder_and_names_the_contract(world) -> None:
    path = world.data_dir / world.a_contract.license_file_path
    assert path.parent == world.data_dir / "licenses"
    assert f"Contract={world.a_contract.number}" in path.read_text()


def test_download_in_scope_with_the_action_is_audited(world) -> None:
    found = download(world, world.e1, world.a_contract.id)
    world.session.commit()
    assert found.filename == f"{world.a_contract.number}.lic"
    assert found.path.read_bytes().startswith(b"[License]")
    event = world.session.exec(
        select(AuditEvent).where(AuditEvent.action == "license.downloaded")
    ).one()
    assert (event.actor_id, event.target_id, event.client_address) == (
        world.e1.id,
        str(world.a_contract.id),
        "10.0.0.9",
    )


def test_out_of_scope_is_not_found_and_a_team_without_the_action_forbidden(world) -> None:
    world.c_contract.license_file_path = world.a_contract.license_file_path
    world.session.commit()
    for user, contract, key in (
        (world.e1, world.x_contract, "error.not_found"),
        (world.e3, world.a_contract, "error.not_found"),  # OWN: not E3's customer
        (world.e3, world.c_contract, "error.forbidden"),  # E3's own, but no DOWNLOAD_LICENSE
    ):
        with pytest.raises(AccessDenied) as denied:
            download(world, user, contract.id)
        assert denied.value.message_key == key
    assert world.session.exec(select(AuditEvent)).all() == []


@pytest.mark.parametrize("stored", ["../portal.db", "/etc/passwd", "licenses/missing.lic", ""])
def test_paths_outside_the_licence_folder_or_missing_files_serve_nothing(world, stored) -> None:
    (world.data_dir / "portal.db").write_text("secret")
    world.a_contract.license_file_path = stored or None
    world.session.commit()
    with pytest.raises(AccessDenied) as denied:
        download(world, world.e1, world.a_contract.id)
    assert denied.value.message_key == "error.not_found"
