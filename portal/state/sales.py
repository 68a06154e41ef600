"""States of quotes, orders, invoices (/customer/quotes|orders|invoices and their details),
the approvals (/customer/approvals, /customer/approvals/[approval_id]) and the clerks' order
page (/staff/orders).

Thin: the kind comes from the matched route, ids from the URL, and every read and decision is
made again by `portal.services.sales` / `portal.services.approvals` through the access policy.
State holds only the texts the page shows; the approval being decided is a backend var.
"""

from __future__ import annotations

from datetime import date

import reflex as rx

from portal.config import mail_link_base
from portal.i18n import MESSAGES, format_day, format_money, format_number, format_timestamp, t
from portal.models.enums import SalesDocumentKind, StaffPermission, UserKind
from portal.services import approvals, sales
from portal.services.access import AccessDenied
from portal.services.approvals import PROOF_MAX_BYTES, ApprovalRefused, ApprovalRow
from portal.services.ids import parse_record_id
from portal.state.guard import guarded
from portal.state.session import SessionState

LOADING, FOUND, NOT_FOUND = "loading", "found", "not_found"
# The URL segment of each kind: /customer/quotes, /customer/orders, /customer/invoices.
SEGMENTS = {
    SalesDocumentKind.QUOTE: "quotes",
    SalesDocumentKind.ORDER: "orders",
    SalesDocumentKind.INVOICE: "invoices",
}
_KIND_OF_SEGMENT = {segment: kind for kind, segment in SEGMENTS.items()}
# Messages the staff page may show from its URL (?notice=…&error=…): nothing else.
_STAFF_MESSAGE_PREFIXES = ("staff_orders.", "upload.error.", "approvals.error.")
# The clerk's view of a proof: "waiting for the customer", not the customer's "for your decision".
_STAFF_PROOF_LABELS = {
    "": "staff_orders.proof_none",
    "pending": "staff_orders.proof_waiting",
    "approved": "approvals.state.approved",
    "rejected": "approvals.state.rejected",
}


def list_path(kind: SalesDocumentKind) -> str:
    return f"/customer/{SEGMENTS[kind]}"


def detail_path(kind: SalesDocumentKind, document_id: int) -> str:
    return f"{list_path(kind)}/{document_id}"


def _kind_of_route(route: str) -> SalesDocumentKind | None:
    """The kind of the matched route pattern, e.g. "/customer/orders/[document_id]"."""
    parts = route.strip("/").split("/")
    return _KIND_OF_SEGMENT.get(parts[1]) if len(parts) > 1 else None


def _payment(row: sales.SalesRow | sales.SalesDocument, today: date) -> tuple[str, str]:
    """(message key, colour) of an invoice's payment state; nothing for quotes and orders."""
    if row.kind != SalesDocumentKind.INVOICE:
        return "", ""
    if row.paid:
        return "sales.paid", "green"
    if row.due_date and row.due_date < today:
        return "sales.overdue", "red"
    return "sales.open", "amber"


def _approval_view(row: ApprovalRow, locale: str) -> dict[str, str]:
    state = row.decision or "pending"
    decided = ""
    if row.decision:
        decided = t(
            "approvals.decided",
            locale,
            decision=t(f"approvals.state.{row.decision}", locale),
            at=format_timestamp(row.decided_at, locale),
            name=row.decided_by,
        )
    return {
        "id": str(row.id),
        "href": approvals.approval_path(row.id),
        "order_number": row.order_number,
        "order_href": detail_path(SalesDocumentKind.ORDER, row.order_id),
        "requested_at": format_timestamp(row.requested_at, locale),
        "requested_by": row.requested_by,
        "state": state,
        "state_label": t(f"approvals.state.{state}", locale),
        "color": {"pending": "amber", "approved": "green", "rejected": "red"}[state],
        "decided": decided,
        "comment": row.comment,
    }


class SalesListState(SessionState):
    """/customer/quotes, /customer/orders, /customer/invoices"""

    kind: str = ""
    rows: list[dict[str, str]] = []

    @guarded(UserKind.CUSTOMER)
    async def load(self) -> None:
        self.reset()
        kind = _kind_of_route(self.router.page.path)
        if kind is None:
            return
        rows, stages = await self._in_session(
            lambda session, principal: (
                sales.list_documents(session, principal, kind),
                sales.pipeline(session),
            )
        )
        locale, today = self.locale, date.today()
        self.kind = kind.value
        self.rows = []
        for row in rows:
            payment_key, payment_color = _payment(row, today)
            self.rows.append(
                {
                    "href": detail_path(kind, row.id),
                    "number": row.number,
                    "date": format_day(row.doc_date, locale),
                    "due": format_day(row.due_date, locale),
                    "status": sales.stage_label(stages, row.status, locale),
                    "total": format_money(row.gross_total, locale, row.currency),
                    "payment": t(payment_key, locale) if payment_key else "",
                    "payment_color": payment_color,
                }
            )


class SalesDetailState(SessionState):
    """/customer/<kind>/[document_id]"""

    status: str = LOADING
    kind: str = ""
    title: str = ""
    list_href: str = ""
    pdf_href: str = ""
    facts: list[dict[str, str]] = []
    stages: list[dict[str, str]] = []
    lines: list[dict[str, str]] = []
    sums: list[dict[str, str]] = []
    approvals: list[dict[str, str]] = []

    @guarded(UserKind.CUSTOMER)
    async def load(self) -> None:
        self.reset()
        kind = _kind_of_route(self.router.page.path)
        document_id = parse_record_id(self.router.page.params.get("document_id"))
        if kind is None or document_id is None:
            self.status = NOT_FOUND
            return

        def read(session, principal):  # type: ignore[no-untyped-def]
            detail = sales.document_detail(session, principal, kind, document_id)
            proofs = (
                approvals.list_approvals(session, principal, document_id)
                if kind == SalesDocumentKind.ORDER
                else []
            )
            return detail, proofs

        try:
            detail, proofs = await self._in_session(read)
        except AccessDenied:
            self.status = NOT_FOUND
            return
        self._fill(kind, detail, proofs)
        self.status = FOUND

    def _fill(
        self, kind: SalesDocumentKind, detail: sales.SalesDetail, proofs: list[ApprovalRow]
    ) -> None:
        locale, document = self.locale, detail.document
        currency = document.currency

        def money(value) -> str:  # type: ignore[no-untyped-def]
            return format_money(value, locale, currency)

        def percent(rate) -> str:  # type: ignore[no-untyped-def]
            return f"{format_number(rate.normalize(), locale)} %"

        self.kind = kind.value
        self.title = f"{t(f'sales.kind.{kind.value}', locale)} {document.number}"
        self.list_href = list_path(kind)
        self.pdf_href = sales.pdf_url(document.id)
        payment_key, _ = _payment(document, date.today())
        facts = [
            ("sales.date", format_day(document.doc_date, locale)),
            ("sales.due_date", format_day(document.due_date, locale)),
            ("sales.payment", t(payment_key, locale) if payment_key else ""),
            ("sales.clerk", detail.clerk_name),
            ("sales.customer", detail.customer_name),
        ]
        self.facts = [{"label_key": key, "value": value} for key, value in facts if value]
        self.stages = [
            {"label": view.label, "state": view.state.value}
            for view in sales.status_bar(detail.stages, document.status, locale)
        ]
        self.lines = [
            {
                "position": str(line.position),
                "article": line.article_number,
                "description": line.description,
                "quantity": f"{format_number(line.quantity.normalize(), locale)} {line.unit}",
                "unit_price": money(line.unit_price),
                "tax_rate": percent(line.tax_rate),
                "amount": money(line.amount),
            }
            for line in detail.lines
        ]
        totals = detail.totals
        self.sums = [
            {"label": t("sales.net", locale), "amount": money(totals.net), "strong": ""},
            *(
                {
                    "label": t("sales.tax_at", locale, rate=percent(tax.rate)),
                    "amount": money(tax.tax),
                    "strong": "",
                }
                for tax in totals.taxes
            ),
            {"label": t("sales.gross", locale), "amount": money(totals.gross), "strong": "1"},
        ]
        self.approvals = [_approval_view(row, locale) for row in proofs]


class ApprovalListState(SessionState):
    """/customer/approvals"""

    rows: list[dict[str, str]] = []

    @guarded(UserKind.CUSTOMER)
    async def load(self) -> None:
        rows = await self._in_session(approvals.list_approvals)
        self.rows = [_approval_view(row, self.locale) for row in rows]


class ApprovalDetailState(SessionState):
    """/customer/approvals/[approval_id]: the proof, and the decision (once)."""

    _approval_id: int | None = None
    status: str = LOADING
    title: str = ""
    approval: dict[str, str] = {}
    proof_href: str = ""
    is_image: bool = False
    comment: str = ""
    error: str = ""
    notice: str = ""

    @guarded(UserKind.CUSTOMER)
    async def load(self) -> None:
        self.reset()
        self._approval_id = parse_record_id(self.router.page.params.get("approval_id"))
        await self._show()

    async def _show(self) -> None:
        approval_id = self._approval_id
        if approval_id is None:
            self.status = NOT_FOUND
            return
        try:
            row = await self._in_session(
                lambda session, principal: approvals.approval_detail(
                    session, principal, approval_id
                )
            )
        except AccessDenied:
            self.status = NOT_FOUND
            return
        self.approval = _approval_view(row, self.locale)
        self.title = t("approvals.of_order", self.locale, number=row.order_number)
        self.proof_href = approvals.proof_url(row.id)
        self.is_image = row.proof_mime_type.startswith("image/")
        self.status = FOUND

    @guarded(UserKind.CUSTOMER)
    def set_comment(self, value: str) -> None:
        self.comment = str(value)[: approvals.COMMENT_MAX + 1]

    @guarded(UserKind.CUSTOMER)
    async def decide(self, decision: str) -> None:
        """The approval is the one this page loaded (a backend var); the service checks scope,
        the decision value and that nobody decided before, in one conditional UPDATE."""
        self.error = self.notice = ""
        approval_id = self._approval_id
        if approval_id is None:
            raise AccessDenied("error.not_found")
        comment = self.comment
        base_url = mail_link_base()
        address = self._client_address()
        try:
            decided = await self._in_session(
                lambda session, principal: approvals.decide(
                    session,
                    principal,
                    approval_id,
                    str(decision),
                    comment,
                    base_url=base_url,
                    client_address=address,
                )
            )
        except ApprovalRefused as refused:
            self.error = t(refused.message_key, self.locale)
            await self._show()
            return
        self.comment = ""
        await self._show()
        self.notice = t(f"approvals.saved.{decided.decision}", self.locale)


class StaffOrdersState(SessionState):
    """/staff/orders: orders with the state of their proof, and the upload form per order."""

    rows: list[dict[str, str]] = []
    notice: str = ""
    error: str = ""
    focus_order: str = ""

    @rx.var
    def intro(self) -> str:
        return t("staff_orders.intro", self.locale, size=PROOF_MAX_BYTES // (1024 * 1024))

    @guarded(UserKind.STAFF, permission=StaffPermission.INBOX)
    async def load(self) -> None:
        self.reset()
        params = self.router.page.params
        rows, stages = await self._in_session(
            lambda session, principal: (
                approvals.staff_orders(session, principal),
                sales.pipeline(session),
            )
        )
        locale = self.locale
        self.rows = [
            {
                "id": str(row.id),
                "upload_url": approvals.upload_url(row.id),
                "number": row.number,
                "customer": row.customer_name,
                "date": format_day(row.doc_date, locale),
                "status": sales.stage_label(stages, row.status, locale),
                "proof_state": row.proof_state,
                "proof_label": t(_STAFF_PROOF_LABELS[row.proof_state], locale),
                "file_label": t("staff_orders.file", locale, number=row.number),
            }
            for row in rows
        ]
        order_id = parse_record_id(params.get("order"))
        number = next((r["number"] for r in self.rows if r["id"] == str(order_id)), "")
        self.focus_order = str(order_id or "")
        self.notice = self._message(params.get("notice"), number)
        self.error = self._message(params.get("error"), number)

    def _message(self, key: object, number: str) -> str:
        """Only known keys of this page's area: the URL is the visitor's to write."""
        if not isinstance(key, str) or not key.startswith(_STAFF_MESSAGE_PREFIXES):
            return ""
        if key not in MESSAGES["de"]:
            return ""
        return t(key, self.locale, number=number)
