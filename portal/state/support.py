"""States of tickets, claims, the postbox and the profile.

Thin: ids from the URL are parsed here and every decision is made again by the services on
each call; the record a page works on stays in a backend var.

A ticket, reply or claim with its files is one native multipart POST to an authenticated route
(`portal.api.attachment_routes`). Before that, the submit handler checks the text fields here
(a field error shows at once, the chosen files stay chosen) and keeps what was typed in the
state; only then the page posts the form. If the route refuses a file it redirects back with a
message key, and `load` shows that message with the kept text instead of an empty form.
"""

from datetime import date
from typing import Any, TypedDict

import reflex as rx

from portal.i18n import format_day, format_timestamp, known_message, t
from portal.models.enums import UserKind
from portal.services import attachments, claims, postbox, profile, tickets
from portal.services.access import AccessDenied
from portal.services.attachments import AttachmentRow
from portal.services.auth import hash_token
from portal.services.ids import parse_record_id
from portal.state.guard import ALL_AUDIENCES, guarded
from portal.state.middleware import session_token
from portal.state.session import SessionState

TICKET_FORM, REPLY_FORM, CLAIM_FORM = "ticket-form", "reply-form", "claim-form"
TICKET_FILES, REPLY_FILES, CLAIM_FILES = "ticket-files", "reply-files", "claim-files"
LOADING, FOUND, NOT_FOUND = "loading", "found", "not_found"
# Messages a route may send back in the URL (anything else there is ignored).
_ROUTE_ERRORS = ("support.error.", "upload.error.")


class FileLink(TypedDict):
    name: str
    href: str


class MessageView(TypedDict):
    author: str
    from_staff: bool
    at: str
    body: str
    files: list[FileLink]


class ClaimView(TypedDict):
    date: str
    contract: str
    customer: str
    reporter: str
    place: str
    description: str
    status: str
    files: list[FileLink]


class PostboxView(TypedDict):
    kind: str
    id: str
    title: str
    sender: str
    at: str
    incoming: bool
    unread: bool
    href: str


def _post(form_id: str) -> rx.event.EventSpec:
    """Post the page's form natively (`submit()` fires no submit event, so no loop)."""
    return rx.call_script(f"document.getElementById('{form_id}').submit()")


def _files(rows: tuple[AttachmentRow, ...]) -> list[FileLink]:
    return [FileLink(name=f.file_name, href=attachments.download_url(f.id)) for f in rows]


def _form(form_data: Any, names: tuple[str, ...]) -> dict[str, str]:
    """Only the expected fields, as bounded text (the browser may send anything)."""
    data = form_data if isinstance(form_data, dict) else {}
    return {name: str(data.get(name, "") or "")[:20_000] for name in names}


# --------------------------------------------------------------------------- tickets


class TicketsState(SessionState):
    """/customer/tickets"""

    rows: list[dict[str, str]] = []

    @guarded(UserKind.CUSTOMER)
    async def load(self) -> None:
        found = await self._in_session(tickets.list_tickets)
        locale = self.locale
        self.rows = [
            {
                "href": tickets.ticket_path(r.id),
                "subject": r.subject,
                "status": r.status,
                "customer": r.customer_name,
                "creator": r.creator_name,
                "updated": format_timestamp(r.updated_at, locale),
            }
            for r in found
        ]


class NewTicketState(SessionState):
    """/customer/tickets/new"""

    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    summary: str = ""
    form_key: int = 0  # a new key re-mounts the form with the kept values

    @guarded(UserKind.CUSTOMER)
    def load(self) -> None:
        error = known_message(self.router.page.params.get("error"), _ROUTE_ERRORS)
        kept, key = self.values, self.form_key
        self.reset()
        self.form_key = key + 1
        if error:  # the route refused: the text typed before the post is still here
            self.values = kept
            self.errors = {"files": t(error, self.locale)}
            self.summary = t("support.check_fields", self.locale)

    @guarded(UserKind.CUSTOMER)
    def submit(self, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        """Check the text, keep it, then let the page post the form with its files."""
        self.values = _form(form_data, ("subject", "body"))
        self.errors, self.summary = {}, ""
        try:
            tickets.ticket_fields(self.values["subject"], self.values["body"])
        except tickets.TicketRefused as refused:
            self.errors = {k: t(v, self.locale) for k, v in refused.errors.items()}
            self.summary = t("support.check_fields", self.locale)
            return None
        return _post(TICKET_FORM)


class TicketDetailState(SessionState):
    """/customer/tickets/[ticket_id]; a ticket out of scope shows the 404 page."""

    _ticket_id: int | None = None
    status: str = LOADING
    subject: str = ""
    ticket_status: str = ""
    meta: str = ""
    messages: list[MessageView] = []
    reply_text: str = ""
    reply_error: str = ""
    reply_key: int = 0  # a new key re-mounts the reply box with the text of this load
    reply_url: str = ""

    @guarded(UserKind.CUSTOMER)
    async def load(self) -> None:
        params = self.router.page.params
        error = known_message(params.get("error"), _ROUTE_ERRORS)
        kept, key = self.reply_text, self.reply_key
        self.reset()
        self.reply_key = key + 1
        self._ticket_id = parse_record_id(params.get("ticket_id"))
        await self._show()
        if error:  # the route refused: the reply typed before the post is still here
            self.reply_text, self.reply_error = kept, t(error, self.locale)

    async def _show(self) -> None:
        ticket_id = self._ticket_id
        if ticket_id is None:
            self.status = NOT_FOUND
            return

        def work(session, principal):  # type: ignore[no-untyped-def]
            detail = tickets.ticket_detail(session, principal, ticket_id)
            postbox.mark_ticket_read(session, principal, ticket_id)
            return detail

        try:
            detail = await self._in_session(work)
        except AccessDenied:
            self.status = NOT_FOUND
            return
        locale = self.locale
        self.subject = detail.ticket.subject
        self.ticket_status = detail.ticket.status
        self.meta = f"{detail.ticket.customer_name} · {detail.ticket.creator_name}"
        self.messages = [
            MessageView(
                author=t("support.ticket.from_staff", locale) + f" ({m.author_name})"
                if m.from_staff
                else m.author_name,
                from_staff=m.from_staff,
                at=format_timestamp(m.created_at, locale),
                body=m.body,
                files=_files(m.files),
            )
            for m in detail.messages
        ]
        self.reply_url = attachments.REPLY_UPLOAD_ROUTE.format(ticket_id=ticket_id)
        self.status = FOUND

    def _ticket(self) -> int:
        if self._ticket_id is None:
            raise AccessDenied("error.not_found")
        return self._ticket_id

    @guarded(UserKind.CUSTOMER)
    def send_reply(self, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        """Check the text, keep it, then let the page post the form with its files."""
        self._ticket()
        self.reply_text = _form(form_data, ("body",))["body"]
        self.reply_error = ""
        try:
            tickets.reply_body(self.reply_text)
        except tickets.TicketRefused as refused:
            self.reply_error = t(refused.message_key, self.locale)
            return None
        return _post(REPLY_FORM)

    @guarded(UserKind.CUSTOMER)
    async def set_closed(self, closed: bool) -> None:
        ticket_id, address = self._ticket(), self._client_address()
        await self._in_session(
            lambda session, principal: tickets.set_closed(
                session, principal, ticket_id, bool(closed), client_address=address
            )
        )
        await self._show()


# --------------------------------------------------------------------------- claims


class ClaimsState(SessionState):
    """/customer/claims"""

    rows: list[ClaimView] = []

    @guarded(UserKind.CUSTOMER)
    async def load(self) -> None:
        found = await self._in_session(claims.list_claims)
        locale = self.locale
        self.rows = [
            ClaimView(
                date=format_day(c.claim_date, locale),
                contract=c.contract_number,
                customer=c.customer_name,
                reporter=c.reporter_name,
                place=c.place,
                description=c.description,
                status=c.status,
                files=_files(c.files),
            )
            for c in found
        ]


class NewClaimState(SessionState):
    """/customer/claims/new"""

    contracts: list[dict[str, str]] = []
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    summary: str = ""
    form_key: int = 0  # re-mounts the form when the place is filled from the risk address

    @guarded(UserKind.CUSTOMER)
    async def load(self) -> None:
        error = known_message(self.router.page.params.get("error"), _ROUTE_ERRORS)
        kept, key = self.values, self.form_key
        self.reset()
        self.form_key = key + 1
        found = await self._in_session(claims.claim_contracts)
        self.contracts = [
            {"id": str(c.id), "name": c.label, "risk_address": c.risk_address} for c in found
        ]
        self.values = {"claim_date": date.today().isoformat()}
        if error:  # the route refused: what was typed before the post is still here
            self.values = kept
            self.errors = {"files": t(error, self.locale)}
            self.summary = t("support.check_fields", self.locale)

    @rx.var
    def risk_address(self) -> str:
        """The risk address offered for the chosen contract (building and household lines)."""
        chosen = self.values.get("contract", "")
        return next((c["risk_address"] for c in self.contracts if c["id"] == chosen), "")

    @guarded(UserKind.CUSTOMER)
    def choose_contract(self, contract_id: str) -> None:
        self.values = {**self.values, "contract": str(contract_id)[:12]}

    @guarded(UserKind.CUSTOMER)
    def use_risk_address(self, form_data: dict[str, Any]) -> None:
        """Keep what is typed and put the risk address into the place field."""
        typed = _form(form_data, ("claim_date", "place", "description"))
        self.values = {**self.values, **typed, "place": self.risk_address}
        self.form_key += 1

    @guarded(UserKind.CUSTOMER)
    async def submit(self, form_data: dict[str, Any]):  # type: ignore[no-untyped-def]
        """Check the fields (the contract in the caller's scope), keep them, then let the page
        post the form with its files."""
        typed = _form(form_data, ("claim_date", "place", "description"))
        self.values = {**self.values, **typed}
        values, today = self.values, date.today()
        self.errors, self.summary = {}, ""
        try:
            await self._in_session(
                lambda session, principal: claims.claim_fields(
                    session,
                    principal,
                    subscription_id=parse_record_id(values.get("contract")),
                    claim_date=values["claim_date"],
                    place=values["place"],
                    description=values["description"],
                    today=today,
                )
            )
        except claims.ClaimRefused as refused:
            self.errors = {k: t(v, self.locale) for k, v in refused.errors.items()}
            self.summary = t("support.check_fields", self.locale)
            return None
        return _post(CLAIM_FORM)


# --------------------------------------------------------------------------- postbox


class PostboxState(SessionState):
    """/customer/postbox"""

    folder: str = postbox.Folder.INBOX.value
    items: list[PostboxView] = []
    unread: int = 0

    async def _show(self) -> None:
        folder = postbox.Folder(self.folder)

        def work(session, principal):  # type: ignore[no-untyped-def]
            return (
                postbox.folder_items(session, principal, folder),
                postbox.unread_count(session, principal),
            )

        found, self.unread = await self._in_session(work)
        locale = self.locale
        self.items = [
            PostboxView(
                kind=i.kind.value,
                id=str(i.id),
                title=i.title,
                sender=i.sender,
                at=format_timestamp(i.at, locale),
                incoming=i.incoming,
                unread=i.unread,
                href=tickets.ticket_path(i.ticket_id) if i.ticket_id else "",
            )
            for i in found
        ]

    @guarded(UserKind.CUSTOMER)
    async def load(self) -> None:
        await self._show()

    @guarded(UserKind.CUSTOMER)
    async def choose_folder(self, folder: str) -> None:
        if folder in {f.value for f in postbox.Folder}:
            self.folder = folder
        await self._show()

    @guarded(UserKind.CUSTOMER)
    async def mark_read(self, kind: str, item_id: str) -> None:
        record_id = parse_record_id(item_id)
        if record_id is None:
            raise AccessDenied("error.not_found")
        await self._in_session(
            lambda session, principal: postbox.mark_read(session, principal, str(kind), record_id)
        )
        await self._show()


# --------------------------------------------------------------------------- profile


class ProfileState(SessionState):
    """/profile: every audience."""

    password_errors: dict[str, str] = {}
    password_notice: str = ""
    password_key: int = 0
    notify: dict[str, bool] = {}
    notify_notice: str = ""
    notify_error: str = ""

    @guarded(*ALL_AUDIENCES)
    async def load(self) -> None:
        self.reset()
        chosen = await self._in_session(profile.preferences)
        self.notify = {name: getattr(chosen, name) for name in profile.NOTIFICATION_FIELDS}

    @guarded(*ALL_AUDIENCES)
    async def change_password(self, form_data: dict[str, Any]) -> None:
        typed = _form(form_data, ("current", "new", "repeat"))
        token = session_token(self.router.headers.cookie)
        keep = hash_token(token) if token else None
        address = self._client_address()
        self.password_notice = ""
        try:
            errors = await self._in_session(
                lambda session, principal: profile.change_password(
                    session,
                    principal,
                    current=typed["current"],
                    new=typed["new"],
                    repeat=typed["repeat"],
                    keep_session_hash=keep,
                    client_address=address,
                )
            )
        except AccessDenied as denied:
            errors = {"current": denied.message_key}
        self.password_errors = {k: t(v, self.locale) for k, v in errors.items()}
        if not errors:
            self.password_notice = t("profile.password.changed", self.locale)
            self.password_key += 1  # empty fields: a password is never kept in the page

    @guarded(*ALL_AUDIENCES)
    async def save_notifications(self, form_data: dict[str, Any]) -> None:
        data = form_data if isinstance(form_data, dict) else {}
        chosen = profile.Preferences(
            *(bool(data.get(name)) for name in profile.NOTIFICATION_FIELDS)
        )
        self.notify_notice = self.notify_error = ""
        try:
            await self._in_session(
                lambda session, principal: profile.set_preferences(session, principal, chosen)
            )
        except AccessDenied as denied:
            self.notify_error = t(denied.message_key, self.locale)
            return
        self.notify = {name: getattr(chosen, name) for name in profile.NOTIFICATION_FIELDS}
        self.notify_notice = t("profile.notify.saved", self.locale)
