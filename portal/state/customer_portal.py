"""States of the customer portal: the tile dashboard (/customer), contracts
(/customer/contracts, /customer/contracts/[contract_id]) and documents (/customer/documents).

They share one parent, so the customer chosen in the switcher stays chosen from page to page.
The choice arrives from the browser and is checked against the access policy on every call
(`customer_portal.chosen_customer`); every list is queried again through the policy.
"""

from __future__ import annotations

from datetime import date

import reflex as rx
from sqlmodel import Session

from portal.i18n import format_day, format_money, format_number, t
from portal.models.enums import UserKind
from portal.services import customer_portal, dashboard
from portal.services.access import AccessDenied, Principal
from portal.services.customer_portal import ContractRow, DocumentRow, Page
from portal.services.dashboard import Advisor
from portal.services.documents import download_url
from portal.services.ids import parse_record_id
from portal.state.guard import guarded
from portal.state.session import SessionState

CONTRACTS_PATH = "/customer/contracts"
DOCUMENTS_PATH = "/customer/documents"
ALL = "all"  # the switcher's "all customers" (a select item cannot have an empty value)
LOADING, FOUND, NOT_FOUND = "loading", "found", "not_found"


def contract_path(contract_id: int) -> str:
    return f"{CONTRACTS_PATH}/{contract_id}"


def _size(size_bytes: int, locale: str) -> str:
    if size_bytes >= 1_000_000:
        return f"{format_number(round(size_bytes / 1_000_000, 1), locale)} MB"
    return f"{format_number(max(1, round(size_bytes / 1000)), locale)} KB"


def _advisor_card(advisor: Advisor | None) -> dict[str, str]:
    """What the advisor card shows; an empty name shows "no advisor yet"."""
    if advisor is None:
        return {"name": ""}
    return {
        "name": advisor.name,
        "initials": "".join(part[0] for part in advisor.name.split()[:2]).upper(),
        "email": advisor.email,
        "phone": advisor.phone,
        "tel": "tel:" + "".join(c for c in advisor.phone if c.isdigit() or c == "+"),
    }


class CustomerPortalState(SessionState):
    """The customer switcher shared by the customer pages."""

    _customer_id: int | None = None
    customer: str = ALL
    customer_options: list[dict[str, str]] = []

    async def _load_customers(self) -> None:
        """The options, and the current choice checked again (a grant may have changed)."""
        chosen = self._customer_id

        def load(session: Session, principal: Principal):  # type: ignore[no-untyped-def]
            choices = customer_portal.customer_choices(session, principal)
            return choices, customer_portal.chosen_customer(session, principal, chosen)

        choices, self._customer_id = await self._in_session(load)
        self.customer_options = [{"id": str(c.id), "name": c.name} for c in choices]
        self.customer = ALL if self._customer_id is None else str(self._customer_id)

    async def _choose(self, value: str) -> None:
        raw = None if value == ALL else value
        self._customer_id = await self._in_session(
            lambda session, principal: customer_portal.chosen_customer(session, principal, raw)
        )
        self.customer = ALL if self._customer_id is None else str(self._customer_id)


class CustomerDashboardState(CustomerPortalState):
    """/customer: the Kachelansicht."""

    areas: list[str] = []
    counts: dict[str, str] = {}
    actions: dict[str, int] = {}
    advisor: dict[str, str] = {"name": ""}
    # the shop tile: formatted pieces in the cart and orders in progress; empty = no tile
    shop: dict[str, str] = {}

    async def _show(self) -> None:
        customer_id = self._customer_id
        board = await self._in_session(
            lambda session, principal: dashboard.customer_dashboard(
                session, principal, customer_id, date.today()
            )
        )
        self.areas = [area.value for area in board.areas]
        self.counts = {
            key: format_number(value, self.locale) for key, value in board.counts.items()
        }
        self.actions = board.actions
        self.advisor = _advisor_card(board.advisor)
        self.shop = (
            {}
            if board.shop is None
            else {
                "cart": format_number(board.shop.cart_pieces, self.locale),
                "orders": format_number(board.shop.orders_in_progress, self.locale),
            }
        )

    @guarded(UserKind.CUSTOMER)
    async def load(self) -> None:
        await self._load_customers()
        await self._show()

    @guarded(UserKind.CUSTOMER)
    async def choose_customer(self, value: str) -> None:
        await self._choose(value)
        await self._show()


class PagedListMixin(rx.State, mixin=True):
    """A paged list of the customer portal: loading, the switcher and paging call the page's
    `_show`, which queries through the policy again and fills `rows`."""

    page: int = 0
    pages: int = 1
    total: str = "0"

    async def _show(self) -> None:
        raise NotImplementedError

    def _paged(self, result: Page) -> None:  # type: ignore[type-arg]
        self.page = result.page
        self.pages = result.pages
        self.total = format_number(result.total, self.locale)  # type: ignore[attr-defined]

    @guarded(UserKind.CUSTOMER)
    async def load(self) -> None:
        self.page = 0
        await self._load_customers()  # type: ignore[attr-defined]
        await self._show()

    @guarded(UserKind.CUSTOMER)
    async def choose_customer(self, value: str) -> None:
        await self._choose(value)  # type: ignore[attr-defined]
        self.page = 0
        await self._show()

    @guarded(UserKind.CUSTOMER)
    async def turn_page(self, forward: bool) -> None:
        """One page on or back; the service clamps the page to the ones there are."""
        self.page += 1 if forward is True else -1
        await self._show()


class CustomerContractsState(PagedListMixin, CustomerPortalState):
    """/customer/contracts"""

    rows: list[dict[str, str]] = []

    async def _show(self) -> None:
        customer_id, page = self._customer_id, self.page
        result = await self._in_session(
            lambda session, principal: customer_portal.contract_page(
                session, principal, customer_id, page
            )
        )
        self._paged(result)
        self.rows = [self._row(row) for row in result.rows]

    def _row(self, row: ContractRow) -> dict[str, str]:
        locale = self.locale
        return {
            "href": contract_path(row.id),
            "number": row.number,
            "product": row.product,
            "line_of_business": row.line_of_business,
            "status": row.status,
            "customer": row.customer_name,
            "start": format_day(row.start_date, locale),
            "end": format_day(row.end_date, locale),
            "monthly_price": format_money(row.monthly_price, locale, row.currency),
        }


def _document(row: DocumentRow, locale: str) -> dict[str, str]:
    return {
        "title": row.title,
        "customer": row.customer_name,
        "contract": row.contract_number,
        "keywords": ", ".join(row.keywords),
        "direction": row.direction,
        "date": format_day(row.created_at.date(), locale),
        "size": _size(row.size_bytes, locale) if row.has_file else "",
        "href": download_url(row.id) if row.has_file else "",
    }


class CustomerDocumentsState(PagedListMixin, CustomerPortalState):
    """/customer/documents, with the keyword filter of the document profiles."""

    _keyword: str | None = None
    keyword: str = ALL
    keywords: list[str] = []
    rows: list[dict[str, str]] = []

    async def _show(self) -> None:
        customer_id, page = self._customer_id, self.page

        def load(session: Session, principal: Principal):  # type: ignore[no-untyped-def]
            keywords = customer_portal.document_keywords(session, principal, customer_id)
            keyword = self._keyword if self._keyword in keywords else None
            result = customer_portal.document_page(session, principal, customer_id, keyword, page)
            return keywords, keyword, result

        self.keywords, self._keyword, result = await self._in_session(load)
        self.keyword = self._keyword or ALL
        self._paged(result)
        self.rows = [_document(row, self.locale) for row in result.rows]

    @guarded(UserKind.CUSTOMER)
    async def choose_keyword(self, value: str) -> None:
        """Only keywords of visible documents filter (checked in `_show`); others show all."""
        self._keyword = None if value == ALL else str(value)[:60]
        self.page = 0
        await self._show()


class CustomerContractDetailState(CustomerPortalState):
    """/customer/contracts/[contract_id]; a contract the user may not see is a 404."""

    status: str = LOADING
    number: str = ""
    product: str = ""
    contract_status: str = ""
    facts: list[dict[str, str]] = []
    reference_address: str = ""
    documents: list[dict[str, str]] = []

    @guarded(UserKind.CUSTOMER)
    async def load(self) -> None:
        self.status = LOADING
        contract_id = parse_record_id(self.router.page.params.get("contract_id"))
        if contract_id is None:
            self.status = NOT_FOUND
            return
        try:
            detail = await self._in_session(
                lambda session, principal: customer_portal.contract_detail(
                    session, principal, contract_id
                )
            )
        except AccessDenied:
            self.status = NOT_FOUND
            return
        locale, row = self.locale, detail.contract
        self.number, self.product, self.contract_status = row.number, row.product, row.status
        facts = [
            ("cp.contract.customer", row.customer_name),
            ("cp.contract.line_of_business", row.line_of_business),
            ("cp.contract.start", format_day(row.start_date, locale)),
            ("cp.contract.end", format_day(row.end_date, locale)),
            ("cp.contract.offer_date", format_day(detail.offer_date, locale)),
            ("cp.contract.application_date", format_day(detail.application_date, locale)),
            ("cp.contract.document_date", format_day(detail.document_date, locale)),
            ("cp.contract.cancelled_at", format_day(detail.cancelled_at, locale)),
            ("cp.contract.monthly_price", format_money(row.monthly_price, locale, row.currency)),
            ("cp.contract.auto_renew", t("cp.yes" if detail.auto_renew else "cp.no", locale)),
        ]
        self.facts = [{"label_key": key, "value": value} for key, value in facts if value]
        address = detail.reference_address
        self.reference_address = (
            ""
            if address is None
            else ", ".join(
                part
                for part in (address.street, f"{address.postcode} {address.city}".strip())
                if part
            )
        )
        self.documents = [_document(row, locale) for row in detail.documents]
        self.status = FOUND
