"""The state of one data grid: the visible page, the user's view, the export's progress.

`GridMixin` is shared by every grid of Portal; a grid state names its grid and mixes it into a
`SessionState`. Only the current page of formatted cells is sent to the browser, never a data
frame and never a column the principal may not see. Every change (sort, drag, filter, search,
page, location, alarm) goes through `_change`: the new view is validated by
`grids.parse_request` before it is stored, so nothing the browser sends reaches SQL unchecked,
and a refused change leaves the current view, its rows and whatever the user typed untouched.

The handlers admit partners and staff; which of them may use a given grid (and with which staff
permission) is the grid spec's `audiences`/`permission`, enforced by `grids.visible_columns` on
every request, so a partner can never page a staff grid.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, ClassVar

import reflex as rx
from sqlmodel import Session, select

from portal.db import session_scope
from portal.i18n import format_number, t
from portal.models import PartnerCompany
from portal.models.enums import UserKind
from portal.services import grid_export, grid_format, grid_views, grids
from portal.services.access import AccessDenied, Principal
from portal.services.export import ExportTooLarge
from portal.services.grid_views import GridView
from portal.state.guard import guarded

log = logging.getLogger(__name__)
_RIGHT_ALIGNED = {grids.ColumnType.MONEY, grids.ColumnType.INT, grids.ColumnType.DECIMAL}
_PROGRESS_INTERVAL_S = 0.4


@dataclass
class FilterOption:
    value: str
    label: str
    checked: bool
    name: str


@dataclass
class FilterField:
    """One column in the filter dialog, with what is applied now (inputs start from it)."""

    key: str
    label: str
    kind: str
    text: str = ""
    low: str = ""
    high: str = ""
    flag: str = ""
    options: list[FilterOption] = field(default_factory=list)


@dataclass
class Page:
    """What one refresh shows: computed in a worker thread, then copied into the state."""

    rows: list[dict[str, Any]]
    total: int
    alarm_total: int


class GridMixin(rx.State, mixin=True):
    _grid: ClassVar[str] = ""
    #: Where a row opens; `{id}` is replaced by the row's id.
    _detail_path: ClassVar[str] = ""

    _view: GridView | None = None
    _set_options: dict[str, list[str]] = {}

    rows: list[dict[str, Any]] = []
    column_defs: list[dict[str, Any]] = []
    column_choices: list[dict[str, Any]] = []
    filter_fields: list[FilterField] = []
    active_filters: list[dict[str, str]] = []
    locations: list[dict[str, Any]] = []
    search: str = ""
    offset: int = 0
    page_size: int = grids.DEFAULT_LIMIT
    total: int = 0
    alarm: bool = False
    alarm_total: int = 0
    has_alarm: bool = False
    error: str = ""
    loaded: bool = False
    #: Counts the pages shown; lets tests (and screen readers' live regions) see an answer.
    revision: int = 0
    filters_open: bool = False
    #: Ids of the checked rows of the current page (grids with row selection); bulk actions
    #: re-check every id in their service.
    selected_ids: list[int] = []

    can_export: bool = False
    export_running: bool = False
    export_done: int = 0
    export_total: int = 0
    export_message: str = ""
    export_url: str = ""

    # ------------------------------------------------------------------ what the page shows

    @rx.var
    def range_text(self) -> str:
        if self.total == 0:
            return ""
        last = min(self.offset + self.page_size, self.total)
        return (
            t("grid.rows", self.locale)  # type: ignore[attr-defined]
            .replace("{first}", format_number(self.offset + 1, self.locale))  # type: ignore[attr-defined]
            .replace("{last}", format_number(last, self.locale))  # type: ignore[attr-defined]
            .replace("{total}", format_number(self.total, self.locale))  # type: ignore[attr-defined]
        )

    @rx.var
    def alarm_label(self) -> str:
        count = format_number(self.alarm_total, self.locale)  # type: ignore[attr-defined]
        return f"{t('grid.alarm', self.locale)} ({count})"  # type: ignore[attr-defined]

    @rx.var
    def export_percent(self) -> int:
        return int(100 * self.export_done / self.export_total) if self.export_total else 0

    @rx.var
    def export_progress_text(self) -> str:
        return t(
            "grid.export_running",
            self.locale,  # type: ignore[attr-defined]
            done=format_number(self.export_done, self.locale),  # type: ignore[attr-defined]
            total=format_number(self.export_total, self.locale),  # type: ignore[attr-defined]
        )

    @rx.var
    def has_previous(self) -> bool:
        return self.offset > 0

    @rx.var
    def has_next(self) -> bool:
        return self.offset + self.page_size < self.total

    # ------------------------------------------------------------------ handlers

    @guarded(UserKind.PARTNER, UserKind.STAFF)
    async def load(self) -> None:
        def read(session: Session, principal: Principal) -> tuple[GridView, dict, list]:
            view = grid_views.load_view(session, principal, self._grid)
            options = {
                c.key: grid_views.set_options(session, self._grid, principal, c.key, date.today())
                for c in grids.visible_columns(self._grid, principal)
                if c.filter == grids.FilterKind.SET
            }
            return view, options, _locations(session, principal)

        try:
            view, self._set_options, locations = await self._in_session(read)  # type: ignore[attr-defined]
        except AccessDenied as denied:  # a grid of another audience or permission
            return await self._refuse(denied.message_key)
        self.locations = locations
        self.can_export = grid_export.can_export(self._require_principal(), self._grid)  # type: ignore[attr-defined]
        self.has_alarm = grids.get_grid(self._grid).alarm_column is not None
        self.search = view.search
        await self._change(view, 0, save=False)
        self.loaded = True

    @guarded(UserKind.PARTNER, UserKind.STAFF)
    async def columns_changed(self, columns: list[dict[str, Any]]) -> None:
        """Header sort, drag or resize: AG Grid's column state (order, widths, sort)."""
        view = self._current()
        if not isinstance(columns, list) or len(columns) > 100:
            return await self._refuse("grid.error.invalid_request")
        items = [c for c in columns if isinstance(c, dict) and isinstance(c.get("colId"), str)]
        order = tuple(c["colId"] for c in items)
        widths = {**view.widths}
        for item in items:
            width = grid_views.clamp_width(item.get("width"))
            if width is not None:
                widths[item["colId"]] = width
        sorted_items = sorted(
            (c for c in items if c.get("sort") in ("asc", "desc")),
            key=lambda c: c.get("sortIndex") if isinstance(c.get("sortIndex"), int) else 0,
        )
        sort = tuple((c["colId"], c["sort"]) for c in sorted_items)
        # The alarm reason is not a column of the view; the alarm adds it in front.
        columns_of_view = tuple(k for k in order if k != grids.ALARM_REASON)
        new = replace(view, columns=columns_of_view or view.columns, widths=widths, sort=sort)
        await self._change(new, 0 if sort != view.sort else self.offset)

    @guarded(UserKind.PARTNER, UserKind.STAFF)
    async def toggle_column(self, key: str, visible: bool) -> None:
        view = self._current()
        if not isinstance(key, str) or not isinstance(visible, bool):
            return await self._refuse("grid.error.invalid_request")
        columns = tuple(k for k in view.columns if k != key)
        if visible:
            columns = (*columns, key)
        if not columns:
            return  # at least one column stays
        sort = tuple(s for s in view.sort if s[0] in columns)
        await self._change(replace(view, columns=columns, sort=sort), self.offset)

    @guarded(UserKind.PARTNER, UserKind.STAFF)
    async def set_search(self, text: str) -> None:
        if not isinstance(text, str):
            return await self._refuse("grid.error.invalid_request")
        self.search = text
        await self._change(replace(self._current(), search=text.strip()), 0)

    @guarded(UserKind.PARTNER, UserKind.STAFF)
    async def apply_filters(self, form: dict[str, Any]) -> None:
        if not isinstance(form, dict):
            return await self._refuse("grid.error.invalid_request")
        principal = self._require_principal()  # type: ignore[attr-defined]
        filters = grid_views.filters_from_form(self._grid, principal, form)
        if await self._change(replace(self._current(), filters=filters), 0):
            self.filters_open = False

    @guarded(UserKind.PARTNER, UserKind.STAFF)
    async def remove_filter(self, key: str) -> None:
        view = self._current()
        filters = {k: v for k, v in view.filters.items() if k != key}
        await self._change(replace(view, filters=filters), 0)

    @guarded(UserKind.PARTNER, UserKind.STAFF)
    async def clear_filters(self) -> None:
        if await self._change(replace(self._current(), filters={}), 0):
            self.filters_open = False

    @guarded(UserKind.PARTNER, UserKind.STAFF)
    def set_filters_open(self, open_: bool) -> None:
        self.filters_open = open_ is True

    @guarded(UserKind.PARTNER, UserKind.STAFF)
    async def toggle_alarm(self) -> None:
        view = self._current()
        # The alarm reason can only be sorted while the alarm is on.
        sort = tuple(s for s in view.sort if s[0] != grids.ALARM_REASON)
        await self._change(replace(view, alarm=not view.alarm, sort=sort), 0)

    @guarded(UserKind.PARTNER, UserKind.STAFF)
    async def toggle_location(self, company_id: int, checked: bool) -> None:
        if type(company_id) is not int or not isinstance(checked, bool):
            return await self._refuse("grid.error.invalid_request")
        view = self._current()
        chosen = set(view.partner_company_ids) - {company_id}
        if checked:
            chosen.add(company_id)
        await self._change(replace(view, partner_company_ids=tuple(sorted(chosen))), 0)

    @guarded(UserKind.PARTNER, UserKind.STAFF)
    async def set_page_size(self, size: str) -> None:
        if not (isinstance(size, str) and size.isdigit() and int(size) in grid_views.PAGE_SIZES):
            return await self._refuse("grid.error.invalid_request")
        await self._change(replace(self._current(), page_size=int(size)), 0)

    @guarded(UserKind.PARTNER, UserKind.STAFF)
    async def next_page(self) -> None:
        if self.offset + self.page_size < self.total:
            await self._change(self._current(), self.offset + self.page_size, save=False)

    @guarded(UserKind.PARTNER, UserKind.STAFF)
    async def previous_page(self) -> None:
        await self._change(self._current(), max(0, self.offset - self.page_size), save=False)

    @guarded(UserKind.PARTNER, UserKind.STAFF)
    async def reset_view(self) -> None:
        view = await self._in_session(  # type: ignore[attr-defined]
            lambda session, principal: grid_views.reset_view(session, principal, self._grid)
        )
        self.search = view.search
        await self._change(view, 0, save=False)

    @guarded(UserKind.PARTNER, UserKind.STAFF)
    def select_rows(self, ids: list[int]) -> None:
        """AG Grid's checked rows; only ids of the page shown are kept."""
        if not isinstance(ids, list) or len(ids) > grids.MAX_LIMIT:
            self.selected_ids = []
            return
        shown = {row["id"] for row in self.rows}
        self.selected_ids = [i for i in ids if type(i) is int and i in shown]

    @guarded(UserKind.PARTNER, UserKind.STAFF)
    def open_row(self, row_id: int) -> rx.event.EventSpec | None:
        """The detail page checks the id against the caller's scope again (404 otherwise)."""
        if type(row_id) is not int or row_id <= 0:
            return None
        return rx.redirect(self._detail_path.format(id=row_id))

    @guarded(UserKind.PARTNER, UserKind.STAFF, background=True)
    async def start_export(self):  # type: ignore[no-untyped-def]
        async with self:
            if self.export_running:
                return rx.toast.info(t("grid.export_busy", self.locale))  # type: ignore[attr-defined]
            principal = self._require_principal()  # type: ignore[attr-defined]
            if not grid_export.can_export(principal, self._grid):
                return rx.toast.error(t("error.forbidden", self.locale))  # type: ignore[attr-defined]
            view = self._current()
            address = self._client_address()  # type: ignore[attr-defined]
            self.export_running, self.export_done, self.export_total = True, 0, 0
            self.export_message, self.export_url = "", ""
        progress = {"done": 0, "total": 0}

        def work() -> grid_export.ExportFile:
            today = date.today()
            with session_scope() as session:
                request = view.request(self._grid, principal)
                progress["total"] = grid_export.count_rows(
                    session, self._grid, principal, request, today
                )
                return grid_export.write_export(
                    session,
                    self._grid,
                    principal,
                    request,
                    today,
                    widths=dict(view.widths),
                    progress=lambda done: progress.update(done=done),
                    client_address=address,
                )

        task = asyncio.ensure_future(asyncio.to_thread(work))
        while not task.done():
            await asyncio.wait({task}, timeout=_PROGRESS_INTERVAL_S)
            async with self:
                self.export_total, self.export_done = progress["total"], progress["done"]
        async with self:
            self.export_running = False
            locale = self.locale  # type: ignore[attr-defined]
            try:
                result = task.result()
            except ExportTooLarge as error:
                self.export_message = t(
                    "grid.export_too_large",
                    locale,
                    rows=format_number(error.rows, locale),
                    max_rows=format_number(error.max_rows, locale),
                )
                return None
            except grids.GridError as error:
                self.export_message = t(error.message_key, locale)
                return None
            except Exception:
                log.exception("export of grid %s failed", self._grid)
                self.export_message = t("grid.export_failed", locale)
                return None
            self.export_done = self.export_total = result.rows
            self.export_message = t(
                "grid.export_ready", locale, rows=format_number(result.rows, locale)
            )
            self.export_url = f"/files/export/{result.token}"
            return rx.download(url=self.export_url, filename=result.filename)

    # ------------------------------------------------------------------ helpers

    def _current(self) -> GridView:
        if self._view is None:
            raise grids.GridError("grid.error.invalid_request", "not loaded")
        return self._view

    async def _refuse(self, message_key: str) -> None:
        self.error = t(message_key, self.locale)  # type: ignore[attr-defined]

    async def _change(self, view: GridView, offset: int, *, save: bool = True) -> bool:
        """Validate, fetch and (if asked) store a new view; on refusal keep the old one."""
        try:
            await self._show(view, offset, save=save)
        except (grids.GridError, AccessDenied) as error:
            await self._refuse(error.message_key)
            return False
        return True

    async def _show(self, view: GridView, offset: int, *, save: bool) -> None:
        grid = self._grid

        def fetch(session: Session, principal: Principal) -> Page:
            today = date.today()
            request = view.request(grid, principal, offset)
            page = grids.fetch_page(session, grid, principal, request, today)
            alarm_total = 0
            if grids.get_grid(grid).alarm_column is not None:
                alarm_view = replace(view, alarm=True, sort=(), page_size=1)
                alarm_request = alarm_view.request(grid, principal)
                alarm_total = grids.fetch_page(session, grid, principal, alarm_request, today).total
            if save:
                grid_views.save_view(session, principal, grid, view)
            columns = {c.key: c for c in grids.visible_columns(grid, principal, alarm=view.alarm)}
            rows = [
                {
                    "id": row["id"],
                    **{
                        key: grid_format.display(columns[key], row[key], principal.locale)
                        for key in request.columns
                    },
                }
                for row in page.rows
            ]
            return Page(rows=rows, total=page.total, alarm_total=alarm_total)

        page = await self._in_session(fetch)  # type: ignore[attr-defined]
        self._view = view
        self.offset = offset
        self.rows = page.rows
        self.selected_ids = []
        self.total = page.total
        self.alarm_total = page.alarm_total
        self.revision += 1
        self.error = ""
        self._describe(view)

    def _describe(self, view: GridView) -> None:
        """Column definitions, chooser, filter dialog and chips for the view."""
        principal = self._require_principal()  # type: ignore[attr-defined]
        locale = principal.locale
        grid = self._grid
        all_columns = grids.visible_columns(grid, principal, alarm=view.alarm)
        by_key = {c.key: c for c in all_columns}
        shown = ([grids.ALARM_REASON] if view.alarm else []) + list(view.columns)
        sort_index = {key: i for i, (key, _) in enumerate(view.sort)}
        sort_dir = dict(view.sort)
        self.column_defs = [
            {
                "field": key,
                "colId": key,
                "headerName": grid_format.header(by_key[key], locale),
                "width": view.widths.get(key) or grid_views.default_width(by_key[key]),
                "sortable": by_key[key].sortable,
                "sort": sort_dir.get(key),
                "sortIndex": sort_index.get(key),
                "type": "rightAligned" if by_key[key].type in _RIGHT_ALIGNED else None,
                "lockPosition": "left" if key == grids.ALARM_REASON else None,
            }
            for key in shown
            if key in by_key
        ]
        plain = grids.visible_columns(grid, principal)
        self.column_choices = [
            {"key": c.key, "label": grid_format.header(c, locale), "visible": c.key in view.columns}
            for c in plain
        ]
        self.filter_fields = [_filter_field(c, view, locale, self._set_options) for c in plain]
        self.filter_fields = [f for f in self.filter_fields if f.kind != grids.FilterKind.NONE]
        self.active_filters = [
            {"key": key, "text": _filter_text(by_key[key], model, locale)}
            for key, model in view.filters.items()
            if key in by_key
        ]
        self.page_size = view.page_size
        self.alarm = view.alarm
        self.locations = [
            {**location, "checked": location["id"] in view.partner_company_ids}
            for location in self.locations
        ]


def _locations(session: Session, principal: Principal) -> list[dict[str, Any]]:
    """The caller's partner locations, offered as a filter when there is more than one."""
    if len(principal.partner_company_ids) < 2:
        return []
    companies = session.exec(
        select(PartnerCompany)
        .where(PartnerCompany.id.in_(sorted(principal.partner_company_ids)))  # type: ignore[union-attr]
        .order_by(PartnerCompany.name)
    ).all()
    return [{"id": c.id, "name": c.name, "checked": False} for c in companies]


def _filter_field(
    column: grids.Column, view: GridView, locale: str, options: dict[str, list[str]]
) -> FilterField:
    model = view.filters.get(column.key, {})
    chosen = set(model.get("values", ()))
    low = model.get("dateFrom") or model.get("filter")
    high = model.get("dateTo") or model.get("filterTo")
    return FilterField(
        key=column.key,
        label=grid_format.header(column, locale),
        kind=column.filter.value,
        text=str(model.get("filter", "")) if column.filter == grids.FilterKind.TEXT else "",
        low="" if low is None or column.filter == grids.FilterKind.TEXT else str(low),
        high="" if high is None else str(high),
        flag="" if "value" not in model else ("true" if model["value"] else "false"),
        options=[
            FilterOption(
                value=value,
                label=grid_format.value_label(column, value, locale),
                checked=value in chosen,
                name=grid_views.field_name(column.key, f"v:{value}"),
            )
            for value in options.get(column.key, [])
        ],
    )


def _filter_text(column: grids.Column, model: dict[str, Any], locale: str) -> str:
    """A filter chip: "Status: Eigenvertrag, Angebot", "Ende: 01.01.2027 to 31.03.2027"."""
    label = grid_format.header(column, locale)
    match model.get("filterType"):
        case "set":
            values = [grid_format.value_label(column, v, locale) for v in model["values"]]
            return f"{label}: {', '.join(values)}"
        case "bool":
            return f"{label}: {t('grid.value.yes' if model['value'] else 'grid.value.no', locale)}"
        case "date" | "number":
            low = model.get("dateFrom") or model.get("filter")
            high = model.get("dateTo") or model.get("filterTo")
            if column.type == grids.ColumnType.DATE:
                low = grid_format.display(column, _day(low), locale) if low else ""
                high = grid_format.display(column, _day(high), locale) if high else ""
            return f"{label}: {low or '…'} – {high or '…'}"
        case _:
            return f"{label} {t('grid.filter_contains', locale)} „{model.get('filter', '')}“"


def _day(value: str) -> date | str:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return value
