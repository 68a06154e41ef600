"""The world of the sales and approval tests: two customers with a MAIN and a NORMAL user each
(Druck A, Druck B), a clerk with the INBOX permission, a staff member without it, and orders,
quotes and invoices of both customers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from sqlmodel import Session

from portal.models import SalesDocument, SalesDocumentLine
from portal.models.enums import CustomerRole, SalesDocumentKind, StaffPermission
from portal.services.access import Principal, load_principal
from portal.services.sales import document_totals, line_amount
from tests import factories as f

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def document(
    session: Session,
    kind: SalesDocumentKind,
    customer_id: int,
    number: str,
    lines: list[tuple[str, str, str]],  # quantity, unit price, tax rate
    **fields: object,
) -> SalesDocument:
    amounts = [(line_amount(Decimal(q), Decimal(p)), Decimal(r)) for q, p, r in lines]
    net, tax, gross = document_totals(amounts)
    row = f.add(
        session,
        SalesDocument(
            kind=kind,
            customer_id=customer_id,
            number=number,
            doc_date=date(2026, 3, 1),
            net_total=net,
            tax_total=tax,
            gross_total=gross,
            **fields,
        ),
    )
    for position, ((quantity, price, rate), (amount, _)) in enumerate(
        zip(lines, amounts, strict=True), 1
    ):
        f.add(
            session,
            SalesDocumentLine(
                sales_document_id=row.id,
                position=position,
                description=f"Position {position}",
                quantity=Decimal(quantity),
                unit_price=Decimal(price),
                tax_rate=Decimal(rate),
                line_total=amount,
            ),
        )
    return row


def build(session: Session) -> SimpleNamespace:
    s = session
    w = SimpleNamespace(session=s)
    w.clerk = f.staff(s, "clerk@portal.example", [StaffPermission.INBOX])
    w.clerk.email, w.clerk.display_name = "clerk@portal.example", "Carla Clerk"
    w.clerk.locale = "en"
    w.settings_only = f.staff(s, "settings@portal.example", [StaffPermission.SETTINGS])
    w.a = f.customer(s, "Druck A GmbH")
    w.b = f.customer(s, "Druck B GmbH")
    w.a_main = f.customer_user(s, "main@a.example", w.a, CustomerRole.MAIN)
    w.a_main.email, w.a_main.display_name = "main@a.example", "Anna Main"
    w.a_main2 = f.customer_user(s, "main2@a.example", w.a, CustomerRole.MAIN)
    w.a_main2.email, w.a_main2.locale = "main2@a.example", "en"
    w.a_quiet = f.customer_user(s, "quiet@a.example", w.a, CustomerRole.MAIN)
    w.a_quiet.email, w.a_quiet.notify_orders = "quiet@a.example", False
    w.a_normal = f.customer_user(s, "normal@a.example", w.a, CustomerRole.NORMAL)
    w.a_normal.email = "normal@a.example"
    w.b_main = f.customer_user(s, "main@b.example", w.b, CustomerRole.MAIN)
    w.b_main.email = "main@b.example"
    s.flush()
    one = [("10", "2.50", "19")]
    w.a_quote = document(s, SalesDocumentKind.QUOTE, w.a.id, "AN-1", one)
    w.a_order = document(
        s, SalesDocumentKind.ORDER, w.a.id, "AU-1", one, status="in_progress", clerk_id=w.clerk.id
    )
    w.a_invoice = document(
        s, SalesDocumentKind.INVOICE, w.a.id, "RE-1", [("2.5", "0.35", "19"), ("1", "10", "7")],
        due_date=date(2026, 4, 1), status="invoiced",
    )  # fmt: skip
    w.b_order = document(s, SalesDocumentKind.ORDER, w.b.id, "AU-2", one, status="received")
    s.commit()
    return w


def principal(session: Session, user) -> Principal:  # type: ignore[no-untyped-def]
    loaded = load_principal(session, user.id)
    assert loaded is not None
    return loaded
