"""States of the staff inbox (Postkorb): the list at /staff/inbox and one item's page.

Thin: every argument from the browser (filters, item ids, page numbers, reply text) is checked
here for shape and again by `portal.services.staff_inbox` for permission; after each change the
navigation badge is recounted, so the menu shows what is left.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypedDict

from portal.config import get_settings
from portal.i18n import format_number, format_timestamp, t
from portal.models.enums import InboxKind, InboxState, StaffPermission, UserKind
from portal.services import inbox_detail, staff_inbox, tickets
from portal.services.access import AccessDenied, Principal
from portal.services.ids import parse_record_id
from portal.services.staff_inbox import InboxFilter, InboxRefused
from portal.state.guard import guarded
from portal.state.session import SessionState
from portal.state.support import FOUND, LOADING, NOT_FOUND, FileLink, MessageView

ALL = "all"  # a select item cannot have an empty value
REPLY_MAX = 10_000
Action = Callable[[Any, Principal, int], None]
# What the row and page buttons do, and the notice each success shows.
ACTIONS: dict[str, tuple[Action, str]] = {
    "assign": (staff_inbox.assign_to_me, "inbox.assigned"),
    "unassign": (staff_inbox.unassign, "inbox.released"),
    "done": (staff_inbox.mark_done, "inbox.marked_done"),
    "reopen": (staff_inbox.reopen, "inbox.reopened"),
}


class InboxRowView(TypedDict):
    id: str
    kind: str
    title: str
    created: str
    assignee: str
    state: str
    href: str


class FactView(TypedDict):
    label_key: str
    value: str


class LineView(TypedDict):
    article: str
    printer: str
    quantity: str
    unit_price: str
    total: str


class InboxWorkState(SessionState):
    """What both pages share: one step on an item, with the outcome as a notice or an error."""

    notice: str = ""
    error: str = ""

    async def _step(self, name: str, raw_id: object) -> staff_inbox.InboxRow | None:
        self.notice, self.error = "", ""
        item_id = parse_record_id(raw_id)
        if not isinstance(name, str) or name not in ACTIONS or item_id is None:
            self.error = t("error.not_found", self.locale)
            return None
        action, notice_key = ACTIONS[name]
        locale = self.locale

        def work(session, principal):  # type: ignore[no-untyped-def]
            action(session, principal, item_id)
            return staff_inbox.get_item(session, principal, item_id, locale)

        try:
            item = await self._in_session(work)
        except InboxRefused as refused:
            self.error = t(refused.message_key, self.locale, holder=refused.holder)
            return None
        except AccessDenied as denied:
            self.error = t(denied.message_key, self.locale)
            return None
        self.notice = t(notice_key, self.locale, title=item.title)
        await self._refresh_nav_badges()
        return item


class InboxListState(InboxWorkState):
    """/staff/inbox: filters, search, paging, and the row buttons."""

    kind: str = ALL
    state: str = ALL
    mine: bool = False
    unassigned: bool = False
    search: str = ""
    page: int = 0
    pages: int = 1
    total: str = "0"
    rows: list[InboxRowView] = []
    kinds: list[str] = [k.value for k in InboxKind]
    states: list[str] = [s.value for s in InboxState]

    async def _show(self) -> None:
        chosen = InboxFilter(
            kind=self.kind.replace(ALL, ""),
            state=self.state.replace(ALL, ""),
            mine=self.mine,
            unassigned=self.unassigned,
            search=self.search,
        )
        page, locale = self.page, self.locale
        found = await self._in_session(
            lambda session, principal: staff_inbox.list_page(
                session, principal, chosen, page, locale
            )
        )
        self.page, self.pages = found.page, found.pages
        self.total = format_number(found.total, locale)
        self.rows = [
            InboxRowView(
                id=str(r.id),
                kind=r.kind,
                title=r.title,
                created=format_timestamp(r.created_at, locale),
                assignee=r.assignee,
                state=r.state,
                href=staff_inbox.item_path(r.id),
            )
            for r in found.rows
        ]

    @guarded(UserKind.STAFF, permission=StaffPermission.INBOX)
    async def load(self) -> None:
        self.notice, self.error = "", ""
        await self._show()

    @guarded(UserKind.STAFF, permission=StaffPermission.INBOX)
    async def filter_kind(self, kind: str) -> None:
        self.kind = kind if kind in self.kinds else ALL
        self.page = 0
        await self._show()

    @guarded(UserKind.STAFF, permission=StaffPermission.INBOX)
    async def filter_state(self, state: str) -> None:
        self.state = state if state in self.states else ALL
        self.page = 0
        await self._show()

    @guarded(UserKind.STAFF, permission=StaffPermission.INBOX)
    async def toggle_mine(self, mine: bool) -> None:
        """ "Only mine" and "only unassigned" exclude each other: choosing one clears the other."""
        self.mine = mine is True
        self.unassigned = self.unassigned and not self.mine
        self.page = 0
        await self._show()

    @guarded(UserKind.STAFF, permission=StaffPermission.INBOX)
    async def toggle_unassigned(self, unassigned: bool) -> None:
        self.unassigned = unassigned is True
        self.mine = self.mine and not self.unassigned
        self.page = 0
        await self._show()

    @guarded(UserKind.STAFF, permission=StaffPermission.INBOX)
    async def apply_search(self, form_data: dict[str, Any]) -> None:
        data = form_data if isinstance(form_data, dict) else {}
        self.search = str(data.get("search", "") or "").strip()[: staff_inbox.SEARCH_MAX]
        self.page = 0
        await self._show()

    @guarded(UserKind.STAFF, permission=StaffPermission.INBOX)
    async def turn_page(self, forward: bool) -> None:
        """One page on or back; the service clamps the page to the ones there are."""
        self.page += 1 if forward is True else -1
        await self._show()

    @guarded(UserKind.STAFF, permission=StaffPermission.INBOX)
    async def act(self, name: str, item_id: str) -> None:
        await self._step(name, item_id)
        await self._show()


class InboxItemState(InboxWorkState):
    """/staff/inbox/[item_id]: the referenced record, the item's buttons, a ticket reply."""

    _item_id: int | None = None
    status: str = LOADING
    item_id: str = ""
    kind: str = ""
    title: str = ""
    state: str = ""
    assignee: str = ""
    created: str = ""
    facts: list[FactView] = []
    lines: list[LineView] = []
    messages: list[MessageView] = []
    files: list[FileLink] = []
    link: str = ""
    can_reply: bool = False
    reply_text: str = ""
    reply_key: int = 0  # a new key re-mounts the reply box empty after a sent reply

    @guarded(UserKind.STAFF, permission=StaffPermission.INBOX)
    async def load(self) -> None:
        self.reset()
        self.notice, self.error = "", ""
        self._item_id = parse_record_id(self.router.page.params.get("item_id"))
        await self._show()

    async def _show(self) -> None:
        item_id, locale = self._item_id, self.locale
        if item_id is None:
            self.status = NOT_FOUND
            return
        try:
            detail = await self._in_session(
                lambda session, principal: inbox_detail.item_detail(
                    session, principal, item_id, locale
                )
            )
        except AccessDenied:
            self.status = NOT_FOUND
            return
        item = detail.item
        self.item_id, self.kind, self.title, self.state = (
            str(item.id),
            item.kind,
            item.title,
            item.state,
        )
        self.assignee = item.assignee
        self.created = format_timestamp(item.created_at, locale)
        self.facts = [
            FactView(label_key=f.label_key, value=f.value) for f in detail.facts if f.value
        ]
        self.lines = [
            LineView(
                article=line.article,
                printer=line.printer,
                quantity=line.quantity,
                unit_price=line.unit_price,
                total=line.total,
            )
            for line in detail.lines
        ]
        self.messages = [
            MessageView(
                author=m.author,
                from_staff=m.from_staff,
                at=m.at,
                body=m.body,
                files=[FileLink(name=f.name, href=f.href) for f in m.files],
            )
            for m in detail.messages
        ]
        self.files = [FileLink(name=f.name, href=f.href) for f in detail.files]
        self.link, self.can_reply = detail.link, detail.can_reply
        self.status = FOUND

    @guarded(UserKind.STAFF, permission=StaffPermission.INBOX)
    async def act(self, name: str) -> None:
        if await self._step(name, self._item_id) is not None:
            await self._show()

    @guarded(UserKind.STAFF, permission=StaffPermission.INBOX)
    async def send_reply(self, form_data: dict[str, Any]) -> None:
        """Answer the ticket of this item (text only; files stay with the ticket pages)."""
        data = form_data if isinstance(form_data, dict) else {}
        self.reply_text = str(data.get("body", "") or "")[:REPLY_MAX]
        self.notice, self.error = "", ""
        item_id, body = self._item_id, self.reply_text
        data_dir, address = get_settings().data_dir, self._client_address()

        def work(session, principal):  # type: ignore[no-untyped-def]
            item = staff_inbox.get_item(session, principal, item_id or 0)
            if item.kind != InboxKind.TICKET:
                raise AccessDenied("error.not_found")
            tickets.reply(
                session,
                principal,
                item.ref_id,
                body=body,
                data_dir=data_dir,
                client_address=address,
            )

        try:
            await self._in_session(work)
        except tickets.TicketRefused as refused:
            self.error = t(next(iter(refused.errors.values())), self.locale)
            return
        except AccessDenied as denied:
            self.error = t(denied.message_key, self.locale)
            return
        self.reply_text = ""
        self.reply_key += 1
        await self._show()
        self.notice = t("inbox.detail.replied", self.locale)
