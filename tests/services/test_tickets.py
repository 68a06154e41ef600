"""Tickets: scope MAIN/NORMAL, creation with attachments and inbox item, reply, status."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from portal.models import Attachment, InboxItem, Ticket
from portal.models.enums import InboxKind, TicketStatus
from portal.services import attachments, tickets
from portal.services.access import AccessDenied
from portal.services.attachments import IncomingFile
from portal.services.tickets import TicketRefused
from portal.services.uploads import UploadRefused
from tests.services.support_world import PDF, build


def _open(session: Session, principal, data_dir: Path, subject: str = "Hilfe", files=()) -> int:  # type: ignore[no-untyped-def]
    ticket_id = tickets.create_ticket(
        session, principal, subject=subject, body="Bitte helfen", files=files, data_dir=data_dir
    )
    session.commit()
    return ticket_id


def test_main_sees_all_company_tickets_normal_only_own(db_session: Session, tmp_path: Path) -> None:
    w = build(db_session)
    by_main = _open(db_session, w.who(w.main), tmp_path, "Von Haupt")
    by_normal = _open(db_session, w.who(w.normal), tmp_path, "Von Mitarbeiter")
    by_other = _open(db_session, w.who(w.other), tmp_path, "Fremd")
    assert {r.id for r in tickets.list_tickets(db_session, w.who(w.main))} == {by_main, by_normal}
    assert {r.id for r in tickets.list_tickets(db_session, w.who(w.normal))} == {by_normal}
    assert {r.id for r in tickets.list_tickets(db_session, w.who(w.other))} == {by_other}


def test_normal_user_cannot_open_a_main_only_ticket(db_session: Session, tmp_path: Path) -> None:
    w = build(db_session)
    by_main = _open(db_session, w.who(w.main), tmp_path)
    with pytest.raises(AccessDenied) as denied:
        tickets.ticket_detail(db_session, w.who(w.normal), by_main)
    assert denied.value.message_key == "error.not_found"
    with pytest.raises(AccessDenied):
        tickets.reply(db_session, w.who(w.normal), by_main, body="x", data_dir=tmp_path)


def test_new_ticket_stores_files_and_lands_in_the_staff_inbox(
    db_session: Session, tmp_path: Path
) -> None:
    w = build(db_session)
    ticket_id = _open(
        db_session, w.who(w.normal), tmp_path, files=[IncomingFile("../../foto.pdf", PDF)]
    )
    item = db_session.exec(select(InboxItem).where(InboxItem.ref_id == ticket_id)).one()
    assert item.kind == InboxKind.TICKET and "Hilfe" in item.title
    detail = tickets.ticket_detail(db_session, w.who(w.main), ticket_id)
    assert detail.ticket.status == TicketStatus.OPEN
    (file,) = detail.messages[0].files
    assert file.file_name == "foto.pdf"
    stored = db_session.exec(select(Attachment)).one()
    assert (tmp_path / stored.file_path).read_bytes() == PDF
    assert stored.file_path.startswith(attachments.ATTACHMENT_FOLDER + "/")


def test_a_refused_file_stores_nothing(db_session: Session, tmp_path: Path) -> None:
    w = build(db_session)
    with pytest.raises(UploadRefused) as refused:
        tickets.create_ticket(
            db_session,
            w.who(w.main),
            subject="Hilfe",
            body="x",
            files=[IncomingFile("ok.pdf", PDF), IncomingFile("evil.pdf", b"MZ\x90\x00")],
            data_dir=tmp_path,
        )
    assert refused.value.message_key == "upload.error.type"
    db_session.rollback()
    assert db_session.exec(select(Ticket)).all() == []
    assert not (tmp_path / attachments.ATTACHMENT_FOLDER).exists()


def test_too_many_or_too_large_files_are_refused(db_session: Session, tmp_path: Path) -> None:
    w = build(db_session)
    many = [IncomingFile(f"{i}.pdf", PDF) for i in range(attachments.ATTACHMENT_MAX_FILES + 1)]
    big = [IncomingFile("big.pdf", PDF + b"0" * attachments.ATTACHMENT_MAX_BYTES)]
    for files, key in ((many, "support.error.too_many_files"), (big, "upload.error.too_large")):
        with pytest.raises(UploadRefused) as refused:
            tickets.create_ticket(
                db_session, w.who(w.main), subject="s", body="b", files=files, data_dir=tmp_path
            )
        assert refused.value.message_key == key


def test_empty_fields_are_refused_by_field(db_session: Session, tmp_path: Path) -> None:
    w = build(db_session)
    with pytest.raises(TicketRefused) as refused:
        tickets.create_ticket(db_session, w.who(w.main), subject=" ", body="", data_dir=tmp_path)
    assert set(refused.value.errors) == {"subject", "body"}


def test_replies_move_the_status_and_closing_reopening(db_session: Session, tmp_path: Path) -> None:
    w = build(db_session)
    ticket_id = _open(db_session, w.who(w.normal), tmp_path)
    tickets.reply(db_session, w.who(w.clerk), ticket_id, body="Foto bitte", data_dir=tmp_path)
    assert db_session.get(Ticket, ticket_id).status == TicketStatus.WAITING_FOR_CUSTOMER
    tickets.reply(db_session, w.who(w.normal), ticket_id, body="Anbei", data_dir=tmp_path)
    assert db_session.get(Ticket, ticket_id).status == TicketStatus.WAITING_FOR_STAFF
    tickets.set_closed(db_session, w.who(w.normal), ticket_id, True)
    assert db_session.get(Ticket, ticket_id).status == TicketStatus.CLOSED
    tickets.set_closed(db_session, w.who(w.main), ticket_id, False)
    assert db_session.get(Ticket, ticket_id).status == TicketStatus.WAITING_FOR_STAFF
    detail = tickets.ticket_detail(db_session, w.who(w.normal), ticket_id)
    assert [m.from_staff for m in detail.messages] == [False, True, False]


def test_a_foreign_customer_for_a_new_ticket_is_not_found(
    db_session: Session, tmp_path: Path
) -> None:
    w = build(db_session)
    with pytest.raises(AccessDenied):
        tickets.create_ticket(
            db_session,
            w.who(w.main),
            subject="s",
            body="b",
            data_dir=tmp_path,
            customer_id=w.stranger.id,
        )


def test_attachment_download_follows_the_ticket_scope(db_session: Session, tmp_path: Path) -> None:
    w = build(db_session)
    ticket_id = _open(db_session, w.who(w.main), tmp_path, files=[IncomingFile("a.pdf", PDF)])
    attachment_id = db_session.exec(select(Attachment.id)).one()
    got = attachments.attachment_download(
        db_session, w.who(w.main), attachment_id, data_dir=tmp_path
    )
    assert got.path.read_bytes() == PDF and got.filename == "a.pdf"
    for stranger in (w.normal, w.other):
        with pytest.raises(AccessDenied):
            attachments.attachment_download(
                db_session, w.who(stranger), attachment_id, data_dir=tmp_path
            )
    assert ticket_id
