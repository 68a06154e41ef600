"""States of the partner's detail pages: customer (with the change of its partner contact),
contract (with the licence download link) and the new-prospect form.

Thin on purpose: ids come from the URL or the form and are parsed here, every decision (scope,
team, eligibility, duplicates) is made again by the services on each call, and only the texts
the page shows are kept in state — the ids being worked on stay in backend vars.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import reflex as rx

from portal.i18n import format_day, format_money, format_number, format_timestamp, t
from portal.models.enums import UserKind
from portal.services import customers, prospects
from portal.services.access import AccessDenied
from portal.services.ids import parse_record_id
from portal.services.licenses import download_url
from portal.services.subscriptions import SubscriptionDetail, subscription_detail
from portal.state.guard import guarded
from portal.state.session import SessionState

CUSTOMERS_PATH = "/partner/customers"
SUBSCRIPTIONS_PATH = "/partner/subscriptions"
NEW_PROSPECT_PATH = "/partner/prospects/new"
LOADING, FOUND, NOT_FOUND = "loading", "found", "not_found"


def customer_path(customer_id: int) -> str:
    return f"{CUSTOMERS_PATH}/{customer_id}"


def subscription_path(subscription_id: int) -> str:
    return f"{SUBSCRIPTIONS_PATH}/{subscription_id}"


def _fact(label_key: str, value: str) -> dict[str, str]:
    return {"label_key": label_key, "value": value}


def _price(value: Decimal | None, currency: str, locale: str) -> str:
    return "" if value is None else format_money(value, locale, currency)


class CustomerDetailState(SessionState):
    """/partner/customers/[customer_id]"""

    _customer_id: int | None = None
    status: str = LOADING
    name: str = ""
    number: str = ""
    kind: str = ""
    facts: list[dict[str, str]] = []
    contracts: list[dict[str, str]] = []
    show_retail: bool = False
    contact_name: str = ""
    contact_id: str = ""
    contact_choices: list[dict[str, str]] = []
    notice: str = ""
    error: str = ""

    @guarded(UserKind.PARTNER)
    async def load(self) -> None:
        self.reset()
        self._customer_id = parse_record_id(self.router.page.params.get("customer_id"))
        await self._show()

    async def _show(self) -> bool:
        """Fill the page; False (and the not-found page) when the customer is not visible."""
        customer_id = self._customer_id
        if customer_id is None:
            self.status = NOT_FOUND
            return False
        try:
            detail = await self._in_session(
                lambda session, principal: customers.customer_detail(
                    session, principal, customer_id
                )
            )
        except AccessDenied:
            self.status = NOT_FOUND
            return False
        locale = self.locale
        self.name, self.number, self.kind = detail.name, detail.number, detail.kind
        place = f"{detail.postcode} {detail.city}".strip()
        self.facts = [
            _fact("detail.number", detail.number),
            _fact("detail.kind", t(f"grid.value.kind.{detail.kind}", locale)),
            _fact(
                "detail.customer_type",
                t("detail.private" if detail.is_private else "detail.commercial", locale),
            ),
            _fact("detail.address", ", ".join(p for p in (detail.street, place) if p)),
            _fact("detail.email", detail.email),
            _fact("detail.phone", detail.phone),
            _fact("detail.partner_company", detail.partner_company),
        ]
        self.show_retail = any(c.retail_price is not None for c in detail.contracts)
        self.contracts = [
            {
                "href": subscription_path(c.id),
                "number": c.number,
                "product": c.product,
                "status": c.status,
                "start": format_day(c.start_date, locale),
                "end": format_day(c.end_date, locale),
                "monthly_price": _price(c.monthly_price, c.currency, locale),
                "retail_price": _price(c.retail_price, c.currency, locale),
            }
            for c in detail.contracts
        ]
        contact = detail.partner_contact
        self.contact_name = contact.name if contact else ""
        self.contact_id = str(contact.id) if contact else ""
        self.contact_choices = [{"id": str(p.id), "name": p.name} for p in detail.contact_choices]
        self.status = FOUND
        return True

    @guarded(UserKind.PARTNER)
    async def change_contact(self, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        """The customer is the one this page loaded (a backend var); the service checks scope,
        team and the chosen person again."""
        self.notice = self.error = ""
        customer_id = self._customer_id
        contact_id = parse_record_id(form_data.get("contact_id"))
        if customer_id is None:
            raise AccessDenied("error.not_found")
        if contact_id is None:
            self.error = t("detail.error.contact_not_eligible", self.locale)
            return None
        try:
            chosen = await self._in_session(
                lambda session, principal: customers.change_partner_contact(
                    session, principal, customer_id, contact_id
                )
            )
        except AccessDenied as denied:
            if denied.message_key != "detail.error.contact_not_eligible":
                raise
            self.error = t(denied.message_key, self.locale)
            return None
        if not await self._show():
            # An OWN-visibility user who handed the customer to a colleague no longer sees it.
            return [
                rx.redirect(CUSTOMERS_PATH),
                rx.toast.success(t("detail.contact_changed_hidden", self.locale, name=chosen.name)),
            ]
        self.notice = t("detail.contact_changed", self.locale, name=chosen.name)
        return None


class SubscriptionDetailState(SessionState):
    """/partner/subscriptions/[subscription_id]"""

    status: str = LOADING
    number: str = ""
    product: str = ""
    contract_status: str = ""
    customer_label: str = ""
    customer_href: str = ""
    facts: list[dict[str, str]] = []
    history: list[dict[str, str]] = []
    license_href: str = ""

    @guarded(UserKind.PARTNER)
    async def load(self) -> None:
        self.reset()
        subscription_id = parse_record_id(self.router.page.params.get("subscription_id"))
        if subscription_id is None:
            self.status = NOT_FOUND
            return
        try:
            detail = await self._in_session(
                lambda session, principal: subscription_detail(session, principal, subscription_id)
            )
        except AccessDenied:
            self.status = NOT_FOUND
            return
        self._fill(detail)
        self.status = FOUND

    def _fill(self, detail: SubscriptionDetail) -> None:
        locale = self.locale

        def day(value) -> str:  # type: ignore[no-untyped-def]
            return format_day(value, locale)

        self.number, self.product, self.contract_status = (
            detail.number,
            detail.product,
            detail.status,
        )
        self.customer_label = f"{detail.customer_name} ({detail.customer_number})"
        self.customer_href = customer_path(detail.customer_id)
        storage = ""
        if detail.storage_quota_gb:
            storage = t(
                "detail.storage_value",
                locale,
                used=format_number(detail.storage_used_gb, locale),
                quota=format_number(detail.storage_quota_gb, locale),
            )
        facts = [
            ("detail.col.number", detail.number),
            ("detail.col.product", detail.product),
            ("detail.field.line_of_business", detail.line_of_business),
            ("detail.col.status", t(f"grid.value.status.{detail.status}", locale)),
            ("detail.field.offer_date", day(detail.offer_date)),
            ("detail.field.application_date", day(detail.application_date)),
            ("detail.field.document_date", day(detail.document_date)),
            ("detail.col.start", day(detail.start_date)),
            ("detail.col.end", day(detail.end_date)),
            ("detail.field.cancelled_at", day(detail.cancelled_at)),
            (
                "detail.field.auto_renew",
                t("grid.value.yes" if detail.auto_renew else "grid.value.no", locale),
            ),
            ("detail.col.monthly_price", _price(detail.monthly_price, detail.currency, locale)),
            ("detail.col.retail_price", _price(detail.retail_price, detail.currency, locale)),
            ("detail.field.seats", format_number(detail.seats, locale) if detail.seats else ""),
            ("detail.field.storage", storage),
            ("detail.field.update_due", day(detail.update_due_date)),
            ("detail.field.risk_address", detail.risk_address),
        ]
        # Empty facts are left out: a contract without seats or dates shows no blank rows.
        self.facts = [_fact(label, value) for label, value in facts if value]
        self.history = [
            {
                "at": format_timestamp(step.changed_at, locale),
                "status": step.status,
                "note": step.note,
            }
            for step in detail.history
        ]
        self.license_href = download_url(detail.id) if detail.license_downloadable else ""


class NewProspectState(SessionState):
    """/partner/prospects/new"""

    allowed: bool = True
    companies: list[dict[str, str]] = []
    values: dict[str, str] = {}  # what the user typed, so a refused form keeps all of it
    is_private: bool = False
    company_id: str = ""
    errors: dict[str, str] = {}  # field -> message in the user's language
    summary: str = ""
    duplicate: dict[str, str] = {}  # a duplicate the user may see: text and link

    @guarded(UserKind.PARTNER)
    async def load(self) -> None:
        self.reset()
        companies = await self._in_session(prospects.creatable_companies)
        self.companies = [{"id": str(c.id), "name": c.name} for c in companies]
        self.allowed = bool(companies)
        if len(companies) == 1:
            self.company_id = str(companies[0].id)

    @guarded(UserKind.PARTNER)
    async def submit(self, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        raw = {key: str(value)[:500] for key, value in form_data.items()}
        self.values = {name: raw.get(name, "") for name in prospects.FIELDS}
        self.is_private = bool(raw.get("is_private"))
        self.company_id = raw.get("partner_company_id", "")
        outcome = await self._in_session(
            lambda session, principal: prospects.create_prospect(session, principal, raw)
        )
        locale = self.locale
        self.errors = {name: t(key, locale) for name, key in outcome.errors.items()}
        self.duplicate = {}
        self.summary = t("prospect.check_fields", locale) if outcome.errors else ""
        if outcome.duplicate is not None:
            found = outcome.duplicate
            text = t("prospect.duplicate_visible", locale, name=found.name, number=found.number)
            self.duplicate = {
                "text": text,
                "href": customer_path(found.id),
            }
        elif outcome.duplicate_elsewhere:
            self.summary = t("prospect.duplicate_elsewhere", locale)
        if outcome.customer_id is None:
            return None
        return rx.redirect(customer_path(outcome.customer_id))
