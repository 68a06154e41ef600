"""Postbox folders, unread counts and read receipts, all within the caller's scope."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from portal.models import Document
from portal.models.enums import DocumentDirection
from portal.services import postbox, tickets
from portal.services.access import AccessDenied, load_principal
from portal.services.postbox import Folder
from tests import factories as f
from tests.services.support_world import build


def _world(session: Session, data_dir: Path):  # type: ignore[no-untyped-def]
    w = build(session)
    w.letter = f.add(session, Document(customer_id=w.firm.id, title="Brief", direction="out"))
    w.sent = f.add(
        session, Document(customer_id=w.firm.id, title="Antwort", direction=DocumentDirection.IN)
    )
    f.add(session, Document(customer_id=w.stranger.id, title="Fremd", direction="out"))
    w.ticket = tickets.create_ticket(
        session, w.who(w.main), subject="Frage", body="?", data_dir=data_dir
    )
    tickets.reply(session, w.who(w.clerk), w.ticket, body="Antwort", data_dir=data_dir)
    session.commit()
    return w


def test_folders_split_incoming_and_outgoing(db_session: Session, tmp_path: Path) -> None:
    w = _world(db_session, tmp_path)
    main = w.who(w.main)

    def titles(folder: Folder) -> list[tuple[str, bool]]:
        return sorted((i.title, i.incoming) for i in postbox.folder_items(db_session, main, folder))

    assert titles(Folder.INBOX) == [("Brief", True), ("Frage", True)]
    assert titles(Folder.OUTBOX) == [("Antwort", False), ("Frage", False)]
    assert len(titles(Folder.HISTORY)) == 4
    assert titles(Folder.MESSAGES) == [("Frage", False), ("Frage", True)]


def test_unread_counts_until_read_and_ignores_act_as(db_session: Session, tmp_path: Path) -> None:
    w = _world(db_session, tmp_path)
    main = w.who(w.main)
    assert postbox.unread_count(db_session, main) == 2
    acting = load_principal(db_session, w.main.id, actor_id=w.clerk.id)
    postbox.mark_read(db_session, acting, "document", w.letter.id)
    assert postbox.unread_count(db_session, main) == 2
    postbox.mark_read(db_session, main, "document", w.letter.id)
    postbox.mark_read(db_session, main, "document", w.letter.id)  # twice is once
    assert postbox.unread_count(db_session, main) == 1
    postbox.mark_ticket_read(db_session, main, w.ticket)
    db_session.commit()
    assert postbox.unread_count(db_session, main) == 0
    assert not any(i.unread for i in postbox.folder_items(db_session, main, Folder.INBOX))
    # the NORMAL user sees neither the company's documents nor the MAIN user's ticket
    assert postbox.unread_count(db_session, w.who(w.normal)) == 0


def test_marking_a_foreign_item_is_not_found(db_session: Session, tmp_path: Path) -> None:
    w = _world(db_session, tmp_path)
    for kind, item_id in (("document", w.letter.id), ("nonsense", 1)):
        with pytest.raises(AccessDenied):
            postbox.mark_read(db_session, w.who(w.other), kind, item_id)
