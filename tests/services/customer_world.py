"""A small customer-portal world: a firm with a MAIN and a NORMAL user, the owner as a private
customer joined to the MAIN user by a grant, and a stranger. Shared by the service and route
tests of the customer portal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from sqlmodel import Session

from portal.models import Approval, Claim, Document, DocumentKeyword, SalesDocument, Ticket, User
from portal.models.enums import (
    ContractStatus,
    CustomerRole,
    DocumentDirection,
    GrantViewType,
    SalesDocumentKind,
    ShareStatus,
    TicketStatus,
    UserKind,
)
from portal.models.grants import DocumentProfile
from portal.services.documents import write_document_file
from portal.services.pdf import proof_sample_pdf
from tests import factories as f

TODAY = date(2026, 3, 10)


def build(session: Session, data_dir: Path) -> SimpleNamespace:
    s = session
    advisor = f.add(
        s,
        User(
            kind=UserKind.STAFF,
            login="berater",
            email="berater@portal.example",
            display_name="Thomas Berger",
            phone="+49 30 5550142",
        ),
    )
    firm, private, stranger = (f.customer(s, n) for n in ("Firma", "Privat", "Fremd"))
    firm.advisor_id = advisor.id
    private.is_private = True
    main = f.customer_user(s, "main", firm, CustomerRole.MAIN)
    normal = f.customer_user(s, "normal", firm, CustomerRole.NORMAL)
    firm_contract = f.subscription(s, firm, ContractStatus.OWN, risk_city="Berlin")
    house = f.subscription(
        s,
        private,
        ContractStatus.OWN,
        line_of_business="Hausrat",
        document_date=TODAY,
        risk_street="Lindenallee 3",
        risk_postcode="14052",
        risk_city="Berlin",
    )
    private_offer = f.subscription(s, private, ContractStatus.OFFER, line_of_business="Kfz")
    stranger_contract = f.subscription(s, stranger, ContractStatus.OWN, risk_city="Hamburg")
    profile = f.add(s, DocumentProfile(name="Policen", keywords=["Police", "Rechnung"]))
    grant = f.grant(
        s,
        [main],
        [firm, private],
        auto_share_statuses=[ShareStatus.POLICY.value],
        show_reference_addresses=True,
        document_profile_id=profile.id,
        view_type=GrantViewType.PRIVATE,
    )

    def document(of, title: str, keywords=(), contract=None, file=True):  # type: ignore[no-untyped-def]
        doc = f.add(
            s,
            Document(
                customer_id=of.id,
                subscription_id=contract.id if contract else None,
                title=title,
                direction=DocumentDirection.OUT,
            ),
        )
        for keyword in keywords:
            f.add(s, DocumentKeyword(document_id=doc.id, keyword=keyword))
        if file:
            write_document_file(data_dir, doc, proof_sample_pdf(title, ["Test"]))
        return doc

    firm_doc = document(firm, "Rechnung Januar", ["Rechnung"])
    policy_doc = document(private, "Police Hausrat", ["Police"], house)
    private_letter = document(private, "Privates Schreiben", ["Korrespondenz"])
    stranger_doc = document(stranger, "Fremde Police", ["Police"], stranger_contract)
    without_file = document(private, "Rechnung ohne Datei", ["Rechnung"], file=False)

    def sales(kind: SalesDocumentKind, number: str, **extra: object) -> SalesDocument:
        return f.add(
            s,
            SalesDocument(
                kind=kind,
                customer_id=extra.pop("customer_id", firm.id),
                number=number,
                doc_date=TODAY,
                gross_total=Decimal("100"),
                **extra,
            ),
        )

    order = sales(SalesDocumentKind.ORDER, "AU-1", status="proof")
    sales(SalesDocumentKind.ORDER, "AU-2")
    sales(SalesDocumentKind.QUOTE, "AN-1")
    sales(SalesDocumentKind.INVOICE, "RE-1", due_date=date(2026, 3, 1))  # overdue
    sales(SalesDocumentKind.INVOICE, "RE-2", due_date=date(2026, 3, 20))
    sales(SalesDocumentKind.INVOICE, "RE-3", paid=True)
    sales(SalesDocumentKind.INVOICE, "RE-X", customer_id=stranger.id)
    f.add(s, Approval(order_id=order.id, proof_file_path="p.pdf", requested_by_id=advisor.id))
    for creator, status in (
        (main, TicketStatus.WAITING_FOR_CUSTOMER),
        (normal, TicketStatus.WAITING_FOR_CUSTOMER),
        (normal, TicketStatus.OPEN),
    ):
        f.add(s, Ticket(customer_id=firm.id, creator_id=creator.id, subject="T", status=status))
    f.add(
        s,
        Claim(
            subscription_id=firm_contract.id,
            customer_id=firm.id,
            reporter_id=normal.id,
            claim_date=TODAY,
            description="Wasserschaden",
        ),
    )
    s.commit()
    return SimpleNamespace(**locals())
