"""States of the shop pages: /customer/shop, /customer/shop/[item_id], /customer/printers,
/customer/cart, /customer/shop-orders and /customer/shop-orders/[order_id].

Thin: every read and change goes through `portal.services.shop` / `portal.services.cart`,
which check scope, article, printer and quantity again. Vars hold only formatted text; the
row builders below turn a service row into what the page shows, and a price that the service
hid (None) becomes no field at all, so with prices hidden nothing priced reaches the browser.
"""

from __future__ import annotations

from typing import Any

from portal.config import mail_link_base
from portal.i18n import format_money, format_number, format_timestamp, t
from portal.models.enums import UserKind
from portal.services import cart, shop
from portal.services.access import AccessDenied
from portal.services.ids import parse_record_id
from portal.services.shop import ArticleRow, ShopRefused
from portal.state.guard import guarded
from portal.state.session import SessionState

LOADING, FOUND, NOT_FOUND = "loading", "found", "not_found"
ALL_CATEGORIES = "*"  # the select's value for "no category filter" (Radix refuses "")


def article_view(row: ArticleRow, locale: str, asset_id: int | None = None) -> dict[str, str]:
    """An article for a tile or a printer card; `price` only exists when the service gave one."""
    view = {
        "id": str(row.id),
        "href": shop.article_path(row.id),
        "number": row.article_number,
        "name": row.name,
        "description": row.description,
        "category": row.category,
        "unit": row.unit,
        "stock": row.stock_hint,
        "image": row.image_url,
        "printer": str(asset_id or ""),
        "price": "",
    }
    if row.price is not None:
        view["price"] = f"{format_money(row.price, locale)} / {row.unit}"
    return view


def cart_view(
    view: cart.CartView, locale: str
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Lines and sums of the cart as text; no amounts at all when prices are hidden."""

    def money(value: Any) -> str:
        return format_money(value, locale) if value is not None else ""

    lines = [
        {
            "id": str(r.id),
            "href": shop.article_path(r.item_id),
            "number": r.article_number,
            "name": r.name,
            "unit": r.unit,
            "quantity": str(r.quantity),
            "printer": r.printer,
            "unit_price": money(r.unit_price),
            "amount": money(r.amount),
        }
        for r in view.rows
    ]
    sums: list[dict[str, str]] = []
    if view.totals is not None:
        totals = view.totals
        sums = [
            {"label": t("shop.net", locale), "amount": money(totals.net), "strong": ""},
            *(
                {
                    "label": t(
                        "shop.tax_at", locale, rate=f"{format_number(x.rate.normalize(), locale)} %"
                    ),
                    "amount": money(x.tax),
                    "strong": "",
                }
                for x in totals.taxes
            ),
            {"label": t("shop.gross", locale), "amount": money(totals.gross), "strong": "1"},
        ]
    return lines, sums


class ShopBaseState(SessionState):
    """What every shop page shows: the cart badge, a notice and an error; adding to the cart."""

    cart_count: int = 0
    notice: str = ""
    error: str = ""

    async def _refresh_count(self) -> None:
        self.cart_count = await self._in_session(cart.count)

    @guarded(UserKind.CUSTOMER)
    async def add_to_cart(self, form_data: dict[str, Any]) -> None:
        """From a tile, the article page or a printer card: article, optional printer and
        quantity as the browser sent them; the service decides whether they are acceptable."""
        self.notice = self.error = ""
        data = form_data if isinstance(form_data, dict) else {}
        item_id = parse_record_id(data.get("item"))
        raw_printer = str(data.get("printer") or "").strip()
        asset_id = parse_record_id(raw_printer) if raw_printer else None
        if item_id is None:
            self.error = t("shop.error.unavailable", self.locale)
            return
        if raw_printer and asset_id is None:
            self.error = t("shop.error.printer", self.locale)
            return
        quantity = data.get("quantity", "1")

        def work(session, principal):  # type: ignore[no-untyped-def]
            total = cart.add(session, principal, item_id, quantity, asset_id)
            return total, shop.article(session, principal, item_id).name

        try:
            total, name = await self._in_session(work)
        except ShopRefused as refused:
            self.error = t(refused.message_key, self.locale)
            return
        self.notice = t("shop.added", self.locale, name=name, quantity=total)
        await self._refresh_count()


class ShopState(ShopBaseState):
    """/customer/shop: search, category filter, tiles."""

    search_text: str = ""
    category: str = ALL_CATEGORIES
    categories: list[str] = []
    articles: list[dict[str, str]] = []

    @guarded(UserKind.CUSTOMER)
    async def load(self) -> None:
        self.notice = self.error = ""
        self.categories = await self._in_session(shop.categories)
        await self._search()
        await self._refresh_count()

    async def _search(self) -> None:
        text = self.search_text
        category = "" if self.category == ALL_CATEGORIES else self.category
        rows = await self._in_session(
            lambda session, principal: shop.search_articles(
                session, principal, text=text, category=category
            )
        )
        self.articles = [article_view(row, self.locale) for row in rows]

    @guarded(UserKind.CUSTOMER)
    async def search(self, form_data: dict[str, Any]) -> None:
        data = form_data if isinstance(form_data, dict) else {}
        self.search_text = str(data.get("q") or "")[: shop.SEARCH_MAX]
        await self._search()

    @guarded(UserKind.CUSTOMER)
    async def set_category(self, value: str) -> None:
        value = str(value)
        self.category = value if value in self.categories else ALL_CATEGORIES
        await self._search()


class ArticleState(ShopBaseState):
    """/customer/shop/[item_id]"""

    status: str = LOADING
    article: dict[str, str] = {}

    @guarded(UserKind.CUSTOMER)
    async def load(self) -> None:
        self.notice = self.error = ""
        self.status, self.article = LOADING, {}
        item_id = parse_record_id(self.router.page.params.get("item_id"))
        if item_id is None:
            self.status = NOT_FOUND
            return
        try:
            row = await self._in_session(
                lambda session, principal: shop.article(session, principal, item_id)
            )
        except AccessDenied:
            self.status = NOT_FOUND
            return
        self.article = article_view(row, self.locale)
        self.status = FOUND
        await self._refresh_count()


class PrintersState(ShopBaseState):
    """/customer/printers: each printer of the company with its compatible accessories."""

    printers: list[dict[str, Any]] = []

    @guarded(UserKind.CUSTOMER)
    async def load(self) -> None:
        self.notice = self.error = ""
        rows = await self._in_session(shop.printers)
        locale = self.locale
        self.printers = [
            {
                "id": str(p.id),
                "model": p.model,
                "serial": p.serial_number,
                "site": p.location,
                "accessories": [article_view(a, locale, p.id) for a in p.accessories],
            }
            for p in rows
        ]
        await self._refresh_count()


class CartState(ShopBaseState):
    """/customer/cart: lines, quantities, totals (prices shown only), checkout."""

    lines: list[dict[str, str]] = []
    sums: list[dict[str, str]] = []
    show_prices: bool = False
    address: str = ""
    reference: str = ""
    order_href: str = ""

    @guarded(UserKind.CUSTOMER)
    async def load(self) -> None:
        self.notice = self.error = self.order_href = ""
        self.reference = ""
        await self._show(prefill=True)

    async def _show(self, prefill: bool = False) -> None:
        view = await self._in_session(cart.view)
        self.lines, self.sums = cart_view(view, self.locale)
        self.show_prices = view.show_prices
        self.cart_count = view.count
        if prefill or not self.address:
            self.address = view.delivery_address

    async def _change(self, work, notice_key: str) -> None:  # type: ignore[no-untyped-def]
        self.notice = self.error = self.order_href = ""
        try:
            await self._in_session(work)
        except ShopRefused as refused:
            self.error = t(refused.message_key, self.locale)
        else:
            self.notice = t(notice_key, self.locale)
        await self._show()

    @guarded(UserKind.CUSTOMER)
    async def set_quantity(self, form_data: dict[str, Any]) -> None:
        data = form_data if isinstance(form_data, dict) else {}
        line_id = parse_record_id(data.get("line"))
        quantity = data.get("quantity")
        if line_id is None:
            self.error = t("shop.error.line_not_found", self.locale)
            return
        await self._change(
            lambda session, principal: cart.set_quantity(session, principal, line_id, quantity),
            "shop.cart.updated",
        )

    @guarded(UserKind.CUSTOMER)
    async def remove(self, line_id: str) -> None:
        parsed = parse_record_id(line_id)
        if parsed is None:
            self.error = t("shop.error.line_not_found", self.locale)
            return
        await self._change(
            lambda session, principal: cart.remove(session, principal, parsed),
            "shop.cart.removed",
        )

    @guarded(UserKind.CUSTOMER)
    async def clear_cart(self) -> None:
        await self._change(cart.clear, "shop.cart.cleared")

    @guarded(UserKind.CUSTOMER)
    def set_address(self, value: str) -> None:
        self.address = str(value)[: cart.ADDRESS_MAX + 1]

    @guarded(UserKind.CUSTOMER)
    def set_reference(self, value: str) -> None:
        self.reference = str(value)[: cart.REFERENCE_MAX + 1]

    @guarded(UserKind.CUSTOMER)
    async def checkout(self) -> None:
        """Order or quote request, decided by the server; what was typed stays on refusal."""
        self.notice = self.error = self.order_href = ""
        address, reference = self.address, self.reference
        base_url = mail_link_base()
        client = self._client_address()

        def work(session, principal):  # type: ignore[no-untyped-def]
            order = cart.checkout(
                session,
                principal,
                delivery_address=address,
                reference=reference,
                base_url=base_url,
                client_address=client,
            )
            return order.id, order.number, order.kind

        try:
            order_id, number, kind = await self._in_session(work)
        except ShopRefused as refused:
            self.error = t(refused.message_key, self.locale)
            await self._show()
            return
        self.reference = ""
        await self._show(prefill=True)
        self.notice = t(f"shop.checkout.done.{kind}", self.locale, number=number)
        self.order_href = shop.order_path(order_id)


class ShopOrdersState(ShopBaseState):
    """/customer/shop-orders"""

    rows: list[dict[str, str]] = []

    @guarded(UserKind.CUSTOMER)
    async def load(self) -> None:
        locale = self.locale
        rows = await self._in_session(
            lambda session, principal: cart.list_orders(session, principal, locale)
        )
        self.rows = [_order_view(row, locale) for row in rows]
        await self._refresh_count()


def _order_view(row: cart.OrderRow, locale: str) -> dict[str, str]:
    return {
        "id": str(row.id),
        "href": shop.order_path(row.id),
        "number": row.number,
        "kind": t(f"shop.kind.{row.kind}", locale),
        "date": format_timestamp(row.created_at, locale),
        "user": row.user_name,
        "status": t(f"shop.status.{row.status}", locale),
        "total": row.gross_total,
    }


class ShopOrderDetailState(ShopBaseState):
    """/customer/shop-orders/[order_id], with "order again"."""

    _order_id: int | None = None
    status: str = LOADING
    order: dict[str, str] = {}
    address: str = ""
    reference: str = ""
    lines: list[dict[str, str]] = []
    sums: list[dict[str, str]] = []
    show_prices: bool = False

    @guarded(UserKind.CUSTOMER)
    async def load(self) -> None:
        self.notice = self.error = ""
        self.status = LOADING
        self._order_id = parse_record_id(self.router.page.params.get("order_id"))
        order_id, locale = self._order_id, self.locale
        if order_id is None:
            self.status = NOT_FOUND
            return
        try:
            detail = await self._in_session(
                lambda session, principal: cart.order_detail(
                    session, principal, order_id, locale=locale
                )
            )
        except AccessDenied:
            self.status = NOT_FOUND
            return
        self.order = _order_view(detail.order, locale)
        self.address, self.reference = detail.delivery_address, detail.reference
        self.lines = [
            {
                "number": line.article_number,
                "name": line.name,
                "quantity": line.quantity,
                "printer": line.printer,
                "unit_price": line.unit_price,
                "amount": line.amount,
            }
            for line in detail.lines
        ]
        self.sums = [
            {"label": s.label, "amount": s.amount, "strong": "1" if s.strong else ""}
            for s in detail.sums
        ]
        self.show_prices = bool(detail.sums)
        self.status = FOUND
        await self._refresh_count()

    @guarded(UserKind.CUSTOMER)
    async def reorder(self) -> None:
        self.notice = self.error = ""
        order_id = self._order_id
        if order_id is None:
            raise AccessDenied("error.not_found")
        skipped = await self._in_session(
            lambda session, principal: cart.reorder(session, principal, order_id)
        )
        if skipped:
            self.error = t("shop.reorder_skipped", self.locale, names=", ".join(skipped))
        self.notice = t("shop.reordered", self.locale)
        await self._refresh_count()
