"""States of the staff catalog pages: articles, the import preview, customers' printers.

Thin, like the other states: arguments from the browser are cut to size and parsed here, every
decision (permission, validation, scope) is made again by the services on each call. A refused
form keeps what staff typed: the form's values stay in `form` and are shown again with the
field errors.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import reflex as rx

from portal.config import get_settings
from portal.i18n import format_amount, format_money, format_number, known_message, t
from portal.models import CatalogItem
from portal.models.enums import StaffPermission, UserKind
from portal.services import catalog, catalog_import, inventory
from portal.services.catalog import CatalogRefused, ItemInput
from portal.services.catalog_import import ImportRefused
from portal.services.ids import parse_record_id
from portal.services.inventory import InventoryRefused, PrinterInput
from portal.services.uploads import UploadRefused
from portal.state.guard import guarded
from portal.state.session import SessionState

STAFF = UserKind.STAFF
CATALOG = StaffPermission.CATALOG
_FORM_FIELDS = (
    "article_number",
    "name",
    "description",
    "category",
    "unit",
    "price",
    "tax_rate",
    "stock_hint",
    "compatible",
)
_EMPTY_FORM = {name: "" for name in _FORM_FIELDS} | {"unit": "Stk", "tax_rate": "19"}


def _text(form_data: object, name: str, limit: int = 5_000) -> str:
    """A form field as text; the browser may send anything, so no form or a field that is no
    plain value reads as empty."""
    value = form_data.get(name, "") if isinstance(form_data, dict) else ""
    return str(value)[:limit] if isinstance(value, str | int | float) else ""


def _tax_label(rate: Decimal, locale: str) -> str:
    return f"{format_number(rate.normalize(), locale)} %"


class CatalogState(SessionState):
    """/staff/catalog: the article list with filters and the article form."""

    rows: list[dict[str, str]] = []
    categories: list[str] = []
    search: str = ""
    category: str = ""
    status: str = "all"  # all | active | inactive | shop | not_shop
    form: dict[str, str] = dict(_EMPTY_FORM)
    form_in_shop: bool = True
    form_errors: dict[str, str] = {}
    form_key: int = 0
    editing_id: str = ""  # "" = no form, "new" = a new article, else the article's id
    editing_active: bool = True
    image_url: str = ""
    upload_url: str = ""
    notice: str = ""
    error: str = ""

    def _say(self, key: str = "", error: str = "", **values: object) -> None:
        self.notice = t(key, self.locale, **values) if key else ""
        self.error = t(error, self.locale) if error else ""

    async def _refresh(self) -> None:
        search, category, status = self.search, self.category, self.status
        active = {"active": True, "inactive": False}.get(status)
        in_shop = {"shop": True, "not_shop": False}.get(status)
        items, categories = await self._in_session(
            lambda session, principal: (
                catalog.list_items(
                    session,
                    principal,
                    search=search,
                    category=category,
                    active=active,
                    in_shop=in_shop,
                ),
                catalog.categories(session, principal),
            )
        )
        locale = self.locale
        self.categories = categories
        self.rows = [
            {
                "id": str(item.id),
                "number": item.article_number,
                "name": item.name,
                "category": item.category,
                "unit": item.unit,
                "price": format_money(item.price, locale),
                "tax": _tax_label(item.tax_rate, locale),
                "stock": item.stock_hint,
                "in_shop": "yes" if item.in_shop else "",
                "active": "yes" if item.active else "",
                "image": catalog.image_url(item),
            }
            for item in items
        ]

    @guarded(STAFF, permission=CATALOG)
    async def load(self) -> None:
        self.reset()
        params = self.router.page.params
        await self._refresh()
        item_id = parse_record_id(params.get("item"))
        if item_id is not None:
            await self._open(item_id)
        notice = known_message(params.get("notice"), ("catalog.",))
        self.notice = t(notice, self.locale) if notice else ""
        error = known_message(params.get("error"), ("catalog.", "upload.error."))
        self.error = t(error, self.locale) if error else ""

    @guarded(STAFF, permission=CATALOG)
    async def apply_filter(self, form_data: dict[str, Any]) -> None:
        self.search = _text(form_data, "search", 100)
        category = _text(form_data, "category", 60)
        self.category = "" if category == "all" else category
        status = _text(form_data, "status", 20)
        self.status = status if status in ("active", "inactive", "shop", "not_shop") else "all"
        await self._refresh()

    @guarded(STAFF, permission=CATALOG)
    def new_item(self) -> None:
        self._say()
        self.editing_id = "new"
        self.editing_active = True
        self.form = dict(_EMPTY_FORM)
        self.form_in_shop = True
        self.form_errors = {}
        self.image_url = self.upload_url = ""
        self.form_key += 1

    async def _open(self, item_id: int) -> None:
        def work(session, principal):  # type: ignore[no-untyped-def]
            item = catalog.get_item(session, principal, item_id)
            return item, catalog.compatibility(session, item_id)

        item, models = await self._in_session(work)
        self._fill(item, models)

    def _fill(self, item: CatalogItem, models: list[str]) -> None:
        self.editing_id = str(item.id)
        self.editing_active = item.active
        self.form = {
            "article_number": item.article_number,
            "name": item.name,
            "description": item.description,
            "category": item.category,
            "unit": item.unit,
            "price": format_amount(item.price, self.locale),
            "tax_rate": format_number(item.tax_rate.normalize(), self.locale),
            "stock_hint": item.stock_hint,
            "compatible": "\n".join(models),
        }
        self.form_in_shop = item.in_shop
        self.form_errors = {}
        self.image_url = catalog.image_url(item)
        self.upload_url = catalog.IMAGE_UPLOAD_ROUTE.replace("{item_id}", str(item.id))
        self.form_key += 1

    @guarded(STAFF, permission=CATALOG)
    async def edit_item(self, item_id: str) -> None:
        target = parse_record_id(item_id)
        if target is None:
            return
        self._say()
        await self._open(target)

    @guarded(STAFF, permission=CATALOG)
    def close_form(self) -> None:
        self.editing_id = ""
        self.form_errors = {}

    @guarded(STAFF, permission=CATALOG)
    def set_in_shop(self, checked: bool) -> None:
        self.form_in_shop = bool(checked)

    @guarded(STAFF, permission=CATALOG)
    async def save(self, form_data: dict[str, Any]) -> None:
        self.form = {name: _text(form_data, name) for name in _FORM_FIELDS}
        data = ItemInput(
            article_number=self.form["article_number"],
            name=self.form["name"],
            description=self.form["description"],
            category=self.form["category"],
            unit=self.form["unit"],
            price=self.form["price"],
            tax_rate=self.form["tax_rate"],
            stock_hint=self.form["stock_hint"],
            in_shop=self.form_in_shop,
            compatible=self.form["compatible"].replace(";", "\n").splitlines(),
        )
        target = parse_record_id(self.editing_id) if self.editing_id != "new" else None
        if self.editing_id != "new" and target is None:
            return

        def work(session, principal):  # type: ignore[no-untyped-def]
            if target is None:
                item = catalog.create_item(session, principal, data)
            else:
                item = catalog.update_item(session, principal, target, data)
            assert item.id is not None
            return item, catalog.compatibility(session, item.id)

        try:
            item, models = await self._in_session(work)
        except CatalogRefused as refused:
            locale = self.locale
            self.form_errors = {name: t(key, locale) for name, key in refused.errors.items()}
            self._say(error="catalog.check_fields")
            return
        self._fill(item, models)
        self._say("catalog.saved", number=item.article_number)
        await self._refresh()

    @guarded(STAFF, permission=CATALOG)
    async def set_active(self, item_id: str, active: bool) -> None:
        target = parse_record_id(item_id)
        if target is None:
            return
        wanted = bool(active)
        item = await self._in_session(
            lambda session, principal: catalog.set_active(session, principal, target, wanted)
        )
        if self.editing_id == str(target):
            self.editing_active = wanted
        self._say(
            "catalog.activated" if wanted else "catalog.deactivated", number=item.article_number
        )
        await self._refresh()


class CatalogImportState(SessionState):
    """/staff/catalog/import: the preview of an uploaded file and the import button."""

    token: str = ""
    rows: list[dict[str, str]] = []
    summary: str = ""
    ignored: str = ""
    error_count: int = 0
    done: bool = False
    notice: str = ""
    error: str = ""

    @rx.var
    def intro(self) -> str:
        size = catalog_import.IMPORT_MAX_BYTES // (1024 * 1024)
        return t("catalog.import.intro", self.locale, size=size)

    @rx.var
    def can_import(self) -> bool:
        return bool(self.token) and bool(self.rows) and self.error_count == 0 and not self.done

    @guarded(STAFF, permission=CATALOG)
    async def load(self) -> None:
        self.reset()
        params = self.router.page.params
        error = known_message(params.get("error"), ("catalog.", "upload.error."))
        if error:
            self.error = t(error, self.locale)
        token = str(params.get("file", ""))[:64]
        if not token:
            return
        data_dir = get_settings().data_dir
        try:
            preview = await self._in_session(
                lambda session, principal: catalog_import.preview(
                    session, principal, data_dir, token
                )
            )
        except (ImportRefused, UploadRefused) as refused:
            detail = getattr(refused, "detail", "")
            self.error = t(refused.message_key, self.locale, columns=detail)
            return
        self.token = token
        self._show(preview)

    def _show(self, preview: catalog_import.ImportPreview) -> None:
        locale = self.locale
        self.rows = [
            {
                "row": str(row.row),
                "number": row.article_number,
                "name": row.name,
                "action": row.action,
                "action_label": t(f"catalog.import.action.{row.action}", locale),
                "errors": "; ".join(
                    f"{error.column}: {t(error.message_key, locale)}" for error in row.errors
                ),
            }
            for row in preview.rows
        ]
        self.error_count = preview.error_count
        self.summary = t(
            "catalog.import.summary",
            locale,
            new=preview.new_count,
            updated=preview.update_count,
            errors=preview.error_count,
        )
        self.ignored = (
            t("catalog.import.ignored", locale, columns=", ".join(preview.ignored_columns))
            if preview.ignored_columns
            else ""
        )

    @guarded(STAFF, permission=CATALOG)
    async def apply(self) -> None:
        if not self.token or self.done:
            return
        token, data_dir = self.token, get_settings().data_dir
        try:
            result = await self._in_session(
                lambda session, principal: catalog_import.apply(session, principal, data_dir, token)
            )
        except (ImportRefused, UploadRefused) as refused:
            detail = getattr(refused, "detail", "")
            self.error = t(refused.message_key, self.locale, columns=detail)
            return
        await self._in_session(
            lambda session, principal: catalog_import.discard_file(data_dir, principal, token)
        )
        self.done = True
        self.error = ""
        self.notice = t(
            "catalog.import.done", self.locale, new=result.new_count, updated=result.update_count
        )


class InventoryState(SessionState):
    """/staff/inventory: pick a customer, see and edit its printers."""

    search: str = ""
    customers: list[dict[str, str]] = []
    customer_id: str = ""
    customer_label: str = ""
    printers: list[dict[str, str]] = []
    models: list[str] = []
    editing_id: str = ""  # "" = none, "new" or a printer's id
    form: dict[str, str] = {"model": "", "serial_number": "", "location": ""}
    form_errors: dict[str, str] = {}
    form_key: int = 0
    notice: str = ""
    error: str = ""

    def _say(self, key: str = "", error: str = "", **values: object) -> None:
        self.notice = t(key, self.locale, **values) if key else ""
        self.error = t(error, self.locale) if error else ""

    @guarded(STAFF, permission=CATALOG)
    async def load(self) -> None:
        self.reset()
        customer_id = parse_record_id(self.router.page.params.get("customer"))
        self.models = await self._in_session(inventory.known_models)
        if customer_id is not None:
            await self._pick(customer_id)

    @guarded(STAFF, permission=CATALOG)
    async def find_customers(self, form_data: dict[str, Any]) -> None:
        self.search = _text(form_data, "search", 100)
        term = self.search
        found = await self._in_session(
            lambda session, principal: inventory.search_customers(session, principal, term)
        )
        self.customers = [
            {"id": str(c.id), "label": f"{c.name} ({c.number})", "city": c.city} for c in found
        ]
        self._say(error="" if found or not term.strip() else "inventory.no_customers")

    async def _pick(self, customer_id: int) -> None:
        def work(session, principal):  # type: ignore[no-untyped-def]
            return (
                inventory.customer(session, principal, customer_id),
                inventory.printers(session, principal, customer_id),
                inventory.known_models(session, principal),
            )

        chosen, printers, models = await self._in_session(work)
        self.customer_id = str(chosen.id)
        self.customer_label = f"{chosen.name} ({chosen.number})"
        self.models = models
        self.printers = [
            {
                "id": str(p.id),
                "model": p.model,
                "serial_number": p.serial_number,
                "location": p.location,
            }
            for p in printers
        ]

    @guarded(STAFF, permission=CATALOG)
    async def pick(self, customer_id: str) -> None:
        target = parse_record_id(customer_id)
        if target is None:
            return
        self._say()
        self.editing_id = ""
        await self._pick(target)

    @guarded(STAFF, permission=CATALOG)
    def new_printer(self) -> None:
        self.editing_id = "new"
        self.form = {"model": "", "serial_number": "", "location": ""}
        self.form_errors = {}
        self.form_key += 1

    @guarded(STAFF, permission=CATALOG)
    def edit_printer(self, asset_id: str) -> None:
        row = next((p for p in self.printers if p["id"] == asset_id), None)
        if row is None:
            return
        self.editing_id = asset_id
        self.form = {name: row[name] for name in ("model", "serial_number", "location")}
        self.form_errors = {}
        self.form_key += 1

    @guarded(STAFF, permission=CATALOG)
    def close_form(self) -> None:
        self.editing_id = ""
        self.form_errors = {}

    @guarded(STAFF, permission=CATALOG)
    async def save(self, form_data: dict[str, Any]) -> None:
        customer_id = parse_record_id(self.customer_id)
        if customer_id is None:
            return
        self.form = {
            "model": _text(form_data, "model", 200),
            "serial_number": _text(form_data, "serial_number", 100),
            "location": _text(form_data, "location", 300),
        }
        data = PrinterInput(**self.form)
        target = parse_record_id(self.editing_id) if self.editing_id != "new" else None
        if self.editing_id != "new" and target is None:
            return

        def work(session, principal):  # type: ignore[no-untyped-def]
            if target is None:
                return inventory.add_printer(session, principal, customer_id, data)
            return inventory.update_printer(session, principal, target, data)

        try:
            await self._in_session(work)
        except InventoryRefused as refused:
            locale = self.locale
            self.form_errors = {name: t(key, locale) for name, key in refused.errors.items()}
            self._say(error="catalog.check_fields")
            return
        self.editing_id = ""
        self.form_errors = {}
        self._say("inventory.saved")
        await self._pick(customer_id)

    @guarded(STAFF, permission=CATALOG)
    async def remove(self, asset_id: str) -> None:
        target, customer_id = parse_record_id(asset_id), parse_record_id(self.customer_id)
        if target is None or customer_id is None:
            return
        try:
            await self._in_session(
                lambda session, principal: inventory.remove_printer(session, principal, target)
            )
        except InventoryRefused as refused:
            self._say(error=next(iter(refused.errors.values())))
            return
        self._say("inventory.removed")
        await self._pick(customer_id)
