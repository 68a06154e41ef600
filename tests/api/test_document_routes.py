"""GET /files/document/{id} over HTTP (Starlette TestClient against build_api()): the session
cookie decides who asks, the policy what they get. SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from portal.config import get_settings
from portal.services.documents import download_url
from tests.services import customer_world


@pytest.fixture
def world(api_world) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    return api_world(customer_world.build, lambda w: (w.main,))


def get(world, document_id: object, login: str | None = None):  # type: ignore[no-untyped-def]
    return world.as_login(login).get(f"/files/document/{document_id}")


def test_without_a_session_the_browser_is_sent_to_login_and_back(world) -> None:
    response = get(world, world.policy_doc.id)
    assert response.status_code == 303
    assert (
        response.headers["location"] == f"/login?next=%2Ffiles%2Fdocument%2F{world.policy_doc.id}"
    )


def test_foreign_unknown_and_malformed_ids_are_the_same_404(world) -> None:
    answers = {
        get(world, document_id, "main").text
        for document_id in (world.stranger_doc.id, world.private_letter.id, 999_999, "abc", "-1")
    }
    assert len(answers) == 1
    response = get(world, world.stranger_doc.id, "main")
    assert response.status_code == 404
    assert "nicht sichtbar" in response.text and "Fremde" not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_visible_document_streams_as_attachment(world) -> None:
    response = get(world, world.policy_doc.id, "main")
    assert response.status_code == 200
    expected = (Path(get_settings().data_dir) / world.policy_doc.file_path).read_bytes()
    assert response.content == expected
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'attachment; filename="Police_Hausrat.pdf"'
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    assert download_url(world.policy_doc.id) == f"/files/document/{world.policy_doc.id}"
