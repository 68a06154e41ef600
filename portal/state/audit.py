"""/staff/audit: the audit log with filter bar, paging and CSV export (MANAGE_ACCOUNTS).

The filters live in the state as plain text (what the user typed stays in the fields); the
service parses and validates them. The export is a link to the authenticated CSV route with
the same filters, so the file never passes through the browser state.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import reflex as rx
from sqlmodel import Session

from portal.api.audit_routes import EXPORT_ROUTE
from portal.i18n import format_number, format_timestamp, t, t_count
from portal.models.enums import StaffPermission, UserKind
from portal.services import audit_log
from portal.services.access import Principal
from portal.state.guard import guarded
from portal.state.session import SessionState

FILTER_FIELDS = ("q", "actor", "acting_as", "action", "target_type", "target_id", "from", "to")


def action_label(action: str, locale: str) -> str:
    """The readable name of a recorded action, or the action itself when it has none."""
    key = f"audit.action.{action}"
    text = t(key, locale)
    return action if text == key else text


def _person(login: str, name: str) -> str:
    if not login:
        return ""
    return f"{name} ({login})" if name and name != login else login


def row_view(row: audit_log.AuditRow, locale: str) -> dict[str, str]:
    """One table row as text, formatted for the reader's locale."""
    return {
        "id": str(row.id),
        "at": format_timestamp(row.at, locale),
        "action": row.action,
        "action_label": action_label(row.action, locale),
        "actor": _person(row.actor_login, row.actor_name),
        "acting_as": _person(row.account_login, row.account_name),
        "target": f"{row.target_type} #{row.target_id}" if row.target_type else "",
        "address": row.client_address,
        "detail": audit_log.format_detail(row.detail),
    }


class AuditState(SessionState):
    rows: list[dict[str, str]] = []
    total: int = 0
    page: int = 0
    filters: dict[str, str] = {}

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // audit_log.PAGE_SIZE))

    @rx.var
    def count_text(self) -> str:
        return t_count(
            "audit.count",
            self.locale,
            self.total,
            total=format_number(self.total, self.locale),
            page=self.page + 1,
            pages=self.pages,
        )

    @rx.var
    def export_href(self) -> str:
        query = urlencode(audit_log.filter_params(audit_log.parse_filter(self.filters)))
        return f"{EXPORT_ROUTE}?{query}" if query else EXPORT_ROUTE

    async def _refresh(self) -> None:
        flt = audit_log.parse_filter(self.filters)
        page = self.page

        def read(session: Session, principal: Principal) -> tuple[int, list[dict[str, str]]]:
            total, rows = audit_log.search(session, principal, flt, page=page)
            return total, [row_view(row, principal.locale) for row in rows]

        self.total, self.rows = await self._in_session(read)

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_ACCOUNTS)
    async def load(self) -> None:
        self.page = 0
        await self._refresh()

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_ACCOUNTS)
    async def apply(self, form_data: dict[str, Any]) -> None:
        self.filters = {
            key: str(form_data.get(key, "")).strip()[:100]
            for key in FILTER_FIELDS
            if str(form_data.get(key, "")).strip()
        }
        self.page = 0
        await self._refresh()

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_ACCOUNTS)
    async def go(self, page: int) -> None:
        try:
            wanted = int(page)
        except (TypeError, ValueError, OverflowError):  # None, "x", a dict, nan, inf
            return
        self.page = min(max(0, wanted), self.pages - 1)
        await self._refresh()
