"""Proof approvals on SQLite and PostgreSQL: who may attach and decide, exactly one decision
(also when two sessions race), the mails with the right templates and recipients, scope."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from portal.db import get_engine
from portal.models import Approval, AuditEvent, InboxItem, MailOutbox, SalesDocument
from portal.models.enums import InboxKind
from portal.services import approvals
from portal.services.access import AccessDenied
from portal.services.approvals import ApprovalRefused
from portal.services.uploads import UploadRefused
from tests.services import sales_world
from tests.services.sales_world import PDF_BYTES, PNG_BYTES, principal

BASE = "https://portal.example.com"


@pytest.fixture
def world(db_session: Session, tmp_path: Path) -> SimpleNamespace:
    w = sales_world.build(db_session)
    w.data_dir = tmp_path
    return w


def attach(w: SimpleNamespace, order_id: int | None = None, data: bytes = PDF_BYTES, **kw):  # type: ignore[no-untyped-def]
    approval = approvals.attach_proof(
        w.session,
        principal(w.session, kw.pop("by", w.clerk)),
        order_id or w.a_order.id,
        data,
        kw.pop("filename", "Muster.pdf"),
        data_dir=w.data_dir,
        base_url=BASE,
    )
    w.session.commit()
    return approval


def decide(w: SimpleNamespace, approval_id: int, decision: str, comment: str = "", by=None):  # type: ignore[no-untyped-def]
    result = approvals.decide(
        w.session,
        principal(w.session, by or w.a_main),
        approval_id,
        decision,
        comment,
        base_url=BASE,
    )
    w.session.commit()
    return result


def mails(session: Session, template: str) -> list[MailOutbox]:
    return list(
        session.exec(
            select(MailOutbox).where(MailOutbox.template == template).order_by(MailOutbox.id)
        )
    )


# --------------------------------------------------------------------------- attaching


def test_attaching_stores_the_proof_moves_the_order_and_mails_the_main_users(world) -> None:
    approval = attach(world)
    stored = world.data_dir / approval.proof_file_path
    assert stored.read_bytes() == PDF_BYTES
    assert approval.proof_file_path.startswith("proofs/")
    assert approval.proof_mime_type == "application/pdf"
    assert approval.requested_by_id == world.clerk.id and approval.decision is None
    assert world.session.get(SalesDocument, world.a_order.id).status == "proof"
    sent = mails(world.session, "approval_request")
    # MAIN users who want order mails; not the NORMAL user, not the one who opted out.
    assert [(m.recipient, m.locale) for m in sent] == [
        ("main@a.example", "de"),
        ("main2@a.example", "en"),
    ]
    assert "AU-1" in sent[0].subject
    assert f"{BASE}/customer/approvals/{approval.id}" in sent[0].body_text
    event = world.session.exec(
        select(AuditEvent).where(AuditEvent.action == "approval.requested")
    ).one()
    assert event.actor_id == world.clerk.id and event.detail["file_name"] == "Muster.pdf"


def test_an_order_further_along_keeps_its_stage(world) -> None:
    world.a_order.status = "production"
    world.session.add(world.a_order)
    world.session.commit()
    attach(world)
    assert world.session.get(SalesDocument, world.a_order.id).status == "production"


def test_attaching_needs_the_inbox_permission(world) -> None:
    for user in (world.settings_only, world.a_main):
        with pytest.raises(AccessDenied):
            attach(world, by=user)
    assert world.session.exec(select(Approval)).all() == []


def test_only_orders_take_proofs(world) -> None:
    for document_id in (world.a_quote.id, world.a_invoice.id, 999_999):
        with pytest.raises(AccessDenied) as refused:
            attach(world, document_id)
        assert refused.value.message_key == "error.not_found"


def test_a_bad_file_is_refused_and_nothing_is_stored_or_mailed(world) -> None:
    with pytest.raises(UploadRefused):
        attach(world, data=b"GIF89a not allowed", filename="proof.pdf")
    assert world.session.exec(select(Approval)).all() == []
    assert not (world.data_dir / "proofs").exists()
    assert mails(world.session, "approval_request") == []


def test_a_second_proof_waits_until_the_first_is_decided(world) -> None:
    first = attach(world)
    with pytest.raises(ApprovalRefused) as refused:
        attach(world, data=PNG_BYTES, filename="neu.png")
    assert refused.value.message_key == "approvals.error.pending"
    decide(world, first.id, "rejected", "Logo größer")
    second = attach(world, data=PNG_BYTES, filename="neu.png")
    assert second.proof_mime_type == "image/png"


# --------------------------------------------------------------------------- deciding


def test_approving_stores_decision_time_and_user_and_mails_the_clerk(world) -> None:
    approval = attach(world)
    decided = decide(world, approval.id, "approved", "  Passt so.  ")
    assert (decided.decision, decided.comment, decided.decided_by_id) == (
        "approved",
        "Passt so.",
        world.a_main.id,
    )
    assert decided.decided_at is not None
    sent = mails(world.session, "approval_confirmation")
    assert [(m.recipient, m.locale) for m in sent] == [("clerk@portal.example", "en")]
    assert "approved" in sent[0].subject and "Druck A GmbH" in sent[0].subject
    assert "Passt so." in sent[0].body_text
    inbox = world.session.exec(select(InboxItem)).one()
    assert (inbox.kind, inbox.ref_id) == (InboxKind.APPROVAL, approval.id)
    assert world.session.exec(
        select(AuditEvent).where(AuditEvent.action == "approval.approved")
    ).one()


def test_a_second_decision_is_refused_and_changes_nothing(world) -> None:
    approval = attach(world)
    decide(world, approval.id, "approved")
    for user, decision in ((world.a_main, "rejected"), (world.a_main2, "approved")):
        with pytest.raises(ApprovalRefused) as refused:
            decide(world, approval.id, decision, "doch nicht", by=user)
        assert refused.value.message_key == "approvals.error.already_decided"
    world.session.expire_all()
    stored = world.session.get(Approval, approval.id)
    assert (stored.decision, stored.comment, stored.decided_by_id) == (
        "approved",
        "",
        world.a_main.id,
    )
    assert len(mails(world.session, "approval_confirmation")) == 1


def test_a_decision_read_as_open_in_another_tab_still_loses(any_db_url: str, world) -> None:
    """Both sessions saw the approval undecided; the one that writes second is refused."""
    approval = attach(world)
    with Session(get_engine(any_db_url), expire_on_commit=False) as other:
        late = principal(other, world.a_main2)
        assert other.get(Approval, approval.id).decision is None
        decide(world, approval.id, "approved")
        with pytest.raises(ApprovalRefused):
            approvals.decide(other, late, approval.id, "rejected", "nein", base_url=BASE)
        other.rollback()


def test_concurrent_decisions_have_exactly_one_winner(any_db_url: str, world) -> None:
    approval = attach(world)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def tab(user_id: int, decision: str) -> None:
        with Session(get_engine(any_db_url), expire_on_commit=False) as session:
            from portal.services.access import load_principal

            who = load_principal(session, user_id)
            assert who is not None
            barrier.wait()
            try:
                approvals.decide(session, who, approval.id, decision, "x", base_url=BASE)
                session.commit()
                outcomes.append("won")
            except ApprovalRefused as refused:
                session.rollback()
                outcomes.append(refused.message_key)

    threads = [
        threading.Thread(target=tab, args=(world.a_main.id, "approved")),
        threading.Thread(target=tab, args=(world.a_main2.id, "rejected")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["approvals.error.already_decided", "won"]
    assert len(mails(world.session, "approval_confirmation")) == 1


def test_rejecting_needs_a_comment_and_bad_input_is_refused(world) -> None:
    approval = attach(world)
    with pytest.raises(ApprovalRefused) as refused:
        decide(world, approval.id, "rejected", "   ")
    assert refused.value.message_key == "approvals.error.comment_required"
    with pytest.raises(ApprovalRefused):
        decide(world, approval.id, "approved", "x" * (approvals.COMMENT_MAX + 1))
    with pytest.raises(AccessDenied) as denied:
        decide(world, approval.id, "maybe")
    assert denied.value.message_key == "error.invalid_value"
    world.session.expire_all()
    assert world.session.get(Approval, approval.id).decision is None


def test_only_the_customer_side_in_scope_may_decide(world) -> None:
    approval = attach(world)
    for user in (world.b_main, world.a_normal, world.clerk):
        with pytest.raises(AccessDenied):
            decide(world, approval.id, "approved", by=user)
    world.session.expire_all()
    assert world.session.get(Approval, approval.id).decision is None


# --------------------------------------------------------------------------- reading


def test_lists_show_only_approvals_of_visible_orders(world) -> None:
    mine = attach(world)
    foreign = attach(world, world.b_order.id)
    a_main = principal(world.session, world.a_main)
    rows = approvals.list_approvals(world.session, a_main)
    assert [(r.id, r.order_number, r.requested_by, r.pending) for r in rows] == [
        (mine.id, "AU-1", "Carla Clerk", True)
    ]
    assert approvals.pending_count(world.session, a_main) == 1
    assert approvals.list_approvals(world.session, principal(world.session, world.a_normal)) == []
    with pytest.raises(AccessDenied):
        approvals.approval_detail(world.session, a_main, foreign.id)
    decide(world, mine.id, "approved")
    row = approvals.approval_detail(world.session, a_main, mine.id)
    assert (row.decision, row.decided_by) == ("approved", "Anna Main")
    assert approvals.pending_count(world.session, a_main) == 0


def test_proof_file_is_served_in_scope_and_audited(world) -> None:
    approval = attach(world)
    proof = approvals.proof_file(
        world.session, principal(world.session, world.a_main), approval.id, data_dir=world.data_dir
    )
    assert proof.path.read_bytes() == PDF_BYTES
    assert (proof.mime_type, proof.filename) == ("application/pdf", "Freigabemuster-AU-1.pdf")
    with pytest.raises(AccessDenied):
        approvals.proof_file(
            world.session,
            principal(world.session, world.b_main),
            approval.id,
            data_dir=world.data_dir,
        )


def test_staff_order_list_shows_the_latest_proof_state(world) -> None:
    first = attach(world)
    decide(world, first.id, "rejected", "Farbe")
    attach(world)
    rows = approvals.staff_orders(world.session, principal(world.session, world.clerk))
    states = {r.number: r.proof_state for r in rows}
    assert states == {"AU-1": "pending", "AU-2": ""}
    with pytest.raises(AccessDenied):
        approvals.staff_orders(world.session, principal(world.session, world.settings_only))
