"""The staff inbox (Postkorb): permission, filters and search, paging, taking an item (only one
clerk wins), done/reopen, counts for the navigation badge, the audit trail, the item detail."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from portal.db import get_engine
from portal.models import (
    Approval,
    AuditEvent,
    CatalogItem,
    Claim,
    InboxItem,
    Registration,
    SalesDocument,
    ShopOrder,
    ShopOrderLine,
    Ticket,
    TicketMessage,
)
from portal.models.clock import utcnow
from portal.models.enums import ApprovalDecision, InboxKind, InboxState, ShopOrderKind
from portal.services import inbox_detail, staff_inbox
from portal.services.access import AccessDenied
from portal.services.customer_portal import PAGE_SIZE
from portal.services.staff_inbox import InboxFilter, InboxRefused
from tests import factories as f
from tests.services.support_world import build


def _items(session: Session, *specs: tuple[InboxKind, str]) -> list[InboxItem]:
    """Items created one second apart, in the given order (so "newest first" is defined)."""
    start = utcnow() - timedelta(hours=1)
    items = []
    for offset, (kind, title) in enumerate(specs):
        item = staff_inbox.add_item(session, kind, offset + 1, title)
        item.created_at = start + timedelta(seconds=offset)
        items.append(item)
    session.commit()
    return items


def _titles(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.title for r in page.rows]


def test_every_step_needs_the_inbox_permission(db_session: Session) -> None:
    w = build(db_session)
    (item,) = _items(db_session, (InboxKind.TICKET, "T"))
    outsider = f.staff(db_session, "settings-only", ["settings"])
    db_session.commit()
    for user in (outsider, w.main):
        who = w.who(user)
        with pytest.raises(AccessDenied):
            staff_inbox.list_page(db_session, who)
        with pytest.raises(AccessDenied):
            staff_inbox.counts(db_session, who)
        with pytest.raises(AccessDenied):
            inbox_detail.item_detail(db_session, who, item.id, "de")
        for step in (
            staff_inbox.assign_to_me,
            staff_inbox.unassign,
            staff_inbox.mark_done,
            staff_inbox.reopen,
        ):
            with pytest.raises(AccessDenied):
                step(db_session, who, item.id)
    db_session.refresh(item)
    assert (item.state, item.assigned_to_id) == (InboxState.OPEN, None)


def test_filters_by_kind_state_search_and_ignores_unknown_values(db_session: Session) -> None:
    w = build(db_session)
    _, claim, _ = _items(
        db_session,
        (InboxKind.TICKET, "Ticket: Drucker defekt (Firma)"),
        (InboxKind.CLAIM, "Schadenmeldung V-1 (Firma)"),
        (InboxKind.ORDER, "Bestellung SO-2026-0001 100%_sicher"),
    )
    claim.state = InboxState.DONE
    db_session.commit()
    clerk = w.who(w.clerk)

    def titles(**chosen) -> list[str]:  # type: ignore[no-untyped-def]
        return _titles(staff_inbox.list_page(db_session, clerk, InboxFilter(**chosen)))

    assert titles(kind="claim") == ["Schadenmeldung V-1 (Firma)"]
    assert titles(state="open") == [
        "Bestellung SO-2026-0001 100%_sicher",
        "Ticket: Drucker defekt (Firma)",
    ]
    assert titles(search="DRUCKER") == ["Ticket: Drucker defekt (Firma)"]
    # LIKE wildcards typed by the user are plain characters
    assert titles(search="%") == ["Bestellung SO-2026-0001 100%_sicher"]
    assert titles(search="0%_s") == ["Bestellung SO-2026-0001 100%_sicher"]
    assert titles(search="_") == ["Bestellung SO-2026-0001 100%_sicher"]
    assert len(titles(kind="'; drop", state="?", search="   ")) == 3
    assert staff_inbox.list_items(db_session, clerk, kind="claim")[0].kind == "claim"


def test_mine_and_unassigned(db_session: Session) -> None:
    w = build(db_session)
    first, second, _ = _items(
        db_session, (InboxKind.TICKET, "A"), (InboxKind.TICKET, "B"), (InboxKind.CLAIM, "C")
    )
    other = f.staff(db_session, "other-clerk", ["inbox"])
    db_session.commit()
    staff_inbox.assign_to_me(db_session, w.who(w.clerk), first.id)
    staff_inbox.assign_to_me(db_session, w.who(other), second.id)
    db_session.commit()
    clerk = w.who(w.clerk)
    mine = staff_inbox.list_page(db_session, clerk, InboxFilter(mine=True))
    assert _titles(mine) == ["A"]
    assert mine.rows[0].assignee == "clerk" and mine.rows[0].state == InboxState.IN_PROGRESS
    free = staff_inbox.list_page(db_session, clerk, InboxFilter(unassigned=True))
    assert _titles(free) == ["C"]


def test_paging_clamps_to_the_pages_there_are(db_session: Session) -> None:
    w = build(db_session)
    _items(db_session, *((InboxKind.TICKET, f"T{n:03}") for n in range(PAGE_SIZE + 3)))
    clerk = w.who(w.clerk)
    first = staff_inbox.list_page(db_session, clerk)
    assert (first.total, first.pages, len(first.rows)) == (PAGE_SIZE + 3, 2, PAGE_SIZE)
    assert first.rows[0].title == f"T{PAGE_SIZE + 2:03}"
    last = staff_inbox.list_page(db_session, clerk, page=99)
    assert (last.page, _titles(last)) == (1, ["T002", "T001", "T000"])
    assert staff_inbox.list_page(db_session, clerk, page=-5).page == 0


def test_only_one_clerk_takes_an_item_the_other_learns_who(any_db_url: str) -> None:
    """Two clerks in two transactions; both saw the item free, the second UPDATE finds nothing."""
    engine = get_engine(any_db_url)
    with Session(engine, expire_on_commit=False) as setup:
        w = build(setup)
        (item,) = _items(setup, (InboxKind.ORDER, "Bestellung"))
        anna = f.staff(setup, "anna", ["inbox"])
        anna.display_name = "Anna Arndt"
        setup.commit()
        first, second = w.who(anna), w.who(w.clerk)
    with Session(engine) as one, Session(engine) as two:
        assert one.get(InboxItem, item.id).assigned_to_id is None
        assert two.get(InboxItem, item.id).assigned_to_id is None
        staff_inbox.assign_to_me(one, first, item.id)
        one.commit()
        with pytest.raises(InboxRefused) as refused:
            staff_inbox.assign_to_me(two, second, item.id)
        assert refused.value.message_key == "inbox.error.taken"
        assert refused.value.holder == "Anna Arndt"
        two.rollback()
        staff_inbox.assign_to_me(two, first, item.id)  # taking one's own again changes nothing
        two.commit()
    with Session(engine) as check:
        stored = check.get(InboxItem, item.id)
        assert (stored.assigned_to_id, stored.state) == (anna.id, InboxState.IN_PROGRESS)
        actions = check.exec(select(AuditEvent.action, AuditEvent.actor_id)).all()
        assert actions == [("inbox.assigned", anna.id)]


def test_done_reopen_unassign_and_the_counts(db_session: Session) -> None:
    w = build(db_session)
    ticket, claim, _order = _items(
        db_session, (InboxKind.TICKET, "T"), (InboxKind.CLAIM, "C"), (InboxKind.ORDER, "O")
    )
    clerk = w.who(w.clerk)
    counted = staff_inbox.counts(db_session, clerk)
    assert counted.total == 3 and counted.per_kind["claim"] == 1
    assert counted.per_kind["registration"] == 0

    staff_inbox.assign_to_me(db_session, clerk, ticket.id)
    db_session.commit()
    assert staff_inbox.counts(db_session, clerk).total == 3  # in progress still counts

    staff_inbox.mark_done(db_session, clerk, ticket.id)
    staff_inbox.mark_done(db_session, clerk, claim.id)  # done without taking it first
    db_session.commit()
    for item in (ticket, claim):
        db_session.refresh(item)
        assert item.state == InboxState.DONE and item.done_at is not None
        assert item.assigned_to_id == w.clerk.id
    counted = staff_inbox.counts(db_session, clerk)
    assert (counted.total, counted.per_kind["ticket"], counted.per_kind["order"]) == (1, 0, 1)
    with pytest.raises(InboxRefused) as refused:
        staff_inbox.assign_to_me(db_session, clerk, claim.id)
    assert refused.value.message_key == "inbox.error.done"

    staff_inbox.reopen(db_session, clerk, ticket.id)
    db_session.commit()
    db_session.refresh(ticket)
    assert (ticket.state, ticket.done_at) == (InboxState.IN_PROGRESS, None)
    staff_inbox.unassign(db_session, clerk, ticket.id)
    db_session.commit()
    db_session.refresh(ticket)
    assert (ticket.state, ticket.assigned_to_id) == (InboxState.OPEN, None)
    assert staff_inbox.counts(db_session, clerk).total == 2

    events = db_session.exec(
        select(AuditEvent.action, AuditEvent.target_id).order_by(AuditEvent.id)
    ).all()
    assert events == [
        ("inbox.assigned", str(ticket.id)),
        ("inbox.done", str(ticket.id)),
        ("inbox.done", str(claim.id)),
        ("inbox.reopened", str(ticket.id)),
        ("inbox.unassigned", str(ticket.id)),
    ]


def test_unknown_items_are_not_found(db_session: Session) -> None:
    w = build(db_session)
    clerk = w.who(w.clerk)
    for step in (
        staff_inbox.assign_to_me,
        staff_inbox.unassign,
        staff_inbox.mark_done,
        staff_inbox.reopen,
        staff_inbox.get_item,
    ):
        with pytest.raises(AccessDenied) as denied:
            step(db_session, clerk, 4711)
        assert denied.value.message_key == "error.not_found"


def test_item_urls() -> None:
    assert staff_inbox.item_path(7) == "/staff/inbox/7"
    assert staff_inbox.item_url(InboxKind.REGISTRATION, 3) == "/staff/registrations/3"
    assert staff_inbox.item_url(InboxKind.TICKET, 3) == ""


def _shop_order(session: Session, w, kind: ShopOrderKind) -> ShopOrder:  # type: ignore[no-untyped-def]
    toner = f.add(
        session,
        CatalogItem(article_number=f"TK-{kind}", name="Toner schwarz", price=Decimal("89.90")),
    )
    priced = kind == ShopOrderKind.ORDER
    order = f.add(
        session,
        ShopOrder(
            number=f"SO-{kind}",
            customer_id=w.firm.id,
            user_id=w.normal.id,
            kind=kind,
            delivery_address="Firma\nHalle 2",
            reference="PO-17",
            net_total=Decimal("179.80") if priced else None,
            tax_total=Decimal("34.16") if priced else None,
            gross_total=Decimal("213.96") if priced else None,
        ),
    )
    f.add(
        session,
        ShopOrderLine(
            shop_order_id=order.id,
            item_id=toner.id,
            quantity=2,
            unit_price=Decimal("89.90") if priced else None,
        ),
    )
    return order


def test_detail_of_an_order_and_of_a_quote_request(db_session: Session) -> None:
    w = build(db_session)
    order = _shop_order(db_session, w, ShopOrderKind.ORDER)
    quote = _shop_order(db_session, w, ShopOrderKind.QUOTE_REQUEST)
    ordered = staff_inbox.add_item(db_session, InboxKind.ORDER, order.id, "Bestellung")
    asked = staff_inbox.add_item(db_session, InboxKind.QUOTE_REQUEST, quote.id, "Anfrage")
    db_session.commit()
    clerk = w.who(w.clerk)

    detail = inbox_detail.item_detail(db_session, clerk, ordered.id, "de")
    facts = {fact.label_key: fact.value for fact in detail.facts}
    assert facts["inbox.detail.reference"] == "PO-17"
    assert facts["inbox.detail.delivery_address"] == "Firma\nHalle 2"
    assert facts["inbox.detail.gross_total"] == "213,96\xa0€"
    (line,) = detail.lines
    assert (line.quantity, line.unit_price, line.total) == ("2 Stk", "89,90\xa0€", "179,80\xa0€")

    detail = inbox_detail.item_detail(db_session, clerk, asked.id, "en")
    facts = {fact.label_key: fact.value for fact in detail.facts}
    assert "inbox.detail.gross_total" not in facts
    assert facts["inbox.detail.prices"] == "Quote request"
    (line,) = detail.lines
    assert (line.unit_price, line.total) == ("Quote request", "Quote request")


def test_detail_of_a_ticket_and_of_a_vanished_record(db_session: Session) -> None:
    w = build(db_session)
    ticket = f.add(db_session, Ticket(customer_id=w.firm.id, creator_id=w.main.id, subject="Hilfe"))
    f.add(db_session, TicketMessage(ticket_id=ticket.id, author_id=w.main.id, body="Bitte"))
    item = staff_inbox.add_item(db_session, InboxKind.TICKET, ticket.id, "Ticket: Hilfe")
    gone = staff_inbox.add_item(db_session, InboxKind.CLAIM, 999, "Schadenmeldung weg")
    db_session.commit()
    clerk = w.who(w.clerk)
    detail = inbox_detail.item_detail(db_session, clerk, item.id, "de")
    assert detail.can_reply and [m.body for m in detail.messages] == ["Bitte"]
    facts = {fact.label_key: fact.value for fact in detail.facts}
    assert facts["inbox.detail.status"] == "Offen"  # in the staff's words, not the customer's
    empty = inbox_detail.item_detail(db_session, clerk, gone.id, "de")
    assert (empty.heading, empty.facts, empty.lines) == ("Schadenmeldung weg", [], [])


def test_titles_are_shown_in_the_viewers_language_with_one_query_per_kind(
    db_session: Session,
) -> None:
    w = build(db_session)
    s = db_session
    order = _shop_order(s, w, ShopOrderKind.ORDER)
    quote = _shop_order(s, w, ShopOrderKind.QUOTE_REQUEST)
    tickets = [
        f.add(s, Ticket(customer_id=w.firm.id, creator_id=w.main.id, subject=subject))
        for subject in ("Drucker defekt", "Papierstau")
    ]
    claim = f.add(
        s,
        Claim(
            subscription_id=w.building.id,
            customer_id=w.firm.id,
            reporter_id=w.main.id,
            claim_date=date(2026, 3, 2),
            description="Rohrbruch",
        ),
    )
    document = f.add(
        s, SalesDocument(kind="order", customer_id=w.firm.id, number="AU-77", doc_date=date.today())
    )
    approval = f.add(
        s,
        Approval(
            order_id=document.id,
            proof_file_path="proof.pdf",
            requested_by_id=w.clerk.id,
            decision=ApprovalDecision.REJECTED,
        ),
    )
    registration = f.add(
        s, Registration(email="neu@example.com", display_name="Nina Neu", company="")
    )
    stored = [  # what the producers store (German), oldest first
        (InboxKind.ORDER, order.id, f"Bestellung {order.number} – Firma"),
        (InboxKind.QUOTE_REQUEST, quote.id, f"Angebotsanfrage {quote.number} – Firma"),
        (InboxKind.TICKET, tickets[0].id, "Ticket: Drucker defekt (Firma)"),
        (InboxKind.TICKET, tickets[1].id, "Ticket: Papierstau (Firma)"),
        (InboxKind.CLAIM, claim.id, f"Schadenmeldung {w.building.number} (Firma)"),
        (InboxKind.APPROVAL, approval.id, "Freigabe AU-77: abgelehnt"),
        (InboxKind.REGISTRATION, registration.id, "Nina Neu (neu@example.com)"),
        (InboxKind.CLAIM, 999_999, "Schadenmeldung verschwunden"),
    ]
    start = utcnow() - timedelta(hours=1)
    for offset, (kind, ref_id, title) in enumerate(stored):
        item = staff_inbox.add_item(s, kind, ref_id, title)
        item.created_at = start + timedelta(seconds=offset)
    s.commit()
    clerk = w.who(w.clerk)

    statements: list[str] = []
    engine = s.get_bind()

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        english = staff_inbox.list_page(s, clerk, locale="en")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert _titles(english) == [
        "Schadenmeldung verschwunden",  # the record is gone: the stored title stays
        "Registration: Nina Neu (neu@example.com)",
        "Approval AU-77: Rejected",
        f"Claim {w.building.number} (Firma)",
        "Ticket: Papierstau (Firma)",
        "Ticket: Drucker defekt (Firma)",
        f"Quote request {quote.number} – Firma",
        f"Order {order.number} – Firma",
    ]
    # count + page + one per kind on the page (orders and quote requests: one each) = 8, not
    # one per row
    assert len(statements) == 2 + len(InboxKind), statements

    german = staff_inbox.list_page(s, clerk, locale="de")
    assert f"Bestellung {order.number} – Firma" in _titles(german)
    assert "Registrierung: Nina Neu (neu@example.com)" in _titles(german)
    item_id = english.rows[-1].id
    assert staff_inbox.get_item(s, clerk, item_id, "en").title.startswith("Order ")
    assert inbox_detail.item_detail(s, clerk, item_id, "en").heading.startswith("Order ")

    def found(search: str, locale: str = "en") -> list[str]:
        return _titles(staff_inbox.list_page(s, clerk, InboxFilter(search=search), 0, locale))

    # the variable part in either language, and a kind by its label in either language
    assert found(order.number) == [f"Order {order.number} – Firma"]
    assert found("papierstau", "de") == ["Ticket: Papierstau (Firma)"]
    assert (
        found("registration")
        == found("registrierung")
        == ["Registration: Nina Neu (neu@example.com)"]
    )
    assert found("claim") == [
        "Schadenmeldung verschwunden",
        f"Claim {w.building.number} (Firma)",
    ]
