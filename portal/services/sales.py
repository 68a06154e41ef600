"""Quotes, orders and invoices (SPEC §5): lists, details with computed totals, the pipeline.

Everything is read through `access.scoped_sales_documents`, so a document outside the caller's
scope is "not found" exactly like an unknown id. Money stays `Decimal` rounded to cents: each
line is quantity times unit price rounded half-up, tax is rounded once per rate over the sum of its
lines (as an invoice prints it), gross is net plus tax.

The pipeline (received → in progress → proof → production → shipped → invoiced) is a default
in code that an installation may replace with the `sales_pipeline` setting:
``{"stages": ["received", {"key": "lettershop", "de": "Lettershop", "en": "Letter shop"}, …]}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from sqlmodel import Session, col, select

from portal.i18n import MESSAGES, normalize_locale
from portal.models import Customer, SalesDocument, SalesDocumentLine, Setting, User
from portal.models.enums import SalesDocumentKind
from portal.services import access
from portal.services.access import Principal

CENT = Decimal("0.01")
PIPELINE_SETTING = "sales_pipeline"
DEFAULT_PIPELINE = ("received", "in_progress", "proof", "production", "shipped", "invoiced")
PROOF_STAGE = "proof"
PDF_ROUTE = "/files/sales/{document_id}"  # portal/api/sales_routes.py
_STAGE_KEY_MAX = 30  # SalesDocument.status


# --------------------------------------------------------------------------- money


def line_amount(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """A line's net amount in cents (half-up, as commercial rounding expects)."""
    return (quantity * unit_price).quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class TaxLine:
    rate: Decimal  # percent
    base: Decimal  # net amount taxed at this rate
    tax: Decimal


@dataclass(frozen=True)
class Totals:
    net: Decimal
    taxes: tuple[TaxLine, ...]
    gross: Decimal

    @property
    def tax(self) -> Decimal:
        return sum((t.tax for t in self.taxes), Decimal("0"))


def compute_totals(lines: Iterable[tuple[Decimal, Decimal]]) -> Totals:
    """Totals of (line amount, tax rate %) pairs; tax rounded once per rate, not per line, so
    many small lines do not add up rounding errors."""
    by_rate: dict[Decimal, Decimal] = {}
    for amount, rate in lines:
        by_rate[rate] = by_rate.get(rate, Decimal("0")) + amount
    taxes = tuple(
        TaxLine(rate, base.quantize(CENT), (base * rate / 100).quantize(CENT, ROUND_HALF_UP))
        for rate, base in sorted(by_rate.items())
    )
    net = sum((t.base for t in taxes), Decimal("0")).quantize(CENT)
    return Totals(net=net, taxes=taxes, gross=net + sum((t.tax for t in taxes), Decimal("0")))


def document_totals(lines: Iterable[tuple[Decimal, Decimal]]) -> tuple[Decimal, Decimal, Decimal]:
    """Net, tax and gross for storing on a document (seed, imports, shop orders)."""
    totals = compute_totals(lines)
    return totals.net, totals.tax, totals.gross


# --------------------------------------------------------------------------- pipeline


@dataclass(frozen=True)
class Stage:
    key: str
    labels: dict[str, str]  # locale → text, from the setting; the catalogue otherwise

    def label(self, locale: str) -> str:
        code = normalize_locale(locale)
        return (
            self.labels.get(code)
            or MESSAGES[code].get(f"sales.stage.{self.key}")
            or MESSAGES["de"].get(f"sales.stage.{self.key}")
            or self.key
        )


class StageState(StrEnum):
    DONE = "done"
    CURRENT = "current"
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class StageView:
    key: str
    label: str
    state: StageState


def _stage(raw: object) -> Stage | None:
    if isinstance(raw, str):
        key, labels = raw, {}
    elif isinstance(raw, dict) and isinstance(raw.get("key"), str):
        key = raw["key"]
        labels = {k: str(v) for k, v in raw.items() if k in MESSAGES and str(v).strip()}
    else:
        return None
    key = key.strip()
    return Stage(key, labels) if key and len(key) <= _STAGE_KEY_MAX else None


def pipeline(session: Session) -> tuple[Stage, ...]:
    """The installation's pipeline; the default when the setting is absent or unusable (a
    broken setting must not take the order pages down)."""
    row = session.get(Setting, PIPELINE_SETTING)
    raw = (row.value or {}).get("stages") if row is not None else None
    stages = [s for s in map(_stage, raw) if s is not None] if isinstance(raw, list) else []
    keys = [s.key for s in stages]
    if not stages or len(set(keys)) != len(keys):
        return tuple(Stage(key, {}) for key in DEFAULT_PIPELINE)
    return tuple(stages)


def status_bar(stages: Sequence[Stage], status: str, locale: str) -> list[StageView]:
    """Every stage as done, current or upcoming. A status the pipeline does not know (an old
    document after the pipeline changed) marks nothing as reached rather than guessing."""
    keys = [s.key for s in stages]
    current = keys.index(status) if status in keys else -1
    return [
        StageView(
            stage.key,
            stage.label(locale),
            StageState.DONE
            if index < current
            else StageState.CURRENT
            if index == current
            else StageState.UPCOMING,
        )
        for index, stage in enumerate(stages)
    ]


def stage_label(stages: Sequence[Stage], status: str, locale: str) -> str:
    for stage in stages:
        if stage.key == status:
            return stage.label(locale)
    return status


# --------------------------------------------------------------------------- reading


def pdf_url(document_id: int) -> str:
    return PDF_ROUTE.format(document_id=document_id)


def parse_kind(raw: object) -> SalesDocumentKind | None:
    try:
        return SalesDocumentKind(str(raw))
    except ValueError:
        return None


@dataclass(frozen=True)
class SalesRow:
    id: int
    kind: SalesDocumentKind
    number: str
    doc_date: date
    due_date: date | None
    status: str
    currency: str
    gross_total: Decimal
    paid: bool


def is_due(document: SalesDocument | SalesRow) -> bool:
    """An unpaid invoice with a due date: something the customer still has to pay."""
    return (
        document.kind == SalesDocumentKind.INVOICE and not document.paid and bool(document.due_date)
    )


def list_documents(
    session: Session, principal: Principal, kind: SalesDocumentKind
) -> list[SalesRow]:
    """The caller's documents of one kind, newest first."""
    query = access.scoped_sales_documents(principal, kind).order_by(
        col(SalesDocument.doc_date).desc(), col(SalesDocument.id).desc()
    )
    return [
        SalesRow(
            id=d.id,
            kind=SalesDocumentKind(d.kind),
            number=d.number,
            doc_date=d.doc_date,
            due_date=d.due_date,
            status=d.status,
            currency=d.currency,
            gross_total=d.gross_total,
            paid=d.paid,
        )
        for d in session.exec(query)
    ]


@dataclass(frozen=True)
class LineView:
    position: int
    article_number: str
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    tax_rate: Decimal
    amount: Decimal


@dataclass(frozen=True)
class SalesDetail:
    document: SalesDocument
    customer_name: str
    customer_address: tuple[str, ...]
    clerk_name: str
    clerk_email: str
    lines: tuple[LineView, ...]
    totals: Totals
    stages: tuple[Stage, ...]


def get_document(
    session: Session, principal: Principal, kind: SalesDocumentKind | None, document_id: int
) -> SalesDocument:
    """One document in scope (of this kind, when given); AccessDenied("error.not_found")
    otherwise, so an order id under /invoices/ is as unknown as a foreign one."""
    return access.get_visible(
        session,
        principal,
        access.scoped_sales_documents(principal, kind),
        SalesDocument,
        document_id,
    )


def document_detail(
    session: Session, principal: Principal, kind: SalesDocumentKind | None, document_id: int
) -> SalesDetail:
    document = get_document(session, principal, kind, document_id)
    customer = session.get(Customer, document.customer_id)
    clerk = session.get(User, document.clerk_id) if document.clerk_id else None
    rows = session.exec(
        select(SalesDocumentLine)
        .where(SalesDocumentLine.sales_document_id == document.id)
        .order_by(col(SalesDocumentLine.position), col(SalesDocumentLine.id))
    ).all()
    lines = tuple(
        LineView(
            position=r.position,
            article_number=r.article_number,
            description=r.description,
            quantity=r.quantity,
            unit=r.unit,
            unit_price=r.unit_price,
            tax_rate=r.tax_rate,
            amount=line_amount(r.quantity, r.unit_price),
        )
        for r in rows
    )
    address: tuple[str, ...] = ()
    if customer is not None:
        place = f"{customer.postcode} {customer.city}".strip()
        address = tuple(p for p in (customer.street, place) if p)
    return SalesDetail(
        document=document,
        customer_name=customer.name if customer else "",
        customer_address=address,
        clerk_name=(clerk.display_name or clerk.login) if clerk else "",
        clerk_email=clerk.email if clerk else "",
        lines=lines,
        totals=compute_totals((line.amount, line.tax_rate) for line in lines),
        stages=pipeline(session),
    )
