"""Saved grid views: what a user arranged in a grid, stored per user and grid, on any device.

A view is the whole arrangement (visible columns in order, widths, sort, filters, search, page
size, chosen partner locations, alarm). It is stored as JSON in `grid_preference` and read back
through :func:`sanitize_view`, which drops whatever the user may no longer use (a column whose
team permission was withdrawn, a location the user left, a filter that no longer parses), so
a stored view can never widen what a request may ask for: requests are still built and checked
by `grids.parse_request`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any, Literal

from sqlmodel import Session, select

from portal.models import GridPreference
from portal.models.clock import utcnow
from portal.services import grids
from portal.services.access import Principal

PAGE_SIZES = (25, 50, 100, 200)
MIN_WIDTH = 50
MAX_WIDTH = 800
MAX_SET_OPTIONS = grids.MAX_SET_VALUES
_PIXELS_PER_HEADER_CHARACTER = 8
_HEADER_PADDING = 56  # cell padding, sort icon, resize handle
_DATE_WIDTH = 125


@dataclass(frozen=True)
class GridView:
    columns: tuple[str, ...]
    widths: Mapping[str, int] = field(default_factory=dict)
    sort: tuple[tuple[str, Literal["asc", "desc"]], ...] = ()
    filters: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    search: str = ""
    page_size: int = grids.DEFAULT_LIMIT
    partner_company_ids: tuple[int, ...] = ()
    alarm: bool = False

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["sort"] = [list(item) for item in self.sort]
        return data

    def raw_request(self, offset: int = 0) -> dict[str, Any]:
        """The browser-shaped request `grids.parse_request` validates."""
        return {
            "columns": list(self.columns),
            "sort": [{"colId": key, "sort": direction} for key, direction in self.sort],
            "filters": dict(self.filters),
            "search": self.search or None,
            "partner_company_ids": list(self.partner_company_ids),
            "alarm": self.alarm,
            "offset": offset,
            "limit": self.page_size,
        }

    def request(self, grid: str, principal: Principal, offset: int = 0) -> grids.GridRequest:
        return grids.parse_request(grid, principal, self.raw_request(offset))


def default_width(column: grids.Column) -> int:
    """The spec's width, widened so the (longer, German) header and a date fit unclipped."""
    header = _PIXELS_PER_HEADER_CHARACTER * len(column.label_de) + _HEADER_PADDING
    date_cell = _DATE_WIDTH if column.type == grids.ColumnType.DATE else 0
    return max(column.width, header, date_cell)


def default_view(grid: str, principal: Principal) -> GridView:
    columns = grids.visible_columns(grid, principal)
    return GridView(
        columns=tuple(c.key for c in columns if c.visible),
        widths={c.key: default_width(c) for c in columns},
    )


def clamp_width(width: object) -> int | None:
    if isinstance(width, bool) or not isinstance(width, int | float):
        return None
    return max(MIN_WIDTH, min(MAX_WIDTH, int(width)))


def sanitize_view(grid: str, principal: Principal, raw: object) -> GridView:
    """A usable view from stored or browser-sent JSON: unknown or forbidden parts are dropped,
    never an error, so a changed permission cannot lock a user out of his grid."""
    base = default_view(grid, principal)
    if not isinstance(raw, Mapping):
        return base
    columns_of_grid = grids.visible_columns(grid, principal)
    allowed = {c.key for c in columns_of_grid}
    sortable = {c.key for c in columns_of_grid if c.sortable}
    columns = raw.get("columns")
    chosen = (
        tuple(dict.fromkeys(k for k in columns if isinstance(k, str) and k in allowed))
        if isinstance(columns, list)
        else base.columns
    )
    widths = dict(base.widths)
    if isinstance(raw.get("widths"), Mapping):
        for key, width in raw["widths"].items():
            if key in allowed and (clamped := clamp_width(width)) is not None:
                widths[key] = clamped
    sort: list[tuple[str, Literal["asc", "desc"]]] = []
    raw_sort = raw.get("sort")
    for item in raw_sort if isinstance(raw_sort, list) else ():
        if (
            isinstance(item, list | tuple)
            and len(item) == 2
            and item[0] in sortable
            and item[1] in ("asc", "desc")
            and all(key != item[0] for key, _ in sort)
        ):
            sort.append((item[0], item[1]))
    page_size = raw.get("page_size")
    companies = raw.get("partner_company_ids")
    view = GridView(
        columns=chosen or base.columns,
        widths=widths,
        sort=tuple(sort),
        search=raw["search"][: grids.MAX_SEARCH_LENGTH]
        if isinstance(raw.get("search"), str)
        else "",
        page_size=page_size if page_size in PAGE_SIZES else base.page_size,
        partner_company_ids=tuple(
            sorted(c for c in companies if type(c) is int and c in principal.partner_company_ids)
        )
        if isinstance(companies, list)
        else (),
        alarm=raw.get("alarm") is True and grids.get_grid(grid).alarm_column is not None,
    )
    filters = raw.get("filters")
    if isinstance(filters, Mapping):
        kept = {}
        for key, model in filters.items():
            if key in allowed and _filter_parses(grid, principal, view, key, model):
                kept[key] = model
        view = replace(view, filters=kept)
    return view


def _filter_parses(
    grid: str, principal: Principal, view: GridView, key: str, model: object
) -> bool:
    try:
        replace(view, filters={key: model}, sort=()).request(grid, principal)  # type: ignore[dict-item]
    except grids.GridError:
        return False
    return True


def load_view(session: Session, principal: Principal, grid: str) -> GridView:
    row = _stored(session, principal, grid)
    return sanitize_view(grid, principal, row.view if row else None)


def save_view(session: Session, principal: Principal, grid: str, view: GridView) -> None:
    """Store the view for the account the principal stands for (upsert on user + grid)."""
    grids.get_grid(grid)  # unknown grids are refused before anything is written
    row = _stored(session, principal, grid) or GridPreference(
        user_id=principal.user_id, grid_key=grid
    )
    row.view = view.as_json()
    row.updated_at = utcnow()
    session.add(row)


def reset_view(session: Session, principal: Principal, grid: str) -> GridView:
    row = _stored(session, principal, grid)
    if row is not None:
        session.delete(row)
    return default_view(grid, principal)


def _stored(session: Session, principal: Principal, grid: str) -> GridPreference | None:
    return session.exec(
        select(GridPreference).where(
            GridPreference.user_id == principal.user_id, GridPreference.grid_key == grid
        )
    ).first()


# --------------------------------------------------------------------------- the filter form


def field_name(key: str, part: str) -> str:
    """Name of a filter form input: one column, one part (text, from, to, bool, or a value)."""
    return f"f.{key}.{part}"


def filters_from_form(
    grid: str, principal: Principal, form: Mapping[str, object]
) -> dict[str, dict[str, Any]]:
    """The filter models of the filter form; empty inputs mean "no filter on this column".

    The result is still raw: `GridView.request` validates it like anything from the browser.
    """

    def value(key: str, part: str) -> str:
        raw = form.get(field_name(key, part))
        return raw.strip() if isinstance(raw, str) else ""

    filters: dict[str, dict[str, Any]] = {}
    for column in grids.visible_columns(grid, principal):
        key = column.key
        match column.filter:
            case grids.FilterKind.TEXT if value(key, "text"):
                filters[key] = {"filterType": "text", "filter": value(key, "text")}
            case grids.FilterKind.SET:
                prefix = field_name(key, "v:")
                chosen = sorted(
                    name.removeprefix(prefix)
                    for name, checked in form.items()
                    if name.startswith(prefix) and checked not in (None, "", False)
                )
                if chosen:
                    filters[key] = {"filterType": "set", "values": chosen}
            case grids.FilterKind.DATE_RANGE if value(key, "from") or value(key, "to"):
                filters[key] = {
                    "filterType": "date",
                    "dateFrom": value(key, "from") or None,
                    "dateTo": value(key, "to") or None,
                }
            case grids.FilterKind.NUMBER_RANGE if value(key, "from") or value(key, "to"):
                filters[key] = {
                    "filterType": "number",
                    "filter": value(key, "from").replace(",", ".") or None,
                    "filterTo": value(key, "to").replace(",", ".") or None,
                }
            case grids.FilterKind.BOOL if value(key, "bool") in ("true", "false"):
                filters[key] = {"filterType": "bool", "value": value(key, "bool") == "true"}
    return filters


def set_options(
    session: Session, grid: str, principal: Principal, key: str, today: date
) -> list[str]:
    """The values a set filter offers: the column's fixed values, or the distinct values the
    principal can see (e.g. the lines of business of his own contracts)."""
    column = {c.key: c for c in grids.visible_columns(grid, principal)}[key]
    if column.values:
        return list(column.values)
    request = grids.GridRequest(grid=grid, columns=(key,), limit=1)
    rows = grids.grid_query(grid, principal, request, today).order_by(None).subquery()
    query = select(rows.c[key]).where(rows.c[key].is_not(None)).distinct()
    values = session.connection().execute(query.limit(MAX_SET_OPTIONS + 1)).scalars().all()
    return sorted(str(v) for v in values if v != "")[:MAX_SET_OPTIONS]
