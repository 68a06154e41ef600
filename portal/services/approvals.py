"""Print-proof approvals (Freigaben, SPEC §5): staff attach a proof to an order, the customer
approves or rejects it once, each side is told by e-mail.

- Who sees an approval: whoever sees its order (`access.scoped_sales_documents`), so the same
  rules as for orders apply and a foreign approval is "not found".
- Attaching needs the staff permission INBOX (the clerks who work orders); the proof is checked
  by `portal.services.uploads` and stored under `<data dir>/proofs/`. The MAIN users of the
  customer who want order mails get the "approval request".
- Deciding is for the customer's side only and happens exactly once: one conditional UPDATE
  (`… WHERE decision IS NULL`) writes decision, comment, time and user together, so two tabs or
  two people deciding at the same moment cannot both win and nothing overwrites a decision
  afterwards. The clerk who attached the proof gets the "approval confirmation", and the staff
  inbox (Postkorb) an item.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, update
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Select
from sqlmodel import Session, col, select

from portal.models import Approval, Customer, SalesDocument, User
from portal.models.clock import utcnow
from portal.models.enums import (
    ApprovalDecision,
    CustomerRole,
    InboxKind,
    SalesDocumentKind,
    StaffPermission,
    UserKind,
)
from portal.services import access, audit, sales, staff_inbox
from portal.services.access import AccessDenied, Principal
from portal.services.branding import portal_name
from portal.services.mail import queue_mail
from portal.services.uploads import PROOF_TYPES, CheckedUpload, check_upload, store_upload
from portal.services.uploads import stored_file as _stored_file

PROOF_FOLDER = "proofs"
PROOF_MAX_BYTES = 20 * 1024 * 1024
COMMENT_MAX = 2000
# Pages and routes (served by portal/api/sales_routes.py, pages in portal/pages/).
CUSTOMER_APPROVALS_PATH = "/customer/approvals"
STAFF_ORDERS_PATH = "/staff/orders"
PROOF_ROUTE = "/files/proof/{approval_id}"
PROOF_UPLOAD_ROUTE = "/files/proof-upload/{order_id}"
# The staff inbox is German like the rest of the back office's stored titles.
_DECISION_TITLE = {ApprovalDecision.APPROVED: "freigegeben", ApprovalDecision.REJECTED: "abgelehnt"}


class ApprovalRefused(Exception):
    """A step the rules refuse with a reason the user should read (i18n message key)."""

    def __init__(self, message_key: str) -> None:
        super().__init__(message_key)
        self.message_key = message_key


def approval_path(approval_id: int) -> str:
    return f"{CUSTOMER_APPROVALS_PATH}/{approval_id}"


def proof_url(approval_id: int) -> str:
    return PROOF_ROUTE.format(approval_id=approval_id)


def upload_url(order_id: int) -> str:
    return PROOF_UPLOAD_ROUTE.format(order_id=order_id)


# --------------------------------------------------------------------------- reading


def scoped_approvals(principal: Principal) -> Select:
    """Approvals of the orders the principal may see: the order's scope is the approval's."""
    orders = access.scoped_sales_documents(principal, SalesDocumentKind.ORDER)
    return select(Approval).where(
        col(Approval.order_id).in_(orders.with_only_columns(SalesDocument.id))
    )


@dataclass(frozen=True)
class ApprovalRow:
    id: int
    order_id: int
    order_number: str
    requested_at: datetime
    requested_by: str
    proof_mime_type: str
    decision: str | None
    comment: str
    decided_at: datetime | None
    decided_by: str

    @property
    def pending(self) -> bool:
        return self.decision is None


def _rows(session: Session, query: Select) -> list[ApprovalRow]:
    requester, decider = aliased(User), aliased(User)
    # execute, not exec: SQLModel would return only the first entity of a scalar select.
    rows = session.execute(
        query.add_columns(
            SalesDocument.number,
            func.coalesce(func.nullif(requester.display_name, ""), requester.login),
            func.coalesce(func.nullif(decider.display_name, ""), decider.login),
        )
        .join(SalesDocument, SalesDocument.id == Approval.order_id)
        .join(requester, requester.id == Approval.requested_by_id)
        .outerjoin(decider, decider.id == Approval.decided_by_id)
        # Waiting ones first: they are what the customer has to act on.
        .order_by(
            col(Approval.decision).is_not(None),
            col(Approval.requested_at).desc(),
            col(Approval.id).desc(),
        )
    ).all()
    return [
        ApprovalRow(
            id=approval.id,
            order_id=approval.order_id,
            order_number=number,
            requested_at=approval.requested_at,
            requested_by=requested_by or "",
            proof_mime_type=approval.proof_mime_type,
            decision=approval.decision,
            comment=approval.comment,
            decided_at=approval.decided_at,
            decided_by=decided_by or "",
        )
        for approval, number, requested_by, decided_by in rows
    ]


def list_approvals(
    session: Session, principal: Principal, order_id: int | None = None
) -> list[ApprovalRow]:
    """The caller's approvals (of one order, when given), waiting ones first."""
    query = scoped_approvals(principal)
    if order_id is not None:
        query = query.where(Approval.order_id == order_id)
    return _rows(session, query)


def approval_detail(session: Session, principal: Principal, approval_id: int) -> ApprovalRow:
    rows = _rows(session, scoped_approvals(principal).where(Approval.id == approval_id))
    if not rows:
        raise AccessDenied("error.not_found")
    return rows[0]


def pending_count(session: Session, principal: Principal) -> int:
    """Proofs waiting for the caller's decision (a dashboard figure)."""
    waiting = scoped_approvals(principal).where(col(Approval.decision).is_(None)).subquery()
    return session.exec(select(func.count()).select_from(waiting)).one()


@dataclass(frozen=True)
class ProofFile:
    path: Path
    mime_type: str
    filename: str


def proof_file(
    session: Session,
    principal: Principal,
    approval_id: int,
    *,
    data_dir: Path,
    client_address: str = "",
) -> ProofFile:
    """The proof of an approval the caller may see, audited; AccessDenied otherwise."""
    approval = _visible(session, principal, approval_id)
    path = _stored_file(data_dir, PROOF_FOLDER, approval.proof_file_path)
    if path is None:
        raise AccessDenied("error.not_found")
    order = session.get(SalesDocument, approval.order_id)
    audit.record_by(
        session,
        principal,
        "approval.proof_viewed",
        target_type="approval",
        target_id=approval.id,
        client_address=client_address,
    )
    number = order.number if order else str(approval.order_id)
    return ProofFile(path, approval.proof_mime_type, f"Freigabemuster-{number}{path.suffix}")


def _visible(session: Session, principal: Principal, approval_id: int) -> Approval:
    approval = session.exec(scoped_approvals(principal).where(Approval.id == approval_id)).first()
    if approval is None:
        raise AccessDenied("error.not_found")
    return approval


# --------------------------------------------------------------------------- staff


@dataclass(frozen=True)
class StaffOrderRow:
    id: int
    number: str
    customer_name: str
    doc_date: date
    status: str
    proof_state: str  # "", or "pending"/"approved"/"rejected" of the latest proof


def staff_orders(
    session: Session, principal: Principal, *, limit: int = 200
) -> list[StaffOrderRow]:
    """The newest orders with the state of their latest proof, for the clerks' page."""
    access.ensure(principal, StaffPermission.INBOX)
    orders = (
        access.scoped_sales_documents(principal, SalesDocumentKind.ORDER)
        .order_by(col(SalesDocument.doc_date).desc(), col(SalesDocument.id).desc())
        .limit(limit)
        .subquery()
    )
    latest = (
        select(Approval.order_id, func.max(Approval.id).label("approval_id"))
        .group_by(Approval.order_id)
        .subquery()
    )
    rows = session.exec(
        select(
            orders.c.id,
            orders.c.number,
            Customer.name,
            orders.c.doc_date,
            orders.c.status,
            Approval.decision,
            Approval.id,
        )
        .join(Customer, Customer.id == orders.c.customer_id)
        .outerjoin(latest, latest.c.order_id == orders.c.id)
        .outerjoin(Approval, Approval.id == latest.c.approval_id)
        .order_by(orders.c.doc_date.desc(), orders.c.id.desc())
    ).all()
    return [
        StaffOrderRow(
            id=order_id,
            number=number,
            customer_name=customer_name,
            doc_date=doc_date,
            status=status,
            proof_state="" if approval_id is None else (decision or "pending"),
        )
        for order_id, number, customer_name, doc_date, status, decision, approval_id in rows
    ]


def attach_proof(
    session: Session,
    principal: Principal,
    order_id: int,
    data: bytes,
    filename: str,
    *,
    data_dir: Path,
    base_url: str,
    client_address: str = "",
) -> Approval:
    """Check and store a proof for an order, ask the customer by e-mail; returns the approval.

    Refused while an earlier proof of the order still waits for the customer: one open
    question per order, so a decision always refers to the file the customer saw."""
    access.ensure(principal, StaffPermission.INBOX)
    order = sales.get_document(session, principal, SalesDocumentKind.ORDER, order_id)
    upload: CheckedUpload = check_upload(
        data, filename, allowed=PROOF_TYPES, max_bytes=PROOF_MAX_BYTES
    )
    waiting = session.exec(
        select(Approval.id).where(Approval.order_id == order.id, col(Approval.decision).is_(None))
    ).first()
    if waiting is not None:
        raise ApprovalRefused("approvals.error.pending")
    approval = Approval(
        order_id=order.id,
        proof_file_path=store_upload(data_dir, PROOF_FOLDER, upload),
        proof_mime_type=upload.file_type.mime_type,
        requested_by_id=principal.actor_id or principal.user_id,
        requested_at=utcnow(),
    )
    session.add(approval)
    _enter_proof_stage(session, order)
    session.flush()
    assert approval.id is not None
    name = portal_name(session)
    for user in _customer_recipients(session, order.customer_id):
        queue_mail(
            session,
            template="approval_request",
            locale=user.locale,
            recipient=user.email,
            context={
                "name": user.display_name or user.login,
                "order_number": order.number,
                "link": f"{base_url.rstrip('/')}{approval_path(approval.id)}",
                "portal_name": name,
            },
        )
    audit.record_by(
        session,
        principal,
        "approval.requested",
        target_type="approval",
        target_id=approval.id,
        client_address=client_address,
        detail={
            "order": order.number,
            "file_name": upload.filename,
            "mime_type": upload.file_type.mime_type,
            "size": upload.size,
        },
    )
    return approval


def _enter_proof_stage(session: Session, order: SalesDocument) -> None:
    """An order before the proof stage moves to it; one further along keeps its stage."""
    keys = [s.key for s in sales.pipeline(session)]
    if sales.PROOF_STAGE not in keys:
        return
    position = keys.index(order.status) if order.status in keys else -1
    if position < keys.index(sales.PROOF_STAGE):
        order.status = sales.PROOF_STAGE
        session.add(order)


def _customer_recipients(session: Session, customer_id: int) -> list[User]:
    """The customer's active MAIN users who want order mails: only they can open the order."""
    return list(
        session.exec(
            select(User)
            .where(
                User.kind == UserKind.CUSTOMER,
                User.customer_id == customer_id,
                User.customer_role == CustomerRole.MAIN,
                col(User.active).is_(True),
                col(User.notify_orders).is_(True),
                User.email != "",
            )
            .order_by(col(User.id))
        )
    )


# --------------------------------------------------------------------------- deciding


def decide(
    session: Session,
    principal: Principal,
    approval_id: int,
    decision: str,
    comment: str,
    *,
    base_url: str,
    client_address: str = "",
    now: datetime | None = None,
) -> Approval:
    """Approve or reject a proof, once. A rejection needs a comment (what to change)."""
    if not principal.is_customer:
        raise AccessDenied()
    approval = _visible(session, principal, approval_id)
    try:
        choice = ApprovalDecision(decision)
    except ValueError as error:
        raise AccessDenied("error.invalid_value") from error
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        raise ApprovalRefused("approvals.error.comment_too_long")
    if choice == ApprovalDecision.REJECTED and not comment:
        raise ApprovalRefused("approvals.error.comment_required")
    won = session.exec(
        update(Approval)
        .where(col(Approval.id) == approval.id, col(Approval.decision).is_(None))
        .values(
            decision=choice.value,
            comment=comment,
            decided_at=now or utcnow(),
            decided_by_id=principal.user_id,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if won != 1:
        raise ApprovalRefused("approvals.error.already_decided")
    session.refresh(approval)
    order = session.get(SalesDocument, approval.order_id)
    customer = session.get(Customer, order.customer_id) if order else None
    number = order.number if order else str(approval.order_id)
    _tell_clerk(session, approval, choice, number, customer.name if customer else "", base_url)
    staff_inbox.add_item(
        session, InboxKind.APPROVAL, approval.id, f"Freigabe {number}: {_DECISION_TITLE[choice]}"
    )
    audit.record_by(
        session,
        principal,
        f"approval.{choice.value}",
        target_type="approval",
        target_id=approval.id,
        client_address=client_address,
        detail={"order": number},
    )
    return approval


def _tell_clerk(
    session: Session,
    approval: Approval,
    choice: ApprovalDecision,
    order_number: str,
    customer_name: str,
    base_url: str,
) -> None:
    clerk = session.get(User, approval.requested_by_id)
    if clerk is None or not clerk.active or not clerk.email:
        return
    queue_mail(
        session,
        template="approval_confirmation",
        locale=clerk.locale,
        recipient=clerk.email,
        context={
            "name": clerk.display_name or clerk.login,
            "customer_name": customer_name,
            "order_number": order_number,
            "approved": choice == ApprovalDecision.APPROVED,
            "comment": approval.comment,
            "link": f"{base_url.rstrip('/')}{STAFF_ORDERS_PATH}",
            "portal_name": portal_name(session),
        },
    )
