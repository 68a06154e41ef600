"""States of /staff/grants: the access grants with their editor (autosave) and the customers
in no grant yet.

Thin: every handler needs `StaffPermission.MANAGE_GRANTS`, turns the browser's id strings into
ids with `parse_record_id` and hands them to `portal.services.grant_admin`, which checks the
permission, each id and each value again and audits the change. The page only ever shows the
selected grant as the service reads it back after each change, so what it shows is what is
stored; a refused change leaves the inputs as typed and says why beside them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import reflex as rx
from sqlmodel import Session

from portal.i18n import format_number, t, t_count
from portal.models.enums import GrantViewType, ShareStatus, StaffPermission, UserKind
from portal.services import grant_admin
from portal.services.access import Principal
from portal.services.grant_admin import GrantDetail, GrantRefused, Option
from portal.services.grant_export import export_path
from portal.services.ids import parse_record_id
from portal.state.guard import guarded
from portal.state.session import SessionState

PATH = "/staff/grants"
SAVING, SAVED = "saving", "saved"
NO_PROFILE = "none"
STATUS_VALUES = [s.value for s in ShareStatus]
VIEW_TYPES = [v.value for v in GrantViewType]
FLAGS = list(grant_admin.FLAGS)
EXPORT_CUSTOMERS = export_path("customers")
EXPORT_CONTRACTS = export_path("contracts")


def _replace_url(path: str) -> Any:
    """Keep the address bar in step without a navigation (the path holds only digits)."""
    return rx.call_script(f"window.history.replaceState(null, '', '{path}')")


def _options(rows: tuple[Option, ...] | list[Option]) -> list[dict[str, str]]:
    return [{"id": str(o.id), "label": o.label, "detail": o.detail} for o in rows]


class GrantsAdminState(SessionState):
    """The grant list (left) and the selected grant's editor (right)."""

    search: str = ""
    grants: list[dict[str, str]] = []
    selected_id: str = ""
    name: str = ""
    view_type: str = GrantViewType.TILES.value
    include_claims: bool = False
    show_reference_addresses: bool = False
    share_tickets: bool = False
    share_statuses: list[str] = []
    lines: list[str] = []
    selected_lines: list[str] = []
    profile_id: str = NO_PROFILE
    profiles: list[dict[str, str]] = []
    members: list[dict[str, str]] = []
    customers: list[dict[str, str]] = []
    contracts: list[dict[str, str]] = []
    member_query: str = ""
    member_hits: list[dict[str, str]] = []
    customer_query: str = ""
    customer_hits: list[dict[str, str]] = []
    contract_query: str = ""
    contract_hits: list[dict[str, str]] = []
    save_state: str = ""
    error: str = ""
    notice: str = ""
    creating: bool = False
    new_name: str = ""
    create_error: str = ""
    confirm_delete: bool = False
    profile_edit_id: str = ""
    profile_name: str = ""
    profile_keywords: str = ""
    profile_error: str = ""

    @rx.var
    def delete_question(self) -> str:
        return t("grants.delete_confirm", self.locale, name=self.name)

    # ------------------------------------------------------------------ loading

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    async def load(self) -> None:
        self.reset()
        wanted = parse_record_id(self.router.page.params.get("grant"))
        await self._refresh_list()
        ids = [int(g["id"]) for g in self.grants]
        chosen = wanted if wanted in ids else (ids[0] if ids else None)
        if chosen is not None:
            await self._show(chosen)

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    async def set_search(self, value: str) -> None:
        self.search = str(value)[:200]
        await self._refresh_list()

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    async def select(self, grant_id: str) -> Any:
        found = parse_record_id(grant_id)
        if found is None:
            self.error = t("grants.error.no_grant", self.locale)
            return None
        self.notice = ""
        return await self._show(found)

    async def _refresh_list(self) -> None:
        search = self.search
        rows = await self._in_session(
            lambda session, principal: grant_admin.list_grants(session, principal, search)
        )
        self.grants = [
            {
                "id": str(r.id),
                "name": r.name,
                "counts": t(
                    "grants.counts",
                    self.locale,
                    customers=format_number(r.customers, self.locale),
                    members=format_number(r.members, self.locale),
                ),
            }
            for r in rows
        ]

    async def _show(self, grant_id: int) -> Any:
        """Read one grant into the editor (and keep ?grant= in the address bar in step)."""

        def read(session: Session, principal: Principal) -> tuple[Any, ...]:
            return (
                grant_admin.grant_detail(session, principal, grant_id),
                grant_admin.document_profiles(session, principal),
                grant_admin.lines_of_business(session, principal),
            )

        try:
            detail, profiles, lines = await self._in_session(read)
        except GrantRefused as refused:
            self.error = t(refused.message_key, self.locale)
            return None
        changed = self.selected_id != str(grant_id)
        self._fill(detail)
        self.profiles = [
            {"id": str(p.id), "name": p.name, "keywords": ", ".join(p.keywords)} for p in profiles
        ]
        self.lines = sorted(set(lines) | set(detail.lines_of_business))
        if changed:
            self.save_state = self.error = ""
            self.member_query = self.customer_query = self.contract_query = ""
            self.member_hits, self.customer_hits, self.contract_hits = [], [], []
            self.confirm_delete = False
            return rx.call_script(
                f"window.history.replaceState(null, '', '{PATH}?grant={grant_id}')"
            )
        return None

    def _fill(self, detail: GrantDetail) -> None:
        self.selected_id = str(detail.id)
        self.name = detail.name
        self.view_type = detail.view_type.value
        self.include_claims = detail.include_claims
        self.show_reference_addresses = detail.show_reference_addresses
        self.share_tickets = detail.share_tickets
        self.share_statuses = [s for s in STATUS_VALUES if s in detail.share_statuses]
        self.selected_lines = list(detail.lines_of_business)
        self.profile_id = str(detail.document_profile_id or NO_PROFILE)
        self.members = _options(detail.members)
        self.customers = _options(detail.customers)
        self.contracts = _options(detail.contracts)

    # ------------------------------------------------------------------ autosave

    async def _change(self, work: Callable[[Session, Principal, int], object]) -> None:
        """Apply one change to the selected grant, then show the grant as stored."""
        grant_id = parse_record_id(self.selected_id)
        if grant_id is None:
            return
        try:
            await self._in_session(lambda session, principal: work(session, principal, grant_id))
        except GrantRefused as refused:
            self.error = t(refused.message_key, self.locale)
            self.save_state = ""
            await self._show(grant_id)
            return
        self.error = ""
        self.save_state = SAVED
        await self._show(grant_id)
        await self._refresh_list()

    def _saving(self) -> None:
        self.save_state = SAVING
        self.error = ""

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    async def save_name(self, value: str) -> AsyncIterator[None]:
        if str(value) == self.name:
            return
        self._saving()
        yield
        await self._change(lambda s, p, g: grant_admin.rename_grant(s, p, g, str(value)))

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    async def set_view(self, value: str) -> AsyncIterator[None]:
        self._saving()
        yield
        await self._change(lambda s, p, g: grant_admin.set_view_type(s, p, g, str(value)))

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    async def set_flag(self, flag: str, on: bool) -> AsyncIterator[None]:
        self._saving()
        yield
        await self._change(lambda s, p, g: grant_admin.set_flag(s, p, g, str(flag), on is True))

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    async def set_status(self, status: str, on: bool) -> AsyncIterator[None]:
        self._saving()
        yield
        await self._change(
            lambda s, p, g: grant_admin.set_share_status(s, p, g, str(status), on is True)
        )

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    async def set_line(self, line: str, on: bool) -> AsyncIterator[None]:
        self._saving()
        yield
        await self._change(
            lambda s, p, g: grant_admin.set_line_of_business(s, p, g, str(line), on is True)
        )

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    async def set_profile(self, value: str) -> AsyncIterator[None]:
        profile_id = None if value == NO_PROFILE else parse_record_id(value)
        if value != NO_PROFILE and profile_id is None:
            self.error = t("grants.error.no_profile", self.locale)
            return
        self._saving()
        yield
        await self._change(lambda s, p, g: grant_admin.set_document_profile(s, p, g, profile_id))

    # ------------------------------------------------------------------ linked records

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    async def find_members(self, value: str) -> None:
        self.member_query = str(value)[:100]
        self.member_hits = await self._hits(grant_admin.search_users, self.member_query)

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    async def find_customers(self, value: str) -> None:
        self.customer_query = str(value)[:100]
        self.customer_hits = await self._hits(grant_admin.search_customers, self.customer_query)

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    async def find_contracts(self, value: str) -> None:
        self.contract_query = str(value)[:100]
        self.contract_hits = await self._hits(grant_admin.search_contracts, self.contract_query)

    async def _hits(self, search: Callable[..., list[Option]], text: str) -> list[dict[str, str]]:
        grant_id = parse_record_id(self.selected_id)
        if grant_id is None or not text.strip():
            return []
        try:
            return _options(await self._in_session(lambda s, p: search(s, p, grant_id, text)))
        except GrantRefused as refused:
            self.error = t(refused.message_key, self.locale)
            return []

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    async def link(self, kind: str, record_id: str, on: bool) -> AsyncIterator[None]:
        """Add (on) or remove a member, customer or manually shared contract."""
        functions = {
            "member": (grant_admin.add_member, grant_admin.remove_member),
            "customer": (grant_admin.add_customer, grant_admin.remove_customer),
            "contract": (grant_admin.add_contract, grant_admin.remove_contract),
        }
        found = parse_record_id(record_id)
        if not isinstance(kind, str) or kind not in functions or found is None:
            self.error = t("grants.error.bad_setting", self.locale)
            return
        add, remove = functions[kind]
        function = add if on is True else remove
        self._saving()
        yield
        await self._change(lambda s, p, g: function(s, p, g, found))
        if on is True:
            self.member_query = self.customer_query = self.contract_query = ""
            self.member_hits, self.customer_hits, self.contract_hits = [], [], []

    # ------------------------------------------------------------------ create, delete

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    def start_create(self) -> None:
        self.creating = True
        self.new_name = ""
        self.create_error = ""

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    def cancel_create(self) -> None:
        self.creating = False
        self.create_error = ""

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    def set_new_name(self, value: str) -> None:
        self.new_name = str(value)[:300]

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    async def create(self) -> Any:
        name = self.new_name
        try:
            grant_id = await self._in_session(
                lambda session, principal: grant_admin.create_grant(session, principal, name)
            )
        except GrantRefused as refused:
            self.create_error = t(refused.message_key, self.locale)
            return None
        self.creating = False
        self.new_name = self.create_error = ""
        self.search = ""
        await self._refresh_list()
        result = await self._show(grant_id)
        self.save_state = SAVED
        return result

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    def ask_delete(self, open_: bool) -> None:
        self.confirm_delete = open_ is True

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    async def delete(self) -> Any:
        grant_id = parse_record_id(self.selected_id)
        self.confirm_delete = False
        if grant_id is None:
            return None
        try:
            await self._in_session(
                lambda session, principal: grant_admin.delete_grant(session, principal, grant_id)
            )
        except GrantRefused as refused:
            self.error = t(refused.message_key, self.locale)
            return None
        self.selected_id = ""
        await self._refresh_list()
        self.notice = t("grants.deleted", self.locale)
        if self.grants:
            return await self._show(int(self.grants[0]["id"]))
        return _replace_url(PATH)

    # ------------------------------------------------------------------ document profiles

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    def edit_profile(self, profile_id: str) -> None:
        """Open the profile editor with a profile ("" for a new one)."""
        found = next((p for p in self.profiles if p["id"] == profile_id), None)
        self.profile_edit_id = found["id"] if found else "new"
        self.profile_name = found["name"] if found else ""
        self.profile_keywords = found["keywords"] if found else ""
        self.profile_error = ""

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    def close_profile(self) -> None:
        self.profile_edit_id = ""
        self.profile_error = ""

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    def set_profile_name(self, value: str) -> None:
        self.profile_name = str(value)[:200]

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    def set_profile_keywords(self, value: str) -> None:
        self.profile_keywords = str(value)[:4000]

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    async def save_profile(self) -> None:
        profile_id = parse_record_id(self.profile_edit_id)
        if self.profile_edit_id != "new" and profile_id is None:
            self.profile_error = t("grants.error.no_profile", self.locale)
            return
        name, keywords = self.profile_name, self.profile_keywords
        try:
            await self._in_session(
                lambda s, p: grant_admin.save_profile(s, p, profile_id, name, keywords)
            )
        except GrantRefused as refused:
            self.profile_error = t(refused.message_key, self.locale)
            return
        self.profile_edit_id = ""
        self.notice = t("grants.profile_saved", self.locale)
        grant_id = parse_record_id(self.selected_id)
        if grant_id is not None:
            await self._show(grant_id)


class UngrantedCustomersState(SessionState):
    """The tab "customers without a grant", with a link to each customer's invitation form."""

    query: str = ""
    page: int = 1
    total: int = 0
    rows: list[dict[str, str]] = []

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // grant_admin.CUSTOMER_PAGE_SIZE))

    @rx.var
    def count_label(self) -> str:
        return t_count(
            "grants.ungranted_count",
            self.locale,
            self.total,
            count=format_number(self.total, self.locale),
        )

    @rx.var
    def page_label(self) -> str:
        return t("grants.page", self.locale, page=self.page, pages=self.pages)

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    async def load(self) -> None:
        await self._read()

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    async def set_query(self, value: str) -> None:
        self.query = str(value)[:100]
        self.page = 1
        await self._read()

    @guarded(UserKind.STAFF, permission=StaffPermission.MANAGE_GRANTS)
    async def turn(self, step: int) -> None:
        target = self.page + (1 if step == 1 else -1)
        if 1 <= target <= self.pages:
            self.page = target
            await self._read()

    async def _read(self) -> None:
        query, page = self.query, self.page
        rows, total = await self._in_session(
            lambda s, p: grant_admin.customers_without_grant(s, p, query, page)
        )
        self.total = total
        self.rows = [
            {
                "id": str(r.id),
                "name": r.name,
                "number": r.number,
                "city": r.city,
                "href": r.invite_path,
            }
            for r in rows
        ]
