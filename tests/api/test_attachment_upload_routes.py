"""Tickets, replies and claims with files as native multipart POSTs over HTTP: session (401),
same origin, the caller's scope (a foreign ticket or contract is 404), file type by content,
size and count, and nothing stored on any refusal; refusals go back to the form with a message
key and never with the typed text. SQLite and PostgreSQL."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlmodel import select

from portal.models import Attachment, Claim, Ticket, TicketMessage
from portal.services import attachments
from tests.services import support_world
from tests.services.support_world import PDF, PNG

ORIGIN = "http://testserver"
SECRET = "Vertrauliche Nachricht 4711"


@pytest.fixture
def world(api_world) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    return api_world(
        lambda session, _: support_world.build(session), lambda w: (w.main, w.normal, w.other)
    )


def _post(world, user, path: str, fields: dict[str, str], files=(), origin: str = ORIGIN):  # type: ignore[no-untyped-def]
    client = world.as_login(user.login if user is not None else None)
    return client.post(
        path,
        data=fields,
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
        headers={"origin": origin},
    )


def _ticket(world, user, files=(), **fields: str):  # type: ignore[no-untyped-def]
    return _post(
        world, user, "/files/ticket", {"subject": "Hilfe", "body": SECRET, **fields}, files
    )


def _count(world, model) -> int:  # type: ignore[no-untyped-def]
    world.session.expire_all()
    return len(world.session.exec(select(model)).all())


def _stored_files(world) -> list[str]:  # type: ignore[no-untyped-def]
    folder = world.data_dir / attachments.ATTACHMENT_FOLDER
    return [p.name for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_a_ticket_with_files_is_created_in_one_post(world) -> None:
    response = _ticket(world, world.main, [("a.pdf", PDF), ("b.png", PNG)])
    assert response.status_code == 303
    ticket = world.session.exec(select(Ticket)).one()
    assert response.headers["location"] == f"/customer/tickets/{ticket.id}"
    assert ticket.subject == "Hilfe" and ticket.creator_id == world.main.id
    names = {a.file_name for a in world.session.exec(select(Attachment)).all()}
    assert names == {"a.pdf", "b.png"} and len(_stored_files(world)) == 2
    # without files is fine too
    assert _ticket(world, world.main).status_code == 303
    assert _count(world, Ticket) == 2


@pytest.mark.parametrize(
    ("files", "fields", "key"),
    [
        ([("a.pdf", PDF), ("notiz.pdf", b"nur Text")], {}, "upload.error.type"),
        (
            [("gross.pdf", PDF + b"\0" * attachments.ATTACHMENT_MAX_BYTES)],
            {},
            "upload.error.too_large",
        ),
        ([(f"{i}.pdf", PDF) for i in range(6)], {}, "upload.error.too_many_files"),
        ([("a.pdf", PDF)], {"body": "  "}, "support.error.body_required"),
        ([("a.pdf", PDF)], {"subject": ""}, "support.error.subject_required"),
    ],
)
def test_a_refused_ticket_stores_nothing(world, files, fields, key) -> None:  # type: ignore[no-untyped-def]
    response = _ticket(world, world.main, files, **fields)
    assert response.status_code == 303
    assert response.headers["location"] == f"/customer/tickets/new?error={key}"
    assert _count(world, Ticket) == 0 and _count(world, Attachment) == 0
    assert _stored_files(world) == []


def test_session_origin_and_audience_are_checked(world) -> None:
    assert _ticket(world, None, [("a.pdf", PDF)]).status_code == 401
    evil = _post(
        world,
        world.main,
        "/files/ticket",
        {"subject": "x", "body": "y"},
        origin="http://evil.example",
    )
    assert evil.status_code == 400
    assert (
        _post(world, world.main, "/files/claim", {}, origin="http://evil.example").status_code
        == 400
    )
    assert _count(world, Ticket) == 0


def test_replies_only_on_a_visible_ticket(world) -> None:
    assert _ticket(world, world.main).status_code == 303
    ticket_id = world.session.exec(select(Ticket.id)).one()
    path = f"/files/ticket/{ticket_id}/reply"
    # the NORMAL user of the same company does not see the MAIN user's ticket, nor a stranger
    for user in (world.normal, world.other):
        assert _post(world, user, path, {"body": "Ich auch"}, [("a.pdf", PDF)]).status_code == 404
    assert _post(world, world.main, "/files/ticket/abc/reply", {"body": "x"}).status_code == 404
    assert _post(world, None, path, {"body": "x"}).status_code == 401
    refused = _post(world, world.main, path, {"body": SECRET}, [("x.pdf", b"<html>")])
    assert refused.headers["location"] == f"/customer/tickets/{ticket_id}?error=upload.error.type"
    assert SECRET not in refused.headers["location"]
    assert _count(world, TicketMessage) == 1 and _count(world, Attachment) == 0
    sent = _post(world, world.main, path, {"body": "Hier die Rechnung"}, [("r.pdf", PDF)])
    assert sent.status_code == 303 and sent.headers["location"] == f"/customer/tickets/{ticket_id}"
    assert _count(world, TicketMessage) == 2 and _count(world, Attachment) == 1


def _claim(world, user, contract, files=(), **fields: str):  # type: ignore[no-untyped-def]
    form = {
        "contract": str(contract.id),
        "claim_date": "2026-01-05",
        "place": "Leipzig",
        "description": SECRET,
        **fields,
    }
    return _post(world, user, "/files/claim", form, files)


def test_claims_on_own_contracts_only(world) -> None:
    assert _claim(world, world.main, world.foreign, [("a.pdf", PDF)]).status_code == 404
    assert _claim(world, None, world.building).status_code == 401
    refused = _claim(world, world.main, world.building, [("a.pdf", b"GIF89a")])
    assert refused.headers["location"] == "/customer/claims/new?error=upload.error.type"
    missing = _claim(world, world.main, world.building, description="")
    assert missing.headers["location"] == (
        "/customer/claims/new?error=support.error.description_required"
    )
    assert _count(world, Claim) == 0 and _stored_files(world) == []
    filed = _claim(world, world.main, world.building, [("dach.pdf", PDF)])
    assert filed.status_code == 303 and filed.headers["location"] == "/customer/claims"
    claim = world.session.exec(select(Claim)).one()
    assert claim.subscription_id == world.building.id and claim.description == SECRET
    assert world.session.exec(select(Attachment.file_name)).all() == ["dach.pdf"]
