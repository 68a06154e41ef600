"""What the customer portal lists: the customers a user's grants span, contracts and
documents (SPEC §3.3, §5). Every query starts from the access policy; ids that arrive from the
browser are checked against it here, so a page can pass them on as they come.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Generic, TypeVar

from sqlalchemy import func
from sqlmodel import Session, select

from portal.models import Customer, Document, DocumentKeyword, Subscription
from portal.services import access
from portal.services.access import Principal
from portal.services.ids import parse_record_id

PAGE_SIZE = 20
T = TypeVar("T")


@dataclass(frozen=True)
class CustomerChoice:
    id: int
    name: str
    is_private: bool


def customer_choices(session: Session, principal: Principal) -> list[CustomerChoice]:
    """The customers whose data the user sees: the own company first, then the grants'."""
    rows = session.exec(access.scoped_customers(principal).order_by(Customer.name)).all()
    rows = sorted(rows, key=lambda c: c.id != principal.customer_id)
    return [CustomerChoice(id=c.id, name=c.name, is_private=c.is_private) for c in rows]


def chosen_customer(session: Session, principal: Principal, raw: object) -> int | None:
    """A customer id from the browser if the user may see that customer, else None (all)."""
    customer_id = parse_record_id(raw)
    if customer_id is None:
        return None
    found = session.exec(
        access.scoped_customers(principal).where(Customer.id == customer_id)
    ).first()
    return customer_id if found is not None else None


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    total: int
    page: int  # 0-based, clamped to the last page

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def _clamp(page: int, total: int) -> int:
    return min(max(page, 0), max(0, (total - 1) // PAGE_SIZE))


# --------------------------------------------------------------------------- contracts


@dataclass(frozen=True)
class ContractRow:
    id: int
    number: str
    product: str
    line_of_business: str
    status: str
    customer_name: str
    start_date: date | None
    end_date: date | None
    monthly_price: Decimal
    currency: str


def _contract_row(s: Subscription, customer_name: str) -> ContractRow:
    return ContractRow(
        id=s.id,
        number=s.number,
        product=s.product,
        line_of_business=s.line_of_business,
        status=s.status,
        customer_name=customer_name,
        start_date=s.start_date,
        end_date=s.end_date,
        monthly_price=s.monthly_price,
        currency=s.currency,
    )


def contract_page(
    session: Session, principal: Principal, customer_id: int | None, page: int
) -> Page[ContractRow]:
    # the policy's contracts, with the customer's name beside each
    query = (
        select(Subscription, Customer.name)
        .join(Customer, Customer.id == Subscription.customer_id)
        .where(access.subscription_condition(principal))
    )
    if customer_id is not None:
        query = query.where(Subscription.customer_id == customer_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    page = _clamp(page, total)
    rows = session.exec(
        query.order_by(Customer.name, Subscription.number).offset(page * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    return Page(rows=[_contract_row(s, name) for s, name in rows], total=total, page=page)


@dataclass(frozen=True)
class ReferenceAddress:
    street: str
    postcode: str
    city: str


@dataclass(frozen=True)
class ContractDetail:
    contract: ContractRow
    offer_date: date | None
    application_date: date | None
    document_date: date | None
    cancelled_at: date | None
    auto_renew: bool
    reference_address: ReferenceAddress | None  # only where a grant shares it (SPEC §3.3)
    documents: list[DocumentRow]


def contract_detail(session: Session, principal: Principal, contract_id: int) -> ContractDetail:
    """One visible contract; AccessDenied("error.not_found") for foreign and unknown ids."""
    contract = access.get_visible(
        session, principal, access.scoped_subscriptions(principal), Subscription, contract_id
    )
    shows_address = session.exec(
        select(Subscription.id).where(
            Subscription.id == contract.id, access.reference_address_condition(principal)
        )
    ).first()
    address = None
    if shows_address is not None and (contract.risk_street or contract.risk_city):
        address = ReferenceAddress(contract.risk_street, contract.risk_postcode, contract.risk_city)
    documents = session.exec(
        access.scoped_documents(principal)
        .where(Document.subscription_id == contract.id)
        .order_by(Document.created_at.desc())
    ).all()
    return ContractDetail(
        contract=_contract_row(contract, session.get(Customer, contract.customer_id).name),
        offer_date=contract.offer_date,
        application_date=contract.application_date,
        document_date=contract.document_date,
        cancelled_at=contract.cancelled_at,
        auto_renew=contract.auto_renew,
        reference_address=address,
        documents=_document_rows(session, documents),
    )


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class DocumentRow:
    id: int
    title: str
    customer_name: str
    contract_number: str
    keywords: tuple[str, ...]
    direction: str
    created_at: datetime
    size_bytes: int
    has_file: bool


def _document_rows(session: Session, documents: list[Document]) -> list[DocumentRow]:
    """Rows with keywords, customer names and contract numbers, in three queries in all."""
    ids = [d.id for d in documents]
    keywords: dict[int, list[str]] = {}
    for document_id, keyword in session.exec(
        select(DocumentKeyword.document_id, DocumentKeyword.keyword)
        .where(DocumentKeyword.document_id.in_(ids))
        .order_by(DocumentKeyword.keyword)
    ).all():
        keywords.setdefault(document_id, []).append(keyword)
    customers = dict(
        session.exec(
            select(Customer.id, Customer.name).where(
                Customer.id.in_({d.customer_id for d in documents})
            )
        ).all()
    )
    contracts = dict(
        session.exec(
            select(Subscription.id, Subscription.number).where(
                Subscription.id.in_({d.subscription_id for d in documents if d.subscription_id})
            )
        ).all()
    )
    return [
        DocumentRow(
            id=d.id,
            title=d.title,
            customer_name=customers.get(d.customer_id, ""),
            contract_number=contracts.get(d.subscription_id, "") if d.subscription_id else "",
            keywords=tuple(keywords.get(d.id, ())),
            direction=d.direction,
            created_at=d.created_at,
            size_bytes=d.size_bytes,
            has_file=bool(d.file_path),
        )
        for d in documents
    ]


def document_keywords(session: Session, principal: Principal, customer_id: int | None) -> list[str]:
    """The keywords of the documents the user sees: the choices of the keyword filter."""
    documents = access.scoped_documents(principal).with_only_columns(Document.id)
    if customer_id is not None:
        documents = documents.where(Document.customer_id == customer_id)
    return list(
        session.exec(
            select(DocumentKeyword.keyword)
            .where(DocumentKeyword.document_id.in_(documents))
            .distinct()
            .order_by(DocumentKeyword.keyword)
        ).all()
    )


def document_page(
    session: Session,
    principal: Principal,
    customer_id: int | None,
    keyword: str | None,
    page: int,
) -> Page[DocumentRow]:
    """Visible documents, newest first, optionally of one customer and with one keyword."""
    query = access.scoped_documents(principal)
    if customer_id is not None:
        query = query.where(Document.customer_id == customer_id)
    if keyword:
        query = query.where(
            Document.id.in_(
                select(DocumentKeyword.document_id).where(DocumentKeyword.keyword == keyword)
            )
        )
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    page = _clamp(page, total)
    documents = session.exec(
        query.order_by(Document.created_at.desc(), Document.id.desc())
        .offset(page * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return Page(rows=_document_rows(session, list(documents)), total=total, page=page)
